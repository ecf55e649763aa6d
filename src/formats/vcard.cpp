#include "vcard.hpp"

#include "charsets.hpp"

namespace leadbook::formats {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

/// Quoted-printable to bytes; "=XY" is a byte, anything else is kept.
std::string decode_quoted_printable(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '=' && i + 2 < text.size()) {
            const int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out += char(hi * 16 + lo);
                i += 2;
                continue;
            }
        }
        out += text[i];
    }
    return out;
}

/// RFC 6868: ^n is a line break, ^' a double quote, ^^ a caret.
std::string unescape_parameter(std::string_view value) {
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
        value = value.substr(1, value.size() - 2);
    std::string out;
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] == '^' && i + 1 < value.size()) {
            char n = value[i + 1];
            if (n == 'n' || n == 'N' || n == '\'' || n == '^') {
                out += n == '^' ? '^' : n == '\'' ? '"' : '\n';
                ++i;
                continue;
            }
        }
        out += value[i];
    }
    return out;
}

/// Takes the invalid_marker bytes out of `line` in one pass (taking them
/// out one by one was quadratic in a line full of them); returns how many.
std::size_t remove_invalid_markers(std::string& line) { return std::erase(line, invalid_marker); }

bool is_keyword(std::string_view line, std::string_view keyword) {
    return iequals_ascii(trim(line), keyword);
}

} // namespace

std::string VCardProperty::parameter(std::string_view name) const {
    std::string out;
    for (const auto& p : parameters)
        if (iequals_ascii(p.name, name)) out += (out.empty() ? "" : ",") + p.value;
    return out;
}

bool VCardProperty::has_type(std::string_view type) const {
    for (const auto& p : parameters) {
        if (!iequals_ascii(p.name, "TYPE")) continue;
        std::string_view rest = p.value;
        while (true) {
            auto comma = rest.find(',');
            if (iequals_ascii(trim(rest.substr(0, comma)), type)) return true;
            if (comma == std::string_view::npos) break;
            rest = rest.substr(comma + 1);
        }
    }
    return false;
}

VCardReader::VCardReader(ByteSource& source, std::size_t max_card_bytes)
    : decoder_(source), max_card_bytes_(max_card_bytes) {}

bool VCardReader::physical_line(std::string& line, std::int64_t& number) {
    line.clear();
    if (has_peek_) {
        has_peek_ = false;
        line.swap(peek_);
        number = peek_number_;
        return true;
    }
    bool any = false;
    number = line_ + 1;
    while (true) {
        if (pos_ == text_.size()) {
            text_.clear();
            pos_ = 0;
            if (eof_ || !decoder_.read(text_)) {
                eof_ = true;
                if (any) ++line_;
                return any;
            }
            continue;
        }
        any = true;
        auto end = text_.find('\n', pos_);
        std::size_t stop = end == std::string::npos ? text_.size() : end;
        if (line.size() + (stop - pos_) <= max_card_bytes_) line.append(text_, pos_, stop - pos_);
        pos_ = stop;
        if (end != std::string::npos) {
            ++pos_;
            ++line_;
            break;
        }
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return true;
}

bool VCardReader::logical_line(std::string& line, std::int64_t& number) {
    if (!physical_line(line, number)) return false;
    std::string next;
    std::int64_t next_number = 0;
    while (physical_line(next, next_number)) {
        if (!next.empty() && (next[0] == ' ' || next[0] == '\t')) {
            if (line.size() < max_card_bytes_) line.append(next, 1);
            continue;
        }
        peek_.swap(next);
        peek_number_ = next_number;
        has_peek_ = true;
        break;
    }
    return true;
}

void VCardReader::problem(std::int64_t line, std::string name, std::string reason) {
    if (has_problem_) return;
    has_problem_ = true;
    problem_ = ImportIssue{line, 0, std::move(name), std::move(reason)};
}

bool VCardReader::parse_property(const std::string& line, std::int64_t number, VCardProperty& out) {
    // NAME;PARAM=VALUE;...:value, where ':' and ';' in quoted parameter values do not count.
    bool quoted = false;
    std::size_t colon = std::string::npos;
    std::vector<std::size_t> semicolons;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '"') quoted = !quoted;
        if (quoted) continue;
        if (line[i] == ';') semicolons.push_back(i);
        if (line[i] == ':') {
            colon = i;
            break;
        }
    }
    if (colon == std::string::npos) {
        problem(number, "",
                "the line is not a property (NAME:value): '" + line.substr(0, 60) + "'");
        return false;
    }
    out = VCardProperty{};
    out.line = number;
    std::size_t name_end = semicolons.empty() ? colon : semicolons.front();
    std::string name(trim(std::string_view(line).substr(0, name_end)));
    if (auto dot = name.rfind('.'); dot != std::string::npos) {
        out.group = name.substr(0, dot);
        name = name.substr(dot + 1);
    }
    for (char& c : name)
        if (c >= 'a' && c <= 'z') c = char(c - 32);
    out.name = name;
    semicolons.push_back(colon);
    for (std::size_t i = 0; i + 1 < semicolons.size(); ++i) {
        std::string_view param = trim(std::string_view(line).substr(
            semicolons[i] + 1, semicolons[i + 1] - semicolons[i] - 1));
        if (param.empty()) continue;
        auto eq = param.find('=');
        VCardParameter p;
        if (eq == std::string_view::npos) {
            p.name = "TYPE";
            p.value = std::string(param);
        } else {
            p.name = ascii_lower(trim(param.substr(0, eq)));
            for (char& c : p.name)
                if (c >= 'a' && c <= 'z') c = char(c - 32);
            p.value = unescape_parameter(trim(param.substr(eq + 1)));
        }
        // 2.1 writes ENCODING and CHARSET bare at times ("QUOTED-PRINTABLE").
        if (p.name == "TYPE" && iequals_ascii(p.value, "QUOTED-PRINTABLE")) p.name = "ENCODING";
        out.parameters.push_back(std::move(p));
    }
    out.value = line.substr(colon + 1);
    return true;
}

bool VCardReader::next(VCard& card) {
    std::string line;
    std::int64_t number = 0;
    has_problem_ = false;
    if (begin_pending_) {
        // The BEGIN line that ended a run of text outside cards.
        begin_pending_ = false;
        number = begin_line_;
    } else {
        // Outside a card: skip blank lines; other text is one problem per run.
        std::int64_t junk_line = 0;
        while (true) {
            if (!logical_line(line, number)) {
                if (junk_line)
                    throw ImportError(
                        ImportIssue{junk_line, 0, "", "text outside BEGIN:VCARD ... END:VCARD"});
                return false;
            }
            for (std::size_t n = remove_invalid_markers(line); n > 0; --n)
                decoder_.take_invalid_reason();
            if (is_keyword(line, "BEGIN:VCARD")) break;
            if (!trim(line).empty() && !junk_line) junk_line = number;
        }
        if (junk_line) {
            begin_pending_ = true;
            begin_line_ = number;
            throw ImportError(
                ImportIssue{junk_line, 0, "", "text outside BEGIN:VCARD ... END:VCARD"});
        }
    }
    card = VCard{};
    card.line = number;
    std::size_t bytes = 0;
    int nested = 0;
    while (true) {
        if (!logical_line(line, number))
            throw ImportError(
                ImportIssue{card.line, 0, "", "the card that starts here has no END:VCARD"});
        bytes += line.size();
        if (bytes > max_card_bytes_)
            problem(card.line, "",
                    "the card is larger than " + std::to_string(max_card_bytes_) + " bytes");
        for (std::size_t n = remove_invalid_markers(line); n > 0; --n)
            problem(number, "", decoder_.take_invalid_reason());
        if (is_keyword(line, "END:VCARD")) {
            if (nested-- == 0) break;
            continue;
        }
        if (is_keyword(line, "BEGIN:VCARD")) {
            ++nested; // an embedded card (2.1 AGENT) is not read
            continue;
        }
        if (nested > 0 || trim(line).empty()) continue;
        VCardProperty property;
        if (!parse_property(line, number, property)) continue;
        if (iequals_ascii(property.parameter("ENCODING"), "QUOTED-PRINTABLE")) {
            // Soft line breaks: a value ending in '=' goes on on the next line.
            std::string more;
            std::int64_t more_number = 0;
            while (!property.value.empty() && property.value.back() == '=' &&
                   physical_line(more, more_number)) {
                property.value.pop_back();
                property.value += more;
                bytes += more.size();
                if (bytes > max_card_bytes_) break;
            }
            std::string raw = decode_quoted_printable(property.value), converted, error;
            std::string charset = property.parameter("CHARSET");
            if (convert_to_utf8(raw, charset.empty() ? "utf-8" : charset, converted, error) ||
                (charset.empty() && convert_to_utf8(raw, "windows-1252", converted, error)))
                property.value = std::move(converted);
            else
                problem(property.line, property.name, "quoted-printable value: " + error);
        }
        if (property.name == "VERSION") card.version = std::string(trim(property.value));
        card.properties.push_back(std::move(property));
    }
    if (has_problem_) throw ImportError(problem_);
    return true;
}

std::vector<std::string> split_components(std::string_view value, char separator) {
    std::vector<std::string> parts(1);
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] == '\\' && i + 1 < value.size()) {
            parts.back() += value[i];
            parts.back() += value[++i];
        } else if (value[i] == separator) {
            parts.emplace_back();
        } else {
            parts.back() += value[i];
        }
    }
    for (auto& p : parts) p = unescape_text(p);
    return parts;
}

std::string unescape_text(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] != '\\' || i + 1 == value.size()) {
            out += value[i];
            continue;
        }
        const char n = value[++i];
        out += (n == 'n' || n == 'N') ? '\n' : n;
    }
    return out;
}

std::string escape_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\\' || c == ',' || c == ';') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            if (i + 1 >= text.size() || text[i + 1] != '\n') out += "\\n";
        } else {
            out += c;
        }
    }
    return out;
}

void append_folded(std::string& out, std::string_view line) {
    std::size_t limit = 75;
    while (line.size() > limit) {
        std::size_t cut = limit;
        // Do not cut inside a UTF-8 sequence.
        while (cut > 1 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
        out.append(line.substr(0, cut));
        out += "\r\n ";
        line.remove_prefix(cut);
        limit = 74; // the leading space counts
    }
    out.append(line);
    out += "\r\n";
}

std::string parameter_value(std::string_view value) {
    std::string out;
    bool quote = false;
    for (char c : value) {
        if (c == ',' || c == ';' || c == ':' || c == ' ') quote = true;
        if (c == '"')
            out += "^'";
        else if (c == '^')
            out += "^^";
        else if (c == '\n')
            out += "^n";
        else
            out += c;
    }
    return quote ? "\"" + out + "\"" : out;
}

} // namespace leadbook::formats
