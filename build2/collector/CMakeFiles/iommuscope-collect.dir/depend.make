# Empty dependencies file for iommuscope-collect.
# This may be replaced when dependencies are built.
