// Bulk edit and assignment of 100,000 leads, each next to the raw SQLite
// UPDATE with the same WHERE clause on a copy of the same file.
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

constexpr int lead_count = 100'000;

/// 100,000 leads of company "Target", two users; returns the users' ids.
std::pair<Id, Id> make_file(const std::string& path) {
    remove_db(path);
    auto book = LeadBook::open(path);
    Id ana = book.users().add({.name = "Ana"}).id;
    Id bo = book.users().add({.name = "Bo"}).id;
    std::vector<Lead> leads(lead_count);
    for (int i = 0; i < lead_count; ++i) {
        auto& l = leads[std::size_t(i)];
        l.full_name = "Lead " + std::to_string(i);
        l.company = "Target";
        l.rating = "cold";
        l.assigned_to = ana;
        l.emails = {{"work", "lead" + std::to_string(i) + "@example.com"}};
    }
    book.leads().add_many(leads);
    return {ana, bo};
}

/// leadbook: bulk_edit rating, alternating hot/warm so every round changes
/// every lead.
void BM_BulkEdit(benchmark::State& state) {
    const std::string path = scratch("bulk.db");
    make_file(path);
    auto book = LeadBook::open(path);
    const auto selection = Selection::where({{"company", FilterOp::eq, "Target"}});
    bool hot = false;
    std::int64_t changed = 0;
    for (auto _ : state) {
        hot = !hot;
        changed = book.leads().bulk_edit(selection, "rating", hot ? "hot" : "warm");
    }
    if (changed != lead_count) state.SkipWithError("bulk edit changed too few leads");
    state.SetItemsProcessed(std::int64_t(state.iterations()) * lead_count);
    remove_db(path);
}
BENCHMARK(BM_BulkEdit)->Unit(benchmark::kMillisecond)->Iterations(6);

/// The same change as one raw UPDATE, in one transaction, moving version
/// and modified time like leadbook does.
void raw_update(benchmark::State& state, const char* set_clause, bool alternate_int) {
    const std::string path = scratch("bulk-raw.db");
    auto users = make_file(path);
    sqlite3* db = bench::open_raw(path);
    std::string sql = std::string("UPDATE records SET ") + set_clause +
                      ", modified_at = ?2, version = version + 1 "
                      "WHERE record_kind = 'lead' AND company = 'Target'";
    sqlite3_stmt* update = nullptr;
    check(sqlite3_prepare_v2(db, sql.c_str(), -1, &update, nullptr), db);
    bool flip = false;
    for (auto _ : state) {
        flip = !flip;
        check(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), db);
        if (alternate_int)
            sqlite3_bind_int64(update, 1, flip ? users.second : users.first);
        else
            sqlite3_bind_text(update, 1, flip ? "hot" : "warm", -1, SQLITE_STATIC);
        sqlite3_bind_int64(update, 2, Timestamp::now().millis);
        check(sqlite3_step(update), db);
        sqlite3_reset(update);
        check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db);
    }
    sqlite3_finalize(update);
    sqlite3_close(db);
    state.SetItemsProcessed(std::int64_t(state.iterations()) * lead_count);
    remove_db(path);
}

void BM_RawUpdateBaseline(benchmark::State& state) { raw_update(state, "rating = ?1", false); }
BENCHMARK(BM_RawUpdateBaseline)->Unit(benchmark::kMillisecond)->Iterations(6);

/// leadbook: assign all 100,000 leads, alternating between two users.
void BM_Assign(benchmark::State& state) {
    const std::string path = scratch("assign.db");
    auto users = make_file(path);
    auto book = LeadBook::open(path);
    const auto selection = Selection::where({{"company", FilterOp::eq, "Target"}});
    bool flip = false;
    for (auto _ : state) {
        flip = !flip;
        book.leads().assign(selection, flip ? users.second : users.first);
    }
    state.SetItemsProcessed(std::int64_t(state.iterations()) * lead_count);
    remove_db(path);
}
BENCHMARK(BM_Assign)->Unit(benchmark::kMillisecond)->Iterations(6);

void BM_RawAssignBaseline(benchmark::State& state) { raw_update(state, "assigned_to = ?1", true); }
BENCHMARK(BM_RawAssignBaseline)->Unit(benchmark::kMillisecond)->Iterations(6);

} // namespace

BENCHMARK_MAIN();
