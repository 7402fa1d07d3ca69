file(REMOVE_RECURSE
  "CMakeFiles/test_cfgspace.dir/unit/test_cfgspace.c.o"
  "CMakeFiles/test_cfgspace.dir/unit/test_cfgspace.c.o.d"
  "test_cfgspace"
  "test_cfgspace.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_cfgspace.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
