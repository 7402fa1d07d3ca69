# CMake generated Testfile for 
# Source directory: /work/wt-19-verdicts/common
# Build directory: /work/wt-19-verdicts/build2/common
# 
# This file includes the relevant testing commands required for 
# testing this directory and lists subdirectories to be tested as well.
