// Reading header fields and decoding RFC 2047 encoded words.
#include "charsets.hpp"
#include "email_message.hpp"

#include <algorithm>

namespace leadbook::formats {

namespace {

/// Header text that is not ASCII: UTF-8 when valid (RFC 6532), else the
/// Windows-1252 mail programs of old wrote (the five bytes it lacks are
/// dropped).
std::string to_utf8(std::string_view raw) {
    std::string out, error;
    if (convert_to_utf8(raw, "utf-8", out, error)) return out;
    std::size_t dropped = 0;
    return convert_dropping_invalid(raw, "windows-1252", dropped);
}

class FieldCollector {
public:
    explicit FieldCollector(std::vector<HeaderField>& out) : out_(out) {}

    /// Takes one line (without its line break); false at the empty line
    /// that ends the header.
    bool line(std::string_view text) {
        ++number_;
        if (text.empty()) return false;
        if ((text[0] == ' ' || text[0] == '\t') && !out_.empty() && open_) {
            raw_ += text; // unfolding: drop the line break, keep the space
            return true;
        }
        close();
        auto colon = text.find(':');
        if (colon == std::string_view::npos || colon == 0) return true; // "From " mbox line, junk
        std::string_view name = text.substr(0, colon);
        // Obsolete syntax (RFC 5322 4.5): white space between the name and
        // its colon ("From  :").
        while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
        if (name.empty()) return true;
        for (char c : name)
            if (c <= ' ' || c > '~') return true;
        HeaderField& f = out_.emplace_back();
        f.line = number_;
        f.name = std::string(name);
        raw_.assign(text.substr(colon + 1));
        open_ = true;
        return true;
    }

    void close() {
        if (!open_) return;
        out_.back().value = to_utf8(trim(raw_));
        open_ = false;
    }

private:
    std::vector<HeaderField>& out_;
    std::string raw_;
    std::int64_t number_ = 0;
    bool open_ = false;
};

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

bool decode_base64(std::string_view text, std::string& out) {
    out.clear();
    std::uint32_t bits = 0;
    int count = 0;
    std::size_t padding = 0;
    for (char c : text) {
        int v;
        if (c >= 'A' && c <= 'Z')
            v = c - 'A';
        else if (c >= 'a' && c <= 'z')
            v = c - 'a' + 26;
        else if (c >= '0' && c <= '9')
            v = c - '0' + 52;
        else if (c == '+')
            v = 62;
        else if (c == '/')
            v = 63;
        else if (c == '=') {
            ++padding;
            continue;
        } else
            return false;
        if (padding) return false; // data after padding
        bits = (bits << 6) | std::uint32_t(v);
        count += 6;
        if (count >= 8) {
            count -= 8;
            out += char((bits >> count) & 0xFF);
        }
    }
    return padding <= 2 && count < 6;
}

bool decode_q(std::string_view text, std::string& out) {
    out.clear();
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '_') {
            out += ' ';
        } else if (c == '=') {
            if (i + 2 >= text.size()) return false;
            const int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
            if (hi < 0 || lo < 0) return false;
            out += char(hi * 16 + lo);
            i += 2;
        } else {
            out += c;
        }
    }
    return true;
}

struct EncodedWord {
    std::size_t end = 0; ///< one past "?="
    std::string charset;
    std::string bytes;
};

/// Parses "=?charset?X?text?=" at text[at]; nullopt with `why` if it is not
/// a well-formed encoded word.
std::optional<EncodedWord> parse_encoded_word(std::string_view text, std::size_t at,
                                              std::string& why, std::size_t& next_close) {
    const std::size_t q1 = text.find('?', at + 2);
    if (q1 == std::string_view::npos || q1 + 2 >= text.size() || text[q1 + 2] != '?') {
        why = "it does not have the form =?charset?Q|B?text?=";
        return std::nullopt;
    }
    // The first "?=" from q1 + 3 on. `next_close` is the one found last:
    // still good when it lies at or after q1 + 3 (or there was none), so
    // that words that are never closed do not each search the rest of the text.
    if (next_close != std::string_view::npos && next_close < q1 + 3)
        next_close = text.find("?=", q1 + 3);
    const std::size_t end = next_close;
    if (end == std::string_view::npos) {
        why = "it is not closed with ?=";
        return std::nullopt;
    }
    EncodedWord w;
    w.charset = std::string(text.substr(at + 2, q1 - at - 2));
    if (auto star = w.charset.find('*'); star != std::string::npos)
        w.charset.resize(star); // RFC 2231 language
    const char encoding = text[q1 + 1];
    const std::string_view payload = text.substr(q1 + 3, end - q1 - 3);
    if (w.charset.empty()) {
        why = "it names no charset";
        return std::nullopt;
    }
    bool ok = false;
    if (encoding == 'B' || encoding == 'b')
        ok = decode_base64(payload, w.bytes);
    else if (encoding == 'Q' || encoding == 'q')
        ok = decode_q(payload, w.bytes);
    else {
        why = std::string("'") + encoding + "' is not an encoding (Q or B)";
        return std::nullopt;
    }
    if (!ok) {
        why = std::string("its ") + char(encoding & ~0x20) + "-encoded text is malformed";
        return std::nullopt;
    }
    w.end = end + 2;
    return w;
}

[[noreturn]] void malformed(std::string_view text, std::size_t at, std::size_t end,
                            const std::string& why) {
    std::string word(text.substr(at, std::min<std::size_t>(end - at, 80)));
    fail(ErrorCode::validation, "malformed encoded word '" + word + "': " + why);
}

} // namespace

namespace {

[[noreturn]] void header_too_long(std::size_t max_bytes) {
    fail(ErrorCode::validation, "the message's header is longer than " + std::to_string(max_bytes) +
                                    " bytes, the limit of a header; nothing was read");
}

} // namespace

std::vector<HeaderField> read_header_fields(std::string_view message, std::size_t max_bytes) {
    std::vector<HeaderField> out;
    FieldCollector collector(out);
    // A header that runs past the limit is refused whole: cut short, its
    // last field would be read as something it is not.
    const bool cut = message.size() > max_bytes;
    if (cut) message = message.substr(0, max_bytes);
    bool ended = false;
    while (!message.empty()) {
        auto nl = message.find('\n');
        std::string_view line = message.substr(0, nl);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (!collector.line(line)) {
            ended = true;
            break;
        }
        if (nl == std::string_view::npos) break;
        message.remove_prefix(nl + 1);
    }
    if (cut && !ended) header_too_long(max_bytes);
    collector.close();
    return out;
}

std::vector<HeaderField> read_header_fields(std::istream& message, std::size_t max_bytes) {
    std::vector<HeaderField> out;
    FieldCollector collector(out);
    std::string line;
    std::size_t total = 0;
    // One line, counting every byte against the limit as it is read: a
    // line without end never grows past it.
    auto read_line = [&] {
        line.clear();
        bool any = false;
        for (int c = message.get(); c != std::char_traits<char>::eof(); c = message.get()) {
            any = true;
            if (++total > max_bytes) header_too_long(max_bytes);
            if (c == '\n') return true;
            line.push_back(char(c));
        }
        return any;
    };
    // The header ends at its blank line or at the end of the input.
    while (read_line()) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!collector.line(line)) break;
    }
    collector.close();
    return out;
}

std::string decode_encoded_words(std::string_view text, bool strict) {
    std::string out;
    std::size_t i = 0;
    std::size_t after_word = std::string_view::npos; // where the last encoded word ended
    std::string pending_charset, pending_bytes;      // adjacent words, one charset
    std::size_t pending_start = 0, pending_end = 0;  // their text
    std::size_t next_close = 0;                      // parse_encoded_word's "?=" (0: not yet found)
    auto flush = [&] {
        if (pending_charset.empty()) return;
        std::string converted, error;
        if (convert_to_utf8(pending_bytes, pending_charset, converted, error))
            out += converted;
        else if (strict)
            malformed(text, pending_start, pending_end, error);
        else
            out.append(text.substr(pending_start, pending_end - pending_start)); // shown as written
        pending_bytes.clear();
        pending_charset.clear();
    };
    while (i < text.size()) {
        const auto start = text.find("=?", i);
        if (start == std::string_view::npos) break;
        std::string why;
        auto word = parse_encoded_word(text, start, why, next_close);
        if (!word) {
            if (strict) {
                auto end = text.find_first_of(" \t", start);
                malformed(text, start, end == std::string_view::npos ? text.size() : end, why);
            }
            flush();
            out.append(text.substr(i, start + 2 - i));
            i = start + 2;
            after_word = std::string_view::npos;
            continue;
        }
        // White space between two encoded words is not text (RFC 2047 6.2).
        std::string_view between = text.substr(i, start - i);
        const bool adjacent = after_word == i && trim(between).empty();
        if (!adjacent) {
            flush();
            out.append(between);
        }
        if (!pending_charset.empty() && !iequals_ascii(pending_charset, word->charset)) flush();
        if (pending_charset.empty()) {
            pending_charset = word->charset;
            pending_start = start;
        }
        pending_bytes += word->bytes;
        i = after_word = pending_end = word->end;
    }
    flush();
    out.append(text.substr(std::min(i, text.size())));
    return out;
}

} // namespace leadbook::formats
