# A program linked against the 0.2.0 library keeps running with this one.
#
#   cmake -DC_COMPILER=cc -DOBJDUMP=objdump -DSYMBOLS=abi/leadbook-0.2.0.symbols
#         -DLIBRARY=.../libleadbook.so.X.Y.Z -DPROGRAM_SOURCE=examples/quickstart.c
#         -DINCLUDE_DIRS="capi;build/include" -DWORK_DIR=... [-DSANITIZE=address,undefined]
#         -P program_linked_to_0.2.cmake
#
# The 0.2.0 library exported its functions without symbol versions, so a
# program linked against it refers to plain names ("leadbook_open"). To make
# such a program without the 0.2.0 sources, the program is linked against
# an import library: a shared object named libleadbook.so.0 that defines
# exactly the functions 0.2.0 exported (SYMBOLS), unversioned, as bare
# labels. It is only linked against, never run. The program then runs with
# the dynamic linker finding the real library (LIBRARY's folder first on
# LD_LIBRARY_PATH), whose functions carry versions (leadbook_open@@LEADBOOK_0.1):
# the plain references must bind to them and the program must work.
cmake_minimum_required(VERSION 3.25)
foreach(var C_COMPILER OBJDUMP SYMBOLS LIBRARY PROGRAM_SOURCE INCLUDE_DIRS WORK_DIR)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "program_linked_to_0.2.cmake: -D${var}=... is required")
  endif()
endforeach()
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR}/import)

function(run_step what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
  message("${what}:\n${out}")
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${what} failed (${status})")
  endif()
  set(step_output "${out}" PARENT_SCOPE)
endfunction()

# The import library of 0.2.0.
file(STRINGS ${SYMBOLS} published REGEX "^leadbook_")
set(assembly "\t.text\n")
foreach(entry IN LISTS published)
  string(REGEX REPLACE "@@.*" "" name "${entry}")
  string(APPEND assembly "\t.globl ${name}\n\t.type ${name}, @function\n${name}:\n\tret\n")
endforeach()
string(APPEND assembly "\t.section .note.GNU-stack,\"\",@progbits\n")
file(WRITE ${WORK_DIR}/import/leadbook_0.2.s "${assembly}")
run_step("import library of 0.2.0"
  ${C_COMPILER} -shared -nostdlib -o ${WORK_DIR}/import/libleadbook.so
  -Wl,-soname,libleadbook.so.0 ${WORK_DIR}/import/leadbook_0.2.s)

set(include_flags "")
foreach(dir IN LISTS INCLUDE_DIRS)
  list(APPEND include_flags -I${dir})
endforeach()
# A sanitizer build's library needs the sanitizer runtimes in the program.
set(flags "")
if(SANITIZE)
  set(flags -fsanitize=${SANITIZE})
endif()
run_step("link the program against 0.2.0"
  ${C_COMPILER} -std=c11 ${flags} ${include_flags} ${PROGRAM_SOURCE} -o ${WORK_DIR}/program
  -L${WORK_DIR}/import -lleadbook)

# Its references are unversioned, as a program built against 0.2.0 has them.
run_step("the program's dynamic symbols" ${OBJDUMP} -T ${WORK_DIR}/program)
if(NOT step_output MATCHES "\\*UND\\*[^\n]*[ \t]leadbook_open\n")
  message(FATAL_ERROR "the program does not refer to leadbook_open")
endif()
if(step_output MATCHES "LEADBOOK_0")
  message(FATAL_ERROR "the program refers to versioned symbols; it should not")
endif()

get_filename_component(library_dir ${LIBRARY} DIRECTORY)
set(ENV{LD_LIBRARY_PATH} "${library_dir}")
run_step("run it with ${LIBRARY}" ${WORK_DIR}/program ${WORK_DIR}/program.db)
if(NOT step_output MATCHES "hot leads")
  message(FATAL_ERROR "the program did not print its leads")
endif()
message(STATUS "program_linked_to_0.2: passed")
