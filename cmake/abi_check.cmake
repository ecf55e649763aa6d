# The abi_check test: the C library keeps every function and type a
# published release had.
#
#   cmake -DABIDIFF=... -DOBJDUMP=... -DLIBRARY=libleadbook.so.X.Y.Z
#         -DHEADER=capi/leadbook.h -DMAP=capi/leadbook.map
#         -DBASELINE=abi/leadbook-0.2.0.abi -DSYMBOLS=abi/leadbook-0.2.0.symbols
#         -P abi_check.cmake
#
# 1. abidiff compares LIBRARY with BASELINE (abidw of the 0.2.0 release):
#    a removed function or a changed signature or type is an incompatible
#    change and fails; added functions are compatible and pass. The 0.2.0
#    symbols were unversioned; the same names with a default version
#    (leadbook_open@@LEADBOOK_0.1) are the same functions to abidiff and to
#    the dynamic linker, so programs linked against 0.2.0 keep running.
# 2. Every function in SYMBOLS (published, with its version node) is in
#    LIBRARY with that version: none has moved to another node.
# 3. Every function HEADER declares is named in MAP, so each has the
#    version node of the release that added it (the last node's leadbook_*
#    only catches functions not sorted in yet).
cmake_minimum_required(VERSION 3.25)
foreach(var ABIDIFF OBJDUMP LIBRARY HEADER MAP BASELINE SYMBOLS)
  if(NOT ${var})
    message(FATAL_ERROR "abi_check.cmake: -D${var}=... is required")
  endif()
endforeach()
get_filename_component(header_dir ${HEADER} DIRECTORY)
set(failed "")

# 1. abidiff: its status is a bit field; 4 is "the ABI changed" (functions
# added), 8 "incompatible change", 1 and 2 errors.
execute_process(COMMAND ${ABIDIFF} --headers-dir2 ${header_dir} ${BASELINE} ${LIBRARY}
                RESULT_VARIABLE status OUTPUT_VARIABLE report ERROR_VARIABLE report)
message("abidiff ${BASELINE} ${LIBRARY}: status ${status}\n${report}")
if(NOT status MATCHES "^[0-9]+$")
  list(APPEND failed "abidiff did not run (${status})")
else()
  math(EXPR bad "${status} & 11")
  if(NOT bad EQUAL 0)
    list(APPEND failed "abidiff found an incompatible change or failed (status ${status})")
  endif()
endif()

# 2. The published functions keep their version nodes.
execute_process(COMMAND ${OBJDUMP} -T ${LIBRARY} RESULT_VARIABLE status OUTPUT_VARIABLE dynsyms)
if(NOT status EQUAL 0)
  list(APPEND failed "objdump -T ${LIBRARY} failed")
endif()
file(STRINGS ${SYMBOLS} published REGEX "^leadbook_")
foreach(entry IN LISTS published)
  string(REGEX REPLACE "@@.*" "" name "${entry}")
  string(REGEX REPLACE ".*@@" "" version "${entry}")
  if(NOT dynsyms MATCHES "[ \t]${version}[ \t]+${name}\n")
    list(APPEND failed "${name} is not exported as ${name}@@${version}")
  endif()
endforeach()

# 3. Every declared function is named in the map.
file(READ ${HEADER} header_text)
string(REGEX MATCHALL "LEADBOOK_API[^;(]*[ *]leadbook_[a-z0-9_]+[ ]*\\(" declarations "${header_text}")
file(READ ${MAP} map_text)
foreach(declaration IN LISTS declarations)
  string(REGEX MATCH "leadbook_[a-z0-9_]+[ ]*\\($" name "${declaration}")
  string(REGEX REPLACE "[ ]*\\($" "" name "${name}")
  if(NOT map_text MATCHES "[ \t\n]${name};")
    list(APPEND failed "${name} (leadbook.h) is not in a version node of leadbook.map")
  endif()
endforeach()
list(LENGTH declarations count)
if(count LESS 50)
  list(APPEND failed "found only ${count} functions in ${HEADER}")
endif()

if(failed)
  string(REPLACE ";" "\n  " failed "${failed}")
  message(FATAL_ERROR "abi_check failed:\n  ${failed}")
endif()
message(STATUS "abi_check: ${count} functions, compatible with ${BASELINE}")
