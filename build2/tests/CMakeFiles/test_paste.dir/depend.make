# Empty dependencies file for test_paste.
# This may be replaced when dependencies are built.
