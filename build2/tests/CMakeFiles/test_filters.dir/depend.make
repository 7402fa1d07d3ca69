# Empty dependencies file for test_filters.
# This may be replaced when dependencies are built.
