#include "validation.hpp"

#include "record_schema.hpp"

#include <algorithm>

namespace leadbook::detail {

namespace {

[[noreturn]] void invalid(const std::string& message) { fail(ErrorCode::validation, message); }

bool is_blank(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); });
}

/// Every text member of a described value must be UTF-8 (C++ callers can
/// pass any bytes; JSON input is checked by the parser already).
template <class T> void check_text(const T& value, const std::string& path) {
    if constexpr (std::is_same_v<T, std::string>) {
        if (!is_valid_utf8(value)) invalid("'" + path + "' is not valid UTF-8 text");
    } else if constexpr (is_vector<T>::value) {
        for (std::size_t i = 0; i < value.size(); ++i)
            check_text(value[i], path + "[" + std::to_string(i) + "]");
    } else if constexpr (is_string_map<T>::value) {
        for (const auto& [key, item] : value) {
            if (!is_valid_utf8(key)) invalid("a key of '" + path + "' is not valid UTF-8");
            if (const auto* s = std::get_if<std::string>(&item)) check_text(*s, path + "." + key);
        }
    } else if constexpr (Described<T>) {
        boost::mp11::mp_for_each<public_members<T>>([&](auto d) {
            check_text(value.*d.pointer, path.empty() ? std::string(d.name) : path + "." + d.name);
        });
    }
}

void check_emails(const std::vector<EmailAddress>& emails) {
    for (std::size_t i = 0; i < emails.size(); ++i)
        if (!is_valid_email(emails[i].address))
            invalid("'emails[" + std::to_string(i) + "].address': '" + emails[i].address +
                    "' is not a valid e-mail address");
}

void check_addresses(const std::vector<PostalAddress>& addresses) {
    auto mailing = std::count_if(addresses.begin(), addresses.end(),
                                 [](const PostalAddress& a) { return a.mailing; });
    if (mailing > 1) invalid("'addresses': only one address can be the mailing address");
}

void check_custom(const CustomFields& custom) {
    for (const auto& [name, value] : custom) {
        if (is_blank(name)) invalid("'custom': a custom field needs a name");
        if (const auto* d = std::get_if<double>(&value); d && !std::isfinite(*d))
            invalid("'custom." + name + "' must be a finite number");
    }
}

} // namespace

bool is_png_or_jpeg(const std::vector<std::uint8_t>& data) {
    static constexpr std::uint8_t png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (data.size() >= 8 + 8 + 13 && std::equal(std::begin(png), std::end(png), data.begin())) {
        // The first chunk of a PNG is IHDR, 13 bytes long.
        return data[8] == 0 && data[9] == 0 && data[10] == 0 && data[11] == 13 &&
               data[12] == 'I' && data[13] == 'H' && data[14] == 'D' && data[15] == 'R';
    }
    // JPEG: start-of-image, then another marker.
    return data.size() >= 4 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF &&
           data[3] >= 0xC0;
}

void Validator::check_assignee(const std::optional<Id>& user, const std::optional<Id>& before) {
    if (!user) return;
    auto cached = users_.find(*user);
    if (cached == users_.end()) cached = users_.emplace(*user, book_.users().try_get(*user)).first;
    const auto& found = cached->second;
    if (!found) invalid("'assigned_to': user " + std::to_string(*user) + " does not exist");
    if (!found->active && user != before)
        invalid("'assigned_to': user " + std::to_string(*user) + " (" + found->name +
                ") is inactive and cannot be given records");
}

void Validator::check(Lead& lead, const Lead* previous) {
    check_text(lead, "");
    if (is_blank(lead.full_name)) invalid("'full_name' is required and cannot be blank");
    check_emails(lead.emails);
    check_addresses(lead.addresses);
    check_custom(lead.custom);
    check_assignee(lead.assigned_to, previous ? previous->assigned_to : std::nullopt);
    if (lead.account_id && !account_exists(*lead.account_id))
        invalid("'account_id': account " + std::to_string(*lead.account_id) + " does not exist");
    if (!lead.photo.empty()) {
        if (lead.photo.size() > max_photo_bytes)
            invalid("'photo' is " + std::to_string(lead.photo.size()) +
                    " bytes; the limit is 5 MiB (" + std::to_string(max_photo_bytes) + ")");
        if (!is_png_or_jpeg(lead.photo.data)) invalid("'photo' must be a PNG or JPEG image");
    }
    check_score(RecordType::lead, lead.criteria_met, lead.score);
}

const ScoreCalculator& Validator::calculator(RecordType type) {
    auto& slot = calculators_[static_cast<int>(type)];
    if (!slot) {
        auto criteria = book_.criteria_of(type);
        slot.emplace(criteria);
    }
    return *slot;
}

void Validator::check_score(RecordType type, const std::vector<Id>& met, Score& score) {
    const ScoreCalculator& calc = calculator(type);
    for (std::size_t i = 0; i < met.size(); ++i) {
        const std::string where = "'criteria_met[" + std::to_string(i) + "]': criterion " +
                                  std::to_string(met[i]);
        if (calc.index_of(met[i]) < 0) {
            auto other = book_.criteria().try_get(met[i]);
            if (other)
                invalid(where + " is for " + std::string(enum_name(other->record_type)) +
                        " records, not " + std::string(enum_name(type)) + " records");
            invalid(where + " does not exist");
        }
        if (std::find(met.begin(), met.begin() + std::ptrdiff_t(i), met[i]) !=
            met.begin() + std::ptrdiff_t(i))
            invalid(where + " is listed twice");
    }
    if (score.mode == ScoreMode::manual) {
        if (score.stars < 0 || score.stars > 5) invalid("'score.stars' must be from 0 to 5");
        // Manual stars stand alone; points and percent say nothing then.
        score.points = score.max_points = score.percent = 0;
    } else {
        score = calc.score(met);
    }
}

void Validator::check(ScoringCriterion& criterion, const ScoringCriterion* previous) {
    check_text(criterion, "");
    if (is_blank(criterion.description))
        invalid("'description' is required and cannot be blank");
    if (previous && previous->record_type != criterion.record_type)
        invalid("'record_type' of a criterion cannot change; add a new criterion instead");
}

bool Validator::account_exists(Id id) {
    auto cached = accounts_.find(id);
    if (cached == accounts_.end()) cached = accounts_.emplace(id, book_.accounts().exists(id)).first;
    return cached->second;
}

void Validator::check(Account& account, const Account* previous) {
    check_text(account, "");
    if (is_blank(account.name)) invalid("'name' is required and cannot be blank");
    check_emails(account.emails);
    check_addresses(account.addresses);
    check_assignee(account.assigned_to, previous ? previous->assigned_to : std::nullopt);
}

void Validator::check(User& user, const User*) {
    check_text(user, "");
    if (is_blank(user.name)) invalid("'name' is required and cannot be blank");
    if (!user.email.empty() && !is_valid_email(user.email))
        invalid("'email': '" + user.email + "' is not a valid e-mail address");
}

} // namespace leadbook::detail
