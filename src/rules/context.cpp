// What the rules of several record types share: the look-ups of one batch
// and the checks of text, e-mail addresses, postal addresses, user-defined
// fields and assignees.
#include "rules.hpp"

#include "../facade.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace leadbook::detail {

using namespace facade;

// ---- RuleContext ----------------------------------------------------------------

const ScoreCalculator& RuleContext::calculator(RecordType type) {
    auto& slot = calculators_[static_cast<int>(type)];
    if (!slot) slot.emplace(book_.criteria_of(type));
    return *slot;
}

const std::vector<GradeBand>& RuleContext::grade_bands(RecordType type) {
    auto& slot = grade_bands_[static_cast<int>(type)];
    if (!slot) slot = stored_grade_bands(storage(), type);
    return *slot;
}

const std::vector<FieldDefinition>& RuleContext::definitions(FieldOwner owner) {
    auto& slot = definitions_[static_cast<int>(owner)];
    if (!slot) {
        RecordQuery q;
        q.where.push_back(
            Filter{"record_type", FilterOp::eq, boost::json::value(enum_name(owner))});
        slot = read_where<FieldDefinition>(storage(), q);
    }
    return *slot;
}

const std::optional<User>& RuleContext::user(Id id) {
    auto cached = users_.find(id);
    if (cached == users_.end()) cached = users_.emplace(id, read<User>(storage(), id)).first;
    return cached->second;
}

bool RuleContext::account_exists(Id id) {
    auto cached = accounts_.find(id);
    if (cached == accounts_.end())
        cached = accounts_.emplace(id, storage().exists(schema<Account>().table, id)).first;
    return cached->second;
}

bool RuleContext::record_exists(Id id) {
    return storage().exists(schema<Lead>().table, id) ||
           storage().exists(schema<BusinessContact>().table, id) || account_exists(id);
}

// ---- shared checks ----------------------------------------------------------------

void invalid(const std::string& message) { fail(ErrorCode::validation, message); }

void check_text_length(std::string_view text, const std::string& what, bool long_text) {
    const std::size_t limit = long_text ? limits::long_text_bytes : limits::text_bytes;
    if (text.size() <= limit) return;
    invalid(what + " is " + std::to_string(text.size()) + " bytes long; the limit (" +
            (long_text ? "long_text_bytes" : "text_bytes") + ") is " + std::to_string(limit) +
            " bytes");
}

bool is_blank(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](unsigned char c) { return c == ' ' || (c >= '\t' && c <= '\r'); });
}

namespace {

/// Every text member of a described value must be UTF-8 (C++ callers can
/// pass any bytes; JSON input is checked by the parser already), without
/// NUL characters, and no longer than its limit (leadbook/limits.hpp). The
/// path of a field is only spelled out when it is wrong: this runs for
/// every field of every record written.
struct TextPath {
    const TextPath* parent;
    std::string_view name;
    std::size_t index = std::size_t(-1);

    std::string str() const {
        std::string out = parent ? parent->str() : std::string();
        if (index != std::size_t(-1)) return out + "[" + std::to_string(index) + "]";
        if (!out.empty() && !name.empty()) out += '.';
        return out + std::string(name);
    }
};

/// The members that hold long text (limits::long_text_bytes): paragraphs,
/// lists of recipients, a report's definition. Every other text member is
/// one line (limits::text_bytes).
bool is_long_text(std::string_view member) {
    return member == "notes" || member == "body" || member == "to" || member == "definition";
}

void check_one_text(std::string_view value, const TextPath& path, bool long_text) {
    if (!is_valid_utf8(value)) invalid("'" + path.str() + "' is not valid UTF-8 text");
    if (value.find('\0') != std::string_view::npos)
        invalid("'" + path.str() + "' contains a NUL character, which text may not hold");
    check_text_length(value, "'" + path.str() + "'", long_text);
}

template <class T> void check_text_at(const T& value, const TextPath& path, bool long_text) {
    if constexpr (std::is_same_v<T, std::string>) {
        check_one_text(value, path, long_text);
    } else if constexpr (is_vector<T>::value) {
        for (std::size_t i = 0; i < value.size(); ++i)
            check_text_at(value[i], TextPath{&path, {}, i}, long_text);
    } else if constexpr (is_string_map<T>::value) {
        // Custom fields: the names are one line, text values may be long.
        for (const auto& [key, item] : value) {
            if (!is_valid_utf8(key)) invalid("a key of '" + path.str() + "' is not valid UTF-8");
            if (key.find('\0') != std::string::npos)
                invalid("a key of '" + path.str() + "' contains a NUL character");
            check_text_length(key, "a key of '" + path.str() + "'", false);
            if (const auto* s = std::get_if<std::string>(&item))
                check_one_text(*s, TextPath{&path, key}, true);
        }
    } else if constexpr (Described<T>) {
        boost::mp11::mp_for_each<public_members<T>>([&](auto d) {
            check_text_at(value.*d.pointer, TextPath{&path, d.name}, is_long_text(d.name));
        });
    }
}

template <class T> void check_all_text(const T& record) {
    check_text_at(record, TextPath{nullptr, {}}, false);
}

} // namespace

void check_text(const Lead& record) { check_all_text(record); }
void check_text(const BusinessContact& record) { check_all_text(record); }
void check_text(const Account& record) { check_all_text(record); }
void check_text(const User& record) { check_all_text(record); }
void check_text(const ScoringCriterion& record) { check_all_text(record); }
void check_text(const HistoryItem& record) { check_all_text(record); }
void check_text(const Opportunity& record) { check_all_text(record); }
void check_text(const SalesStage& record) { check_all_text(record); }
void check_text(const FieldDefinition& record) { check_all_text(record); }
void check_text(const SavedReport& record) { check_all_text(record); }
void check_text(const MatchingRule& record) { check_all_text(record); }
void check_text(const DisqualifyReason& record) { check_all_text(record); }
void check_text(const PickListEntry& record) { check_all_text(record); }

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

void check_custom(RuleContext& context, const CustomFields& custom, FieldOwner owner) {
    if (custom.empty()) return;
    for (const auto& [name, value] : custom) {
        if (is_blank(name)) invalid("'custom': a custom field needs a name");
        if (const auto* d = std::get_if<double>(&value); d && !std::isfinite(*d))
            invalid("'custom." + name + "' must be a finite number");
    }
    for (const auto& def : context.definitions(owner)) {
        auto it = custom.find(def.name);
        if (it == custom.end()) continue;
        const std::string where = "'custom." + def.name + "'";
        const CustomValue& v = it->second;
        switch (def.type) {
        case FieldType::text:
            if (!std::holds_alternative<std::string>(v)) invalid(where + " must be text");
            break;
        case FieldType::number:
            if (!std::holds_alternative<double>(v)) invalid(where + " must be a number");
            break;
        case FieldType::date:
            if (!std::holds_alternative<Date>(v))
                invalid(where + " must be a date ({\"date\": \"YYYY-MM-DD\"})");
            break;
        case FieldType::yes_no:
            if (!std::holds_alternative<bool>(v)) invalid(where + " must be true or false");
            break;
        case FieldType::pick_list: {
            const auto* text = std::get_if<std::string>(&v);
            if (!text ||
                std::find(def.choices.begin(), def.choices.end(), *text) == def.choices.end()) {
                std::string choices;
                for (const auto& c : def.choices) choices += (choices.empty() ? "" : ", ") + c;
                invalid(where + " must be one of: " + choices);
            }
            break;
        }
        }
    }
}

CustomValue custom_value_for(RuleContext& context, FieldOwner owner, const std::string& name,
                             const boost::json::value& value) {
    const std::string path = "custom." + name;
    const FieldDefinition* definition = nullptr;
    for (const auto& def : context.definitions(owner))
        if (def.name == name) definition = &def;
    if (definition && value.is_string()) {
        const std::string text(value.get_string());
        const std::string where = "'" + path + "'";
        switch (definition->type) {
        case FieldType::number: {
            char* end = nullptr;
            errno = 0;
            const double number = std::strtod(text.c_str(), &end);
            if (text.empty() || is_blank(text.substr(0, 1)) || end != text.c_str() + text.size() ||
                errno == ERANGE || !std::isfinite(number))
                invalid(where + " must be a number, not '" + text + "'");
            return number;
        }
        case FieldType::date: {
            auto day = Date::parse(text);
            if (!day) invalid(where + " must be a day (YYYY-MM-DD), not '" + text + "'");
            return *day;
        }
        case FieldType::yes_no:
            if (text == "true" || text == "yes") return true;
            if (text == "false" || text == "no") return false;
            invalid(where + " must be yes or no (true or false), not '" + text + "'");
        case FieldType::text:
        case FieldType::pick_list: break;
        }
    }
    if (definition && value.is_number() &&
        (definition->type == FieldType::text || definition->type == FieldType::pick_list))
        return serialize_json(value);
    CustomValue out;
    read_json(value, out, path);
    return out;
}

void check_assignee(RuleContext& context, const std::optional<Id>& user,
                    const std::optional<Id>& before) {
    if (!user) return;
    const auto& found = context.user(*user);
    if (!found) invalid("'assigned_to': user " + std::to_string(*user) + " does not exist");
    if (!found->active && user != before)
        invalid("'assigned_to': user " + std::to_string(*user) + " (" + found->name +
                ") is inactive and cannot be given records");
}

} // namespace leadbook::detail
