# The table that compares text without accents ("Müller" as "Muller"),
# generated at configure time from Unicode's UnicodeData.txt (Debian package
# unicode-data, like CaseFolding.txt). Writes
# ${LEADBOOK_GENERATED_INCLUDE_DIR}/leadbook_accents.inc: one "{code, base},"
# line per character with a canonical decomposition (its first character:
# é -> e, ệ -> ẹ, applied until nothing changes) and one "{code, 0}," line
# per nonspacing mark (category Mn, dropped), in code point order.
set(LEADBOOK_UNICODE_DATA_FILE /usr/share/unicode/UnicodeData.txt CACHE FILEPATH
    "Unicode's UnicodeData.txt (Debian package unicode-data)")
if(NOT EXISTS ${LEADBOOK_UNICODE_DATA_FILE})
  message(FATAL_ERROR "${LEADBOOK_UNICODE_DATA_FILE} is missing: install the unicode-data package "
                      "(apt-get install unicode-data) or set LEADBOOK_UNICODE_DATA_FILE")
endif()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${LEADBOOK_UNICODE_DATA_FILE})

file(STRINGS ${LEADBOOK_UNICODE_DATA_FILE} lines
     REGEX "^[0-9A-F]+;[^;]*;([^;]*;[^;]*;[^;]*;[0-9A-F]|Mn;)")
set(table "")
set(count 0)
foreach(line IN LISTS lines)
  if(line MATCHES "^([0-9A-F]+);[^;]*;Mn;")
    string(APPEND table "{0x${CMAKE_MATCH_1}, 0},\n")
  elseif(line MATCHES "^([0-9A-F]+);[^;]*;[^;]*;[^;]*;[^;]*;([0-9A-F]+)[ ;]")
    string(APPEND table "{0x${CMAKE_MATCH_1}, 0x${CMAKE_MATCH_2}},\n")
  else()
    continue()
  endif()
  math(EXPR count "${count} + 1")
endforeach()
if(count LESS 2000)
  message(FATAL_ERROR "${LEADBOOK_UNICODE_DATA_FILE}: only ${count} entries; is it UnicodeData.txt?")
endif()
file(CONFIGURE OUTPUT ${LEADBOOK_GENERATED_INCLUDE_DIR}/leadbook_accents.inc
     CONTENT "// Generated from ${LEADBOOK_UNICODE_DATA_FILE} by cmake/accents.cmake.\n${table}")
