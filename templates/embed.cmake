# Turn files into a C source of NUL-terminated byte arrays, so the report
# templates are part of the binary: cmake -DOUT=file.c -DFILES="a|b" -P embed.cmake
# Each file becomes `const char isc_tpl_<name>[]` with '.' and '-' as '_'.
set(code "/* Generated from templates/ by templates/embed.cmake; do not edit. */\n")
string(REPLACE "|" ";" FILES "${FILES}")
foreach(f ${FILES})
    get_filename_component(name "${f}" NAME)
    string(REGEX REPLACE "[.-]" "_" name "${name}")
    file(READ "${f}" hex HEX)
    string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
    string(APPEND code "const char isc_tpl_${name}[] = {${bytes}0x00};\n")
endforeach()
file(WRITE "${OUT}" "${code}")
