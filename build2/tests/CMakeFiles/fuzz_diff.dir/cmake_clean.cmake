file(REMOVE_RECURSE
  "CMakeFiles/fuzz_diff.dir/fuzz/fuzz_diff.c.o"
  "CMakeFiles/fuzz_diff.dir/fuzz/fuzz_diff.c.o.d"
  "CMakeFiles/fuzz_diff.dir/fuzz/pipeline.c.o"
  "CMakeFiles/fuzz_diff.dir/fuzz/pipeline.c.o.d"
  "CMakeFiles/fuzz_diff.dir/fuzz/replay.c.o"
  "CMakeFiles/fuzz_diff.dir/fuzz/replay.c.o.d"
  "fuzz_diff"
  "fuzz_diff.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/fuzz_diff.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
