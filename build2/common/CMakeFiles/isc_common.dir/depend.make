# Empty dependencies file for isc_common.
# This may be replaced when dependencies are built.
