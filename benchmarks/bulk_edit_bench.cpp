// bulk_edit_bench: bulk edits that change each record in its own way (the
// score, one user-defined field) on 100,000 leads, each next to raw SQLite
// UPDATEs doing the same on a file made the same way (version and modified
// time moved too). Prints leadbook's time over the baseline's.
//
//   build/release/benchmarks/bulk_edit_bench
#include <leadbook/leadbook.hpp>

#include "bench_support.hpp"

#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <string>
#include <vector>

namespace {

using namespace leadbook;
using bench::check;
using bench::remove_db;
using bench::scratch;

constexpr int lead_count = 100'000;

/// 100,000 leads of company "Target", each with a user-defined field
/// "Region" and one other ("Tier"), which the edits must leave alone.
void make_file(const std::string& path) {
    remove_db(path);
    auto book = LeadBook::open(path);
    std::vector<Lead> leads(lead_count);
    for (int i = 0; i < lead_count; ++i) {
        auto& l = leads[std::size_t(i)];
        l.full_name = "Lead " + std::to_string(i);
        l.company = "Target";
        l.emails = {{"work", "lead" + std::to_string(i) + "@example.com"}};
        l.custom = {{"Region", std::string("start")}, {"Tier", std::string("gold")}};
    }
    book.leads().add_many(leads);
}

/// leadbook: one bulk edit of `field` per iteration, alternating between
/// two values so that every lead changes every time.
void leadbook_edit(benchmark::State& state, const char* field, boost::json::value first,
                   boost::json::value second) {
    const std::string path = scratch("bulk-edit.db");
    make_file(path);
    auto book = LeadBook::open(path);
    const auto selection = Selection::where({{"company", FilterOp::eq, "Target"}});
    bool flip = false;
    std::int64_t changed = 0;
    for (auto _ : state) {
        flip = !flip;
        changed = book.leads().bulk_edit(selection, field, flip ? first : second);
    }
    if (changed != lead_count) state.SkipWithError("the bulk edit changed too few leads");
    state.SetItemsProcessed(std::int64_t(state.iterations()) * lead_count);
    remove_db(path);
}

/// The baseline: `statements` (?1 is the value, ?2 now; a statement may
/// leave either out) in one transaction per iteration.
void raw_edit(benchmark::State& state, std::vector<std::string> statements, const char* first,
              const char* second) {
    const std::string path = scratch("bulk-edit-raw.db");
    make_file(path);
    sqlite3* db = bench::open_raw(path);
    std::vector<sqlite3_stmt*> prepared;
    for (const auto& sql : statements) {
        sqlite3_stmt* statement = nullptr;
        check(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr), db);
        prepared.push_back(statement);
    }
    bool flip = false;
    for (auto _ : state) {
        flip = !flip;
        check(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), db);
        for (sqlite3_stmt* statement : prepared) {
            if (sqlite3_bind_parameter_count(statement) >= 1)
                sqlite3_bind_text(statement, 1, flip ? first : second, -1, SQLITE_STATIC);
            if (sqlite3_bind_parameter_count(statement) >= 2)
                sqlite3_bind_int64(statement, 2, Timestamp::now().millis);
            check(sqlite3_step(statement), db);
            sqlite3_reset(statement);
        }
        check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db);
    }
    for (sqlite3_stmt* statement : prepared) sqlite3_finalize(statement);
    sqlite3_close(db);
    state.SetItemsProcessed(std::int64_t(state.iterations()) * lead_count);
    remove_db(path);
}

const char* const target_leads = "record_kind = 'lead' AND company = 'Target'";

void stars_leadbook(benchmark::State& state) { leadbook_edit(state, "score.stars", 3, 4); }
void stars_raw_sqlite(benchmark::State& state) {
    raw_edit(state,
             {std::string("UPDATE records SET score_mode = 'manual', score_stars = CAST(?1 AS "
                          "INTEGER), score_points = 0, score_max_points = 0, score_percent = 0, "
                          "modified_at = ?2, version = version + 1 WHERE ") +
              target_leads},
             "3", "4");
}

void custom_leadbook(benchmark::State& state) {
    leadbook_edit(state, "custom.Region", "EMEA", "APAC");
}
void custom_raw_sqlite(benchmark::State& state) {
    raw_edit(state,
             {std::string("UPDATE custom_fields SET value = ?1 WHERE name = 'Region' AND owner_id "
                          "IN (SELECT id FROM records WHERE ") +
                  target_leads + ")",
              std::string("UPDATE records SET modified_at = ?2, version = version + 1 WHERE ") +
                  target_leads},
             "EMEA", "APAC");
}

BENCHMARK(stars_leadbook)
    ->Name("score_stars/leadbook")
    ->Unit(benchmark::kMillisecond)
    ->Iterations(2);
BENCHMARK(stars_raw_sqlite)
    ->Name("score_stars/raw_sqlite")
    ->Unit(benchmark::kMillisecond)
    ->Iterations(2);
BENCHMARK(custom_leadbook)
    ->Name("custom_field/leadbook")
    ->Unit(benchmark::kMillisecond)
    ->Iterations(2);
BENCHMARK(custom_raw_sqlite)
    ->Name("custom_field/raw_sqlite")
    ->Unit(benchmark::kMillisecond)
    ->Iterations(2);

} // namespace

int main(int argc, char** argv) {
    leadbook::bench::RatioReporter reporter("raw_sqlite", "raw SQLite",
                                            [](std::string_view) { return 1.5; });
    return leadbook::bench::run_benchmarks(argc, argv, reporter);
}
