
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/wt-19-verdicts/tests/unit/test_cmdline.c" "tests/CMakeFiles/test_cmdline.dir/unit/test_cmdline.c.o" "gcc" "tests/CMakeFiles/test_cmdline.dir/unit/test_cmdline.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/wt-19-verdicts/build2/analyzer/CMakeFiles/iommuscope.dir/DependInfo.cmake"
  "/work/wt-19-verdicts/build2/common/CMakeFiles/isc_common.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
