file(REMOVE_RECURSE
  "CMakeFiles/iommuscope-cli.dir/main.c.o"
  "CMakeFiles/iommuscope-cli.dir/main.c.o.d"
  "iommuscope"
  "iommuscope.pdb"
)

# Per-language clean rules from dependency scanning.
foreach(lang C)
  include(CMakeFiles/iommuscope-cli.dir/cmake_clean_${lang}.cmake OPTIONAL)
endforeach()
