// leadbook/scoring.hpp: scoring criteria and the score calculator.
//
// Header-only and usable without storage:
//
//   std::vector<leadbook::ScoringCriterion> criteria = ...;   // of one record type
//   leadbook::ScoreCalculator calc(criteria);                  // compile once
//   leadbook::Score s = calc.score(std::span<const Id>(met_ids));
//   calc.score_batch(masks, n, stars, points, percent);         // many at once
//
// The rules (docs/scoring.md): weights low = 1, normal = 2, high = 3;
// points = met raising weights - met lowering weights; max_points = all
// raising weights; with c = clamp(points, 0, max_points):
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
#include <cstdint>
#include <span>
#include <string>
#include <vector>

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
    Timestamp created_at;
    Timestamp modified_at;
    std::optional<Id> modified_by;
    std::int64_t version = 0;
};
BOOST_DESCRIBE_STRUCT(ScoringCriterion, (),
                      (id, record_type, description, weight, effect, created_at, modified_at,
                       modified_by, version))

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
            auto w = static_cast<std::int32_t>(c.weight);
            signed_points.push_back(c.effect == Effect::raise ? w : -w);
        }
        compile(signed_points);
    }

    /// From signed points per criterion: +1..+3 raises, -1..-3 lowers.
    /// Other values are an Error(validation). Ids are 1..n.
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

private:
    void compile(std::span<const std::int32_t> signed_points) {
        points_.assign(signed_points.begin(), signed_points.end());
        max_points_ = 0;
        for (std::int32_t p : points_) {
            if (p == 0 || p < -3 || p > 3)
                fail(ErrorCode::validation,
                     "a criterion is worth 1 to 3 points, raising or lowering");
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
};

} // namespace leadbook
