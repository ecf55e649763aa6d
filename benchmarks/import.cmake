# import_bench: CSV import and export of 100,000 leads next to the sqlite3
# shell (package sqlite3, /usr/bin/sqlite3), and .xlsx import (the workbook
# written with libxlsxwriter) next to the same rows as CSV. Included from
# benchmarks/CMakeLists.txt, after find_package(benchmark).
add_executable(import_bench ${PROJECT_SOURCE_DIR}/benchmarks/import_bench.cpp)
target_link_libraries(import_bench PRIVATE leadbook SQLite::SQLite3 xlsxwriter benchmark::benchmark
                                           leadbook_warnings)
