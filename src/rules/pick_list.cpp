// The rules of pick lists (leadbook/pick_lists.hpp): entries unique per
// list, a new one at the end, a rename that the records holding the entry
// follow, a delete refused while records hold the entry (or moving them to
// a replacement); the rating and source of leads and business contacts
// checked against their lists, and the default lists.
#include "rules.hpp"

#include "../case_fold.hpp"
#include "../reports/report_plan.hpp"
#include "../write_path.hpp"
#include "unique_name.hpp"

#include <algorithm>

namespace leadbook::detail {

using namespace facade;

namespace {

constexpr const char* pick_lists_installed_key = "pick_lists.defaults_installed";

/// "the rating list of leads"
std::string list_title(RecordType type, PickList list) {
    return "the " + std::string(enum_name(list)) + " list of " +
           (type == RecordType::lead ? "leads" : "business contacts");
}

/// The entries of one list, in list order.
RecordQuery list_query(RecordType type, PickList list) {
    RecordQuery q;
    q.where.push_back(Filter{"record_type", FilterOp::eq, boost::json::value(enum_name(type))});
    q.where.push_back(Filter{"list", FilterOp::eq, boost::json::value(enum_name(list))});
    q.order_by = {"position"};
    return q;
}

/// The ids of the records of type T whose field `list` holds `name`, in
/// any case. Read by a scan of that one column: a rename or a delete is
/// rare, and the column compares byte for byte.
template <class T>
std::vector<Id> holders(Storage& storage, PickList list, const std::string& name) {
    const auto& s = schema<T>();
    const int column = s.table.column_index(s.field(enum_name(list))->column);
    const std::string folded = fold_case(name);
    std::vector<Id> ids;
    auto rows = storage.read(s.table, Query{}, ReadShape::of({column}));
    ReadRow row;
    while (rows->next(row))
        if (const auto* text = std::get_if<std::string>(&row.values[0]))
            if (!text->empty() && fold_case(*text) == folded) ids.push_back(row.id);
    return ids;
}

template <class T>
std::int64_t move_records(LeadBook& book, PickList list, const std::string& from,
                          const std::string& to) {
    const std::vector<Id> ids = holders<T>(book.storage(), list, from);
    if (ids.empty()) return 0;
    const auto& s = schema<T>();
    const std::string field(enum_name(list));
    const std::vector<int> columns = {s.table.column_index(s.field(field)->column)};
    const Stamp now = stamp_now(book);
    constexpr std::size_t chunk = 5000;
    std::int64_t moved = 0;
    for (std::size_t at = 0; at < ids.size(); at += chunk) {
        Condition in{"id", CompareOp::in, {}, {}};
        for (std::size_t i = at; i < std::min(ids.size(), at + chunk); ++i)
            in.values.emplace_back(ids[i]);
        Query q;
        q.where.push_back(std::move(in));
        moved += update_selection<T>(book, q, columns, Row{Value(to)}, now,
                                     at == 0 ? std::span<const Id>(ids) : std::span<const Id>());
    }
    RuleContext context(book);
    if (context.matcher().uses_field(field)) refresh_match_keys(context, ids);
    return moved;
}

/// Gives the records of `type` holding `from` (any case) the value `to`,
/// and the saved reports filtering them by `from` the value `to` (when `to`
/// is not empty: a filter on nothing would change what it finds).
std::int64_t move_holders(LeadBook& book, RecordType type, PickList list, const std::string& from,
                          const std::string& to) {
    if (!to.empty()) {
        const ReportRecordType reported = type == RecordType::lead
                                              ? ReportRecordType::leads
                                              : ReportRecordType::business_contacts;
        edit_saved_reports(book, [&](ReportDefinition& definition) {
            return rename_list_value(definition, reported, std::string(enum_name(list)), from, to);
        });
    }
    return type == RecordType::lead ? move_records<Lead>(book, list, from, to)
                                    : move_records<BusinessContact>(book, list, from, to);
}

std::int64_t count_holders(Storage& storage, RecordType type, PickList list,
                           const std::string& name) {
    return std::int64_t(type == RecordType::lead
                            ? holders<Lead>(storage, list, name).size()
                            : holders<BusinessContact>(storage, list, name).size());
}

/// The entry of `entries` named `name` in any case, or nullptr.
const PickListEntry* entry_named(const std::vector<PickListEntry>& entries,
                                 const std::string& name) {
    // The list's own spelling first: no case folding for most records.
    for (const auto& e : entries)
        if (e.name == name) return &e;
    const std::string folded = fold_case(name);
    for (const auto& e : entries)
        if (fold_case(e.name) == folded) return &e;
    return nullptr;
}

std::string choices(const std::vector<PickListEntry>& entries) {
    std::string out;
    for (const auto& e : entries) out += (out.empty() ? "'" : ", '") + e.name + "'";
    return out.empty() ? "none (the list is empty)" : out;
}

} // namespace

std::vector<PickListEntry>& RuleContext::pick_list(RecordType type, PickList list) {
    auto& slot = pick_lists_[static_cast<int>(type)][static_cast<int>(list)];
    if (!slot) slot = read_where<PickListEntry>(storage(), list_query(type, list));
    return *slot;
}

void Rules<PickListEntry>::check(RuleContext& context, PickListEntry& entry,
                                 const PickListEntry* previous) {
    check_text(entry);
    if (is_blank(entry.name)) invalid("'name' is required and cannot be blank");
    if (previous && previous->record_type != entry.record_type)
        invalid("'record_type' of a pick-list entry cannot be changed");
    if (previous && previous->list != entry.list)
        invalid("'list' of a pick-list entry cannot be changed");
    const RecordQuery scope = list_query(entry.record_type, entry.list);
    if (auto other = name_taken(context.storage(), entry.name, previous, scope))
        fail(ErrorCode::conflict, "'name': " + list_title(entry.record_type, entry.list) +
                                      " has '" + other->name + "' already");
}

void Rules<PickListEntry>::derive(RuleContext& context, PickListEntry& entry,
                                  const PickListEntry* previous) {
    if (!previous) {
        // At the end of its list.
        RecordQuery last = list_query(entry.record_type, entry.list);
        last.order_by = {"-position"};
        last.limit = 1;
        const auto found = read_where<PickListEntry>(context.storage(), last);
        entry.position = found.empty() ? 0 : found.front().position + 1;
        return;
    }
    // A rename: the records holding the entry follow, in this transaction.
    if (previous->name != entry.name)
        move_holders(context.book(), entry.record_type, entry.list, previous->name, entry.name);
}

void Rules<PickListEntry>::before_remove(LeadBook& book, const PickListEntry& entry) {
    if (auto n = count_holders(book.storage(), entry.record_type, entry.list, entry.name))
        invalid("'" + entry.name + "' of " + list_title(entry.record_type, entry.list) +
                " is held by " + std::to_string(n) +
                " records; name a replacement to move them to, or change them first");
}

void check_rating(RuleContext& context, RecordType type, const std::string& rating,
                  const std::string* previous_rating) {
    if (rating.empty()) return;
    // A rating stored before it left the list stays until it is changed.
    if (previous_rating && fold_case(*previous_rating) == fold_case(rating)) return;
    const auto& entries = context.pick_list(type, PickList::rating);
    if (!entry_named(entries, rating))
        invalid("'rating': '" + rating + "' is not in " + list_title(type, PickList::rating) +
                "; choose one of " + choices(entries));
}

void join_source_list(RuleContext& context, RecordType type, const std::string& source) {
    if (is_blank(source)) return;
    auto& entries = context.pick_list(type, PickList::source);
    if (entry_named(entries, source)) return;
    PickListEntry entry{.record_type = type, .list = PickList::source, .name = source};
    RuleContext own(context.book());
    RecordWriter<PickListEntry> writer(context.book(), own);
    writer.insert(std::span<PickListEntry>(&entry, 1),
                  RecordWriter<PickListEntry>::OnRefusal::throw_error);
    writer.finish();
    entries.push_back(std::move(entry));
}

std::vector<PickListEntry> read_pick_list(Storage& storage, RecordType type, PickList list) {
    return read_where<PickListEntry>(storage, list_query(type, list));
}

std::int64_t delete_pick_list_entry(LeadBook& book, Id id,
                                    const std::optional<std::string>& replacement) {
    return book.write_transaction([&] {
        auto entry = read<PickListEntry>(book.storage(), id);
        if (!entry) not_found<PickListEntry>(id);
        std::int64_t moved = 0;
        if (replacement) {
            std::string to = *replacement;
            if (!is_blank(to)) {
                const auto entries =
                    read_pick_list(book.storage(), entry->record_type, entry->list);
                const PickListEntry* target = entry_named(entries, to);
                if (!target)
                    invalid("replacement '" + to + "' is not in " +
                            list_title(entry->record_type, entry->list) + "; choose one of " +
                            choices(entries));
                if (target->id == entry->id)
                    invalid("replacement '" + to + "' is the entry being deleted");
                to = target->name;
            } else {
                to.clear();
            }
            moved = move_holders(book, entry->record_type, entry->list, entry->name, to);
        }
        remove_record(book, *entry);
        return moved;
    });
}

std::vector<PickListEntry> reorder_pick_list(LeadBook& book, RecordType type, PickList list,
                                             const std::vector<std::string>& names) {
    return book.write_transaction([&] {
        auto entries = read_pick_list(book.storage(), type, list);
        std::vector<const PickListEntry*> order;
        for (const auto& name : names) {
            const PickListEntry* e = entry_named(entries, name);
            if (!e)
                invalid("'" + name + "' is not in " + list_title(type, list) + "; it holds " +
                        choices(entries));
            if (std::find(order.begin(), order.end(), e) != order.end())
                invalid("'" + e->name + "' is named twice in the new order");
            order.push_back(e);
        }
        if (order.size() != entries.size()) {
            for (const auto& e : entries)
                if (std::find(order.begin(), order.end(), &e) == order.end())
                    invalid("the new order of " + list_title(type, list) + " leaves out '" +
                            e.name + "'; name every entry once");
        }
        RuleContext context(book);
        std::vector<PickListEntry> out;
        for (std::size_t i = 0; i < order.size(); ++i) {
            const PickListEntry& current = *order[i];
            PickListEntry updated = current;
            updated.position = std::int32_t(i);
            out.push_back(current.position == updated.position
                              ? current
                              : update_record(book, context, current, updated));
        }
        return out;
    });
}

void install_default_pick_lists_once(LeadBook& book) {
    if (book.storage().setting(pick_lists_installed_key)) return;
    book.write_transaction([&] {
        if (book.storage().setting(pick_lists_installed_key)) return;
        static constexpr const char* ratings[] = {"Hot", "Warm", "Cold"};
        static constexpr const char* sources[] = {
            "advertisement", "cold call",  "direct mail", "e-mail campaign", "partner", "referral",
            "seminar",       "trade show", "web site",    "word of mouth",   "other"};
        std::vector<PickListEntry> entries;
        for (RecordType type : {RecordType::lead, RecordType::business_contact}) {
            for (const char* name : ratings)
                entries.push_back({.record_type = type, .list = PickList::rating, .name = name});
            for (const char* name : sources)
                entries.push_back({.record_type = type, .list = PickList::source, .name = name});
        }
        book.pick_lists().add_many(entries);
        book.storage().set_setting(pick_lists_installed_key, "1");
    });
}

} // namespace leadbook::detail
