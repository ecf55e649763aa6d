// table.cpp: aligned text tables whose cells may hold any UTF-8.
//
// Cells are padded by the columns a terminal shows, not by bytes: "José
// Müller" is 11 columns wide although it is 13 bytes long, and "山田太郎"
// is 8 (each CJK character takes two columns, as emoji do).
#include "cli.hpp"

#include <algorithm>
#include <clocale>
#include <cwchar>
#include <locale.h>
#include <ostream>
#include <wchar.h>

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

/// The C.UTF-8 locale, in which wcwidth() knows every Unicode character
/// whatever locale the user runs in (glibc builds C.UTF-8 in); null if the
/// C library has none, and then every printable character counts 1.
locale_t utf8_locale() {
    static const locale_t locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", locale_t{});
    return locale;
}

/// Columns one code point takes on its own, by wcwidth(): 0 for combining
/// marks and zero-width characters, 2 for East Asian wide and fullwidth
/// characters and emoji, else 1. Characters of ambiguous East Asian width
/// (★ U+2605 and ☆ U+2606 of the star ratings, box drawing, Greek...) are
/// 1, as terminals outside CJK locales draw them: the Stars column
/// ("★★★☆☆") is five columns wide. Control characters count 1: a table
/// prints them as a space.
std::size_t code_point_width(char32_t cp) {
    if (cp >= 0x20 && cp < 0x7F) return 1; // ASCII needs no look-up
    int width = -1;
    if (locale_t locale = utf8_locale()) {
        locale_t previous = uselocale(locale);
        width = wcwidth(static_cast<wchar_t>(cp));
        uselocale(previous);
    } else if (cp >= 0x20) {
        width = 1;
    }
    return width < 0 ? 1 : static_cast<std::size_t>(width);
}

constexpr char32_t zero_width_joiner = 0x200D;
constexpr char32_t emoji_variation_selector = 0xFE0F;
bool is_skin_tone(char32_t cp) { return cp >= 0x1F3FB && cp <= 0x1F3FF; }

/// Adds up the widths of the code points of `text` the way a terminal draws
/// emoji sequences: a character after ZERO WIDTH JOINER and a skin-tone
/// modifier belong to the picture before them (0 columns), and
/// VARIATION SELECTOR-16 makes the narrow character before it an emoji of 2
/// columns. `each` sees every code point with the columns it adds.
template <class Each> std::size_t walk_columns(std::string_view text, Each&& each) {
    std::size_t width = 0;
    std::size_t previous_width = 0;
    char32_t previous = 0;
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t start = i;
        const char32_t cp = next_code_point(text, i);
        std::size_t w = code_point_width(cp);
        if (previous == zero_width_joiner || (is_skin_tone(cp) && previous_width == 2))
            w = 0;
        else if (cp == emoji_variation_selector && previous_width == 1)
            w = 1;
        each(cp, start, i, w);
        width += w;
        if (cp != zero_width_joiner) previous_width = w == 0 ? previous_width : w;
        if (cp == emoji_variation_selector) previous_width = 2;
        previous = cp;
    }
    return width;
}

bool is_control(char32_t cp) { return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0); }

} // namespace

std::size_t display_width(std::string_view text) {
    return walk_columns(text, [](char32_t, std::size_t, std::size_t, std::size_t) {});
}

std::string fit_cell(std::string_view text, std::size_t width) {
    // Keep whole code points, turning control characters (a newline in a
    // name) into spaces so a cell never breaks its row.
    std::string out;
    out.reserve(text.size());
    std::size_t used = 0;
    bool cut = false;
    const std::size_t full_width = display_width(text);
    // Leave one column for "…" when the text does not fit.
    const std::size_t limit = full_width > width ? width - std::min<std::size_t>(width, 1) : width;
    walk_columns(text, [&](char32_t cp, std::size_t start, std::size_t end, std::size_t w) {
        if (cut) return;
        if (used + w > limit) {
            cut = true;
            return;
        }
        if (is_control(cp))
            out += ' ';
        else if (cp == 0xFFFD && text.compare(start, 3, "\xEF\xBF\xBD") != 0)
            out += "\xEF\xBF\xBD"; // an invalid byte: print the replacement character
        else
            out.append(text.substr(start, end - start));
        used += w;
    });
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
