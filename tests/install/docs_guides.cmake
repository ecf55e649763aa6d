# The programs of the C and C++ guides (docs/c-guide.md, docs/cpp-guide.md),
# taken from the guides, built against this build tree and run.
#
#   cmake -DGUIDE=docs/c-guide.md -DLANGUAGE=c|cpp -DCOMPILER=... -DEXPECT=REGEX
#         -DWORK_DIR=... "-DCOMPILE_ARGS=..." [-DSANITIZE=...] -P docs_guides.cmake
#
# The program is the guide's first code block of LANGUAGE that starts with
# #include. It is built with warnings as errors and must exit with 0 and
# print output matching EXPECT.
cmake_minimum_required(VERSION 3.25)
foreach(var GUIDE LANGUAGE COMPILER EXPECT WORK_DIR COMPILE_ARGS)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "docs_guides.cmake: -D${var}=... is required")
  endif()
endforeach()
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

file(READ ${GUIDE} text)
string(FIND "${text}" "```${LANGUAGE}\n#include" start)
if(start EQUAL -1)
  message(FATAL_ERROR "docs_guides: ${GUIDE} has no ```${LANGUAGE} program")
endif()
string(LENGTH "```${LANGUAGE}\n" fence)
math(EXPR start "${start} + ${fence}")
string(SUBSTRING "${text}" ${start} -1 program)
string(FIND "${program}" "```" end)
string(SUBSTRING "${program}" 0 ${end} program)
set(source ${WORK_DIR}/guide.${LANGUAGE})
file(WRITE ${source} "${program}")

set(flags -Wall -Wextra -Werror)
if(SANITIZE)
  list(APPEND flags -fsanitize=${SANITIZE})
endif()
execute_process(COMMAND ${COMPILER} ${flags} ${source} ${COMPILE_ARGS} -o ${WORK_DIR}/guide
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
message("build ${GUIDE}'s program:\n${out}")
if(NOT status EQUAL 0)
  message(FATAL_ERROR "docs_guides: the program of ${GUIDE} does not build")
endif()
execute_process(COMMAND ${WORK_DIR}/guide WORKING_DIRECTORY ${WORK_DIR}
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
message("run it:\n${out}")
if(NOT status EQUAL 0)
  message(FATAL_ERROR "docs_guides: the program of ${GUIDE} exits with ${status}")
endif()
if(NOT out MATCHES "${EXPECT}")
  message(FATAL_ERROR "docs_guides: its output does not match ${EXPECT}")
endif()
