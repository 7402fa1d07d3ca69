# Empty dependencies file for test_vmconf.
# This may be replaced when dependencies are built.
