// Tuning the criteria's points from outcomes (scoring_tuning.hpp), on
// synthetic data whose true weights are known.
#include <leadbook/scoring_tuning.hpp>

#include "test_support.hpp"

#include <random>

namespace {

using namespace leadbook;
using test::expect_error;

/// 100,000 leads meeting 20 criteria at random, converting by a logistic
/// model of known weights (fixed seed).
struct Synthetic {
    static constexpr std::size_t criteria = 20, leads = 100'000;
    std::vector<double> weights; ///< the true ones
    double bias = -1.2;
    std::vector<std::uint64_t> masks;
    std::vector<std::uint8_t> outcomes;
    std::vector<double> true_scores;

    Synthetic() {
        // Distinct weights, 0.2 apart, some lowering, in a shuffled order.
        for (std::size_t i = 0; i < criteria; ++i) weights.push_back(-1.4 + 0.2 * double(i));
        std::mt19937_64 rng(20261202);
        std::shuffle(weights.begin(), weights.end(), rng);
        std::uniform_real_distribution<double> unit(0, 1);
        std::vector<double> rate(criteria);
        for (auto& r : rate) r = 0.15 + 0.5 * unit(rng);
        for (std::size_t l = 0; l < leads; ++l) {
            std::uint64_t m = 0;
            double z = bias;
            for (std::size_t i = 0; i < criteria; ++i)
                if (unit(rng) < rate[i]) {
                    m |= std::uint64_t{1} << i;
                    z += weights[i];
                }
            masks.push_back(m);
            true_scores.push_back(z);
            outcomes.push_back(unit(rng) < 1 / (1 + std::exp(-z)) ? 1 : 0);
        }
    }
};

const Synthetic& synthetic() {
    static const Synthetic data;
    return data;
}

/// Indexes sorted by value.
template <class T> std::vector<std::size_t> order_of(const std::vector<T>& values) {
    std::vector<std::size_t> order(values.size());
    std::iota(order.begin(), order.end(), 0u);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
    return order;
}

TEST(ScoringTuning, RecoversTheOrderOfTheTrueWeightsAndTheirAuc) {
    const auto& d = synthetic();
    // Today's defaults: every criterion "normal, raise".
    const std::vector<std::int32_t> today(Synthetic::criteria, 2);
    const TuningReport r = tune_weights(d.masks, d.outcomes, today);
    EXPECT_EQ(r.records, Synthetic::leads);
    EXPECT_EQ(r.converted + r.lost, Synthetic::leads);
    EXPECT_EQ(r.folds, 5u);
    ASSERT_EQ(r.points.size(), Synthetic::criteria);

    // The order of the weights, from the free points and from the coefficients.
    EXPECT_EQ(order_of(r.points), order_of(d.weights));
    std::vector<double> coefficients;
    for (const auto& c : r.criteria) coefficients.push_back(c.coefficient);
    EXPECT_EQ(order_of(coefficients), order_of(d.weights));
    // Each true weight lies in its confidence interval (20 intervals at 95%:
    // allow one miss).
    int outside = 0;
    for (const auto& c : r.criteria) {
        EXPECT_TRUE(c.fitted);
        EXPECT_LT(c.ci_low, c.coefficient);
        EXPECT_GT(c.ci_high, c.coefficient);
        outside += d.weights[c.index] < c.ci_low || d.weights[c.index] > c.ci_high;
    }
    EXPECT_LE(outside, 1);
    // Lowering criteria become lowering, on both scales.
    for (std::size_t i = 0; i < Synthetic::criteria; ++i) {
        if (std::abs(d.weights[i]) < 0.15) continue;
        EXPECT_EQ(r.points[i] < 0, d.weights[i] < 0) << i;
        EXPECT_EQ(r.scale_points[i] < 0, d.weights[i] < 0) << i;
        EXPECT_NE(r.scale_points[i], 0);
        EXPECT_LE(std::abs(r.scale_points[i]), 3);
    }

    // The cross-validated AUC of the tuned points is within 0.01 of the true
    // model's; today's weights rank worse.
    const double true_auc = auc(d.true_scores, d.outcomes);
    EXPECT_NEAR(r.cv_auc_points, true_auc, 0.01);
    EXPECT_LT(r.cv_auc_current, r.cv_auc_points - 0.05);
    EXPECT_LT(r.cv_auc_current, r.cv_auc_scale);
    EXPECT_LE(r.cv_auc_scale, r.cv_auc_points + 0.005);

    // Star bands: every record in one band before and after; tuned bands
    // are calibrated (conversion grows with stars where bands are full).
    for (const auto* bands : {&r.bands_current, &r.bands_scale, &r.bands_points}) {
        ASSERT_EQ(bands->size(), 6u);
        std::size_t records = 0, converted = 0;
        for (const auto& b : *bands) {
            records += b.records;
            converted += b.converted;
        }
        EXPECT_EQ(records, Synthetic::leads);
        EXPECT_EQ(converted, r.converted);
    }
    double previous = -1;
    for (const auto& b : r.bands_points) {
        if (b.records < 1000) continue;
        EXPECT_GT(b.conversion_rate, previous) << b.stars;
        previous = b.conversion_rate;
    }
}

TEST(ScoringTuning, AucCountsTiesAsHalf) {
    const std::vector<double> scores = {1, 2, 2, 3};
    const std::vector<std::uint8_t> outcomes = {0, 1, 0, 1};
    // pairs (pos, neg): (2,1) win, (2,2) tie, (3,1) win, (3,2) win = 3.5 / 4
    EXPECT_DOUBLE_EQ(auc(scores, outcomes), 0.875);
}

/// 200 records on 3 criteria: criterion 0 raises, 1 is met by nobody,
/// 2 by everybody; `converted` of them converted.
struct Small {
    std::vector<std::uint64_t> masks;
    std::vector<std::uint8_t> outcomes;
    explicit Small(std::size_t converted, std::size_t records = 200) {
        for (std::size_t r = 0; r < records; ++r) {
            const bool yes = r < converted;
            masks.push_back((r % 3 == 0 || (yes && r % 2 == 0) ? 1u : 0u) | 4u);
            outcomes.push_back(yes ? 1 : 0);
        }
    }
};

TEST(ScoringTuning, TooFewOutcomesOfEitherKindSayHowManyAreNeeded) {
    const std::vector<std::int32_t> current = {2, 1, 3};
    Small few(29);
    expect_error(ErrorCode::validation,
                 "tuning needs at least 30 converted and 30 lost outcomes; got 29 converted and "
                 "171 lost",
                 [&] { tune_weights(few.masks, few.outcomes, current); });
    Small few_lost(171);
    expect_error(ErrorCode::validation, "got 171 converted and 29 lost",
                 [&] { tune_weights(few_lost.masks, few_lost.outcomes, current); });
    // The inputs are untouched.
    EXPECT_EQ(Small(29).masks, few.masks);
    EXPECT_EQ(Small(29).outcomes, few.outcomes);
    Small enough(30);
    EXPECT_EQ(tune_weights(enough.masks, enough.outcomes, current).converted, 30u);
}

TEST(ScoringTuning, OutcomesAllOfOneKindAreRefused) {
    const std::vector<std::int32_t> current = {2, 1, 3};
    Small all(200);
    expect_error(ErrorCode::validation, "all 200 outcomes are converted",
                 [&] { tune_weights(all.masks, all.outcomes, current); });
    Small none(0);
    expect_error(ErrorCode::validation, "all 200 outcomes are lost",
                 [&] { tune_weights(none.masks, none.outcomes, current); });
    Small bad(100);
    bad.outcomes[3] = 2;
    expect_error(ErrorCode::validation, "1 (converted) or 0 (lost)",
                 [&] { tune_weights(bad.masks, bad.outcomes, current); });
    expect_error(ErrorCode::validation, "mask words",
                 [&] { tune_weights(std::span(bad.masks).first(10), bad.outcomes, current); });
}

TEST(ScoringTuning, ACriterionNoRecordOrEveryRecordMeetsIsReportedAndLeftAlone) {
    const std::vector<std::int32_t> current = {2, -1, 3};
    Small data(100);
    const TuningReport r = tune_weights(data.masks, data.outcomes, current);
    ASSERT_EQ(r.criteria.size(), 3u);
    EXPECT_TRUE(r.criteria[0].fitted);
    EXPECT_GT(r.criteria[0].coefficient, 0);
    EXPECT_EQ(r.points[0], 100); // the only fitted one is the largest
    EXPECT_EQ(r.scale_points[0], 3);
    EXPECT_FALSE(r.criteria[1].fitted);
    EXPECT_EQ(r.criteria[1].records_meeting, 0u);
    EXPECT_EQ(r.criteria[1].note, "no record meets it: its points are left as they are");
    EXPECT_EQ(r.points[1], -1);
    EXPECT_EQ(r.scale_points[1], -1);
    EXPECT_FALSE(r.criteria[2].fitted);
    EXPECT_EQ(r.criteria[2].records_meeting, 200u);
    EXPECT_EQ(r.criteria[2].note, "every record meets it: its points are left as they are");
    EXPECT_EQ(r.points[2], 3);
    EXPECT_EQ(r.criteria[2].coefficient, 0);
}

} // namespace
