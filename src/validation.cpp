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
/// pass any bytes; JSON input is checked by the parser already). The path
/// of a field is only spelled out when it is wrong: this runs for every
/// field of every record written.
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

template <class T> void check_text(const T& value, const TextPath& path) {
    if constexpr (std::is_same_v<T, std::string>) {
        if (!is_valid_utf8(value)) invalid("'" + path.str() + "' is not valid UTF-8 text");
    } else if constexpr (is_vector<T>::value) {
        for (std::size_t i = 0; i < value.size(); ++i) check_text(value[i], TextPath{&path, {}, i});
    } else if constexpr (is_string_map<T>::value) {
        for (const auto& [key, item] : value) {
            if (!is_valid_utf8(key)) invalid("a key of '" + path.str() + "' is not valid UTF-8");
            if (const auto* s = std::get_if<std::string>(&item)) check_text(*s, TextPath{&path, key});
        }
    } else if constexpr (Described<T>) {
        boost::mp11::mp_for_each<public_members<T>>(
            [&](auto d) { check_text(value.*d.pointer, TextPath{&path, d.name}); });
    }
}

template <class T> void check_text(const T& value, const char*) {
    check_text(value, TextPath{nullptr, {}});
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
    check_person(lead, previous, RecordType::lead, FieldOwner::lead);
}

void Validator::check(BusinessContact& contact, const BusinessContact* previous) {
    check_person(contact, previous, RecordType::business_contact, FieldOwner::business_contact);
}

void Validator::check_person(Lead& lead, const Lead* previous, RecordType type, FieldOwner owner) {
    check_text(lead, "");
    if (is_blank(lead.full_name)) invalid("'full_name' is required and cannot be blank");
    check_emails(lead.emails);
    check_addresses(lead.addresses);
    check_custom(lead.custom);
    check_defined_fields(lead.custom, owner);
    check_assignee(lead.assigned_to, previous ? previous->assigned_to : std::nullopt);
    if (lead.account_id && !account_exists(*lead.account_id))
        invalid("'account_id': account " + std::to_string(*lead.account_id) + " does not exist");
    if (!lead.photo.empty()) {
        if (lead.photo.size() > max_photo_bytes)
            invalid("'photo' is " + std::to_string(lead.photo.size()) +
                    " bytes; the limit is 5 MiB (" + std::to_string(max_photo_bytes) + ")");
        if (!is_png_or_jpeg(lead.photo.data)) invalid("'photo' must be a PNG or JPEG image");
    }
    check_score(type, lead.criteria_met, lead.score, previous ? &previous->criteria_met : nullptr);
}

const ScoreCalculator& Validator::calculator(RecordType type) {
    auto& slot = calculators_[static_cast<int>(type)];
    if (!slot) {
        auto criteria = book_.criteria_of(type);
        slot.emplace(criteria);
    }
    return *slot;
}

void Validator::check_score(RecordType type, const std::vector<Id>& met, Score& score,
                            const std::vector<Id>* carried) {
    const ScoreCalculator& calc = calculator(type);
    for (std::size_t i = 0; i < met.size(); ++i) {
        const std::string where = "'criteria_met[" + std::to_string(i) + "]': criterion " +
                                  std::to_string(met[i]);
        // A converted lead keeps the lead criteria it met; they count for
        // nothing in a contact's score but are not lost.
        const bool kept = carried && std::find(carried->begin(), carried->end(), met[i]) != carried->end();
        if (calc.index_of(met[i]) < 0 && !kept) {
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
    check_custom(account.custom);
    check_defined_fields(account.custom, FieldOwner::account);
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

const std::vector<FieldDefinition>& Validator::definitions(FieldOwner owner) {
    auto& slot = definitions_[static_cast<int>(owner)];
    if (!slot) {
        slot.emplace();
        RecordQuery q;
        q.where.push_back(Filter{"record_type", FilterOp::eq, boost::json::value(enum_name(owner))});
        for (auto& d : book_.fields().find(q)) slot->push_back(d);
    }
    return *slot;
}

void Validator::check_defined_fields(const CustomFields& custom, FieldOwner owner) {
    if (custom.empty()) return;
    for (const auto& def : definitions(owner)) {
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
            if (!std::holds_alternative<Date>(v)) invalid(where + " must be a date ({\"date\": \"YYYY-MM-DD\"})");
            break;
        case FieldType::yes_no:
            if (!std::holds_alternative<bool>(v)) invalid(where + " must be true or false");
            break;
        case FieldType::pick_list: {
            const auto* text = std::get_if<std::string>(&v);
            if (!text || std::find(def.choices.begin(), def.choices.end(), *text) == def.choices.end()) {
                std::string choices;
                for (const auto& c : def.choices) choices += (choices.empty() ? "" : ", ") + c;
                invalid(where + " must be one of: " + choices);
            }
            break;
        }
        }
    }
}

bool Validator::record_exists(Id id) {
    Storage& storage = book_.storage();
    return storage.exists(RecordSchema<Lead>::get().table, id) ||
           storage.exists(RecordSchema<BusinessContact>::get().table, id) ||
           account_exists(id);
}

namespace {

/// The history fields that belong to one kind only.
struct KindFields {
    HistoryKind kind;
    std::initializer_list<std::string_view> fields;
};
const KindFields kind_fields[] = {
    {HistoryKind::phone_log, {"direction", "duration"}},
    {HistoryKind::appointment, {"start", "end", "location"}},
    {HistoryKind::task, {"due_date", "status", "priority", "percent_complete"}},
    {HistoryKind::email, {"from", "to", "sent_at", "message_id"}},
    {HistoryKind::file, {"file_name", "file_size", "media_type", "file_path", "file_bytes"}},
};

} // namespace

void Validator::check(HistoryItem& item, const HistoryItem* previous) {
    check_text(item, "");
    if (previous && previous->kind != item.kind)
        invalid("'kind' of a history item cannot change");
    // A field of another kind must stay empty: compare it with a new item's.
    const auto empty = to_json(HistoryItem{}).as_object();
    const auto given = to_json(item).as_object();
    for (const auto& kf : kind_fields) {
        if (kf.kind == item.kind) continue;
        for (auto field : kf.fields)
            if (given.at(field) != empty.at(field))
                invalid("'" + std::string(field) + "' is only for " +
                        std::string(enum_name(kf.kind)) + " items, not " +
                        std::string(enum_name(item.kind)));
    }
    if (!previous && item.links.empty())
        invalid("'links': a history item must be linked to at least one record");
    for (std::size_t i = 0; i < item.links.size(); ++i) {
        Id id = item.links[i];
        if (!record_exists(id) && !book_.storage().exists(RecordSchema<Opportunity>::get().table, id))
            invalid("'links[" + std::to_string(i) + "]': record " + std::to_string(id) +
                    " does not exist");
        if (std::find(item.links.begin(), item.links.begin() + std::ptrdiff_t(i), id) !=
            item.links.begin() + std::ptrdiff_t(i))
            invalid("'links[" + std::to_string(i) + "]': record " + std::to_string(id) +
                    " is linked twice");
    }
    if (item.duration && *item.duration < 0) invalid("'duration' cannot be negative");
    if (item.kind == HistoryKind::appointment) {
        if (!item.start) invalid("'start' is required for an appointment");
        if (item.end && *item.end < *item.start)
            invalid("'end' (" + item.end->to_string() + ") is before 'start' (" +
                    item.start->to_string() + ")");
    }
    if (item.percent_complete && (*item.percent_complete < 0 || *item.percent_complete > 100))
        invalid("'percent_complete' must be from 0 to 100");
    if (item.file_size && *item.file_size < 0) invalid("'file_size' cannot be negative");
    if (item.occurred_at.millis == 0) {
        // When it happened: the e-mail's date, the appointment's start, else now.
        if (item.sent_at)
            item.occurred_at = *item.sent_at;
        else if (item.start)
            item.occurred_at = *item.start;
        else
            item.occurred_at = previous ? previous->occurred_at : Timestamp::now();
    }
}

// Line totals are exact: 128-bit intermediates, then a range check.
__extension__ typedef __int128 wide_int;

void Validator::check(Opportunity& opportunity, const Opportunity* previous) {
    check_text(opportunity, "");
    if (is_blank(opportunity.title)) invalid("'title' is required and cannot be blank");
    check_assignee(opportunity.assigned_to, previous ? previous->assigned_to : std::nullopt);
    check_custom(opportunity.custom);
    check_defined_fields(opportunity.custom, FieldOwner::opportunity);
    if (opportunity.linked_to && !record_exists(*opportunity.linked_to))
        invalid("'linked_to': no lead, contact or account " + std::to_string(*opportunity.linked_to));
    wide_int sum = 0;
    for (std::size_t i = 0; i < opportunity.items.size(); ++i) {
        auto& line = opportunity.items[i];
        const std::string where = "'items[" + std::to_string(i) + "]";
        if (line.quantity < 0) invalid(where + ".quantity' cannot be negative");
        if (line.unit_price.minor_units < 0) invalid(where + ".unit_price' cannot be negative");
        if (line.discount.hundredths < 0 || line.discount.hundredths > 10000)
            invalid(where + ".discount' must be from 0 to 100");
        // quantity x price x (100 % - discount), rounded half up to the cent.
        const wide_int gross = wide_int(line.quantity) * line.unit_price.minor_units;
        const wide_int scaled = gross * (10000 - line.discount.hundredths);
        const wide_int total = (scaled + 5000) / 10000;
        if (total > INT64_MAX) invalid(where + "': the amount overflows");
        line.total.minor_units = static_cast<std::int64_t>(total);
        sum += total;
        if (sum > INT64_MAX) invalid("'total': the amount overflows");
    }
    opportunity.total.minor_units = static_cast<std::int64_t>(sum);
    // The stage: a known one (the first by default), whose probability it takes.
    RecordQuery q;
    if (opportunity.stage.empty()) {
        q.order_by = {"position"};
        q.limit = 1;
    } else {
        q.where.push_back(Filter{"name", FilterOp::eq, boost::json::value(opportunity.stage)});
    }
    auto stage = book_.stages().find(q).next();
    if (!stage) invalid("'stage': there is no sales stage '" + opportunity.stage + "'");
    opportunity.stage = stage->name;
    opportunity.probability = stage->probability;
}

void Validator::check(SalesStage& stage, const SalesStage* previous) {
    check_text(stage, "");
    if (is_blank(stage.name)) invalid("'name' is required and cannot be blank");
    if (stage.probability < 0 || stage.probability > 100)
        invalid("'probability' must be from 0 to 100");
    RecordQuery same;
    same.where.push_back(Filter{"name", FilterOp::eq, boost::json::value(stage.name)});
    for (const auto& other : book_.stages().find(same))
        if (!previous || other.id != previous->id)
            fail(ErrorCode::conflict, "'name': there is a sales stage '" + stage.name + "' already");
    if (previous && previous->name != stage.name) {
        RecordQuery used;
        used.where.push_back(Filter{"stage", FilterOp::eq, boost::json::value(previous->name)});
        if (book_.opportunities().count(used) > 0)
            invalid("'name': stage '" + previous->name + "' is used by opportunities and cannot be renamed");
    }
}

void Validator::check(FieldDefinition& field, const FieldDefinition* previous) {
    check_text(field, "");
    if (is_blank(field.name)) invalid("'name' is required and cannot be blank");
    if (previous && (previous->record_type != field.record_type || previous->type != field.type))
        invalid("the record type and type of a field cannot change; define a new field");
    if (field.type == FieldType::pick_list && field.choices.empty())
        invalid("'choices': a pick list needs at least one choice");
    if (field.type != FieldType::pick_list && !field.choices.empty())
        invalid("'choices' are only for pick lists");
    for (std::size_t i = 0; i < field.choices.size(); ++i)
        if (is_blank(field.choices[i])) invalid("'choices[" + std::to_string(i) + "]' is blank");
    RecordQuery same;
    same.where.push_back(Filter{"record_type", FilterOp::eq, boost::json::value(enum_name(field.record_type))});
    same.where.push_back(Filter{"name", FilterOp::eq, boost::json::value(field.name)});
    for (const auto& other : book_.fields().find(same))
        if (!previous || other.id != previous->id)
            fail(ErrorCode::conflict, "'name': " + std::string(enum_name(field.record_type)) +
                                          " records have a field '" + field.name + "' already");
}

void Validator::check(SavedReport& report, const SavedReport* previous) {
    check_text(report, "");
    if (is_blank(report.name)) invalid("'name' is required and cannot be blank");
    if (is_blank(report.category)) invalid("'category' is required and cannot be blank");
    const auto definition = parse_json(report.definition);
    if (!definition.is_object()) invalid("'definition' must be a JSON object");
    RecordQuery same;
    same.where.push_back(Filter{"name", FilterOp::eq, boost::json::value(report.name)});
    for (const auto& other : book_.saved_reports().find(same))
        if (!previous || other.id != previous->id)
            fail(ErrorCode::conflict, "a report named '" + other.name + "' exists already");
}

} // namespace leadbook::detail
