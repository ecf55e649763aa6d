// email_message.hpp: the header of an RFC 5322 message, decoded.
//
// Pure functions over bytes (no storage), fuzzed: header fields are read up
// to the first empty line and unfolded; RFC 2047 encoded words (Q and B, in
// UTF-8, ISO-8859-x and Windows-125x) are decoded; address lists are parsed
// with quoted display names ("Doe, Jane" <jane@example.com>), comments
// (jane@example.com (Jane Doe)), groups and angle addresses.
#pragma once

#include <leadbook/formats.hpp>

#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leadbook::formats {

struct HeaderField {
    std::int64_t line = 0; ///< where the field starts
    std::string name;      ///< as written ("From")
    std::string value;     ///< unfolded; 8-bit text converted to UTF-8
};

/// The fields before the first empty line (at most `max_bytes` are read).
std::vector<HeaderField> read_header_fields(std::string_view message,
                                            std::size_t max_bytes = 1 << 20);
std::vector<HeaderField> read_header_fields(std::istream& message, std::size_t max_bytes = 1 << 20);

/// Decodes RFC 2047 encoded words in unstructured text. With `strict`, a
/// malformed encoded word (bad structure, unknown charset or encoding, bad
/// base64, bytes not in the charset) throws Error(validation) quoting it;
/// otherwise it is kept as written.
std::string decode_encoded_words(std::string_view text, bool strict);

struct MailAddress {
    std::string display_name; ///< decoded; "" if none
    std::string address;      ///< local@domain
};

/// Parses an address list (From, To): mailboxes and groups. Throws
/// Error(validation) for malformed lists; with `strict`, also for malformed
/// encoded words in display names.
std::vector<MailAddress> parse_address_list(std::string_view value, bool strict);

/// "Date: Tue, 1 Jul 2003 10:52:37 +0200" and the older forms; nullopt if
/// it cannot be read.
std::optional<Timestamp> parse_mail_date(std::string_view value);

/// "Name <address>", quoting the name when it needs it; the address alone
/// without a name.
std::string format_address(const MailAddress& address);

/// A full name made from an address when a message gives none:
/// "jane.doe@example.com" -> "Jane Doe".
std::string name_from_address(std::string_view address);
/// A display name as a lead's full name: "Doe, Jane" -> "Jane Doe"
/// (not for "Acme, Inc."); others as they are.
std::string full_name_from_display_name(std::string_view display_name);

/// The decoded header of a message; throws ImportError (column_name
/// "From") unless it has exactly one valid From address.
EmailMessage email_message_from_fields(const std::vector<HeaderField>& fields);

} // namespace leadbook::formats
