# Empty dependencies file for fuzz_diff.
# This may be replaced when dependencies are built.
