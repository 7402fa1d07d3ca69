# Empty dependencies file for test_cmdline.
# This may be replaced when dependencies are built.
