// The LeadBook facade: records in and out of storage, with the rules.
#include <leadbook/leadbook.hpp>
#include <leadbook/sqlite_storage.hpp>

#include "facade.hpp"
#include "query_builder.hpp"
#include "write_path.hpp"

#include <algorithm>
#include <array>

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
        fail(ErrorCode::validation, "field '" + std::string(name) +
                                        "' is computed from criteria and cannot be bulk edited");
    return field;
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

template <class T>
std::int64_t Collection<T>::bulk_edit(const Selection& selection, std::string_view field_name,
                                      const boost::json::value& value) {
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

// ---- LeadBook ---------------------------------------------------------------

LeadBook::WriteScope::WriteScope(LeadBook& book)
    : book_(&book), pending_at_start_(book.pending_changes_.size()) {
    book.storage_->begin(true);
    if (book.write_depth_++ == 0) book.possible_duplicates_.clear();
}

LeadBook::WriteScope::~WriteScope() {
    if (done_) return;
    book_->storage_->rollback();
    if (--book_->write_depth_ == 0) book_->possible_duplicates_.clear();
    // What this level noted did not happen.
    book_->pending_changes_.resize(std::min(book_->pending_changes_.size(), pending_at_start_));
}

void LeadBook::WriteScope::commit() {
    book_->storage_->commit();
    done_ = true;
    if (--book_->write_depth_ > 0) return;
    std::vector<ChangeGroup> changes;
    changes.swap(book_->pending_changes_);
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
        pending_changes_.push_back(ChangeGroup{std::string(collection), kind, {}});
    auto& group = pending_changes_.back().ids;
    group.insert(group.end(), ids.begin(), ids.end());
}

std::span<const TableDef* const> LeadBook::schema_tables() {
    static const std::array<const TableDef*, 12> tables = {
        &schema<SavedReport>().table,     &schema<User>().table,
        &schema<Account>().table,         &schema<Lead>().table,
        &schema<BusinessContact>().table, &schema<ScoringCriterion>().table,
        &schema<HistoryItem>().table,     &schema<Opportunity>().table,
        &schema<SalesStage>().table,      &schema<FieldDefinition>().table,
        &schema<MatchingRule>().table,    &schema<detail::MatchKey>().table};
    return tables;
}

LeadBook LeadBook::open(const std::string& path, const OpenOptions& options) {
    SqliteOptions sqlite_options;
    sqlite_options.busy_timeout_ms = options.busy_timeout_ms;
    sqlite_options.create = options.create;
    sqlite_options.read_only = options.read_only;
    sqlite_options.full_sync = options.full_sync;
    sqlite_options.vfs = options.vfs;
    return LeadBook(open_sqlite_storage(path, schema_tables(), sqlite_options), options);
}

LeadBook::LeadBook(std::unique_ptr<Storage> storage, const OpenOptions& options)
    : storage_(std::move(storage)) {
    if (!storage_) fail(ErrorCode::invalid_argument, "LeadBook needs a storage");
    set_acting_user(options.as_user);
    try {
        detail::install_default_criteria_once(*this);
        detail::install_default_stages_once(*this);
        detail::install_default_matching_rules_once(*this);
    } catch (const Error& e) {
        // A read-only book is read as it is.
        if (e.code() != ErrorCode::read_only) throw;
    }
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
        detail::carry_score_to_contact(lead, columns, values);
        detail::update_selection<BusinessContact>(*this, q, std::move(columns), std::move(values),
                                                  detail::stamp_now(*this, lead.modified_at), {});
        note_change(detail::RecordTraits<Lead>::collection, ChangeKind::deleted, {&lead_id, 1});
        note_change(detail::RecordTraits<BusinessContact>::collection, ChangeKind::added,
                    {&lead_id, 1});
        return contacts_.get(lead_id);
    });
}

} // namespace leadbook
