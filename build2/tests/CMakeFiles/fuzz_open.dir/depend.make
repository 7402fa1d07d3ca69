# Empty dependencies file for fuzz_open.
# This may be replaced when dependencies are built.
