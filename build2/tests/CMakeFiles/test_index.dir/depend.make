# Empty dependencies file for test_index.
# This may be replaced when dependencies are built.
