// The LeadBook facade: records in and out of storage, with the rules.
#include <leadbook/leadbook.hpp>
#include <leadbook/postgres_storage.hpp>
#include <leadbook/sqlite_storage.hpp>

#include "facade.hpp"
#include "query_builder.hpp"
#include "write_path.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <utility>

namespace leadbook {

using namespace detail::facade;

std::string_view library_version() noexcept { return LEADBOOK_VERSION_STRING; }

// ---- Cursor -----------------------------------------------------------------

template <class T>
Cursor<T>::Cursor(LeadBook& book, std::unique_ptr<RowCursor> rows)
    : book_(&book), rows_(std::move(rows)) {}

template <class T> Cursor<T>::~Cursor() = default;

template <class T> std::optional<T> Cursor<T>::next() {
    if (!rows_) return std::nullopt;
    ReadRow row;
    if (!rows_->next(row)) {
        rows_.reset(); // done: release the statements at once
        return std::nullopt;
    }
    return detail::facade::load<T>(row);
}

// ---- Collection -------------------------------------------------------------

template <class T> T Collection<T>::add(const T& record) {
    return book_->write_transaction([&] {
        detail::RuleContext context(*book_);
        detail::RecordWriter<T> writer(*book_, context);
        T stored = record;
        writer.insert(std::span<T>(&stored, 1), detail::RecordWriter<T>::OnRefusal::throw_error);
        writer.finish();
        return stored;
    });
}

template <class T> T Collection<T>::add_json(const boost::json::value& fields) {
    const auto& object = as_object(fields, "a new " + type_name<T>());
    reject_system_fields(object);
    return add(from_json<T>(fields));
}

template <class T> std::vector<Id> Collection<T>::add_many(std::span<const T> records) {
    auto write = [&] {
        detail::RuleContext context(*book_);
        detail::RecordWriter<T> writer(*book_, context);
        std::vector<T> batch(records.begin(), records.end());
        writer.insert(std::span<T>(batch), detail::RecordWriter<T>::OnRefusal::throw_with_position);
        writer.finish();
        std::vector<Id> ids;
        ids.reserve(batch.size());
        for (const T& stored : batch) ids.push_back(stored.id);
        return ids;
    };
    // Leads and contacts are written under ids the batch makes, like an
    // import; other records link to records the rules have checked.
    if constexpr (detail::checked_alone<T>) return detail::load_transaction<T>(*book_, write);
    return book_->write_transaction(write);
}

template <class T> std::vector<Id> Collection<T>::add_many_json(const boost::json::value& array) {
    const auto* a = array.if_array();
    if (!a) fail(ErrorCode::validation, "add_many needs a JSON array of records");
    std::vector<T> records;
    records.reserve(a->size());
    for (std::size_t i = 0; i < a->size(); ++i) {
        try {
            reject_system_fields(as_object((*a)[i], "each record"));
            records.push_back(from_json<T>((*a)[i]));
        } catch (const Error& e) {
            throw Error(e.code(),
                        "record " + std::to_string(i) + ": " + e.what() + " (nothing was added)");
        }
    }
    return add_many(records);
}

template <class T> std::optional<T> Collection<T>::try_get(Id id) {
    // One statement reads the row and its lists: one snapshot.
    return detail::facade::read<T>(book_->storage(), id);
}

template <class T> T Collection<T>::get(Id id) {
    auto record = try_get(id);
    if (!record) not_found<T>(id);
    return std::move(*record);
}

template <class T> bool Collection<T>::exists(Id id) {
    return book_->storage().exists(schema<T>().table, id);
}

template <class T>
T Collection<T>::update(Id id, std::int64_t version, const boost::json::object& changes) {
    reject_system_fields(changes);
    return book_->write_transaction([&] {
        T current = current_at_version<T>(book_->storage(), id, version);
        T updated = current;
        assign_json(updated, boost::json::value(changes));
        detail::RuleContext context(*book_);
        return detail::update_record(*book_, context, current, std::move(updated));
    });
}

template <class T> T Collection<T>::update_latest(Id id, const boost::json::object& changes) {
    // BEGIN IMMEDIATE: the version read here is still the latest at the write.
    return book_->write_transaction([&] { return update(id, get(id).version, changes); });
}

template <class T> T Collection<T>::replace(const T& record) {
    return book_->write_transaction([&] {
        T current = current_at_version<T>(book_->storage(), record.id, record.version);
        detail::RuleContext context(*book_);
        return detail::update_record(*book_, context, current, record);
    });
}

template <class T> void Collection<T>::remove(Id id) {
    book_->write_transaction([&] {
        auto record = detail::facade::read<T>(book_->storage(), id);
        if (!record) not_found<T>(id);
        detail::remove_record(*book_, *record);
    });
}

namespace {

/// The fields bulk_edit may set: scalar, not kept or computed by leadbook.
template <class T> const detail::FieldInfo& editable_field(std::string_view name) {
    const auto& s = schema<T>();
    if (s.is_list(name))
        fail(ErrorCode::validation,
             "field '" + std::string(name) + "' is a list field and cannot be bulk edited");
    const auto& field = detail::query_field(s.fields, s.lists, name);
    const std::string top(name.substr(0, name.find('.')));
    if (detail::is_system_field(top))
        fail(ErrorCode::validation,
             "field '" + std::string(name) + "' is kept by leadbook and cannot be bulk edited");
    if (top == "score")
        fail(ErrorCode::validation,
             "field '" + std::string(name) +
                 "' is computed from criteria and cannot be bulk edited (score.stars and "
                 "score.mode can)");
    return field;
}

/// A bulk edit that changes each record in its own way: the score (manual
/// stars, or automatic again, computed per record), one user-defined field
/// (a child row), one criterion met more or less.
template <class T> using RecordEdit = std::function<void(T&)>;

/// The score of a lead or contact as a bulk edit sets it: "score.stars" N
/// (manual with N stars; null: automatic), "score.mode", or "score" (an
/// object, as in an update).
boost::json::value score_patch(std::string_view field, const boost::json::value& value) {
    boost::json::object score;
    if (field == "score") {
        if (!value.is_object())
            fail(ErrorCode::validation, "'score' must be an object such as "
                                        "{\"mode\": \"manual\", \"stars\": 4}");
        score = value.as_object();
    } else if (field == "score.stars") {
        if (value.is_null()) {
            score["mode"] = "automatic";
        } else {
            score["mode"] = "manual";
            score["stars"] = value;
        }
    } else {
        score["mode"] = value.is_null() ? boost::json::value("automatic") : value;
    }
    return boost::json::object{{"score", std::move(score)}};
}

/// {"add": ID} or {"remove": ID}: the criterion a bulk edit of criteria_met
/// adds to or removes from every selected record.
std::pair<bool, Id> criterion_change(const boost::json::value& value) {
    const auto* o = value.if_object();
    if (o && o->size() == 1 && (o->contains("add") || o->contains("remove"))) {
        const bool add = o->contains("add");
        std::int64_t id = 0;
        read_json(add ? o->at("add") : o->at("remove"), id,
                  add ? "criteria_met.add" : "criteria_met.remove");
        return {add, id};
    }
    fail(ErrorCode::validation, "a bulk edit of 'criteria_met' takes {\"add\": CRITERION_ID} or "
                                "{\"remove\": CRITERION_ID}");
}

/// Whether a bulk edit of `field` changes each record in its own way
/// (record_edit) rather than setting one column.
template <class T> bool edits_each_record(std::string_view field) {
    if constexpr (requires(T t) { t.score; })
        if (field == "score" || field == "score.stars" || field == "score.mode" ||
            field == "criteria_met")
            return true;
    if constexpr (detail::HasCustomFields<T>)
        if (field.starts_with("custom.")) return true;
    return false;
}

/// The change a bulk edit of `field` (edits_each_record) makes to each record.
template <class T>
RecordEdit<T> record_edit(detail::RuleContext& context, std::string_view field,
                          const boost::json::value& value) {
    if constexpr (requires(T t) { t.score; }) {
        if (field == "score" || field == "score.stars" || field == "score.mode") {
            const boost::json::value patch = score_patch(field, value);
            T probe{}; // the value's type, checked before any record is read
            assign_json(probe, patch);
            return [patch](T& record) { assign_json(record, patch); };
        }
        if (field == "criteria_met") {
            const auto [add, criterion] = criterion_change(value);
            return [add = add, criterion = criterion](T& record) {
                auto& met = record.criteria_met;
                const auto at = std::find(met.begin(), met.end(), criterion);
                if (add && at == met.end()) met.push_back(criterion);
                if (!add && at != met.end()) met.erase(at);
            };
        }
    }
    if constexpr (detail::HasCustomFields<T>) {
        if (field.starts_with("custom.")) {
            std::string name(field.substr(7));
            if (detail::is_blank(name))
                fail(ErrorCode::validation, "'custom.': a user-defined field needs a name");
            if (value.is_null()) return [name](T& record) { record.custom.erase(name); };
            const CustomValue v =
                detail::custom_value_for(context, detail::field_owner<T>(), name, value);
            return [name, v](T& record) { record.custom.insert_or_assign(name, v); };
        }
    }
    fail(ErrorCode::internal, "no bulk edit of each record for '" + std::string(field) + "'");
}

/// Whether `a` and `b` would be stored the same: every column and list.
template <class T> bool stored_alike(const T& a, const T& b) {
    const auto& s = schema<T>();
    if (s.to_row(a) != s.to_row(b)) return false;
    for (const auto& binding : s.children)
        if (binding.convert.to_rows(a) != binding.convert.to_rows(b)) return false;
    return true;
}

/// The selection as storage queries: one for a filter, one per chunk of
/// ids (SQLite limits the parameters of one statement).
template <class T>
std::vector<Query> selection_queries(Storage& storage, const Selection& selection) {
    std::vector<Query> out;
    if (selection.filter) {
        RecordQuery where;
        where.where = selection.filter->where;
        out.push_back(detail::build_query(schema<T>(), where));
        return out;
    }
    std::vector<Id> ids = selection.ids;
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    constexpr std::size_t chunk = 5000;
    for (std::size_t at = 0; at < ids.size(); at += chunk) {
        Query q;
        Condition c;
        c.column = "id";
        c.op = CompareOp::in;
        for (std::size_t i = at; i < std::min(ids.size(), at + chunk); ++i)
            c.values.emplace_back(ids[i]);
        const auto wanted = std::int64_t(c.values.size());
        q.where.push_back(std::move(c));
        if (storage.count(schema<T>().table, q) != wanted) {
            // Name the first id that is missing.
            for (std::size_t i = at; i < std::min(ids.size(), at + chunk); ++i)
                if (!storage.exists(schema<T>().table, ids[i])) not_found<T>(ids[i]);
        }
        out.push_back(std::move(q));
    }
    return out;
}

} // namespace

namespace {

/// Writes `columns` = `values` into the records `changed` (pairs of the
/// stored and the checked record), with a new version, modified time and
/// modified-by, one statement per chunk of ids.
template <class T>
std::int64_t write_uniform(LeadBook& book, const std::vector<std::pair<T, T>>& changed,
                           const std::vector<int>& columns, const Row& values) {
    const detail::Stamp now = detail::stamp_now(book);
    std::vector<Id> ids;
    ids.reserve(changed.size());
    for (const auto& entry : changed) ids.push_back(entry.first.id);
    const auto queries = selection_queries<T>(book.storage(), Selection::of(ids));
    std::int64_t written = 0;
    for (std::size_t i = 0; i < queries.size(); ++i)
        written +=
            detail::update_selection<T>(book, queries[i], columns, values, now,
                                        i == 0 ? std::span<const Id>(ids) : std::span<const Id>());
    if (written != std::int64_t(changed.size()))
        fail(ErrorCode::internal,
             "bulk edit changed a different number of records than it checked");
    return written;
}

/// A bulk edit whose change differs per record (record_edit): every
/// selected record is read whole, changed, checked and derived as a single
/// edit would be, and only then are those that changed written, each with a
/// new version. When they all changed the same columns to the same values
/// and no list (manual stars), one statement per chunk of ids writes them,
/// as a bulk edit of one field does; otherwise each goes through the one
/// update path.
template <class T>
std::int64_t bulk_edit_records(LeadBook& book, detail::RuleContext& context,
                               const Selection& selection, const RecordEdit<T>& edit) {
    Storage& storage = book.storage();
    const auto& s = schema<T>();
    std::vector<std::pair<T, T>> changed;
    bool lists_changed = false;
    for (const Query& q : selection_queries<T>(storage, selection)) {
        auto rows = detail::facade::read_records<T>(storage, q);
        ReadRow row;
        while (rows->next(row)) {
            T current = detail::facade::load<T>(row);
            T updated = current;
            try {
                edit(updated);
                detail::Rules<T>::check(context, updated, &current);
                detail::Rules<T>::derive(context, updated, &current);
            } catch (const Error& e) {
                throw Error(e.code(), type_name<T>() + " " + std::to_string(row.id) + ": " +
                                          e.what() + " (nothing was changed)");
            }
            bool lists_differ = false;
            for (const auto& binding : s.children)
                if (binding.convert.to_rows(current) != binding.convert.to_rows(updated))
                    lists_differ = true;
            if (!lists_differ && s.to_row(current) == s.to_row(updated)) continue;
            lists_changed = lists_changed || lists_differ;
            changed.emplace_back(std::move(current), std::move(updated));
        }
    }
    if (changed.empty()) return 0;
    if (!lists_changed && !detail::has_after_write<T>) {
        // The columns that changed anywhere, and whether each holds one value.
        std::vector<bool> column_changed(s.table.columns.size(), false);
        for (const auto& [current, updated] : changed) {
            const Row before = s.to_row(current);
            const Row after = s.to_row(updated);
            for (std::size_t c = 0; c < after.size(); ++c)
                if (before[c] != after[c]) column_changed[c] = true;
        }
        const Row first = s.to_row(changed.front().second);
        std::vector<int> columns;
        Row values;
        for (std::size_t c = 0; c < column_changed.size(); ++c)
            if (column_changed[c]) {
                columns.push_back(int(c));
                values.push_back(first[c]);
            }
        bool uniform = true;
        for (const auto& entry : changed) {
            const Row after = s.to_row(entry.second);
            for (std::size_t k = 0; uniform && k < columns.size(); ++k)
                uniform = after[std::size_t(columns[k])] == values[k];
            if (!uniform) break;
        }
        if (uniform) return write_uniform<T>(book, changed, columns, values);
    }
    for (auto& [current, updated] : changed)
        detail::write_checked_update(book, current, std::move(updated));
    return std::int64_t(changed.size());
}

} // namespace

template <class T>
std::int64_t Collection<T>::bulk_edit(const Selection& selection, std::string_view field_name,
                                      const boost::json::value& value) {
    if (edits_each_record<T>(field_name))
        return book_->write_transaction([&] {
            detail::RuleContext context(*book_);
            const auto n = bulk_edit_records<T>(*book_, context, selection,
                                                record_edit<T>(context, field_name, value));
            detail::Rules<T>::after_bulk_edit(*book_, field_name);
            return n;
        });
    const auto& s = schema<T>();
    const detail::FieldInfo& field = editable_field<T>(field_name);
    // null clears: the value a new record has.
    boost::json::value new_value = value;
    if (value.is_null()) new_value = to_json(T{}).as_object().at(field.name);
    const Value stored_value = field.to_value(new_value, field.name); // type check, even for none
    boost::json::object patch;
    patch[field.name] = new_value;
    const std::vector<int> columns = {s.table.column_index(field.column)};
    std::vector<int> all_columns(s.table.columns.size());
    for (std::size_t i = 0; i < all_columns.size(); ++i) all_columns[i] = int(i);

    return book_->write_transaction([&] {
        Storage& storage = book_->storage();
        detail::RuleContext context(*book_);
        const detail::Stamp now = detail::stamp_now(*book_);
        // A new source joins its list before the records are read: nothing
        // is written while a read of them is open (PostgreSQL refuses it).
        if constexpr (detail::checked_alone<T>)
            if (field.name == "source" && new_value.is_string())
                detail::join_source_list(context,
                                         std::is_same_v<T, Lead> ? RecordType::lead
                                                                 : RecordType::business_contact,
                                         std::string(new_value.as_string()));
        std::int64_t changed = 0;
        for (Query q : selection_queries<T>(storage, selection)) {
            Condition differs;
            differs.column = field.column;
            differs.op = CompareOp::ne;
            differs.value = stored_value;
            differs.exact = true;
            q.where.push_back(differs);
            // Every record gets the checks of a single edit before any is written.
            auto scan = storage.read(s.table, q, ReadShape::of(all_columns));
            ReadRow row;
            std::vector<Id> ids;
            // Whether blocking keys (matching rules) move with the field.
            bool moves_keys = false;
            if constexpr (detail::checked_alone<T>)
                moves_keys = context.matcher().uses_field(field.name);
            while (scan->next(row)) {
                T current{};
                s.from_row(row.id, row.values, current);
                T updated = current;
                try {
                    assign_json(updated, boost::json::value(patch));
                    detail::Rules<T>::check(context, updated, &current);
                    detail::Rules<T>::derive(context, updated, &current);
                } catch (const Error& e) {
                    throw Error(e.code(), type_name<T>() + " " + std::to_string(row.id) + ": " +
                                              e.what() + " (nothing was changed)");
                }
                ids.push_back(row.id);
            }
            scan.reset();
            const auto n =
                detail::update_selection<T>(*book_, q, columns, Row{stored_value}, now, ids);
            if (moves_keys) detail::refresh_match_keys(context, ids);
            if (n != std::int64_t(ids.size()))
                fail(ErrorCode::internal,
                     "bulk edit changed a different number of records than it checked");
            changed += n;
        }
        detail::Rules<T>::after_bulk_edit(*book_, field.name);
        return changed;
    });
}

template <class T>
std::int64_t Collection<T>::assign(const Selection& selection, std::optional<Id> user) {
    if constexpr (requires(T t) { t.assigned_to; }) {
        return bulk_edit(selection, "assigned_to",
                         user ? boost::json::value(*user) : boost::json::value(nullptr));
    } else {
        fail(ErrorCode::validation, type_name<T>() + " records cannot be assigned");
    }
}

template <class T> Cursor<T> Collection<T>::find(const RecordQuery& query) {
    return Cursor<T>(*book_, detail::facade::read_records<T>(
                                 book_->storage(), detail::build_query(schema<T>(), query)));
}

template <class T> std::int64_t Collection<T>::count(const RecordQuery& query) {
    return book_->storage().count(schema<T>().table, detail::build_query(schema<T>(), query));
}

template class Collection<Lead>;
template class Collection<Account>;
template class Collection<User>;
template class Collection<ScoringCriterion>;
template class Collection<BusinessContact>;
template class Collection<HistoryItem>;
template class Collection<Opportunity>;
template class Collection<SalesStage>;
template class Collection<FieldDefinition>;
template class Collection<SavedReport>;
template class Collection<MatchingRule>;
template class Collection<DisqualifyReason>;
template class Collection<PickListEntry>;
template class Cursor<Lead>;
template class Cursor<Account>;
template class Cursor<User>;
template class Cursor<ScoringCriterion>;
template class Cursor<BusinessContact>;
template class Cursor<HistoryItem>;
template class Cursor<Opportunity>;
template class Cursor<SalesStage>;
template class Cursor<FieldDefinition>;
template class Cursor<SavedReport>;
template class Cursor<MatchingRule>;
template class Cursor<DisqualifyReason>;
template class Cursor<PickListEntry>;

// ---- LeadBook ---------------------------------------------------------------

LeadBook::WriteScope::WriteScope(LeadBook& book)
    : book_(&book), pending_at_start_(book.pending_changes_.size()),
      grades_at_start_(book.pending_grades_.size()) {
    book.storage_->begin(true);
    if (book.write_depth_++ == 0) book.possible_duplicates_.clear();
}

LeadBook::WriteScope::~WriteScope() {
    if (done_) return;
    book_->storage_->rollback();
    if (--book_->write_depth_ == 0) book_->possible_duplicates_.clear();
    // What this level noted did not happen.
    book_->pending_changes_.resize(std::min(book_->pending_changes_.size(), pending_at_start_));
    book_->pending_grades_.resize(std::min(book_->pending_grades_.size(), grades_at_start_));
}

void LeadBook::WriteScope::commit() {
    book_->storage_->commit();
    done_ = true;
    if (--book_->write_depth_ > 0) return;
    std::vector<ChangeGroup> changes;
    changes.swap(book_->pending_changes_);
    // Grade changes come last, one `graded` group per collection.
    std::vector<std::pair<std::string, GradeChange>> grades;
    grades.swap(book_->pending_grades_);
    for (auto& [collection, change] : grades) {
        auto group = std::find_if(changes.begin(), changes.end(), [&](const ChangeGroup& g) {
            return g.kind == ChangeKind::graded && g.collection == collection;
        });
        if (group == changes.end())
            group =
                changes.insert(changes.end(), ChangeGroup{collection, ChangeKind::graded, {}, {}});
        group->ids.push_back(change.id);
        group->grades.push_back(std::move(change));
    }
    if (changes.empty()) return;
    // A copy: a listener may add or remove listeners.
    std::vector<ChangeListener> listeners;
    for (const auto& entry : book_->listeners_) listeners.push_back(entry.second);
    for (const auto& listener : listeners) {
        try {
            listener(changes);
        } catch (...) {
            // Committed already; a listener's failure cannot undo it.
        }
    }
}

std::uint64_t LeadBook::add_change_listener(ChangeListener listener) {
    if (!listener) fail(ErrorCode::invalid_argument, "a change listener must be callable");
    listeners_.emplace(next_listener_, std::move(listener));
    return next_listener_++;
}

bool LeadBook::remove_change_listener(std::uint64_t token) { return listeners_.erase(token) > 0; }

void LeadBook::note_change(std::string_view collection, ChangeKind kind, std::span<const Id> ids) {
    if (ids.empty() || write_depth_ == 0) return;
    // Grouping keeps a single-record and a bulk change equally small to report.
    if (pending_changes_.empty() || pending_changes_.back().collection != collection ||
        pending_changes_.back().kind != kind)
        pending_changes_.push_back(ChangeGroup{std::string(collection), kind, {}, {}});
    auto& group = pending_changes_.back().ids;
    group.insert(group.end(), ids.begin(), ids.end());
}

void LeadBook::note_grade_change(std::string_view collection, Id id, std::string from,
                                 std::string to) {
    if (write_depth_ == 0 || from == to) return;
    pending_grades_.emplace_back(std::string(collection),
                                 GradeChange{id, std::move(from), std::move(to)});
}

std::span<const TableDef* const> LeadBook::schema_tables() {
    static const std::array<const TableDef*, 14> tables = {
        &schema<SavedReport>().table,      &schema<User>().table,
        &schema<Account>().table,          &schema<Lead>().table,
        &schema<BusinessContact>().table,  &schema<ScoringCriterion>().table,
        &schema<HistoryItem>().table,      &schema<Opportunity>().table,
        &schema<SalesStage>().table,       &schema<FieldDefinition>().table,
        &schema<MatchingRule>().table,     &schema<detail::MatchKey>().table,
        &schema<DisqualifyReason>().table, &schema<PickListEntry>().table};
    return tables;
}

namespace {

/// The scheme of `location` when it is a URI ("mysql" of "mysql://x"), else "".
std::string uri_scheme(const std::string& location) {
    const auto colon = location.find("://");
    if (colon == std::string::npos || colon == 0) return {};
    for (std::size_t i = 0; i < colon; ++i) {
        const char c = location[i];
        const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        const bool other = (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
        if (!letter && !(i > 0 && other)) return {};
    }
    return location.substr(0, colon);
}

} // namespace

std::unique_ptr<Storage> detail::open_storage(const std::string& path, const OpenOptions& options) {
    if (is_postgres_uri(path)) {
        PostgresOptions postgres_options;
        postgres_options.lock_timeout_ms = options.busy_timeout_ms;
        postgres_options.create = options.create;
        postgres_options.read_only = options.read_only;
        return open_postgres_storage(path, LeadBook::schema_tables(), postgres_options);
    }
    if (const std::string scheme = uri_scheme(path); !scheme.empty())
        fail(ErrorCode::validation, "cannot open '" + scheme +
                                        "://...': leadbook opens a file path, or a PostgreSQL "
                                        "database by a postgresql:// or postgres:// URI");
    SqliteOptions sqlite_options;
    sqlite_options.busy_timeout_ms = options.busy_timeout_ms;
    sqlite_options.create = options.create;
    sqlite_options.read_only = options.read_only;
    sqlite_options.full_sync = options.full_sync;
    sqlite_options.vfs = options.vfs;
    return open_sqlite_storage(path, LeadBook::schema_tables(), sqlite_options);
}

LeadBook LeadBook::open(const std::string& path, const OpenOptions& options) {
    return LeadBook(detail::open_storage(path, options), options);
}

LeadBook::LeadBook(std::unique_ptr<Storage> storage, const OpenOptions& options)
    : storage_(std::move(storage)) {
    if (!storage_) fail(ErrorCode::invalid_argument, "LeadBook needs a storage");
    set_acting_user(options.as_user);
    try {
        detail::install_default_criteria_once(*this);
        detail::compute_grades_once(*this);
        detail::install_default_stages_once(*this);
        detail::install_default_matching_rules_once(*this);
        detail::install_default_disqualify_reasons_once(*this);
        detail::install_default_pick_lists_once(*this);
    } catch (const Error& e) {
        // A read-only book is read as it is.
        if (e.code() != ErrorCode::read_only) throw;
    }
}

std::vector<PickListEntry> LeadBook::pick_list(RecordType type, PickList list) {
    return detail::read_pick_list(*storage_, type, list);
}

std::vector<PickListEntry> LeadBook::reorder_pick_list(RecordType type, PickList list,
                                                       const std::vector<std::string>& names) {
    return detail::reorder_pick_list(*this, type, list, names);
}

std::int64_t LeadBook::delete_pick_list_entry(Id id,
                                              const std::optional<std::string>& replacement) {
    return detail::delete_pick_list_entry(*this, id, replacement);
}

CheckReport LeadBook::check() {
    CheckReport report;
    report.problems = storage_->check_integrity();
    report.ok = report.problems.empty();
    return report;
}

LeadBook::LeadBook(LeadBook&& other) noexcept
    : storage_(std::move(other.storage_)), acting_user_(other.acting_user_),
      listeners_(std::move(other.listeners_)), next_listener_(other.next_listener_) {}

LeadBook& LeadBook::operator=(LeadBook&& other) noexcept {
    storage_ = std::move(other.storage_);
    acting_user_ = other.acting_user_;
    listeners_ = std::move(other.listeners_);
    next_listener_ = other.next_listener_;
    pending_changes_.clear();
    pending_grades_.clear();
    write_depth_ = 0;
    return *this; // the collections keep pointing at *this
}

LeadBook::~LeadBook() = default;

void LeadBook::set_acting_user(std::optional<Id> user) {
    if (user && !users_.exists(*user))
        fail(ErrorCode::not_found, "user " + std::to_string(*user) + " does not exist");
    acting_user_ = user;
}

Lead LeadBook::add_time_stamp(Id lead_id, std::int64_t version, std::string_view text) {
    return write_transaction([&] {
        Lead current = current_at_version<Lead>(*storage_, lead_id, version);
        Lead updated = current;
        std::string line = Timestamp::now().to_string().substr(0, 16);
        line[10] = ' ';
        line += " UTC";
        if (acting_user_)
            if (auto user = users_.try_get(*acting_user_)) line += " " + user->name;
        if (!text.empty()) {
            line += ": ";
            line += text;
        }
        if (!updated.notes.empty() && updated.notes.back() != '\n') updated.notes += '\n';
        updated.notes += line;
        detail::RuleContext context(*this);
        return detail::update_record(*this, context, current, std::move(updated));
    });
}

BusinessContact LeadBook::convert_lead(Id lead_id, std::int64_t version) {
    return write_transaction([&] {
        Storage& storage = *storage_;
        const auto& leads = schema<Lead>();
        const auto& contacts = schema<BusinessContact>();
        auto lead_row = detail::facade::read<Lead>(storage, lead_id);
        if (!lead_row) {
            if (storage.exists(contacts.table, lead_id))
                fail(ErrorCode::validation, "record " + std::to_string(lead_id) +
                                                " is a business contact already, not a lead");
            fail(ErrorCode::not_found, "lead " + std::to_string(lead_id) + " does not exist");
        }
        const Lead& lead = *lead_row;
        if (lead.status == LeadStatus::disqualified)
            fail(ErrorCode::validation, "lead " + std::to_string(lead_id) + " is disqualified ('" +
                                            lead.status_reason +
                                            "'); reopen it before converting it");
        if (lead.version != version)
            fail(ErrorCode::conflict, "lead " + std::to_string(lead_id) +
                                          " was changed by someone else (it is at version " +
                                          std::to_string(lead.version) +
                                          ", the conversion was for version " +
                                          std::to_string(version) + "); reload it and try again");
        // The same row becomes a contact: nothing is copied, so nothing linked
        // to the id (history, opportunities, lists) can be lost, and the
        // cost does not depend on how much history the lead has.
        storage.change_kind(leads.table, contacts.table, lead_id);
        Query q;
        q.where.push_back(Condition{"id", CompareOp::eq, Value(lead_id), {}});
        std::vector<int> columns;
        Row values;
        detail::carry_score_to_contact(*this, lead, columns, values);
        columns.push_back(contacts.table.column_index("status"));
        values.push_back(Value(std::string(enum_name(LeadStatus::qualified))));
        detail::update_selection<BusinessContact>(*this, q, std::move(columns), std::move(values),
                                                  detail::stamp_now(*this, lead.modified_at), {});
        // The lead's source joins the contacts' source list; its rating
        // stays as it is until it is changed.
        detail::RuleContext context(*this);
        detail::join_source_list(context, RecordType::business_contact, lead.source);
        note_change(detail::RecordTraits<Lead>::collection, ChangeKind::deleted, {&lead_id, 1});
        note_change(detail::RecordTraits<BusinessContact>::collection, ChangeKind::added,
                    {&lead_id, 1});
        return contacts_.get(lead_id);
    });
}

namespace {

/// The stored lead `lead_id` at `version`, for a status operation named
/// `what` ("disqualify").
Lead lead_for_status(Storage& storage, Id lead_id, std::int64_t version, const char* what) {
    if (!detail::facade::read<Lead>(storage, lead_id) &&
        storage.exists(schema<BusinessContact>().table, lead_id))
        fail(ErrorCode::validation, "record " + std::to_string(lead_id) +
                                        " is a business contact (qualified), not a lead; only "
                                        "a lead can be " +
                                        what);
    return current_at_version<Lead>(storage, lead_id, version);
}

} // namespace

Lead LeadBook::disqualify_lead(Id lead_id, std::int64_t version, std::string_view reason) {
    return write_transaction([&] {
        Lead current = lead_for_status(*storage_, lead_id, version, "disqualified");
        Lead updated = current;
        updated.status = LeadStatus::disqualified;
        updated.status_reason = std::string(reason);
        detail::RuleContext context(*this);
        context.status_change = true;
        // Disqualifying for the reason it has already is no change.
        if (current.status == LeadStatus::disqualified) {
            Lead probe = updated;
            detail::check_lead_status(context, probe, nullptr);
            if (probe.status_reason == current.status_reason) return current;
        }
        Lead stored = detail::update_record(*this, context, current, std::move(updated));
        HistoryItem note;
        note.kind = HistoryKind::business_note;
        note.subject = "Disqualified: " + stored.status_reason;
        if (current.status == LeadStatus::disqualified)
            note.subject += " (was: " + current.status_reason + ")";
        note.links = {lead_id};
        note.occurred_at = stored.modified_at;
        history_.add(note);
        return stored;
    });
}

Lead LeadBook::reopen_lead(Id lead_id, std::int64_t version) {
    return write_transaction([&] {
        Lead current = lead_for_status(*storage_, lead_id, version, "reopened");
        if (current.status != LeadStatus::disqualified)
            fail(ErrorCode::validation, "lead " + std::to_string(lead_id) +
                                            " is open already; only a disqualified lead can "
                                            "be reopened");
        Lead updated = current;
        updated.status = LeadStatus::open;
        updated.status_reason.clear();
        detail::RuleContext context(*this);
        context.status_change = true;
        Lead stored = detail::update_record(*this, context, current, std::move(updated));
        HistoryItem note;
        note.kind = HistoryKind::business_note;
        note.subject = "Reopened (was: " + current.status_reason + ")";
        note.links = {lead_id};
        note.occurred_at = stored.modified_at;
        history_.add(note);
        return stored;
    });
}

} // namespace leadbook
