analyzer/CMakeFiles/iommuscope.dir/templates.c.o: \
 /work/wt-19-verdicts/build2/analyzer/templates.c \
 /usr/include/stdc-predef.h
