// leads_bench: leadbook's lead operations next to raw SQLite doing the same work.
//
// Every measurement "<operation>/leadbook" has a baseline "<operation>/raw_sqlite"
// in the same run: hand-written sqlite3 code that reads or writes the same rows
// of the same schema (the file is created by LeadBook::open, so the DDL is
// leadbook's own) with the same connection flags, PRAGMAs and transactions.
// After the table, the program prints leadbook's time over the baseline's for
// each pair (docs/architecture.md, "Performance and benchmarks").
//
//   build/bench/benchmarks/leads_bench                         # everything
//   build/bench/benchmarks/leads_bench --benchmark_filter=get_by_id  # one pair
//   ... --benchmark_repetitions=3   # ratios then use the medians
//
// Before measuring, each baseline is checked against leadbook: the rows it
// writes are compared column by column with the rows leadbook writes, and the
// records it reads are compared (as JSON) with what leadbook returns. A
// baseline that does not do leadbook's work reports an error instead of a time.
//
// Scratch files live in a temporary directory that is removed at exit.
#include "bench_support.hpp"

#include <leadbook/leadbook.hpp>
#include <leadbook/scoring.hpp>

#include <benchmark/benchmark.h>
#include <boost/json/serialize.hpp>
#include <sqlite3.h>

#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <iomanip>
#include <map>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

using leadbook::Id;
using leadbook::Lead;
using leadbook::LeadBook;

constexpr std::size_t lead_count = 100'000;
constexpr int company_count = 17;
/// The filter of the find and count benchmarks: about 1/17 of the leads.
constexpr const char* filtered_company = "Company 7";

// ---- sample data -------------------------------------------------------------

Lead make_lead(std::size_t i) {
    static constexpr const char* job_titles[] = {"Buyer", "Purchasing Manager", "CTO",
                                                 "Office Manager", "Head of Sales"};
    static constexpr const char* sources[] = {"web", "trade show", "referral", "cold call"};
    static constexpr const char* ratings[] = {"hot", "warm", "cold"};
    static constexpr const char* cities[] = {"Lisbon", "Porto", "Madrid", "Lyon",
                                             "Leeds",  "Turin", "Ghent"};
    const std::string n = std::to_string(i);
    const std::string company = std::to_string(i % company_count);
    Lead lead;
    lead.full_name = "Lead " + n;
    lead.job_title = job_titles[i % 5];
    lead.company = "Company " + company;
    lead.emails = {{.label = "work", .address = "lead" + n + "@company" + company + ".example.com"},
                   {.label = "home", .address = "lead" + n + "@mail.example.org"}};
    lead.phones = {{.label = "business", .number = "+351 21 " + std::to_string(1000000 + i)},
                   {.label = "mobile", .number = "+351 91 " + std::to_string(2000000 + i)}};
    lead.addresses = {{.label = "business",
                       .street = std::to_string(1 + i % 900) + " Main Street",
                       .city = cities[i % 7],
                       .state = "",
                       .postal_code = std::to_string(10000 + i % 90000),
                       .country = "Portugal",
                       .mailing = true}};
    lead.source = sources[i % 4];
    lead.rating = ratings[i % 3];
    return lead;
}

const std::vector<Lead>& sample_leads() {
    static const std::vector<Lead> leads = [] {
        std::vector<Lead> out;
        out.reserve(lead_count);
        for (std::size_t i = 0; i < lead_count; ++i) out.push_back(make_lead(i));
        return out;
    }();
    return leads;
}

// ---- scratch files -----------------------------------------------------------

/// A temporary directory for this process, removed (with its files) at exit.
class ScratchDirectory {
public:
    ScratchDirectory()
        : path_(std::filesystem::temp_directory_path() /
                ("leadbook-bench-" + std::to_string(::getpid()))) {
        std::filesystem::create_directories(path_);
    }
    ~ScratchDirectory() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    ScratchDirectory(const ScratchDirectory&) = delete;
    ScratchDirectory& operator=(const ScratchDirectory&) = delete;

    std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

ScratchDirectory& scratch() {
    static ScratchDirectory directory;
    return directory;
}

void remove_database(const std::string& path) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        std::filesystem::remove(path + suffix);
}

/// A new file with leadbook's schema, closed again.
void create_empty_database(const std::string& path) {
    remove_database(path);
    LeadBook::open(path);
}

// ---- raw SQLite --------------------------------------------------------------

void check(sqlite3* db, int rc, std::string_view context) {
    if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE) return;
    throw std::runtime_error("SQLite: " + std::string(sqlite3_errmsg(db)) + " [" +
                             std::string(context) + "]");
}

/// One connection, opened the way leadbook opens its own (src/storage/sqlite):
/// the same open flags, busy timeout and PRAGMAs.
class Connection {
public:
    explicit Connection(const std::string& path) {
        int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                                 nullptr);
        if (rc != SQLITE_OK) {
            sqlite3_close_v2(db_);
            throw std::runtime_error("cannot open " + path);
        }
        sqlite3_extended_result_codes(db_, 1);
        sqlite3_busy_timeout(db_, 10000);
        exec("PRAGMA foreign_keys = ON");
        exec("PRAGMA journal_mode = WAL");
        exec("PRAGMA synchronous = NORMAL");
    }
    ~Connection() { sqlite3_close_v2(db_); }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    void exec(const char* sql) {
        check(db_, sqlite3_exec(db_, sql, nullptr, nullptr, nullptr), sql);
    }
    sqlite3* handle() const { return db_; }

private:
    sqlite3* db_ = nullptr;
};

/// A prepared statement. Text binds borrow the caller's string (SQLITE_STATIC),
/// which must live until the statement is stepped.
class Statement {
public:
    Statement(sqlite3* db, const char* sql) : db_(db) {
        check(db, sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr), sql);
    }
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    void bind_int(int index, std::int64_t value) {
        check(db_, sqlite3_bind_int64(stmt_, index, value), "bind");
    }
    void bind_text(int index, std::string_view value) {
        check(db_,
              sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_STATIC,
                                  SQLITE_UTF8),
              "bind");
    }
    void bind_null(int index) { check(db_, sqlite3_bind_null(stmt_, index), "bind"); }
    void bind_optional(int index, const std::optional<Id>& value) {
        if (value)
            bind_int(index, *value);
        else
            bind_null(index);
    }
    void bind_blob(int index, const leadbook::Bytes& value) {
        if (value.empty()) return bind_null(index); // leadbook stores "no photo" as NULL
        check(db_,
              sqlite3_bind_blob64(stmt_, index, value.data.data(), value.size(), SQLITE_STATIC),
              "bind");
    }

    /// True when a row is ready, false when done.
    bool step() {
        int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) return true;
        check(db_, rc, sqlite3_sql(stmt_));
        return false;
    }
    /// Runs a statement that returns no rows and resets it.
    void run() {
        while (step()) {}
        reset();
    }
    void reset() { sqlite3_reset(stmt_); }

    std::int64_t integer(int column) const { return sqlite3_column_int64(stmt_, column); }
    std::optional<Id> optional_integer(int column) const {
        if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
        return sqlite3_column_int64(stmt_, column);
    }
    std::string text(int column) const {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
        return p ? std::string(p, std::size_t(sqlite3_column_bytes(stmt_, column))) : std::string();
    }
    leadbook::Bytes blob(int column) const {
        leadbook::Bytes out;
        const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, column));
        if (p) out.data.assign(p, p + sqlite3_column_bytes(stmt_, column));
        return out;
    }
    int column_count() const { return sqlite3_column_count(stmt_); }
    std::string column_name(int column) const { return sqlite3_column_name(stmt_, column); }
    sqlite3_value* value(int column) const { return sqlite3_column_value(stmt_, column); }

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

/// The columns of a lead in the records table, in the order below.
#define LEAD_COLUMNS                                                                               \
    "full_name, job_title, file_as, assigned_to, company, account_id, source, initiated_by, "      \
    "rating, score_mode, score_stars, score_points, score_max_points, score_percent, notes, "      \
    "created_at, modified_at, modified_by, version, photo"

std::int64_t now_millis() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

/// The custom-field encoding leadbook stores: (name, type, value as text).
void custom_to_text(const leadbook::CustomValue& value, std::string& type, std::string& text) {
    if (const auto* s = std::get_if<std::string>(&value)) {
        type = "text";
        text = *s;
    } else if (const auto* d = std::get_if<double>(&value)) {
        char buffer[64];
        auto end = std::to_chars(buffer, buffer + sizeof buffer, *d).ptr;
        type = "number";
        text.assign(buffer, end);
    } else if (const auto* date = std::get_if<leadbook::Date>(&value)) {
        type = "date";
        text = date->to_string();
    } else {
        type = "yes_no";
        text = std::get<bool>(value) ? "true" : "false";
    }
}

leadbook::CustomValue custom_from_text(const std::string& type, const std::string& text) {
    if (type == "number") {
        double d = 0;
        std::from_chars(text.data(), text.data() + text.size(), d);
        return d;
    }
    if (type == "date") return leadbook::Date::parse(text).value_or(leadbook::Date{});
    if (type == "yes_no") return text == "true";
    return text;
}

/// The baseline writer: what leadbook's add does, in plain sqlite3 calls.
class RawLeadWriter {
public:
    explicit RawLeadWriter(sqlite3* db)
        : db_(db), entity_(db, "INSERT INTO entities (record_kind) VALUES ('lead')"),
          record_(db,
                  "INSERT INTO records (id, record_kind, " LEAD_COLUMNS ") VALUES (?1, 'lead', ?2, "
                  "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
                  "?19, ?20, ?21)"),
          email_(db,
                 "INSERT INTO emails (owner_id, position, label, address) VALUES (?1, ?2, ?3, ?4)"),
          web_page_(
              db, "INSERT INTO web_pages (owner_id, position, label, url) VALUES (?1, ?2, ?3, ?4)"),
          phone_(db,
                 "INSERT INTO phones (owner_id, position, label, number) VALUES (?1, ?2, ?3, ?4)"),
          address_(db,
                   "INSERT INTO addresses (owner_id, position, label, street, city, state, "
                   "postal_code, country, mailing) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"),
          criterion_(db,
                     "INSERT INTO criteria_met (owner_id, position, value) VALUES (?1, ?2, ?3)"),
          custom_(db, "INSERT INTO custom_fields (owner_id, position, name, type, value) VALUES "
                      "(?1, ?2, ?3, ?4, ?5)") {}

    /// Stores `lead` as leadbook stores a new lead: version 1, both times now,
    /// no acting user, and the score computed from the lead criteria in `calc`
    /// (manual stars stand alone).
    Id insert(const Lead& lead, const leadbook::ScoreCalculator& calc) {
        leadbook::Score score;
        if (lead.score.mode == leadbook::ScoreMode::manual) {
            score.mode = leadbook::ScoreMode::manual;
            score.stars = lead.score.stars;
        } else {
            score = calc.score(lead.criteria_met);
        }
        entity_.run();
        const Id id = sqlite3_last_insert_rowid(db_);
        const std::int64_t now = now_millis();
        record_.bind_int(1, id);
        record_.bind_text(2, lead.full_name);
        record_.bind_text(3, lead.job_title);
        record_.bind_text(4, lead.file_as);
        record_.bind_optional(5, lead.assigned_to);
        record_.bind_text(6, lead.company);
        record_.bind_optional(7, lead.account_id);
        record_.bind_text(8, lead.source);
        record_.bind_text(9, lead.initiated_by);
        record_.bind_text(10, lead.rating);
        record_.bind_text(11, score.mode == leadbook::ScoreMode::manual ? "manual" : "automatic");
        record_.bind_int(12, score.stars);
        record_.bind_int(13, score.points);
        record_.bind_int(14, score.max_points);
        record_.bind_int(15, score.percent);
        record_.bind_text(16, lead.notes);
        record_.bind_int(17, now);
        record_.bind_int(18, now);
        record_.bind_null(19);
        record_.bind_int(20, 1);
        record_.bind_blob(21, lead.photo);
        record_.run();

        for (std::size_t i = 0; i < lead.emails.size(); ++i) {
            bind_owner(email_, id, i);
            email_.bind_text(3, lead.emails[i].label);
            email_.bind_text(4, lead.emails[i].address);
            email_.run();
        }
        for (std::size_t i = 0; i < lead.web_pages.size(); ++i) {
            bind_owner(web_page_, id, i);
            web_page_.bind_text(3, lead.web_pages[i].label);
            web_page_.bind_text(4, lead.web_pages[i].url);
            web_page_.run();
        }
        for (std::size_t i = 0; i < lead.phones.size(); ++i) {
            bind_owner(phone_, id, i);
            phone_.bind_text(3, lead.phones[i].label);
            phone_.bind_text(4, lead.phones[i].number);
            phone_.run();
        }
        for (std::size_t i = 0; i < lead.addresses.size(); ++i) {
            const auto& a = lead.addresses[i];
            bind_owner(address_, id, i);
            address_.bind_text(3, a.label);
            address_.bind_text(4, a.street);
            address_.bind_text(5, a.city);
            address_.bind_text(6, a.state);
            address_.bind_text(7, a.postal_code);
            address_.bind_text(8, a.country);
            address_.bind_int(9, a.mailing ? 1 : 0);
            address_.run();
        }
        for (std::size_t i = 0; i < lead.criteria_met.size(); ++i) {
            bind_owner(criterion_, id, i);
            criterion_.bind_int(3, lead.criteria_met[i]);
            criterion_.run();
        }
        std::size_t position = 0;
        for (const auto& [name, value] : lead.custom) {
            custom_to_text(value, custom_type_, custom_text_);
            bind_owner(custom_, id, position++);
            custom_.bind_text(3, name);
            custom_.bind_text(4, custom_type_);
            custom_.bind_text(5, custom_text_);
            custom_.run();
        }
        return id;
    }

private:
    static void bind_owner(Statement& s, Id owner, std::size_t position) {
        s.bind_int(1, owner);
        s.bind_int(2, std::int64_t(position));
    }

    sqlite3* db_;
    Statement entity_, record_, email_, web_page_, phone_, address_, criterion_, custom_;
    std::string custom_type_, custom_text_;
};

/// The scoring criteria of leads, read once per add_many as leadbook does.
leadbook::ScoreCalculator lead_score_calculator(sqlite3* db) {
    Statement select(db, "SELECT id, weight, effect FROM scoring_criteria "
                         "WHERE record_type = 'lead' ORDER BY id");
    std::vector<leadbook::ScoringCriterion> criteria;
    while (select.step()) {
        leadbook::ScoringCriterion c;
        c.id = select.integer(0);
        const std::string weight = select.text(1);
        c.weight = weight == "high"  ? leadbook::Weight::high
                   : weight == "low" ? leadbook::Weight::low
                                     : leadbook::Weight::normal;
        c.effect = select.text(2) == "lower" ? leadbook::Effect::lower : leadbook::Effect::raise;
        criteria.push_back(std::move(c));
    }
    return leadbook::ScoreCalculator(criteria);
}

/// Adds `leads` in one write transaction, as add_many does: without
/// foreign-key look-ups (the rows refer to the ids just made).
void raw_add_many(sqlite3* db, const std::vector<Lead>& leads) {
    Statement unchecked(db, "PRAGMA foreign_keys = OFF");
    Statement begin(db, "BEGIN IMMEDIATE");
    Statement commit(db, "COMMIT");
    Statement checked(db, "PRAGMA foreign_keys = ON");
    unchecked.run();
    begin.run();
    const leadbook::ScoreCalculator calc = lead_score_calculator(db);
    RawLeadWriter writer(db);
    for (const Lead& lead : leads) benchmark::DoNotOptimize(writer.insert(lead, calc));
    commit.run();
    checked.run();
}

/// The baseline reader: the records row plus every child table, into a Lead.
class RawLeadReader {
public:
    explicit RawLeadReader(sqlite3* db)
        : begin_(db, "BEGIN"), commit_(db, "COMMIT"),
          record_(db,
                  "SELECT " LEAD_COLUMNS " FROM records WHERE id = ?1 AND record_kind = 'lead'"),
          emails_(db, "SELECT label, address FROM emails WHERE owner_id = ?1 ORDER BY position"),
          web_pages_(db, "SELECT label, url FROM web_pages WHERE owner_id = ?1 ORDER BY position"),
          phones_(db, "SELECT label, number FROM phones WHERE owner_id = ?1 ORDER BY position"),
          addresses_(db, "SELECT label, street, city, state, postal_code, country, mailing FROM "
                         "addresses WHERE owner_id = ?1 ORDER BY position"),
          criteria_(db, "SELECT value FROM criteria_met WHERE owner_id = ?1 ORDER BY position"),
          custom_(db, "SELECT name, type, value FROM custom_fields WHERE owner_id = ?1 ORDER BY "
                      "position") {}

    /// What LeadBook::leads().try_get does: one read transaction for the row
    /// and its lists.
    std::optional<Lead> get(Id id) {
        begin_.run();
        std::optional<Lead> lead;
        record_.bind_int(1, id);
        if (record_.step()) {
            lead.emplace();
            read_columns(record_, 0, *lead);
            lead->id = id;
        }
        record_.reset();
        if (lead) read_lists(*lead);
        commit_.run();
        return lead;
    }

    /// Reads the lead columns (LEAD_COLUMNS) of `s` starting at `first`.
    static void read_columns(const Statement& s, int first, Lead& lead) {
        int c = first;
        lead.full_name = s.text(c++);
        lead.job_title = s.text(c++);
        lead.file_as = s.text(c++);
        lead.assigned_to = s.optional_integer(c++);
        lead.company = s.text(c++);
        lead.account_id = s.optional_integer(c++);
        lead.source = s.text(c++);
        lead.initiated_by = s.text(c++);
        lead.rating = s.text(c++);
        const std::string mode = s.text(c++);
        if (mode != "automatic" && mode != "manual")
            throw std::runtime_error("stored score mode is invalid");
        lead.score.mode =
            mode == "manual" ? leadbook::ScoreMode::manual : leadbook::ScoreMode::automatic;
        lead.score.stars = std::int32_t(s.integer(c++));
        lead.score.points = std::int32_t(s.integer(c++));
        lead.score.max_points = std::int32_t(s.integer(c++));
        lead.score.percent = std::int32_t(s.integer(c++));
        lead.notes = s.text(c++);
        lead.created_at.millis = s.integer(c++);
        lead.modified_at.millis = s.integer(c++);
        lead.modified_by = s.optional_integer(c++);
        lead.version = s.integer(c++);
        lead.photo = s.blob(c++);
    }

    /// The per-row child queries a find runs, as leadbook's cursor does.
    void read_lists(Lead& lead) {
        emails_.bind_int(1, lead.id);
        while (emails_.step()) lead.emails.push_back({emails_.text(0), emails_.text(1)});
        emails_.reset();
        web_pages_.bind_int(1, lead.id);
        while (web_pages_.step())
            lead.web_pages.push_back({web_pages_.text(0), web_pages_.text(1)});
        web_pages_.reset();
        phones_.bind_int(1, lead.id);
        while (phones_.step()) lead.phones.push_back({phones_.text(0), phones_.text(1)});
        phones_.reset();
        addresses_.bind_int(1, lead.id);
        while (addresses_.step())
            lead.addresses.push_back({addresses_.text(0), addresses_.text(1), addresses_.text(2),
                                      addresses_.text(3), addresses_.text(4), addresses_.text(5),
                                      addresses_.integer(6) != 0});
        addresses_.reset();
        criteria_.bind_int(1, lead.id);
        while (criteria_.step()) lead.criteria_met.push_back(criteria_.integer(0));
        criteria_.reset();
        custom_.bind_int(1, lead.id);
        while (custom_.step())
            lead.custom[custom_.text(0)] = custom_from_text(custom_.text(1), custom_.text(2));
        custom_.reset();
    }

private:
    Statement begin_, commit_;
    Statement record_, emails_, web_pages_, phones_, addresses_, criteria_, custom_;
};

/// The find and count of the baseline: the filter leadbook's query builder
/// produces for {company eq "Company 7"} ordered by id.
constexpr const char* raw_find_sql =
    "SELECT id, " LEAD_COLUMNS
    " FROM records WHERE record_kind = 'lead' AND company = ?1 ORDER BY id";
constexpr const char* raw_count_sql =
    "SELECT count(*) FROM records WHERE record_kind = 'lead' AND company = ?1";

leadbook::RecordQuery company_query() {
    leadbook::RecordQuery query;
    query.where.push_back(
        {.field = "company", .op = leadbook::FilterOp::eq, .value = filtered_company});
    query.order_by = {"id"};
    return query;
}

// ---- the 100,000-lead file ---------------------------------------------------

struct LeadFile {
    std::string path;
    std::vector<Id> ids;
    /// Ids to get, in a fixed pseudo-random order (the same for both sides).
    std::vector<Id> random_ids;
};

const LeadFile& lead_file() {
    static const LeadFile file = [] {
        LeadFile f;
        f.path = scratch().file("leads-100k.db");
        remove_database(f.path);
        {
            auto book = LeadBook::open(f.path);
            f.ids = book.leads().add_many(sample_leads());
        } // closing checkpoints the WAL into the file
        std::mt19937_64 random(20261127);
        std::uniform_int_distribution<std::size_t> pick(0, f.ids.size() - 1);
        f.random_ids.resize(1 << 16);
        for (auto& id : f.random_ids) id = f.ids[pick(random)];
        return f;
    }();
    return file;
}

// ---- checks: each baseline does leadbook's work ------------------------------
//
// Each returns "" when the baseline matches leadbook, else what differs; the
// baseline benchmark then reports that as an error instead of a time.

std::string describe(sqlite3_value* v) {
    const auto* text = sqlite3_value_text(v);
    return text ? "'" + std::string(reinterpret_cast<const char*>(text)) + "'" : "NULL";
}

bool same_value(sqlite3_value* a, sqlite3_value* b) {
    if (sqlite3_value_type(a) != sqlite3_value_type(b)) return false;
    if (sqlite3_value_type(a) == SQLITE_NULL) return true;
    const int size = sqlite3_value_bytes(a);
    if (size != sqlite3_value_bytes(b)) return false;
    return size == 0 ||
           std::memcmp(sqlite3_value_blob(a), sqlite3_value_blob(b), std::size_t(size)) == 0;
}

/// Runs a check; an exception (a baseline statement that no longer fits the
/// schema, say) is reported as the check's finding.
template <class Check> std::string guarded(Check&& check) {
    try {
        return check();
    } catch (const std::exception& e) {
        return std::string("the baseline no longer matches leadbook: ") + e.what();
    }
}

/// The tables of a database file, by name.
std::vector<std::string> table_names(sqlite3* db) {
    Statement select(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                         "'sqlite_%' ORDER BY name");
    std::vector<std::string> names;
    while (select.step()) names.push_back(select.text(0));
    return names;
}

/// Compares every row and column of every table in two files, so a baseline
/// that skips a write leadbook makes (a row in any table) is caught. The
/// created_at and modified_at columns hold the time of writing: not compared.
std::string compare_tables(const std::string& expected_path, const std::string& actual_path) {
    Connection expected(expected_path);
    Connection actual(actual_path);
    const auto tables = table_names(expected.handle());
    if (tables != table_names(actual.handle())) return "the files have different tables";
    for (const std::string& table : tables) {
        const std::string sql = "SELECT * FROM \"" + table + "\" ORDER BY 1, 2";
        Statement a(expected.handle(), sql.c_str());
        Statement b(actual.handle(), sql.c_str());
        for (std::size_t row = 0;; ++row) {
            const bool more_a = a.step();
            const bool more_b = b.step();
            if (more_a != more_b) return table + ": the row counts differ";
            if (!more_a) break;
            for (int c = 0; c < a.column_count(); ++c) {
                const std::string name = a.column_name(c);
                if (name == "created_at" || name == "modified_at") continue;
                if (!same_value(a.value(c), b.value(c)))
                    return table + " row " + std::to_string(row) + " column " + name +
                           ": leadbook wrote " + describe(a.value(c)) + ", the baseline " +
                           describe(b.value(c));
            }
        }
    }
    return {};
}

const std::string& add_many_check() {
    static const std::string problem = guarded([] {
        const std::vector<Lead> leads(sample_leads().begin(), sample_leads().begin() + 50);
        const std::string by_leadbook = scratch().file("check-leadbook.db");
        const std::string by_baseline = scratch().file("check-baseline.db");
        remove_database(by_leadbook);
        LeadBook::open(by_leadbook).leads().add_many(leads);
        create_empty_database(by_baseline);
        {
            Connection db(by_baseline);
            raw_add_many(db.handle(), leads);
        }
        std::string result = compare_tables(by_leadbook, by_baseline);
        remove_database(by_leadbook);
        remove_database(by_baseline);
        return result;
    });
    return problem;
}

std::string json_text(const Lead& lead) { return boost::json::serialize(leadbook::to_json(lead)); }

const std::string& get_check() {
    static const std::string problem = guarded([] {
        const LeadFile& file = lead_file();
        auto book = LeadBook::open(file.path);
        Connection db(file.path);
        RawLeadReader reader(db.handle());
        for (std::size_t i = 0; i < 100; ++i) {
            const Id id = file.random_ids[i];
            auto expected = book.leads().try_get(id);
            auto actual = reader.get(id);
            if (!expected || !actual) return "lead " + std::to_string(id) + " was not found";
            if (json_text(*expected) != json_text(*actual))
                return "lead " + std::to_string(id) + ": leadbook read " + json_text(*expected) +
                       ", the baseline " + json_text(*actual);
        }
        if (reader.get(0)) return std::string("the baseline found lead 0");
        return std::string();
    });
    return problem;
}

/// Runs the baseline find with a prepared `find` statement, calling `each`
/// for every lead; returns the number of leads.
template <class Each> std::size_t raw_find(Statement& find, RawLeadReader& reader, Each&& each) {
    std::size_t rows = 0;
    find.bind_text(1, filtered_company);
    while (find.step()) {
        Lead lead;
        lead.id = find.integer(0);
        RawLeadReader::read_columns(find, 1, lead);
        reader.read_lists(lead);
        each(lead);
        ++rows;
    }
    find.reset();
    return rows;
}

const std::string& find_check() {
    static const std::string problem = guarded([] {
        const LeadFile& file = lead_file();
        auto book = LeadBook::open(file.path);
        std::vector<std::string> expected;
        for (const Lead& lead : book.leads().find(company_query()))
            expected.push_back(json_text(lead));
        Connection db(file.path);
        RawLeadReader reader(db.handle());
        Statement find(db.handle(), raw_find_sql);
        std::vector<std::string> actual;
        raw_find(find, reader, [&](const Lead& lead) { actual.push_back(json_text(lead)); });
        if (expected.size() != actual.size())
            return "leadbook found " + std::to_string(expected.size()) + " leads, the baseline " +
                   std::to_string(actual.size());
        for (std::size_t i = 0; i < expected.size(); ++i)
            if (expected[i] != actual[i])
                return "result " + std::to_string(i) + ": leadbook read " + expected[i] +
                       ", the baseline " + actual[i];
        Statement count(db.handle(), raw_count_sql);
        count.bind_text(1, filtered_company);
        count.step();
        const auto counted = count.integer(0);
        if (counted != std::int64_t(expected.size()) ||
            book.leads().count(company_query()) != counted)
            return std::string("the counts differ from the number of leads found");
        if (expected.size() < lead_count / company_count)
            return "the filter matched only " + std::to_string(expected.size()) + " leads";
        return std::string();
    });
    return problem;
}

/// Reports `problem` as the benchmark's error; true if there was one.
bool failed_check(benchmark::State& state, const std::string& problem) {
    if (problem.empty()) return false;
    state.SkipWithError(problem.c_str());
    for (auto _ : state) {}
    return true;
}

// ---- 1. add_many of 100,000 leads into a new file ----------------------------

void add_many_leadbook(benchmark::State& state) {
    const auto& leads = sample_leads();
    const std::string path = scratch().file("add-many-leadbook.db");
    for (auto _ : state) {
        state.PauseTiming();
        remove_database(path);
        std::optional<LeadBook> book(LeadBook::open(path));
        state.ResumeTiming();
        const auto ids = book->leads().add_many(leads);
        state.PauseTiming();
        if (ids.size() != leads.size()) state.SkipWithError("add_many returned too few ids");
        book.reset(); // closing (and its checkpoint) is not measured
        remove_database(path);
        state.ResumeTiming();
    }
    state.SetItemsProcessed(std::int64_t(state.iterations() * leads.size()));
}

void add_many_raw_sqlite(benchmark::State& state) {
    if (failed_check(state, add_many_check())) return;
    const auto& leads = sample_leads();
    const std::string path = scratch().file("add-many-baseline.db");
    for (auto _ : state) {
        state.PauseTiming();
        create_empty_database(path); // leadbook's schema, then closed
        std::optional<Connection> db(std::in_place, path);
        state.ResumeTiming();
        raw_add_many(db->handle(), leads);
        state.PauseTiming();
        db.reset();
        remove_database(path);
        state.ResumeTiming();
    }
    state.SetItemsProcessed(std::int64_t(state.iterations() * leads.size()));
}

// ---- 2. get by id ------------------------------------------------------------

void get_leadbook(benchmark::State& state) {
    const LeadFile& file = lead_file();
    auto book = LeadBook::open(file.path);
    std::size_t next = 0;
    for (auto _ : state) {
        Lead lead = book.leads().get(file.random_ids[next++ % file.random_ids.size()]);
        benchmark::DoNotOptimize(lead);
    }
    state.SetItemsProcessed(std::int64_t(state.iterations()));
}

void get_raw_sqlite(benchmark::State& state) {
    if (failed_check(state, get_check())) return;
    const LeadFile& file = lead_file();
    Connection db(file.path);
    RawLeadReader reader(db.handle());
    std::size_t next = 0;
    for (auto _ : state) {
        auto lead = reader.get(file.random_ids[next++ % file.random_ids.size()]);
        if (!lead) state.SkipWithError("a lead was not found");
        benchmark::DoNotOptimize(lead);
    }
    state.SetItemsProcessed(std::int64_t(state.iterations()));
}

// ---- 3. find with a filter, and count ----------------------------------------

void find_leadbook(benchmark::State& state) {
    const LeadFile& file = lead_file();
    auto book = LeadBook::open(file.path);
    const auto query = company_query();
    std::size_t rows = 0;
    for (auto _ : state) {
        rows = 0;
        for (const Lead& lead : book.leads().find(query)) {
            benchmark::DoNotOptimize(lead.full_name.data());
            ++rows;
        }
    }
    state.SetItemsProcessed(std::int64_t(state.iterations() * rows));
    state.counters["leads"] = double(rows);
}

void find_raw_sqlite(benchmark::State& state) {
    if (failed_check(state, find_check())) return;
    const LeadFile& file = lead_file();
    Connection db(file.path);
    RawLeadReader reader(db.handle());
    Statement find(db.handle(), raw_find_sql);
    std::size_t rows = 0;
    for (auto _ : state)
        rows = raw_find(find, reader,
                        [](const Lead& lead) { benchmark::DoNotOptimize(lead.full_name.data()); });
    state.SetItemsProcessed(std::int64_t(state.iterations() * rows));
    state.counters["leads"] = double(rows);
}

void count_leadbook(benchmark::State& state) {
    const LeadFile& file = lead_file();
    auto book = LeadBook::open(file.path);
    const auto query = company_query();
    for (auto _ : state) benchmark::DoNotOptimize(book.leads().count(query));
    state.SetItemsProcessed(std::int64_t(state.iterations()));
}

void count_raw_sqlite(benchmark::State& state) {
    if (failed_check(state, find_check())) return;
    const LeadFile& file = lead_file();
    Connection db(file.path);
    Statement count(db.handle(), raw_count_sql);
    for (auto _ : state) {
        count.bind_text(1, filtered_company);
        count.step();
        benchmark::DoNotOptimize(count.integer(0));
        count.reset();
    }
    state.SetItemsProcessed(std::int64_t(state.iterations()));
}

// Pairs are named "<operation>/leadbook" and "<operation>/raw_sqlite".
BENCHMARK(add_many_leadbook)
    ->Name("add_many_100k/leadbook")
    ->Iterations(3)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(add_many_raw_sqlite)
    ->Name("add_many_100k/raw_sqlite")
    ->Iterations(3)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(get_leadbook)->Name("get_by_id/leadbook")->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(get_raw_sqlite)
    ->Name("get_by_id/raw_sqlite")
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();
BENCHMARK(find_leadbook)
    ->Name("find_company/leadbook")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(find_raw_sqlite)
    ->Name("find_company/raw_sqlite")
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(count_leadbook)
    ->Name("count_company/leadbook")
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();
BENCHMARK(count_raw_sqlite)
    ->Name("count_company/raw_sqlite")
    ->Unit(benchmark::kMicrosecond)
    ->UseRealTime();

} // namespace

int main(int argc, char** argv) {
    leadbook::bench::RatioReporter reporter("raw_sqlite", "raw SQLite",
                                            [](std::string_view) { return 2.0; });
    return leadbook::bench::run_benchmarks(argc, argv, reporter);
}
