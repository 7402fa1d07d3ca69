file(REMOVE_RECURSE
  "CMakeFiles/iommuscope-collect.dir/archive_out.c.o"
  "CMakeFiles/iommuscope-collect.dir/archive_out.c.o.d"
  "CMakeFiles/iommuscope-collect.dir/capture.c.o"
  "CMakeFiles/iommuscope-collect.dir/capture.c.o.d"
  "CMakeFiles/iommuscope-collect.dir/filters.c.o"
  "CMakeFiles/iommuscope-collect.dir/filters.c.o.d"
  "CMakeFiles/iommuscope-collect.dir/main.c.o"
  "CMakeFiles/iommuscope-collect.dir/main.c.o.d"
  "CMakeFiles/iommuscope-collect.dir/run_cmd.c.o"
  "CMakeFiles/iommuscope-collect.dir/run_cmd.c.o.d"
  "iommuscope-collect"
  "iommuscope-collect.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/iommuscope-collect.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
