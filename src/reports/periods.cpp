// Calendar periods and time zones for reports. A TZif file (RFC 8536) gives
// a zone's offsets up to its last transition; its footer, a POSIX TZ string
// ("CET-1CEST,M3.5.0,M10.5.0/3"), gives the rule after it. Only the
// "Mm.w.d" form of a rule's dates is read (the form the database uses);
// a footer in another form keeps the last transition's offset.
#include "periods.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>

namespace leadbook::detail {

namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept {
    std::int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

[[noreturn]] void unknown_zone(std::string_view name) {
    fail(ErrorCode::validation, "time_zone: unknown time zone '" + std::string(name) +
                                    "'; use a name of the time zone database such as "
                                    "'Europe/Berlin', or 'UTC'");
}

std::int64_t read_be(std::string_view bytes, std::size_t at, std::size_t size) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < size; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[at + i]);
    if (size == 4) return std::int32_t(std::uint32_t(v));
    return std::int64_t(v);
}

} // namespace

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
    y -= m <= 2;
    const std::int64_t era = floor_div(y, 400);
    const auto yoe = std::uint64_t(y - era * 400);
    const std::uint64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const std::uint64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + std::int64_t(doe) - 719468;
}

CivilDate civil_from_days(std::int64_t z) noexcept {
    z += 719468;
    const std::int64_t era = floor_div(z, 146097);
    const auto doe = std::uint64_t(z - era * 146097);
    const std::uint64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::uint64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::uint64_t mp = (5 * doy + 2) / 153;
    const auto d = unsigned(doy - (153 * mp + 2) / 5 + 1);
    const auto m = unsigned(mp < 10 ? mp + 3 : mp - 9);
    return {std::int64_t(yoe) + era * 400 + (m <= 2), m, d};
}

// ---- the footer's rule -----------------------------------------------------

struct TimeZone::Rule {
    std::int32_t std_offset = 0; ///< seconds east of UTC
    std::int32_t dst_offset = 0;
    bool has_dst = false;
    struct When {
        unsigned month = 0, week = 0, weekday = 0;
        std::int32_t time = 7200; ///< seconds after local midnight (may be < 0 or > 24 h)
    } start, end;

    /// The local time of `when` in `year`, in seconds since the epoch.
    static std::int64_t local_time(const When& when, std::int64_t year) {
        const std::int64_t first = days_from_civil(year, when.month, 1);
        const std::int64_t first_weekday = ((first + 4) % 7 + 7) % 7; // 0: Sunday
        std::int64_t day = first + (std::int64_t(when.weekday) - first_weekday + 7) % 7;
        day += 7 * (std::int64_t(when.week) - 1);
        if (when.week == 5) {
            const unsigned next_month = when.month == 12 ? 1 : when.month + 1;
            const std::int64_t next = days_from_civil(year + (when.month == 12), next_month, 1);
            while (day >= next) day -= 7;
        }
        return day * 86400 + when.time;
    }

    std::int32_t offset_at(std::int64_t utc) const {
        if (!has_dst) return std_offset;
        const std::int64_t year = civil_from_days(floor_div(utc + std_offset, 86400)).year;
        const std::int64_t begins = local_time(start, year) - std_offset;
        const std::int64_t ends = local_time(end, year) - dst_offset;
        const bool dst =
            begins < ends ? (utc >= begins && utc < ends) : !(utc >= ends && utc < begins);
        return dst ? dst_offset : std_offset;
    }
};

namespace {

/// A small reader of POSIX TZ strings; nullopt for a form it does not read.
class TzStringReader {
public:
    explicit TzStringReader(std::string_view text) : s_(text) {}

    std::optional<TimeZone::Rule> read() {
        TimeZone::Rule rule;
        if (!name()) return std::nullopt;
        auto std_offset = offset();
        if (!std_offset) return std::nullopt;
        rule.std_offset = std::int32_t(-*std_offset);
        if (at_end()) return rule;
        if (!name()) return std::nullopt;
        rule.has_dst = true;
        rule.dst_offset = rule.std_offset + 3600;
        if (!at_end() && s_[i_] != ',') {
            auto dst = offset();
            if (!dst) return std::nullopt;
            rule.dst_offset = std::int32_t(-*dst);
        }
        if (at_end() || s_[i_] != ',') return std::nullopt;
        ++i_;
        if (!when(rule.start)) return std::nullopt;
        if (at_end() || s_[i_] != ',') return std::nullopt;
        ++i_;
        if (!when(rule.end) || !at_end()) return std::nullopt;
        return rule;
    }

private:
    bool at_end() const { return i_ >= s_.size(); }

    bool name() {
        if (!at_end() && s_[i_] == '<') {
            auto close = s_.find('>', i_);
            if (close == std::string_view::npos) return false;
            i_ = close + 1;
            return true;
        }
        std::size_t start = i_;
        while (!at_end() && ((s_[i_] >= 'A' && s_[i_] <= 'Z') || (s_[i_] >= 'a' && s_[i_] <= 'z')))
            ++i_;
        return i_ - start >= 3;
    }

    std::optional<std::int64_t> number() {
        std::size_t start = i_;
        std::int64_t v = 0;
        while (!at_end() && s_[i_] >= '0' && s_[i_] <= '9' && i_ - start < 6)
            v = v * 10 + (s_[i_++] - '0');
        if (i_ == start) return std::nullopt;
        return v;
    }

    /// [+-]hh[:mm[:ss]] in seconds.
    std::optional<std::int64_t> offset() {
        std::int64_t sign = 1;
        if (!at_end() && (s_[i_] == '+' || s_[i_] == '-')) sign = s_[i_++] == '-' ? -1 : 1;
        auto hours = number();
        if (!hours || *hours > 167) return std::nullopt;
        std::int64_t seconds = *hours * 3600;
        for (std::int64_t unit : {60, 1}) {
            if (at_end() || s_[i_] != ':') break;
            ++i_;
            auto part = number();
            if (!part || *part > 59) return std::nullopt;
            seconds += *part * unit;
        }
        return sign * seconds;
    }

    bool when(TimeZone::Rule::When& out) {
        if (at_end() || s_[i_] != 'M') return false;
        ++i_;
        auto month = number();
        if (!month || *month < 1 || *month > 12 || at_end() || s_[i_++] != '.') return false;
        auto week = number();
        if (!week || *week < 1 || *week > 5 || at_end() || s_[i_++] != '.') return false;
        auto weekday = number();
        if (!weekday || *weekday > 6) return false;
        out.month = unsigned(*month);
        out.week = unsigned(*week);
        out.weekday = unsigned(*weekday);
        if (!at_end() && s_[i_] == '/') {
            ++i_;
            auto time = offset();
            if (!time) return false;
            out.time = std::int32_t(*time);
        }
        return true;
    }

    std::string_view s_;
    std::size_t i_ = 0;
};

bool is_safe_zone_name(std::string_view name) {
    if (name.empty() || name.size() > 128 || name.front() == '/' || name.front() == '.')
        return false;
    for (char c : name)
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '+' || c == '/' || c == '.'))
            return false;
    return name.find("..") == std::string_view::npos;
}

} // namespace

std::shared_ptr<const TimeZone> TimeZone::parse(std::string_view name, std::string_view bytes) {
    auto zone = std::make_shared<TimeZone>();
    zone->name_ = std::string(name);
    auto counts = [&](std::size_t at, std::size_t(&out)[6]) {
        if (bytes.size() < at + 44 || bytes.substr(at, 4) != "TZif") unknown_zone(name);
        for (std::size_t i = 0; i < 6; ++i)
            out[i] = std::size_t(std::uint32_t(read_be(bytes, at + 20 + 4 * i, 4)));
    };
    std::size_t c[6]; // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
    counts(0, c);
    if (bytes[4] < '2') unknown_zone(name); // version 1 has no 64-bit data
    const std::size_t v1 = c[3] * 5 + c[4] * 6 + c[5] + c[2] * 8 + c[1] + c[0];
    const std::size_t head = 44 + v1;
    counts(head, c);
    const std::size_t timecnt = c[3], typecnt = c[4];
    std::size_t at = head + 44;
    const std::size_t body = timecnt * 9 + typecnt * 6 + c[5] + c[2] * 12 + c[1] + c[0];
    if (typecnt == 0 || bytes.size() < at + body) unknown_zone(name);
    std::vector<std::int32_t> type_offsets(typecnt);
    const std::size_t types_at = at + timecnt * 9;
    for (std::size_t i = 0; i < typecnt; ++i)
        type_offsets[i] = std::int32_t(read_be(bytes, types_at + 6 * i, 4));
    for (std::size_t i = 0; i < timecnt; ++i) {
        const auto type = static_cast<unsigned char>(bytes[at + timecnt * 8 + i]);
        if (type >= typecnt) unknown_zone(name);
        zone->transitions_.push_back(read_be(bytes, at + 8 * i, 8));
        zone->offsets_.push_back(type_offsets[type]);
    }
    zone->initial_ = type_offsets[0];
    // The footer: "\n<POSIX TZ string>\n".
    std::string_view rest = bytes.substr(at + body);
    if (rest.size() >= 2 && rest.front() == '\n') {
        rest.remove_prefix(1);
        rest = rest.substr(0, rest.find('\n'));
        if (auto rule = TzStringReader(rest).read())
            zone->rule_ = std::make_shared<const Rule>(*rule);
    }
    return zone;
}

std::shared_ptr<const TimeZone> TimeZone::load(std::string_view name) {
    if (name.empty() || name == "UTC") {
        static const auto utc = [] {
            auto zone = std::make_shared<TimeZone>();
            zone->name_ = "UTC";
            return std::shared_ptr<const TimeZone>(zone);
        }();
        return utc;
    }
    if (!is_safe_zone_name(name)) unknown_zone(name);
    const char* dir = std::getenv("TZDIR");
    const std::string path =
        std::string(dir && *dir ? dir : "/usr/share/zoneinfo") + "/" + std::string(name);
    std::ifstream file(path, std::ios::binary);
    if (!file) unknown_zone(name);
    std::string bytes;
    char buffer[4096];
    while (file.read(buffer, sizeof buffer) || file.gcount() > 0) {
        bytes.append(buffer, std::size_t(file.gcount()));
        if (bytes.size() > (1 << 20)) unknown_zone(name); // no zone file is that large
    }
    return parse(name, bytes);
}

std::int64_t TimeZone::offset_at(std::int64_t utc) const {
    if (transitions_.empty() && !rule_) return initial_;
    if (!transitions_.empty() && utc < transitions_.front()) return initial_;
    if ((transitions_.empty() || utc >= transitions_.back()) && rule_) return rule_->offset_at(utc);
    auto it = std::upper_bound(transitions_.begin(), transitions_.end(), utc);
    return offsets_[std::size_t(it - transitions_.begin()) - 1];
}

std::int64_t TimeZone::to_utc(std::int64_t local) const {
    // The offset at the guess, then at the instant that gives: right but in
    // a gap, where the later offset wins.
    std::int64_t guess = local - offset_at(local);
    std::int64_t utc = local - offset_at(guess);
    if (utc + offset_at(utc) != local) utc = std::max(guess, utc);
    return utc;
}

// ---- periods ---------------------------------------------------------------

std::int64_t period_index(ReportPeriod period, std::int64_t day) noexcept {
    switch (period) {
    case ReportPeriod::day: return day;
    case ReportPeriod::week: return floor_div(day + 3, 7); // 1970-01-01 was a Thursday
    case ReportPeriod::month: {
        const auto d = civil_from_days(day);
        return d.year * 12 + std::int64_t(d.month) - 1;
    }
    case ReportPeriod::quarter: {
        const auto d = civil_from_days(day);
        return d.year * 4 + std::int64_t(d.month - 1) / 3;
    }
    case ReportPeriod::year: return civil_from_days(day).year;
    }
    return day;
}

std::int64_t period_start(ReportPeriod period, std::int64_t index) noexcept {
    switch (period) {
    case ReportPeriod::day: return index;
    case ReportPeriod::week: return index * 7 - 3;
    case ReportPeriod::month:
        return days_from_civil(floor_div(index, 12),
                               unsigned(index - floor_div(index, 12) * 12) + 1, 1);
    case ReportPeriod::quarter:
        return days_from_civil(floor_div(index, 4),
                               unsigned(index - floor_div(index, 4) * 4) * 3 + 1, 1);
    case ReportPeriod::year: return days_from_civil(index, 1, 1);
    }
    return index;
}

std::string period_label(ReportPeriod period, std::int64_t index) {
    auto pad = [](std::int64_t v, int width) {
        std::string s = std::to_string(v < 0 ? -v : v);
        if (s.size() < std::size_t(width)) s.insert(0, std::size_t(width) - s.size(), '0');
        return v < 0 ? "-" + s : s;
    };
    switch (period) {
    case ReportPeriod::day: {
        const auto d = civil_from_days(index);
        return pad(d.year, 4) + "-" + pad(d.month, 2) + "-" + pad(d.day, 2);
    }
    case ReportPeriod::week: {
        // The ISO year is the year of the week's Thursday.
        const std::int64_t thursday = period_start(period, index) + 3;
        const std::int64_t year = civil_from_days(thursday).year;
        const std::int64_t week = (thursday - days_from_civil(year, 1, 1)) / 7 + 1;
        return pad(year, 4) + "-W" + pad(week, 2);
    }
    case ReportPeriod::month:
        return pad(floor_div(index, 12), 4) + "-" + pad(index - floor_div(index, 12) * 12 + 1, 2);
    case ReportPeriod::quarter:
        return pad(floor_div(index, 4), 4) + "-Q" +
               std::to_string(index - floor_div(index, 4) * 4 + 1);
    case ReportPeriod::year: return pad(index, 4);
    }
    return std::to_string(index);
}

std::int64_t local_day(const TimeZone& zone, std::int64_t utc_millis) {
    const std::int64_t seconds = floor_div(utc_millis, 1000);
    return floor_div(seconds + zone.offset_at(seconds), 86400);
}

std::int64_t max_periods(ReportPeriod period) noexcept {
    switch (period) {
    case ReportPeriod::day: return 36525;
    case ReportPeriod::week: return 5218;
    case ReportPeriod::month: return 1200;
    case ReportPeriod::quarter: return 400;
    case ReportPeriod::year: return 100;
    }
    return 0;
}

} // namespace leadbook::detail
