// importer.hpp: what every import does with the leads a file gives.
//
// A reader (CSV, vCard) hands each row to a LeadImporter: either the lead it
// made or the problems it found. The importer looks for duplicates, checks
// maps rows to leads and reports: new leads go in batches to the write path
// every add takes (write_path.hpp: the same checks, batch statements and
// bulk-load hints), duplicates are updated through update() when asked.
// run_import() runs it all
// in one write transaction: committed at the end, rolled back for a dry run
// or when a bad row stops the import.
#pragma once

#include "../formats/csv_reader.hpp"
#include "../formats/text_decoder.hpp"
#include "../formats/workbook_reader.hpp"
#include "../write_path.hpp"
#include "duplicate_index.hpp"

#include <leadbook/import.hpp>

#include <functional>
#include <optional>
#include <vector>

namespace leadbook::formats {

class LeadImporter {
public:
    LeadImporter(LeadBook& book, const ImportOptions& options, const ImportProgressFn& progress,
                 ImportReport& report);

    /// A row that became a lead, with its duplicate keys when the caller
    /// made them already (duplicate_keys(), on a reading thread); without
    /// them the importer makes them.
    void add_row(std::int64_t line, Lead lead,
                 std::optional<std::vector<std::string>> keys = std::nullopt);
    /// A row that could not be read or checked; `issues` say why.
    void bad_row(std::vector<ImportIssue> issues);
    /// Writes what is left and tells progress a last time.
    void finish();

    std::int64_t rows() const noexcept { return report_.read; }
    /// The user-defined fields of leads, as the checks see them.
    const std::vector<FieldDefinition>& field_definitions() {
        return context_.definitions(FieldOwner::lead);
    }

    /// The keys add_row matches `lead` on (none when duplicates are added
    /// anyway). Touches no storage: a reading thread may call it.
    static std::vector<std::string> duplicate_keys(const ImportOptions& options,
                                                   const DuplicateIndex& keys, const Lead& lead);
    /// Bytes read so far, for progress (set by the reader).
    void set_bytes_read(std::int64_t bytes) noexcept { bytes_read_ = bytes; }

private:
    struct Pending {
        std::int64_t line;
        Lead lead;
        Id placeholder; ///< the index's stand-in for its id (0: duplicates not looked for)
    };
    void flush();
    void update_existing(std::int64_t line, Id id, const Lead& lead);
    /// A row that failed when written (it was counted as read already).
    void bad_row_after_read(std::int64_t line, std::string reason);
    void tick();
    [[noreturn]] void stop();
    /// Counts an issue, and lists it while the report lists fewer than
    /// limits::import_issues_listed.
    void note_error(ImportIssue issue);
    void note_duplicate(const DuplicateRow& row);
    static std::string duplicate_kind(DuplicateAction action);

    LeadBook& book_;
    const ImportOptions& options_;
    const ImportProgressFn& progress_;
    ImportReport& report_;
    DuplicateIndex index_;
    detail::RuleContext context_; ///< one for the import: its look-ups are cached
    detail::RecordWriter<Lead> writer_;
    std::vector<Pending> batch_;
    std::int64_t bytes_read_ = 0;
    std::int64_t errors_ = 0;            ///< every error, listed or not
    bool last_duplicate_listed_ = false; ///< whether duplicates.back() is the last one found
};

/// Thrown by LeadImporter when a bad row stops an all-or-nothing import.
struct ImportStopped {};

/// Runs `read_rows` (which feeds the importer) in one write transaction and
/// fills the report. ImportError and other errors from `read_rows`
/// propagate after the rollback.
ImportReport run_import(LeadBook& book, const ImportOptions& options,
                        const ImportProgressFn& progress, ImportReport report,
                        const std::function<void(LeadImporter&)>& read_rows);

/// The rows of a table with a header row: a CSV file, a workbook's sheet.
struct TableSource {
    /// The next row; false at the end. May throw ImportError about one row
    /// (its line and cell), after which reading goes on.
    std::function<bool(CsvRecord&)> next;
    std::function<std::int64_t()> bytes_read; ///< for progress
    /// Cells may start with the apostrophe the CSV export writes before what
    /// a spreadsheet would run as a formula; it is taken off.
    bool formula_guard = false;
    /// Rows may end before the header does (a sheet leaves out empty cells).
    bool ragged_rows = false;
};

/// Imports the rows of `source` below `header` (mapped by the preset and
/// mapping of `options`) through the row pipeline and run_import(): the
/// one path of CSV and workbook imports. `report` comes with its format.
ImportReport import_table(LeadBook& book, const CsvRecord& header, TableSource& source,
                          ImportReport report, const ImportOptions& options,
                          const ImportProgressFn& progress);

/// Puts the encoding `decoder` read into the report, how sure it was, and a
/// warning when it was a guess of low confidence.
void report_encoding(ImportReport& report, const TextDecoder& decoder);

/// Merges `row` into `stored` as a JSON object of changes for update():
/// text fields the row has replace the stored ones; list entries and
/// custom fields the stored lead lacks are appended.
boost::json::object merge_changes(const Lead& stored, const Lead& row);

} // namespace leadbook::formats
