# python_bench: the Python package next to a hand-written store on Python's
# sqlite3 module (benchmarks/python/bench_leadbook.py), against this tree's
# libleadbook.so. Not a test: run it in a Release tree with
#   cmake --build --preset release --target python_bench
# Included from benchmarks/CMakeLists.txt.
if(NOT DEFINED Python3_EXECUTABLE AND EXISTS /usr/bin/python3)
  set(Python3_EXECUTABLE /usr/bin/python3 CACHE FILEPATH "Python interpreter for the binding tests")
endif()
find_package(Python3 REQUIRED COMPONENTS Interpreter)
add_custom_target(python_bench
  COMMAND ${CMAKE_COMMAND} -E env
          "PYTHONPATH=${PROJECT_SOURCE_DIR}/bindings/python"
          "LEADBOOK_LIBRARY=$<TARGET_FILE:leadbook_c>"
          ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/benchmarks/python/bench_leadbook.py
  DEPENDS leadbook_c
  USES_TERMINAL
  COMMENT "Python package vs a sqlite3-module store (benchmarks/python/bench_leadbook.py)")
