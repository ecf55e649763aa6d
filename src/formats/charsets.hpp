// charsets.hpp: character sets files and messages arrive in, and UTF-8.
//
// Everything leadbook stores is UTF-8. Files and e-mail headers come in
// UTF-8, UTF-16 or a single-byte set (Windows-1252 from Excel, ISO-8859-x and
// Windows-125x in old mail); the tables live in charsets.cpp, once.
// Matching of names and addresses (duplicates) uses fold_case(): case
// differences vanish, accents stay (Müller is not Muller).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace leadbook::formats {

/// A single-byte character set: 0x00-0x7F are ASCII, `high[b - 0x80]` is the
/// code point of byte b (0 where the set has no character). ISO-8859-1 has
/// no table (`high` is nullptr): byte b is U+00b.
struct SingleByteCharset {
    std::string_view name;
    const std::uint16_t* high;

    /// The code point of `byte`, or 0 when the set has no character there.
    char32_t decode(unsigned char byte) const noexcept {
        if (byte < 0x80) return byte;
        return high ? high[byte - 0x80] : byte;
    }
};

/// The charset with this name or alias ("ISO-8859-15", "latin1", "cp1252"),
/// case-insensitive; nullptr for UTF-8, US-ASCII and unknown names.
const SingleByteCharset* find_single_byte_charset(std::string_view name) noexcept;
const SingleByteCharset& windows_1252() noexcept;
/// True for the names of UTF-8 and its subset US-ASCII.
bool is_utf8_name(std::string_view name) noexcept;

void append_utf8(std::string& out, char32_t code_point);

/// Decodes the UTF-8 sequence starting at text[at]. Returns its length and
/// sets `code_point`; 0 if the bytes are not valid UTF-8 (overlong forms,
/// surrogates and values past U+10FFFF included); -1 if the text ends in the
/// middle of an otherwise valid sequence.
int decode_utf8(std::string_view text, std::size_t at, char32_t& code_point) noexcept;

/// Converts `bytes` in `charset` (a name as in MIME) to UTF-8. False, with
/// `error` saying why, for an unknown charset or bytes that are not
/// characters in it.
bool convert_to_utf8(std::string_view bytes, std::string_view charset, std::string& out,
                     std::string& error);

/// Simple case folding of Latin, Greek and Cyrillic letters (lower case).
char32_t fold_case(char32_t code_point) noexcept;
/// `text` without surrounding white space, case-folded: the form two values
/// are compared in when looking for duplicates. Invalid UTF-8 is kept as is.
std::string match_key(std::string_view text);

/// `text` without leading and trailing ASCII white space.
std::string_view trim(std::string_view text) noexcept;
/// ASCII lower case.
std::string ascii_lower(std::string_view text);
bool iequals_ascii(std::string_view a, std::string_view b) noexcept;

} // namespace leadbook::formats
