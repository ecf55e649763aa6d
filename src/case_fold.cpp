#include "case_fold.hpp"

#include "formats/charsets.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

namespace leadbook::detail {

namespace {

struct Folding {
    char32_t code;
    std::array<char32_t, 3> to; ///< 0 pads
};

constexpr Folding foldings[] = {
#include "leadbook_case_folding.inc"
};

struct Accent {
    char32_t code;
    char32_t base; ///< 0: a mark, dropped
};

constexpr Accent accents[] = {
#include "leadbook_accents.inc"
};

/// The base of `code` (itself when it has none), or 0 for a mark.
char32_t base_of(char32_t code) {
    for (int depth = 0; depth < 4; ++depth) { // decompositions nest at most a few levels
        const auto* found =
            std::lower_bound(std::begin(accents), std::end(accents), code,
                             [](const Accent& a, char32_t c) { return a.code < c; });
        if (found == std::end(accents) || found->code != code) return code;
        code = found->base;
        if (code == 0) return 0;
    }
    return code;
}

} // namespace

std::string fold_case(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t at = 0; at < text.size();) {
        const auto byte = static_cast<unsigned char>(text[at]);
        if (byte < 0x80) { // ASCII: the table's A-Z, without a search
            out += byte >= 'A' && byte <= 'Z' ? char(byte + 32) : char(byte);
            ++at;
            continue;
        }
        char32_t code = 0;
        const int length = formats::decode_utf8(text, at, code);
        if (length <= 0) { // not UTF-8: kept as it is
            out += text[at++];
            continue;
        }
        const auto* found =
            std::lower_bound(std::begin(foldings), std::end(foldings), code,
                             [](const Folding& f, char32_t c) { return f.code < c; });
        if (found != std::end(foldings) && found->code == code) {
            for (char32_t to : found->to)
                if (to) formats::append_utf8(out, to);
        } else {
            out.append(text.substr(at, std::size_t(length)));
        }
        at += std::size_t(length);
    }
    return out;
}

bool same_without_case(std::string_view a, std::string_view b) {
    return fold_case(a) == fold_case(b);
}

std::string strip_accents(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t at = 0; at < text.size();) {
        const auto byte = static_cast<unsigned char>(text[at]);
        char32_t code = 0;
        const int length = byte < 0x80 ? 1 : formats::decode_utf8(text, at, code);
        if (byte < 0x80 || length <= 0) {
            out += text[at++];
            continue;
        }
        if (const char32_t base = base_of(code)) formats::append_utf8(out, base);
        at += std::size_t(length);
    }
    return out;
}

std::u32string code_points(std::string_view text) {
    std::u32string out;
    out.reserve(text.size());
    for (std::size_t at = 0; at < text.size();) {
        const auto byte = static_cast<unsigned char>(text[at]);
        char32_t code = byte;
        const int length = byte < 0x80 ? 1 : formats::decode_utf8(text, at, code);
        out += length <= 0 ? char32_t(byte) : code;
        at += length <= 0 ? 1 : std::size_t(length);
    }
    return out;
}

} // namespace leadbook::detail
