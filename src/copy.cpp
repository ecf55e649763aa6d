// Moving a book between databases (leadbook/copy.hpp).
#include <leadbook/copy.hpp>
#include <leadbook/leadbook.hpp>
#include <leadbook/postgres_storage.hpp>

#include "facade.hpp"

namespace leadbook {

namespace {

/// Rows written to the destination per insert_with_ids call: memory stays
/// small however large the book, the statements stay few.
constexpr std::size_t batch_rows = 2000;

/// How a copy names a table: its record type, or the table's own name.
std::string label(const TableDef& table) { return table.kind.empty() ? table.name : table.kind; }

/// What `to` already holds, in words ("lead: 3, settings: 2"), or "".
std::string contents(Storage& to) {
    std::string out;
    for (const TableDef* table : LeadBook::schema_tables()) {
        const std::int64_t n = to.count(*table, Query{});
        if (n > 0) out += (out.empty() ? "" : ", ") + label(*table) + ": " + std::to_string(n);
    }
    const std::size_t settings = to.settings().size();
    if (settings > 0) out += (out.empty() ? "" : ", ") + ("settings: " + std::to_string(settings));
    return out;
}

/// A location as messages may show it: a URI without its password.
std::string shown(const std::string& location) {
    return is_postgres_uri(location) ? redacted_conninfo(location) : "'" + location + "'";
}

} // namespace

CopyReport copy_storage(Storage& from, Storage& to) {
    CopyReport report;
    // Bulk load guards live until the transactions have ended.
    std::vector<std::unique_ptr<BulkLoad>> loads;
    Transaction reading(from, false);
    Transaction writing(to, true);
    if (const std::string held = contents(to); !held.empty())
        fail(ErrorCode::conflict, "the destination is not empty (it holds " + held +
                                      "); copy into a new file or an empty database; nothing "
                                      "was written");
    for (const TableDef* table : LeadBook::schema_tables()) {
        loads.push_back(to.bulk_load(*table, BulkLoadHint{true}));
        const auto rows = from.read(*table, Query{}, ReadShape::whole(*table));
        std::vector<ReadRow> batch;
        std::int64_t copied = 0;
        ReadRow row;
        while (rows->next(row)) {
            batch.push_back(std::move(row));
            row = ReadRow{};
            if (batch.size() == batch_rows) {
                to.insert_with_ids(*table, batch);
                copied += std::int64_t(batch.size());
                batch.clear();
            }
        }
        to.insert_with_ids(*table, batch);
        copied += std::int64_t(batch.size());
        loads.back()->finish();
        report.tables.push_back(CopiedTable{label(*table), copied});
    }
    for (const auto& [key, value] : from.settings()) to.set_setting(key, value);
    report.settings = std::int64_t(from.settings().size());
    // Counted again on both sides: what was read is what is stored.
    for (std::size_t i = 0; i < report.tables.size(); ++i) {
        const TableDef& table = *LeadBook::schema_tables()[i];
        const std::int64_t source = from.count(table, Query{});
        const std::int64_t stored = to.count(table, Query{});
        if (source != report.tables[i].rows || stored != source)
            fail(ErrorCode::storage,
                 "the copy of " + label(table) + " does not add up: " + std::to_string(source) +
                     " in the source, " + std::to_string(report.tables[i].rows) + " copied, " +
                     std::to_string(stored) + " in the destination; nothing was written");
    }
    if (std::int64_t(to.settings().size()) != report.settings)
        fail(ErrorCode::storage, "the copy of the settings does not add up; nothing was written");
    writing.commit();
    reading.commit();
    return report;
}

CopyReport copy_book(const std::string& source, const std::string& destination) {
    OpenOptions existing;
    existing.create = false;
    std::unique_ptr<Storage> from;
    try {
        from = detail::open_storage(source, existing);
    } catch (const Error& e) {
        fail(e.code(), "cannot copy from " + shown(source) + ": " + e.what());
    }
    std::unique_ptr<Storage> to;
    try {
        to = detail::open_storage(destination, OpenOptions{});
    } catch (const Error& e) {
        fail(e.code(), "cannot copy into " + shown(destination) + ": " + e.what());
    }
    try {
        return copy_storage(*from, *to);
    } catch (const Error& e) {
        fail(e.code(),
             "cannot copy " + shown(source) + " into " + shown(destination) + ": " + e.what());
    }
}

} // namespace leadbook
