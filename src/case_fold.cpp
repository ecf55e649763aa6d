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

} // namespace leadbook::detail
