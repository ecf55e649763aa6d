// leadbook/scoring_tuning.hpp: fitting the criteria's worth to outcomes.
//
// Header-only and usable without storage: from plain arrays (each record's
// criteria mask, as ScoreCalculator takes it, and whether the record
// converted), tune_weights fits
//   (a) the best low/normal/high scale of each criterion, raising or
//       lowering (signed points -3..3, never 0), and
//   (b) free points (-100..100) by logistic regression,
// and reports, by k-fold cross validation, the ranking quality (AUC) of the
// current, scale and free points, the conversion rate and count of records
// per star band (before and after), and each criterion's contribution with
// a 95% confidence interval:
//
//   leadbook::TuningReport r = leadbook::tune_weights(masks, criteria_count,
//                                                     outcomes, current_points);
//   r.cv_auc_current, r.cv_auc_points, r.criteria[i].points ...
//
// The method (docs/scoring.md, "Tuning"): the probability that a record
// converts is modelled as sigmoid(b + sum of w_i over the criteria it
// meets); b and w are fitted by Newton's method on the log-likelihood with a
// light L2 penalty (lambda = 1) on w. Each Newton step takes the gradient
// over every training record (the linear predictor and the gradient go
// through tables indexed by each byte of the mask: one look-up and one add
// per eight criteria) and the Hessian from an even sample of at most 65,536
// training records; the last fit takes the Hessian over every record for the
// standard errors. Free points are w scaled so that the largest |w_i| is
// 100, rounded; scale points are w scaled so that the largest |w_i| is 3,
// rounded, and a criterion rounding to 0 keeps the sign of its w with 1.
// A criterion that no record meets, or that every record meets, cannot be
// fitted: it is reported and keeps its current points.
#pragma once

#include <leadbook/error.hpp>
#include <leadbook/scoring.hpp>

#include <boost/describe/class.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <random>
#include <span>
#include <string>
#include <vector>

namespace leadbook {

/// How tune_weights cross-validates.
struct TuningOptions {
    std::size_t folds = 5;     ///< k of k-fold cross validation, 2..20
    std::uint64_t seed = 1;    ///< the random assignment of records to folds
    std::size_t min_each = 30; ///< fewest converted and fewest lost outcomes accepted
};

/// What tuning found for one criterion (bit `index` of the masks).
struct CriterionTuning {
    std::size_t index = 0;
    std::int32_t current_points = 0;
    std::int32_t scale_points = 0; ///< (a): -3..3, never 0
    std::int32_t points = 0;       ///< (b): free points, -100..100
    /// The logistic coefficient (change in log-odds of converting when the
    /// criterion is met) and its 95% confidence interval (Wald: ±1.96
    /// standard errors); 0 when `fitted` is false.
    double coefficient = 0, ci_low = 0, ci_high = 0;
    std::size_t records_meeting = 0;
    /// false when no record or every record meets it: its points are left
    /// as they are and `note` says why.
    bool fitted = true;
    std::string note;
};
BOOST_DESCRIBE_STRUCT(CriterionTuning, (),
                      (index, current_points, scale_points, points, coefficient, ci_low, ci_high,
                       records_meeting, fitted, note))

/// The records of one star band (0..5 stars) under some points.
struct StarBand {
    std::int32_t stars = 0;
    std::size_t records = 0;
    std::size_t converted = 0;
    double conversion_rate = 0; ///< converted / records (0 when empty)
};
BOOST_DESCRIBE_STRUCT(StarBand, (), (stars, records, converted, conversion_rate))

/// What tune_weights reports. AUCs are the mean over the folds of the AUC
/// on each held-out fold of points fitted on the other folds (the current
/// points are not fitted, only measured on the same folds).
struct TuningReport {
    std::size_t records = 0, converted = 0, lost = 0, folds = 0;
    double cv_auc_current = 0, cv_auc_scale = 0, cv_auc_points = 0;
    std::vector<CriterionTuning> criteria;
    std::vector<std::int32_t> current_points, scale_points, points; ///< per criterion
    /// Every record's stars under each set of points (the stars
    /// distribution) and the conversion rate per band (calibration).
    std::vector<StarBand> bands_current, bands_scale, bands_points;
};
BOOST_DESCRIBE_STRUCT(TuningReport, (),
                      (records, converted, lost, folds, cv_auc_current, cv_auc_scale, cv_auc_points,
                       criteria, current_points, scale_points, points, bands_current, bands_scale,
                       bands_points))

/// The AUC (the chance that a converted record scores above a lost one,
/// ties counting half) of `scores` against `outcomes` (1 converted, 0 lost).
/// 0.5 when either kind is missing.
inline double auc(std::span<const double> scores, std::span<const std::uint8_t> outcomes) {
    std::vector<std::uint32_t> order(scores.size());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(),
              [&](std::uint32_t a, std::uint32_t b) { return scores[a] < scores[b]; });
    double positives = 0, negatives = 0, wins = 0, negatives_below = 0;
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i;
        double pos = 0, neg = 0;
        while (j < order.size() && scores[order[j]] == scores[order[i]]) {
            (outcomes[order[j]] ? pos : neg) += 1;
            ++j;
        }
        wins += pos * (negatives_below + 0.5 * neg);
        negatives_below += neg;
        positives += pos;
        negatives += neg;
        i = j;
    }
    return positives > 0 && negatives > 0 ? wins / (positives * negatives) : 0.5;
}

namespace detail::tuning {

/// A record set seen as bytes of masks: the byte b of record r.
struct Masks {
    const std::uint64_t* data;
    std::size_t words, bytes, count;
    std::uint8_t byte(std::size_t r, std::size_t b) const noexcept {
        return static_cast<std::uint8_t>(data[r * words + b / 8] >> (8 * (b % 8)));
    }
};

/// sum over the bits of every byte value: table[b * 256 + v].
template <class T>
void byte_tables(std::span<const T> weights, std::size_t bytes, std::vector<T>& out) {
    out.assign(bytes * 256, T{});
    for (std::size_t b = 0; b < bytes; ++b)
        for (unsigned v = 1; v < 256; ++v) {
            const unsigned low = static_cast<unsigned>(__builtin_ctz(v));
            const std::size_t i = b * 8 + low;
            out[b * 256 + v] =
                out[b * 256 + (v & (v - 1))] + (i < weights.size() ? weights[i] : T{});
        }
}

/// Integer points of every record (in `include`d folds, or all when
/// fold < 0) into a histogram; AUC from it. Points lie in [lo, hi].
inline double auc_of_points(const Masks& m, std::span<const std::uint8_t> outcomes,
                            std::span<const std::int32_t> points,
                            std::span<const std::uint8_t> fold_of, int fold) {
    std::vector<std::int32_t> table;
    byte_tables<std::int32_t>(points, m.bytes, table);
    std::int32_t lo = 0, hi = 0;
    for (auto p : points) (p < 0 ? lo : hi) += p;
    std::vector<double> pos(std::size_t(hi - lo) + 1, 0), neg(pos.size(), 0);
    for (std::size_t r = 0; r < m.count; ++r) {
        if (fold >= 0 && fold_of[r] != fold) continue;
        std::int32_t p = 0;
        for (std::size_t b = 0; b < m.bytes; ++b) p += table[b * 256 + m.byte(r, b)];
        (outcomes[r] ? pos : neg)[std::size_t(p - lo)] += 1;
    }
    double below = 0, wins = 0, positives = 0, negatives = 0;
    for (std::size_t i = 0; i < pos.size(); ++i) {
        wins += pos[i] * (below + 0.5 * neg[i]);
        below += neg[i];
        positives += pos[i];
        negatives += neg[i];
    }
    return positives > 0 && negatives > 0 ? wins / (positives * negatives) : 0.5;
}

/// Solves A x = y for a symmetric positive definite A (n x n, row major) by
/// Cholesky; A is overwritten. Returns false when A is not positive definite.
inline bool solve_spd(std::vector<double>& a, std::vector<double>& y, std::size_t n) {
    for (std::size_t j = 0; j < n; ++j) {
        double d = a[j * n + j];
        for (std::size_t k = 0; k < j; ++k) d -= a[j * n + k] * a[j * n + k];
        if (!(d > 0)) return false;
        d = std::sqrt(d);
        a[j * n + j] = d;
        for (std::size_t i = j + 1; i < n; ++i) {
            double s = a[i * n + j];
            for (std::size_t k = 0; k < j; ++k) s -= a[i * n + k] * a[j * n + k];
            a[i * n + j] = s / d;
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        double s = y[i];
        for (std::size_t k = 0; k < i; ++k) s -= a[i * n + k] * y[k];
        y[i] = s / a[i * n + i];
    }
    for (std::size_t i = n; i-- > 0;) {
        double s = y[i];
        for (std::size_t k = i + 1; k < n; ++k) s -= a[k * n + i] * y[k];
        y[i] = s / a[i * n + i];
    }
    return true;
}

/// A logistic regression over the active criteria of the records not in
/// fold `skip` (all when skip < 0). `w` (one per criterion, then the bias)
/// is the start and the result; `variances`, when given, receives the
/// diagonal of the inverse Hessian over every training record.
inline void fit(const Masks& m, std::span<const std::uint8_t> outcomes,
                std::span<const std::uint8_t> fold_of, int skip,
                const std::vector<std::size_t>& active, std::vector<double>& w,
                std::vector<double>* variances) {
    const std::size_t n = active.size(), dim = n + 1, criteria = w.size() - 1;
    constexpr double lambda = 1.0;
    std::vector<int> dense(criteria, -1);
    for (std::size_t i = 0; i < n; ++i) dense[active[i]] = int(i);
    std::vector<double> lin, grad_by_byte(m.bytes * 256), grad(dim), hess(dim * dim);
    std::size_t training = 0;
    for (std::size_t r = 0; r < m.count; ++r) training += fold_of[r] != skip;
    const std::size_t stride = std::max<std::size_t>(1, training / 65536);
    std::vector<std::size_t> bits;
    auto predictor = [&](std::size_t r) {
        double z = w[criteria];
        for (std::size_t b = 0; b < m.bytes; ++b) z += lin[b * 256 + m.byte(r, b)];
        return z;
    };
    auto add_hessian = [&](std::size_t r, double h) {
        bits.clear();
        for (std::size_t word = 0; word < m.words; ++word)
            for (std::uint64_t x = m.data[r * m.words + word]; x; x &= x - 1) {
                const std::size_t i = word * 64 + std::size_t(__builtin_ctzll(x));
                if (i < criteria && dense[i] >= 0) bits.push_back(std::size_t(dense[i]));
            }
        for (std::size_t a = 0; a < bits.size(); ++a) {
            double* row = &hess[bits[a] * dim];
            for (std::size_t c = a; c < bits.size(); ++c) row[bits[c]] += h;
            row[n] += h;
        }
        hess[n * dim + n] += h;
    };
    auto hessian = [&](std::size_t step, double scale) {
        std::fill(hess.begin(), hess.end(), 0.0);
        std::size_t seen = 0;
        for (std::size_t r = 0; r < m.count; ++r) {
            if (fold_of[r] == skip) continue;
            if (seen++ % step) continue;
            const double p = 1 / (1 + std::exp(-predictor(r)));
            add_hessian(r, p * (1 - p) * scale);
        }
        // Bits were added in increasing order: fill the lower triangle.
        for (std::size_t i = 0; i < dim; ++i)
            for (std::size_t j = 0; j < i; ++j) hess[i * dim + j] = hess[j * dim + i];
        for (std::size_t i = 0; i < n; ++i) hess[i * dim + i] += lambda;
    };
    std::vector<double> active_w(criteria, 0.0);
    for (int iteration = 0; iteration < 30; ++iteration) {
        for (std::size_t i = 0; i < criteria; ++i) active_w[i] = dense[i] >= 0 ? w[i] : 0.0;
        byte_tables<double>(active_w, m.bytes, lin);
        std::fill(grad_by_byte.begin(), grad_by_byte.end(), 0.0);
        double grad_bias = 0;
        for (std::size_t r = 0; r < m.count; ++r) {
            if (fold_of[r] == skip) continue;
            const double residual = double(outcomes[r]) - 1 / (1 + std::exp(-predictor(r)));
            grad_bias += residual;
            for (std::size_t b = 0; b < m.bytes; ++b)
                grad_by_byte[b * 256 + m.byte(r, b)] += residual;
        }
        std::fill(grad.begin(), grad.end(), 0.0);
        for (std::size_t b = 0; b < m.bytes; ++b)
            for (unsigned v = 1; v < 256; ++v)
                for (unsigned x = v; x; x &= x - 1) {
                    const std::size_t i = b * 8 + std::size_t(__builtin_ctz(x));
                    if (i < criteria && dense[i] >= 0)
                        grad[std::size_t(dense[i])] += grad_by_byte[b * 256 + v];
                }
        for (std::size_t i = 0; i < n; ++i) grad[i] -= lambda * w[active[i]];
        grad[n] = grad_bias;
        hessian(stride, double(stride));
        if (!solve_spd(hess, grad, dim))
            fail(ErrorCode::internal, "tuning: the Hessian is not positive definite");
        double largest = 0;
        for (std::size_t i = 0; i < n; ++i) {
            w[active[i]] += grad[i];
            largest = std::max(largest, std::abs(grad[i]));
        }
        w[criteria] += grad[n];
        if (largest < 1e-6) break;
    }
    if (variances) {
        for (std::size_t i = 0; i < criteria; ++i) active_w[i] = dense[i] >= 0 ? w[i] : 0.0;
        byte_tables<double>(active_w, m.bytes, lin);
        hessian(1, 1.0);
        variances->assign(criteria, 0.0);
        // Column i of the inverse: solve H x = e_i.
        for (std::size_t i = 0; i < n; ++i) {
            std::vector<double> a = hess, e(dim, 0.0);
            e[i] = 1;
            if (!solve_spd(a, e, dim))
                fail(ErrorCode::internal, "tuning: the Hessian is not positive definite");
            (*variances)[active[i]] = e[i];
        }
    }
}

/// Fitted coefficients to integer points: the largest |w| becomes `top`.
inline std::vector<std::int32_t> to_points(const std::vector<double>& w,
                                           const std::vector<std::size_t>& active,
                                           std::span<const std::int32_t> current, int top) {
    std::vector<std::int32_t> out(current.begin(), current.end());
    double largest = 0;
    for (auto i : active) largest = std::max(largest, std::abs(w[i]));
    for (auto i : active) {
        auto p = largest > 0 ? static_cast<std::int32_t>(std::lround(w[i] * top / largest)) : 0;
        if (top == 3 && p == 0) p = w[i] < 0 ? -1 : 1; // the scale has no 0
        out[i] = p;
    }
    return out;
}

inline std::vector<StarBand> bands(const Masks& m, std::span<const std::uint8_t> outcomes,
                                   std::span<const std::int32_t> points) {
    const auto calc = ScoreCalculator::from_points(points);
    std::vector<StarBand> out(6);
    for (std::int32_t s = 0; s < 6; ++s) out[std::size_t(s)].stars = s;
    for (std::size_t r = 0; r < m.count; ++r) {
        auto& band = out[std::size_t(calc.score_mask(m.data + r * m.words).stars)];
        ++band.records;
        band.converted += outcomes[r];
    }
    for (auto& band : out)
        band.conversion_rate = band.records ? double(band.converted) / double(band.records) : 0;
    return out;
}

} // namespace detail::tuning

/// Fits the criteria's points to outcomes (see the top of this header).
/// `masks`: `count` records, each ScoreCalculator's mask layout for
/// `current_points.size()` criteria ((n + 63) / 64 words, at least 1);
/// `outcomes`: one a record, 1 converted (or won), 0 lost (or
/// disqualified). Nothing is changed anywhere: the report says what the
/// points would be. Errors (validation): sizes that do not match, an outcome
/// other than 0 or 1, outcomes all of one kind, fewer than
/// `options.min_each` of either kind, folds outside 2..20 or more folds than
/// outcomes of either kind, current points outside -100..100.
inline TuningReport tune_weights(std::span<const std::uint64_t> masks,
                                 std::span<const std::uint8_t> outcomes,
                                 std::span<const std::int32_t> current_points,
                                 const TuningOptions& options = {}) {
    const std::size_t criteria = current_points.size();
    const std::size_t words = std::max<std::size_t>(1, (criteria + 63) / 64);
    const std::size_t count = outcomes.size();
    if (masks.size() != count * words)
        fail(ErrorCode::validation, "tuning: " + std::to_string(count) + " outcomes need " +
                                        std::to_string(count * words) + " mask words, not " +
                                        std::to_string(masks.size()));
    (void)ScoreCalculator::from_points(current_points); // checks the range
    TuningReport report;
    report.records = count;
    for (auto o : outcomes) {
        if (o > 1) fail(ErrorCode::validation, "tuning: an outcome is 1 (converted) or 0 (lost)");
        (o ? report.converted : report.lost) += 1;
    }
    if (count > 0 && (report.converted == 0 || report.lost == 0))
        fail(ErrorCode::validation, "tuning: all " + std::to_string(count) + " outcomes are " +
                                        (report.lost == 0 ? "converted" : "lost") +
                                        "; tuning needs both converted and lost outcomes");
    if (report.converted < options.min_each || report.lost < options.min_each)
        fail(ErrorCode::validation, "tuning needs at least " + std::to_string(options.min_each) +
                                        " converted and " + std::to_string(options.min_each) +
                                        " lost outcomes; got " + std::to_string(report.converted) +
                                        " converted and " + std::to_string(report.lost) + " lost");
    if (options.folds < 2 || options.folds > 20 ||
        options.folds > std::min(report.converted, report.lost))
        fail(ErrorCode::validation, "tuning: folds must be from 2 to 20 and at most the outcomes "
                                    "of either kind, not " +
                                        std::to_string(options.folds));
    report.folds = options.folds;
    const detail::tuning::Masks m{masks.data(), words, std::max<std::size_t>(1, (criteria + 7) / 8),
                                  count};

    // Which criteria can be fitted.
    std::vector<std::size_t> meeting(criteria, 0);
    for (std::size_t r = 0; r < count; ++r)
        for (std::size_t word = 0; word < words; ++word)
            for (std::uint64_t x = masks[r * words + word]; x; x &= x - 1) {
                const std::size_t i = word * 64 + std::size_t(__builtin_ctzll(x));
                if (i < criteria) ++meeting[i];
            }
    std::vector<std::size_t> active;
    report.criteria.resize(criteria);
    for (std::size_t i = 0; i < criteria; ++i) {
        auto& c = report.criteria[i];
        c.index = i;
        c.current_points = c.scale_points = c.points = current_points[i];
        c.records_meeting = meeting[i];
        if (meeting[i] == 0 || meeting[i] == count) {
            c.fitted = false;
            c.note = meeting[i] == 0 ? "no record meets it: its points are left as they are"
                                     : "every record meets it: its points are left as they are";
        } else {
            active.push_back(i);
        }
    }

    // The fit on every record, with standard errors; then each fold's,
    // started from it.
    std::vector<std::uint8_t> fold_of(count);
    std::mt19937_64 rng(options.seed);
    for (auto& f : fold_of) f = static_cast<std::uint8_t>(rng() % options.folds);
    std::vector<double> full(criteria + 1, 0.0), variances;
    detail::tuning::fit(m, outcomes, fold_of, -1, active, full, &variances);
    report.current_points.assign(current_points.begin(), current_points.end());
    report.points = detail::tuning::to_points(full, active, current_points, 100);
    report.scale_points = detail::tuning::to_points(full, active, current_points, 3);
    for (auto i : active) {
        auto& c = report.criteria[i];
        c.coefficient = full[i];
        const double half = 1.959964 * std::sqrt(variances[i]);
        c.ci_low = full[i] - half;
        c.ci_high = full[i] + half;
        c.points = report.points[i];
        c.scale_points = report.scale_points[i];
    }
    for (std::size_t f = 0; f < options.folds; ++f) {
        std::vector<double> w = full;
        detail::tuning::fit(m, outcomes, fold_of, int(f), active, w, nullptr);
        const auto points = detail::tuning::to_points(w, active, current_points, 100);
        const auto scale = detail::tuning::to_points(w, active, current_points, 3);
        report.cv_auc_current +=
            detail::tuning::auc_of_points(m, outcomes, current_points, fold_of, int(f));
        report.cv_auc_points += detail::tuning::auc_of_points(m, outcomes, points, fold_of, int(f));
        report.cv_auc_scale += detail::tuning::auc_of_points(m, outcomes, scale, fold_of, int(f));
    }
    const double k = double(options.folds);
    report.cv_auc_current /= k;
    report.cv_auc_points /= k;
    report.cv_auc_scale /= k;
    report.bands_current = detail::tuning::bands(m, outcomes, current_points);
    report.bands_scale = detail::tuning::bands(m, outcomes, report.scale_points);
    report.bands_points = detail::tuning::bands(m, outcomes, report.points);
    return report;
}

} // namespace leadbook
