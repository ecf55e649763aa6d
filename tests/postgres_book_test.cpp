// LeadBook end to end on PostgreSQL (opened by URI), and what opening a
// PostgreSQL database refuses: wrong host, port, database or user, a
// database of another application, a newer schema, an unknown scheme.
#include <leadbook/leadbook.hpp>
#include <leadbook/postgres_storage.hpp>
#include <leadbook/reports.hpp>

#include "postgres_support.hpp"
#include "test_support.hpp"

#include <algorithm>
#include <filesystem>

using namespace leadbook;
using test::expect_error;

namespace {

boost::json::object obj(std::string_view json) { return parse_json(json).as_object(); }

/// The names of the tables in database `db` of the test server.
std::vector<std::string> tables_of(const std::string& db) {
    PGconn* conn = PQconnectdb((test::postgres_server() + " dbname=" + db).c_str());
    EXPECT_EQ(PQstatus(conn), CONNECTION_OK) << PQerrorMessage(conn);
    PGresult* r = PQexec(conn, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                               "ORDER BY tablename");
    std::vector<std::string> names;
    for (int i = 0; i < PQntuples(r); ++i) names.push_back(PQgetvalue(r, i, 0));
    PQclear(r);
    PQfinish(conn);
    return names;
}

/// Runs `sql` in database `db` of the test server.
void run_in(const std::string& db, const std::string& sql) {
    PGconn* conn = PQconnectdb((test::postgres_server() + " dbname=" + db).c_str());
    PGresult* r = PQexec(conn, sql.c_str());
    EXPECT_TRUE(PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK)
        << PQresultErrorMessage(r);
    PQclear(r);
    PQfinish(conn);
}

std::string uri_of(const std::string& db, const std::string& extra = {}) {
    return "postgresql:///" + db + "?host=" + test::postgres_server_field("host") +
           "&port=" + test::postgres_server_field("port") +
           "&user=" + test::postgres_server_field("user") + extra;
}

} // namespace

TEST(PostgresBook, AddGetFindUpdateBulkEditAndReport) {
    auto book = LeadBook::open(test::new_postgres_uri());
    const Id ana = book.users().add(User{.name = "Ana Silva", .email = "ana@example.com"}).id;
    const Id bo = book.users().add(User{.name = "Bo"}).id;
    std::vector<Id> ids;
    for (int i = 0; i < 12; ++i) {
        Lead lead = test::sample_lead("Lead " + std::to_string(100 + i), i);
        lead.assigned_to = i % 3 == 0 ? std::optional<Id>(ana) : std::nullopt;
        if (i == 0) lead.photo.data = test::tiny_png();
        ids.push_back(book.leads().add(lead).id);
    }
    const Lead got = book.leads().get(ids[0]);
    EXPECT_EQ(got.full_name, "Lead 100");
    EXPECT_EQ(got.emails.size(), 2u);
    EXPECT_EQ(got.addresses.at(0).city, "Springfield");
    EXPECT_EQ(got.photo.data, test::tiny_png());

    RecordQuery q;
    q.where = {{"assigned_to", FilterOp::eq, ana}};
    q.order_by = {"-full_name"};
    std::vector<std::string> names;
    for (const Lead& lead : book.leads().find(q)) names.push_back(lead.full_name);
    EXPECT_EQ(names, (std::vector<std::string>{"Lead 109", "Lead 106", "Lead 103", "Lead 100"}));
    EXPECT_EQ(book.leads().count({.where = {{"company", FilterOp::eq, "COMPANY 1"}}}), 1);

    // A stale version is refused and changes nothing.
    const Lead updated = book.leads().update(got.id, got.version, obj(R"({"company": "Acme"})"));
    EXPECT_EQ(updated.version, 2);
    expect_error(ErrorCode::conflict, "", [&] {
        book.leads().update(got.id, got.version, obj(R"({"company": "Globex"})"));
    });
    EXPECT_EQ(book.leads().get(got.id).company, "Acme");
    EXPECT_EQ(book.leads().get(got.id).version, 2);

    EXPECT_EQ(book.leads().bulk_edit(Selection::of({ids[1], ids[2]}), "rating", "hot"), 2);
    EXPECT_EQ(book.leads().get(ids[1]).rating, "hot");
    EXPECT_EQ(book.leads().assign(Selection::of({ids[1]}), bo), 1);

    Reports reports(book);
    auto report = reports.run("leads_by_assigned_to");
    EXPECT_EQ(report.total(), 12);
    const auto& groups = report.groups();
    ASSERT_EQ(groups.size(), 3u);
    EXPECT_TRUE(groups[0].key.is_null()); // (none) first
    EXPECT_EQ(groups[0].count, 7);
    EXPECT_EQ(groups[1].key, boost::json::value(ana));
    EXPECT_EQ(groups[1].count, 4);
    EXPECT_EQ(groups[2].count, 1);
}

TEST(PostgresBook, TwoBooksOnOneDatabaseSeeEachOthersWrites) {
    const std::string uri = test::new_postgres_uri();
    auto first = LeadBook::open(uri);
    auto second = LeadBook::open(uri);
    const Lead lead = first.leads().add(test::sample_lead("Jane"));
    const Lead theirs = second.leads().update(lead.id, 1, obj(R"({"job_title": "CEO"})"));
    expect_error(ErrorCode::conflict, "",
                 [&] { first.leads().update(lead.id, 1, obj(R"({"job_title": "CFO"})")); });
    EXPECT_EQ(first.leads().get(lead.id).job_title, "CEO");
    EXPECT_EQ(first.leads().get(lead.id).version, theirs.version);
}

// ---- bad input ------------------------------------------------------------------

TEST(PostgresBook, StatementsPreparedOnceStayRightPastTheCacheAndAcrossAnAddedColumn) {
    // More distinct statements than a connection keeps prepared
    // (Connection::max_prepared is 256): each answer is checked, the first
    // ones again after the cache was emptied and refilled.
    const std::string db = test::new_postgres_database();
    auto book = LeadBook::open(uri_of(db));
    std::vector<Id> ids;
    for (int i = 0; i < 70; ++i)
        ids.push_back(book.leads().add(test::sample_lead("Lead " + std::to_string(i), i)).id);
    auto count_first = [&](std::size_t n, const std::string& order) {
        boost::json::array first;
        for (std::size_t i = 0; i < n; ++i) first.push_back(ids[i]);
        std::int64_t found = 0;
        for (const auto& lead :
             book.leads().find({.where = {{"id", FilterOp::in, first}}, .order_by = {order}})) {
            EXPECT_LT(std::find(ids.begin(), ids.begin() + std::ptrdiff_t(n), lead.id),
                      ids.begin() + std::ptrdiff_t(n));
            ++found;
        }
        return found;
    };
    for (int round = 0; round < 2; ++round)
        for (const std::string order : {"full_name", "-full_name", "company", "-company", "id"})
            for (std::size_t n = 1; n <= 64; ++n)
                ASSERT_EQ(count_first(n, order), std::int64_t(n)) << order << " " << n;
    // Another connection adds a column to a table the statements read (as a
    // newer leadbook's migration might): the prepared reads go on.
    run_in(db, "ALTER TABLE records ADD COLUMN added_later text");
    EXPECT_EQ(count_first(10, "full_name"), 10);
    EXPECT_EQ(book.leads().get(ids[3]).full_name, "Lead 3");
    auto lead = book.leads().get(ids[4]);
    EXPECT_EQ(book.leads().update(lead.id, lead.version, obj(R"({"company": "Later"})")).company,
              "Later");
}

namespace {

/// The definition of index `name` in database `db` of the test server.
std::string index_definition(const std::string& db, const std::string& name) {
    PGconn* conn = PQconnectdb((test::postgres_server() + " dbname=" + db).c_str());
    const std::string sql = "SELECT indexdef FROM pg_indexes WHERE indexname = '" + name + "'";
    PGresult* r = PQexec(conn, sql.c_str());
    std::string out = PQntuples(r) == 1 ? PQgetvalue(r, 0, 0) : "";
    PQclear(r);
    PQfinish(conn);
    return out;
}

} // namespace

TEST(PostgresBook, IndexesHoldNullsFirstAsFindsSortAndAVersionFourBookIsReindexed) {
    const std::string db = test::new_postgres_database();
    Id id = 0;
    {
        auto book = LeadBook::open(uri_of(db));
        id = book.leads().add(test::sample_lead("Ann", 1)).id;
    }
    EXPECT_NE(index_definition(db, "records_company").find("lower(company) NULLS FIRST"),
              std::string::npos)
        << index_definition(db, "records_company");
    EXPECT_NE(index_definition(db, "emails_address").find("NULLS FIRST"), std::string::npos);
    // As version 4 made them: without NULLS FIRST.
    run_in(db, "DROP INDEX records_company; CREATE INDEX records_company ON records "
               "(record_kind, lower(company)); DROP INDEX emails_address; CREATE INDEX "
               "emails_address ON emails (lower(address)); UPDATE leadbook_schema SET version = 4");
    ASSERT_EQ(index_definition(db, "records_company").find("NULLS FIRST"), std::string::npos);
    auto book = LeadBook::open(uri_of(db));
    EXPECT_NE(index_definition(db, "records_company").find("lower(company) NULLS FIRST"),
              std::string::npos);
    EXPECT_NE(index_definition(db, "emails_address").find("NULLS FIRST"), std::string::npos);
    EXPECT_EQ(book.leads().get(id).full_name, "Ann");
    EXPECT_EQ(book.leads().count(), 1);
}

TEST(PostgresBook, ALostConnectionInsideATransactionRollsBackAndSaysSo) {
    const std::string db = test::new_postgres_database();
    auto book = LeadBook::open(uri_of(db));
    book.leads().add(test::sample_lead("Kept"));
    // What a server that stops does to each connection: its backend ends.
    const auto end_connections = [&] {
        test::postgres_admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                             "datname = '" +
                             db + "' AND pid <> pg_backend_pid()");
    };
    try {
        book.write_transaction([&] {
            book.leads().add(test::sample_lead("Lost"));
            end_connections();
            book.leads().add(test::sample_lead("Never"));
        });
        ADD_FAILURE() << "a write on a lost connection succeeded";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::storage) << e.what();
        EXPECT_NE(std::string(e.what()).find("was lost"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find(db), std::string::npos) << e.what();
    }
    // The handle answers at once, with a storage error, and does not hang.
    try {
        (void)book.leads().count();
        ADD_FAILURE() << "a read on a lost connection succeeded";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::storage) << e.what();
    }
    // Nothing of the transaction was stored; what was committed before is.
    auto again = LeadBook::open(uri_of(db));
    EXPECT_EQ(again.leads().count(), 1);
    for (const Lead& lead : again.leads().find()) EXPECT_EQ(lead.full_name, "Kept");
}

TEST(PostgresOpen, AWrongPortDatabaseOrUserIsAStorageErrorNamingHostAndDatabase) {
    const std::string db = test::new_postgres_database();
    const std::string host = test::postgres_server_field("host");
    const std::string port = test::postgres_server_field("port");
    const std::string user = test::postgres_server_field("user");
    auto refused = [&](const std::string& uri, const std::string& words,
                       const std::string& where = {}) {
        try {
            LeadBook::open(uri);
            ADD_FAILURE() << "opened " << uri;
        } catch (const Error& e) {
            const std::string message = e.what();
            EXPECT_EQ(e.code(), ErrorCode::storage) << message;
            EXPECT_NE(message.find(words), std::string::npos) << message;
            EXPECT_NE(message.find("host " + (where.empty() ? host : where)), std::string::npos)
                << message;
            EXPECT_EQ(message.find("S3cret-pw"), std::string::npos) << message;
        }
    };
    const std::string secret = "&password=S3cret-pw";
    refused("postgresql://" + user + ":S3cret-pw@/" + db + "?host=" + host + "&port=1",
            "database " + db);
    refused("postgresql:///no_such_database_here?host=" + host + "&port=" + port + "&user=" + user +
                secret,
            "database no_such_database_here");
    refused("postgresql:///" + db + "?host=" + host + "&port=" + port + "&user=nobody_here" +
                secret,
            "user nobody_here");
    refused("postgresql:///" + db + "?host=/nonexistent/folder&port=" + port + secret,
            "database " + db, "/nonexistent/folder");
    EXPECT_TRUE(tables_of(db).empty()); // nothing was created
}

TEST(PostgresOpen, AWrongPasswordIsRefusedNamingHostAndDatabaseNeverThePassword) {
    // server.sh makes this role log in by password (scram-sha-256).
    test::postgres_admin("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = "
                         "'leadbook_password') THEN CREATE ROLE leadbook_password LOGIN; END IF; "
                         "END $$");
    test::postgres_admin("ALTER ROLE leadbook_password PASSWORD 'Right-pw-1'");
    const std::string db = test::new_postgres_database();
    test::postgres_admin("ALTER DATABASE " + db + " OWNER TO leadbook_password");
    const std::string host = test::postgres_server_field("host");
    const std::string port = test::postgres_server_field("port");
    auto uri = [&](const std::string& password) {
        return "postgresql://leadbook_password:" + password + "@/" + db + "?host=" + host +
               "&port=" + port;
    };
    try {
        LeadBook::open(uri("Wr0ng-pw-9"));
        ADD_FAILURE() << "opened with a wrong password";
    } catch (const Error& e) {
        const std::string message = e.what();
        EXPECT_EQ(e.code(), ErrorCode::storage) << message;
        EXPECT_NE(message.find("password"), std::string::npos) << message;
        EXPECT_NE(message.find("host " + host), std::string::npos) << message;
        EXPECT_NE(message.find("database " + db), std::string::npos) << message;
        EXPECT_EQ(message.find("Wr0ng-pw-9"), std::string::npos) << message;
    }
    EXPECT_TRUE(tables_of(db).empty()); // nothing was created
    // The right one opens it (so the refusal was the password's).
    auto book = LeadBook::open(uri("Right-pw-1"));
    EXPECT_EQ(book.leads().add(test::sample_lead("Ana")).id > 0, true);
}

TEST(PostgresOpen, APasswordNeverShowsInMessages) {
    EXPECT_EQ(redacted_conninfo("postgresql://ana:S3cret-pw@db.example:5432/crm?sslmode=require"),
              "postgresql://ana:***@db.example:5432/crm?sslmode=require");
    EXPECT_EQ(redacted_conninfo("postgres://db.example/crm?password=S3cret-pw&user=ana"),
              "postgres://db.example/crm?password=***&user=ana");
    const std::string keys = redacted_conninfo("host=db.example password=S3cret-pw dbname=crm");
    EXPECT_EQ(keys.find("S3cret-pw"), std::string::npos) << keys;
    EXPECT_NE(keys.find("dbname=crm"), std::string::npos) << keys;
}

TEST(PostgresOpen, ADatabaseOfAnotherApplicationIsRefusedAndLeftAsItWas) {
    const std::string db = test::new_postgres_database();
    run_in(db, "CREATE TABLE invoices (id integer PRIMARY KEY, total numeric);"
               "INSERT INTO invoices VALUES (1, 9.5)");
    expect_error(ErrorCode::not_a_database, "invoices", [&] { LeadBook::open(uri_of(db)); });
    EXPECT_EQ(tables_of(db), (std::vector<std::string>{"invoices"}));
}

TEST(PostgresOpen, ANewerSchemaIsRefusedAndLeftAsItWas) {
    const std::string db = test::new_postgres_database();
    Id id = 0;
    {
        auto book = LeadBook::open(uri_of(db));
        id = book.leads().add(test::sample_lead("Jane")).id;
    }
    const int newer = postgres_schema_version() + 1;
    run_in(db, "UPDATE leadbook_schema SET version = " + std::to_string(newer));
    expect_error(ErrorCode::schema_too_new, "upgrade leadbook",
                 [&] { LeadBook::open(uri_of(db)); });
    run_in(db, "UPDATE leadbook_schema SET version = " + std::to_string(postgres_schema_version()));
    auto book = LeadBook::open(uri_of(db));
    EXPECT_EQ(book.leads().get(id).full_name, "Jane"); // the data was not touched
}

TEST(PostgresOpen, AnUnknownSchemeIsRefused) {
    test::TempDir dir;
    const auto before = std::filesystem::current_path();
    expect_error(ErrorCode::validation, "'mysql://...'",
                 [&] { LeadBook::open("mysql://db.example/crm"); });
    expect_error(ErrorCode::validation, "postgresql://",
                 [&] { LeadBook::open("sqlite://crm.db"); });
    EXPECT_FALSE(std::filesystem::exists("mysql:"));
    EXPECT_FALSE(std::filesystem::exists("sqlite:"));
    EXPECT_EQ(std::filesystem::current_path(), before);
}

TEST(PostgresOpen, ReadOnlyRefusesWritesAndAnEmptyDatabase) {
    const std::string uri = test::new_postgres_uri();
    expect_error(ErrorCode::read_only, "read-only",
                 [&] { LeadBook::open(uri, OpenOptions{.read_only = true}); });
    { LeadBook::open(uri).leads().add(test::sample_lead("Jane")); }
    auto book = LeadBook::open(uri, OpenOptions{.read_only = true});
    EXPECT_EQ(book.leads().count(), 1);
    expect_error(ErrorCode::read_only, "read-only",
                 [&] { book.leads().add(test::sample_lead("Bob")); });
    EXPECT_EQ(book.leads().count(), 1);
}
