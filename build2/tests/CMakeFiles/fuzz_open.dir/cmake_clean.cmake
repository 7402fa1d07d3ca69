file(REMOVE_RECURSE
  "CMakeFiles/fuzz_open.dir/fuzz/fuzz_open.c.o"
  "CMakeFiles/fuzz_open.dir/fuzz/fuzz_open.c.o.d"
  "CMakeFiles/fuzz_open.dir/fuzz/pipeline.c.o"
  "CMakeFiles/fuzz_open.dir/fuzz/pipeline.c.o.d"
  "CMakeFiles/fuzz_open.dir/fuzz/replay.c.o"
  "CMakeFiles/fuzz_open.dir/fuzz/replay.c.o.d"
  "fuzz_open"
  "fuzz_open.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/fuzz_open.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
