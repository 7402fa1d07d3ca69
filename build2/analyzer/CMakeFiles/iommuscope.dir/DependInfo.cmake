
# Consider dependencies only in project.
set(CMAKE_DEPENDS_IN_PROJECT_ONLY OFF)

# The set of languages for which implicit dependencies are needed:
set(CMAKE_DEPENDS_LANGUAGES
  )

# The set of dependency files which are needed:
set(CMAKE_DEPENDS_DEPENDENCY_FILES
  "/work/wt-19-verdicts/analyzer/archive/index.c" "analyzer/CMakeFiles/iommuscope.dir/archive/index.c.o" "gcc" "analyzer/CMakeFiles/iommuscope.dir/archive/index.c.o.d"
  "/work/wt-19-verdicts/analyzer/archive/snapshot.c" "analyzer/CMakeFiles/iommuscope.dir/archive/snapshot.c.o" "gcc" "analyzer/CMakeFiles/iommuscope.dir/archive/snapshot.c.o.d"
  "/work/wt-19-verdicts/analyzer/diff/diff.c" "analyzer/CMakeFiles/iommuscope.dir/diff/diff.c.o" "gcc" "analyzer/CMakeFiles/iommuscope.dir/diff/diff.c.o.d"
  "/work/wt-19-verdicts/analyzer/fleet/fleet.c" "analyzer/CMakeFiles/iommuscope.dir/fleet/fleet.c.o" "gcc" "analyzer/CMakeFiles/iommuscope.dir/fleet/fleet.c.o.d"
  "/work/wt-19-verdicts/analyzer/model/facts.c" "analyzer/CMakeFiles/iommuscope.dir/model/facts.c.o" "gcc" "analyzer/CMakeFiles/iommuscope.dir/model/facts.c.o.d"
  "/work/wt-19-verdicts/analyzer/model/model.c" "analyzer/CMakeFiles/iommuscope.dir/model/model.c.o" "gcc" "analyzer/CMakeFiles/iommuscope.dir/model/model.c.o.d"
  "/work/wt-19-verdicts/analyzer/model/paste.c" "analyzer/CMakeFiles/iommuscope.dir/model/paste.c.o" "gcc" "analyzer/CMakeFiles/iommuscope.dir/model/paste.c.o.d"
  "/work/wt-19-verdicts/analyzer/parsers/bdf.c" "analyzer/CMakeFiles/iommuscope.dir/parsers/bdf.c.o" "gcc" "analyzer/CMakeFiles/iommuscope.dir/parsers/bdf.c.o.d"
  "/work/wt-19-verdicts/analyzer/parsers/bootstatus.c" "analyzer/CMakeFiles/iommuscope.dir/parsers/bootstatus.c.o" "gcc" "analyzer/CMakeFiles/iommuscope.dir/parsers/bootstatus.c.o.d"
  "/work/wt-19-verdicts/analyzer/parsers/cfgspace.c" "analyzer/CMakeFiles/iommuscope.dir/parsers/cfgspace.c.o" "gcc" "analyzer/CMakeFiles/iommuscope.dir/parsers/cfgspace.c.o.d"
  "/work/wt-19-verdicts/analyzer/parsers/cmdline.c" "analyzer/CMakeFiles/iommuscope.dir/parsers/cmdline.c.o" "gcc" "analyzer/CMakeFiles/iommuscope.dir/parsers/cmdline.c.o.d"
  "/work/wt-19-verdicts/analyzer/parsers/dmesg.c" "analyzer/CMakeFiles/iommuscope.dir/parsers/dmesg.c.o" "gcc" "analyzer/CMakeFiles/iommuscope.dir/parsers/dmesg.c.o.d"
  "/work/wt-19-verdicts/analyzer/parsers/facts.c" "analyzer/CMakeFiles/iommuscope.dir/parsers/facts.c.o" "gcc" "analyzer/CMakeFiles/iommuscope.dir/parsers/facts.c.o.d"
  "/work/wt-19-verdicts/analyzer/parsers/grub.c" "analyzer/CMakeFiles/iommuscope.dir/parsers/grub.c.o" "gcc" "analyzer/CMakeFiles/iommuscope.dir/parsers/grub.c.o.d"
  "/work/wt-19-verdicts/analyzer/parsers/kconfig.c" "analyzer/CMakeFiles/iommuscope.dir/parsers/kconfig.c.o" "gcc" "analyzer/CMakeFiles/iommuscope.dir/parsers/kconfig.c.o.d"
  "/work/wt-19-verdicts/analyzer/parsers/libvirt.c" "analyzer/CMakeFiles/iommuscope.dir/parsers/libvirt.c.o" "gcc" "analyzer/CMakeFiles/iommuscope.dir/parsers/libvirt.c.o.d"
  "/work/wt-19-verdicts/analyzer/parsers/lspci.c" "analyzer/CMakeFiles/iommuscope.dir/parsers/lspci.c.o" "gcc" "analyzer/CMakeFiles/iommuscope.dir/parsers/lspci.c.o.d"
  "/work/wt-19-verdicts/analyzer/parsers/manifest.c" "analyzer/CMakeFiles/iommuscope.dir/parsers/manifest.c.o" "gcc" "analyzer/CMakeFiles/iommuscope.dir/parsers/manifest.c.o.d"
  "/work/wt-19-verdicts/analyzer/parsers/modprobe.c" "analyzer/CMakeFiles/iommuscope.dir/parsers/modprobe.c.o" "gcc" "analyzer/CMakeFiles/iommuscope.dir/parsers/modprobe.c.o.d"
  "/work/wt-19-verdicts/analyzer/parsers/osrelease.c" "analyzer/CMakeFiles/iommuscope.dir/parsers/osrelease.c.o" "gcc" "analyzer/CMakeFiles/iommuscope.dir/parsers/osrelease.c.o.d"
  "/work/wt-19-verdicts/analyzer/parsers/pvemapping.c" "analyzer/CMakeFiles/iommuscope.dir/parsers/pvemapping.c.o" "gcc" "analyzer/CMakeFiles/iommuscope.dir/parsers/pvemapping.c.o.d"
  "/work/wt-19-verdicts/analyzer/parsers/reserved.c" "analyzer/CMakeFiles/iommuscope.dir/parsers/reserved.c.o" "gcc" "analyzer/CMakeFiles/iommuscope.dir/parsers/reserved.c.o.d"
  "/work/wt-19-verdicts/analyzer/parsers/vmconf.c" "analyzer/CMakeFiles/iommuscope.dir/parsers/vmconf.c.o" "gcc" "analyzer/CMakeFiles/iommuscope.dir/parsers/vmconf.c.o.d"
  "/work/wt-19-verdicts/analyzer/render/diff.c" "analyzer/CMakeFiles/iommuscope.dir/render/diff.c.o" "gcc" "analyzer/CMakeFiles/iommuscope.dir/render/diff.c.o.d"
  "/work/wt-19-verdicts/analyzer/render/fleet.c" "analyzer/CMakeFiles/iommuscope.dir/render/fleet.c.o" "gcc" "analyzer/CMakeFiles/iommuscope.dir/render/fleet.c.o.d"
  "/work/wt-19-verdicts/analyzer/render/groups.c" "analyzer/CMakeFiles/iommuscope.dir/render/groups.c.o" "gcc" "analyzer/CMakeFiles/iommuscope.dir/render/groups.c.o.d"
  "/work/wt-19-verdicts/analyzer/render/html.c" "analyzer/CMakeFiles/iommuscope.dir/render/html.c.o" "gcc" "analyzer/CMakeFiles/iommuscope.dir/render/html.c.o.d"
  "/work/wt-19-verdicts/analyzer/render/json.c" "analyzer/CMakeFiles/iommuscope.dir/render/json.c.o" "gcc" "analyzer/CMakeFiles/iommuscope.dir/render/json.c.o.d"
  "/work/wt-19-verdicts/analyzer/render/md.c" "analyzer/CMakeFiles/iommuscope.dir/render/md.c.o" "gcc" "analyzer/CMakeFiles/iommuscope.dir/render/md.c.o.d"
  "/work/wt-19-verdicts/analyzer/render/render.c" "analyzer/CMakeFiles/iommuscope.dir/render/render.c.o" "gcc" "analyzer/CMakeFiles/iommuscope.dir/render/render.c.o.d"
  "/work/wt-19-verdicts/analyzer/render/report_text.c" "analyzer/CMakeFiles/iommuscope.dir/render/report_text.c.o" "gcc" "analyzer/CMakeFiles/iommuscope.dir/render/report_text.c.o.d"
  "/work/wt-19-verdicts/analyzer/render/rules.c" "analyzer/CMakeFiles/iommuscope.dir/render/rules.c.o" "gcc" "analyzer/CMakeFiles/iommuscope.dir/render/rules.c.o.d"
  "/work/wt-19-verdicts/analyzer/render/whatif.c" "analyzer/CMakeFiles/iommuscope.dir/render/whatif.c.o" "gcc" "analyzer/CMakeFiles/iommuscope.dir/render/whatif.c.o.d"
  "/work/wt-19-verdicts/analyzer/rules/rules.c" "analyzer/CMakeFiles/iommuscope.dir/rules/rules.c.o" "gcc" "analyzer/CMakeFiles/iommuscope.dir/rules/rules.c.o.d"
  "/work/wt-19-verdicts/analyzer/sim/quirks.c" "analyzer/CMakeFiles/iommuscope.dir/sim/quirks.c.o" "gcc" "analyzer/CMakeFiles/iommuscope.dir/sim/quirks.c.o.d"
  "/work/wt-19-verdicts/analyzer/sim/sim.c" "analyzer/CMakeFiles/iommuscope.dir/sim/sim.c.o" "gcc" "analyzer/CMakeFiles/iommuscope.dir/sim/sim.c.o.d"
  "/work/wt-19-verdicts/build2/analyzer/templates.c" "analyzer/CMakeFiles/iommuscope.dir/templates.c.o" "gcc" "analyzer/CMakeFiles/iommuscope.dir/templates.c.o.d"
  "/work/wt-19-verdicts/analyzer/util/error.c" "analyzer/CMakeFiles/iommuscope.dir/util/error.c.o" "gcc" "analyzer/CMakeFiles/iommuscope.dir/util/error.c.o.d"
  "/work/wt-19-verdicts/analyzer/whatif/whatif.c" "analyzer/CMakeFiles/iommuscope.dir/whatif/whatif.c.o" "gcc" "analyzer/CMakeFiles/iommuscope.dir/whatif/whatif.c.o.d"
  )

# Targets to which this target links.
set(CMAKE_TARGET_LINKED_INFO_FILES
  "/work/wt-19-verdicts/build2/common/CMakeFiles/isc_common.dir/DependInfo.cmake"
  )

# Fortran module output directory.
set(CMAKE_Fortran_TARGET_MODULE_DIR "")
