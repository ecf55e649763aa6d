// charsets.cpp: character sets through iconv, detection through uchardet,
// and UTF-8 helpers.
#include "charsets.hpp"

#include <uchardet/uchardet.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <iconv.h>
#include <memory>
#include <utility>

namespace leadbook::formats {

namespace {

bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

} // namespace

bool iequals_ascii(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c + 32) : c; };
               return lower(x) == lower(y);
           });
}

std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = char(c + 32);
    return out;
}

std::string_view trim(std::string_view text) noexcept {
    while (!text.empty() && is_space(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    while (!text.empty() && is_space(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    return text;
}

bool is_utf8_name(std::string_view name) noexcept {
    return iequals_ascii(name, "utf-8") || iequals_ascii(name, "utf8") ||
           iequals_ascii(name, "us-ascii") || iequals_ascii(name, "ascii") ||
           iequals_ascii(name, "ansi_x3.4-1968");
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

int decode_utf8(std::string_view text, std::size_t at, char32_t& cp) noexcept {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(at);
    if (lead < 0x80) {
        cp = lead;
        return 1;
    }
    int length = 0;
    char32_t min = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        cp = lead & 0x1F;
        min = 0x80;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        cp = lead & 0x0F;
        min = 0x800;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        cp = lead & 0x07;
        min = 0x10000;
    } else {
        return 0;
    }
    for (int i = 1; i < length; ++i) {
        if (at + std::size_t(i) >= text.size()) {
            // Cut off: valid so far? Check the second byte's range early so
            // that a clearly invalid start is not mistaken for a cut one.
            return -1;
        }
        const unsigned char c = byte(at + std::size_t(i));
        if ((c & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (c & 0x3F);
        if (i == 1 && length >= 3) {
            // Reject overlong forms, surrogates and > U+10FFFF as early as
            // the second byte allows.
            const char32_t top = cp; // lead bits plus 6 bits
            if (length == 3 && (top < 0x20 || (top >= 0x360 && top <= 0x37F))) return 0;
            if (length == 4 && (top < 0x10 || top > 0x10F)) return 0;
        }
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return length;
}

namespace {

bool starts_with_ascii_ci(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && iequals_ascii(text.substr(0, prefix.size()), prefix);
}

/// Names are plain words: iconv reads "//" suffixes as options.
bool plain_name(std::string_view name) {
    if (name.empty() || name.size() > 64) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '-' || c == '_' || c == '.' || c == ':';
    });
}

} // namespace

CharsetDecoder::CharsetDecoder(std::string_view name) : name_(ascii_lower(name)), handle_(nullptr) {
    if (!plain_name(name)) return;
    iconv_t cd = iconv_open("UTF-8", name_.c_str());
    if (cd == reinterpret_cast<iconv_t>(-1)) return; // iconv_open's (iconv_t)-1
    handle_ = cd;
    if (starts_with_ascii_ci(name_, "utf-16") || starts_with_ascii_ci(name_, "utf16") ||
        starts_with_ascii_ci(name_, "ucs-2") || starts_with_ascii_ci(name_, "ucs2"))
        unit_bytes_ = 2;
    if (starts_with_ascii_ci(name_, "utf-32") || starts_with_ascii_ci(name_, "utf32") ||
        starts_with_ascii_ci(name_, "ucs-4") || starts_with_ascii_ci(name_, "ucs4"))
        unit_bytes_ = 4;
}

CharsetDecoder::~CharsetDecoder() {
    if (handle_) iconv_close(static_cast<iconv_t>(handle_));
}

CharsetDecoder::CharsetDecoder(CharsetDecoder&& other) noexcept
    : name_(std::move(other.name_)), handle_(std::exchange(other.handle_, nullptr)),
      unit_bytes_(other.unit_bytes_) {}

CharsetDecoder& CharsetDecoder::operator=(CharsetDecoder&& other) noexcept {
    if (this != &other) {
        if (handle_) iconv_close(static_cast<iconv_t>(handle_));
        name_ = std::move(other.name_);
        handle_ = std::exchange(other.handle_, nullptr);
        unit_bytes_ = other.unit_bytes_;
    }
    return *this;
}

bool CharsetDecoder::valid() const noexcept { return handle_ != nullptr; }

CharsetDecoder::Stop CharsetDecoder::convert(std::string_view& in, std::string& out) {
    if (!handle_) return Stop::invalid;
    while (!in.empty()) {
        // UTF-8 takes at most 4 bytes per input byte (1 byte of GB18030 or
        // UTF-8 never makes more than 4); grow `out` and let iconv fill it.
        const std::size_t room = in.size() * 4 + 16;
        const std::size_t used = out.size();
        out.resize(used + room);
        char* source = const_cast<char*>(in.data());
        std::size_t source_left = in.size();
        char* target = out.data() + used;
        std::size_t target_left = room;
        const std::size_t result =
            iconv(static_cast<iconv_t>(handle_), &source, &source_left, &target, &target_left);
        const int error = errno;
        out.resize(used + (room - target_left));
        in.remove_prefix(in.size() - source_left);
        if (result != std::size_t(-1)) continue;
        if (error == E2BIG) continue;
        if (error == EINVAL) return Stop::incomplete;
        return Stop::invalid;
    }
    return Stop::done;
}

std::string convert_dropping_invalid(std::string_view bytes, std::string_view charset,
                                     std::size_t& dropped) {
    CharsetDecoder decoder(charset);
    std::string out;
    if (!decoder.valid()) return out;
    while (decoder.convert(bytes, out) == CharsetDecoder::Stop::invalid) {
        ++dropped;
        bytes.remove_prefix(std::min(bytes.size(), decoder.unit_bytes()));
    }
    return out;
}

std::string detect_charset(std::string_view sample) {
    std::unique_ptr<uchardet, void (*)(uchardet_t)> detector(uchardet_new(), uchardet_delete);
    if (!detector) return {};
    if (uchardet_handle_data(detector.get(), sample.data(), sample.size()) != 0) return {};
    uchardet_data_end(detector.get());
    const char* found = uchardet_get_charset(detector.get());
    std::string name = ascii_lower(found ? found : "");
    if (name == "ascii" || name == "iso-8859-1") return "windows-1252";
    if (name == "shift_jis") return "cp932";
    if (name == "euc-kr") return "uhc";
    if (!name.empty() && !CharsetDecoder(name).valid()) return {};
    return name;
}

bool convert_to_utf8(std::string_view bytes, std::string_view charset, std::string& out,
                     std::string& error) {
    out.clear();
    if (is_utf8_name(charset)) {
        for (std::size_t i = 0; i < bytes.size();) {
            char32_t cp = 0;
            int n = decode_utf8(bytes, i, cp);
            if (n <= 0) {
                error = "bytes that are not valid UTF-8";
                return false;
            }
            i += std::size_t(n);
        }
        out.assign(bytes);
        return true;
    }
    CharsetDecoder decoder(charset);
    if (!decoder.valid()) {
        error = "unknown charset '" + std::string(charset) + "'";
        return false;
    }
    const std::size_t size = bytes.size();
    switch (decoder.convert(bytes, out)) {
    case CharsetDecoder::Stop::done: return true;
    case CharsetDecoder::Stop::incomplete:
        error = "text that ends inside a character of " + decoder.name();
        return false;
    case CharsetDecoder::Stop::invalid:
        error = "bytes that are not characters in " + decoder.name() + " (at byte " +
                std::to_string(size - bytes.size() + 1) + ")";
        return false;
    }
    return false;
}
char32_t fold_case(char32_t c) noexcept {
    if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 32;
    if (c >= 0x100 && c <= 0x17F) {
        if (c == 0x130) return 'i';
        if (c == 0x178) return 0xFF;
        const bool even_upper = (c <= 0x137) || (c >= 0x14A && c <= 0x177);
        const bool odd_upper = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
        if (even_upper && c % 2 == 0) return c + 1;
        if (odd_upper && c % 2 == 1) return c + 1;
        return c;
    }
    if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 32;
    if (c == 0x386) return 0x3AC;
    if (c >= 0x388 && c <= 0x38A) return c + 37;
    if (c == 0x38C) return 0x3CC;
    if (c == 0x38E || c == 0x38F) return c + 63;
    if (c >= 0x410 && c <= 0x42F) return c + 32;
    if (c >= 0x400 && c <= 0x40F) return c + 80;
    return c;
}

std::string match_key(std::string_view text) {
    text = trim(text);
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        char32_t cp = 0;
        int n = decode_utf8(text, i, cp);
        if (n <= 0) {
            out += text[i++];
            continue;
        }
        append_utf8(out, fold_case(cp));
        i += std::size_t(n);
    }
    return out;
}

} // namespace leadbook::formats
