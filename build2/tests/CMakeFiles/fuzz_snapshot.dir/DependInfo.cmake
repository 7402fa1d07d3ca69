
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/wt-19-verdicts/tests/fuzz/fuzz_snapshot.c" "tests/CMakeFiles/fuzz_snapshot.dir/fuzz/fuzz_snapshot.c.o" "gcc" "tests/CMakeFiles/fuzz_snapshot.dir/fuzz/fuzz_snapshot.c.o.d"
  "/work/wt-19-verdicts/tests/fuzz/pipeline.c" "tests/CMakeFiles/fuzz_snapshot.dir/fuzz/pipeline.c.o" "gcc" "tests/CMakeFiles/fuzz_snapshot.dir/fuzz/pipeline.c.o.d"
  "/work/wt-19-verdicts/tests/fuzz/replay.c" "tests/CMakeFiles/fuzz_snapshot.dir/fuzz/replay.c.o" "gcc" "tests/CMakeFiles/fuzz_snapshot.dir/fuzz/replay.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/wt-19-verdicts/build2/analyzer/CMakeFiles/iommuscope.dir/DependInfo.cmake"
  "/work/wt-19-verdicts/build2/common/CMakeFiles/isc_common.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
