// leadbook/limits.hpp: the largest input leadbook takes.
//
// Every limit is checked where all callers pass: text fields in the rules
// every write runs (add, add_many, update, replace, bulk edit, assign, CSV
// and vCard import, e-mail capture, the C ABI and Python), queries where a
// RecordQuery or a report definition is turned into storage's query. Input
// over a limit is refused with ErrorCode::validation, and the message names
// the field and the limit ("'full_name' is 10485760 bytes long; the limit
// (text_bytes) is 4096 bytes"). Nothing is stored or changed by a refused
// call. docs/limits.md lists them with their reasons; capi/leadbook.h has
// the same numbers as LEADBOOK_MAX_* macros.
#pragma once

#include <cstddef>

namespace leadbook::limits {

/// Bytes (UTF-8) of a one-line text field: names, company, job title,
/// e-mail addresses, phone numbers, labels, subjects, custom field names,
/// pick-list choices, every other text member of a record.
inline constexpr std::size_t text_bytes = 4096;

/// Bytes of a long text field: notes, a history item's body and its
/// recipients (to), a saved report's definition, and the text value of a
/// custom field.
inline constexpr std::size_t long_text_bytes = 1024 * 1024;

/// Conditions (filters) of one query, a selection's filter or a report.
inline constexpr std::size_t query_conditions = 100;

/// Levels of filter groups (any, all, linked) inside one another in a
/// query: a group at the top is one level, a group inside it two.
inline constexpr std::size_t query_nesting = 4;

/// Sort keys of one query or report.
inline constexpr std::size_t query_sort_keys = 20;

/// Values of all `in` lists of one query together.
inline constexpr std::size_t query_in_values = 10000;

/// Bytes of the text a `contains` or `starts_with` condition looks for.
inline constexpr std::size_t query_text_bytes = 4096;

/// Errors, and duplicate rows, an import report lists one by one; the
/// rest are only counted (ImportReport::issue_counts).
inline constexpr std::size_t import_issues_listed = 1000;

/// Bytes a part of an .xlsx workbook (a zip entry: a sheet, the shared
/// strings) may hold uncompressed. Checked against what the zip claims
/// before anything is read, and again while reading.
inline constexpr std::size_t workbook_entry_bytes = 512 * 1024 * 1024;

/// Data rows of one workbook sheet (below its header row). Checked against
/// the rows a sheet declares before its rows are read, and again while
/// reading; a full Excel sheet (1,048,576 rows) is over it.
inline constexpr std::size_t workbook_rows = 1000000;

/// Columns of one report.
inline constexpr std::size_t report_columns = 200;

} // namespace leadbook::limits
