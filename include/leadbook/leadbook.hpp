// leadbook/leadbook.hpp: the LeadBook facade applications use.
//
//   auto book = leadbook::LeadBook::open("crm.db");            // or ":memory:"
//   auto ana  = book.users().add({.name = "Ana Silva", .email = "ana@example.com"});
//   leadbook::Lead jane;
//   jane.full_name = "Jane Doe";
//   jane.assigned_to = ana.id;
//   jane = book.leads().add(jane);                               // id, version, times set
//   jane = book.leads().update(jane.id, jane.version, {{"company", "Acme Corp"}});
//   for (auto& lead : book.leads().find({.where = {{"assigned_to", "eq", ana.id}}})) ...
//
// LeadBook applies the rules on top of any Storage: validation, timestamps,
// the acting user in modified_by, optimistic concurrency with `version` (an
// update that names a stale version throws ErrorCode::conflict and changes
// nothing), and one transaction per multi-record operation. Every failure is
// a leadbook::Error (error.hpp). A LeadBook is used by one thread at a time;
// threads and processes that share a database each open their own.
#pragma once

#include <leadbook/error.hpp>
#include <leadbook/json.hpp>
#include <leadbook/scoring.hpp>
#include <leadbook/storage.hpp>
#include <leadbook/types.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace leadbook {

#define LEADBOOK_VERSION_MAJOR 0
#define LEADBOOK_VERSION_MINOR 1
#define LEADBOOK_VERSION_PATCH 0

/// "0.1.0": the library's version (may differ from the headers' macros).
std::string_view library_version() noexcept;

/// Largest photo accepted, in bytes.
inline constexpr std::size_t max_photo_bytes = 5 * 1024 * 1024;

/// One condition of a find: `field op value`. Field names are JSON names
/// ("company", "score.stars"); ops are eq ne lt le gt ge contains
/// starts_with in is_empty. `value` is JSON, checked against the field's
/// type (an array for `in`, ignored for `is_empty`).
struct Filter {
    std::string field;
    std::string op = "eq";
    boost::json::value value;
};

struct RecordQuery {
    std::vector<Filter> where; ///< combined with AND
    /// Field names, "-" in front for descending: {"-modified_at", "full_name"}.
    std::vector<std::string> order_by;
    std::int64_t limit = -1; ///< -1: all
    std::int64_t offset = 0;
};

class LeadBook;

/// Records streamed from a find, read as they are consumed. Usable with
/// range-for. Valid while its LeadBook lives.
template <class T> class Cursor {
public:
    Cursor(LeadBook& book, std::unique_ptr<RowCursor> rows);
    Cursor(Cursor&&) noexcept = default;
    Cursor& operator=(Cursor&&) noexcept = default;
    ~Cursor();

    /// The next record, or nullopt at the end.
    std::optional<T> next();

    class iterator {
    public:
        using iterator_category = std::input_iterator_tag;
        using value_type = T;
        using difference_type = std::ptrdiff_t;
        using pointer = const T*;
        using reference = const T&;
        iterator() = default;
        explicit iterator(Cursor* cursor) : cursor_(cursor) { ++*this; }
        reference operator*() const { return *current_; }
        pointer operator->() const { return &*current_; }
        iterator& operator++() {
            current_ = cursor_->next();
            if (!current_) cursor_ = nullptr;
            return *this;
        }
        void operator++(int) { ++*this; }
        bool operator==(const iterator& other) const { return cursor_ == other.cursor_; }

    private:
        Cursor* cursor_ = nullptr;
        std::optional<T> current_;
    };
    iterator begin() { return iterator(this); }
    iterator end() { return iterator(); }

private:
    LeadBook* book_;
    std::unique_ptr<RowCursor> rows_;
};

/// The records of one type (leads, accounts, users): create, read, update,
/// delete, find. Obtained from LeadBook::leads() and friends.
template <class T> class Collection {
public:
    explicit Collection(LeadBook& book) : book_(&book) {}

    /// Validates and stores a new record; id, version (1), timestamps and
    /// modified_by are set by leadbook (their values in `record` are ignored).
    /// Returns the stored record.
    T add(const T& record);
    /// The same from a JSON object of fields. Unknown fields and the fields
    /// leadbook keeps (id, version, timestamps) are rejected by name.
    T add_json(const boost::json::value& fields);
    /// Adds many records in one transaction: all are stored or none.
    /// Returns their ids in order.
    std::vector<Id> add_many(std::span<const T> records);
    std::vector<Id> add_many_json(const boost::json::value& array);

    /// The record with `id`; ErrorCode::not_found if there is none.
    T get(Id id);
    std::optional<T> try_get(Id id);
    bool exists(Id id);

    /// Changes the fields named in `changes` of the record `id`, which must
    /// still be at `version` (else ErrorCode::conflict). Returns the stored
    /// record with its new version.
    T update(Id id, std::int64_t version, const boost::json::object& changes);
    /// Stores `record` over the record with its id; `record.version` must be
    /// the stored version.
    T replace(const T& record);
    /// Deletes the record; ErrorCode::not_found if there is none.
    void remove(Id id);

    Cursor<T> find(const RecordQuery& query = {});
    std::int64_t count(const RecordQuery& query = {});

private:
    LeadBook* book_;
};

/// Options of LeadBook::open.
struct OpenOptions {
    /// The user whose writes these are (recorded in modified_by), if any.
    std::optional<Id> as_user;
    int busy_timeout_ms = 10000;
    /// Create the file when it does not exist.
    bool create = true;
};

class LeadBook {
public:
    /// Opens or creates a SQLite database file (":memory:" for a private
    /// in-memory one). Errors: not_a_database, schema_too_new, storage, and
    /// not_found when the file is missing and options.create is false.
    static LeadBook open(const std::string& path, const OpenOptions& options = {});

    /// Wraps any storage backend that was opened with schema_tables().
    LeadBook(std::unique_ptr<Storage> storage, const OpenOptions& options = {});
    LeadBook(LeadBook&&) noexcept;
    LeadBook& operator=(LeadBook&&) noexcept;
    ~LeadBook();

    /// The table definitions of every record type, for opening a backend.
    static std::span<const TableDef* const> schema_tables();

    Collection<Lead>& leads() noexcept { return leads_; }
    Collection<Account>& accounts() noexcept { return accounts_; }
    Collection<User>& users() noexcept { return users_; }
    /// Scoring criteria of every record type. Adding, editing or deleting
    /// one rescores every automatic record of its type in the same
    /// transaction; deleting one also removes it from the records that met it.
    Collection<ScoringCriterion>& criteria() noexcept { return criteria_; }

    /// The criteria of one record type, in the order they were added.
    std::vector<ScoringCriterion> criteria_of(RecordType type);
    /// Which criteria a lead meets and what each adds or takes away.
    ScoreBreakdown score_breakdown(Id lead_id);
    /// Recomputes the score of every automatic record of `type` (normally
    /// done by criteria edits). Returns how many scores changed.
    std::int64_t rescore(RecordType type);

    /// Appends a dated line ("2026-11-27 09:30 UTC Ana Silva: called back")
    /// to a lead's notes. `version` as for update().
    Lead add_time_stamp(Id lead_id, std::int64_t version, std::string_view text = {});

    /// The acting user, recorded in modified_by; must be a known user.
    void set_acting_user(std::optional<Id> user);
    std::optional<Id> acting_user() const noexcept { return acting_user_; }

    Storage& storage() noexcept { return *storage_; }

    /// Runs `body` in one write transaction: committed if it returns,
    /// rolled back if it throws.
    template <class F> decltype(auto) write_transaction(F&& body);

private:
    std::unique_ptr<Storage> storage_;
    std::optional<Id> acting_user_;
    Collection<Lead> leads_{*this};
    Collection<Account> accounts_{*this};
    Collection<User> users_{*this};
    Collection<ScoringCriterion> criteria_{*this};
};

/// Commits on commit(), rolls back on destruction otherwise.
class Transaction {
public:
    Transaction(Storage& storage, bool write) : storage_(&storage) { storage.begin(write); }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction() {
        if (storage_) storage_->rollback();
    }
    void commit() {
        storage_->commit();
        storage_ = nullptr;
    }

private:
    Storage* storage_;
};

template <class F> decltype(auto) LeadBook::write_transaction(F&& body) {
    Transaction tx(*storage_, true);
    if constexpr (std::is_void_v<decltype(body())>) {
        body();
        tx.commit();
    } else {
        decltype(auto) result = body();
        tx.commit();
        return result;
    }
}

extern template class Collection<Lead>;
extern template class Collection<Account>;
extern template class Collection<User>;
extern template class Collection<ScoringCriterion>;
extern template class Cursor<Lead>;
extern template class Cursor<Account>;
extern template class Cursor<User>;
extern template class Cursor<ScoringCriterion>;

} // namespace leadbook
