file(REMOVE_RECURSE
  "CMakeFiles/test_filters.dir/__/collector/filters.c.o"
  "CMakeFiles/test_filters.dir/__/collector/filters.c.o.d"
  "CMakeFiles/test_filters.dir/unit/test_filters.c.o"
  "CMakeFiles/test_filters.dir/unit/test_filters.c.o.d"
  "test_filters"
  "test_filters.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_filters.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
