file(REMOVE_RECURSE
  "CMakeFiles/fuzz_cfgspace.dir/fuzz/fuzz_cfgspace.c.o"
  "CMakeFiles/fuzz_cfgspace.dir/fuzz/fuzz_cfgspace.c.o.d"
  "CMakeFiles/fuzz_cfgspace.dir/fuzz/pipeline.c.o"
  "CMakeFiles/fuzz_cfgspace.dir/fuzz/pipeline.c.o.d"
  "CMakeFiles/fuzz_cfgspace.dir/fuzz/replay.c.o"
  "CMakeFiles/fuzz_cfgspace.dir/fuzz/replay.c.o.d"
  "fuzz_cfgspace"
  "fuzz_cfgspace.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/fuzz_cfgspace.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
