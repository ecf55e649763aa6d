// History and conversion benchmarks:
//
// - the first page (50 newest) of the history of a record with 10,000 items
//   among 1,000,000 items in the file, next to the equivalent raw SQLite
//   query (the same rows, with each item's links, as leadbook loads them);
// - converting a lead with 100 and with 1,000 history items: the time must
//   not grow with the history (nothing is copied).
#include <leadbook/leadbook.hpp>

#include "bench_support.hpp"

#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <filesystem>

namespace {

using namespace leadbook;
using bench::check;
using bench::remove_db;
using bench::scratch;

constexpr int total_items = 1'000'000;
constexpr int target_items = 10'000;
constexpr int other_records = 990;

/// The shared file: 1,000,000 items, 10,000 of them linked to `target`.
struct HistoryFile {
    std::string path = scratch("history.db");
    Id target = 0;

    HistoryFile() {
        remove_db(path);
        auto book = LeadBook::open(path);
        std::vector<Lead> leads(other_records + 1);
        for (std::size_t i = 0; i < leads.size(); ++i)
            leads[i].full_name = "Lead " + std::to_string(i);
        auto ids = book.leads().add_many(leads);
        target = ids[0];
        const std::int64_t start = Timestamp::parse("2020-01-01T00:00:00Z")->millis;
        std::vector<HistoryItem> batch;
        for (int i = 0; i < total_items; ++i) {
            HistoryItem h;
            h.kind = i % 3 ? HistoryKind::business_note : HistoryKind::phone_log;
            h.subject = "Item " + std::to_string(i);
            // Every 100th item belongs to the target: spread over the years.
            h.links = {i % 100 == 0 ? target : ids[1 + std::size_t(i) % other_records]};
            h.occurred_at = Timestamp{start + std::int64_t(i) * 60000};
            batch.push_back(std::move(h));
            if (batch.size() == 50000) {
                book.history().add_many(batch);
                batch.clear();
            }
        }
        if (!batch.empty()) book.history().add_many(batch);
    }
    ~HistoryFile() { remove_db(path); }
};

HistoryFile& history_file() {
    static HistoryFile file;
    return file;
}

void BM_HistoryFirstPage(benchmark::State& state) {
    auto& file = history_file();
    auto book = LeadBook::open(file.path);
    RecordQuery q;
    q.where = {{"links", FilterOp::has, file.target}};
    q.order_by = {"-occurred_at"};
    q.limit = 50;
    std::size_t n = 0;
    for (auto _ : state) {
        n = 0;
        for (const auto& item : book.history().find(q)) {
            benchmark::DoNotOptimize(item.subject.data());
            ++n;
        }
    }
    if (n != 50) state.SkipWithError("expected 50 items");
    state.counters["items"] = double(n);
}
BENCHMARK(BM_HistoryFirstPage)->Unit(benchmark::kMicrosecond);

void BM_RawHistoryFirstPage(benchmark::State& state) {
    auto& file = history_file();
    sqlite3* db = nullptr;
    check(sqlite3_open(file.path.c_str(), &db), db);
    // Every column of the item, newest first, then each item's links.
    std::string columns;
    {
        sqlite3_stmt* s = nullptr;
        check(sqlite3_prepare_v2(db, "SELECT name FROM pragma_table_info('history')", -1, &s,
                                 nullptr),
              db);
        while (sqlite3_step(s) == SQLITE_ROW)
            columns += std::string(columns.empty() ? "" : ", ") + "h.\"" +
                       reinterpret_cast<const char*>(sqlite3_column_text(s, 0)) + "\"";
        sqlite3_finalize(s);
    }
    std::string sql = "SELECT " + columns +
                      " FROM history h WHERE h.record_kind = 'history_item' AND h.id IN "
                      "(SELECT owner_id FROM links WHERE value = ?1) "
                      "ORDER BY h.occurred_at DESC, h.id LIMIT 50";
    sqlite3_stmt* page = nullptr;
    sqlite3_stmt* links = nullptr;
    check(sqlite3_prepare_v2(db, sql.c_str(), -1, &page, nullptr), db);
    check(sqlite3_prepare_v2(db, "SELECT value FROM links WHERE owner_id = ?1 ORDER BY position",
                             -1, &links, nullptr),
          db);
    const int column_count = sqlite3_column_count(page);
    std::size_t n = 0;
    for (auto _ : state) {
        n = 0;
        sqlite3_bind_int64(page, 1, file.target);
        while (sqlite3_step(page) == SQLITE_ROW) {
            for (int c = 0; c < column_count; ++c) {
                if (sqlite3_column_type(page, c) == SQLITE_TEXT)
                    benchmark::DoNotOptimize(
                        std::string(reinterpret_cast<const char*>(sqlite3_column_text(page, c))));
                else
                    benchmark::DoNotOptimize(sqlite3_column_int64(page, c));
            }
            sqlite3_bind_int64(links, 1, sqlite3_column_int64(page, 0));
            while (sqlite3_step(links) == SQLITE_ROW)
                benchmark::DoNotOptimize(sqlite3_column_int64(links, 0));
            sqlite3_reset(links);
            ++n;
        }
        sqlite3_reset(page);
    }
    sqlite3_finalize(page);
    sqlite3_finalize(links);
    sqlite3_close(db);
    state.counters["items"] = double(n);
}
BENCHMARK(BM_RawHistoryFirstPage)->Unit(benchmark::kMicrosecond);

/// Converting a lead with `range(0)` history items; each round a new lead.
void BM_ConvertLead(benchmark::State& state) {
    const std::string path = scratch("convert.db");
    remove_db(path);
    auto book = LeadBook::open(path);
    const auto items = std::size_t(state.range(0));
    for (auto _ : state) {
        state.PauseTiming();
        Lead lead = book.leads().add(Lead{.full_name = "Jane"});
        std::vector<HistoryItem> history(items);
        for (auto& h : history) {
            h.subject = "note";
            h.links = {lead.id};
        }
        book.history().add_many(history);
        state.ResumeTiming();
        auto contact = book.convert_lead(lead.id, lead.version);
        benchmark::DoNotOptimize(contact.id);
    }
    state.counters["history_items"] = double(items);
    remove_db(path);
}
BENCHMARK(BM_ConvertLead)->Arg(100)->Arg(1000)->Unit(benchmark::kMicrosecond)->Iterations(30);

} // namespace

BENCHMARK_MAIN();
