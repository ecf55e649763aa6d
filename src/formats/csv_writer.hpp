// csv_writer.hpp: CSV cells and rows as spreadsheets read them back.
//
// Cells are quoted when they hold the delimiter, a quote or a line break,
// or begin or end with a space. A cell that a spreadsheet would run as a
// formula (first character = + - @ tab or CR: "CSV injection") is written
// with an apostrophe in front, which spreadsheets show as text; leadbook's
// CSV import removes it again.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace leadbook::formats {

/// Appends one cell (without delimiter) to `out`.
void append_csv_cell(std::string& out, std::string_view cell, char delimiter,
                     bool protect_formulas = true);

/// Appends a row: cells joined by `delimiter`, then CRLF.
void append_csv_row(std::string& out, std::span<const std::string> cells, char delimiter,
                    bool protect_formulas = true);

} // namespace leadbook::formats
