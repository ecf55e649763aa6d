#include "csv_writer.hpp"

namespace leadbook::formats {

void append_csv_cell(std::string& out, std::string_view cell, char delimiter,
                     bool protect_formulas) {
    const bool formula = protect_formulas && !cell.empty() &&
                         (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@' ||
                          cell[0] == '\t' || cell[0] == '\r');
    bool quote = formula || (!cell.empty() && (cell.front() == ' ' || cell.back() == ' '));
    for (char c : cell)
        if (c == delimiter || c == '"' || c == '\n' || c == '\r') {
            quote = true;
            break;
        }
    if (!quote) {
        out.append(cell);
        return;
    }
    out += '"';
    if (formula) out += '\'';
    for (char c : cell) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

void append_csv_row(std::string& out, std::span<const std::string> cells, char delimiter,
                    bool protect_formulas) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i) out += delimiter;
        append_csv_cell(out, cells[i], delimiter, protect_formulas);
    }
    out += "\r\n";
}

} // namespace leadbook::formats
