// Rows written under the ids they already have (Storage::insert_with_ids,
// used to copy a book): the shape check and the grouping of each row's
// lists by child table, shared by both backends so they cannot drift apart.
#pragma once

#include <leadbook/error.hpp>
#include <leadbook/storage.hpp>

#include <cstdint>
#include <span>
#include <vector>

namespace leadbook::storage_rows {

/// Fails with `internal` unless every row has one value per column of
/// `table` and one list per child table of it.
inline void check_shape(const TableDef& table, std::span<const ReadRow> rows) {
    for (const ReadRow& row : rows)
        if (row.values.size() != table.columns.size() ||
            row.children.size() != table.children.size())
            fail(ErrorCode::internal, "row does not match table " + table.name);
}

/// Calls `write(child, owners, lists)` once per child table of `table`,
/// with the ids of the rows that have entries in it and those entries, in
/// the order of `rows`.
template <class Write>
void for_each_child_list(const TableDef& table, std::span<const ReadRow> rows, Write&& write) {
    std::vector<std::int64_t> owners;
    std::vector<std::vector<Row>> lists;
    for (std::size_t c = 0; c < table.children.size(); ++c) {
        owners.clear();
        lists.clear();
        for (const ReadRow& row : rows)
            if (!row.children[c].empty()) {
                owners.push_back(row.id);
                lists.push_back(row.children[c]);
            }
        write(table.children[c], owners, lists);
    }
}

} // namespace leadbook::storage_rows
