# The quick starts of README.md, as the README shows them.
#
#   cmake -DREADME=README.md -DLEADBOOK_BUILD_DIR=... -DWORK_DIR=... -DCONFIG=...
#         -DGENERATOR=... -DC_COMPILER=... -DCXX_COMPILER=... -DPYTHON=python3
#         -DPYTHON_PACKAGE_DIR=bindings/python -DLIBRARY=libleadbook.so...
#         -DPROJECT_VERSION=X.Y.Z [-DSANITIZE=...] -P readme_quickstarts.cmake
#
# 1. The first command ("Build and try it") builds the C library the Python
#    package loads, as well as the leadbook tool.
# 2. The C++ quick start's program and CMake lines (find_package asks for
#    this version), and the C quick start with the same lines linking
#    leadbook::c, as one project built against an install of this build
#    (the README installs first), run in a scratch folder.
# 3. The Python quick start, run with the package and this build's library.
cmake_minimum_required(VERSION 3.25)
foreach(var README LEADBOOK_BUILD_DIR WORK_DIR C_COMPILER CXX_COMPILER PYTHON PYTHON_PACKAGE_DIR
    LIBRARY PROJECT_VERSION)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "readme_quickstarts.cmake: -D${var}=... is required")
  endif()
endforeach()
if(NOT CONFIG)
  set(CONFIG Debug)
endif()
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR}/project ${WORK_DIR}/run-cpp ${WORK_DIR}/run-c ${WORK_DIR}/run-python)

function(run_step what)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "WORKING_DIRECTORY;EXPECT" "COMMAND")
  if(NOT arg_WORKING_DIRECTORY)
    set(arg_WORKING_DIRECTORY ${WORK_DIR})
  endif()
  execute_process(COMMAND ${arg_COMMAND} WORKING_DIRECTORY ${arg_WORKING_DIRECTORY}
                  RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
  message("---- ${what}\n${out}")
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "readme_quickstarts: ${what} failed (${status})")
  endif()
  if(arg_EXPECT AND NOT out MATCHES "${arg_EXPECT}")
    message(FATAL_ERROR "readme_quickstarts: ${what} did not print ${arg_EXPECT}")
  endif()
endfunction()

file(READ ${README} readme)

# The text of README section `heading` ("## heading" up to the next "## ").
function(section heading out)
  string(FIND "${readme}" "\n## ${heading}\n" start)
  if(start EQUAL -1)
    message(FATAL_ERROR "readme_quickstarts: README.md has no section '## ${heading}'")
  endif()
  string(SUBSTRING "${readme}" ${start} -1 text)
  string(SUBSTRING "${text}" 1 -1 text)
  string(FIND "${text}" "\n## " end)
  string(SUBSTRING "${text}" 0 ${end} text)
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

# The first ```language block of `text`, without its fences.
function(code_block text language out)
  string(FIND "${text}" "```${language}\n" start)
  if(start EQUAL -1)
    message(FATAL_ERROR "readme_quickstarts: no ```${language} block where expected")
  endif()
  string(LENGTH "```${language}\n" fence)
  math(EXPR start "${start} + ${fence}")
  string(SUBSTRING "${text}" ${start} -1 code)
  string(FIND "${code}" "```" end)
  string(SUBSTRING "${code}" 0 ${end} code)
  set(${out} "${code}" PARENT_SCOPE)
endfunction()

# 1. The first command.
section("Build and try it" build_section)
code_block("${build_section}" sh first_command)
if(first_command MATCHES "cmake --build [^&]*--target ([^&]*)&&")
  string(REPLACE " " ";" targets "${CMAKE_MATCH_1}")
  foreach(target leadbook_cli leadbook_c)
    if(NOT target IN_LIST targets)
      message(FATAL_ERROR "readme_quickstarts: the README's first command does not build "
                          "${target} (it builds ${CMAKE_MATCH_1})")
    endif()
  endforeach()
endif()

# 2. C++ and C.
section("Quick start: C++" cpp_section)
code_block("${cpp_section}" cpp cpp_program)
code_block("${cpp_section}" cmake cmake_lines)
section("Quick start: C" c_section)
code_block("${c_section}" c c_program)
string(REGEX MATCH "find_package\\(leadbook ([0-9]+\\.[0-9]+)" found "${cmake_lines}")
set(asked "${CMAKE_MATCH_1}")
string(REGEX MATCH "^[0-9]+\\.[0-9]+" this_version "${PROJECT_VERSION}")
if(NOT asked STREQUAL this_version)
  message(FATAL_ERROR "readme_quickstarts: the README asks for find_package(leadbook "
                      "${asked}), the project is ${PROJECT_VERSION}")
endif()
if(NOT cmake_lines MATCHES "leadbook::leadbook\\)")
  message(FATAL_ERROR "readme_quickstarts: the README's CMake lines do not link leadbook::leadbook")
endif()
string(REPLACE "(app " "(app_c " c_cmake_lines "${cmake_lines}")
string(REPLACE "leadbook::leadbook)" "leadbook::c)" c_cmake_lines "${c_cmake_lines}")
file(WRITE ${WORK_DIR}/project/main.cpp "${cpp_program}")
file(WRITE ${WORK_DIR}/project/main.c "${c_program}")
file(WRITE ${WORK_DIR}/project/CMakeLists.txt
  "cmake_minimum_required(VERSION 3.25)\nproject(readme_quickstarts LANGUAGES C CXX)\n"
  "add_executable(app main.cpp)\n${cmake_lines}"
  "add_executable(app_c main.c)\n${c_cmake_lines}")

run_step("install this build (the README installs before linking)"
  COMMAND ${CMAKE_COMMAND} --install ${LEADBOOK_BUILD_DIR} --prefix ${WORK_DIR}/prefix --config ${CONFIG})
set(flags "")
if(SANITIZE)
  set(flags "-fsanitize=${SANITIZE} -fno-omit-frame-pointer")
endif()
set(generator_args "")
if(GENERATOR)
  set(generator_args -G ${GENERATOR})
endif()
run_step("configure the quick starts"
  COMMAND ${CMAKE_COMMAND} -S ${WORK_DIR}/project -B ${WORK_DIR}/build ${generator_args}
    -DCMAKE_BUILD_TYPE=${CONFIG} -DCMAKE_C_COMPILER=${C_COMPILER} -DCMAKE_CXX_COMPILER=${CXX_COMPILER}
    "-DCMAKE_C_FLAGS=${flags}" "-DCMAKE_CXX_FLAGS=${flags}" "-DCMAKE_EXE_LINKER_FLAGS=${flags}"
    -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)
run_step("build the quick starts" COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/build --config ${CONFIG})
foreach(program app app_c)
  set(path_${program} ${WORK_DIR}/build/${program})
  if(EXISTS ${WORK_DIR}/build/${CONFIG}/${program})
    set(path_${program} ${WORK_DIR}/build/${CONFIG}/${program})
  endif()
endforeach()
run_step("run the C++ quick start" COMMAND ${path_app} WORKING_DIRECTORY ${WORK_DIR}/run-cpp
         EXPECT "Jane Doe at Contoso Pharmaceuticals")
run_step("run the C quick start" COMMAND ${path_app_c} WORKING_DIRECTORY ${WORK_DIR}/run-c
         EXPECT "\"full_name\":\"Jane Doe\"")

# 3. Python, as "PYTHONPATH=bindings/python python3 yourscript.py", with
# this build's library named (the README's build is found by itself).
section("Quick start: Python" python_section)
code_block("${python_section}" python python_program)
file(WRITE ${WORK_DIR}/run-python/yourscript.py "${python_program}")
set(ENV{PYTHONPATH} ${PYTHON_PACKAGE_DIR})
set(ENV{LEADBOOK_LIBRARY} ${LIBRARY})
set(ENV{PYTHONDONTWRITEBYTECODE} 1)
if(SANITIZE)
  # An instrumented library in an uninstrumented interpreter: the sanitizer
  # runtimes go first.
  set(preload "")
  foreach(runtime libasan.so libubsan.so)
    execute_process(COMMAND ${CXX_COMPILER} -print-file-name=${runtime}
                    OUTPUT_VARIABLE path OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(IS_ABSOLUTE "${path}")
      list(APPEND preload ${path})
    endif()
  endforeach()
  string(REPLACE ";" ":" preload "${preload}")
  set(ENV{LD_PRELOAD} "${preload}")
  set(ENV{ASAN_OPTIONS} detect_leaks=0)
endif()
run_step("run the Python quick start" COMMAND ${PYTHON} yourscript.py
         WORKING_DIRECTORY ${WORK_DIR}/run-python EXPECT "Jane Doe hot.*emails")
message(STATUS "readme_quickstarts: passed")
