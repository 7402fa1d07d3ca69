# Empty dependencies file for fuzz_cfgspace.
# This may be replaced when dependencies are built.
