file(REMOVE_RECURSE
  "CMakeFiles/test_paste.dir/unit/test_paste.c.o"
  "CMakeFiles/test_paste.dir/unit/test_paste.c.o.d"
  "test_paste"
  "test_paste.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/test_paste.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
