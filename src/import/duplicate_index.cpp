#include "duplicate_index.hpp"

#include "charsets.hpp"

#include <algorithm>

namespace leadbook::formats {

namespace {

/// A text member of Lead by name, from its description.
const std::string* text_field(const Lead& lead, std::string_view name) {
    const std::string* out = nullptr;
    boost::mp11::mp_for_each<detail::public_members<Lead>>([&](auto d) {
        using M = std::remove_cvref_t<decltype(lead.*d.pointer)>;
        if constexpr (std::is_same_v<M, std::string>)
            if (name == d.name) out = &(lead.*d.pointer);
    });
    return out;
}

const TableDef& lead_table() {
    for (const TableDef* t : LeadBook::schema_tables())
        if (t->kind == "lead") return *t;
    fail(ErrorCode::internal, "no table for leads");
}

} // namespace

DuplicateIndex::DuplicateIndex(std::vector<std::string> match_on) {
    static const Lead probe{};
    if (match_on.empty()) fail(ErrorCode::validation, "match_on needs at least one field");
    for (auto& field : match_on) {
        std::string name = ascii_lower(trim(field));
        if (name == "email" || name == "emails") {
            by_email_ = true;
        } else if (text_field(probe, name)) {
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
    for (const auto& f : fields_) values.push_back(*text_field(lead, f));
    return keys_of(emails, values);
}

void DuplicateIndex::load(LeadBook& book) {
    const TableDef& table = lead_table();
    std::vector<int> columns;
    for (const auto& f : fields_) {
        int c = table.column_index(f);
        if (c < 0) fail(ErrorCode::internal, "no column for lead field " + f);
        columns.push_back(c);
    }
    const ChildTableDef* emails = nullptr;
    int address_column = -1;
    if (by_email_) {
        for (const auto& child : table.children)
            if (child.name == "emails") emails = &child;
        if (!emails) fail(ErrorCode::internal, "no child table for e-mail addresses");
        for (std::size_t i = 0; i < emails->columns.size(); ++i)
            if (emails->columns[i].name == "address") address_column = int(i);
    }
    auto cursor = book.storage().scan(table, Query{}, columns, emails);
    ScannedRow row;
    std::vector<std::string> addresses, values;
    while (cursor->next(row)) {
        addresses.clear();
        values.clear();
        for (const auto& child : row.children)
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

std::optional<Id> DuplicateIndex::find(const Lead& lead) const {
    std::optional<Id> found;
    for (const auto& key : keys_of(lead)) {
        auto it = ids_.find(key);
        if (it == ids_.end()) continue;
        // Stored leads (positive ids) before rows still waiting to be written.
        const Id id = it->second;
        if (!found || (id > 0 && (*found < 0 || id < *found)) || (id < 0 && *found < 0 && id > *found))
            found = id;
    }
    return found;
}

void DuplicateIndex::remember(const Lead& lead, Id id) {
    for (auto& key : keys_of(lead)) ids_.emplace(std::move(key), id);
}

void DuplicateIndex::rename(const Lead& lead, Id from, Id to) {
    for (const auto& key : keys_of(lead)) {
        auto it = ids_.find(key);
        if (it == ids_.end() || it->second != from) continue;
        if (to == 0)
            ids_.erase(it);
        else
            it->second = to;
    }
}

} // namespace leadbook::formats
