// write_path.hpp: the one way records are written.
//
// New records: RecordWriter<T>::insert checks and derives each record with
// its type's rules (rules/rules.hpp), writes the ones that pass with a few
// batch statements, runs the after-write effects and notes the change for
// the listeners. add, add_many, CSV and vCard import and e-mail capture all
// end there; a load of many records also gets storage's bulk-load hints
// from it.
//
// Changes: update_record (one record, whole) and update_selection (some
// columns of many records) are the only places that move a record's
// version, modified time and modified-by. update, replace, bulk_edit,
// assign, conversion, time stamps and history edits use them.
//
// Removal: remove_record runs the type's before-remove and after-remove
// rules around the delete.
#pragma once

#include "facade.hpp"
#include "rules/duplicates.hpp"
#include "rules/rules.hpp"

#include <algorithm>

namespace leadbook::detail {

using facade::schema;
using facade::type_name;

/// A record of a batch that its rules refused: where it was and why.
struct Refusal {
    std::size_t index = 0;
    Error error;
};

/// When a write happened and whose it was.
struct Stamp {
    Timestamp at;
    std::optional<Id> by;
};

/// Now, by the acting user; never before `not_before` (so a record's
/// modified time does not go back when the clock does).
inline Stamp stamp_now(LeadBook& book, Timestamp not_before = {}) {
    return Stamp{std::max(Timestamp::now(), not_before), book.acting_user()};
}

/// Runs `body` in a write transaction as a load of records of type T: their
/// rows refer only to ids the load makes or the rules have checked, so
/// storage may skip its own reference checks (for SQLite, foreign-key
/// look-ups that were about 7% of an import's work). The storage hint is
/// given before the transaction begins and ends after it, whatever the
/// outcome; inside a transaction the caller opened it changes nothing.
template <class T, class F> decltype(auto) load_transaction(LeadBook& book, F&& body) {
    const auto bulk = book.storage().bulk_load(schema<T>().table, BulkLoadHint{});
    return book.write_transaction(std::forward<F>(body));
}

/// Whether T's rules change anything after a write (NoRules' default is a
/// template, which cannot be named without its arguments).
template <class T> inline constexpr bool has_after_write = requires { &Rules<T>::after_write; };
/// Whether T's rules change other records when one of T changes, and need
/// what it was (a renamed field definition).
template <class T> inline constexpr bool has_after_update = requires { &Rules<T>::after_update; };

/// Writes new records of type T inside the caller's write transaction.
/// One writer serves one load (an add_many, an import): it keeps the
/// look-ups of the rules and decides on bulk-load hints across batches.
/// Call finish() before the transaction commits.
template <class T> class RecordWriter {
public:
    RecordWriter(LeadBook& book, RuleContext& context) : book_(book), context_(context) {}

    /// How insert answers a record its rules refuse.
    enum class OnRefusal {
        throw_error,         ///< throw the rule's error as it is (one record)
        throw_with_position, ///< "record 3: ... (nothing was added)"
        collect,             ///< append to `refused` and write the others
    };

    /// Checks and derives each record, then writes those that pass and
    /// sets their id, version (1), timestamps and modified-by.
    void insert(std::span<T> records, OnRefusal on_refusal,
                std::vector<Refusal>* refused = nullptr) {
        on_refusal_ = on_refusal;
        const Stamp now = stamp_now(book_);
        if constexpr (checked_alone<T>) {
            // Check them all, then write them with a few batch statements.
            // No savepoint around the write (it would copy every page the
            // batch changes into a journal first): storage refusing checked
            // rows means a failing database, and the error undoes them all.
            // Each is compared with the stored records and the ones before
            // it (matching rules); their keys are stored with them.
            DuplicateCheck duplicates(context_, RecordTraits<T>::kind);
            std::vector<std::size_t> accepted;
            accepted.reserve(records.size());
            for (std::size_t i = 0; i < records.size(); ++i)
                if (prepare(records, i, now, refused, &duplicates)) accepted.push_back(i);
            write(records, accepted);
            for (std::size_t i : accepted) duplicates.written(i, records[i].id, false);
            duplicates.report(records.size() > 1);
        } else {
            // Their rules look at records written before them (names that
            // must be unique): each is checked and written in turn.
            for (std::size_t i = 0; i < records.size(); ++i) {
                if (!prepare(records, i, now, refused, nullptr)) continue;
                const std::size_t one[] = {i};
                write(records, one);
            }
        }
    }

    /// Ends the load: indexes storage stopped keeping are rebuilt.
    void finish() {
        if (!deferred_) return;
        deferred_->finish();
        deferred_.reset();
    }

private:
    /// Below this many new records, index updates per row cost less than
    /// rebuilding an index at the end.
    static constexpr std::int64_t defer_indexes_after = 4096;

    bool prepare(std::span<T> records, std::size_t i, const Stamp& now,
                 std::vector<Refusal>* refused, DuplicateCheck* duplicates) {
        T& record = records[i];
        try {
            Rules<T>::check(context_, record, nullptr);
            Rules<T>::derive(context_, record, nullptr);
            if constexpr (checked_alone<T>)
                if (duplicates) duplicates->check(record, 0, i);
        } catch (const Error& e) {
            // Only what is wrong with the record refuses it; a failing
            // database (I/O, busy, damage) fails the whole write.
            const bool about_the_record = e.code() == ErrorCode::validation ||
                                          e.code() == ErrorCode::not_found ||
                                          e.code() == ErrorCode::conflict;
            if (on_refusal_ == OnRefusal::collect && refused && about_the_record) {
                refused->push_back(Refusal{i, e});
                return false;
            }
            if (on_refusal_ == OnRefusal::collect) throw;
            if (on_refusal_ == OnRefusal::throw_error) throw;
            throw Error(e.code(),
                        "record " + std::to_string(i) + ": " + e.what() + " (nothing was added)");
        }
        record.created_at = record.modified_at = now.at;
        record.modified_by = now.by;
        record.version = 1;
        return true;
    }

    void write(std::span<T> records, std::span<const std::size_t> accepted) {
        if (accepted.empty()) return;
        defer_indexes_when_worthwhile(std::int64_t(accepted.size()));
        Storage& storage = book_.storage();
        const auto& s = schema<T>();
        std::vector<Row> rows;
        rows.reserve(accepted.size());
        for (std::size_t i : accepted) rows.push_back(s.to_row(records[i]));
        const std::vector<std::int64_t> ids = storage.insert_many(s.table, rows);
        if (ids.size() != accepted.size())
            fail(ErrorCode::internal, "storage returned too few ids");
        for (std::size_t k = 0; k < accepted.size(); ++k) records[accepted[k]].id = ids[k];
        std::vector<std::vector<Row>> lists(accepted.size());
        for (const auto& b : s.children) {
            for (std::size_t k = 0; k < accepted.size(); ++k)
                lists[k] = b.convert.to_rows(records[accepted[k]]);
            storage.insert_children_many(b.table, ids, lists);
        }
        book_.note_change(RecordTraits<T>::collection, ChangeKind::added, ids);
        if constexpr (has_after_write<T>) {
            std::vector<T> written;
            written.reserve(accepted.size());
            for (std::size_t i : accepted) written.push_back(records[i]);
            Rules<T>::after_write(book_, std::span<const T>(written));
        }
        written_ += std::int64_t(accepted.size());
    }

    /// A load that at least doubles the table is cheaper with its indexes
    /// rebuilt once at the end than updated row by row: decided before
    /// each batch is written, with that batch counted.
    void defer_indexes_when_worthwhile(std::int64_t coming) {
        const std::int64_t loaded = written_ + coming;
        if (deferred_ || loaded < defer_indexes_after) return;
        if (stored_before_ < 0)
            stored_before_ = book_.storage().count(schema<T>().table, Query{}) - written_;
        if (loaded < stored_before_) return;
        deferred_ =
            book_.storage().bulk_load(schema<T>().table, BulkLoadHint{.outgrows_table = true});
    }

    LeadBook& book_;
    RuleContext& context_;
    OnRefusal on_refusal_ = OnRefusal::throw_error;
    std::int64_t written_ = 0;
    std::int64_t stored_before_ = -1;
    std::unique_ptr<BulkLoad> deferred_; ///< storage's bulk load, once worthwhile
};

template <class T>
T write_checked_update(LeadBook& book, const T& current, T updated,
                       DuplicateCheck* duplicates = nullptr, bool after_write = true);

/// Stores `updated` over `current` (the stored record): checks, derives,
/// moves the version, modified time and modified-by, writes the row and
/// the lists that changed, notes the change and runs the after-write rules.
/// ErrorCode::conflict when the stored version moved meanwhile.
template <class T>
T update_record(LeadBook& book, RuleContext& context, const T& current, T updated) {
    Rules<T>::check(context, updated, &current);
    Rules<T>::derive(context, updated, &current);
    // The matching rules look at the record as it will be stored.
    std::optional<DuplicateCheck> duplicates;
    if constexpr (checked_alone<T>) {
        duplicates.emplace(context, RecordTraits<T>::kind);
        duplicates->check(updated, current.id, 0);
    }
    return write_checked_update(book, current, std::move(updated),
                                duplicates ? &*duplicates : nullptr);
}

/// The write half of update_record, for `updated` that its rules have
/// checked and derived already (a bulk edit checks every record before it
/// writes any). `duplicates`, when given, has checked `updated` against the
/// matching rules and learns its keys once it is written. Without
/// `after_write` the caller runs the after-write rules itself, once for
/// several records (update_records).
template <class T>
T write_checked_update(LeadBook& book, const T& current, T updated, DuplicateCheck* duplicates,
                       bool after_write) {
    Storage& storage = book.storage();
    const Stamp now = stamp_now(book, current.modified_at);
    updated.id = current.id;
    updated.created_at = current.created_at;
    updated.modified_at = now.at;
    updated.modified_by = now.by;
    updated.version = current.version + 1;
    const auto& s = schema<T>();
    switch (storage.update(s.table, current.id, s.to_row(updated), current.version)) {
    case UpdateResult::updated: break;
    case UpdateResult::not_found: facade::not_found<T>(current.id);
    case UpdateResult::stale_version:
        fail(ErrorCode::conflict, type_name<T>() + " " + std::to_string(current.id) +
                                      " was changed by someone else; reload it and try again");
    }
    for (const auto& b : s.children) {
        auto before = b.convert.to_rows(current);
        auto after = b.convert.to_rows(updated);
        if (before != after) storage.replace_children(b.table, current.id, after);
    }
    if (duplicates) {
        duplicates->written(0, current.id, true);
        duplicates->report(false);
    }
    book.note_change(RecordTraits<T>::collection, ChangeKind::updated, {&updated.id, 1});
    if (after_write) Rules<T>::after_write(book, std::span<const T>(&updated, 1));
    if constexpr (has_after_update<T>) Rules<T>::after_update(book, current, updated);
    return updated;
}

/// Stores each `changes[i].second` over `changes[i].first` (the stored
/// record) as update_record does, but runs the after-write rules once for
/// them all: several criteria edited together are one rescoring. Every
/// record is checked and derived before any is written.
template <class T>
std::vector<T> update_records(LeadBook& book, RuleContext& context,
                              std::vector<std::pair<T, T>> changes) {
    static_assert(!checked_alone<T>, "leads and contacts go through the matching rules");
    for (auto& [current, updated] : changes) {
        Rules<T>::check(context, updated, &current);
        Rules<T>::derive(context, updated, &current);
    }
    std::vector<T> written;
    written.reserve(changes.size());
    for (auto& [current, updated] : changes)
        written.push_back(write_checked_update(book, current, std::move(updated), nullptr, false));
    if (!written.empty()) Rules<T>::after_write(book, std::span<const T>(written));
    return written;
}

/// Sets `columns` (indexes into T's table) to `values` in every row of T
/// that `query` selects, with the modified time and modified-by of `now`
/// and a new version each: the update path for many records at once
/// (bulk edit, links that went, conversion). The caller has checked the
/// records. `changed` are their ids, noted as updated for the listeners.
/// Returns how many rows changed.
template <class T>
std::int64_t update_selection(LeadBook& book, const Query& query, std::vector<int> columns,
                              Row values, const Stamp& now, std::span<const Id> changed) {
    const auto& table = schema<T>().table;
    columns.push_back(table.column_index("modified_at"));
    columns.push_back(table.column_index("modified_by"));
    values.push_back(Value(now.at.millis));
    values.push_back(now.by ? Value(*now.by) : Value());
    const auto n = book.storage().update_where(table, query, columns, values, true);
    book.note_change(RecordTraits<T>::collection, ChangeKind::updated, changed);
    return n;
}

/// Deletes `record` (as stored) with what its rules take along.
template <class T> void remove_record(LeadBook& book, const T& record) {
    Rules<T>::before_remove(book, record);
    if constexpr (checked_alone<T>) remove_match_keys(book.storage(), record.id);
    if (!book.storage().remove(schema<T>().table, record.id)) facade::not_found<T>(record.id);
    Rules<T>::after_remove(book, record);
    book.note_change(RecordTraits<T>::collection, ChangeKind::deleted, {&record.id, 1});
}

} // namespace leadbook::detail
