file(REMOVE_RECURSE
  "CMakeFiles/fuzz_cmdline.dir/fuzz/fuzz_cmdline.c.o"
  "CMakeFiles/fuzz_cmdline.dir/fuzz/fuzz_cmdline.c.o.d"
  "CMakeFiles/fuzz_cmdline.dir/fuzz/pipeline.c.o"
  "CMakeFiles/fuzz_cmdline.dir/fuzz/pipeline.c.o.d"
  "CMakeFiles/fuzz_cmdline.dir/fuzz/replay.c.o"
  "CMakeFiles/fuzz_cmdline.dir/fuzz/replay.c.o.d"
  "fuzz_cmdline"
  "fuzz_cmdline.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/fuzz_cmdline.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
