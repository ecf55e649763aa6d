// Address lists, dates and the decoded message header (RFC 5322).
#include "charsets.hpp"
#include "email_message.hpp"

#include <algorithm>
#include <array>
#include <cstring>

namespace leadbook::formats {

namespace {

struct Token {
    enum Kind { word, quoted, comment, angle, special } kind = word;
    std::string text;
    bool space_before = false;
};

[[noreturn]] void bad_list(const std::string& why) { fail(ErrorCode::validation, why); }

/// Text up to the matching `close`, honouring backslash escapes (and
/// nesting for comments). `at` is just past the opening character.
std::string take_delimited(std::string_view v, std::size_t& at, char open, char close, bool nests,
                           const char* what) {
    std::string out;
    int depth = 1;
    for (; at < v.size(); ++at) {
        const char c = v[at];
        if (c == '\\' && at + 1 < v.size() && open != '<') {
            out += v[++at];
            continue;
        }
        if (nests && c == open) ++depth;
        if (c == close && --depth == 0) {
            ++at;
            return out;
        }
        out += c;
    }
    bad_list(std::string("unterminated ") + what + " in '" + std::string(v.substr(0, 80)) + "'");
}

std::vector<Token> tokenize(std::string_view v) {
    std::vector<Token> tokens;
    bool space = false;
    for (std::size_t i = 0; i < v.size();) {
        const char c = v[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            space = true;
            ++i;
            continue;
        }
        Token t;
        t.space_before = space;
        space = false;
        if (c == '"') {
            ++i;
            t.kind = Token::quoted;
            t.text = take_delimited(v, i, '"', '"', false, "quoted name");
        } else if (c == '(') {
            ++i;
            t.kind = Token::comment;
            t.text = take_delimited(v, i, '(', ')', true, "comment");
        } else if (c == '<') {
            ++i;
            t.kind = Token::angle;
            t.text = take_delimited(v, i, '<', '>', false, "<address>");
        } else if (c == ',' || c == ':' || c == ';' || c == '@') {
            t.kind = Token::special;
            t.text = std::string(1, c);
            ++i;
        } else if (c == ')' || c == '>') {
            bad_list(std::string("unexpected '") + c + "' in '" + std::string(v.substr(0, 80)) +
                     "'");
        } else {
            t.kind = Token::word;
            while (i < v.size()) {
                const char d = v[i];
                if (d == ' ' || d == '\t' || d == '\r' || d == '\n' || d == '"' || d == '(' ||
                    d == ')' || d == '<' || d == '>' || d == ',' || d == ':' || d == ';' ||
                    d == '@')
                    break;
                t.text += d;
                ++i;
            }
        }
        tokens.push_back(std::move(t));
    }
    return tokens;
}

/// `text` (what is between < and >) without comments and white space
/// outside quoted strings: RFC 5322 allows CFWS around every part of an
/// address ("pete(his account)@silly.test(his host)").
std::string without_cfws(std::string_view text) {
    std::string out;
    int depth = 0;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\\' && i + 1 < text.size() && (quoted || depth > 0)) {
            if (quoted) {
                out += c;
                out += text[i + 1];
            }
            ++i;
            continue;
        }
        if (depth > 0) {
            if (c == '(') ++depth;
            if (c == ')') --depth;
            continue;
        }
        if (c == '"') quoted = !quoted;
        if (!quoted && c == '(') {
            depth = 1;
            continue;
        }
        if (!quoted && (c == ' ' || c == '\t' || c == '\r' || c == '\n')) continue;
        out += c;
    }
    if (depth > 0) bad_list("unterminated comment in '" + std::string(text.substr(0, 80)) + "'");
    return out;
}

/// Whether a quoted local-part word needs its quotes: "john" is john.
bool needs_quotes(std::string_view word) {
    if (word.empty()) return true;
    for (char c : word)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              std::strchr("!#$%&'*+-/=?^_`{|}~", c)))
            return true;
    return false;
}

std::string collapse_spaces(std::string_view text) {
    std::string out;
    bool space = false;
    for (char c : trim(text)) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            space = true;
            continue;
        }
        if (space && !out.empty()) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

MailAddress mailbox(const std::vector<Token>& tokens, bool strict) {
    MailAddress out;
    std::string phrase, comments, spec;
    bool angle = false, spec_has_gap = false;
    for (const auto& t : tokens) {
        switch (t.kind) {
        case Token::comment:
            comments = t.text;
            break; // "jane@example.com (Jane Doe)": the last one
        case Token::angle:
            if (angle) bad_list("two <addresses> in one mailbox");
            angle = true;
            out.address = without_cfws(t.text);
            break;
        case Token::word:
        case Token::quoted:
        case Token::special: {
            if (angle) break; // text after <address> is ignored, like mail programs do
            // A comment followed by more of the address was inside it
            // ("pete(his account)@silly.test"): not a name.
            comments.clear();
            if (!phrase.empty() && t.space_before) phrase += ' ';
            phrase += t.text;
            // Obsolete syntax allows white space around the dots and the @
            // of an address ("john . doe @ example . com").
            const bool joins = !spec.empty() && (spec.back() == '.' || spec.back() == '@' ||
                                                 t.text.starts_with('.') || t.text == "@");
            if (!spec.empty() && t.space_before && !joins) spec_has_gap = true;
            spec += t.kind == Token::quoted && needs_quotes(t.text) ? "\"" + t.text + "\"" : t.text;
            break;
        }
        }
    }
    if (angle) {
        // A source route (<@relay:jane@example.com>) is obsolete; drop it.
        if (auto colon = out.address.rfind(':'); colon != std::string::npos)
            out.address.erase(0, colon + 1);
        out.address = std::string(trim(out.address));
        out.display_name = collapse_spaces(decode_encoded_words(phrase, strict));
    } else {
        if (spec_has_gap)
            bad_list("'" + phrase + "' is not an address (a name goes with <address>)");
        out.address = spec;
    }
    if (out.display_name.empty())
        out.display_name = collapse_spaces(decode_encoded_words(comments, strict));
    if (match_key(out.display_name) == match_key(out.address)) out.display_name.clear();
    return out;
}

int month_number(std::string_view name) {
    static constexpr std::array<std::string_view, 12> months = {
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    if (name.size() < 3) return 0;
    for (std::size_t i = 0; i < months.size(); ++i)
        if (iequals_ascii(name.substr(0, 3), months[i])) return int(i) + 1;
    return 0;
}

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + std::int64_t(doe) - 719468;
}

bool all_digits(std::string_view s) {
    return !s.empty() && s.size() <= 9 &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int to_int(std::string_view s) {
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
}

} // namespace

std::vector<MailAddress> parse_address_list(std::string_view value, bool strict) {
    std::vector<MailAddress> out;
    std::vector<Token> current;
    auto end_mailbox = [&] {
        bool content = false;
        for (const auto& t : current)
            if (t.kind != Token::comment) content = true;
        if (content) out.push_back(mailbox(current, strict));
        current.clear();
    };
    for (auto& t : tokenize(value)) {
        if (t.kind == Token::special && (t.text == "," || t.text == ";")) {
            end_mailbox();
        } else if (t.kind == Token::special && t.text == ":") {
            current.clear(); // "Group name:" starts a group; its name is not an address
        } else {
            current.push_back(std::move(t));
        }
    }
    end_mailbox();
    return out;
}

std::optional<Timestamp> parse_mail_date(std::string_view value) {
    std::vector<std::string_view> words;
    std::string cleaned;
    int depth = 0;
    for (char c : value) { // comments out, commas to spaces
        if (c == '(')
            ++depth;
        else if (c == ')' && depth > 0)
            --depth;
        else if (depth == 0)
            cleaned += (c == ',' ? ' ' : c);
    }
    std::string_view rest = cleaned;
    while (!(rest = trim(rest)).empty()) {
        auto space = rest.find_first_of(" \t");
        words.push_back(rest.substr(0, space));
        if (space == std::string_view::npos) break;
        rest = rest.substr(space);
    }
    std::size_t i = 0;
    if (i < words.size() && !all_digits(words[i])) ++i; // day name
    if (i + 3 >= words.size()) return std::nullopt;
    if (!all_digits(words[i])) return std::nullopt;
    const int day = to_int(words[i]);
    const int month = month_number(words[i + 1]);
    if (!all_digits(words[i + 2]) || month == 0) return std::nullopt;
    int year = to_int(words[i + 2]);
    if (words[i + 2].size() <= 2)
        year += year < 50 ? 2000 : 1900;
    else if (words[i + 2].size() == 3)
        year += 1900;
    std::string_view time = words[i + 3];
    int parts[3] = {0, 0, 0};
    for (int p = 0; p < 3 && !time.empty(); ++p) {
        auto colon = time.find(':');
        auto piece = time.substr(0, colon);
        if (!all_digits(piece) || piece.size() > 2) return std::nullopt;
        parts[p] = to_int(piece);
        time = colon == std::string_view::npos ? std::string_view() : time.substr(colon + 1);
    }
    if (day < 1 || day > 31 || parts[0] > 23 || parts[1] > 59 || parts[2] > 60 || year > 9999)
        return std::nullopt;
    int offset_minutes = 0;
    if (i + 4 < words.size()) {
        std::string_view zone = words[i + 4];
        if ((zone[0] == '+' || zone[0] == '-') && zone.size() == 5 && all_digits(zone.substr(1))) {
            const int hhmm = to_int(zone.substr(1));
            offset_minutes = (hhmm / 100) * 60 + hhmm % 100;
            if (zone[0] == '-') offset_minutes = -offset_minutes;
        } else {
            static constexpr std::pair<std::string_view, int> zones[] = {
                {"EDT", -4}, {"EST", -5}, {"CDT", -5}, {"CST", -6},
                {"MDT", -6}, {"MST", -7}, {"PDT", -7}, {"PST", -8}};
            for (const auto& [name, hours] : zones)
                if (iequals_ascii(zone, name)) offset_minutes = hours * 60;
        }
    }
    const std::int64_t days = days_from_civil(year, unsigned(month), unsigned(day));
    const std::int64_t seconds = days * 86400 + parts[0] * 3600 + parts[1] * 60 + parts[2] -
                                 std::int64_t(offset_minutes) * 60;
    return Timestamp{seconds * 1000};
}

std::string format_address(const MailAddress& a) {
    if (a.display_name.empty()) return a.address;
    bool quote = false;
    for (char c : a.display_name)
        if (std::strchr("()<>[]:;@\\,.\"", c)) quote = true;
    std::string name;
    for (char c : a.display_name) {
        if (c == '"' || c == '\\') name += '\\';
        name += c;
    }
    return (quote ? "\"" + name + "\"" : name) + " <" + a.address + ">";
}

std::string name_from_address(std::string_view address) {
    std::string_view local = address.substr(0, address.find('@'));
    local = local.substr(0, local.find('+')); // jane+news@ is jane
    std::string out;
    bool start = true;
    for (char c : local) {
        if (c == '.' || c == '_' || c == '-') {
            if (!out.empty() && out.back() != ' ') out += ' ';
            start = true;
            continue;
        }
        out += start && c >= 'a' && c <= 'z' ? char(c - 32) : c;
        start = false;
    }
    out = std::string(trim(out));
    return out.empty() ? std::string(address) : out;
}

std::string full_name_from_display_name(std::string_view display_name) {
    std::string name = collapse_spaces(display_name);
    auto comma = name.find(',');
    if (comma == std::string::npos || name.find(',', comma + 1) != std::string::npos) return name;
    std::string last(trim(std::string_view(name).substr(0, comma)));
    std::string first(trim(std::string_view(name).substr(comma + 1)));
    if (last.empty() || first.empty()) return name;
    static constexpr std::string_view suffixes[] = {
        "inc",   "inc.", "ltd", "ltd.", "llc", "gmbh", "ag",  "co", "co.", "corp",
        "corp.", "s.a.", "sa",  "jr",   "jr.", "sr",   "sr.", "ii", "iii", "phd"};
    for (auto s : suffixes)
        if (iequals_ascii(first, s)) return name;
    return first + " " + last;
}

EmailMessage email_message_from_fields(const std::vector<HeaderField>& fields) {
    auto issue = [](std::int64_t line, std::string reason) {
        return ImportError(ImportIssue{line, 0, "From", std::move(reason)});
    };
    EmailMessage m;
    const HeaderField* from = nullptr;
    for (const auto& f : fields) {
        if (iequals_ascii(f.name, "From")) {
            if (from) throw issue(f.line, "the message has more than one From header");
            from = &f;
        } else if (iequals_ascii(f.name, "Subject")) {
            m.subject = decode_encoded_words(f.value, false);
        } else if (iequals_ascii(f.name, "Date")) {
            m.date_text = f.value;
            m.date = parse_mail_date(f.value);
        } else if (iequals_ascii(f.name, "Message-ID")) {
            std::string_view id = trim(f.value);
            if (id.size() >= 2 && id.front() == '<' && id.back() == '>')
                id = id.substr(1, id.size() - 2);
            m.message_id = std::string(trim(id));
        } else if (iequals_ascii(f.name, "To")) {
            try {
                for (const auto& a : parse_address_list(f.value, false))
                    m.to.push_back(format_address(a));
            } catch (const Error&) {
                m.to.push_back(decode_encoded_words(f.value, false));
            }
        }
    }
    if (!from) throw issue(0, "the message has no From header");
    if (trim(from->value).empty()) throw issue(from->line, "the From header is empty");
    std::vector<MailAddress> addresses;
    try {
        addresses = parse_address_list(from->value, true);
    } catch (const Error& e) {
        throw issue(from->line, e.what());
    }
    if (addresses.empty()) throw issue(from->line, "the From header has no address");
    if (addresses.size() > 1) {
        std::string list;
        for (const auto& a : addresses) list += (list.empty() ? "" : ", ") + a.address;
        throw issue(from->line, "the From header has " + std::to_string(addresses.size()) +
                                    " addresses (" + list + "); a lead needs exactly one");
    }
    if (!is_valid_email(addresses[0].address))
        throw issue(from->line, "'" + addresses[0].address + "' is not a valid e-mail address");
    m.from_name = addresses[0].display_name;
    m.from_address = addresses[0].address;
    m.from = format_address(addresses[0]);
    return m;
}

} // namespace leadbook::formats

namespace leadbook {

EmailMessage parse_email_message(std::string_view message) {
    return formats::email_message_from_fields(formats::read_header_fields(message));
}

EmailMessage parse_email_message(std::istream& message) {
    return formats::email_message_from_fields(formats::read_header_fields(message));
}

} // namespace leadbook
