// unique_name.hpp: the one check that a name is not taken, without regard
// to case (Unicode full case folding, case_fold.hpp), on every backend:
// saved reports, sales stages, user-defined fields (per record type) and
// users use it.
#pragma once

#include "../case_fold.hpp"
#include "../facade.hpp"

#include <optional>
#include <string>

namespace leadbook::detail {

/// The stored record of type T among those `scope` selects, other than
/// `previous`, whose `name` is `name` without regard to case; nullopt if
/// the name is free. Also nullopt when `previous` had the same name
/// already (so that a record stored before names had to differ in case
/// can still be edited).
template <class T>
std::optional<T> name_taken(Storage& storage, const std::string& name, const T* previous,
                            const RecordQuery& scope = {}) {
    const std::string folded = fold_case(name);
    if (previous && fold_case(previous->name) == folded) return std::nullopt;
    for (auto& other : facade::read_where<T>(storage, scope))
        if ((!previous || other.id != previous->id) && fold_case(other.name) == folded)
            return std::move(other);
    return std::nullopt;
}

} // namespace leadbook::detail
