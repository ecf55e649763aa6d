// leadbook/import.hpp: leads in and out of files, and a lead from an e-mail.
//
//   leadbook::ImportOptions options;                      // or from_json<ImportOptions>(v)
//   options.duplicates = leadbook::DuplicateAction::update;
//   auto report = leadbook::import_csv_file(book, "contacts.csv", options);
//   // report.read, added, updated, skipped, errors[i].line / column / reason
//   leadbook::export_csv_file(book, "leads.csv");                  // Outlook's columns
//   leadbook::export_vcard_file(book, "jane.vcf", {.where = {{"id", leadbook::FilterOp::eq, 7}}});
//   auto captured = leadbook::lead_from_email_file(book, "message.eml");
//   // captured.lead: found or new; the message is in its e-mail history
//
// CSV files may come from Outlook, Google Contacts, Excel (`,` `;` or tab;
// UTF-8 with or without BOM, UTF-16, or any character set iconv converts,
// named or detected, with the report saying how sure the detection was) or anything
// whose columns are named like the JSON fields of a Lead. An import is one
// transaction: all or nothing, or bad rows skipped on request; a dry run
// checks everything and stores nothing. Cells mapped to a user-defined
// field are read by its type (numbers and dates as spreadsheets write
// them). A row (or card) that names only a company becomes a lead named, and
// filed as, the company. Every row gets the checks LeadBook::leads().add makes. When the import
// begins its own transaction (none is open on the book), SQLite's foreign-key look-ups are off
// until it ends: it writes each record and its lists under an id it has just made. Options and
// results are described structs, so they convert to and from JSON (leadbook/json.hpp) for the C ABI
// and the bindings.
#pragma once

#include <leadbook/formats.hpp>
#include <leadbook/leadbook.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leadbook {

/// What to do with a row that matches a stored lead (see match_on).
enum class DuplicateAction {
    add,   ///< import it anyway, as a second lead
    skip,  ///< leave the stored lead alone and skip the row
    update ///< fill the stored lead's fields from the row (lists are merged)
};
BOOST_DESCRIBE_ENUM(DuplicateAction, add, skip, update)

struct ImportOptions {
    /// Column names to recognise: "auto" (the preset that knows most of the
    /// header), "outlook", "windows" (Windows Address Book and Windows Contacts), "google",
    /// "thunderbird", "yahoo", or "generic" (columns named like the JSON fields: full_name,
    /// company, emails.work, phones.mobile, addresses.home.city, custom.Region). Ignored for vCard
    /// files.
    std::string preset = "auto";
    /// Header text -> target, overriding the preset for those columns.
    /// Targets are as for "generic", plus first_name, middle_name,
    /// last_name, and "" to ignore a column. Unknown targets and columns the
    /// header does not have are errors.
    std::map<std::string, std::string> mapping;
    /// Columns nothing maps go into custom fields named by their header.
    bool unmapped_to_custom = false;
    DuplicateAction duplicates = DuplicateAction::skip;
    /// What makes two leads the same: "email" (any shared address), or text
    /// fields of a lead, all equal ("full_name", "company"). Compared without
    /// case and surrounding spaces, but with accents.
    std::vector<std::string> match_on = {"email"};
    /// Check everything (as the real run would, rolled back) and store nothing.
    bool dry_run = false;
    /// Report bad rows and import the others. Otherwise the first bad row
    /// stops the import and nothing is stored (a dry run reports them all).
    bool skip_bad_rows = false;
    /// CSV only: "auto" (detect), or the name of any character set the
    /// system's iconv converts ("utf-8", "utf-16le", "windows-1250",
    /// "iso-8859-2", "koi8-r", "shift_jis", "cp932", "euc-jp", "gb18030",
    /// "big5", "euc-kr", "utf-32", ...; case does not matter). A name iconv
    /// does not know is Error(validation) naming it.
    std::string encoding = "auto";
    /// CSV only: "auto", ",", ";" or "\t".
    std::string delimiter = "auto";
    /// Workbooks only: the name of the sheet to read ("": the first). A name
    /// the workbook does not have is ImportError naming the sheets it has.
    std::string sheet;
};
BOOST_DESCRIBE_STRUCT(ImportOptions, (),
                      (preset, mapping, unmapped_to_custom, duplicates, match_on, dry_run,
                       skip_bad_rows, encoding, delimiter, sheet))

/// A row that matched a stored (or earlier imported) lead.
struct DuplicateRow {
    std::int64_t line = 0;
    Id existing_id = 0;
    DuplicateAction action = DuplicateAction::skip; ///< what was done with it
};
BOOST_DESCRIBE_STRUCT(DuplicateRow, (), (line, existing_id, action))

/// What an import did. A dry run counts what a run that skips bad rows
/// would do; when its `errors` are not empty, a run without skip_bad_rows
/// would store nothing.
struct ImportReport {
    std::int64_t read = 0;    ///< data rows (or cards) read; blank lines are not rows
    std::int64_t added = 0;   ///< new leads
    std::int64_t updated = 0; ///< stored leads updated from a duplicate row
    std::int64_t skipped = 0; ///< duplicates skipped, and bad rows when skip_bad_rows
    /// The problems of bad rows, in file order: the first
    /// limits::import_issues_listed (1,000) of them; issue_counts["errors"]
    /// counts them all.
    std::vector<ImportIssue> errors;
    /// Rows that matched a stored lead: the first limits::import_issues_listed
    /// of them; issue_counts counts them all by what was done with them.
    std::vector<DuplicateRow> duplicates;
    /// Every issue by kind, listed above or not: "errors" (problems of bad
    /// rows), "duplicates_skipped" and "duplicates_updated" (rows that
    /// matched a stored lead). Kinds that did not happen are left out.
    std::map<std::string, std::int64_t> issue_counts;
    /// Whether `errors` or `duplicates` leave out issues that issue_counts
    /// counts: the report stays small however many rows were bad.
    bool issues_truncated = false;
    bool dry_run = false;
    /// Whether anything was stored: false for dry runs and for imports a bad
    /// row stopped (then added, updated and skipped are 0).
    bool committed = false;
    std::string format; ///< "csv", "vcard", "xlsx" or "xls"
    std::string preset; ///< the preset used ("outlook", ...)
    /// The encoding read, lower case ("utf-8", "utf-16le", "windows-1250").
    std::string encoding;
    /// How sure that encoding is: "certain" (named in the options, a byte
    /// order mark, or only ASCII or valid UTF-8), "high" (detected from
    /// enough bytes, all of which decode in it) or "low" (a guess from few
    /// bytes, or some do not decode: `warnings` says so; name the encoding).
    std::string encoding_confidence;
    std::string delimiter; ///< the CSV delimiter used
    std::string sheet;     ///< the workbook sheet read
    /// Header -> target each column was read into ("" for ignored columns).
    std::map<std::string, std::string> mapping;
    /// What was read but may not be what the file meant, and stored anyway:
    /// an encoding guessed with low confidence (line 0), columns with
    /// values that nothing imports (their column and header, and how many
    /// rows have a value there).
    std::vector<ImportIssue> warnings;
};
BOOST_DESCRIBE_STRUCT(ImportReport, (),
                      (read, added, updated, skipped, errors, duplicates, issue_counts,
                       issues_truncated, dry_run, committed, format, preset, encoding,
                       encoding_confidence, delimiter, sheet, mapping, warnings))

struct ImportProgress {
    std::int64_t read = 0;
    std::int64_t added = 0;
    std::int64_t updated = 0;
    std::int64_t skipped = 0;
    std::int64_t errors = 0;
    std::int64_t bytes_read = 0;
};
BOOST_DESCRIBE_STRUCT(ImportProgress, (), (read, added, updated, skipped, errors, bytes_read))

/// Called every 1,000 rows and once at the end. To cancel, throw: the
/// import rolls back and the exception reaches the caller.
using ImportProgressFn = std::function<void(const ImportProgress&)>;

/// Imports leads from CSV. Throws ImportError for a file nothing can be
/// imported from (empty, header only, no usable column), Error(validation)
/// for bad options; problems of rows are in the report.
ImportReport import_csv(LeadBook& book, std::istream& in, const ImportOptions& options = {},
                        const ImportProgressFn& progress = {});
/// The same from a file; ErrorCode::not_found if it cannot be opened.
ImportReport import_csv_file(LeadBook& book, const std::string& path,
                             const ImportOptions& options = {},
                             const ImportProgressFn& progress = {});

/// Imports vCard 2.1, 3.0 and 4.0 cards (any number per file). Options as
/// for CSV, except preset, mapping, encoding and delimiter.
ImportReport import_vcard(LeadBook& book, std::istream& in, const ImportOptions& options = {},
                          const ImportProgressFn& progress = {});
ImportReport import_vcard_file(LeadBook& book, const std::string& path,
                               const ImportOptions& options = {},
                               const ImportProgressFn& progress = {});

/// Imports leads from the first sheet (or options.sheet) of an Excel
/// workbook: .xlsx, or .xls (told apart by their bytes). The first row with
/// a cell is the header; presets, mapping, duplicates, dry run and the
/// report are as for CSV (encoding and delimiter do not apply). Cells are
/// read as the sheet shows them: strings as written, numbers in their
/// number format, dates stored as serial numbers as ISO 8601 dates
/// ("2026-11-27", "2026-11-27 09:30:00"). Limits are checked before
/// anything is read (limits.hpp: workbook_entry_bytes, the rows a sheet
/// declares against workbook_rows) and XML with a document type (entity
/// expansion) is refused. A corrupt or password-protected workbook, a sheet
/// it does not have, or one over a limit is ImportError; nothing is stored.
ImportReport import_workbook(LeadBook& book, std::istream& in, const ImportOptions& options = {},
                             const ImportProgressFn& progress = {});
ImportReport import_workbook_file(LeadBook& book, const std::string& path,
                                  const ImportOptions& options = {},
                                  const ImportProgressFn& progress = {});

struct CsvExportOptions {
    /// A UTF-8 byte order mark first, so that Excel reads accents right.
    bool byte_order_mark = true;
    std::string delimiter = ","; ///< ",", ";" or "\t"
};
BOOST_DESCRIBE_STRUCT(CsvExportOptions, (), (byte_order_mark, delimiter))

/// Writes the leads `query` finds (all by default; one with
/// {.where = {{"id", FilterOp::eq, 7}}}, several with FilterOp::in and an
/// array of ids) as CSV with Outlook's contact columns, CRLF line ends, and
/// cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR
/// first) written with a leading apostrophe. Returns how many leads were written.
std::int64_t export_csv(LeadBook& book, std::ostream& out, const RecordQuery& query = {},
                        const CsvExportOptions& options = {});
/// One JSON object per line: every field, as in leadbook/json.hpp.
std::int64_t export_jsonl(LeadBook& book, std::ostream& out, const RecordQuery& query = {});
/// vCard 4.0 (RFC 6350), one card per lead.
std::int64_t export_vcard(LeadBook& book, std::ostream& out, const RecordQuery& query = {});

/// File forms: the file is replaced; ErrorCode::not_found if it cannot be created.
/// How the file is written (src/file_output.hpp, docs/limits.md): a regular
/// file is replaced atomically (temporary file in its directory, fsync,
/// rename) keeping its mode and owner; a symbolic link stays and its target
/// is replaced; a file with several hard links is rewritten in place,
/// keeping the links; a path that is not a regular file (a device, FIFO,
/// socket, directory) is Error(validation) and left alone. A failure leaves
/// the old file as it was.
std::int64_t export_csv_file(LeadBook& book, const std::string& path, const RecordQuery& query = {},
                             const CsvExportOptions& options = {});
std::int64_t export_jsonl_file(LeadBook& book, const std::string& path,
                               const RecordQuery& query = {});
std::int64_t export_vcard_file(LeadBook& book, const std::string& path,
                               const RecordQuery& query = {});
/// An .xlsx workbook (one sheet, "Leads") with the CSV export's columns and
/// header row; every cell is text, so nothing needs a formula guard and
/// numbers such as phone numbers stay as written. Written as the file forms
/// above are.
std::int64_t export_xlsx_file(LeadBook& book, const std::string& path,
                              const RecordQuery& query = {});

struct LeadFromEmail {
    /// The lead (or business contact) the message is from. For a contact,
    /// its lead fields; book.contacts().get(lead.id) has the rest.
    Lead lead;
    std::string record_kind = "lead"; ///< "lead" or "business_contact"
    bool created = false;             ///< false: a record with the From address existed already
    /// The e-mail history item recording the message, linked to the record
    /// (an item with the same message id is reused, not repeated).
    Id history_id = 0;
    EmailMessage message;
};
BOOST_DESCRIBE_STRUCT(LeadFromEmail, (), (lead, record_kind, created, history_id, message))

/// The lead or business contact whose e-mail addresses include the
/// message's From address (case-insensitive; leads first), or a new lead
/// made from it: the display name (or, without one, a name made from the
/// address: jane.doe@ -> "Jane Doe") and the address. The message is
/// recorded as an e-mail history item of that record (subject, from, to,
/// date as sent_at, message id). One transaction.
LeadFromEmail lead_from_email(LeadBook& book, std::string_view message);
/// The same from an .eml file; ErrorCode::not_found if it cannot be opened.
LeadFromEmail lead_from_email_file(LeadBook& book, const std::string& path);

} // namespace leadbook
