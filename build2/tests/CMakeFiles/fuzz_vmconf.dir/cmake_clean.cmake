file(REMOVE_RECURSE
  "CMakeFiles/fuzz_vmconf.dir/fuzz/fuzz_vmconf.c.o"
  "CMakeFiles/fuzz_vmconf.dir/fuzz/fuzz_vmconf.c.o.d"
  "CMakeFiles/fuzz_vmconf.dir/fuzz/pipeline.c.o"
  "CMakeFiles/fuzz_vmconf.dir/fuzz/pipeline.c.o.d"
  "CMakeFiles/fuzz_vmconf.dir/fuzz/replay.c.o"
  "CMakeFiles/fuzz_vmconf.dir/fuzz/replay.c.o.d"
  "fuzz_vmconf"
  "fuzz_vmconf.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/fuzz_vmconf.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
