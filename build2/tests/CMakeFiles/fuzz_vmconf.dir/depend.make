# Empty dependencies file for fuzz_vmconf.
# This may be replaced when dependencies are built.
