# The abi_check test: the C library keeps every function and type a
# published release had.
#
#   cmake -DABIDIFF=... -DOBJDUMP=... -DLIBRARY=libleadbook.so.X.Y.Z
#         -DHEADER=capi/leadbook.h -DMAP=capi/leadbook.map
#         -DBASELINE=abi/leadbook-0.2.0.abi -DSYMBOLS=abi/leadbook-0.2.0.symbols
#         -P abi_check.cmake
#
# 1. abidiff compares LIBRARY with BASELINE (abidw of the 0.2.0 release),
#    given the symbol versions of SYMBOLS (see below): a removed function,
#    a changed signature or type, or a function moved to another version
#    node fails; added functions are compatible and pass. Programs linked
#    against 0.2.0 refer to plain names, which the dynamic linker binds to
#    the default versions (the program_linked_to_0.2 test runs one).
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

# 1. abidiff. The 0.2.0 library's symbols had no versions; compared with a
# library whose symbols have them, abidiff pairs each plain name with its
# default version (no function is reported removed) but then does not
# compare the two functions' types, so a changed parameter would pass. So
# the baseline is first given the versions SYMBOLS publishes, the versions
# the dynamic linker binds a program's plain references to
# (name -> name@@LEADBOOK_0.x), and abidiff compares like with like: a
# function that changed, went, or moved to another version node is
# reported. abidiff's status does not tell added functions (compatible)
# from changed ones, so its summary lines are read.
file(READ ${BASELINE} baseline_text)
file(STRINGS ${SYMBOLS} published REGEX "^leadbook_")
foreach(entry IN LISTS published)
  string(REGEX REPLACE "@@.*" "" name "${entry}")
  string(REGEX REPLACE ".*@@" "" version "${entry}")
  string(REPLACE "<elf-symbol name='${name}' type="
                 "<elf-symbol name='${name}' version='${version}' is-default-version='yes' type="
                 baseline_text "${baseline_text}")
  string(REPLACE "elf-symbol-id='${name}'" "elf-symbol-id='${name}@@${version}'"
                 baseline_text "${baseline_text}")
endforeach()
get_filename_component(baseline_name ${BASELINE} NAME_WE)
set(versioned_baseline ${CMAKE_CURRENT_BINARY_DIR}/${baseline_name}-versioned.abi)
file(WRITE ${versioned_baseline} "${baseline_text}")
execute_process(COMMAND ${ABIDIFF} --headers-dir2 ${header_dir} ${versioned_baseline} ${LIBRARY}
                RESULT_VARIABLE status OUTPUT_VARIABLE report ERROR_VARIABLE report)
message("abidiff ${BASELINE} (with symbol versions) ${LIBRARY}: status ${status}\n${report}")
if(NOT status MATCHES "^[0-9]+$")
  list(APPEND failed "abidiff did not run (${status})")
else()
  # 1 and 2: abidiff failed; 8: an incompatible change.
  math(EXPR bad "${status} & 11")
  if(NOT bad EQUAL 0)
    list(APPEND failed "abidiff found an incompatible change or failed (status ${status})")
  endif()
  foreach(kind Functions Variables)
    if(NOT report MATCHES "${kind} changes summary: ([0-9]+) Removed[^,]*, ([0-9]+) Changed")
      if(status EQUAL 0)
        continue() # no changes at all: abidiff prints no summary
      endif()
      list(APPEND failed "abidiff printed no ${kind} summary")
    elseif(NOT CMAKE_MATCH_1 EQUAL 0 OR NOT CMAKE_MATCH_2 EQUAL 0)
      list(APPEND failed "${kind}: ${CMAKE_MATCH_1} removed, ${CMAKE_MATCH_2} changed since ${BASELINE}")
    endif()
  endforeach()
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
