#include "lead_fields.hpp"

#include "../formats/charsets.hpp"

#include <leadbook/json.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>

namespace leadbook::formats {

namespace {

struct ListInfo {
    std::string name;
    std::vector<std::string> members; ///< text members besides label
    std::string value_member;         ///< the only one, or "" when there are several
};

struct LeadFieldTable {
    std::vector<std::string> text_fields;
    std::vector<ListInfo> lists;
    std::string custom_field;
};

template <class E> ListInfo list_info(std::string name) {
    ListInfo info{std::move(name), {}, {}};
    bool has_label = false;
    boost::mp11::mp_for_each<detail::public_members<E>>([&](auto d) {
        using M = std::remove_cvref_t<decltype(std::declval<E&>().*d.pointer)>;
        if constexpr (std::is_same_v<M, std::string>) {
            if (std::string_view(d.name) == "label")
                has_label = true;
            else
                info.members.emplace_back(d.name);
        }
    });
    if (!has_label) info.name.clear(); // not a labelled list
    if (info.members.size() == 1) info.value_member = info.members.front();
    return info;
}

/// Which fields of a Lead a file can fill, from its description.
const LeadFieldTable& lead_fields() {
    static const LeadFieldTable table = [] {
        LeadFieldTable t;
        boost::mp11::mp_for_each<detail::public_members<Lead>>([&](auto d) {
            using M = std::remove_cvref_t<decltype(std::declval<Lead&>().*d.pointer)>;
            if constexpr (std::is_same_v<M, std::string>) {
                t.text_fields.emplace_back(d.name);
            } else if constexpr (detail::is_vector<M>::value) {
                using E = typename M::value_type;
                if constexpr (detail::Described<E>) {
                    auto info = list_info<E>(d.name);
                    if (!info.name.empty()) t.lists.push_back(std::move(info));
                }
            } else if constexpr (std::is_same_v<M, CustomFields>) {
                t.custom_field = d.name;
            }
        });
        return t;
    }();
    return table;
}

const ListInfo* find_list(std::string_view name) {
    for (const auto& l : lead_fields().lists)
        if (l.name == name) return &l;
    return nullptr;
}

constexpr std::string_view name_parts[3] = {"first_name", "middle_name", "last_name"};

std::string known_targets() {
    const auto& t = lead_fields();
    std::string out;
    for (const auto& f : t.text_fields) out += f + ", ";
    for (auto part : name_parts) out += std::string(part) + ", ";
    for (const auto& l : t.lists) {
        if (!l.value_member.empty()) {
            out += l.name + ".<label>, ";
        } else {
            out += l.name + ".<label>.<";
            for (std::size_t i = 0; i < l.members.size(); ++i) out += (i ? "|" : "") + l.members[i];
            out += ">, ";
        }
    }
    out += t.custom_field + ".<name>";
    return out;
}

[[noreturn]] void bad_target(std::string_view text, const std::string& why) {
    fail(ErrorCode::validation, "'" + std::string(text) + "' " + why + "; use one of: " +
                                    known_targets() + ", or \"\" to ignore the column");
}

std::optional<FieldTarget> parse(std::string_view text, std::string* why) {
    auto refuse = [&](std::string reason) -> std::optional<FieldTarget> {
        if (why) *why = std::move(reason);
        return std::nullopt;
    };
    text = trim(text);
    if (text.empty() || text == "ignore") return FieldTarget{};
    const auto dot = text.find('.');
    const std::string head(text.substr(0, dot));
    const auto& table = lead_fields();
    if (dot == std::string_view::npos) {
        for (int i = 0; i < 3; ++i)
            if (head == name_parts[i])
                return FieldTarget{FieldTarget::Kind::name_part, {}, i, {}, {}};
        if (std::find(table.text_fields.begin(), table.text_fields.end(), head) !=
            table.text_fields.end())
            return text_target(head);
        if (find_list(head)) return refuse("needs a label (" + head + ".<label>)");
        return refuse("is not a field of a lead");
    }
    std::string_view rest = text.substr(dot + 1);
    if (head == table.custom_field) {
        if (trim(rest).empty()) return refuse("needs the custom field's name");
        return custom_target(std::string(trim(rest)));
    }
    const ListInfo* list = find_list(head);
    if (!list) return refuse("is not a field of a lead");
    const auto dot2 = rest.find('.');
    std::string slot(trim(rest.substr(0, dot2)));
    if (slot.empty()) return refuse("needs a label");
    std::string member =
        dot2 == std::string_view::npos ? list->value_member : std::string(rest.substr(dot2 + 1));
    if (member.empty()) {
        std::string parts;
        for (const auto& m : list->members) parts += (parts.empty() ? "" : "|") + m;
        return refuse("needs a part: " + head + "." + slot + ".<" + parts + ">");
    }
    if (member != "label" &&
        std::find(list->members.begin(), list->members.end(), member) == list->members.end())
        return refuse("names no part of " + head + " entries");
    return list_target(head, slot, member);
}

/// "* Work" (Google marks the primary entry with '*') -> "work".
std::string clean_label(std::string_view label) {
    label = trim(label);
    if (label.starts_with("* ")) label = trim(label.substr(2));
    return match_key(label);
}

std::vector<std::string_view> split_values(std::string_view value, bool split) {
    std::vector<std::string_view> out;
    if (!split) {
        out.push_back(value);
        return out;
    }
    while (true) {
        auto at = value.find(" ::: ");
        out.push_back(trim(value.substr(0, at)));
        if (at == std::string_view::npos) break;
        value = value.substr(at + 5);
    }
    return out;
}

} // namespace

std::string FieldTarget::text() const {
    switch (kind) {
    case Kind::ignore: return "";
    case Kind::text: return field;
    case Kind::name_part: return std::string(name_parts[name_part]);
    case Kind::custom: return lead_fields().custom_field + "." + field;
    case Kind::list:
        if (member == list_value_member(field)) return field + "." + slot;
        return field + "." + slot + "." + member;
    }
    return "";
}

FieldTarget parse_target(std::string_view text) {
    std::string why;
    auto target = parse(text, &why);
    if (!target) bad_target(text, why);
    return *target;
}

std::optional<FieldTarget> try_parse_target(std::string_view text) { return parse(text, nullptr); }

FieldTarget text_target(std::string field) {
    return FieldTarget{FieldTarget::Kind::text, std::move(field), 0, {}, {}};
}

FieldTarget list_target(std::string list, std::string slot, std::string member) {
    if (member.empty()) member = std::string(list_value_member(list));
    return FieldTarget{FieldTarget::Kind::list, std::move(list), 0, std::move(slot),
                       std::move(member)};
}

FieldTarget custom_target(std::string name) {
    return FieldTarget{FieldTarget::Kind::custom, std::move(name), 0, {}, {}};
}

std::array<std::string, 3> split_full_name(std::string_view full_name) {
    std::vector<std::string_view> words;
    std::string_view rest = trim(full_name);
    while (!rest.empty()) {
        auto space = rest.find_first_of(" \t\r\n");
        words.push_back(rest.substr(0, space));
        rest = space == std::string_view::npos ? std::string_view() : trim(rest.substr(space));
    }
    std::array<std::string, 3> parts;
    if (words.empty()) return parts;
    parts[0] = words.front();
    if (words.size() == 1) return parts;
    parts[2] = words.back();
    for (std::size_t i = 1; i + 1 < words.size(); ++i) {
        if (!parts[1].empty()) parts[1] += ' ';
        parts[1] += words[i];
    }
    return parts;
}

const std::string* lead_text_field(const Lead& lead, std::string_view name) {
    const std::string* out = nullptr;
    boost::mp11::mp_for_each<detail::public_members<Lead>>([&](auto d) {
        using M = std::remove_cvref_t<decltype(lead.*d.pointer)>;
        if constexpr (std::is_same_v<M, std::string>)
            if (name == d.name) out = &(lead.*d.pointer);
    });
    return out;
}

namespace {

/// "1 200,50" -> 1200.5; see custom_cell.
std::optional<double> number_from_text(std::string_view text) {
    std::string digits; // without spaces and apostrophes
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == ' ' || text[i] == '\'') continue; // 1 200, 1'200
        if (text.substr(i, 2) == "\xC2\xA0") {           // no-break space
            ++i;
            continue;
        }
        if (text.substr(i, 3) == "\xE2\x80\xAF") { // narrow no-break space
            i += 2;
            continue;
        }
        digits += text[i];
    }
    std::string plain;
    std::string_view rest = digits;
    if (!rest.empty() && (rest[0] == '-' || rest[0] == '+')) {
        if (rest[0] == '-') plain += '-';
        rest.remove_prefix(1);
    }
    const auto count = [&](char c) { return std::count(rest.begin(), rest.end(), c); };
    const auto last_comma = rest.rfind(',');
    const auto last_dot = rest.rfind('.');
    char decimal = 0;
    if (last_comma != std::string_view::npos && last_dot != std::string_view::npos)
        decimal = last_comma > last_dot ? ',' : '.';
    else if (last_comma != std::string_view::npos)
        decimal = count(',') == 1 && rest.size() - last_comma - 1 != 3 ? ',' : 0;
    else if (last_dot != std::string_view::npos)
        decimal = count('.') == 1 ? '.' : 0;
    if (decimal && count(decimal) != 1) return std::nullopt;
    const char grouping = decimal == ',' ? '.' : decimal == '.' ? ',' : count(',') ? ',' : '.';
    const auto decimal_at = decimal ? rest.find(decimal) : std::string_view::npos;
    const std::string_view whole = rest.substr(0, decimal_at);
    const std::string_view fraction =
        decimal_at == std::string_view::npos ? std::string_view() : rest.substr(decimal_at + 1);
    const auto all_digits = [](std::string_view part) {
        return std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    // The whole part: digits, or groups of three after the first.
    const bool grouped = whole.find(grouping) != std::string_view::npos;
    std::size_t group_start = 0;
    for (std::size_t at = 0; at <= whole.size(); ++at) {
        if (at < whole.size() && whole[at] != grouping) continue;
        const std::string_view group = whole.substr(group_start, at - group_start);
        const bool first = group_start == 0;
        if (!all_digits(group) ||
            (grouped && (first ? group.empty() || group.size() > 3 : group.size() != 3)))
            return std::nullopt;
        plain += group;
        group_start = at + 1;
    }
    if (decimal) {
        if (fraction.empty() || !all_digits(fraction)) return std::nullopt;
        plain += '.';
        plain += fraction;
    }
    if (whole.empty() && fraction.empty()) return std::nullopt;
    double value = 0;
    const auto [end, ec] =
        std::from_chars(plain.data(), plain.data() + plain.size(), value, std::chars_format::fixed);
    if (ec != std::errc() || end != plain.data() + plain.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

/// "3/1/2026" -> 2026-03-01; see custom_cell. `empty` is set for 0/0/00.
std::optional<Date> date_from_text(std::string_view text, bool& empty) {
    empty = false;
    if (auto space = text.find(' '); space != std::string_view::npos) text = text.substr(0, space);
    if (auto iso = Date::parse(text)) return iso;
    const char separator = text.find('/') != std::string_view::npos ? '/' : '.';
    int parts[3] = {-1, -1, -1};
    std::size_t at = 0;
    for (int i = 0; i < 3; ++i) {
        const auto end = i < 2 ? text.find(separator, at) : text.size();
        if (end == std::string_view::npos || end == at || end - at > 4) return std::nullopt;
        const auto [p, ec] = std::from_chars(text.data() + at, text.data() + end, parts[i]);
        if (ec != std::errc() || p != text.data() + end) return std::nullopt;
        at = end + 1;
    }
    if (parts[0] == 0 && parts[1] == 0 && parts[2] == 0) {
        empty = true; // Outlook's 0/0/00
        return std::nullopt;
    }
    int year = parts[2];
    if (year < 100) year += year < 70 ? 2000 : 1900;
    const unsigned month = unsigned(separator == '/' ? parts[0] : parts[1]);
    const unsigned day = unsigned(separator == '/' ? parts[1] : parts[0]);
    const std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{month},
                                          std::chrono::day{day}};
    if (!ymd.ok()) return std::nullopt;
    return Date::from_ymd(year, month, day);
}

std::optional<bool> yes_no_from_text(std::string_view text) {
    for (const char* yes : {"yes", "true", "y", "1"})
        if (iequals_ascii(text, yes)) return true;
    for (const char* no : {"no", "false", "n", "0"})
        if (iequals_ascii(text, no)) return false;
    return std::nullopt;
}

} // namespace

CustomCell custom_cell(const FieldDefinition& definition, std::string_view text) {
    text = trim(text);
    const std::string quoted = "'" + std::string(text) + "'";
    switch (definition.type) {
    case FieldType::text: return {std::string(text), {}};
    case FieldType::number:
        if (auto n = number_from_text(text)) return {*n, {}};
        return {std::nullopt, quoted + " is not a number"};
    case FieldType::date: {
        bool empty = false;
        if (auto d = date_from_text(text, empty)) return {*d, {}};
        if (empty) return {};
        return {std::nullopt, quoted + " is not a date (YYYY-MM-DD, M/D/YYYY or D.M.YYYY)"};
    }
    case FieldType::yes_no:
        if (auto b = yes_no_from_text(text)) return {*b, {}};
        return {std::nullopt, quoted + " is not yes or no"};
    case FieldType::pick_list: {
        std::string choices;
        for (const auto& choice : definition.choices) {
            if (iequals_ascii(choice, text)) return {choice, {}};
            choices += (choices.empty() ? "" : ", ") + choice;
        }
        return {std::nullopt, quoted + " is not one of: " + choices};
    }
    }
    return {std::string(text), {}};
}

std::string_view list_value_member(std::string_view list) {
    const ListInfo* info = find_list(list);
    return info ? std::string_view(info->value_member) : std::string_view();
}

void LeadBuilder::clear() {
    text_.clear();
    for (auto& p : name_parts_) p.clear();
    entries_.clear();
    entry_index_.clear();
    steps_ = 0;
    custom_.clear();
    custom_names_.clear();
    name_source_ = -1;
}

LeadBuilder::Entry& LeadBuilder::entry(const std::string& list, const std::string& slot) {
    ++steps_;
    std::string key = list;
    key += '\x1f';
    key += slot;
    const auto [at, added] = entry_index_.try_emplace(std::move(key), entries_.size());
    if (!added) return entries_[at->second];
    Entry& e = entries_.emplace_back();
    e.list = list;
    e.slot = slot;
    return e;
}

void LeadBuilder::add(const FieldTarget& target, std::string_view value, int source) {
    ++steps_;
    value = trim(value);
    if (value.empty()) return;
    switch (target.kind) {
    case FieldTarget::Kind::ignore: return;
    case FieldTarget::Kind::text:
        steps_ += text_.size(); // at most one per text field of a lead
        for (const auto& [field, existing] : text_)
            if (field == target.field) return; // the first value given wins
        text_.emplace_back(target.field, value);
        return;
    case FieldTarget::Kind::name_part: {
        auto& part = name_parts_[target.name_part];
        if (!part.empty()) part += ' ';
        part += value;
        return;
    }
    case FieldTarget::Kind::custom:
        if (!custom_names_.insert(target.field).second) return; // the first value wins
        custom_.push_back(Custom{target.field, std::string(value), source});
        return;
    case FieldTarget::Kind::list: break;
    }
    if (target.member == "label") {
        entry(target.field, target.slot).label = clean_label(value);
        return;
    }
    const bool single_value = target.member == list_value_member(target.field);
    auto values = split_values(value, split_lists_ && single_value);
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (values[i].empty()) continue;
        Entry& e =
            entry(target.field, i == 0 ? target.slot : target.slot + "#split" + std::to_string(i));
        if (i > 0 && e.label.empty()) e.label = entry(target.field, target.slot).label;
        if (single_value || e.source < 0) e.source = source;
        bool joined = false;
        for (auto& [member, existing] : e.members)
            if (member == target.member) {
                // Several columns for one part (Street, Street 2) make lines.
                existing += '\n';
                existing += values[i];
                joined = true;
            }
        if (!joined) e.members.emplace_back(target.member, values[i]);
    }
}

CustomFields LeadBuilder::custom_fields(std::vector<FieldProblem>& problems) const {
    CustomFields fields;
    for (const auto& c : custom_) {
        const FieldDefinition* definition = nullptr;
        for (const auto& d : definitions_)
            if (iequals_ascii(d.name, c.name)) definition = &d;
        if (!definition) {
            fields[c.name] = c.value;
            continue;
        }
        CustomCell cell = custom_cell(*definition, c.value);
        if (!cell.problem.empty()) {
            problems.push_back({c.source, "'" + lead_fields().custom_field + "." +
                                              definition->name + "': " + cell.problem});
        } else if (cell.value) {
            fields[definition->name] = std::move(*cell.value);
        }
    }
    return fields;
}

namespace {

/// The text member of `lead` named `name`, or nullptr.
std::string* text_field(Lead& lead, std::string_view name) {
    return const_cast<std::string*>(lead_text_field(lead, name));
}

/// Appends an entry to the labelled list `list` of `lead` with its label and
/// the text members of `members`, as from_json would read them.
void append_entry(Lead& lead, std::string_view list, std::string label,
                  const std::vector<std::pair<std::string, std::string>>& members) {
    boost::mp11::mp_for_each<detail::public_members<Lead>>([&](auto d) {
        using M = std::remove_cvref_t<decltype(lead.*d.pointer)>;
        if constexpr (detail::is_vector<M>::value) {
            using E = typename M::value_type;
            if constexpr (detail::Described<E>) {
                if (list != d.name) return;
                E& item = (lead.*d.pointer).emplace_back();
                boost::mp11::mp_for_each<detail::public_members<E>>([&](auto m) {
                    using V = std::remove_cvref_t<decltype(item.*m.pointer)>;
                    if constexpr (std::is_same_v<V, std::string>) {
                        if (std::string_view(m.name) == "label") {
                            item.*m.pointer = label;
                            return;
                        }
                        for (const auto& [member, value] : members)
                            if (member == m.name) item.*m.pointer = value;
                    }
                });
            }
        }
    });
}

} // namespace

std::optional<Lead> LeadBuilder::build(std::vector<FieldProblem>& problems) const {
    // The Lead is filled directly (what from_json would make of the same
    // values as JSON, without a JSON object per row).
    const std::size_t problems_before = problems.size();
    Lead lead;
    for (const auto& [field, value] : text_)
        if (std::string* member = text_field(lead, field)) *member = value;
    if (lead.full_name.empty()) {
        for (const auto& part : name_parts_) {
            if (part.empty()) continue;
            if (!lead.full_name.empty()) lead.full_name += ' ';
            lead.full_name += part;
        }
    }
    if (trim(lead.full_name).empty() && !trim(lead.company).empty()) {
        // A contact that names only a company (Outlook and Thunderbird
        // address books have many) is filed under the company.
        lead.full_name = std::string(trim(lead.company));
        if (trim(lead.file_as).empty()) lead.file_as = lead.full_name;
    }
    if (trim(lead.full_name).empty())
        problems.push_back({name_source_, "the row has no name (no full name, first, middle or "
                                          "last name, nor a company)"});
    for (const auto& e : entries_) {
        if (e.list != "emails") continue;
        for (const auto& [member, value] : e.members)
            if (member == "address" && !is_valid_email(value))
                problems.push_back({e.source, "'" + value + "' is not a valid e-mail address"});
    }
    CustomFields custom = custom_fields(problems);
    if (problems.size() > problems_before) return std::nullopt;
    for (const auto& e : entries_) {
        if (e.members.empty()) continue; // a label without a value
        std::string label = e.label;
        if (label.empty()) label = e.slot.substr(0, e.slot.rfind('#'));
        append_entry(lead, e.list, std::move(label), e.members);
    }
    lead.custom = std::move(custom);
    return lead;
}

} // namespace leadbook::formats
