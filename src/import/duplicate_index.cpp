#include "duplicate_index.hpp"

#include "../record_schema.hpp"
#include "../formats/charsets.hpp"
#include "lead_fields.hpp"

#include <algorithm>

namespace leadbook::formats {

DuplicateIndex::DuplicateIndex(std::vector<std::string> match_on) {
    static const Lead probe{};
    if (match_on.empty()) fail(ErrorCode::validation, "match_on needs at least one field");
    for (auto& field : match_on) {
        std::string name = ascii_lower(trim(field));
        if (name == "email" || name == "emails") {
            by_email_ = true;
        } else if (lead_text_field(probe, name)) {
            if (std::find(fields_.begin(), fields_.end(), name) == fields_.end())
                fields_.push_back(name);
        } else {
            fail(ErrorCode::validation,
                 "match_on: '" + field +
                     "' is not a field duplicates can be matched on (use email or text fields "
                     "such as full_name, company)");
        }
    }
}

std::vector<std::string> DuplicateIndex::keys_of(const std::vector<std::string>& emails,
                                                 const std::vector<std::string>& values) const {
    std::string base;
    for (const auto& v : values) {
        base += match_key(v);
        base += '\x1f';
    }
    std::vector<std::string> keys;
    if (!by_email_) {
        keys.push_back(std::move(base));
        return keys;
    }
    for (const auto& e : emails) {
        std::string key = match_key(e);
        if (key.empty()) continue;
        keys.push_back(base + key);
    }
    return keys;
}

std::vector<std::string> DuplicateIndex::keys_of(const Lead& lead) const {
    std::vector<std::string> emails, values;
    if (by_email_)
        for (const auto& e : lead.emails) emails.push_back(e.address);
    for (const auto& f : fields_) values.push_back(*lead_text_field(lead, f));
    return keys_of(emails, values);
}

void DuplicateIndex::load(LeadBook& book) {
    const TableDef& table = detail::RecordSchema<Lead>::get().table;
    std::vector<int> columns;
    for (const auto& f : fields_) {
        int c = table.column_index(f);
        if (c < 0) fail(ErrorCode::internal, "no column for lead field " + f);
        columns.push_back(c);
    }
    std::vector<int> children;
    int address_column = -1;
    if (by_email_) {
        const ChildTableDef* emails = nullptr;
        for (std::size_t i = 0; i < table.children.size(); ++i)
            if (table.children[i].name == "emails") {
                emails = &table.children[i];
                children.push_back(int(i));
            }
        if (!emails) fail(ErrorCode::internal, "no child table for e-mail addresses");
        for (std::size_t i = 0; i < emails->columns.size(); ++i)
            if (emails->columns[i].name == "address") address_column = int(i);
    }
    auto cursor = book.storage().read(table, Query{}, ReadShape::of(columns, children));
    ReadRow row;
    const std::vector<Row> no_rows;
    std::vector<std::string> addresses, values;
    while (cursor->next(row)) {
        addresses.clear();
        values.clear();
        for (const auto& child : children.empty() ? no_rows : row.children[0])
            if (address_column >= 0 && std::size_t(address_column) < child.size())
                if (const auto* s = std::get_if<std::string>(&child[std::size_t(address_column)]))
                    addresses.push_back(*s);
        for (const auto& v : row.values) {
            const auto* s = std::get_if<std::string>(&v);
            values.push_back(s ? *s : std::string());
        }
        for (auto& key : keys_of(addresses, values)) ids_.emplace(std::move(key), row.id);
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
