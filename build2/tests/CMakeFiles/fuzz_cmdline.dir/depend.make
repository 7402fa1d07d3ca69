# Empty dependencies file for fuzz_cmdline.
# This may be replaced when dependencies are built.
