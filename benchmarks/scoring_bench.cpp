// Scoring benchmarks, each next to its baseline in the same run:
//
// - the stars kernel (one 32-bit mask in, one byte of stars out a record)
//   on each path this machine runs, portable, SSE4.1 and AVX2, at 8 and 32
//   criteria on 1,000,000 records, next to the batch calculator and the
//   naive scorer below, same data;
// - the batch calculator on 1,000,000 records with 8, 32 and 64 criteria,
//   next to a naive scorer (per record: walk a vector of criteria, look each
//   up in a std::set of met ids, divide in floating point);
// - rescoring 100,000 leads in a SQLite file after a criterion's weight
//   changes, next to raw prepared UPDATE statements writing the same
//   precomputed scores in one transaction;
// - tuning the points of 32 criteria from 1,000,000 labelled records
//   (tune_weights: six logistic fits and 5-fold cross validation), next to
//   one pass of the batch calculator over the same records.
#include <leadbook/leadbook.hpp>
#include <leadbook/scoring.hpp>
#include <leadbook/scoring_tuning.hpp>

#include "bench_support.hpp"

#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <cmath>
#include <filesystem>
#include <random>
#include <set>

namespace {

using namespace leadbook;
using bench::check;
using bench::remove_db;
using bench::scratch;

constexpr std::size_t batch_records = 1'000'000;

struct BatchData {
    std::vector<std::int32_t> signed_points;
    std::vector<std::uint64_t> masks; // one word per record (<= 64 criteria)
};

const BatchData& batch_data(std::size_t criteria) {
    static std::map<std::size_t, BatchData> cache;
    auto& d = cache[criteria];
    if (d.masks.empty()) {
        std::mt19937_64 rng(criteria);
        std::uniform_int_distribution<int> weight(1, 3), coin(0, 4);
        for (std::size_t i = 0; i < criteria; ++i)
            d.signed_points.push_back(weight(rng) * (coin(rng) == 0 ? -1 : 1));
        const std::uint64_t valid = criteria == 64 ? ~0ull : (1ull << criteria) - 1;
        d.masks.resize(batch_records);
        for (auto& m : d.masks) m = rng() & valid;
    }
    return d;
}

void BM_BatchCalculator(benchmark::State& state) {
    const auto& d = batch_data(std::size_t(state.range(0)));
    auto calc = ScoreCalculator::from_points(d.signed_points);
    std::vector<std::int32_t> stars(batch_records), points(batch_records), percent(batch_records);
    for (auto _ : state) {
        calc.score_batch(d.masks.data(), batch_records, stars.data(), points.data(),
                         percent.data());
        benchmark::DoNotOptimize(stars.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(std::int64_t(state.iterations()) * std::int64_t(batch_records));
}
BENCHMARK(BM_BatchCalculator)->Arg(8)->Arg(32)->Arg(64)->Unit(benchmark::kMillisecond);

/// The stars kernel: arg 0 criteria, arg 1 the path (SimdPath as int).
void BM_StarsKernel(benchmark::State& state) {
    const auto& d = batch_data(std::size_t(state.range(0)));
    const auto path = static_cast<SimdPath>(state.range(1));
    if (!simd_supported(path)) {
        state.SkipWithError("this processor does not run that path");
        return;
    }
    auto calc = ScoreCalculator::from_points(d.signed_points);
    std::vector<std::uint32_t> masks(d.masks.begin(), d.masks.end());
    std::vector<std::uint8_t> stars(batch_records);
    for (auto _ : state) {
        calc.stars_batch32(masks.data(), batch_records, stars.data(), path);
        benchmark::DoNotOptimize(stars.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(std::int64_t(state.iterations()) * std::int64_t(batch_records));
    state.SetLabel(std::string(enum_name(path)));
}
BENCHMARK(BM_StarsKernel)->ArgsProduct({{8, 32}, {0, 1, 2}})->Unit(benchmark::kMicrosecond);

/// The naive scorer: what one writes without thinking about it.
struct NaiveCriterion {
    Id id;
    int weight;
    bool raises;
};

void BM_NaiveBaseline(benchmark::State& state) {
    const auto& d = batch_data(std::size_t(state.range(0)));
    std::vector<NaiveCriterion> criteria;
    for (std::size_t i = 0; i < d.signed_points.size(); ++i)
        criteria.push_back({Id(i + 1), std::abs(d.signed_points[i]), d.signed_points[i] > 0});
    std::vector<std::set<Id>> met(batch_records);
    for (std::size_t r = 0; r < batch_records; ++r)
        for (std::size_t i = 0; i < criteria.size(); ++i)
            if (d.masks[r] >> i & 1) met[r].insert(Id(i + 1));
    std::vector<std::int32_t> stars(batch_records), points(batch_records), percent(batch_records);
    for (auto _ : state) {
        for (std::size_t r = 0; r < batch_records; ++r) {
            int p = 0, max = 0;
            for (const auto& c : criteria) {
                if (c.raises) max += c.weight;
                if (met[r].count(c.id)) p += c.raises ? c.weight : -c.weight;
            }
            double clamped = std::clamp(p, 0, max);
            stars[r] = max ? int(std::floor(5.0 * clamped / max + 0.5)) : 0;
            percent[r] = max ? int(std::floor(100.0 * clamped / max + 0.5)) : 0;
            points[r] = p;
        }
        benchmark::DoNotOptimize(stars.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(std::int64_t(state.iterations()) * std::int64_t(batch_records));
}
BENCHMARK(BM_NaiveBaseline)->Arg(8)->Arg(32)->Arg(64)->Unit(benchmark::kMillisecond);

// ---- tuning from outcomes ------------------------------------------------------

/// 1,000,000 records on 32 criteria, outcomes drawn from a logistic model.
struct TuningData {
    std::vector<std::int32_t> current = std::vector<std::int32_t>(32, 2);
    std::vector<std::uint64_t> masks;
    std::vector<std::uint8_t> outcomes;
    TuningData() {
        std::mt19937_64 rng(32);
        std::uniform_real_distribution<double> unit(0, 1);
        std::vector<double> weights(32);
        for (auto& w : weights) w = unit(rng) * 3 - 1;
        for (std::size_t r = 0; r < batch_records; ++r) {
            const std::uint64_t m = rng() & 0xFFFFFFFFu;
            double z = -4;
            for (std::size_t i = 0; i < 32; ++i)
                if (m >> i & 1) z += weights[i];
            masks.push_back(m);
            outcomes.push_back(unit(rng) < 1 / (1 + std::exp(-z)) ? 1 : 0);
        }
    }
};

const TuningData& tuning_data() {
    static const TuningData data;
    return data;
}

void BM_Tune(benchmark::State& state) {
    const auto& d = tuning_data();
    for (auto _ : state) {
        auto report = tune_weights(d.masks, d.outcomes, d.current);
        benchmark::DoNotOptimize(report.cv_auc_points);
    }
    state.SetItemsProcessed(std::int64_t(state.iterations()) * std::int64_t(batch_records));
}
BENCHMARK(BM_Tune)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_TuneBaselineOneScoringPass(benchmark::State& state) {
    const auto& d = tuning_data();
    auto calc = ScoreCalculator::from_points(d.current);
    std::vector<std::int32_t> points(batch_records);
    for (auto _ : state) {
        calc.score_batch(d.masks.data(), batch_records, nullptr, points.data(), nullptr);
        benchmark::DoNotOptimize(points.data());
        benchmark::ClobberMemory();
    }
    state.SetItemsProcessed(std::int64_t(state.iterations()) * std::int64_t(batch_records));
}
BENCHMARK(BM_TuneBaselineOneScoringPass)->Unit(benchmark::kMillisecond);

// ---- rescoring in SQLite -------------------------------------------------------

constexpr int rescore_leads = 100'000;

/// A file of leads meeting random lead criteria; returns the criteria.
std::vector<ScoringCriterion> make_scored_file(const std::string& path) {
    remove_db(path);
    auto book = LeadBook::open(path);
    auto criteria = book.criteria_of(RecordType::lead);
    std::mt19937 rng(7);
    std::vector<Lead> leads(rescore_leads);
    for (int i = 0; i < rescore_leads; ++i) {
        leads[std::size_t(i)].full_name = "Lead " + std::to_string(i);
        leads[std::size_t(i)].company = "Company " + std::to_string(i % 97);
        for (const auto& c : criteria)
            if (rng() % 3 == 0) leads[std::size_t(i)].criteria_met.push_back(c.id);
    }
    book.leads().add_many(leads);
    return criteria;
}

void BM_RescoreAfterWeightChange(benchmark::State& state) {
    const std::string path = scratch("rescore.db");
    auto criteria = make_scored_file(path);
    auto book = LeadBook::open(path);
    const Id target = criteria.front().id;
    bool high = false;
    for (auto _ : state) {
        auto current = book.criteria().get(target);
        // Alternate the weight so every iteration really changes scores.
        boost::json::object change{{"weight", high ? "high" : "low"}};
        high = !high;
        book.criteria().update(target, current.version, change);
    }
    state.SetItemsProcessed(std::int64_t(state.iterations()) * rescore_leads);
    remove_db(path);
}
BENCHMARK(BM_RescoreAfterWeightChange)->Unit(benchmark::kMillisecond)->Iterations(6);

void BM_RawUpdateBaseline(benchmark::State& state) {
    const std::string path = scratch("rescore-raw.db");
    make_scored_file(path);
    sqlite3* db = bench::open_raw(path);
    // The precomputed scores the baseline writes: the same number of rows.
    std::vector<std::int64_t> ids;
    {
        sqlite3_stmt* s = nullptr;
        check(sqlite3_prepare_v2(db,
                                 "SELECT id FROM records WHERE record_kind = 'lead' ORDER BY id",
                                 -1, &s, nullptr),
              db);
        while (sqlite3_step(s) == SQLITE_ROW) ids.push_back(sqlite3_column_int64(s, 0));
        sqlite3_finalize(s);
    }
    sqlite3_stmt* update = nullptr;
    check(sqlite3_prepare_v2(
              db,
              "UPDATE records SET score_points = ?1, score_max_points = ?2, "
              "score_stars = ?3, score_percent = ?4 WHERE id = ?5 AND record_kind = 'lead'",
              -1, &update, nullptr),
          db);
    int round = 0;
    for (auto _ : state) {
        ++round;
        check(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), db);
        for (std::size_t i = 0; i < ids.size(); ++i) {
            sqlite3_bind_int64(update, 1, std::int64_t(i % 7) + round);
            sqlite3_bind_int64(update, 2, 14 + round);
            sqlite3_bind_int64(update, 3, std::int64_t(i % 6));
            sqlite3_bind_int64(update, 4, std::int64_t(i % 101));
            sqlite3_bind_int64(update, 5, ids[i]);
            check(sqlite3_step(update), db);
            sqlite3_reset(update);
        }
        check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db);
    }
    sqlite3_finalize(update);
    sqlite3_close(db);
    state.SetItemsProcessed(std::int64_t(state.iterations()) * rescore_leads);
    remove_db(path);
}
BENCHMARK(BM_RawUpdateBaseline)->Unit(benchmark::kMillisecond)->Iterations(6);

} // namespace

BENCHMARK_MAIN();
