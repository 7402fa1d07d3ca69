# Empty dependencies file for test_pathres.
# This may be replaced when dependencies are built.
