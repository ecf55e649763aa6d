// reports_bench: leadbook's reports next to the hand-written SQL that answers
// the same question over the same file, in the same run.
//
// On a file of 1,000,000 leads (made once, then reused from the cache
// directory; LEADBOOK_REPORTS_BENCH_LEADS=N for a smaller one):
// - each built-in report: the group counts plus every row with the report's
//   columns, "<report>/leadbook" (Reports::run, groups(), next_row(row) to the
//   end) against "<report>/raw_sqlite" (the GROUP BY query and the row query
//   a person would write, every value read into C++ values);
// - a custom filtered, sorted report's first page of 100 rows;
// - writing the whole leads_by_score report as CSV, in a child process each,
//   with its peak memory (VmHWM): target under 64 MiB.
// On a second file of 1,000,000 opportunities (LEADBOOK_REPORTS_BENCH_OPPORTUNITIES=N
// for a smaller one):
// - "pipeline_totals": the pipeline by stage with its totals (count, sum,
//   probability-weighted sum and average of the total, exact money) against
//   one GROUP BY query with sum(total) and sum(total * probability), rounded
//   to the cent in C++ as leadbook does: target at most 1.5x;
// - "by_month": opportunities counted and totalled per month of their
//   expected close against GROUP BY strftime('%Y-%m', ...).
// Before measuring, each baseline's groups and row order are compared with
// leadbook's; a baseline that differs reports an error instead of a time.
//
//   build/bench/benchmarks/reports_bench
//   build/bench/benchmarks/reports_bench --benchmark_repetitions=3   # ratios of medians
//   LEADBOOK_BENCH_DIR=/var/tmp build/bench/benchmarks/reports_bench
#include "bench_support.hpp"

#include <leadbook/leadbook.hpp>
#include <leadbook/reports.hpp>

#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using leadbook::Id;
using leadbook::LeadBook;

std::int64_t lead_count() {
    const char* given = std::getenv("LEADBOOK_REPORTS_BENCH_LEADS");
    return given ? std::max<std::int64_t>(1000, std::atoll(given)) : 1'000'000;
}

std::string database_path() {
    return leadbook::bench::scratch("reports-leads-" + std::to_string(lead_count()) + ".db");
}

// ---- the data set --------------------------------------------------------------

constexpr int user_count = 25;

leadbook::Lead make_lead(std::int64_t i, const std::vector<Id>& users) {
    static constexpr const char* given[] = {"Ana", "Ben", "Carla", "Dan", "Eve", "Fay", "Gus",
                                            "Hal", "Ivy", "Jon",   "Kim", "Lia", "Max"};
    static constexpr const char* family[] = {"Silva", "Okafor", "Cruz", "Diaz",  "Evans", "Fox",
                                             "Gray",  "Hill",   "Ito",  "Jones", "Klein"};
    static constexpr const char* sources[] = {"web", "trade show", "referral", "cold call"};
    static constexpr const char* ratings[] = {"hot", "warm", "cold"};
    const std::uint64_t h = std::uint64_t(i) * 2654435761u; // spread, not sorted by id
    const std::string n = std::to_string(i);
    leadbook::Lead lead;
    lead.full_name = std::string(given[h % 13]) + " " + family[(h >> 8) % 11] + " " + n;
    lead.company = "Company " + std::to_string((h >> 16) % 997);
    lead.job_title = "Buyer";
    if (i % 50 != 0) lead.assigned_to = users[std::size_t((h >> 4) % users.size())];
    lead.emails = {{"work", "lead" + n + "@company.example"},
                   {"home", "lead" + n + "@mail.example"}};
    lead.phones = {{"business", "+351 21 " + std::to_string(1000000 + i)},
                   {"mobile", "+351 91 " + std::to_string(2000000 + i)}};
    lead.source = sources[(h >> 12) % 4];
    lead.rating = ratings[(h >> 20) % 3];
    lead.score.mode = leadbook::ScoreMode::manual;
    lead.score.stars = std::int32_t((h >> 24) % 6);
    return lead;
}

/// A benchmark file made once by `fill`: a marker setting says it is
/// complete, so a run that was stopped half-way makes it again.
template <class Fill>
void make_once(const std::string& path, const std::string& marker, std::int64_t count,
               const std::string& what, Fill&& fill) {
    {
        auto book = LeadBook::open(path);
        if (book.storage().setting(marker) == std::to_string(count)) return;
    }
    leadbook::bench::remove_db(path);
    std::cerr << "making " << path << " with " << count << " " << what << " (once)...\n";
    const auto start = std::chrono::steady_clock::now();
    auto book = LeadBook::open(path);
    fill(book);
    book.storage().set_setting(marker, std::to_string(count));
    std::cerr << "made in "
              << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()
              << " s\n";
}

void ensure_database(const std::string& path) {
    make_once(path, "reports_bench_leads", lead_count(), "leads", [](LeadBook& book) {
        std::vector<Id> users;
        for (int u = 0; u < user_count; ++u)
            users.push_back(book.users().add({.name = "User " + std::to_string(100 + u)}).id);
        constexpr std::int64_t chunk = 20'000;
        std::vector<leadbook::Lead> leads;
        for (std::int64_t first = 0; first < lead_count(); first += chunk) {
            leads.clear();
            for (std::int64_t i = first; i < std::min(first + chunk, lead_count()); ++i)
                leads.push_back(make_lead(i, users));
            book.leads().add_many(leads);
        }
    });
}

// ---- raw SQLite ----------------------------------------------------------------

/// One connection, opened as leadbook opens its own (same flags and PRAGMAs).
class Connection {
public:
    explicit Connection(const std::string& path) {
        if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                            nullptr) != SQLITE_OK)
            throw std::runtime_error("cannot open " + path);
        sqlite3_busy_timeout(db_, 10000);
        for (const char* pragma : {"PRAGMA foreign_keys = ON", "PRAGMA journal_mode = WAL",
                                   "PRAGMA synchronous = NORMAL"})
            sqlite3_exec(db_, pragma, nullptr, nullptr, nullptr);
    }
    ~Connection() { sqlite3_close_v2(db_); }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    sqlite3* handle() const { return db_; }

private:
    sqlite3* db_ = nullptr;
};

class Statement {
public:
    Statement(sqlite3* db, const std::string& sql) {
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK)
            throw std::runtime_error(std::string("SQLite: ") + sqlite3_errmsg(db) + " in " + sql);
    }
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    bool step() {
        const int rc = sqlite3_step(stmt_);
        leadbook::bench::check(rc, sqlite3_db_handle(stmt_));
        return rc == SQLITE_ROW;
    }
    bool is_null(int c) const { return sqlite3_column_type(stmt_, c) == SQLITE_NULL; }
    std::int64_t integer(int c) const { return sqlite3_column_int64(stmt_, c); }
    void text(int c, std::string& out) const {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, c));
        out.assign(p ? p : "", p ? std::size_t(sqlite3_column_bytes(stmt_, c)) : 0);
    }
    /// A group key as leadbook's JSON writes it: 5, "hot", null.
    std::string key(int c) const {
        if (is_null(c)) return "null";
        if (sqlite3_column_type(stmt_, c) == SQLITE_INTEGER) return std::to_string(integer(c));
        std::string s;
        text(c, s);
        return "\"" + s + "\"";
    }

private:
    sqlite3_stmt* stmt_ = nullptr;
};

// ---- the questions, in leadbook and in SQL ---------------------------------------

const char* custom_page_definition = R"({"record_type": "leads",
    "columns": ["full_name", "company", "phones.number", "emails.address", "score.stars", "source", "modified_at"],
    "filters": [{"field": "rating", "op": "eq", "value": "hot"},
                {"field": "score.stars", "op": "ge", "value": 3},
                {"field": "source", "op": "in", "value": ["web", "referral"]}],
    "sort": [{"field": "company"}, {"field": "full_name", "descending": true}],
    "limit": 100})";

struct Question {
    std::string name;
    std::string leadbook;  ///< built-in name or definition JSON
    std::string group_sql; ///< empty: no groups
    std::string row_sql;
    int group_levels = 0;
};

const std::string row_columns =
    "r.full_name, r.company,"
    " (SELECT p.number FROM phones p WHERE p.owner_id = r.id ORDER BY p.position LIMIT 1),"
    " (SELECT e.address FROM emails e WHERE e.owner_id = r.id ORDER BY e.position LIMIT 1),"
    " r.score_stars, r.source, r.modified_at FROM records r WHERE r.record_kind = 'lead'";

std::vector<Question> questions() {
    const std::string from = " FROM records WHERE record_kind = 'lead' ";
    return {
        {"leads_by_assigned_to", "leads_by_assigned_to",
         "SELECT assigned_to, count(*)" + from + "GROUP BY assigned_to ORDER BY assigned_to",
         "SELECT r.id, r.assigned_to, " + row_columns + " ORDER BY r.assigned_to, r.full_name", 1},
        {"leads_by_assigned_to_and_rating", "leads_by_assigned_to_and_rating",
         "SELECT assigned_to, rating, count(*)" + from +
             "GROUP BY assigned_to, rating ORDER BY assigned_to, rating",
         "SELECT r.id, r.assigned_to, r.rating, " + row_columns +
             " ORDER BY r.assigned_to, r.rating, r.full_name",
         2},
        {"leads_by_score", "leads_by_score",
         "SELECT score_stars, count(*)" + from + "GROUP BY score_stars ORDER BY score_stars DESC",
         "SELECT r.id, r.score_stars, " + row_columns + " ORDER BY r.score_stars DESC, r.full_name",
         1},
        {"first_page_100", custom_page_definition, "",
         "SELECT r.id, " + row_columns +
             " AND r.rating = 'hot' AND r.score_stars >= 3 AND r.source IN ('web', 'referral')"
             " ORDER BY r.company, r.full_name DESC LIMIT 100",
         0},
    };
}

/// What both sides produce, to check that they answer the same question.
struct Answer {
    std::string groups; ///< "key|key|count;" per (sub)group
    std::uint64_t rows = 0;
    std::uint64_t id_hash = 1469598103934665603ull;
    void add_row(Id id) {
        ++rows;
        id_hash = (id_hash ^ std::uint64_t(id)) * 1099511628211ull;
    }
    bool operator==(const Answer&) const = default;
};

/// A benchmark file open in leadbook and in raw SQLite, for the whole run.
struct Shared {
    explicit Shared(std::string file)
        : path(std::move(file)), book(LeadBook::open(path)), raw(path) {}
    std::string path;
    LeadBook book;
    Connection raw;
};

Shared& shared() {
    static Shared s(database_path());
    return s;
}

Answer run_leadbook(const Question& q) {
    leadbook::Reports reports(shared().book);
    auto report = reports.run_text(q.leadbook);
    Answer a;
    if (!q.group_sql.empty())
        for (const auto& g : report.groups()) {
            if (g.subgroups.empty())
                a.groups += leadbook::serialize_json(g.key) + "|" + std::to_string(g.count) + ";";
            for (const auto& s : g.subgroups)
                a.groups += leadbook::serialize_json(g.key) + "|" +
                            leadbook::serialize_json(s.key) + "|" + std::to_string(s.count) + ";";
        }
    std::size_t text_bytes = 0;
    leadbook::ReportRow row;
    while (report.next_row(row)) {
        a.add_row(row.id);
        for (const auto& t : row.texts) text_bytes += t.size();
    }
    benchmark::DoNotOptimize(text_bytes);
    return a;
}

Answer run_sql(const Question& q) {
    sqlite3* db = shared().raw.handle();
    Answer a;
    // User names, for showing assigned_to (leadbook looks them up once too).
    std::map<Id, std::string> users;
    {
        Statement s(db, "SELECT id, name FROM users");
        std::string name;
        while (s.step()) s.text(1, users[s.integer(0)]);
    }
    if (!q.group_sql.empty()) {
        Statement s(db, q.group_sql);
        while (s.step()) {
            for (int level = 0; level < q.group_levels; ++level) a.groups += s.key(level) + "|";
            a.groups += std::to_string(s.integer(q.group_levels)) + ";";
        }
    }
    Statement s(db, q.row_sql);
    const int keys = q.group_levels;
    std::string name, company, phone, email, source, key_text, assignee;
    std::int64_t stars = 0, modified = 0, key = 0;
    std::size_t text_bytes = 0;
    while (s.step()) {
        a.add_row(s.integer(0));
        for (int k = 1; k <= keys; ++k) {
            if (s.is_null(k)) continue;
            if (q.name != "leads_by_score" && k == 1)
                assignee = users[s.integer(k)];
            else if (k == 2)
                s.text(k, key_text);
            else
                key = s.integer(k);
        }
        s.text(keys + 1, name);
        s.text(keys + 2, company);
        s.text(keys + 3, phone);
        s.text(keys + 4, email);
        stars = s.integer(keys + 5);
        s.text(keys + 6, source);
        modified = s.integer(keys + 7);
        text_bytes += name.size() + company.size() + phone.size() + email.size() + source.size();
    }
    benchmark::DoNotOptimize(text_bytes + std::size_t(stars + modified + key));
    return a;
}

/// Registers "<name>/leadbook" and "<name>/raw_sqlite"; a baseline that
/// gave another answer than leadbook reports an error instead of a time.
template <class Mine, class Theirs>
void register_pair(const std::string& name, int iterations, bool same, Mine mine, Theirs theirs) {
    benchmark::RegisterBenchmark((name + "/leadbook").c_str(), mine)
        ->Iterations(iterations)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    benchmark::RegisterBenchmark((name + "/raw_sqlite").c_str(),
                                 [theirs, same](benchmark::State& state) {
                                     if (!same) {
                                         state.SkipWithError("the hand-written SQL does not give "
                                                             "leadbook's answer");
                                         return;
                                     }
                                     theirs(state);
                                 })
        ->Iterations(iterations)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
}

void register_pairs() {
    for (const auto& q : questions()) {
        const Answer expected = run_leadbook(q); // also warms the page cache
        const Answer baseline = run_sql(q);
        const bool same = expected == baseline;
        const int iterations = q.group_sql.empty() ? 20 : 2;
        register_pair(
            q.name, iterations, same,
            [q](benchmark::State& state) {
                Answer a;
                for (auto _ : state) a = run_leadbook(q);
                state.counters["rows"] = double(a.rows);
            },
            [q](benchmark::State& state) {
                Answer a;
                for (auto _ : state) a = run_sql(q);
                state.counters["rows"] = double(a.rows);
            });
    }
}

// ---- totals and periods over opportunities ------------------------------------

std::int64_t opportunity_count() {
    const char* given = std::getenv("LEADBOOK_REPORTS_BENCH_OPPORTUNITIES");
    return given ? std::max<std::int64_t>(1000, std::atoll(given)) : 1'000'000;
}

std::string opportunities_path() {
    return leadbook::bench::scratch("reports-opportunities-" + std::to_string(opportunity_count()) +
                                    ".db");
}

/// The opportunities file, made once: 200 leads, 25 users, the default
/// stages, one line item per opportunity, expected close dates over three
/// years.
void ensure_opportunities(const std::string& path) {
    make_once(
        path, "reports_bench_opportunities", opportunity_count(), "opportunities",
        [](LeadBook& book) {
            std::vector<Id> users, leads;
            for (int u = 0; u < user_count; ++u)
                users.push_back(book.users().add({.name = "User " + std::to_string(100 + u)}).id);
            for (int l = 0; l < 200; ++l)
                leads.push_back(book.leads().add({.full_name = "Lead " + std::to_string(l)}).id);
            std::vector<std::string> stages;
            for (const auto& stage : book.stages().find()) stages.push_back(stage.name);
            const std::int32_t first_day = leadbook::Date::from_ymd(2025, 1, 1).days;
            constexpr std::int64_t chunk = 20'000;
            std::vector<leadbook::Opportunity> batch;
            for (std::int64_t first = 0; first < opportunity_count(); first += chunk) {
                batch.clear();
                for (std::int64_t i = first; i < std::min(first + chunk, opportunity_count());
                     ++i) {
                    const std::uint64_t h = std::uint64_t(i) * 2654435761u;
                    leadbook::Opportunity o;
                    o.title = "Deal " + std::to_string(i);
                    o.linked_to = leads[std::size_t(h % leads.size())];
                    o.stage = stages[std::size_t((h >> 8) % stages.size())];
                    o.assigned_to = users[std::size_t((h >> 4) % users.size())];
                    if (i % 20 != 0)
                        o.expected_close =
                            leadbook::Date{first_day + std::int32_t((h >> 12) % 1096)};
                    o.items = {leadbook::LineItem{
                        .item = "Seat",
                        .quantity = std::int64_t(1 + (h >> 16) % 20),
                        .unit_price = leadbook::Money{std::int64_t((h >> 20) % 100000)}}};
                    batch.push_back(std::move(o));
                }
                book.opportunities().add_many(batch);
            }
        });
}

Shared& totals_shared() {
    static Shared s(opportunities_path());
    return s;
}

struct TotalsQuestion {
    std::string name;
    std::string definition;
    std::string sql; ///< key, count(*), sum(total), sum(total * probability)
};

std::vector<TotalsQuestion> totals_questions() {
    const std::string totals = R"("totals": [{"field": "total", "name": "sum"},
        {"field": "total", "weighted_by": "probability", "name": "weighted"},
        {"field": "total", "function": "average", "name": "average"}])";
    const std::string sums = ", count(*), sum(total), sum(total * probability) FROM opportunities"
                             " WHERE record_kind = 'opportunity' GROUP BY 1 ORDER BY 1";
    return {
        {"pipeline_totals",
         R"({"record_type": "opportunities", "group_by": ["stage"], )" + totals + "}",
         "SELECT stage" + sums},
        {"by_month",
         R"({"record_type": "opportunities", "group_by": [{"field": "expected_close",
             "period": "month"}], )" +
             totals + "}",
         "SELECT strftime('%Y-%m', expected_close * 86400, 'unixepoch')" + sums},
    };
}

std::int64_t rounded_div(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b, r = a % b;
    if (2 * (r < 0 ? -r : r) >= b) q += a < 0 ? -1 : 1;
    return q;
}

/// "label|count|sum|weighted|average;" per group, then the same for all.
std::string totals_leadbook(const TotalsQuestion& q) {
    leadbook::Reports reports(totals_shared().book);
    auto report = reports.run_text(q.definition);
    std::string out;
    auto line = [&](const std::string& label, std::int64_t count, const boost::json::object& t) {
        out += label + "|" + std::to_string(count);
        for (const char* name : {"sum", "weighted", "average"})
            out += "|" + leadbook::report_total_text(t.at(name));
        out += ";";
    };
    for (const auto& g : report.groups())
        line(g.key.is_null() ? "(none)" : g.label, g.count, g.totals);
    line("All", report.total(), report.totals());
    return out;
}

std::string totals_sql(const TotalsQuestion& q) {
    Statement s(totals_shared().raw.handle(), q.sql);
    std::string out, label;
    std::int64_t count = 0, sum = 0, weighted = 0;
    auto line = [&](const std::string& key, std::int64_t n, std::int64_t total, std::int64_t w) {
        out += key + "|" + std::to_string(n) + "|" + leadbook::Money{total}.to_string() + "|" +
               leadbook::Money{rounded_div(w, 100)}.to_string() + "|" +
               (n ? leadbook::Money{rounded_div(total, n)}.to_string() : std::string()) + ";";
    };
    while (s.step()) {
        if (s.is_null(0))
            label = "(none)";
        else
            s.text(0, label);
        line(label, s.integer(1), s.integer(2), s.integer(3));
        count += s.integer(1);
        sum += s.integer(2);
        weighted += s.integer(3);
    }
    line("All", count, sum, weighted);
    return out;
}

void register_totals() {
    for (const auto& q : totals_questions()) {
        const std::string expected = totals_leadbook(q); // also warms the page cache
        const bool same = expected == totals_sql(q);
        if (!same)
            std::cerr << q.name << ": leadbook " << expected << "\n  SQL " << totals_sql(q) << "\n";
        register_pair(
            q.name, 3, same,
            [q](benchmark::State& state) {
                for (auto _ : state) benchmark::DoNotOptimize(totals_leadbook(q));
            },
            [q](benchmark::State& state) {
                for (auto _ : state) benchmark::DoNotOptimize(totals_sql(q));
            });
    }
}

// ---- CSV of the whole report, in a child process -------------------------------

std::int64_t peak_kib() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::atoll(line.c_str() + 6);
    return -1;
}

/// The child: writes leads_by_score as CSV, prints "seconds peak_kib".
int csv_child(const std::string& how, const std::string& path, const std::string& out) {
    const auto start = std::chrono::steady_clock::now();
    if (how == "leadbook") {
        auto book = LeadBook::open(path);
        leadbook::Reports(book).run("leads_by_score").write("csv", out);
    } else {
        // A plain CSV writer over the hand-written query (no quoting needed
        // for this data set: its names hold no commas or quotes).
        Connection raw(path);
        Statement s(raw.handle(), questions()[2].row_sql);
        std::ofstream file(out, std::ios::binary);
        file << "Stars,Name,Company,Phone,E-mail,Source,Modified\r\n";
        std::string t;
        while (s.step()) {
            file << s.integer(1);
            for (int c = 2; c <= 8; ++c) {
                if (c == 6) {
                    file << ',' << s.integer(c);
                    continue;
                }
                s.text(c, t);
                file << ',' << t;
            }
            file << "\r\n";
        }
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%.3f %lld\n", seconds, static_cast<long long>(peak_kib()));
    return 0;
}

struct ChildResult {
    double seconds = 0;
    double peak_mib = 0;
    std::uintmax_t bytes = 0;
};

ChildResult run_csv_child(const std::string& self, const std::string& how) {
    const std::string out = shared().path + "." + how + ".csv";
    const std::string command =
        "'" + self + "' --csv-child " + how + " '" + shared().path + "' '" + out + "'";
    ChildResult r;
    if (FILE* pipe = ::popen(command.c_str(), "r")) {
        long long kib = 0;
        if (std::fscanf(pipe, "%lf %lld", &r.seconds, &kib) == 2) r.peak_mib = double(kib) / 1024.0;
        ::pclose(pipe);
    }
    std::error_code ec;
    r.bytes = std::filesystem::file_size(out, ec);
    std::filesystem::remove(out, ec);
    return r;
}

// ---- which parts run ---------------------------------------------------------------

/// --benchmark_filter's regex, so that a run of some questions makes and
/// reads only the file they need ("pipeline|by_month": opportunities only).
std::string benchmark_filter;

bool wanted(const std::vector<std::string>& names) {
    if (benchmark_filter.empty() || benchmark_filter == "." || benchmark_filter == "all")
        return true;
    const std::regex filter(benchmark_filter);
    for (const auto& name : names)
        for (const char* side : {"/leadbook", "/raw_sqlite"})
            if (std::regex_search(name + side, filter)) return true;
    return false;
}

std::vector<std::string> lead_question_names() {
    std::vector<std::string> out;
    for (const auto& q : questions()) out.push_back(q.name);
    return out;
}

std::vector<std::string> totals_question_names() {
    std::vector<std::string> out;
    for (const auto& q : totals_questions()) out.push_back(q.name);
    return out;
}

} // namespace

int main(int argc, char** argv) {
    if (argc == 5 && std::string(argv[1]) == "--csv-child")
        return csv_child(argv[2], argv[3], argv[4]);
    for (int i = 1; i < argc; ++i)
        if (std::string_view(argv[i]).starts_with("--benchmark_filter="))
            benchmark_filter = std::string(argv[i] + std::strlen("--benchmark_filter="));
    const bool leads = wanted(lead_question_names());
    leadbook::bench::RatioReporter reporter(
        "raw_sqlite",
        "hand-written SQL (built-in reports and totals <= 1.5x, first page <= 2x; by_month has no "
        "target)",
        [](std::string_view question) { return question.starts_with("first_page") ? 2.0 : 1.5; });
    const int status = leadbook::bench::run_benchmarks(argc, argv, reporter, [] {
        if (wanted(lead_question_names())) {
            ensure_database(database_path());
            register_pairs();
        }
        if (wanted(totals_question_names())) {
            ensure_opportunities(opportunities_path());
            register_totals();
        }
        return 0;
    });
    if (status != 0 || !leads) return status;

    const std::string self = std::filesystem::canonical("/proc/self/exe").string();
    const auto mine = run_csv_child(self, "leadbook");
    const auto theirs = run_csv_child(self, "raw_sqlite");
    std::cout << std::fixed << std::setprecision(1) << "\nwhole leads_by_score report as CSV ("
              << lead_count() << " rows), each in a child process:\n"
              << "  leadbook    " << mine.seconds << " s, " << mine.bytes / 1048576.0
              << " MiB written, peak memory " << mine.peak_mib << " MiB (target < 64 MiB: "
              << (mine.peak_mib > 0 && mine.peak_mib < 64 ? "ok" : "MISSED") << ")\n"
              << "  raw SQLite  " << theirs.seconds << " s, " << theirs.bytes / 1048576.0
              << " MiB written, peak memory " << theirs.peak_mib << " MiB\n"
              << "  time ratio  " << std::setprecision(2) << mine.seconds / theirs.seconds << "x\n";
    return 0;
}
