// table.cpp: aligned text tables whose cells may hold any UTF-8.
//
// Cells are padded by the columns a terminal shows, not by bytes: "José
// Müller" is 11 columns wide although it is 13 bytes long.
#include "cli.hpp"

#include <algorithm>
#include <ostream>

namespace leadbook_cli {

namespace {

/// Decodes the code point at text[i] and advances i; invalid bytes decode
/// one at a time as U+FFFD.
char32_t next_code_point(std::string_view text, std::size_t& i) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    unsigned char lead = byte(i);
    std::size_t length = lead < 0x80           ? 1
                         : (lead >> 5) == 0x6  ? 2
                         : (lead >> 4) == 0xE  ? 3
                         : (lead >> 3) == 0x1E ? 4
                                               : 0;
    if (length == 0 || i + length > text.size()) {
        ++i;
        return 0xFFFD;
    }
    char32_t cp = length == 1 ? lead : lead & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) {
            ++i;
            return 0xFFFD;
        }
        cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    i += length;
    return cp;
}

/// Columns one code point takes: 0 for combining marks and zero-width
/// characters, 2 for East Asian wide and fullwidth characters, else 1.
/// Characters of ambiguous East Asian width (★ U+2605 and ☆ U+2606 of the
/// star ratings, box drawing, Greek...) are 1, as terminals outside CJK
/// locales draw them: the Stars column ("★★★☆☆") is five columns wide.
std::size_t code_point_width(char32_t cp) {
    auto in = [cp](char32_t low, char32_t high) { return cp >= low && cp <= high; };
    if (in(0x0300, 0x036F) || in(0x1AB0, 0x1AFF) || in(0x1DC0, 0x1DFF) || in(0x20D0, 0x20FF) ||
        in(0xFE20, 0xFE2F) || in(0x200B, 0x200F) || cp == 0xFE0F || cp == 0xFEFF)
        return 0;
    if (in(0x1100, 0x115F) || in(0x2E80, 0x303E) || in(0x3041, 0x33FF) || in(0x3400, 0x4DBF) ||
        in(0x4E00, 0x9FFF) || in(0xA000, 0xA4CF) || in(0xAC00, 0xD7A3) || in(0xF900, 0xFAFF) ||
        in(0xFE30, 0xFE4F) || in(0xFF00, 0xFF60) || in(0xFFE0, 0xFFE6) || in(0x1F300, 0x1F64F) ||
        in(0x1F900, 0x1F9FF) || in(0x20000, 0x3FFFD))
        return 2;
    return 1;
}

bool is_control(char32_t cp) { return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0); }

} // namespace

std::size_t display_width(std::string_view text) {
    std::size_t width = 0;
    for (std::size_t i = 0; i < text.size();) width += code_point_width(next_code_point(text, i));
    return width;
}

std::string fit_cell(std::string_view text, std::size_t width) {
    // Keep whole code points, turning control characters (a newline in a
    // name) into spaces so a cell never breaks its row.
    std::string out;
    out.reserve(text.size());
    std::size_t used = 0;
    bool cut = false;
    const std::size_t full_width = display_width(text);
    for (std::size_t i = 0; i < text.size();) {
        std::size_t start = i;
        char32_t cp = next_code_point(text, i);
        std::size_t w = is_control(cp) ? 1 : code_point_width(cp);
        // Leave one column for "…" when the text does not fit.
        std::size_t limit = full_width > width ? width - std::min<std::size_t>(width, 1) : width;
        if (used + w > limit) {
            cut = true;
            break;
        }
        if (is_control(cp))
            out += ' ';
        else if (cp == 0xFFFD && text.compare(start, 3, "\xEF\xBF\xBD") != 0)
            out += "\xEF\xBF\xBD"; // an invalid byte: print the replacement character
        else
            out.append(text.substr(start, i - start));
        used += w;
    }
    if (cut && width > 0) out += "\xE2\x80\xA6"; // …
    return out;
}

TablePrinter::TablePrinter(std::ostream& out, std::vector<TableColumn> columns,
                           std::size_t buffer_rows)
    : out_(&out), columns_(std::move(columns)),
      buffer_rows_(std::max<std::size_t>(buffer_rows, 1)) {}

void TablePrinter::add_row(std::vector<std::string> cells) {
    cells.resize(columns_.size());
    if (header_done_) {
        print_row(cells);
        return;
    }
    buffered_.push_back(std::move(cells));
    if (buffered_.size() >= buffer_rows_) flush_buffer();
}

std::size_t TablePrinter::finish() {
    if (header_done_ || !buffered_.empty()) flush_buffer(); // no rows: no header either
    out_->flush();
    return printed_;
}

void TablePrinter::flush_buffer() {
    if (!header_done_) {
        // Each column is as wide as its widest held cell (or its title), up
        // to its maximum; rows that come later are cut to these widths.
        widths_.assign(columns_.size(), 0);
        for (std::size_t c = 0; c < columns_.size(); ++c) {
            std::size_t widest = display_width(columns_[c].title);
            for (const auto& row : buffered_)
                widest = std::max(widest, std::min(display_width(row[c]), columns_[c].max_width));
            widths_[c] = widest;
        }
        std::vector<std::string> titles;
        std::vector<std::string> rules;
        for (std::size_t c = 0; c < columns_.size(); ++c) {
            titles.push_back(columns_[c].title);
            rules.push_back(std::string(widths_[c], '-'));
        }
        print_row(titles);
        print_row(rules);
        printed_ -= 2;
        header_done_ = true;
    }
    for (const auto& row : buffered_) print_row(row);
    buffered_.clear();
}

void TablePrinter::print_row(const std::vector<std::string>& cells) {
    std::string line;
    for (std::size_t c = 0; c < columns_.size(); ++c) {
        std::string cell = fit_cell(cells[c], widths_[c]);
        std::size_t pad = widths_[c] - std::min(widths_[c], display_width(cell));
        bool last = c + 1 == columns_.size();
        if (c > 0) line += "  ";
        if (columns_[c].right_align) line.append(pad, ' ');
        line += cell;
        if (!columns_[c].right_align && !last) line.append(pad, ' ');
    }
    // No trailing spaces when the last cells are empty.
    line.erase(line.find_last_not_of(' ') + 1);
    *out_ << line << '\n';
    ++printed_;
}

} // namespace leadbook_cli
