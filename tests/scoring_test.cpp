// Scoring: the formulas at their edges, the batch form against the one-record
// form, criteria editing, manual stars, breakdowns and rescoring.
#include <leadbook/book_tuning.hpp>
#include <leadbook/leadbook.hpp>
#include <leadbook/scoring.hpp>
#include <leadbook/sqlite_storage.hpp>

#include "test_support.hpp"

#include <sqlite3.h>

#include <random>

#include <sys/wait.h>
#include <unistd.h>

using namespace leadbook;
using test::expect_error;

namespace {
boost::json::object obj(std::string_view json) { return parse_json(json).as_object(); }

std::string ids_json(std::initializer_list<Id> ids) {
    std::string out = "[";
    for (Id id : ids) out += (out.size() > 1 ? "," : "") + std::to_string(id);
    return out + "]";
}
} // namespace

// ---- the formulas -----------------------------------------------------------

TEST(ScoreFormula, HandComputedEdges) {
    EXPECT_EQ(stars_for(0, 0), 0); // no raising criteria
    EXPECT_EQ(percent_for(5, 0), 0);
    EXPECT_EQ(stars_for(1, 10), 1); // 0.5 stars rounds half up
    EXPECT_EQ(percent_for(1, 10), 10);
    EXPECT_EQ(stars_for(1, 2), 3); // 2.5 -> 3
    EXPECT_EQ(percent_for(1, 2), 50);
    EXPECT_EQ(stars_for(1, 3), 2);    // 1.67 -> 2
    EXPECT_EQ(percent_for(1, 3), 33); // 33.3 -> 33
    EXPECT_EQ(stars_for(2, 3), 3);    // 3.33 -> 3
    EXPECT_EQ(percent_for(2, 3), 67); // 66.7 -> 67
    EXPECT_EQ(stars_for(1, 4), 1);    // 1.25 -> 1
    EXPECT_EQ(percent_for(1, 4), 25);
    EXPECT_EQ(stars_for(3, 4), 4);     // 3.75 -> 4
    EXPECT_EQ(percent_for(1, 200), 1); // 0.5% -> 1
    EXPECT_EQ(stars_for(-4, 6), 0);    // below zero clamps to 0
    EXPECT_EQ(percent_for(-4, 6), 0);
    EXPECT_EQ(stars_for(6, 6), 5); // equal to max
    EXPECT_EQ(percent_for(6, 6), 100);
    EXPECT_EQ(stars_for(9, 6), 5); // above max clamps
    EXPECT_EQ(percent_for(9, 6), 100);
}

TEST(ScoreFormula, MatchesExactRationalRoundingForEveryFraction) {
    // stars = round_half_up(5c/max), percent = round_half_up(100c/max),
    // checked with integer arithmetic on the definition itself.
    for (int max = 1; max <= 200; ++max)
        for (int c = 0; c <= max; ++c) {
            int s = (5 * c) / max, rem = (5 * c) % max;
            if (2 * rem >= max) ++s;
            int p = (100 * c) / max, prem = (100 * c) % max;
            if (2 * prem >= max) ++p;
            ASSERT_EQ(stars_for(c, max), s) << c << "/" << max;
            ASSERT_EQ(percent_for(c, max), p) << c << "/" << max;
        }
}

TEST(ScoreCalculator, ScoresByIdsWithWeightsAndEffects) {
    std::vector<ScoringCriterion> criteria = {
        {.id = 10, .description = "a", .weight = Weight::high, .effect = Effect::raise},
        {.id = 11, .description = "b", .weight = Weight::low, .effect = Effect::raise},
        {.id = 12, .description = "c", .weight = Weight::normal, .effect = Effect::lower}};
    ScoreCalculator calc(criteria);
    EXPECT_EQ(calc.max_points(), 4);
    std::vector<Id> met = {10, 12};
    Score s = calc.score(met);
    EXPECT_EQ(s.points, 1);
    EXPECT_EQ(s.max_points, 4);
    EXPECT_EQ(s.stars, 1);
    EXPECT_EQ(s.percent, 25);
    met = {12};
    EXPECT_EQ(calc.score(met).points, -2);
    EXPECT_EQ(calc.score(met).stars, 0);
    met = {10, 11};
    EXPECT_EQ(calc.score(met).stars, 5);
}

TEST(ScoreCalculator, AllLoweringCriteriaScoreZero) {
    auto calc = ScoreCalculator::from_points(std::vector<std::int32_t>{-1, -3});
    std::uint64_t mask = 3;
    Score s = calc.score_mask(&mask);
    EXPECT_EQ(s.points, -4);
    EXPECT_EQ(s.max_points, 0);
    EXPECT_EQ(s.stars, 0);
    EXPECT_EQ(s.percent, 0);
}

TEST(ScoreCalculator, RejectsPointsOutsideMinus100To100) {
    expect_error(ErrorCode::validation, "-100 to 100 points, not 101", [] {
        ScoreCalculator::from_points(std::vector<std::int32_t>{2, 101});
    });
    expect_error(ErrorCode::validation, "-100 to 100 points, not -101",
                 [] { ScoreCalculator::from_points(std::vector<std::int32_t>{-101}); });
    // The ends and 0 (a criterion counting nothing) are fine.
    auto calc = ScoreCalculator::from_points(std::vector<std::int32_t>{100, -100, 0, 30});
    EXPECT_EQ(calc.max_points(), 130);
    std::uint64_t mask = 0b1001; // 100 + 30
    EXPECT_EQ(calc.score_mask(&mask).stars, 5);
    mask = 0b1100; // 0 + 30: 30 of 130 = 1.15 stars, 23.08%
    EXPECT_EQ(calc.score_mask(&mask).stars, 1);
    EXPECT_EQ(calc.score_mask(&mask).percent, 23);
}

TEST(ScoreCalculator, BatchEqualsOneRecordFormOnRandomInputs) {
    std::mt19937_64 rng(20261127);
    for (std::size_t n : {1u, 7u, 8u, 32u, 63u, 64u, 65u, 130u, 200u}) {
        std::vector<std::int32_t> points(n);
        std::uniform_int_distribution<int> weight(1, 3), coin(0, 3);
        for (auto& p : points) p = weight(rng) * (coin(rng) == 0 ? -1 : 1);
        auto calc = ScoreCalculator::from_points(points);
        const std::size_t words = calc.words_per_record();
        const std::size_t records = 500;
        std::vector<std::uint64_t> masks(records * words);
        for (auto& m : masks) m = rng();
        if (n % 64) // bits past the last criterion must not count
            for (std::size_t r = 0; r < records; ++r)
                masks[r * words + words - 1] |= ~0ull << (n % 64);
        std::vector<std::int32_t> stars(records), pts(records), pct(records);
        calc.score_batch(masks.data(), records, stars.data(), pts.data(), pct.data());
        for (std::size_t r = 0; r < records; ++r) {
            std::vector<Id> met;
            for (std::size_t i = 0; i < n; ++i)
                if (masks[r * words + i / 64] >> (i % 64) & 1) met.push_back(Id(i + 1));
            Score one = calc.score(met);
            Score by_mask = calc.score_mask(&masks[r * words]);
            ASSERT_EQ(one.points, pts[r]) << "n=" << n << " r=" << r;
            ASSERT_EQ(one.stars, stars[r]);
            ASSERT_EQ(one.percent, pct[r]);
            ASSERT_EQ(by_mask.points, pts[r]);
            ASSERT_EQ(by_mask.stars, stars[r]);
        }
    }
}

TEST(ScoreCalculator, EverySimdPathGivesThePortableStarsOnRandomInputs) {
    std::mt19937_64 rng(20261202);
    std::vector<SimdPath> paths;
    for (SimdPath path : {SimdPath::sse41, SimdPath::avx2})
        if (simd_supported(path)) paths.push_back(path);
    EXPECT_TRUE(simd_supported(SimdPath::portable));
    std::size_t compared = 0;
    for (std::size_t n : {0u, 1u, 5u, 8u, 9u, 16u, 31u, 32u}) {
        for (int round = 0; round < 4; ++round) {
            std::vector<std::int32_t> points(n);
            // Weights, then explicit points up to the limits.
            std::uniform_int_distribution<int> weight(1, 3), coin(0, 3), free(-100, 100);
            for (auto& p : points)
                p = round % 2 ? free(rng) : weight(rng) * (coin(rng) == 0 ? -1 : 1);
            if (round == 3 && n > 0) points[0] = 100, points[n - 1] = -100;
            auto calc = ScoreCalculator::from_points(points);
            // Not a multiple of any register's records: the tail is scored too.
            const std::size_t records = 1000 + std::size_t(round) * 7;
            std::vector<std::uint32_t> masks(records);
            for (auto& m : masks) m = static_cast<std::uint32_t>(rng());
            std::vector<std::uint8_t> portable(records, 9);
            calc.stars_batch32(masks.data(), records, portable.data(), SimdPath::portable);
            for (std::size_t r = 0; r < records; ++r) {
                const std::uint64_t wide = masks[r];
                ASSERT_EQ(portable[r], calc.score_mask(&wide).stars) << "n=" << n << " r=" << r;
            }
            for (SimdPath path : paths) {
                std::vector<std::uint8_t> fast(records, 9);
                calc.stars_batch32(masks.data(), records, fast.data(), path);
                for (std::size_t r = 0; r < records; ++r, ++compared)
                    ASSERT_EQ(fast[r], portable[r])
                        << "path=" << int(path) << " n=" << n << " r=" << r;
            }
            std::vector<std::uint8_t> best(records, 9);
            calc.stars_batch32(masks.data(), records, best.data());
            EXPECT_EQ(best, portable);
        }
    }
    EXPECT_EQ(compared, paths.size() * 8 * (4 * 1000 + 7 * 6));
}

TEST(ScoreCalculator, StarsBatch32RefusesMoreThan32Criteria) {
    auto calc = ScoreCalculator::from_points(std::vector<std::int32_t>(33, 1));
    std::uint32_t mask = 1;
    std::uint8_t stars = 7;
    expect_error(ErrorCode::validation, "at most 32 criteria",
                 [&] { calc.stars_batch32(&mask, 1, &stars); });
    EXPECT_EQ(stars, 7);
}

// ---- criteria in a database ---------------------------------------------------

class Scoring : public ::testing::Test {
protected:
    void SetUp() override {
        // Start from a known list: drop the defaults.
        for (const auto& c : book.criteria().find()) book.criteria().remove(c.id);
        need = book.criteria().add({.description = "Need identified", .weight = Weight::high});
        budget = book.criteria().add({.description = "Budget confirmed", .weight = Weight::normal});
        rival = book.criteria().add({.description = "Competitor chosen",
                                     .weight = Weight::normal,
                                     .effect = Effect::lower});
        loyal = book.criteria().add(
            {.record_type = RecordType::business_contact, .description = "Loyal"});
    }
    Lead add_lead(std::initializer_list<Id> met) {
        return book.leads().add_json(
            parse_json(R"({"full_name": "Jane", "criteria_met": )" + ids_json(met) + "}"));
    }
    std::string snapshot() {
        std::string out;
        for (const auto& c : book.criteria().find()) out += serialize_json(to_json(c)) + "\n";
        for (const auto& l : book.leads().find()) out += serialize_json(to_json(l)) + "\n";
        return out;
    }

    test::TempDir dir;
    LeadBook book = LeadBook::open(dir.file("crm.db"));
    ScoringCriterion need, budget, rival, loyal;
};

TEST_F(Scoring, ExplicitPointsReplaceTheWeightInTheSameFormula) {
    Lead a = add_lead({need.id, budget.id}); // 3 + 2 of 5
    EXPECT_EQ(a.score.stars, 5);
    // Need is now worth 40 points: max 42; a has 42 of 42, b 2 of 42.
    need = book.criteria().update(need.id, need.version, obj(R"({"points": 40})"));
    EXPECT_EQ(need.points, std::optional<std::int32_t>(40));
    EXPECT_EQ(signed_points(need), 40);
    Lead b = add_lead({budget.id, rival.id}); // 2 - 2
    a = book.leads().get(a.id);
    EXPECT_EQ(a.score.points, 42);
    EXPECT_EQ(a.score.max_points, 42);
    EXPECT_EQ(a.score.stars, 5);
    // Rival lowers by 30 explicit points; max stays 42.
    rival = book.criteria().update(rival.id, rival.version, obj(R"({"points": -30})"));
    Lead c = add_lead({need.id, rival.id}); // 40 - 30 = 10 of 42
    EXPECT_EQ(c.score.points, 10);
    EXPECT_EQ(c.score.max_points, 42);
    EXPECT_EQ(c.score.stars, 1);    // floor((100 + 42) / 84) = 1 (1.19 stars)
    EXPECT_EQ(c.score.percent, 24); // floor((2000 + 42) / 84) = 24 (23.8%)
    EXPECT_EQ(book.leads().get(b.id).score.points, -28);
    EXPECT_EQ(book.leads().get(b.id).score.stars, 0);
    ScoreBreakdown why = book.score_breakdown(c.id);
    ASSERT_EQ(why.met.size(), 2u);
    EXPECT_EQ(why.met[0].points, 40);
    EXPECT_EQ(why.met[1].points, -30);
    // Back to its weight (normal, lower: -2).
    rival = book.criteria().update(rival.id, rival.version, obj(R"({"points": null})"));
    EXPECT_FALSE(rival.points);
    EXPECT_EQ(book.leads().get(c.id).score.points, 38);
}

TEST_F(Scoring, PointsOutsideMinus100To100ChangeNothing) {
    add_lead({need.id, budget.id});
    add_lead({rival.id});
    const std::string before = snapshot();
    expect_error(ErrorCode::validation, "'points' must be from -100 to 100, not 101",
                 [&] { book.criteria().update(need.id, need.version, obj(R"({"points": 101})")); });
    expect_error(ErrorCode::validation, "'points' must be from -100 to 100, not -101",
                 [&] { book.criteria().add({.description = "Too much", .points = -101}); });
    expect_error(ErrorCode::validation, "'points' must be from -100 to 100", [&] {
        book.criteria().add_json(obj(R"({"description": "Huge", "points": 1000})"));
    });
    EXPECT_EQ(snapshot(), before);
}

/// 400 leads meeting need, budget and rival at random; those meeting need
/// (and not rival) convert far more often. Returns the labels.
std::vector<OutcomeLabel> labelled_leads(LeadBook& book, Id need, Id budget, Id rival) {
    std::mt19937 rng(17);
    std::vector<Lead> leads(400);
    for (std::size_t i = 0; i < leads.size(); ++i) {
        leads[i].full_name = "Lead " + std::to_string(i);
        for (Id c : {need, budget, rival})
            if (rng() % 2) leads[i].criteria_met.push_back(c);
    }
    const auto ids = book.leads().add_many(leads);
    std::vector<OutcomeLabel> labels;
    for (std::size_t i = 0; i < leads.size(); ++i) {
        const auto& met = leads[i].criteria_met;
        const bool has_need = std::find(met.begin(), met.end(), need) != met.end();
        const bool has_rival = std::find(met.begin(), met.end(), rival) != met.end();
        const unsigned chance = has_need ? (has_rival ? 30 : 80) : (has_rival ? 5 : 20);
        labels.push_back({ids[i], rng() % 100 < chance});
    }
    return labels;
}

TEST_F(Scoring, TuningADryRunChangesNothingAndApplyingSetsPointsAndRescores) {
    const auto labels = labelled_leads(book, need.id, budget.id, rival.id);
    const std::string before = snapshot();
    const TuningReport dry = tune_scoring(book, RecordType::lead, labels, true);
    EXPECT_EQ(snapshot(), before);
    EXPECT_EQ(dry.records, 400u);
    ASSERT_EQ(dry.criteria.size(), 3u); // need, budget, rival in criteria order
    EXPECT_GT(dry.points[0], 0);
    EXPECT_LT(dry.points[2], 0);
    EXPECT_EQ(std::max({std::abs(dry.points[0]), std::abs(dry.points[1]), std::abs(dry.points[2])}),
              100);
    EXPECT_EQ(dry.current_points, (std::vector<std::int32_t>{3, 2, -2}));

    std::vector<std::vector<ChangeGroup>> heard;
    book.add_change_listener([&](const std::vector<ChangeGroup>& c) { heard.push_back(c); });
    const TuningReport applied = tune_scoring(book, RecordType::lead, labels, false);
    EXPECT_EQ(applied.points, dry.points);
    // One transaction: the three criteria in one update, then one rescoring.
    ASSERT_EQ(heard.size(), 1u);
    ASSERT_GE(heard[0].size(), 2u);
    EXPECT_EQ(heard[0][0].collection, "criteria");
    EXPECT_EQ(heard[0][0].ids, (std::vector<Id>{need.id, budget.id, rival.id}));
    EXPECT_EQ(heard[0][1].collection, "leads");
    EXPECT_EQ(heard[0][1].kind, ChangeKind::updated);
    for (std::size_t g = 2; g < heard[0].size(); ++g)
        EXPECT_EQ(heard[0][g].kind, ChangeKind::graded);
    const auto criteria = book.criteria_of(RecordType::lead);
    ASSERT_EQ(criteria.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(criteria[i].points, dry.points[i]);
    const ScoreCalculator calc(criteria);
    for (const auto& lead : book.leads().find()) {
        const Score expected = calc.score(lead.criteria_met);
        EXPECT_EQ(lead.score.points, expected.points);
        EXPECT_EQ(lead.score.max_points, expected.max_points);
        EXPECT_EQ(lead.score.stars, expected.stars);
    }
}

TEST_F(Scoring, TuningBadOutcomesChangeNothing) {
    auto labels = labelled_leads(book, need.id, budget.id, rival.id);
    const std::string before = snapshot();
    expect_error(ErrorCode::validation, "tuning needs at least 30 converted and 30 lost",
                 [&] { tune_scoring(book, RecordType::lead, std::span(labels).first(40), false); });
    auto all_lost = labels;
    for (auto& l : all_lost) l.converted = false;
    expect_error(ErrorCode::validation, "all 400 outcomes are lost",
                 [&] { tune_scoring(book, RecordType::lead, all_lost, false); });
    auto unknown = labels;
    unknown[5].record_id = 999999;
    expect_error(ErrorCode::not_found, "lead 999999 does not exist",
                 [&] { tune_scoring(book, RecordType::lead, unknown, false); });
    auto twice = labels;
    twice[5].record_id = twice[4].record_id;
    expect_error(ErrorCode::validation, "labelled twice",
                 [&] { tune_scoring(book, RecordType::lead, twice, false); });
    EXPECT_EQ(snapshot(), before);
}

TEST(ScoringDefaults, NewDatabaseHasDefaultCriteriaOnce) {
    test::TempDir dir;
    std::size_t lead_criteria = 0;
    {
        auto book = LeadBook::open(dir.file("crm.db"));
        lead_criteria = book.criteria_of(RecordType::lead).size();
        EXPECT_GE(lead_criteria, 5u);
        EXPECT_FALSE(book.criteria_of(RecordType::business_contact).empty());
        bool lowering = false;
        for (const auto& c : book.criteria_of(RecordType::lead))
            lowering |= c.effect == Effect::lower;
        EXPECT_TRUE(lowering);
        for (const auto& c : book.criteria().find()) book.criteria().remove(c.id);
    }
    auto book = LeadBook::open(dir.file("crm.db"));
    EXPECT_EQ(book.criteria().count(), 0); // deleted ones do not come back
}

TEST_F(Scoring, AutomaticScoreIsComputedOnEveryWrite) {
    Lead lead = add_lead({need.id, budget.id});
    EXPECT_EQ(lead.score.mode, ScoreMode::automatic);
    EXPECT_EQ(lead.score.points, 5);
    EXPECT_EQ(lead.score.max_points, 5);
    EXPECT_EQ(lead.score.stars, 5);
    EXPECT_EQ(lead.score.percent, 100);
    lead = book.leads().update(lead.id, lead.version,
                               obj(R"({"criteria_met": [)" + std::to_string(need.id) + "," +
                                   std::to_string(rival.id) + "]}"));
    EXPECT_EQ(lead.score.points, 1);
    EXPECT_EQ(lead.score.stars, 1);
    EXPECT_EQ(lead.score.percent, 20);
    EXPECT_EQ(to_json(book.leads().get(lead.id).score), to_json(lead.score));
}

TEST_F(Scoring, ManualStarsAreKeptUntilSwitchedBack) {
    Lead lead = add_lead({need.id});
    EXPECT_EQ(lead.score.stars, 3);
    lead = book.leads().update(lead.id, lead.version,
                               obj(R"({"score": {"mode": "manual", "stars": 1}})"));
    EXPECT_EQ(lead.score.mode, ScoreMode::manual);
    EXPECT_EQ(lead.score.stars, 1);
    book.criteria().update(budget.id, budget.version, obj(R"({"weight": "low"})"));
    EXPECT_EQ(book.leads().get(lead.id).score.stars, 1); // criteria edits leave it alone
    lead = book.leads().get(lead.id);
    lead = book.leads().update(lead.id, lead.version, obj(R"({"score": {"mode": "automatic"}})"));
    EXPECT_EQ(lead.score.points, 3);
    EXPECT_EQ(lead.score.max_points, 4);
    EXPECT_EQ(lead.score.stars, 4); // 3.75 rounds to 4
}

TEST_F(Scoring, BreakdownSaysWhy) {
    Lead lead = add_lead({rival.id, need.id});
    ScoreBreakdown b = book.score_breakdown(lead.id);
    EXPECT_EQ(b.record_id, lead.id);
    ASSERT_EQ(b.met.size(), 2u);
    EXPECT_EQ(b.met[0].criterion_id, need.id); // in criteria order
    EXPECT_EQ(b.met[0].points, 3);
    EXPECT_EQ(b.met[1].description, "Competitor chosen");
    EXPECT_EQ(b.met[1].points, -2);
    EXPECT_EQ(b.score.points, 1);
    EXPECT_EQ(b.score.max_points, 5);
    EXPECT_EQ(b.points, 1);
    EXPECT_EQ(b.max_points, 5);
    EXPECT_EQ(b.automatic_stars, 1);
    EXPECT_EQ(b.automatic_percent, 20);
    auto json = to_json(b);
    EXPECT_EQ(json.at("points").as_int64(), 1);
    EXPECT_EQ(json.at("automatic_stars").as_int64(), 1);
    EXPECT_EQ(json.at("met").at(1).at("effect").as_string(), "lower");
    expect_error(ErrorCode::not_found, "record 999 is neither a lead nor a business contact",
                 [&] { book.score_breakdown(999); });
}

TEST_F(Scoring, BreakdownOfAManualScoreGivesWhatTheCriteriaWould) {
    Lead lead = add_lead({need.id, budget.id, rival.id}); // 3 + 2 - 2 of 5
    lead = book.leads().update(lead.id, lead.version,
                               obj(R"({"score": {"mode": "manual", "stars": 5}})"));
    ScoreBreakdown b = book.score_breakdown(lead.id);
    EXPECT_EQ(b.score.mode, ScoreMode::manual);
    EXPECT_EQ(b.score.stars, 5);
    EXPECT_EQ(b.points, 3);
    EXPECT_EQ(b.max_points, 5);
    EXPECT_EQ(b.automatic_stars, stars_for(3, 5));
    EXPECT_EQ(b.automatic_percent, percent_for(3, 5));
    // Below zero the points stay negative; stars and percent count them as 0.
    lead = add_lead({rival.id});
    b = book.score_breakdown(lead.id);
    EXPECT_EQ(b.points, -2);
    EXPECT_EQ(b.automatic_stars, 0);
    EXPECT_EQ(b.automatic_percent, 0);
}

TEST_F(Scoring, EditingACriterionRescoresAutomaticRecords) {
    Lead a = add_lead({need.id});
    Lead b = add_lead({budget.id, rival.id});
    Lead c = add_lead({});
    EXPECT_EQ(a.score.stars, 3);
    book.criteria().update(need.id, need.version, obj(R"({"weight": "low"})"));
    EXPECT_EQ(book.leads().get(a.id).score.points, 1);
    EXPECT_EQ(book.leads().get(a.id).score.max_points, 3);
    EXPECT_EQ(book.leads().get(a.id).score.stars, 2);
    EXPECT_EQ(book.leads().get(b.id).score.points, 0);
    // A new raising criterion raises max_points for everyone.
    book.criteria().add({.description = "Demo asked", .weight = Weight::high});
    EXPECT_EQ(book.leads().get(c.id).score.max_points, 6);
    EXPECT_EQ(book.leads().get(a.id).score.percent, 17);
    // Rescoring does not count as an edit: versions stay.
    EXPECT_EQ(book.leads().get(a.id).version, a.version);
}

TEST_F(Scoring, DeletingACriterionRemovesItFromRecords) {
    Lead lead = add_lead({need.id, budget.id});
    book.criteria().remove(need.id);
    Lead after = book.leads().get(lead.id);
    EXPECT_EQ(after.criteria_met, std::vector<Id>{budget.id});
    EXPECT_EQ(after.score.points, 2);
    EXPECT_EQ(after.score.max_points, 2);
    EXPECT_EQ(after.score.stars, 5);
}

TEST(ScoringAcrossProcesses, RescoresRecordsSavedInAnEarlierProcess) {
    test::TempDir dir;
    const std::string path = dir.file("crm.db");
    // An earlier process saves a lead meeting the first lead criterion.
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        int code = 0;
        try {
            auto book = LeadBook::open(path);
            Id first = book.criteria_of(RecordType::lead).front().id;
            book.leads().add_json(parse_json(R"({"full_name": "Jane", "criteria_met": [)" +
                                             std::to_string(first) + "]}"));
        } catch (...) {
            code = 1;
        }
        _exit(code);
    }
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);

    auto book = LeadBook::open(path);
    auto criteria = book.criteria_of(RecordType::lead);
    Lead before = book.leads().find().next().value();
    const auto& first = criteria.front();
    ASSERT_EQ(before.criteria_met, std::vector<Id>{first.id});
    std::int32_t max = before.score.max_points;
    ASSERT_GT(before.score.points, 0);
    book.criteria().update(first.id, first.version, obj(R"({"effect": "lower"})"));
    Lead after = book.leads().get(before.id);
    EXPECT_EQ(after.score.points, -before.score.points);
    EXPECT_EQ(after.score.max_points, max - before.score.points);
    EXPECT_EQ(after.score.stars, 0);
}

TEST_F(Scoring, BadCriteriaChangeNothing) {
    add_lead({need.id});
    std::string before = snapshot();
    auto add = [&](std::string_view json) { book.criteria().add_json(parse_json(json)); };
    expect_error(ErrorCode::validation, "'description' is required",
                 [&] { add(R"({"description": " "})"); });
    expect_error(ErrorCode::validation, "'weight': 'huge' is not one of low, normal, high",
                 [&] { add(R"({"description": "x", "weight": "huge"})"); });
    expect_error(ErrorCode::validation, "'effect': 'boost' is not one of raise, lower",
                 [&] { add(R"({"description": "x", "effect": "boost"})"); });
    expect_error(ErrorCode::validation,
                 "'record_type': 'opportunity' is not one of lead, business_contact",
                 [&] { add(R"({"description": "x", "record_type": "opportunity"})"); });
    expect_error(ErrorCode::validation, "cannot change", [&] {
        book.criteria().update(need.id, need.version,
                               obj(R"({"record_type": "business_contact"})"));
    });
    Id gone = book.criteria().add({.description = "Temporary"}).id;
    book.criteria().remove(gone);
    before = snapshot();
    expect_error(ErrorCode::not_found, "does not exist",
                 [&] { book.criteria().update(gone, 1, obj(R"({"weight": "high"})")); });
    expect_error(ErrorCode::not_found, "does not exist", [&] { book.criteria().remove(gone); });
    EXPECT_EQ(snapshot(), before);
}

TEST_F(Scoring, BadCriteriaMetAndStarsChangeNothing) {
    Lead lead = add_lead({need.id});
    std::string before = snapshot();
    auto met = [&](std::string_view list) {
        book.leads().update(lead.id, lead.version,
                            obj(R"({"criteria_met": )" + std::string(list) + "}"));
    };
    expect_error(ErrorCode::validation, "criterion 4242 does not exist", [&] { met("[4242]"); });
    expect_error(ErrorCode::validation, "is for business_contact records, not lead records",
                 [&] { met(ids_json({loyal.id})); });
    expect_error(ErrorCode::validation, "is listed twice", [&] {
        met(ids_json({need.id, budget.id, need.id}));
    });
    auto stars = [&](std::string_view score) {
        book.leads().update(lead.id, lead.version, obj(R"({"score": )" + std::string(score) + "}"));
    };
    expect_error(ErrorCode::validation, "'score.stars' must be from 0 to 5",
                 [&] { stars(R"({"mode": "manual", "stars": 6})"); });
    expect_error(ErrorCode::validation, "'score.stars' must be from 0 to 5",
                 [&] { stars(R"({"mode": "manual", "stars": -1})"); });
    expect_error(ErrorCode::validation, "'score.stars': must be a whole number",
                 [&] { stars(R"({"mode": "manual", "stars": 2.5})"); });
    expect_error(ErrorCode::validation, "'score.stars' must be a whole number",
                 [&] { stars(R"({"mode": "manual", "stars": "4"})"); });
    EXPECT_EQ(snapshot(), before);
}

namespace {
/// Storage whose update_columns fails halfway: a rescoring cut short.
class FailingStorage : public Storage {
public:
    explicit FailingStorage(std::unique_ptr<Storage> inner) : inner_(std::move(inner)) {}
    void begin(bool write) override { inner_->begin(write); }
    void commit() override { inner_->commit(); }
    void rollback() noexcept override { inner_->rollback(); }
    std::int64_t insert(const TableDef& t, const Row& r) override { return inner_->insert(t, r); }
    bool exists(const TableDef& t, std::int64_t id) override { return inner_->exists(t, id); }
    UpdateResult update(const TableDef& t, std::int64_t id, const Row& r,
                        std::optional<std::int64_t> v) override {
        return inner_->update(t, id, r, v);
    }
    bool remove(const TableDef& t, std::int64_t id) override { return inner_->remove(t, id); }
    bool change_kind(const TableDef& f, const TableDef& t, std::int64_t id) override {
        return inner_->change_kind(f, t, id);
    }
    std::unique_ptr<RowCursor> read(const TableDef& t, const Query& q,
                                    const ReadShape& shape) override {
        return inner_->read(t, q, shape);
    }
    std::int64_t count(const TableDef& t, const Query& q) override { return inner_->count(t, q); }
    std::unique_ptr<RowCursor> select(const TableDef& t, const Query& q,
                                      std::span<const Projection> c) override {
        return inner_->select(t, q, c);
    }
    std::vector<GroupCount> group_counts(const TableDef& t, const Query& q,
                                         std::span<const std::string> g) override {
        return inner_->group_counts(t, q, g);
    }
    std::int64_t update_where(const TableDef& t, const Query& q, std::span<const int> c,
                              const Row& v, bool bump) override {
        return inner_->update_where(t, q, c, v, bump);
    }
    std::int64_t update_columns(const TableDef& t, std::span<const int> c,
                                std::span<const std::int64_t> ids,
                                std::span<const Row> v) override {
        // Writes the first rows, then fails: a rescoring cut short midway.
        if (armed && !ids.empty()) {
            inner_->update_columns(t, c, ids.first(ids.size() / 2), v.first(v.size() / 2));
            fail(ErrorCode::storage, "disk full (simulated)");
        }
        return inner_->update_columns(t, c, ids, v);
    }
    void insert_children(const ChildTableDef& c, std::int64_t o, std::span<const Row> r) override {
        inner_->insert_children(c, o, r);
    }
    void replace_children(const ChildTableDef& c, std::int64_t o, std::span<const Row> r) override {
        inner_->replace_children(c, o, r);
    }
    std::int64_t delete_children_where(const ChildTableDef& c, int col, const Value& v) override {
        return inner_->delete_children_where(c, col, v);
    }
    std::optional<std::string> setting(const std::string& k) override { return inner_->setting(k); }
    void set_setting(const std::string& k, const std::string& v) override {
        inner_->set_setting(k, v);
    }
    bool armed = false;

private:
    std::unique_ptr<Storage> inner_;
};
} // namespace

TEST(ScoringAtomicity, AFailedRescoreLeavesCriteriaAndScoresAsTheyWere) {
    test::TempDir dir;
    auto failing = std::make_unique<FailingStorage>(
        open_sqlite_storage(dir.file("crm.db"), LeadBook::schema_tables()));
    FailingStorage* storage = failing.get();
    LeadBook book(std::move(failing));
    auto criteria = book.criteria_of(RecordType::lead);
    ASSERT_FALSE(criteria.empty());
    const ScoringCriterion first = criteria.front();
    for (int i = 0; i < 10; ++i)
        book.leads().add_json(parse_json(R"({"full_name": "L", "criteria_met": [)" +
                                         std::to_string(first.id) + "]}"));
    auto snapshot = [&] {
        std::string out;
        for (const auto& c : book.criteria().find()) out += serialize_json(to_json(c));
        for (const auto& l : book.leads().find()) out += serialize_json(to_json(l.score));
        return out;
    };
    std::string before = snapshot();
    storage->armed = true;
    expect_error(ErrorCode::storage, "disk full", [&] {
        book.criteria().update(first.id, first.version, obj(R"({"weight": "low"})"));
    });
    storage->armed = false;
    EXPECT_EQ(snapshot(), before);
}

TEST(SchemaMigration, VersionOneFileIsMigratedToTheCurrentSchema) {
    test::TempDir dir;
    std::string path = dir.file("v1.db");
    Id lead_id = 0;
    {
        auto book = LeadBook::open(path);
        lead_id = book.leads().add(test::sample_lead("Jane")).id;
    }
    // Turn it into a file as schema version 1 wrote it: no scoring tables,
    // settings, history, opportunities, stages or field definitions, no
    // contact details, and the record-type column named "kind".
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    std::string sql =
        "DROP TABLE scoring_criteria; DROP TABLE settings; DROP TABLE history; DROP TABLE links;"
        "DROP TABLE opportunities; DROP TABLE items; DROP TABLE sales_stages;"
        "DROP TABLE field_definitions; DROP TABLE choices; DROP TABLE saved_reports;"
        "DROP TABLE fields; DROP TABLE matching_rules; DROP TABLE match_keys;"
        "DROP TABLE disqualify_reasons; DROP INDEX records_status;"
        "ALTER TABLE records DROP COLUMN status; ALTER TABLE records DROP COLUMN status_reason;"
        "DROP TABLE pick_list_entries;"
        "ALTER TABLE entities RENAME COLUMN record_kind TO kind;"
        "ALTER TABLE records RENAME COLUMN record_kind TO kind;"
        "ALTER TABLE accounts RENAME COLUMN record_kind TO kind;";
    for (const char* column :
         {"department", "office", "profession", "manager_name", "assistant_name", "birthday",
          "anniversary", "nickname", "spouse_or_partner"})
        sql += std::string("ALTER TABLE records DROP COLUMN details_") + column + ";";
    sql += "PRAGMA user_version = 1;";
    char* error = nullptr;
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK) << error;
    sqlite3_close(db);

    auto book = LeadBook::open(path);
    EXPECT_EQ(book.leads().get(lead_id).full_name, "Jane");
    EXPECT_EQ(book.leads().get(lead_id).emails.size(), 2u);
    EXPECT_FALSE(book.criteria_of(RecordType::lead).empty());
    EXPECT_EQ(book.stages().count(), 7);
    BusinessContact contact = book.convert_lead(lead_id, 1);
    EXPECT_EQ(contact.details.department, "");
    sqlite3_open(path.c_str(), &db);
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, nullptr);
    sqlite3_step(s);
    EXPECT_EQ(sqlite3_column_int(s, 0), sqlite_schema_version());
    sqlite3_finalize(s);
    sqlite3_close(db);
}
