// importer.hpp: what every import does with the leads a file gives.
//
// A reader (CSV, vCard) hands each row to a LeadImporter: either the lead it
// made or the problems it found. The importer looks for duplicates, checks
// each new lead as LeadBook::leads().add would, writes them in batches of a
// few storage statements, updates duplicates when asked, and keeps the
// report. A large import lets storage rebuild the table's indexes
// at the end instead of updating them row by row. run_import() runs it all
// in one write transaction: committed at the end, rolled back for a dry run
// or when a bad row stops the import.
#pragma once

#include "../validation.hpp"
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
        return validator_.definitions(FieldOwner::lead);
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
    /// Once the import has added as many leads as the table held before
    /// (and a few thousand at least), storage may stop keeping the table's
    /// indexes; finish() has them rebuilt.
    void defer_indexes_when_worthwhile();

    LeadBook& book_;
    const ImportOptions& options_;
    const ImportProgressFn& progress_;
    ImportReport& report_;
    DuplicateIndex index_;
    detail::Validator validator_; ///< one for the import: its look-ups are cached
    std::vector<Pending> batch_;
    std::int64_t stored_before_ = -1; ///< records in the table when counted (-1: not yet)
    std::unique_ptr<BulkLoad> deferred_indexes_; ///< the bulk load, once worthwhile
    std::int64_t bytes_read_ = 0;
};

/// Thrown by LeadImporter when a bad row stops an all-or-nothing import.
struct ImportStopped {};

/// Runs `read_rows` (which feeds the importer) in one write transaction and
/// fills the report. ImportError and other errors from `read_rows`
/// propagate after the rollback.
ImportReport run_import(LeadBook& book, const ImportOptions& options,
                        const ImportProgressFn& progress, ImportReport report,
                        const std::function<void(LeadImporter&)>& read_rows);

/// Merges `row` into `stored` as a JSON object of changes for update():
/// text fields the row has replace the stored ones; list entries and
/// custom fields the stored lead lacks are appended.
boost::json::object merge_changes(const Lead& stored, const Lead& row);

} // namespace leadbook::formats
