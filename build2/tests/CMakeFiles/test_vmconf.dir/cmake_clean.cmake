file(REMOVE_RECURSE
  "CMakeFiles/test_vmconf.dir/unit/test_vmconf.c.o"
  "CMakeFiles/test_vmconf.dir/unit/test_vmconf.c.o.d"
  "test_vmconf"
  "test_vmconf.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_vmconf.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
