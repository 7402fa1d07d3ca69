# Empty dependencies file for fuzz_context.
# This may be replaced when dependencies are built.
