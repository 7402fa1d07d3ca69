file(REMOVE_RECURSE
  "CMakeFiles/test_cmdline.dir/unit/test_cmdline.c.o"
  "CMakeFiles/test_cmdline.dir/unit/test_cmdline.c.o.d"
  "test_cmdline"
  "test_cmdline.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_cmdline.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
