file(REMOVE_RECURSE
  "CMakeFiles/test_pathres.dir/unit/test_pathres.c.o"
  "CMakeFiles/test_pathres.dir/unit/test_pathres.c.o.d"
  "test_pathres"
  "test_pathres.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_pathres.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
