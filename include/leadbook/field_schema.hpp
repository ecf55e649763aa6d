// leadbook/field_schema.hpp: the fields of every record type, as their JSON
// has them.
//
//   for (const auto& type : leadbook::field_schema())       // "leads", "history", ...
//       for (const auto& field : type.fields)
//           if (field.bytes) ...                             // "photo": base64 text in JSON
//
// Derived from the records' descriptions (BOOST_DESCRIBE_STRUCT), the same
// walk over their members that to_json and from_json make, so it names
// exactly the fields a record's JSON has. Bindings read it (through
// leadbook_field_schema() of the C API) instead of keeping lists of field
// names of their own.
#pragma once

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <string>
#include <vector>

namespace leadbook {

/// The JSON type of a field's value.
enum class JsonType { string, integer, number, boolean, object, array };
BOOST_DESCRIBE_ENUM(JsonType, string, integer, number, boolean, object, array)

/// What a field's JSON value stands for, beyond its JSON type: a timestamp
/// (ISO 8601 UTC text, "2026-11-27T09:30:00Z"), a date ("2026-11-27"), an
/// amount of money (decimal text with two decimals, "19.99") or a
/// percentage (a number, 0-100, two decimals); none for anything else.
enum class FieldFormat { none, timestamp, date, money, percent };
BOOST_DESCRIBE_ENUM(FieldFormat, none, timestamp, date, money, percent)

/// One field of a record, or of an object inside a record.
struct FieldSchema {
    std::string name;                 ///< the JSON name
    JsonType type = JsonType::string; ///< timestamps, dates and money are strings
    bool nullable = false;            ///< null is a value (no link, no photo)
    /// Kept by leadbook (id, version, timestamps, modified_by): a new record
    /// or a change never names it.
    bool system = false;
    bool bytes = false; ///< binary data (a photo), base64 text in JSON
    /// What the value stands for (a timestamp, a date, money, a percentage).
    FieldFormat format = FieldFormat::none;
    /// The members of an object with fixed members (score), or of each
    /// element of an array of such objects (emails); empty otherwise
    /// (custom fields, lists of ids, plain values).
    std::vector<FieldSchema> fields;
};
BOOST_DESCRIBE_STRUCT(FieldSchema, (), (name, type, nullable, system, bytes, format, fields))

/// The fields of one record type.
struct RecordFields {
    std::string collection;          ///< "leads", "contacts", "history", ...
    std::vector<FieldSchema> fields; ///< in the order a record's JSON has them
};
BOOST_DESCRIBE_STRUCT(RecordFields, (), (collection, fields))

/// The fields of every record type a database holds. Built on first use;
/// the reference stays valid for the life of the program.
const std::vector<RecordFields>& field_schema();

} // namespace leadbook
