// LeadBook::merge: several leads or business contacts become one, in one
// write transaction. Which fields move is derived from the Lead
// description: nothing lists them here.
#include <leadbook/leadbook.hpp>

#include "facade.hpp"
#include "write_path.hpp"

#include <algorithm>
#include <set>

namespace leadbook {

using namespace detail::facade;

namespace {

/// A record of the merge as stored, whichever type it is.
struct Stored {
    Id id = 0;
    std::string kind;
    Lead lead; ///< its lead fields (a contact's too)
};

Stored read_at_version(Storage& storage, const MergeRecord& wanted) {
    Stored out;
    auto found = detail::read_person(storage, wanted.id, &out.kind);
    if (!found)
        fail(ErrorCode::not_found,
             "record " + std::to_string(wanted.id) + " is not a lead or a business contact");
    if (found->version != wanted.version)
        fail(ErrorCode::conflict, "record " + std::to_string(wanted.id) +
                                      " was changed by someone else (it is at version " +
                                      std::to_string(found->version) +
                                      ", the merge was for version " +
                                      std::to_string(wanted.version) +
                                      "); reload it and try again (nothing was merged)");
    out.id = wanted.id;
    out.lead = std::move(*found);
    return out;
}

/// The key two entries of a list are the same by: their text members
/// other than the label, compared as matching rules compare text.
template <class E> std::string entry_key(const E& entry) {
    std::string key;
    boost::mp11::mp_for_each<detail::public_members<E>>([&](auto d) {
        using M = std::remove_cvref_t<decltype(entry.*d.pointer)>;
        if constexpr (std::is_same_v<M, std::string>)
            if (std::string_view(d.name) != "label")
                key +=
                    detail::compared_form(entry.*d.pointer, MatchComparison::text, false) + '\x1f';
    });
    return key;
}

bool fields_kept_by_leadbook(std::string_view name) {
    // The survivor keeps its status: it changes through the status
    // operations only (a contact is qualified).
    return detail::is_system_field(name) || name == "score" || name == "status" ||
           name == "status_reason";
}

/// The merged lead fields of `survivor` with `others` (see LeadBook::merge),
/// noting in `result` what came from where.
Lead merged_fields(const Stored& survivor, const std::vector<Stored>& others,
                   const std::map<std::string, Id>& choose, MergeResult& result) {
    Lead out = survivor.lead;
    auto record_of = [&](Id id) -> const Stored& {
        if (id == survivor.id) return survivor;
        for (const auto& o : others)
            if (o.id == id) return o;
        fail(ErrorCode::validation,
             "'choose': record " + std::to_string(id) + " is not one of the merged records");
    };
    for (const auto& [field, id] : choose) {
        bool known = false;
        boost::mp11::mp_for_each<detail::public_members<Lead>>(
            [&](auto d) { known = known || field == d.name; });
        if (!known || fields_kept_by_leadbook(field))
            fail(ErrorCode::validation,
                 "'choose': '" + field + "' is not a field a merge can choose");
        record_of(id);
    }
    boost::mp11::mp_for_each<detail::public_members<Lead>>([&](auto d) {
        using M = std::remove_cvref_t<decltype(out.*d.pointer)>;
        const std::string name = d.name;
        if (fields_kept_by_leadbook(name)) return;
        M& mine = out.*d.pointer;
        if (auto chosen = choose.find(name); chosen != choose.end()) {
            if (chosen->second != survivor.id) {
                mine = record_of(chosen->second).lead.*d.pointer;
                result.fields_taken[name] = chosen->second;
            }
            return;
        }
        for (const auto& other : others) {
            const M& theirs = other.lead.*d.pointer;
            (void)theirs; // not every member type is merged below
            if constexpr (std::is_same_v<M, std::vector<Id>>) {
                // Criteria of another record type count nothing here.
                if (other.kind != survivor.kind) continue;
                for (Id c : theirs)
                    if (std::find(mine.begin(), mine.end(), c) == mine.end()) {
                        mine.push_back(c);
                        ++result.entries_added[name];
                    }
            } else if constexpr (detail::is_vector<M>::value) {
                std::set<std::string> present;
                for (const auto& e : mine) present.insert(entry_key(e));
                for (const auto& e : theirs)
                    if (present.insert(entry_key(e)).second) {
                        mine.push_back(e);
                        ++result.entries_added[name];
                    }
            } else if constexpr (std::is_same_v<M, CustomFields>) {
                for (const auto& [key, value] : theirs)
                    if (mine.emplace(key, value).second) ++result.entries_added[name];
            } else if constexpr (std::is_same_v<M, std::string> || std::is_same_v<M, Bytes>) {
                if (mine.empty() && !theirs.empty()) {
                    mine = theirs;
                    result.fields_taken[name] = other.id;
                }
            } else if constexpr (std::is_same_v<M, std::optional<Id>>) {
                if (!mine && theirs) {
                    mine = theirs;
                    result.fields_taken[name] = other.id;
                }
            }
        }
    });
    // One mailing address at most: the survivor's (or the first) stays so.
    bool mailing = false;
    for (auto& a : out.addresses) {
        if (a.mailing && mailing) a.mailing = false;
        mailing = mailing || a.mailing;
    }
    return out;
}

/// History items and opportunities of `from` now belong to `to`.
void move_links(LeadBook& book, detail::RuleContext& context, Id from, Id to, MergeResult& result) {
    Storage& storage = book.storage();
    RecordQuery linked;
    linked.where.push_back(Filter{"links", FilterOp::has, boost::json::value(from)});
    for (const auto& item : read_where<HistoryItem>(storage, linked)) {
        HistoryItem moved = item;
        std::erase(moved.links, from);
        if (std::find(moved.links.begin(), moved.links.end(), to) == moved.links.end())
            moved.links.push_back(to);
        detail::update_record(book, context, item, std::move(moved));
        result.history_moved.push_back(item.id);
    }
    RecordQuery owned;
    owned.where.push_back(Filter{"linked_to", FilterOp::eq, boost::json::value(from)});
    for (const auto& opportunity : read_where<Opportunity>(storage, owned)) {
        Opportunity moved = opportunity;
        moved.linked_to = to;
        detail::update_record(book, context, opportunity, std::move(moved));
        result.opportunities_moved.push_back(opportunity.id);
    }
}

template <class T> void remove_person(LeadBook& book, Id id) {
    auto record = read<T>(book.storage(), id);
    if (!record) not_found<T>(id);
    detail::remove_record(book, *record);
}

template <class T>
std::int64_t store_survivor(LeadBook& book, detail::RuleContext& context, Id id,
                            const Lead& fields) {
    auto current = read<T>(book.storage(), id);
    if (!current) not_found<T>(id);
    T updated = *current;
    static_cast<Lead&>(updated) = fields;
    updated.id = current->id;
    updated.version = current->version;
    // The score is computed again from the criteria the merged record meets.
    return detail::update_record(book, context, *current, std::move(updated)).version;
}

} // namespace

MergeResult LeadBook::merge(const MergeRecord& survivor, const std::vector<MergeRecord>& others,
                            const std::map<std::string, Id>& choose) {
    if (others.empty()) fail(ErrorCode::validation, "a merge needs at least one other record");
    std::set<Id> named = {survivor.id};
    for (const auto& o : others) {
        if (o.id == survivor.id)
            fail(ErrorCode::validation, "record " + std::to_string(o.id) +
                                            " cannot be merged into itself (nothing was merged)");
        if (!named.insert(o.id).second)
            fail(ErrorCode::validation, "record " + std::to_string(o.id) +
                                            " is named twice in the merge (nothing was merged)");
    }
    return write_transaction([&] {
        Storage& storage = *storage_;
        const Stored kept = read_at_version(storage, survivor);
        std::vector<Stored> merged;
        for (const auto& o : others) merged.push_back(read_at_version(storage, o));
        MergeResult result;
        result.survivor = kept.id;
        result.record_kind = kept.kind;
        const Lead fields = merged_fields(kept, merged, choose, result);
        detail::RuleContext context(*this);
        for (const auto& o : merged) {
            move_links(*this, context, o.id, kept.id, result);
            if (o.kind == "lead")
                remove_person<Lead>(*this, o.id);
            else
                remove_person<BusinessContact>(*this, o.id);
            result.deleted.push_back(o.id);
        }
        result.version = kept.kind == "lead"
                             ? store_survivor<Lead>(*this, context, kept.id, fields)
                             : store_survivor<BusinessContact>(*this, context, kept.id, fields);
        return result;
    });
}

} // namespace leadbook
