file(REMOVE_RECURSE
  "CMakeFiles/test_index.dir/unit/test_index.c.o"
  "CMakeFiles/test_index.dir/unit/test_index.c.o.d"
  "test_index"
  "test_index.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_index.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
