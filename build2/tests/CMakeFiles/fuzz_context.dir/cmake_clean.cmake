file(REMOVE_RECURSE
  "CMakeFiles/fuzz_context.dir/fuzz/fuzz_context.c.o"
  "CMakeFiles/fuzz_context.dir/fuzz/fuzz_context.c.o.d"
  "CMakeFiles/fuzz_context.dir/fuzz/pipeline.c.o"
  "CMakeFiles/fuzz_context.dir/fuzz/pipeline.c.o.d"
  "CMakeFiles/fuzz_context.dir/fuzz/replay.c.o"
  "CMakeFiles/fuzz_context.dir/fuzz/replay.c.o.d"
  "fuzz_context"
  "fuzz_context.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/fuzz_context.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
