#include "duplicate_index.hpp"

#include "../record_schema.hpp"
#include "../formats/charsets.hpp"
#include "lead_fields.hpp"

#include <algorithm>

namespace leadbook::formats {

namespace {

/// match_on as an exact matching rule (checked: unknown fields refused).
MatchingRule rule_of(const std::vector<std::string>& match_on) {
    if (match_on.empty()) fail(ErrorCode::validation, "match_on needs at least one field");
    MatchingRule rule;
    rule.mode = MatchMode::exact;
    const auto& known = detail::matchable_fields();
    for (const auto& field : match_on) {
        std::string name = ascii_lower(trim(field));
        if (name == "email") name = "emails";
        if (name == "phone") name = "phones";
        if (std::find(known.begin(), known.end(), name) == known.end())
            fail(ErrorCode::validation,
                 "match_on: '" + field +
                     "' is not a field duplicates can be matched on (use email, phone or text "
                     "fields such as full_name, company)");
        const bool listed = std::any_of(rule.fields.begin(), rule.fields.end(),
                                        [&](const MatchField& f) { return f.field == name; });
        if (!listed) rule.fields.push_back(MatchField{name, MatchComparison::automatic, false});
    }
    return rule;
}

} // namespace

DuplicateIndex::DuplicateIndex(std::vector<std::string> match_on) : rule_(rule_of(match_on)) {}

std::vector<std::string> DuplicateIndex::keys_of(const Lead& lead) const {
    return rule_.keys(rule_.forms(lead));
}

void DuplicateIndex::load(LeadBook& book) {
    // Only the fields matched on: the rule reads them from a lead made of them.
    const TableDef& table = detail::RecordSchema<Lead>::get().table;
    std::vector<int> columns;
    std::vector<std::string> names;
    std::vector<int> children;
    std::vector<std::string> lists;
    for (const auto& f : rule_.rule().fields) {
        if (f.field == "emails" || f.field == "phones") {
            for (std::size_t i = 0; i < table.children.size(); ++i)
                if (table.children[i].name == f.field) children.push_back(int(i));
            lists.push_back(f.field);
            continue;
        }
        const int c = table.column_index(f.field);
        if (c < 0) fail(ErrorCode::internal, "no column for lead field " + f.field);
        columns.push_back(c);
        names.push_back(f.field);
    }
    if (children.size() != lists.size()) fail(ErrorCode::internal, "no child table for a list");
    auto cursor = book.storage().read(table, Query{}, ReadShape::of(columns, children));
    ReadRow row;
    while (cursor->next(row)) {
        Lead lead;
        for (std::size_t i = 0; i < names.size(); ++i)
            if (const auto* s = std::get_if<std::string>(&row.values[i]))
                if (auto* field = const_cast<std::string*>(lead_text_field(lead, names[i])))
                    *field = *s;
        for (std::size_t i = 0; i < lists.size() && i < row.children.size(); ++i) {
            const ChildTableDef& child = table.children[std::size_t(children[i])];
            const std::string_view wanted = lists[i] == "emails" ? "address" : "number";
            int column = -1;
            for (std::size_t c = 0; c < child.columns.size(); ++c)
                if (child.columns[c].name == wanted) column = int(c);
            for (const auto& entry : row.children[i]) {
                const auto* s = column >= 0 && std::size_t(column) < entry.size()
                                    ? std::get_if<std::string>(&entry[std::size_t(column)])
                                    : nullptr;
                if (!s) continue;
                if (lists[i] == "emails")
                    lead.emails.push_back(EmailAddress{"", *s});
                else
                    lead.phones.push_back(Phone{"", *s});
            }
        }
        for (auto& key : keys_of(lead)) ids_.emplace(std::move(key), row.id);
    }
}

namespace {
constexpr Id forgotten = -1;
std::size_t slot_of(Id placeholder) { return std::size_t(-placeholder - 1); }
} // namespace

std::optional<Id> DuplicateIndex::current(Id id) const {
    if (id > 0) return id;
    const Id resolved = placeholders_.at(slot_of(id));
    if (resolved == forgotten) return std::nullopt;
    return resolved > 0 ? resolved : id;
}

std::optional<Id> DuplicateIndex::find(const std::vector<std::string>& keys) const {
    std::optional<Id> found;
    for (const auto& key : keys) {
        auto it = ids_.find(key);
        if (it == ids_.end()) continue;
        const auto id = current(it->second);
        if (!id) continue;
        // Stored leads (positive ids) before rows still waiting to be written.
        if (!found || (*id > 0 && (*found < 0 || *id < *found)) ||
            (*id < 0 && *found < 0 && *id > *found))
            found = id;
    }
    return found;
}

Id DuplicateIndex::placeholder() {
    placeholders_.push_back(0);
    return -Id(placeholders_.size());
}

void DuplicateIndex::remember(const std::vector<std::string>& keys, Id id) {
    for (const auto& key : keys) {
        auto [it, added] = ids_.emplace(key, id);
        if (!added && !current(it->second)) it->second = id;
    }
}

void DuplicateIndex::resolve(Id placeholder, Id id) {
    placeholders_.at(slot_of(placeholder)) = id == 0 ? forgotten : id;
}

} // namespace leadbook::formats
