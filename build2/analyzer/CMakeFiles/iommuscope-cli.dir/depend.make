# Empty dependencies file for iommuscope-cli.
# This may be replaced when dependencies are built.
