// The prepared statements a SQLite connection keeps (statement_cache.hpp).
#include "statement_cache.hpp"

namespace leadbook::sqlite {

std::size_t StatementCache::SlotHash::operator()(const Slot& slot) const noexcept {
    std::size_t h = std::hash<std::string>()(slot.sql);
    auto mix = [&](std::size_t v) { h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2); };
    mix(std::hash<const void*>()(slot.key.definition));
    mix(std::size_t(slot.key.operation));
    mix(slot.key.rows);
    return h;
}

Statement& StatementCache::get(const Key& key, const std::function<std::string()>& make_sql) {
    Slot slot{key, {}};
    auto it = statements_.find(slot);
    if (it == statements_.end())
        it = statements_.emplace(std::move(slot), Statement(db_, make_sql())).first;
    return ready(it->second);
}

Statement& StatementCache::get(const std::string& sql) {
    Slot slot{Key{}, sql};
    auto it = statements_.find(slot);
    if (it == statements_.end())
        it = statements_.emplace(std::move(slot), Statement(db_, sql)).first;
    return ready(it->second);
}

} // namespace leadbook::sqlite
