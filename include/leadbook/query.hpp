// leadbook/query.hpp: the one query vocabulary: a condition (Filter), a
// find (RecordQuery) and the records a bulk operation touches (Selection).
//
//   using leadbook::FilterOp;
//   leadbook::RecordQuery hot{
//       .where = {{"rating", FilterOp::in, boost::json::array{"hot", "warm"}},
//                 {"assigned_to", FilterOp::eq, ana.id}},
//       .order_by = {"-modified_at"}, .limit = 50};
//   auto same = leadbook::from_json<leadbook::RecordQuery>(leadbook::parse_json(R"({
//       "where": [{"field": "rating", "op": "in", "value": ["hot", "warm"]},
//                 {"field": "assigned_to", "value": 3}],
//       "order_by": ["-modified_at"], "limit": 50})"));
//
// Finds (LeadBook's collections), exports, bulk edits and report
// definitions all take these types. Each is described once, and its JSON
// (the C ABI, Python, report definitions) is read and written from that
// description: keys are the member names, missing keys keep their defaults
// ("op" is "eq"), unknown keys are refused by name, and an unknown operator
// is Error(validation) listing the operators. Field names and values are
// checked against the record type when the query runs.
#pragma once

#include <leadbook/json.hpp>
#include <leadbook/values.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leadbook {

/// How a Filter compares a field with its value. In JSON the operator's
/// name ("eq", "starts_with", ...).
enum class FilterOp {
    eq,          ///< equal; a null value matches records without one
    ne,          ///< not equal; records without a value match a non-null value
    lt,          ///< less than (numbers, times, dates, text)
    le,          ///< at most
    gt,          ///< more than
    ge,          ///< at least
    contains,    ///< text fields only: the value is part of the text
    starts_with, ///< text fields only: the text begins with the value
    in,          ///< the value is a non-empty array; equal to one of its items
    is_empty,    ///< no value, or empty text; the filter's value is ignored
    /// A list field: a list of plain values that holds the value ("links"
    /// has 42), or a list of entries with an entry whose text member is the
    /// value ("emails.address" has "jane@acme.example").
    has,
};
BOOST_DESCRIBE_ENUM(FilterOp, eq, ne, lt, le, gt, ge, contains, starts_with, in, is_empty, has)

/// One condition of a find or a report: `field op value`. Field names are
/// the JSON names ("company", "score.stars", "custom.Budget" for a
/// user-defined field); `value` is JSON, checked against the field's type
/// when the query runs (an array for `in`, ignored for `is_empty`). In JSON:
/// {"field": "rating", "op": "eq", "value": "hot"}.
///
/// A filter without a field is a group of filters instead:
///  - `any`: either/or, true when one of its filters is:
///    {"any": [{"field": "source", "value": "Referral"},
///             {"field": "rating", "value": "hot"}]};
///  - `all`: true when each of its filters is (groups inside an `any`);
///  - `linked` with `all`: true when the record has a linked record of that
///    kind for which each filter of `all` holds (on the linked record's
///    fields): "history" (a history item that links to the record),
///    "opportunities" (an opportunity linked to it) or "account" (the
///    account of a lead or business contact):
///    {"linked": "history", "all": [{"field": "kind", "value": "phone_log"},
///     {"field": "occurred_at", "op": "ge", "value": "2026-11-25T00:00:00Z"}]}.
/// `negate` turns any filter or group into its opposite (NOT):
/// {"field": "rating", "value": "hot", "negate": true} is every record whose
/// rating is not hot, also those without one.
/// Groups nest at most limits::query_nesting levels deep; every filter, in
/// groups too, counts towards limits::query_conditions. Members a filter
/// does not use are left out of its JSON.
struct Filter {
    std::string field;
    FilterOp op = FilterOp::eq;
    boost::json::value value;
    // The members after `value` have default initialisers, so that
    // {field, op, value} stays a complete initialiser (no
    // -Wmissing-field-initializers in programs built with -Wextra).
    std::vector<Filter> any = {}; ///< either/or group (no field)
    std::vector<Filter> all = {}; ///< group whose filters all hold (no field)
    std::string linked = {};      ///< "history", "opportunities", "account"; with `all`
    bool negate = false;          ///< NOT
    bool operator==(const Filter&) const = default;
};
BOOST_DESCRIBE_STRUCT(Filter, (), (field, op, value, any, all, linked, negate))

/// What a find returns: the records every `where` condition matches, in
/// `order_by` order (then by id), `limit` of them after skipping `offset`.
struct RecordQuery {
    std::vector<Filter> where; ///< combined with AND (Filter::any for OR)
    /// Field names, "-" in front for descending: {"-modified_at", "full_name"}.
    std::vector<std::string> order_by;
    std::int64_t limit = -1; ///< -1: all
    std::int64_t offset = 0;
};
BOOST_DESCRIBE_STRUCT(RecordQuery, (), (where, order_by, limit, offset))

/// Which records a bulk operation (assign, bulk_edit) touches: the records
/// with the given ids, or, when `filter` is set, every record its `where`
/// conditions match (its order, limit and offset are ignored).
struct Selection {
    std::vector<Id> ids;
    std::optional<RecordQuery> filter;

    static Selection of(std::vector<Id> ids) { return Selection{std::move(ids), std::nullopt}; }
    static Selection where(std::vector<Filter> conditions) {
        RecordQuery q;
        q.where = std::move(conditions);
        return Selection{{}, std::move(q)};
    }
};

/// Reads an operator's name; any other text is Error(validation) naming
/// `path` and listing the operators: "'where[0].op': 'equals' is not an
/// operator; use one of: eq, ne, ...". Found by argument-dependent lookup
/// from the generic conversion in json.hpp.
void read_json(const boost::json::value& v, FilterOp& out, std::string_view path);
/// Reads a condition by its description; one that is neither a condition
/// (with a field) nor a group (any, all, linked) is Error(validation)
/// ("'where[0]' needs a field").
void read_json(const boost::json::value& v, Filter& out, std::string_view path);
/// A filter's JSON: the members it uses ({"field", "op", "value"} of a
/// condition, "any", "all", "linked" of a group, "negate" when set).
boost::json::value to_json(const Filter& v);

/// A selection from its JSON: {"ids": [1, 2]} or {"where": [conditions]}
/// (exactly one of the two). Anything else is Error(validation).
Selection selection_from_json(const boost::json::value& v);

} // namespace leadbook
