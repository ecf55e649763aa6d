// postgres_bench: leadbook on a PostgreSQL server next to hand-written libpq
// doing the same work on the same server, and next to leadbook on a SQLite
// file.
//
// It needs a server and a role that may create databases: the connection
// string is $LEADBOOK_BENCH_POSTGRES. The tests' throwaway server does:
//
//   tests/postgres/server.sh start /tmp/leadbook-bench-pg
//   export LEADBOOK_BENCH_POSTGRES="$(cat /tmp/leadbook-bench-pg/conninfo)"
//   build/bench/benchmarks/postgres_bench
//   tests/postgres/server.sh stop /tmp/leadbook-bench-pg
//
// Each question has "<question>/leadbook" (a book on the server) and
// "<question>/libpq", the baseline: hand-written libpq storing or reading
// the same values in tables of the same shape (a lead table with its
// e-mail and phone lists in tables of their own), on the same server, each
// side in a database of its own. "<question>/sqlite" is leadbook on a
// SQLite file, for the question whether the server is as fast as the file.
//
//   add_many:   100,000 leads, each with an e-mail and a phone, in one call;
//               the baseline COPYs the rows and both lists in one transaction.
//   get_by_id:  one lead with its lists by id (a random one of the 100,000);
//               the baseline's one SELECT returns the row and both lists.
//   first_page: the first 100 leads by company, then id; the baseline's
//               one SELECT ... ORDER BY company, id LIMIT 100.
//
// After the table, leadbook's time over libpq's for each pair. The client's
// messages to the server per operation (its round trips) are counted from
// outside, e.g. with `strace -f -c -e trace=sendto` over one benchmark.
#include "bench_support.hpp"

#include <leadbook/leadbook.hpp>

#include <benchmark/benchmark.h>
#include <libpq-fe.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using namespace leadbook;

constexpr int lead_count = 100'000;

std::string server_conninfo() {
    const char* given = std::getenv("LEADBOOK_BENCH_POSTGRES");
    if (!given || !*given)
        throw std::runtime_error(
            "set LEADBOOK_BENCH_POSTGRES to a libpq connection string (see the file's header)");
    return given;
}

struct PgDeleter {
    void operator()(PGconn* c) const { PQfinish(c); }
    void operator()(PGresult* r) const { PQclear(r); }
};
using Connection = std::unique_ptr<PGconn, PgDeleter>;
using Result = std::unique_ptr<PGresult, PgDeleter>;

Connection connect(const std::string& conninfo) {
    Connection c(PQconnectdb(conninfo.c_str()));
    if (PQstatus(c.get()) != CONNECTION_OK)
        throw std::runtime_error(std::string("libpq: ") + PQerrorMessage(c.get()));
    return c;
}

Result exec(PGconn* c, const std::string& sql) {
    Result r(PQexec(c, sql.c_str()));
    const auto status = PQresultStatus(r.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        throw std::runtime_error(sql + ": " + PQerrorMessage(c));
    return r;
}

/// A fresh, empty database `name` on the server; its connection string.
std::string fresh_database(const std::string& name) {
    auto admin = connect(server_conninfo() + " dbname=postgres");
    exec(admin.get(), "DROP DATABASE IF EXISTS " + name);
    exec(admin.get(), "CREATE DATABASE " + name);
    return server_conninfo() + " dbname=" + name;
}

/// The URI LeadBook::open takes for a database of the server.
std::string book_uri(const std::string& database) {
    // conninfo "host=H port=P user=U" into postgresql:///DB?host=H&port=P&user=U
    std::string query;
    std::string word;
    std::istringstream in(server_conninfo());
    while (in >> word) query += (query.empty() ? "?" : "&") + word;
    return "postgresql:///" + database + query;
}

std::vector<Lead> make_leads() {
    std::vector<Lead> leads(lead_count);
    for (int i = 0; i < lead_count; ++i) {
        auto& l = leads[std::size_t(i)];
        l.full_name = "Lead " + std::to_string(i);
        l.company = "Company " + std::to_string((i * 7919) % 5000);
        l.emails = {{"work", "lead" + std::to_string(i) + "@example.com"}};
        l.phones = {{"business", "+1 555 " + std::to_string(1000000 + i)}};
    }
    return leads;
}

const std::vector<Lead>& leads() {
    static const std::vector<Lead> made = make_leads();
    return made;
}

// --- the baseline's tables and work ----------------------------------------

void create_hand_tables(PGconn* c) {
    exec(c, "CREATE TABLE hand_leads (id bigserial PRIMARY KEY, full_name text NOT NULL, "
            "company text NOT NULL DEFAULT '', created_at timestamptz NOT NULL DEFAULT now(), "
            "version bigint NOT NULL DEFAULT 1);"
            "CREATE TABLE hand_emails (owner_id bigint NOT NULL REFERENCES hand_leads ON DELETE "
            "CASCADE, position int NOT NULL, label text NOT NULL, address text NOT NULL, "
            "PRIMARY KEY (owner_id, position));"
            "CREATE TABLE hand_phones (owner_id bigint NOT NULL REFERENCES hand_leads ON DELETE "
            "CASCADE, position int NOT NULL, label text NOT NULL, number text NOT NULL, "
            "PRIMARY KEY (owner_id, position));");
}

void copy_in(PGconn* c, const std::string& sql, const std::string& data) {
    Result start(PQexec(c, sql.c_str()));
    if (PQresultStatus(start.get()) != PGRES_COPY_IN)
        throw std::runtime_error(sql + ": " + PQerrorMessage(c));
    if (PQputCopyData(c, data.data(), int(data.size())) != 1 || PQputCopyEnd(c, nullptr) != 1)
        throw std::runtime_error(std::string("COPY: ") + PQerrorMessage(c));
    Result done(PQgetResult(c));
    if (PQresultStatus(done.get()) != PGRES_COMMAND_OK)
        throw std::runtime_error(std::string("COPY: ") + PQerrorMessage(c));
    while (Result more{PQgetResult(c)}) {}
}

/// The baseline's add_many: ids from the sequence, then the three COPYs, in
/// one transaction. (The values are plain text without tabs or backslashes.)
void hand_add_many(PGconn* c, const std::vector<Lead>& rows) {
    exec(c, "BEGIN");
    auto ids = exec(c, "SELECT nextval('hand_leads_id_seq') FROM generate_series(1, " +
                           std::to_string(rows.size()) + ")");
    std::string leads_data, emails, phones;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const std::string id = PQgetvalue(ids.get(), int(i), 0);
        leads_data += id + "\t" + rows[i].full_name + "\t" + rows[i].company + "\n";
        for (std::size_t e = 0; e < rows[i].emails.size(); ++e)
            emails += id + "\t" + std::to_string(e) + "\t" + rows[i].emails[e].label + "\t" +
                      rows[i].emails[e].address + "\n";
        for (std::size_t p = 0; p < rows[i].phones.size(); ++p)
            phones += id + "\t" + std::to_string(p) + "\t" + rows[i].phones[p].label + "\t" +
                      rows[i].phones[p].number + "\n";
    }
    copy_in(c, "COPY hand_leads (id, full_name, company) FROM STDIN", leads_data);
    copy_in(c, "COPY hand_emails (owner_id, position, label, address) FROM STDIN", emails);
    copy_in(c, "COPY hand_phones (owner_id, position, label, number) FROM STDIN", phones);
    exec(c, "COMMIT");
}

constexpr const char* hand_get_sql =
    "SELECT l.id, l.full_name, l.company, l.created_at, l.version, "
    "(SELECT array_agg(e.label || ' ' || e.address ORDER BY e.position) FROM hand_emails e "
    "WHERE e.owner_id = l.id), "
    "(SELECT array_agg(p.label || ' ' || p.number ORDER BY p.position) FROM hand_phones p "
    "WHERE p.owner_id = l.id) FROM hand_leads l WHERE l.id = $1";

// --- the books and databases, made once ------------------------------------

struct Prepared {
    std::string uri;     ///< the PostgreSQL book with the 100,000 leads
    std::string hand;    ///< the baseline's database with them
    std::string sqlite;  ///< the SQLite book with them
    std::vector<Id> ids; ///< the leads' ids in the book
    std::vector<std::int64_t> hand_ids;
};

Prepared& prepared() {
    static Prepared p = [] {
        Prepared out;
        out.uri = book_uri("leadbook_bench_read");
        fresh_database("leadbook_bench_read");
        {
            auto book = LeadBook::open(out.uri);
            out.ids = book.leads().add_many(std::span<const Lead>(leads()));
        }
        // Both sides read with fresh planner statistics, as autovacuum gives
        // them a while after a bulk load.
        exec(connect(server_conninfo() + " dbname=leadbook_bench_read").get(), "ANALYZE");
        out.hand = fresh_database("leadbook_bench_hand_read");
        auto c = connect(out.hand);
        create_hand_tables(c.get());
        hand_add_many(c.get(), leads());
        exec(c.get(), "ANALYZE");
        auto ids = exec(c.get(), "SELECT id FROM hand_leads ORDER BY id");
        for (int i = 0; i < PQntuples(ids.get()); ++i)
            out.hand_ids.push_back(std::stoll(PQgetvalue(ids.get(), i, 0)));
        out.sqlite = bench::scratch("postgres_bench_read.db");
        bench::remove_db(out.sqlite);
        auto file = LeadBook::open(out.sqlite);
        file.leads().add_many(leads());
        return out;
    }();
    return p;
}

// --- the benchmarks ---------------------------------------------------------

void add_many_leadbook(benchmark::State& state) {
    for (auto _ : state) {
        state.PauseTiming();
        const std::string uri = book_uri("leadbook_bench_add");
        fresh_database("leadbook_bench_add");
        auto book = LeadBook::open(uri);
        state.ResumeTiming();
        auto added = book.leads().add_many(leads());
        benchmark::DoNotOptimize(added);
    }
    state.SetItemsProcessed(std::int64_t(state.iterations()) * lead_count);
}

void add_many_libpq(benchmark::State& state) {
    for (auto _ : state) {
        state.PauseTiming();
        auto c = connect(fresh_database("leadbook_bench_hand_add"));
        create_hand_tables(c.get());
        state.ResumeTiming();
        hand_add_many(c.get(), leads());
    }
    state.SetItemsProcessed(std::int64_t(state.iterations()) * lead_count);
}

void add_many_sqlite(benchmark::State& state) {
    const std::string path = bench::scratch("postgres_bench_add.db");
    for (auto _ : state) {
        state.PauseTiming();
        bench::remove_db(path);
        auto book = LeadBook::open(path);
        state.ResumeTiming();
        auto added = book.leads().add_many(leads());
        benchmark::DoNotOptimize(added);
    }
    bench::remove_db(path);
    state.SetItemsProcessed(std::int64_t(state.iterations()) * lead_count);
}

void get_by_id_leadbook(benchmark::State& state) {
    auto& p = prepared();
    auto book = LeadBook::open(p.uri);
    std::mt19937 random(7);
    for (auto _ : state) {
        auto lead = book.leads().get(p.ids[random() % p.ids.size()]);
        if (lead.emails.size() != 1 || lead.phones.size() != 1)
            state.SkipWithError("a lead without its lists");
        benchmark::DoNotOptimize(lead);
    }
}

void get_by_id_libpq(benchmark::State& state) {
    auto& p = prepared();
    auto c = connect(p.hand);
    Result prepared_statement(PQprepare(c.get(), "get", hand_get_sql, 1, nullptr));
    std::mt19937 random(7);
    for (auto _ : state) {
        const std::string id = std::to_string(p.hand_ids[random() % p.hand_ids.size()]);
        const char* values[] = {id.c_str()};
        Result r(PQexecPrepared(c.get(), "get", 1, values, nullptr, nullptr, 0));
        if (PQresultStatus(r.get()) != PGRES_TUPLES_OK || PQntuples(r.get()) != 1)
            state.SkipWithError("the baseline's get failed");
        benchmark::DoNotOptimize(r);
    }
}

void get_by_id_sqlite(benchmark::State& state) {
    auto& p = prepared();
    auto book = LeadBook::open(p.sqlite);
    std::mt19937 random(7);
    for (auto _ : state) {
        auto lead = book.leads().get(p.ids[random() % p.ids.size()]);
        benchmark::DoNotOptimize(lead);
    }
}

void first_page_leadbook(benchmark::State& state) {
    auto& p = prepared();
    auto book = LeadBook::open(p.uri);
    for (auto _ : state) {
        std::size_t n = 0;
        for (auto& lead : book.leads().find({.order_by = {"company"}, .limit = 100})) {
            benchmark::DoNotOptimize(lead);
            ++n;
        }
        if (n != 100) state.SkipWithError("not 100 leads");
    }
}

void first_page_libpq(benchmark::State& state) {
    auto& p = prepared();
    auto c = connect(p.hand);
    for (auto _ : state) {
        auto r =
            exec(c.get(), "SELECT l.id, l.full_name, l.company, l.created_at, l.version, "
                          "(SELECT array_agg(e.label || ' ' || e.address ORDER BY e.position) FROM "
                          "hand_emails e WHERE e.owner_id = l.id), "
                          "(SELECT array_agg(p.label || ' ' || p.number ORDER BY p.position) FROM "
                          "hand_phones p WHERE p.owner_id = l.id) "
                          "FROM hand_leads l ORDER BY l.company, l.id LIMIT 100");
        if (PQntuples(r.get()) != 100) state.SkipWithError("not 100 rows");
        benchmark::DoNotOptimize(r);
    }
}

void first_page_sqlite(benchmark::State& state) {
    auto& p = prepared();
    auto book = LeadBook::open(p.sqlite);
    for (auto _ : state) {
        for (auto& lead : book.leads().find({.order_by = {"company"}, .limit = 100}))
            benchmark::DoNotOptimize(lead);
    }
}

} // namespace

BENCHMARK(add_many_leadbook)
    ->Name("add_many/leadbook")
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);
BENCHMARK(add_many_libpq)->Name("add_many/libpq")->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(add_many_sqlite)->Name("add_many/sqlite")->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(get_by_id_leadbook)->Name("get_by_id/leadbook")->Unit(benchmark::kMicrosecond);
BENCHMARK(get_by_id_libpq)->Name("get_by_id/libpq")->Unit(benchmark::kMicrosecond);
BENCHMARK(get_by_id_sqlite)->Name("get_by_id/sqlite")->Unit(benchmark::kMicrosecond);
BENCHMARK(first_page_leadbook)->Name("first_page/leadbook")->Unit(benchmark::kMillisecond);
BENCHMARK(first_page_libpq)->Name("first_page/libpq")->Unit(benchmark::kMillisecond);
BENCHMARK(first_page_sqlite)->Name("first_page/sqlite")->Unit(benchmark::kMillisecond);

int main(int argc, char** argv) {
    leadbook::bench::RatioReporter reporter("libpq", "hand-written libpq on the same server",
                                            [](std::string_view question) {
                                                // add_many: COPY on both sides
                                                return question == "add_many" ? 1.2 : 1.5;
                                            });
    return leadbook::bench::run_benchmarks(argc, argv, reporter);
}
