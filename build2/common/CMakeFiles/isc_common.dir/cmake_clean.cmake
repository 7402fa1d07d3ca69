file(REMOVE_RECURSE
  "CMakeFiles/isc_common.dir/atomic.c.o"
  "CMakeFiles/isc_common.dir/atomic.c.o.d"
  "CMakeFiles/isc_common.dir/buf.c.o"
  "CMakeFiles/isc_common.dir/buf.c.o.d"
  "CMakeFiles/isc_common.dir/hostfs.c.o"
  "CMakeFiles/isc_common.dir/hostfs.c.o.d"
  "CMakeFiles/isc_common.dir/pathres.c.o"
  "CMakeFiles/isc_common.dir/pathres.c.o.d"
  "libisc_common.a"
  "libisc_common.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/isc_common.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
