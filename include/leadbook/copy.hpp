// leadbook/copy.hpp: moving a book from one database to another.
//
//   leadbook::copy_book("crm.db", "postgresql://crm.example/leads");
//
// Everything stored is copied, table by table through the storage
// interface: every record type (leads, business contacts, accounts,
// history, opportunities, stages, scoring criteria, saved reports, field
// definitions, matching rules and their keys, users) with its lists, under
// the same ids, and every setting. Any pair of backends works: SQLite to
// PostgreSQL, back, or SQLite to SQLite.
#pragma once

#include <leadbook/storage.hpp>

#include <boost/describe.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace leadbook {

/// How many rows of one record type were copied.
struct CopiedTable {
    std::string table; ///< the record type ("lead", "history_item") or table ("users")
    std::int64_t rows = 0;
};
BOOST_DESCRIBE_STRUCT(CopiedTable, (), (table, rows))

/// What copy_book copied: rows per record type, in copy order, and settings.
struct CopyReport {
    std::vector<CopiedTable> tables;
    std::int64_t settings = 0;
};
BOOST_DESCRIBE_STRUCT(CopyReport, (), (tables, settings))

/// Copies every row and setting of `from` into `to`, both opened with
/// LeadBook::schema_tables(), keeping ids; ids `to` makes later come after
/// them. `to` must be empty (no row in any table, no setting): else
/// ErrorCode::conflict, naming what it holds, and nothing is written.
/// `from` is read in one read transaction (one consistent view, while
/// others keep writing), `to` written in one write transaction, so a copy
/// that fails leaves `to` as it was. At the end, the rows of each record
/// type in `to` are counted against `from` (ErrorCode::storage and nothing
/// kept when they differ).
CopyReport copy_storage(Storage& from, Storage& to);

/// Opens the book at `source` (a file path or a postgresql:// URI, as
/// LeadBook::open takes; it must exist: ErrorCode::not_found else) and the
/// one at `destination` (created when missing), and copies the first into
/// the second (copy_storage). Neither gets the defaults a new book is
/// given when opened with LeadBook::open, so a new destination is empty.
CopyReport copy_book(const std::string& source, const std::string& destination);

} // namespace leadbook
