// charsets.hpp: character sets files and messages arrive in, and UTF-8.
//
// Everything leadbook stores is UTF-8. Files and e-mail headers come in
// UTF-8, UTF-16 or any other character set (Windows-125x from Excel,
// ISO-8859-x, Shift_JIS, GB18030, Big5, ISO-2022-JP in mail): everything but
// UTF-8 is converted by the C library's iconv, never by tables of our own.
// Matching of names and addresses (duplicates) uses fold_case(): case
// differences vanish, accents stay (Müller is not Muller).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace leadbook::formats {

/// True for the names of UTF-8 and its subset US-ASCII.
bool is_utf8_name(std::string_view name) noexcept;

/// Text in a character set the C library's iconv knows, converted to UTF-8 a
/// piece at a time (stateful sets such as ISO-2022-JP keep their state from
/// piece to piece). Move-only; owns its iconv descriptor.
class CharsetDecoder {
public:
    /// Why convert() stopped.
    enum class Stop {
        done,      ///< all of the input was converted
        invalid,   ///< the input starts with bytes that are not a character
        incomplete ///< the input is the start of a character cut off
    };

    /// A decoder for `name` ("windows-1250", "Shift_JIS", "UTF-16LE", any
    /// name or alias iconv knows, case-insensitive); check valid().
    explicit CharsetDecoder(std::string_view name);
    ~CharsetDecoder();
    CharsetDecoder(CharsetDecoder&& other) noexcept;
    CharsetDecoder& operator=(CharsetDecoder&& other) noexcept;
    CharsetDecoder(const CharsetDecoder&) = delete;
    CharsetDecoder& operator=(const CharsetDecoder&) = delete;

    /// False when iconv does not know the name.
    bool valid() const noexcept;
    const std::string& name() const noexcept { return name_; }
    /// The bytes one code unit takes: 2 for UTF-16 and UCS-2, 4 for UTF-32
    /// and UCS-4, else 1. What to step over after invalid bytes.
    std::size_t unit_bytes() const noexcept { return unit_bytes_; }

    /// Converts from the front of `in`, appending UTF-8 to `out` and
    /// dropping what it converted from `in`. Stops at the end of `in`, at
    /// bytes that are not a character (left at the front of `in`), or at a
    /// character `in` ends inside of (left too).
    Stop convert(std::string_view& in, std::string& out);

private:
    std::string name_;
    void* handle_;
    std::size_t unit_bytes_ = 1;
};

/// `bytes` in `charset` converted to UTF-8 with the bytes that are not
/// characters in it left out (a code unit at a time); `dropped` counts them.
/// An unknown charset gives "".
std::string convert_dropping_invalid(std::string_view bytes, std::string_view charset,
                                     std::size_t& dropped);

/// The character set that `sample` (bytes that are not UTF-8) most likely
/// is in, by statistics on its bytes (the uchardet library), as a lower-case
/// name iconv knows: "windows-1250", "cp932" (Shift_JIS as Windows writes
/// it), "gb18030", ...; "" when it cannot tell. ISO-8859-1 is reported as
/// its superset windows-1252, Shift_JIS as cp932 and EUC-KR as its superset
/// uhc, the sets programs on Windows write.
std::string detect_charset(std::string_view sample);

void append_utf8(std::string& out, char32_t code_point);

/// Decodes the UTF-8 sequence starting at text[at]. Returns its length and
/// sets `code_point`; 0 if the bytes are not valid UTF-8 (overlong forms,
/// surrogates and values past U+10FFFF included); -1 if the text ends in the
/// middle of an otherwise valid sequence.
int decode_utf8(std::string_view text, std::size_t at, char32_t& code_point) noexcept;

/// Converts `bytes` in `charset` (a MIME name, or any name iconv knows) to
/// UTF-8. False, with `error` saying why, for an unknown charset ("unknown
/// charset 'x'") or bytes that are not characters in it.
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
