# Empty dependencies file for test_cfgspace.
# This may be replaced when dependencies are built.
