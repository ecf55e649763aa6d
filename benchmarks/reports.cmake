# reports_bench: each built-in report and a filtered, sorted first page next
# to the hand-written SQL answering the same question over the same
# 1,000,000-lead file, plus the peak memory of writing the whole report as
# CSV. Included from benchmarks/CMakeLists.txt (which finds benchmark).
# The file is made once and kept in the benchmarks' scratch folder,
# $LEADBOOK_BENCH_DIR (default: the system temp dir)/leadbook-bench/.
if(NOT TARGET SQLite::SQLite3)
  find_package(SQLite3 REQUIRED)
endif()
add_executable(reports_bench ${CMAKE_CURRENT_LIST_DIR}/reports_bench.cpp)
target_link_libraries(reports_bench PRIVATE leadbook SQLite::SQLite3 benchmark::benchmark
                                            leadbook_warnings)
