#include <leadbook/values.hpp>

#include <array>
#include <charconv>
#include <chrono>

namespace leadbook {

namespace {

bool read_digits(std::string_view text, std::size_t at, std::size_t count, int& out) {
    if (at + count > text.size()) return false;
    int value = 0;
    for (std::size_t i = at; i < at + count; ++i) {
        char c = text[i];
        if (c < '0' || c > '9') return false;
        value = value * 10 + (c - '0');
    }
    out = value;
    return true;
}

std::optional<std::chrono::sys_days> parse_day(std::string_view text) {
    int y = 0, m = 0, d = 0;
    if (text.size() < 10 || text[4] != '-' || text[7] != '-' || !read_digits(text, 0, 4, y) ||
        !read_digits(text, 5, 2, m) || !read_digits(text, 8, 2, d))
        return std::nullopt;
    std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{unsigned(m)},
                                    std::chrono::day{unsigned(d)}};
    if (!ymd.ok()) return std::nullopt;
    return std::chrono::sys_days{ymd};
}

std::string format_day(std::chrono::sys_days day) {
    std::chrono::year_month_day ymd{day};
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()),
                  unsigned(ymd.day()));
    return buf;
}

constexpr char base64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

} // namespace

Timestamp Timestamp::now() {
    using namespace std::chrono;
    return Timestamp{duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count()};
}

std::optional<Timestamp> Timestamp::parse(std::string_view text) {
    auto day = parse_day(text);
    // Seconds may be left out ("2026-11-27T09:30Z"), as ISO 8601 allows.
    if (!day || text.size() < 17 || (text[10] != 'T' && text[10] != 't' && text[10] != ' ') ||
        text[13] != ':')
        return std::nullopt;
    int hh = 0, mm = 0, ss = 0;
    if (!read_digits(text, 11, 2, hh) || !read_digits(text, 14, 2, mm) || hh > 23 || mm > 59)
        return std::nullopt;
    std::size_t at = 16;
    if (text[at] == ':') {
        if (!read_digits(text, 17, 2, ss) || ss > 60) return std::nullopt;
        at = 19;
    }
    std::int64_t millis = 0;
    if (at == 19 && at < text.size() && text[at] == '.') { // fractions of a second only
        ++at;
        std::size_t digits = 0;
        std::int64_t scale = 100;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
            millis += (text[at] - '0') * scale;
            scale /= 10;
            ++at;
            ++digits;
        }
        if (digits == 0 || digits > 9) return std::nullopt;
    }
    std::int64_t offset_minutes = 0;
    if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
        ++at;
    } else if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
        int oh = 0, om = 0;
        if (at + 6 != text.size() || text[at + 3] != ':' || !read_digits(text, at + 1, 2, oh) ||
            !read_digits(text, at + 4, 2, om) || oh > 23 || om > 59)
            return std::nullopt;
        offset_minutes = (oh * 60 + om) * (text[at] == '-' ? -1 : 1);
        at += 6;
    } else {
        return std::nullopt; // a time without zone is ambiguous
    }
    if (at != text.size()) return std::nullopt;
    std::int64_t seconds = std::int64_t(day->time_since_epoch().count()) * 86400 + hh * 3600 +
                           mm * 60 + ss - offset_minutes * 60;
    return Timestamp{seconds * 1000 + millis};
}

std::string Timestamp::to_string() const {
    std::int64_t seconds = millis / 1000;
    std::int64_t ms = millis % 1000;
    if (ms < 0) {
        ms += 1000;
        seconds -= 1;
    }
    std::int64_t days = seconds / 86400;
    std::int64_t rest = seconds % 86400;
    if (rest < 0) {
        rest += 86400;
        days -= 1;
    }
    std::string out = format_day(std::chrono::sys_days{std::chrono::days{days}});
    char buf[32];
    if (ms)
        std::snprintf(buf, sizeof buf, "T%02d:%02d:%02d.%03dZ", int(rest / 3600),
                      int(rest / 60 % 60), int(rest % 60), int(ms));
    else
        std::snprintf(buf, sizeof buf, "T%02d:%02d:%02dZ", int(rest / 3600), int(rest / 60 % 60),
                      int(rest % 60));
    return out + buf;
}

Date Date::from_ymd(int year, unsigned month, unsigned day) {
    std::chrono::sys_days d{std::chrono::year_month_day{
        std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}}};
    return Date{static_cast<std::int32_t>(d.time_since_epoch().count())};
}

std::optional<Date> Date::parse(std::string_view text) {
    if (text.size() != 10) return std::nullopt;
    auto day = parse_day(text);
    if (!day) return std::nullopt;
    return Date{static_cast<std::int32_t>(day->time_since_epoch().count())};
}

std::string Date::to_string() const {
    return format_day(std::chrono::sys_days{std::chrono::days{days}});
}

std::string base64_encode(const std::vector<std::uint8_t>& data) {
    std::string out;
    out.reserve((data.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= data.size(); i += 3) {
        std::uint32_t n = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
        out += base64_alphabet[(n >> 18) & 63];
        out += base64_alphabet[(n >> 12) & 63];
        out += base64_alphabet[(n >> 6) & 63];
        out += base64_alphabet[n & 63];
    }
    if (std::size_t rest = data.size() - i) {
        std::uint32_t n = data[i] << 16;
        if (rest == 2) n |= data[i + 1] << 8;
        out += base64_alphabet[(n >> 18) & 63];
        out += base64_alphabet[(n >> 12) & 63];
        out += rest == 2 ? base64_alphabet[(n >> 6) & 63] : '=';
        out += '=';
    }
    return out;
}

std::optional<std::vector<std::uint8_t>> base64_decode(std::string_view text) {
    static const auto table = [] {
        std::array<int, 256> t{};
        t.fill(-1);
        for (int i = 0; i < 64; ++i) t[static_cast<unsigned char>(base64_alphabet[i])] = i;
        return t;
    }();
    if (text.size() % 4 != 0) return std::nullopt;
    std::vector<std::uint8_t> out;
    out.reserve(text.size() / 4 * 3);
    for (std::size_t i = 0; i < text.size(); i += 4) {
        int v[4];
        int pad = 0;
        for (int k = 0; k < 4; ++k) {
            unsigned char c = static_cast<unsigned char>(text[i + k]);
            if (c == '=' && i + 4 == text.size() && k >= 2) {
                v[k] = 0;
                ++pad;
            } else {
                if (pad) return std::nullopt; // data after padding
                v[k] = table[c];
                if (v[k] < 0) return std::nullopt;
            }
        }
        std::uint32_t n = (v[0] << 18) | (v[1] << 12) | (v[2] << 6) | v[3];
        out.push_back(static_cast<std::uint8_t>(n >> 16));
        if (pad < 2) out.push_back(static_cast<std::uint8_t>(n >> 8));
        if (pad < 1) out.push_back(static_cast<std::uint8_t>(n));
    }
    return out;
}

std::optional<Money> Money::parse(std::string_view text) {
    std::size_t at = 0;
    bool negative = false;
    if (at < text.size() && (text[at] == '-' || text[at] == '+')) negative = text[at++] == '-';
    std::int64_t whole = 0;
    std::size_t digits = 0;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') {
        if (__builtin_mul_overflow(whole, 10, &whole) ||
            __builtin_add_overflow(whole, text[at] - '0', &whole))
            return std::nullopt;
        ++at;
        ++digits;
    }
    std::int64_t cents = 0;
    std::size_t decimals = 0;
    if (at < text.size() && text[at] == '.') {
        ++at;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9' && decimals < 3) {
            cents = cents * 10 + (text[at] - '0');
            ++at;
            ++decimals;
        }
        if (decimals == 0 || decimals > 2) return std::nullopt;
        if (decimals == 1) cents *= 10;
    }
    if (digits == 0 || at != text.size()) return std::nullopt;
    std::int64_t minor = 0;
    if (__builtin_mul_overflow(whole, 100, &minor) || __builtin_add_overflow(minor, cents, &minor))
        return std::nullopt;
    return Money{negative ? -minor : minor};
}

std::string Money::to_string() const {
    // Unsigned arithmetic: the most negative amount has no positive twin.
    std::uint64_t magnitude = minor_units < 0 ? 0 - static_cast<std::uint64_t>(minor_units)
                                              : static_cast<std::uint64_t>(minor_units);
    std::string out = minor_units < 0 ? "-" : "";
    out += std::to_string(magnitude / 100);
    char cents[4];
    std::snprintf(cents, sizeof cents, ".%02u", unsigned(magnitude % 100));
    return out + cents;
}

bool is_valid_email(std::string_view address) {
    if (address.size() > 254) return false;
    auto at = address.rfind('@');
    if (at == std::string_view::npos || at == 0 || at > 64) return false;
    std::string_view local = address.substr(0, at);
    std::string_view domain = address.substr(at + 1);
    if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos)
        return false;
    for (unsigned char c : local) {
        if (c <= ' ' || c == 0x7f || c == '@' || c == '(' || c == ')' || c == ',' || c == ':' ||
            c == ';' || c == '<' || c == '>' || c == '[' || c == ']' || c == '\\' || c == '"')
            return false;
    }
    if (domain.empty() || domain.size() > 253 || domain.find('.') == std::string_view::npos)
        return false;
    std::size_t label_start = 0;
    for (std::size_t i = 0; i <= domain.size(); ++i) {
        if (i == domain.size() || domain[i] == '.') {
            std::size_t len = i - label_start;
            if (len == 0 || len > 63) return false;
            if (domain[label_start] == '-' || domain[i - 1] == '-') return false;
            label_start = i + 1;
            continue;
        }
        unsigned char c = static_cast<unsigned char>(domain[i]);
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c >= 0x80; // internationalised domains in UTF-8
        if (!ok) return false;
    }
    return true;
}

bool is_valid_utf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            ++i;
            continue;
        }
        int extra = 0;
        std::uint32_t cp = 0;
        if ((c & 0xE0) == 0xC0) {
            extra = 1;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + extra >= text.size()) return false;
        for (int k = 1; k <= extra; ++k) {
            auto cc = static_cast<unsigned char>(text[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        static constexpr std::uint32_t min_for[] = {0, 0x80, 0x800, 0x10000};
        if (cp < min_for[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += extra + 1;
    }
    return true;
}

} // namespace leadbook
