// leadbook/scoring.hpp: scoring criteria and the score calculator.
//
// Header-only and usable without storage:
//
//   std::vector<leadbook::ScoringCriterion> criteria = ...;   // of one record type
//   leadbook::ScoreCalculator calc(criteria);                  // compile once
//   leadbook::Score s = calc.score(std::span<const Id>(met_ids));
//   calc.score_batch(masks, n, stars, points, percent);         // many at once
//
// The rules (docs/scoring.md): a criterion is worth its explicit points
// (-100..100) or its weight, low = 1, normal = 2, high = 3, raising or
// lowering; points = the sum of what the met criteria are worth; max_points
// = the sum of every positive worth; with c = clamp(points, 0, max_points):
//   stars   = floor((10c + max) / (2max))   (5c/max rounded half up, 0..5)
//   percent = floor((200c + max) / (2max))  (0..100)
// and both are 0 when there are no raising criteria. Everything is integer
// arithmetic: no floating point drift. The batch form does no allocation and
// no division per record: a record's mask is folded to points with one table
// look-up per eight criteria, and stars and percent come from a table
// indexed by the clamped points.
#pragma once

#include <leadbook/error.hpp>
#include <leadbook/types.hpp>

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define LEADBOOK_SCORING_X86 1
#endif

namespace leadbook {

enum class Weight { low = 1, normal = 2, high = 3 };
BOOST_DESCRIBE_ENUM(Weight, low, normal, high)

enum class Effect { raise, lower };
BOOST_DESCRIBE_ENUM(Effect, raise, lower)

/// The record types that have scoring criteria of their own.
enum class RecordType { lead, business_contact };
BOOST_DESCRIBE_ENUM(RecordType, lead, business_contact)

/// A yes/no question a record can meet ("budget confirmed"), worth its
/// weight in points, raising or lowering the score.
struct ScoringCriterion {
    Id id = 0;
    RecordType record_type = RecordType::lead; ///< fixed once created
    std::string description;                   ///< required, not blank
    Weight weight = Weight::normal;
    Effect effect = Effect::raise;
    /// Explicit signed points, -100..100 (negative lowers the score). When
    /// set they are what the criterion is worth, and `weight` and `effect`
    /// are kept but not used; when empty the criterion is worth its weight,
    /// raising or lowering by its effect.
    std::optional<std::int32_t> points;
    Timestamp created_at;
    Timestamp modified_at;
    std::optional<Id> modified_by;
    std::int64_t version = 0;
};
BOOST_DESCRIBE_STRUCT(ScoringCriterion, (),
                      (id, record_type, description, weight, effect, points, created_at,
                       modified_at, modified_by, version))

/// The most points a criterion may be worth, raising or lowering.
inline constexpr std::int32_t max_criterion_points = 100;

/// What a criterion is worth: its explicit `points` if set, otherwise its
/// weight (1, 2 or 3), negative when its effect is `lower`.
constexpr std::int32_t signed_points(const ScoringCriterion& criterion) noexcept {
    if (criterion.points) return *criterion.points;
    const auto w = static_cast<std::int32_t>(criterion.weight);
    return criterion.effect == Effect::raise ? w : -w;
}

/// One line of a score breakdown: a met criterion and what it adds (+) or
/// takes away (-).
struct ScoreContribution {
    Id criterion_id = 0;
    std::string description;
    Weight weight = Weight::normal;
    Effect effect = Effect::raise;
    std::int32_t points = 0; ///< what it adds to the score (negative: takes away)
    /// false for a lead criterion a converted business contact still meets:
    /// kept, shown, but counting nothing among the contact's criteria.
    bool counts = true;
};
BOOST_DESCRIBE_STRUCT(ScoreContribution, (),
                      (criterion_id, description, weight, effect, points, counts))

/// Why a record has its score. `score` is the stored score, which may be
/// set by hand; the totals below are always what the criteria give.
struct ScoreBreakdown {
    Id record_id = 0;
    Score score;
    std::vector<ScoreContribution> met; ///< in criteria order
    /// The sum of the points of `met` (the ones that count); may be negative.
    std::int32_t points = 0;
    /// The sum of the weights of every raising criterion of the record's type.
    std::int32_t max_points = 0;
    /// The stars (0..5) and percent (0..100) the criteria give: the score's
    /// own when it is automatic, what "automatic" would give when it is manual.
    std::int32_t automatic_stars = 0;
    std::int32_t automatic_percent = 0;
};
BOOST_DESCRIBE_STRUCT(ScoreBreakdown, (),
                      (record_id, score, met, points, max_points, automatic_stars,
                       automatic_percent))

/// Stars (0..5) for `points` out of `max_points`, by the exact formula.
constexpr std::int32_t stars_for(std::int32_t points, std::int32_t max_points) noexcept {
    if (max_points <= 0) return 0;
    std::int64_t c = std::clamp<std::int64_t>(points, 0, max_points);
    return static_cast<std::int32_t>((10 * c + max_points) / (2 * std::int64_t{max_points}));
}

/// Percent (0..100) for `points` out of `max_points`, by the exact formula.
constexpr std::int32_t percent_for(std::int32_t points, std::int32_t max_points) noexcept {
    if (max_points <= 0) return 0;
    std::int64_t c = std::clamp<std::int64_t>(points, 0, max_points);
    return static_cast<std::int32_t>((200 * c + max_points) / (2 * std::int64_t{max_points}));
}

/// The instruction sets the stars kernel (ScoreCalculator::stars_batch32)
/// can use. `portable` is plain C++ and runs everywhere; `sse41` and `avx2`
/// run where the processor has them (simd_supported says), chosen at run
/// time, so one build serves every x86-64 machine.
enum class SimdPath { portable, sse41, avx2 };
BOOST_DESCRIBE_ENUM(SimdPath, portable, sse41, avx2)

/// Whether this machine runs `path` (`portable` always does).
inline bool simd_supported(SimdPath path) noexcept {
    switch (path) {
    case SimdPath::portable: return true;
#ifdef LEADBOOK_SCORING_X86
    case SimdPath::sse41: return __builtin_cpu_supports("sse4.1");
    case SimdPath::avx2: return __builtin_cpu_supports("avx2");
#else
    case SimdPath::sse41:
    case SimdPath::avx2: return false;
#endif
    }
    return false;
}

/// The fastest path this machine runs.
inline SimdPath best_simd_path() noexcept {
    if (simd_supported(SimdPath::avx2)) return SimdPath::avx2;
    if (simd_supported(SimdPath::sse41)) return SimdPath::sse41;
    return SimdPath::portable;
}

namespace detail::simd {

/// What the stars kernels need, laid out for them: the points of criterion
/// 8j + b is `planes[b][j]` (j = 0..3, the byte of the 32-bit mask; b = 0..7,
/// the bit in that byte), and a record has at least k stars when its points
/// reach `thresholds[k - 1]`.
struct StarsKernel {
    alignas(16) std::array<std::array<std::int8_t, 4>, 8> planes{};
    std::array<std::int32_t, 5> thresholds{INT32_MAX, INT32_MAX, INT32_MAX, INT32_MAX, INT32_MAX};
};

#ifdef LEADBOOK_SCORING_X86

// Both kernels work the same way on 32-bit masks, several records a register:
// for each bit b of a byte, (mask >> b) & 0x01010101 leaves a 0 or 1 per
// criterion 8j + b, and one multiply-add of unsigned by signed bytes
// (pmaddubsw) turns those into 16-bit sums of points two bytes at a time;
// eight such steps and one 16-bit multiply-add (pmaddwd) give each record's
// points in 32 bits. Stars are then counted by comparing with the five
// thresholds: no table, no division, no clamp (below 0 no threshold is met,
// above max_points every one is). Records past the last full register go
// through the portable path.

__attribute__((target("sse4.1"))) inline __m128i points_sse41(__m128i m, const __m128i* w) {
    const __m128i ones8 = _mm_set1_epi8(1);
    __m128i acc = _mm_maddubs_epi16(_mm_and_si128(m, ones8), w[0]);
    for (int b = 1; b < 8; ++b)
        acc =
            _mm_add_epi16(acc, _mm_maddubs_epi16(_mm_and_si128(_mm_srli_epi32(m, b), ones8), w[b]));
    return _mm_madd_epi16(acc, _mm_set1_epi16(1));
}

__attribute__((target("sse4.1"))) inline __m128i stars_sse41(__m128i p, const __m128i* t) {
    __m128i s = _mm_setzero_si128();
    for (int k = 0; k < 5; ++k) s = _mm_sub_epi32(s, _mm_cmpgt_epi32(p, t[k]));
    return s;
}

/// 16 records an iteration; returns how many it scored.
__attribute__((target("sse4.1"))) inline std::size_t stars_sse41_kernel(const StarsKernel& k,
                                                                        const std::uint32_t* masks,
                                                                        std::size_t count,
                                                                        std::uint8_t* out) {
    __m128i w[8], t[5];
    for (int b = 0; b < 8; ++b) {
        std::int32_t word;
        __builtin_memcpy(&word, k.planes[std::size_t(b)].data(), 4);
        w[b] = _mm_set1_epi32(word);
    }
    for (int i = 0; i < 5; ++i) t[i] = _mm_set1_epi32(k.thresholds[std::size_t(i)] - 1);
    std::size_t i = 0;
    for (; i + 16 <= count; i += 16) {
        const auto* in = reinterpret_cast<const __m128i*>(masks + i);
        __m128i s0 = stars_sse41(points_sse41(_mm_loadu_si128(in + 0), w), t);
        __m128i s1 = stars_sse41(points_sse41(_mm_loadu_si128(in + 1), w), t);
        __m128i s2 = stars_sse41(points_sse41(_mm_loadu_si128(in + 2), w), t);
        __m128i s3 = stars_sse41(points_sse41(_mm_loadu_si128(in + 3), w), t);
        __m128i bytes = _mm_packus_epi16(_mm_packus_epi32(s0, s1), _mm_packus_epi32(s2, s3));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), bytes);
    }
    return i;
}

__attribute__((target("avx2"))) inline __m256i points_avx2(__m256i m, const __m256i* w) {
    const __m256i ones8 = _mm256_set1_epi8(1);
    __m256i acc = _mm256_maddubs_epi16(_mm256_and_si256(m, ones8), w[0]);
    for (int b = 1; b < 8; ++b)
        acc = _mm256_add_epi16(
            acc, _mm256_maddubs_epi16(_mm256_and_si256(_mm256_srli_epi32(m, b), ones8), w[b]));
    return _mm256_madd_epi16(acc, _mm256_set1_epi16(1));
}

__attribute__((target("avx2"))) inline __m256i stars_avx2(__m256i p, const __m256i* t) {
    __m256i s = _mm256_setzero_si256();
    for (int k = 0; k < 5; ++k) s = _mm256_sub_epi32(s, _mm256_cmpgt_epi32(p, t[k]));
    return s;
}

/// 32 records an iteration; returns how many it scored.
__attribute__((target("avx2"))) inline std::size_t stars_avx2_kernel(const StarsKernel& k,
                                                                     const std::uint32_t* masks,
                                                                     std::size_t count,
                                                                     std::uint8_t* out) {
    __m256i w[8], t[5];
    for (int b = 0; b < 8; ++b) {
        std::int32_t word;
        __builtin_memcpy(&word, k.planes[std::size_t(b)].data(), 4);
        w[b] = _mm256_set1_epi32(word);
    }
    for (int i = 0; i < 5; ++i) t[i] = _mm256_set1_epi32(k.thresholds[std::size_t(i)] - 1);
    // The packs work within 128-bit halves; this puts the 4-record groups
    // back in order.
    const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
    std::size_t i = 0;
    for (; i + 32 <= count; i += 32) {
        const auto* in = reinterpret_cast<const __m256i*>(masks + i);
        __m256i s0 = stars_avx2(points_avx2(_mm256_loadu_si256(in + 0), w), t);
        __m256i s1 = stars_avx2(points_avx2(_mm256_loadu_si256(in + 1), w), t);
        __m256i s2 = stars_avx2(points_avx2(_mm256_loadu_si256(in + 2), w), t);
        __m256i s3 = stars_avx2(points_avx2(_mm256_loadu_si256(in + 3), w), t);
        __m256i bytes =
            _mm256_packus_epi16(_mm256_packus_epi32(s0, s1), _mm256_packus_epi32(s2, s3));
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i),
                            _mm256_permutevar8x32_epi32(bytes, order));
    }
    return i;
}

#endif

} // namespace detail::simd

/// A compiled list of criteria (of one record type). Criterion i of the
/// list is bit i of a record's mask: bit (i % 64) of word (i / 64).
class ScoreCalculator {
public:
    ScoreCalculator() = default;

    explicit ScoreCalculator(std::span<const ScoringCriterion> criteria) {
        std::vector<std::int32_t> signed_points;
        signed_points.reserve(criteria.size());
        ids_.reserve(criteria.size());
        for (const auto& c : criteria) {
            ids_.push_back(c.id);
            signed_points.push_back(leadbook::signed_points(c));
        }
        compile(signed_points);
    }

    /// From signed points per criterion, -100..100: positive raises,
    /// negative lowers, 0 counts nothing. Other values are an
    /// Error(validation). Ids are 1..n.
    static ScoreCalculator from_points(std::span<const std::int32_t> signed_points) {
        ScoreCalculator calc;
        for (std::size_t i = 0; i < signed_points.size(); ++i) calc.ids_.push_back(Id(i + 1));
        calc.compile(signed_points);
        return calc;
    }

    std::size_t criteria_count() const noexcept { return points_.size(); }
    /// 64-bit words in one record's mask; at least 1, even with no criteria.
    std::size_t words_per_record() const noexcept {
        return std::max<std::size_t>(1, (points_.size() + 63) / 64);
    }
    std::int32_t max_points() const noexcept { return max_points_; }
    /// Bit index of criterion `id`, or -1 if the list does not have it.
    std::ptrdiff_t index_of(Id id) const noexcept {
        auto it = std::find(ids_.begin(), ids_.end(), id);
        return it == ids_.end() ? -1 : it - ids_.begin();
    }
    /// Signed points of the criterion at `index`.
    std::int32_t points_at(std::size_t index) const noexcept { return points_[index]; }
    Id id_at(std::size_t index) const noexcept { return ids_[index]; }

    /// The automatic score of a record given its mask (words_per_record() words).
    Score score_mask(const std::uint64_t* mask) const noexcept {
        Score s;
        s.points = points_of(mask);
        s.max_points = max_points_;
        fill(s.points, s.stars, s.percent);
        return s;
    }

    /// The automatic score of a record meeting the criteria `met` (ids not in
    /// the list are ignored; callers validate them first).
    Score score(std::span<const Id> met) const noexcept {
        std::int32_t points = 0;
        for (std::size_t i = 0; i < ids_.size(); ++i)
            if (std::find(met.begin(), met.end(), ids_[i]) != met.end()) points += points_[i];
        Score s;
        s.points = points;
        s.max_points = max_points_;
        fill(points, s.stars, s.percent);
        return s;
    }

    /// Scores `count` records whose masks lie one after another
    /// (words_per_record() words each). Any output pointer may be null.
    void score_batch(const std::uint64_t* masks, std::size_t count, std::int32_t* stars,
                     std::int32_t* points, std::int32_t* percent) const noexcept {
        // Up to 64 criteria (one word a record), the byte count is made a
        // constant so the compiler unrolls the look-ups.
        if (words_per_record() == 1) {
            switch (used_bytes_) {
            case 1: return batch_one_word<1>(masks, count, stars, points, percent);
            case 2: return batch_one_word<2>(masks, count, stars, points, percent);
            case 3: return batch_one_word<3>(masks, count, stars, points, percent);
            case 4: return batch_one_word<4>(masks, count, stars, points, percent);
            case 5: return batch_one_word<5>(masks, count, stars, points, percent);
            case 6: return batch_one_word<6>(masks, count, stars, points, percent);
            case 7: return batch_one_word<7>(masks, count, stars, points, percent);
            default: return batch_one_word<8>(masks, count, stars, points, percent);
            }
        }
        const std::size_t words = words_per_record();
        for (std::size_t i = 0; i < count; ++i) {
            const std::int32_t p = points_of(masks + i * words);
            store(i, p, stars, points, percent);
        }
    }

    /// Stars (0..5, one byte each) of `count` records given as one 32-bit
    /// mask each (criterion i is bit i), on the fastest path this machine
    /// runs (best_simd_path()). For up to 32 criteria; more is an
    /// Error(validation). The memory-speed form: no allocation, nothing
    /// but the stars written.
    void stars_batch32(const std::uint32_t* masks, std::size_t count, std::uint8_t* stars) const {
        stars_batch32(masks, count, stars, best_path());
    }

    /// The same on a chosen path; one this machine does not run
    /// (simd_supported) is an Error(validation). All paths give the same stars.
    void stars_batch32(const std::uint32_t* masks, std::size_t count, std::uint8_t* stars,
                       SimdPath path) const {
        if (points_.size() > 32)
            fail(ErrorCode::validation, "the 32-bit stars form takes at most 32 criteria, not " +
                                            std::to_string(points_.size()));
        if (!simd_supported(path))
            fail(ErrorCode::validation, std::string("this processor cannot run the ") +
                                            (path == SimdPath::avx2 ? "avx2" : "sse41") + " path");
        std::size_t done = 0;
#ifdef LEADBOOK_SCORING_X86
        if (path == SimdPath::avx2)
            done = detail::simd::stars_avx2_kernel(kernel_, masks, count, stars);
        else if (path == SimdPath::sse41)
            done = detail::simd::stars_sse41_kernel(kernel_, masks, count, stars);
#endif
        const std::int16_t* table = byte_points_.data();
        for (std::size_t i = done; i < count; ++i) {
            const std::uint32_t m = masks[i];
            const std::int32_t p = table[m & 0xFF] + table[256 + (m >> 8 & 0xFF)] +
                                   table[512 + (m >> 16 & 0xFF)] + table[768 + (m >> 24)];
            stars[i] =
                static_cast<std::uint8_t>(stars_table_[std::size_t(std::clamp(p, 0, max_points_))]);
        }
    }

private:
    static SimdPath best_path() noexcept {
        static const SimdPath best = best_simd_path();
        return best;
    }

    void compile(std::span<const std::int32_t> signed_points) {
        points_.assign(signed_points.begin(), signed_points.end());
        max_points_ = 0;
        for (std::int32_t p : points_) {
            if (p < -max_criterion_points || p > max_criterion_points)
                fail(ErrorCode::validation,
                     "a criterion is worth -100 to 100 points, not " + std::to_string(p));
            if (p > 0) max_points_ += p;
        }
        // Points of every value of every byte of a mask (bits past the last
        // criterion are worth nothing).
        const std::size_t bytes = words_per_record() * 8;
        byte_points_.assign(bytes * 256, 0);
        for (std::size_t b = 0; b < bytes; ++b)
            for (unsigned value = 0; value < 256; ++value) {
                std::int32_t sum = 0;
                for (unsigned bit = 0; bit < 8; ++bit)
                    if (value >> bit & 1 && b * 8 + bit < points_.size())
                        sum += points_[b * 8 + bit];
                byte_points_[b * 256 + value] = static_cast<std::int16_t>(sum);
            }
        stars_table_.resize(std::size_t(max_points_) + 1);
        percent_table_.resize(std::size_t(max_points_) + 1);
        for (std::int32_t c = 0; c <= max_points_; ++c) {
            stars_table_[std::size_t(c)] = stars_for(c, max_points_);
            percent_table_[std::size_t(c)] = percent_for(c, max_points_);
        }
        // Only the bytes that hold criteria need looking at.
        used_bytes_ = std::max<std::size_t>(1, (points_.size() + 7) / 8);
        // The stars kernels' planes of points and thresholds (see StarsKernel).
        kernel_ = {};
        for (std::size_t i = 0; i < std::min<std::size_t>(points_.size(), 32); ++i)
            kernel_.planes[i % 8][i / 8] = static_cast<std::int8_t>(points_[i]);
        // stars >= k  <=>  10c + max >= 2k max  <=>  c >= (2k - 1) max / 10
        if (max_points_ > 0)
            for (std::int32_t k = 1; k <= 5; ++k)
                kernel_.thresholds[std::size_t(k - 1)] =
                    static_cast<std::int32_t>(((2 * k - 1) * std::int64_t{max_points_} + 9) / 10);
    }

    // A record's points are the sum, over the bytes of its mask, of what
    // that byte's criteria are worth: one table look-up per eight criteria,
    // no branch, no popcount instruction needed.
    template <std::size_t Bytes>
    void batch_one_word(const std::uint64_t* masks, std::size_t count, std::int32_t* stars,
                        std::int32_t* points, std::int32_t* percent) const noexcept {
        const std::int16_t* table = byte_points_.data();
        for (std::size_t i = 0; i < count; ++i) {
            const std::uint64_t m = masks[i];
            std::int32_t p = 0;
            for (std::size_t b = 0; b < Bytes; ++b) p += table[b * 256 + ((m >> (8 * b)) & 0xFF)];
            store(i, p, stars, points, percent);
        }
    }

    void store(std::size_t i, std::int32_t p, std::int32_t* stars, std::int32_t* points,
               std::int32_t* percent) const noexcept {
        const std::size_t c = std::size_t(std::clamp(p, 0, max_points_));
        if (stars) stars[i] = stars_table_[c];
        if (percent) percent[i] = percent_table_[c];
        if (points) points[i] = p;
    }

    std::int32_t points_of(const std::uint64_t* mask) const noexcept {
        std::int32_t p = 0;
        for (std::size_t b = 0; b < used_bytes_; ++b)
            p += byte_points_[b * 256 + ((mask[b / 8] >> (8 * (b % 8))) & 0xFF)];
        return p;
    }

    void fill(std::int32_t points, std::int32_t& stars, std::int32_t& percent) const noexcept {
        std::int32_t c = std::clamp(points, 0, max_points_);
        stars = stars_table_[std::size_t(c)];
        percent = percent_table_[std::size_t(c)];
    }

    std::vector<Id> ids_;
    std::vector<std::int32_t> points_;
    std::int32_t max_points_ = 0;
    std::vector<std::int16_t> byte_points_ = std::vector<std::int16_t>(8 * 256, 0);
    std::size_t used_bytes_ = 1;
    std::vector<std::int32_t> stars_table_{0};
    std::vector<std::int32_t> percent_table_{0};
    detail::simd::StarsKernel kernel_;
};

// ---- grades ----------------------------------------------------------------------

/// A named band of the percent: a record whose percent is from `from` to
/// `to` (both included, 0..100) has grade `name`. A manual score's grade is
/// read from its stars times 20.
struct GradeBand {
    std::string name; ///< required, not blank, at most 32 bytes, unique
    std::int32_t from = 0;
    std::int32_t to = 100;
    bool operator==(const GradeBand&) const = default;
};
BOOST_DESCRIBE_STRUCT(GradeBand, (), (name, from, to))

/// The bands a record type has until they are edited: A from 75, B from
/// 50, C from 25, D below.
inline std::vector<GradeBand> default_grade_bands() {
    return {{"A", 75, 100}, {"B", 50, 74}, {"C", 25, 49}, {"D", 0, 24}};
}

/// Throws Error(validation) unless `bands` cover 0..100 exactly once: each
/// band's `from` <= `to`, within 0..100, no two bands overlap, no percent is
/// left without a band, names are not blank, at most 32 bytes and unique.
/// The order they are given in does not matter.
inline void check_grade_bands(std::span<const GradeBand> bands) {
    if (bands.empty()) fail(ErrorCode::validation, "grade bands: at least one band is needed");
    std::vector<const GradeBand*> sorted;
    for (std::size_t i = 0; i < bands.size(); ++i) {
        const GradeBand& b = bands[i];
        const std::string where = "grade band " + std::to_string(i) + " ('" + b.name + "')";
        if (b.name.find_first_not_of(" \t\r\n") == std::string::npos)
            fail(ErrorCode::validation,
                 "grade band " + std::to_string(i) + ": 'name' is required and cannot be blank");
        if (b.name.size() > 32)
            fail(ErrorCode::validation, where + ": 'name' is longer than 32 bytes");
        if (b.from < 0 || b.to > 100 || b.from > b.to)
            fail(ErrorCode::validation, where + ": from " + std::to_string(b.from) + " to " +
                                            std::to_string(b.to) + " is not a range within 0..100");
        for (std::size_t j = 0; j < i; ++j)
            if (bands[j].name == b.name)
                fail(ErrorCode::validation, where + ": the name is used twice");
        sorted.push_back(&b);
    }
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const GradeBand* a, const GradeBand* b) { return a->from < b->from; });
    std::int32_t next = 0; // the first percent no band covers yet
    const GradeBand* before = nullptr;
    for (const GradeBand* b : sorted) {
        if (b->from < next)
            fail(ErrorCode::validation, "grade bands '" + before->name + "' and '" + b->name +
                                            "' overlap (" + std::to_string(b->from) + " to " +
                                            std::to_string(std::min(b->to, next - 1)) +
                                            " is in both)");
        if (b->from > next)
            fail(ErrorCode::validation, "grade bands leave a gap: no band covers " +
                                            std::to_string(next) + " to " +
                                            std::to_string(b->from - 1));
        next = b->to + 1;
        before = b;
    }
    if (next <= 100)
        fail(ErrorCode::validation,
             "grade bands leave a gap: no band covers " + std::to_string(next) + " to 100");
}

/// The percent a score's grade is read from: its percent when automatic,
/// its stars times 20 when manual.
constexpr std::int32_t grade_percent(const Score& score) noexcept {
    return score.mode == ScoreMode::manual ? std::clamp(score.stars, 0, 5) * 20 : score.percent;
}

/// The name of the band `percent` falls in ("" when none does: only for
/// bands check_grade_bands refuses).
inline const std::string& grade_for(std::span<const GradeBand> bands, std::int32_t percent) {
    static const std::string none;
    for (const auto& b : bands)
        if (percent >= b.from && percent <= b.to) return b.name;
    return none;
}

} // namespace leadbook
