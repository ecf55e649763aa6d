/* The C ABI on a PostgreSQL book: leadbook_open with a postgresql:// URI,
 * records added, read, counted and updated with a stale version, and a URI
 * of an unknown scheme refused. The server is the one CTest starts
 * (tests/postgres/server.sh); its connection string is in the file
 * LEADBOOK_TEST_POSTGRES names. */
#include "c_test_support.h"

#include <libpq-fe.h>
#include <stdlib.h>
#include <unistd.h>

/* The value of `key` in "host=... port=... user=..." (into out). */
static void field_of(const char *conninfo, const char *key, char *out, size_t size) {
    out[0] = '\0';
    const char *at = strstr(conninfo, key);
    if (!at) return;
    at += strlen(key) + 1;
    size_t n = strcspn(at, " \n");
    if (n >= size) n = size - 1;
    memcpy(out, at, n);
    out[n] = '\0';
}

/* Makes a new database on the test server; writes its URI to `uri`. */
static int new_database(char *uri, size_t size) {
    const char *file = getenv("LEADBOOK_TEST_POSTGRES");
    if (!file) {
        fprintf(stderr, "LEADBOOK_TEST_POSTGRES is not set: run this test through ctest\n");
        return 0;
    }
    char conninfo[1024] = "";
    FILE *in = fopen(file, "r");
    if (!in || !fgets(conninfo, sizeof conninfo, in)) {
        fprintf(stderr, "no PostgreSQL test server: cannot read %s\n", file);
        if (in) fclose(in);
        return 0;
    }
    fclose(in);
    char host[512], port[32], user[128], admin[1200], sql[200], name[100];
    field_of(conninfo, "host", host, sizeof host);
    field_of(conninfo, "port", port, sizeof port);
    field_of(conninfo, "user", user, sizeof user);
    snprintf(admin, sizeof admin, "host=%s port=%s user=%s dbname=postgres", host, port, user);
    snprintf(name, sizeof name, "leadbook_capi_%ld", (long)getpid());
    PGconn *conn = PQconnectdb(admin);
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
    PGresult *r = PQexec(conn, sql);
    const int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    if (!ok) fprintf(stderr, "cannot create a test database: %s\n", PQerrorMessage(conn));
    PQclear(r);
    PQfinish(conn);
    snprintf(uri, size, "postgresql:///%s?host=%s&port=%s&user=%s", name, host, port, user);
    return ok;
}

static void test_records(const char *uri) {
    current = "records";
    leadbook_db *db = NULL;
    char *json = NULL;
    CHECK(leadbook_open(uri, NULL, &db) == LEADBOOK_OK);
    CHECK(leadbook_add(db, LEADBOOK_LEADS,
                       "{\"full_name\": \"Jane Doe\", \"company\": \"Acme\","
                       " \"emails\": [{\"label\": \"work\", \"address\": \"jane@acme.example\"}]}",
                       NULL) == LEADBOOK_OK);
    CHECK(leadbook_add(db, LEADBOOK_LEADS, "{\"full_name\": \"John Roe\"}", NULL) == LEADBOOK_OK);
    int64_t count = -1;
    CHECK(leadbook_count(db, LEADBOOK_LEADS,
                         "{\"where\": [{\"field\": \"company\", \"value\": \"ACME\"}]}",
                         &count) == LEADBOOK_OK);
    CHECK(count == 1);
    CHECK(leadbook_count(db, LEADBOOK_LEADS, NULL, &count) == LEADBOOK_OK);
    CHECK(count == 2);
    leadbook_close(db);

    /* Another handle on the same database sees it; a stale version is refused. */
    db = NULL;
    CHECK(leadbook_open(uri, NULL, &db) == LEADBOOK_OK);
    CHECK(leadbook_get(db, LEADBOOK_LEADS, 1, &json) == LEADBOOK_OK);
    CHECK(contains(json, "\"jane@acme.example\""));
    leadbook_free(json);
    CHECK(leadbook_update(db, LEADBOOK_LEADS, 1, 1, "{\"job_title\": \"CEO\"}", NULL) ==
          LEADBOOK_OK);
    CHECK(leadbook_update(db, LEADBOOK_LEADS, 1, 1, "{\"job_title\": \"CFO\"}", NULL) ==
          LEADBOOK_CONFLICT);
    json = NULL;
    CHECK(leadbook_get(db, LEADBOOK_LEADS, 1, &json) == LEADBOOK_OK);
    CHECK(contains(json, "\"CEO\"") && contains(json, "\"version\":2"));
    leadbook_free(json);
    leadbook_close(db);
}

static void test_unknown_scheme(void) {
    current = "unknown_scheme";
    leadbook_db *db = NULL;
    CHECK(leadbook_open("mysql://db.example/crm", NULL, &db) == LEADBOOK_VALIDATION);
    CHECK(db == NULL);
    CHECK(contains(leadbook_last_error(), "postgresql://"));
}

static void test_wrong_database(const char *uri) {
    current = "wrong_database";
    char wrong[1400];
    /* The same server, a database that does not exist, a password. */
    const char *query = strchr(uri, '?');
    snprintf(wrong, sizeof wrong, "postgresql:///no_such_db%s&password=S3cret-pw",
             query ? query : "");
    leadbook_db *db = NULL;
    CHECK(leadbook_open(wrong, NULL, &db) == LEADBOOK_STORAGE);
    CHECK(db == NULL);
    CHECK(contains(leadbook_last_error(), "database no_such_db"));
    CHECK(!contains(leadbook_last_error(), "S3cret-pw"));
}

/* leadbook_copy from PostgreSQL into a new SQLite file: the same records,
 * the counts reported; into a file that is not empty: refused, unchanged. */
static void test_copy(const char *uri) {
    char file[1024];
    path_in_work(file, sizeof file, "copied.db");
    remove(file);
    char *json = NULL;
    CHECK(leadbook_copy(uri, file, &json) == LEADBOOK_OK);
    CHECK(contains(json, "{\"table\":\"lead\",\"rows\":2}"));
    leadbook_free(json);
    leadbook_db *db = NULL;
    CHECK(leadbook_open(file, NULL, &db) == LEADBOOK_OK);
    json = NULL;
    CHECK(leadbook_get(db, LEADBOOK_LEADS, 1, &json) == LEADBOOK_OK);
    CHECK(contains(json, "\"jane@acme.example\"") && contains(json, "\"version\":2"));
    leadbook_free(json);
    leadbook_close(db);

    CHECK(leadbook_copy(uri, file, NULL) == LEADBOOK_CONFLICT);
    CHECK(contains(leadbook_last_error(), "not empty"));
    CHECK(leadbook_open(file, NULL, &db) == LEADBOOK_OK);
    int64_t count = 0;
    CHECK(leadbook_count(db, LEADBOOK_LEADS, NULL, &count) == LEADBOOK_OK);
    CHECK(count == 2);
    leadbook_close(db);
    CHECK(leadbook_copy(NULL, file, NULL) == LEADBOOK_INVALID_ARGUMENT);
}

int main(int argc, char **argv) {
    int status = start_tests(argc, argv);
    if (status != 0) return status;
    char uri[1400];
    if (!new_database(uri, sizeof uri)) return 1;
    test_records(uri);
    test_unknown_scheme();
    test_wrong_database(uri);
    test_copy(uri);
    return finish_tests();
}
