
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/wt-19-verdicts/common/atomic.c" "common/CMakeFiles/isc_common.dir/atomic.c.o" "gcc" "common/CMakeFiles/isc_common.dir/atomic.c.o.d"
  "/work/wt-19-verdicts/common/buf.c" "common/CMakeFiles/isc_common.dir/buf.c.o" "gcc" "common/CMakeFiles/isc_common.dir/buf.c.o.d"
  "/work/wt-19-verdicts/common/hostfs.c" "common/CMakeFiles/isc_common.dir/hostfs.c.o" "gcc" "common/CMakeFiles/isc_common.dir/hostfs.c.o.d"
  "/work/wt-19-verdicts/common/pathres.c" "common/CMakeFiles/isc_common.dir/pathres.c.o" "gcc" "common/CMakeFiles/isc_common.dir/pathres.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
