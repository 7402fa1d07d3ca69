# Empty dependencies file for iommuscope.
# This may be replaced when dependencies are built.
