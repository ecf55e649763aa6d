# The Unicode case folding table (full folding: the C and F mappings of
# CaseFolding.txt), generated at configure time from the file the Debian
# package unicode-data installs. Writes ${LEADBOOK_GENERATED_INCLUDE_DIR}/
# leadbook_case_folding.inc: one "{code, {to, to, to}}," line per mapping,
# in code point order.
set(LEADBOOK_CASE_FOLDING_FILE /usr/share/unicode/CaseFolding.txt CACHE FILEPATH
    "Unicode's CaseFolding.txt (Debian package unicode-data)")
if(NOT EXISTS ${LEADBOOK_CASE_FOLDING_FILE})
  message(FATAL_ERROR "${LEADBOOK_CASE_FOLDING_FILE} is missing: install the unicode-data package "
                      "(apt-get install unicode-data) or set LEADBOOK_CASE_FOLDING_FILE")
endif()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${LEADBOOK_CASE_FOLDING_FILE})

file(STRINGS ${LEADBOOK_CASE_FOLDING_FILE} lines REGEX "^[0-9A-F]+; [CF]; ")
set(table "")
set(count 0)
foreach(line IN LISTS lines)
  if(NOT line MATCHES "^([0-9A-F]+); [CF]; ([0-9A-F ]+);")
    continue()
  endif()
  set(code ${CMAKE_MATCH_1})
  string(STRIP "${CMAKE_MATCH_2}" mapping)
  string(REPLACE " " ";" mapping "${mapping}")
  list(LENGTH mapping length)
  while(length LESS 3)
    list(APPEND mapping 0)
    math(EXPR length "${length} + 1")
  endwhile()
  list(TRANSFORM mapping PREPEND "0x")
  list(JOIN mapping ", " mapping)
  string(APPEND table "{0x${code}, {${mapping}}},\n")
  math(EXPR count "${count} + 1")
endforeach()
if(count LESS 1000)
  message(FATAL_ERROR "${LEADBOOK_CASE_FOLDING_FILE}: only ${count} case foldings; is it CaseFolding.txt?")
endif()
file(CONFIGURE OUTPUT ${LEADBOOK_GENERATED_INCLUDE_DIR}/leadbook_case_folding.inc
     CONTENT "// Generated from ${LEADBOOK_CASE_FOLDING_FILE} by cmake/case_folding.cmake.\n${table}")
