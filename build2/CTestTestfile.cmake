# CMake generated Testfile for 
# Source directory: /work/wt-19-verdicts
# Build directory: /work/wt-19-verdicts/build2
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
subdirs("common")
subdirs("collector")
subdirs("analyzer")
subdirs("tests")
