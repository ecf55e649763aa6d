# cmake -DLEADBOOK_BUILD_DIR=... -DWORK_DIR=... -DCONSUMER_SOURCE_DIR=...
#       -DEXAMPLES_DIR=... -DCONFIG=... -DGENERATOR=... -DC_COMPILER=...
#       -DCXX_COMPILER=... [-DSANITIZE=address,undefined] -P install_and_consume.cmake
#
# 1. cmake --install LEADBOOK_BUILD_DIR --prefix WORK_DIR/prefix
# 2. configures and builds CONSUMER_SOURCE_DIR against that prefix only
# 3. runs the two programs it built (the C++ and the C quick start)
cmake_minimum_required(VERSION 3.25)

foreach(var LEADBOOK_BUILD_DIR WORK_DIR CONSUMER_SOURCE_DIR EXAMPLES_DIR C_COMPILER CXX_COMPILER)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "install_and_consume.cmake: -D${var}=... is required")
  endif()
endforeach()
if(NOT CONFIG)
  set(CONFIG Debug)
endif()

set(prefix ${WORK_DIR}/prefix)
set(consumer_build ${WORK_DIR}/consumer-build)
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

function(run_step what)
  message(STATUS "install_and_consume: ${what}")
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "install_and_consume: ${what} failed (${status})")
  endif()
endfunction()

run_step("install into ${prefix}"
  ${CMAKE_COMMAND} --install ${LEADBOOK_BUILD_DIR} --prefix ${prefix} --config ${CONFIG})

# A sanitizer build installs instrumented libraries; the consumer must link
# the sanitizer runtimes too.
set(flags "")
if(SANITIZE)
  set(flags "-fsanitize=${SANITIZE} -fno-omit-frame-pointer")
endif()
set(generator_args "")
if(GENERATOR)
  set(generator_args -G ${GENERATOR})
endif()

run_step("configure the consumer"
  ${CMAKE_COMMAND} -S ${CONSUMER_SOURCE_DIR} -B ${consumer_build} ${generator_args}
    -DCMAKE_BUILD_TYPE=${CONFIG}
    -DCMAKE_C_COMPILER=${C_COMPILER}
    -DCMAKE_CXX_COMPILER=${CXX_COMPILER}
    "-DCMAKE_C_FLAGS=${flags}"
    "-DCMAKE_CXX_FLAGS=${flags}"
    "-DCMAKE_EXE_LINKER_FLAGS=${flags}"
    -DCMAKE_PREFIX_PATH=${prefix}
    -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF
    -DLEADBOOK_EXAMPLES_DIR=${EXAMPLES_DIR})

run_step("build the consumer" ${CMAKE_COMMAND} --build ${consumer_build} --config ${CONFIG})

# The programs find libleadbook.so through the build tree's RPATH, which
# points into the install prefix, not into the leadbook build.
foreach(program consumer_quickstart consumer_quickstart_c)
  set(path ${consumer_build}/${program})
  if(EXISTS ${consumer_build}/${CONFIG}/${program})
    set(path ${consumer_build}/${CONFIG}/${program})
  endif()
  run_step("run ${program}" ${path} ${WORK_DIR}/${program}.db)
endforeach()
message(STATUS "install_and_consume: passed")
