
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/wt-19-verdicts/collector/archive_out.c" "collector/CMakeFiles/iommuscope-collect.dir/archive_out.c.o" "gcc" "collector/CMakeFiles/iommuscope-collect.dir/archive_out.c.o.d"
  "/work/wt-19-verdicts/collector/capture.c" "collector/CMakeFiles/iommuscope-collect.dir/capture.c.o" "gcc" "collector/CMakeFiles/iommuscope-collect.dir/capture.c.o.d"
  "/work/wt-19-verdicts/collector/filters.c" "collector/CMakeFiles/iommuscope-collect.dir/filters.c.o" "gcc" "collector/CMakeFiles/iommuscope-collect.dir/filters.c.o.d"
  "/work/wt-19-verdicts/collector/main.c" "collector/CMakeFiles/iommuscope-collect.dir/main.c.o" "gcc" "collector/CMakeFiles/iommuscope-collect.dir/main.c.o.d"
  "/work/wt-19-verdicts/collector/run_cmd.c" "collector/CMakeFiles/iommuscope-collect.dir/run_cmd.c.o" "gcc" "collector/CMakeFiles/iommuscope-collect.dir/run_cmd.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/wt-19-verdicts/build2/common/CMakeFiles/isc_common.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
