// Pieces both backends use to return rows they have read at once: a cursor
// over rows in memory, and the lists of a record read in any order put back
// in position order.
#pragma once

#include <leadbook/storage.hpp>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace leadbook::storage_rows {

/// Rows read before the cursor is returned.
class BufferedCursor final : public RowCursor {
public:
    bool next(ReadRow& out) override {
        if (next_ == rows.size()) {
            rows.clear();
            next_ = 0;
            return false;
        }
        out = std::move(rows[next_++]);
        return true;
    }
    std::vector<ReadRow> rows;

private:
    std::size_t next_ = 0;
};

/// Puts `rows`, read with positions `at` (one per row), in position order.
inline void sort_by_position(std::vector<Row>& rows, const std::vector<std::int64_t>& at) {
    if (std::is_sorted(at.begin(), at.end())) return;
    std::vector<std::size_t> order(at.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return at[a] < at[b]; });
    std::vector<Row> sorted;
    sorted.reserve(order.size());
    for (auto i : order) sorted.push_back(std::move(rows[i]));
    rows = std::move(sorted);
}

} // namespace leadbook::storage_rows
