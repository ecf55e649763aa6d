// Several OS processes share one database: a SQLite file, or a PostgreSQL
// database (each process on a connection of its own, as a team on several
// machines): no lost update, no "database is locked", no deadlock, bulk and
// single edits and an import serialized, busy only past the timeout.
#include <leadbook/leadbook.hpp>

#include "postgres_support.hpp"
#include "test_support.hpp"

#include <cstdio>
#include <map>
#include <sstream>

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace leadbook;

namespace {

/// A running worker process with its standard output on a pipe.
struct Worker {
    pid_t pid = -1;
    int out = -1;
};

Worker start(std::vector<std::string> args) {
    args.insert(args.begin(), LEADBOOK_PROCESS_WORKER);
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe");
    Worker w;
    w.pid = fork();
    if (w.pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        execv(argv[0], argv.data());
        _exit(127);
    }
    close(fds[1]);
    w.out = fds[0];
    return w;
}

/// Waits for the worker; returns its output, checks it exited 0.
std::string finish(Worker w) {
    std::string text;
    char buf[4096];
    ssize_t n;
    while ((n = read(w.out, buf, sizeof buf)) > 0) text.append(buf, std::size_t(n));
    close(w.out);
    int status = 0;
    waitpid(w.pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << text;
    return text;
}

/// "lead ID N" lines added up over workers.
void add_successes(const std::string& output, std::map<Id, int>& into, int& conflicts) {
    std::istringstream in(output);
    std::string word;
    while (in >> word) {
        if (word == "lead") {
            Id id;
            int n;
            in >> id >> n;
            into[id] += n;
        } else if (word == "conflicts") {
            int c;
            in >> c;
            conflicts += c;
        }
    }
}

} // namespace

TEST(Processes, ConcurrentReadModifyWriteLosesNoUpdate) {
    test::TempDir dir;
    const std::string path = dir.file("shared.db");
    std::vector<Id> ids;
    {
        auto book = LeadBook::open(path);
        std::vector<Lead> leads;
        for (int i = 0; i < 50; ++i)
            leads.push_back(test::sample_lead("Shared " + std::to_string(i), i));
        ids = book.leads().add_many(leads);
    }
    std::vector<Worker> workers;
    for (int w = 0; w < 4; ++w)
        workers.push_back(start({"rmw", path, std::to_string(w), "500", std::to_string(100 + w)}));
    std::map<Id, int> successes;
    int conflicts = 0;
    for (auto& w : workers) add_successes(finish(w), successes, conflicts);

    int total = 0;
    for (const auto& [id, n] : successes) total += n;
    EXPECT_EQ(total, 4 * 500); // every edit eventually succeeded
    auto book = LeadBook::open(path);
    for (Id id : ids) {
        Lead lead = book.leads().get(id);
        int expected = successes.count(id) ? successes[id] : 0;
        double count = lead.custom.count("count") ? std::get<double>(lead.custom.at("count")) : 0;
        EXPECT_EQ(count, expected) << "lead " << id; // no edit lost or applied twice
        EXPECT_EQ(lead.version, 1 + expected) << "lead " << id;
    }
    RecordProperty("conflicts_retried", conflicts);
}

TEST(Processes, BulkEditAndSingleEditsAreSerialized) {
    test::TempDir dir;
    const std::string path = dir.file("bulk.db");
    constexpr int leads_count = 50000;
    {
        auto book = LeadBook::open(path);
        std::vector<Lead> leads(leads_count);
        for (int i = 0; i < leads_count; ++i) {
            leads[std::size_t(i)].full_name = "Bulk " + std::to_string(i);
            leads[std::size_t(i)].company = "Bulk";
            leads[std::size_t(i)].rating = "cold";
        }
        book.leads().add_many(leads);
    }
    std::vector<Worker> singles;
    for (int w = 0; w < 3; ++w)
        singles.push_back(start({"title", path, std::to_string(w), "150", std::to_string(7 + w)}));
    Worker bulk = start({"bulk", path});
    std::map<Id, int> successes;
    int conflicts = 0;
    for (auto& w : singles) add_successes(finish(w), successes, conflicts);
    std::string bulk_out = finish(bulk);
    EXPECT_NE(bulk_out.find("changed 50000"), std::string::npos) << bulk_out;

    auto book = LeadBook::open(path);
    EXPECT_EQ(book.leads().count({.where = {{"rating", FilterOp::eq, "hot"}}}), leads_count);
    for (const auto& [id, n] : successes) {
        Lead lead = book.leads().get(id);
        // One bulk edit plus this lead's single edits, none lost.
        EXPECT_EQ(lead.version, 1 + 1 + n) << "lead " << id;
        EXPECT_EQ(lead.rating, "hot");
        EXPECT_EQ(lead.job_title.substr(0, 1), "w");
    }
}

TEST(Processes, OpeningAndReadingDoNotWaitForAWriter) {
    test::TempDir dir;
    const std::string path = dir.file("held.db");
    {
        auto book = LeadBook::open(path);
        for (int i = 0; i < 10; ++i)
            book.leads().add(test::sample_lead("Held " + std::to_string(i)));
    }
    // This process holds the write lock with a transaction it has not
    // committed; the worker opens with a busy timeout of 0, so any wait
    // for that lock would fail at once.
    sqlite3* writer = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &writer), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(writer, "BEGIN IMMEDIATE; UPDATE records SET notes = 'held'", nullptr,
                           nullptr, nullptr),
              SQLITE_OK);
    const std::string output = finish(start({"read", path}));
    EXPECT_NE(output.find("leads 10\n"), std::string::npos) << output;
    // The lock was really held: the worker's write found it.
    EXPECT_NE(output.find("write busy\n"), std::string::npos) << output;
    sqlite3_exec(writer, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(writer);
    auto book = LeadBook::open(path);
    EXPECT_EQ(book.leads().count(), 10);
}

// ---- PostgreSQL: a team on one server ------------------------------------

TEST(PostgresProcesses, EditsBulkEditAndImportAtOnceLoseNothing) {
    const std::string uri = test::new_postgres_uri();
    constexpr int bulk_count = 500;
    std::vector<Id> shared;
    {
        auto book = LeadBook::open(uri);
        std::vector<Lead> leads;
        for (int i = 0; i < 20; ++i)
            leads.push_back(test::sample_lead("Shared " + std::to_string(i), i));
        shared = book.leads().add_many(leads);
        std::vector<Lead> bulk(bulk_count);
        for (int i = 0; i < bulk_count; ++i) {
            bulk[std::size_t(i)].full_name = "Bulk " + std::to_string(i);
            bulk[std::size_t(i)].company = "Bulk";
            bulk[std::size_t(i)].rating = "cold";
        }
        book.leads().add_many(bulk);
    }
    std::vector<Worker> editors;
    for (int w = 0; w < 3; ++w)
        editors.push_back(start({"rmw", uri, std::to_string(w), "30", std::to_string(300 + w)}));
    std::vector<Worker> titles;
    for (int w = 0; w < 2; ++w)
        titles.push_back(start({"title", uri, std::to_string(w), "20", std::to_string(400 + w)}));
    Worker bulk = start({"bulk", uri});
    Worker importer = start({"import", uri, "100"});

    std::map<Id, int> edits;
    int conflicts = 0;
    for (auto& w : editors) add_successes(finish(w), edits, conflicts);
    std::map<Id, int> retitled;
    for (auto& w : titles) add_successes(finish(w), retitled, conflicts);
    const std::string bulk_out = finish(bulk);
    EXPECT_NE(bulk_out.find("changed " + std::to_string(bulk_count)), std::string::npos)
        << bulk_out;
    const std::string import_out = finish(importer);
    EXPECT_NE(import_out.find("added 100"), std::string::npos) << import_out;

    auto book = LeadBook::open(uri);
    int total = 0;
    for (const auto& [id, n] : edits) total += n;
    EXPECT_EQ(total, 3 * 30); // every edit eventually succeeded
    for (Id id : shared) {
        Lead lead = book.leads().get(id);
        const int expected = edits.count(id) ? edits[id] : 0;
        const double count =
            lead.custom.count("count") ? std::get<double>(lead.custom.at("count")) : 0;
        EXPECT_EQ(count, expected) << "lead " << id; // no edit lost or applied twice
        EXPECT_EQ(lead.version, 1 + expected) << "lead " << id;
    }
    EXPECT_EQ(book.leads().count(
                  {.where = {{"company", FilterOp::eq, "Bulk"}, {"rating", FilterOp::eq, "hot"}}}),
              bulk_count);
    for (const auto& [id, n] : retitled) {
        Lead lead = book.leads().get(id);
        EXPECT_EQ(lead.version, 1 + 1 + n) << "lead " << id; // the bulk edit and these
        EXPECT_EQ(lead.rating, "hot");
    }
    EXPECT_EQ(book.leads().count({.where = {{"company", FilterOp::eq, "Imported"}}}), 100);
    RecordProperty("conflicts_retried", conflicts);
}

TEST(PostgresProcesses, AWriterWaitsForTheLockThenIsBusyWithAClearMessage) {
    const std::string db = test::new_postgres_database();
    const std::string uri = "postgresql:///" + db + "?host=" + test::postgres_server_field("host") +
                            "&port=" + test::postgres_server_field("port") +
                            "&user=" + test::postgres_server_field("user");
    {
        auto book = LeadBook::open(uri);
        for (int i = 0; i < 10; ++i)
            book.leads().add(test::sample_lead("Held " + std::to_string(i)));
    }
    // This process holds the write lock (the advisory lock writers take) in
    // a transaction it has not ended; the worker's lock timeout is the
    // shortest there is, so it reads at once and its write is busy.
    PGconn* writer = PQconnectdb((test::postgres_server() + " dbname=" + db).c_str());
    ASSERT_EQ(PQstatus(writer), CONNECTION_OK) << PQerrorMessage(writer);
    PGresult* r = PQexec(writer, "BEGIN; SELECT pg_advisory_xact_lock(1279542859); "
                                 "UPDATE records SET notes = 'held'");
    ASSERT_EQ(PQresultStatus(r), PGRES_COMMAND_OK) << PQresultErrorMessage(r);
    PQclear(r);
    const std::string output = finish(start({"read", uri}));
    EXPECT_NE(output.find("leads 10\n"), std::string::npos) << output;
    EXPECT_NE(output.find("write busy\n"), std::string::npos) << output;
    EXPECT_NE(output.find("longer than the lock timeout"), std::string::npos) << output;
    EXPECT_NE(output.find("nothing was written"), std::string::npos) << output;
    PQclear(PQexec(writer, "ROLLBACK"));
    PQfinish(writer);
    auto book = LeadBook::open(uri);
    EXPECT_EQ(book.leads().count(), 10); // the busy write stored nothing
}
