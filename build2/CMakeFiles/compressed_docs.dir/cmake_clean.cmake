file(REMOVE_RECURSE
  "CMakeFiles/compressed_docs"
  "changelog.gz"
  "iommuscope-collect.1.gz"
  "iommuscope.1.gz"
)

# Per-language clean rules from dependency scanning.
foreach(lang )
  include(CMakeFiles/compressed_docs.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
