// leadbook/values.hpp: the small value types records are made of.
//
// Id (64-bit, assigned by storage), Timestamp (UTC, millisecond precision,
// ISO 8601 in JSON), Date (a calendar day, "YYYY-MM-DD"), Bytes (binary data,
// base64 in JSON), Money and Percent (exact decimals) and CustomValue (a user-defined field: text,
// number, date or yes/no). Their text forms are defined here once and used by JSON, CSV and the
// storage layer alike.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace leadbook {

/// Record, user and criterion ids. Assigned by storage; never 0.
using Id = std::int64_t;

/// A point in time, UTC, as milliseconds since 1970-01-01T00:00:00Z.
struct Timestamp {
    std::int64_t millis = 0;

    static Timestamp now();
    /// Parses ISO 8601 / RFC 3339: "2026-11-27T09:30:00Z", an optional
    /// fraction of a second, and "Z" or a "+hh:mm" offset; the seconds may
    /// be left out ("2026-11-27T09:30Z"). nullopt if malformed.
    static std::optional<Timestamp> parse(std::string_view text);
    /// "2026-11-27T09:30:00Z", with ".123" only when milliseconds are set.
    std::string to_string() const;
    auto operator<=>(const Timestamp&) const = default;
};

/// A calendar day without time zone (birthdays, due dates).
struct Date {
    std::int32_t days = 0; ///< days since 1970-01-01

    static Date from_ymd(int year, unsigned month, unsigned day);
    /// Parses "YYYY-MM-DD"; nullopt if malformed or not a real day.
    static std::optional<Date> parse(std::string_view text);
    std::string to_string() const;
    auto operator<=>(const Date&) const = default;
};

/// Binary data (photos). Base64 (RFC 4648, padded) in JSON.
struct Bytes {
    std::vector<std::uint8_t> data;

    bool empty() const noexcept { return data.empty(); }
    std::size_t size() const noexcept { return data.size(); }
    bool operator==(const Bytes&) const = default;
};

/// An amount of money in minor units (cents), exact. In JSON a decimal
/// string with at most two decimals: "19.99", "-5", "1200.50".
struct Money {
    std::int64_t minor_units = 0;

    /// nullopt if malformed or beyond the int64 range.
    static std::optional<Money> parse(std::string_view text);
    std::string to_string() const;
    auto operator<=>(const Money&) const = default;
};

/// A percentage with two decimals, exact (discounts: 12.5 %). In JSON a
/// number from 0 to 100.
struct Percent {
    std::int32_t hundredths = 0; ///< 1250 is 12.5 %
    auto operator<=>(const Percent&) const = default;
};

std::string base64_encode(const std::vector<std::uint8_t>& data);
/// nullopt if `text` is not valid padded base64.
std::optional<std::vector<std::uint8_t>> base64_decode(std::string_view text);

/// The value of a user-defined ("custom") field. In JSON: a string, a
/// number, true/false, or {"date": "YYYY-MM-DD"}.
using CustomValue = std::variant<std::string, double, Date, bool>;

/// Checks an e-mail address the way mail software does before sending:
/// `local@domain`, no spaces, a dotted domain of letters, digits and hyphens.
bool is_valid_email(std::string_view address);

/// True when `text` is valid UTF-8 (no overlong forms or surrogates).
bool is_valid_utf8(std::string_view text);

} // namespace leadbook
