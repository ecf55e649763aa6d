// periods.hpp: calendar periods (day, ISO week, month, quarter, year) of
// dates and times, and the time zones they are reckoned in, read from the
// system's time zone database (TZif files, RFC 8536).
#pragma once

#include <leadbook/reports.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace leadbook::detail {

/// Days since 1970-01-01 of a proleptic Gregorian date.
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day) noexcept;

struct CivilDate {
    std::int64_t year;
    unsigned month; ///< 1 to 12
    unsigned day;   ///< 1 to 31
};
/// The date of a day counted from 1970-01-01.
CivilDate civil_from_days(std::int64_t days) noexcept;

/// A time zone: UTC, or a zone of the system's database with its offsets
/// and the rule (the TZif footer) for times after its last transition.
class TimeZone {
public:
    /// "" or "UTC": UTC. Otherwise the file of that name under the
    /// directory named by the TZDIR environment variable, else
    /// /usr/share/zoneinfo. Error(validation) "time_zone: unknown time zone
    /// 'X'" for a name that is not there (or not a TZif file, or a name
    /// that would leave the directory).
    static std::shared_ptr<const TimeZone> load(std::string_view name);
    /// A zone from the bytes of a TZif file (version 2 or later); Error
    /// (validation) naming `name` when they are not one.
    static std::shared_ptr<const TimeZone> parse(std::string_view name, std::string_view bytes);

    const std::string& name() const noexcept { return name_; }
    /// Seconds east of UTC at the instant `utc_seconds`.
    std::int64_t offset_at(std::int64_t utc_seconds) const;
    /// The instant of the local time `local_seconds` (local midnight of a
    /// day that starts in a gap is the first instant after the gap).
    std::int64_t to_utc(std::int64_t local_seconds) const;

    struct Rule; ///< the POSIX TZ rule of the footer

private:
    std::string name_;
    std::vector<std::int64_t> transitions_; ///< UTC seconds, ascending
    std::vector<std::int32_t> offsets_;     ///< the offset from each transition on
    std::int32_t initial_ = 0;              ///< before the first transition
    std::shared_ptr<const Rule> rule_;      ///< after the last one; null: keep the last offset
};

/// A period's number: the day, the week (counted in Mondays), the month,
/// the quarter or the year since year 0, so that consecutive periods have
/// consecutive numbers.
std::int64_t period_index(ReportPeriod period, std::int64_t day) noexcept;
/// The first day of the period numbered `index`.
std::int64_t period_start(ReportPeriod period, std::int64_t index) noexcept;
/// "2026-11-27", "2026-W48", "2026-11", "2026-Q4", "2026".
std::string period_label(ReportPeriod period, std::int64_t index);
/// The local day of a UTC instant in milliseconds.
std::int64_t local_day(const TimeZone& zone, std::int64_t utc_millis);
/// How many periods a relative date filter may span (100 years of them).
std::int64_t max_periods(ReportPeriod period) noexcept;

} // namespace leadbook::detail
