// leadbook/leadbook.hpp: the LeadBook facade applications use.
//
//   auto book = leadbook::LeadBook::open("crm.db");            // or ":memory:"
//   auto ana  = book.users().add({.name = "Ana Silva", .email = "ana@example.com"});
//   leadbook::Lead jane;
//   jane.full_name = "Jane Doe";
//   jane.assigned_to = ana.id;
//   jane = book.leads().add(jane);                               // id, version, times set
//   jane = book.leads().update(jane.id, jane.version, {{"company", "Acme Corp"}});
//   using leadbook::FilterOp;                                    // queries: leadbook/query.hpp
//   for (auto& lead : book.leads().find({.where = {{"assigned_to", FilterOp::eq, ana.id}}})) ...
//
// LeadBook applies the rules on top of any Storage: validation, timestamps,
// the acting user in modified_by, optimistic concurrency with `version` (an
// update that names a stale version throws ErrorCode::conflict and changes
// nothing), and one transaction per multi-record operation. Every failure is
// a leadbook::Error (error.hpp). A LeadBook is used by one thread at a time;
// threads and processes that share a database each open their own.
#pragma once

#include <leadbook/activities.hpp>
#include <leadbook/duplicates.hpp>
#include <leadbook/error.hpp>
#include <leadbook/json.hpp>
#include <leadbook/limits.hpp>
#include <leadbook/pick_lists.hpp>
#include <leadbook/query.hpp>
#include <leadbook/scoring.hpp>
#include <leadbook/storage.hpp>
#include <leadbook/types.hpp>
#include <leadbook/version.h>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace leadbook {

/// The library's version, "major.minor.patch" (it may differ from the
/// headers' LEADBOOK_VERSION_STRING when the program was built against
/// other headers).
std::string_view library_version() noexcept;

/// Largest photo accepted, in bytes.
inline constexpr std::size_t max_photo_bytes = 5 * 1024 * 1024;

/// `graded`: the records whose score's grade changed (ChangeGroup::grades
/// says from which grade to which), besides their `updated` group.
enum class ChangeKind { added, updated, deleted, graded };
BOOST_DESCRIBE_ENUM(ChangeKind, added, updated, deleted, graded)

/// A record whose grade changed: `from` the old grade `to` the new one.
struct GradeChange {
    Id id = 0;
    std::string from;
    std::string to;
    bool operator==(const GradeChange&) const = default;
};
BOOST_DESCRIBE_STRUCT(GradeChange, (), (id, from, to))

/// Records of one collection ("leads", "contacts", "accounts", "users",
/// "criteria", "history", "opportunities", "stages", "fields", "reports",
/// "matching_rules", "disqualify_reasons")
/// "matching_rules", "pick_lists")
/// that changed the same way in one transaction.
struct ChangeGroup {
    std::string collection;
    ChangeKind kind = ChangeKind::updated;
    std::vector<Id> ids;
    /// For kind `graded` only: each record's old and new grade, in `ids` order.
    std::vector<GradeChange> grades = {};
};
BOOST_DESCRIBE_STRUCT(ChangeGroup, (), (collection, kind, ids, grades))

/// Told after each committed write transaction of a LeadBook what it
/// changed, once per transaction (a bulk edit of 50,000 leads is one call).
/// Called on the thread that committed; must not throw (what it throws is
/// ignored: the transaction has committed already).
using ChangeListener = std::function<void(const std::vector<ChangeGroup>& changes)>;

class LeadBook;

/// Records streamed from a find, read as they are consumed, each with its
/// lists. Usable with range-for. Valid while its LeadBook lives.
///
/// A cursor reads one view of the book: outside a transaction, the book as
/// it was when find() was called, whatever is written meanwhile through
/// this LeadBook or by other processes (no record twice, none skipped
/// because it changed; edit each record as you go if you like). Inside a
/// Transaction it reads the transaction's view, and writing through the
/// book while it is still open fails at once with ErrorCode::conflict:
/// read it to its end (or let it go) first. (An in-memory book keeps the
/// view outside a transaction by reading the whole result at once.)
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
    /// Changes the fields named in `changes` of the record `id` as it is
    /// now, whatever its version (last writer wins). The read and the write
    /// are one write transaction, which holds the database's write lock, so
    /// no other write comes in between and there is no ErrorCode::conflict.
    /// For changes that do not depend on what the record held (deactivate a
    /// user, set stars by hand); a change worked out from a record read
    /// earlier belongs in update(), whose version check keeps it from
    /// undoing someone else's edit.
    T update_latest(Id id, const boost::json::object& changes);
    /// Stores `record` over the record with its id; `record.version` must be
    /// the stored version.
    T replace(const T& record);
    /// Deletes the record; ErrorCode::not_found if there is none.
    void remove(Id id);

    Cursor<T> find(const RecordQuery& query = {});
    std::int64_t count(const RecordQuery& query = {});

    /// Sets one field to `value` (null clears it: empty text, no user, ...)
    /// on every selected record, in one transaction, with the validation a
    /// single edit gets: if any record fails, nothing changes. The field is
    /// named as in JSON; list fields (emails, ...) and the fields leadbook
    /// computes or keeps (score, id, version, timestamps) are refused by
    /// name. Records that already have the value are left alone; the others
    /// get a new version and modified time. Returns how many changed.
    /// Explicit ids that do not exist are ErrorCode::not_found.
    std::int64_t bulk_edit(const Selection& selection, std::string_view field,
                           const boost::json::value& value);
    /// Gives the selected records to `user` (nullopt: to nobody), like
    /// bulk_edit of assigned_to. The user must exist and be active.
    std::int64_t assign(const Selection& selection, std::optional<Id> user);

private:
    LeadBook* book_;
};

/// Options of LeadBook::open. In JSON (leadbook_open's options) the keys
/// are the member names.
struct OpenOptions {
    /// The user whose writes these are (recorded in modified_by), if any.
    std::optional<Id> as_user;
    /// How long a write waits for another connection's (SQLite's busy
    /// timeout; PostgreSQL's lock_timeout on the write lock), in ms.
    int busy_timeout_ms = 10000;
    /// Create the file when it does not exist (PostgreSQL: create the
    /// tables in an empty database).
    bool create = true;
    /// Open read-only: writes fail with ErrorCode::read_only. A file that
    /// cannot be written is opened read-only without being asked
    /// (SqliteOptions::read_only says what root sees).
    bool read_only = false;
    /// Sync every commit to disk before it returns (SQLite synchronous =
    /// FULL): no committed write is lost to a power cut, at the cost of a
    /// sync per commit. Off: synchronous = NORMAL (docs/storage.md).
    bool full_sync = false;
    /// The name of a registered SQLite VFS to open the file with ("" for the
    /// default); tests use it to inject faults.
    std::string vfs;
};
BOOST_DESCRIBE_STRUCT(OpenOptions, (),
                      (as_user, busy_timeout_ms, create, read_only, full_sync, vfs))

BOOST_DESCRIBE_STRUCT(IntegrityProblem, (), (kind, message))

/// What LeadBook::check found: `ok` when nothing is wrong, else every
/// problem (see IntegrityProblem for the kinds).
struct CheckReport {
    bool ok = true;
    std::vector<IntegrityProblem> problems;
};
BOOST_DESCRIBE_STRUCT(CheckReport, (), (ok, problems))

class LeadBook {
public:
    /// Opens or creates a SQLite database file (":memory:" for a private
    /// in-memory one; "" is ErrorCode::validation). Errors: not_a_database,
    /// schema_too_new, corrupt (objects leadbook did not create, tables
    /// that do not match the schema version), read_only (a read-only file
    /// that needs creating or upgrading), storage, and not_found when the
    /// file is missing and options.create is false. A file that cannot be
    /// written opens read-only; see open_sqlite_storage
    /// (leadbook/sqlite_storage.hpp) for what opening does.
    ///
    /// A `postgresql://` or `postgres://` URI opens a PostgreSQL database
    /// instead (open_postgres_storage, leadbook/postgres_storage.hpp; libpq
    /// reads the URI, PGHOST, PGPASSWORD, `.pgpass` and service files);
    /// full_sync and vfs do not apply there. A URI of any other scheme
    /// ("mysql://...") is ErrorCode::validation.
    static LeadBook open(const std::string& path, const OpenOptions& options = {});

    /// Wraps any storage backend that was opened with schema_tables().
    LeadBook(std::unique_ptr<Storage> storage, const OpenOptions& options = {});
    LeadBook(LeadBook&&) noexcept;
    LeadBook& operator=(LeadBook&&) noexcept;
    ~LeadBook();

    /// The table definitions of every record type, for opening a backend.
    static std::span<const TableDef* const> schema_tables();

    Collection<Lead>& leads() noexcept { return leads_; }
    /// Business contacts: converted leads and contacts added directly.
    Collection<BusinessContact>& contacts() noexcept { return contacts_; }
    /// Communication history. Find a record's history with the filter
    /// {"links", FilterOp::has, record_id}, newest first with order_by
    /// {"-occurred_at"}.
    Collection<HistoryItem>& history() noexcept { return history_; }
    Collection<Opportunity>& opportunities() noexcept { return opportunities_; }
    /// The editable list of sales stages and their probabilities.
    Collection<SalesStage>& stages() noexcept { return stages_; }
    /// Definitions of user-defined fields, per record type.
    Collection<FieldDefinition>& fields() noexcept { return fields_; }
    /// Report definitions saved by name (see leadbook/reports.hpp to run them).
    Collection<SavedReport>& saved_reports() noexcept { return saved_reports_; }
    Collection<Account>& accounts() noexcept { return accounts_; }
    Collection<User>& users() noexcept { return users_; }
    /// Scoring criteria of every record type. Adding, editing or deleting
    /// one rescores every automatic record of its type in the same
    /// transaction; deleting one also removes it from the records that met it.
    Collection<ScoringCriterion>& criteria() noexcept { return criteria_; }
    /// The rules that say when two leads or business contacts are the same
    /// (leadbook/duplicates.hpp). Adding or changing one computes its keys
    /// for every stored record in the same transaction.
    Collection<MatchingRule>& matching_rules() noexcept { return matching_rules_; }
    /// The editable list of reasons a lead is disqualified for (a new book
    /// has "no budget", "lost to a competitor", "no response", "duplicate"
    /// and "not a fit"; what a user deletes does not come back).
    Collection<DisqualifyReason>& disqualify_reasons() noexcept { return disqualify_reasons_; }

    /// Disqualifies lead `lead_id` (at `version`, else ErrorCode::conflict)
    /// for `reason`, a name of disqualify_reasons() in any case (stored as
    /// the list spells it); another reason, or none, is
    /// ErrorCode::validation naming the choices. A disqualified lead may be
    /// disqualified again for another reason. In the same transaction a
    /// business note linked to the lead records the change ("Disqualified:
    /// no budget"). Not a lead: ErrorCode::validation; missing:
    /// ErrorCode::not_found. Nothing changes when it fails.
    Lead disqualify_lead(Id lead_id, std::int64_t version, std::string_view reason);
    /// Opens disqualified lead `lead_id` again (its reason is cleared), with
    /// a business note "Reopened (was: no budget)". An open lead is
    /// ErrorCode::validation; `version` and the rest as disqualify_lead.
    Lead reopen_lead(Id lead_id, std::int64_t version);
    /// The entries of every pick list (leadbook/pick_lists.hpp): adding one
    /// puts it at the end of its list; renaming one renames it on every
    /// record that holds it, in the same transaction; removing one that
    /// records hold is refused (delete_pick_list_entry can name a
    /// replacement).
    Collection<PickListEntry>& pick_lists() noexcept { return pick_lists_; }

    /// The entries of one pick list of `type`, in list order.
    std::vector<PickListEntry> pick_list(RecordType type, PickList list);
    /// Puts the entries of one pick list in the order of `names` (each
    /// entry once, any case). Names missing from `names`, unknown or given
    /// twice are ErrorCode::validation, and nothing changes. Returns the
    /// list in its new order.
    std::vector<PickListEntry> reorder_pick_list(RecordType type, PickList list,
                                                 const std::vector<std::string>& names);
    /// Deletes pick-list entry `id` (ErrorCode::not_found if there is
    /// none). The records of its type that hold it get `replacement`,
    /// another entry of the same list (any case; "" clears the field), each
    /// with a new version, in the same transaction. Without a replacement an
    /// entry in use is refused (ErrorCode::validation, saying how many
    /// records hold it) and nothing changes; a replacement that is not in
    /// the list, or the entry itself, is ErrorCode::validation. Returns how
    /// many records were moved.
    std::int64_t
    delete_pick_list_entry(Id id, const std::optional<std::string>& replacement = std::nullopt);

    /// What the active matching rules find the same as the stored lead or
    /// business contact `record_id` (not itself), rule by rule, best score
    /// first. ErrorCode::not_found for any other id.
    std::vector<DuplicateMatch> find_duplicates(Id record_id);
    /// The same for a record that need not be stored (its id, when set, is
    /// left out of the answer).
    std::vector<DuplicateMatch> find_duplicates(const Lead& record);
    /// Every group of stored records the active rules find the same, found
    /// through their blocking keys (records sharing a key are compared),
    /// never by comparing every pair: memory grows with the records that
    /// have duplicates, not with pairs. Per rule, in order of lowest id.
    std::vector<DuplicateGroup> duplicate_groups();
    /// What the warn rules found in this handle's last write transaction
    /// (an add, add_many, update, import...): the records it stored may
    /// duplicate these. Empty when it found nothing or rolled back.
    const std::vector<DuplicateMatch>& possible_duplicates() const noexcept {
        return possible_duplicates_;
    }
    /// Adds to possible_duplicates() (leadbook's own writes do this).
    void note_possible_duplicates(std::span<const DuplicateMatch> matches);

    /// Merges the leads or business contacts `others` into `survivor`, in
    /// one write transaction (one change event): empty fields of the
    /// survivor are filled from the others in order, unless `choose` names
    /// the record a field comes from ({"company": 12}); e-mail addresses,
    /// phones, web pages, addresses, custom fields and (between records of
    /// one type) criteria met are united without repeats; history links and
    /// opportunities move to the survivor; the others are deleted; the
    /// survivor's score is computed again. A lead can be merged into a
    /// business contact and the other way round. Every record must be at
    /// the version given (ErrorCode::conflict otherwise); naming the
    /// survivor among the others, a record twice, or no other is
    /// ErrorCode::validation. Nothing changes when it fails.
    MergeResult merge(const MergeRecord& survivor, const std::vector<MergeRecord>& others,
                      const std::map<std::string, Id>& choose = {});

    /// The criteria of one record type, in the order they were added.
    std::vector<ScoringCriterion> criteria_of(RecordType type);
    /// Which criteria a lead or business contact meets and what each adds
    /// or takes away (a converted contact's lead criteria are listed with
    /// `counts` false). ErrorCode::not_found for any other id.
    ScoreBreakdown score_breakdown(Id record_id);
    /// Recomputes the score of every automatic record of `type` (normally
    /// done by criteria edits). Returns how many scores changed.
    std::int64_t rescore(RecordType type);

    /// The grade bands of `type` (default_grade_bands() until edited), in
    /// the order they were set.
    std::vector<GradeBand> grade_bands(RecordType type);
    /// Replaces the grade bands of `type` (check_grade_bands: overlapping
    /// bands or a gap are ErrorCode::validation and change nothing) and
    /// grades every record of that type again, in one write transaction.
    /// Returns how many grades changed (each a `graded` change event).
    std::int64_t set_grade_bands(RecordType type, std::span<const GradeBand> bands);

    /// Turns lead `lead_id` (at `version`, else ErrorCode::conflict) into a
    /// business contact with the same id: history, photo, custom fields,
    /// score, criteria, opportunities and account link all stay. Not a lead:
    /// ErrorCode::validation; missing: ErrorCode::not_found. A lead scored
    /// automatically from criteria it meets keeps its stars as a manual
    /// score: lead criteria count nothing among a contact's, so recomputing
    /// would drop them; switching back to automatic scores the contact by
    /// business contact criteria.
    ///
    /// The contact is qualified (LeadStatus::qualified) and a business note
    /// linked to it records the conversion. A disqualified lead is
    /// ErrorCode::validation: reopen it first.
    BusinessContact convert_lead(Id lead_id, std::int64_t version);

    /// Unlinks history item `item_id` from record `record_id`. A business
    /// note or phone log left linked to nothing is deleted (nullopt is
    /// returned); other kinds stay. ErrorCode::not_found if the item does
    /// not exist or is not linked to that record.
    std::optional<HistoryItem> unlink_history(Id item_id, Id record_id);

    /// Appends a dated line ("2026-11-27 09:30 UTC Ana Silva: called back")
    /// to a lead's notes. `version` as for update().
    Lead add_time_stamp(Id lead_id, std::int64_t version, std::string_view text = {});

    /// The acting user, recorded in modified_by; must be a known user.
    void set_acting_user(std::optional<Id> user);

    /// Checks the whole database without changing it: SQLite's
    /// integrity_check (damaged pages, indexes that disagree with their
    /// table) and foreign_key_check, values of the wrong type, objects
    /// leadbook did not create. Reads every page: slow on a big database.
    /// Problems found are reported, not thrown; a database so damaged that
    /// it cannot be read at all throws ErrorCode::corrupt.
    CheckReport check();
    std::optional<Id> acting_user() const noexcept { return acting_user_; }

    Storage& storage() noexcept { return *storage_; }

    /// Registers a listener for this handle's committed changes; returns a
    /// token for remove_change_listener. Changes other processes make are
    /// not reported.
    std::uint64_t add_change_listener(ChangeListener listener);
    /// False if no listener has that token.
    bool remove_change_listener(std::uint64_t token);
    /// Records a change of the current write transaction for the listeners
    /// (leadbook's own operations do this themselves).
    void note_change(std::string_view collection, ChangeKind kind, std::span<const Id> ids);
    /// Records that the grade of record `id` of `collection` changed; the
    /// listeners hear of it in that collection's `graded` group.
    void note_grade_change(std::string_view collection, Id id, std::string from, std::string to);

    /// Runs `body` in one write transaction: committed if it returns,
    /// rolled back if it throws. Transactions nest (inner ones are
    /// savepoints); listeners hear of the changes when the outermost commits.
    template <class F> decltype(auto) write_transaction(F&& body);

private:
    /// One level of write_transaction.
    class WriteScope {
    public:
        explicit WriteScope(LeadBook& book);
        WriteScope(const WriteScope&) = delete;
        WriteScope& operator=(const WriteScope&) = delete;
        ~WriteScope();
        void commit();

    private:
        LeadBook* book_;
        std::size_t pending_at_start_;
        std::size_t grades_at_start_;
        bool done_ = false;
    };

    std::unique_ptr<Storage> storage_;
    std::optional<Id> acting_user_;
    int write_depth_ = 0;
    std::vector<ChangeGroup> pending_changes_;
    std::vector<std::pair<std::string, GradeChange>> pending_grades_; ///< collection, change
    std::map<std::uint64_t, ChangeListener> listeners_;
    std::uint64_t next_listener_ = 1;
    std::vector<DuplicateMatch> possible_duplicates_;
    Collection<Lead> leads_{*this};
    Collection<Account> accounts_{*this};
    Collection<User> users_{*this};
    Collection<ScoringCriterion> criteria_{*this};
    Collection<BusinessContact> contacts_{*this};
    Collection<HistoryItem> history_{*this};
    Collection<Opportunity> opportunities_{*this};
    Collection<SalesStage> stages_{*this};
    Collection<FieldDefinition> fields_{*this};
    Collection<SavedReport> saved_reports_{*this};
    Collection<MatchingRule> matching_rules_{*this};
    Collection<DisqualifyReason> disqualify_reasons_{*this};
    Collection<PickListEntry> pick_lists_{*this};
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
    WriteScope scope(*this);
    if constexpr (std::is_void_v<decltype(body())>) {
        body();
        scope.commit();
    } else {
        decltype(auto) result = body();
        scope.commit();
        return result;
    }
}

extern template class Collection<Lead>;
extern template class Collection<Account>;
extern template class Collection<User>;
extern template class Collection<ScoringCriterion>;
extern template class Collection<BusinessContact>;
extern template class Collection<HistoryItem>;
extern template class Collection<Opportunity>;
extern template class Collection<SalesStage>;
extern template class Collection<FieldDefinition>;
extern template class Collection<SavedReport>;
extern template class Collection<MatchingRule>;
extern template class Collection<DisqualifyReason>;
extern template class Collection<PickListEntry>;
extern template class Cursor<Lead>;
extern template class Cursor<Account>;
extern template class Cursor<User>;
extern template class Cursor<ScoringCriterion>;
extern template class Cursor<BusinessContact>;
extern template class Cursor<HistoryItem>;
extern template class Cursor<Opportunity>;
extern template class Cursor<SalesStage>;
extern template class Cursor<FieldDefinition>;
extern template class Cursor<SavedReport>;
extern template class Cursor<MatchingRule>;
extern template class Cursor<DisqualifyReason>;
extern template class Cursor<PickListEntry>;

} // namespace leadbook
