// The tables a backend creates for a list of table definitions: record
// types that share a table ("records" for leads and contacts) get the union
// of their columns, and each child table appears once. Both backends build
// their DDL from this, so neither keeps a list of columns of its own.
#pragma once

#include <leadbook/storage.hpp>

#include <algorithm>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace leadbook::storage_schema {

/// A table as stored: the union of the columns of the record types in it.
struct MergedTable {
    std::string name;
    bool shared_ids = false; ///< ids from the sequence shared by record tables
    std::vector<ColumnDef> columns;
};

struct MergedSchema {
    std::vector<MergedTable> tables;
    std::map<std::string, ChildTableDef> children; ///< by name, columns merged
    /// Per child table, the table its owner_id refers to: "entities" for
    /// the lists of records with shared ids, else the owner's own table (a
    /// table with ids of its own, such as matching rules, owns its lists).
    std::map<std::string, std::string> owners;
};

inline void merge_columns(std::vector<ColumnDef>& into, const std::vector<ColumnDef>& from) {
    for (const auto& c : from) {
        bool present = false;
        for (const auto& existing : into)
            if (existing.name == c.name) present = true;
        if (!present) into.push_back(c);
    }
}

/// The stored tables of `tables`; with `only`, just the tables named there.
inline MergedSchema merged_schema(std::span<const TableDef* const> tables,
                                  const std::vector<std::string>* only = nullptr) {
    auto wanted = [&](const std::string& name) {
        return !only || std::find(only->begin(), only->end(), name) != only->end();
    };
    MergedSchema out;
    for (const TableDef* t : tables) {
        if (!wanted(t->name)) continue;
        auto it = std::find_if(out.tables.begin(), out.tables.end(),
                               [&](const MergedTable& m) { return m.name == t->name; });
        if (it == out.tables.end()) {
            out.tables.push_back(MergedTable{t->name, !t->kind.empty(), {}});
            it = out.tables.end() - 1;
        }
        merge_columns(it->columns, t->columns);
        for (const auto& c : t->children) {
            auto [slot, fresh] = out.children.try_emplace(c.name, c);
            if (!fresh) merge_columns(slot->second.columns, c.columns);
            out.owners.try_emplace(c.name, t->kind.empty() ? t->name : std::string("entities"));
        }
    }
    return out;
}

} // namespace leadbook::storage_schema
