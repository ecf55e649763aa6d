// vcard.hpp: reading vCard 2.1, 3.0 and 4.0 (RFC 6350, RFC 2426) and the
// text rules for writing 4.0.
//
//   formats::StreamByteSource source(file);
//   formats::VCardReader reader(source);
//   formats::VCard card;
//   while (reader.next(card)) for (auto& p : card.properties) use(p.name, p.value);
//
// The reader unfolds lines (CRLF plus a space or tab), decodes
// quoted-printable values (2.1 and 3.0 cards, with soft line breaks and a
// CHARSET parameter) to UTF-8, and reads any number of cards per file.
// Values keep their backslash escapes; split_components() and
// unescape_text() undo them for the properties that need it.
#pragma once

#include "text_decoder.hpp"

#include <leadbook/formats.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace leadbook::formats {

struct VCardParameter {
    std::string name;  ///< upper case; "TYPE" for a bare 2.1 parameter ("WORK")
    std::string value; ///< unquoted; a list stays comma-separated
};

struct VCardProperty {
    std::int64_t line = 0;
    std::string group; ///< "item1" of "item1.EMAIL", else ""
    std::string name;  ///< upper case
    std::vector<VCardParameter> parameters;
    std::string value;

    /// The value of parameter `name` (several joined with ','), "" if absent.
    std::string parameter(std::string_view name) const;
    /// Whether a TYPE parameter lists `type` (case-insensitive).
    bool has_type(std::string_view type) const;
};

struct VCard {
    std::int64_t line = 0; ///< of BEGIN:VCARD
    std::string version;
    std::vector<VCardProperty> properties;
};

class VCardReader {
public:
    explicit VCardReader(ByteSource& source, std::size_t max_card_bytes = 16 << 20);

    /// Reads the next card; false at the end. A card that cannot be read
    /// (no END:VCARD, a line that is no property, bytes invalid in the
    /// encoding, lines outside a card) throws ImportError with the line;
    /// reading can go on with the next card.
    bool next(VCard& card);

    const std::string& encoding() const noexcept { return decoder_.encoding(); }
    const TextDecoder& decoder() const noexcept { return decoder_; }
    std::int64_t bytes_read() const noexcept { return decoder_.bytes_read(); }

private:
    bool physical_line(std::string& line, std::int64_t& number);
    bool logical_line(std::string& line, std::int64_t& number);
    void problem(std::int64_t line, std::string name, std::string reason);
    bool parse_property(const std::string& line, std::int64_t number, VCardProperty& out);

    TextDecoder decoder_;
    std::size_t max_card_bytes_;
    std::string text_;
    std::size_t pos_ = 0;
    bool eof_ = false;
    std::int64_t line_ = 0;
    bool has_peek_ = false;
    std::string peek_;
    std::int64_t peek_number_ = 0;
    bool has_problem_ = false;
    ImportIssue problem_;
    bool begin_pending_ = false;
    std::int64_t begin_line_ = 0;
};

/// Splits a structured value (N, ADR, ORG) at unescaped `separator`s and
/// unescapes each part.
std::vector<std::string> split_components(std::string_view value, char separator = ';');
/// Undoes \n \N \, \; \\ escapes.
std::string unescape_text(std::string_view value);
/// Escapes \ , ; and line breaks for a vCard text value.
std::string escape_text(std::string_view text);
/// Appends "line\r\n", folded into lines of at most 75 octets (RFC 6350
/// 3.2) without splitting a UTF-8 character.
void append_folded(std::string& out, std::string_view line);
/// A parameter value, quoted when it holds , ; or : (RFC 6350, RFC 6868).
std::string parameter_value(std::string_view value);

} // namespace leadbook::formats
