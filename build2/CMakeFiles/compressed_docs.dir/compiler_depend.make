# Empty custom commands generated dependencies file for compressed_docs.
# This may be replaced when dependencies are built.
