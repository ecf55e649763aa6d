/* The C ABI's storage-safety surface: leadbook_check, read-only books
 * (LEADBOOK_READ_ONLY), the empty path, and the new status names. */
#include "c_test_support.h"

static void test_status_names(void) {
    current = "status_names";
    CHECK(strcmp(leadbook_status_name(LEADBOOK_READ_ONLY), "read_only") == 0);
    CHECK(strcmp(leadbook_status_name(LEADBOOK_CORRUPT), "corrupt") == 0);
    CHECK(LEADBOOK_READ_ONLY == 12 && LEADBOOK_CORRUPT == 13);
}

static void test_check(void) {
    current = "check";
    leadbook_db *db = NULL;
    char *json = NULL;
    CHECK(leadbook_open(":memory:", NULL, &db) == LEADBOOK_OK);
    CHECK(leadbook_add(db, LEADBOOK_LEADS, "{\"full_name\": \"Jane Doe\"}", NULL) == LEADBOOK_OK);
    CHECK(leadbook_check(db, &json) == LEADBOOK_OK);
    CHECK(json != NULL && strcmp(json, "{\"ok\":true,\"problems\":[]}") == 0);
    leadbook_free(json);
    CHECK(leadbook_check(db, NULL) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_check(NULL, &json) == LEADBOOK_INVALID_ARGUMENT);
    leadbook_close(db);
}

static void test_read_only(void) {
    current = "read_only";
    char path[1100];
    path_in_work(path, sizeof path, "read_only.db");
    remove(path);
    leadbook_db *db = NULL;
    CHECK(leadbook_open(path, NULL, &db) == LEADBOOK_OK);
    CHECK(leadbook_add(db, LEADBOOK_LEADS, "{\"full_name\": \"Jane Doe\"}", NULL) == LEADBOOK_OK);
    leadbook_close(db);

    db = NULL;
    CHECK(leadbook_open(path, "{\"read_only\": true}", &db) == LEADBOOK_OK);
    CHECK(leadbook_add(db, LEADBOOK_LEADS, "{\"full_name\": \"John Roe\"}", NULL) ==
          LEADBOOK_READ_ONLY);
    CHECK(leadbook_errcode(db) == LEADBOOK_READ_ONLY);
    CHECK(contains(leadbook_errmsg(db), "read-only"));
    int64_t count = -1;
    CHECK(leadbook_count(db, LEADBOOK_LEADS, NULL, &count) == LEADBOOK_OK);
    CHECK(count == 1);
    leadbook_close(db);
}

static void test_empty_path(void) {
    current = "empty_path";
    leadbook_db *db = NULL;
    CHECK(leadbook_open("", NULL, &db) == LEADBOOK_VALIDATION);
    CHECK(db == NULL);
    CHECK(contains(leadbook_last_error(), ":memory:"));
    CHECK(leadbook_open(":memory:", "{\"vfs\": \"no-such-vfs\"}", &db) == LEADBOOK_VALIDATION);
}

int main(int argc, char **argv) {
    int status = start_tests(argc, argv);
    if (status != 0) return status;
    test_status_names();
    test_check();
    test_read_only();
    test_empty_path();
    return finish_tests();
}
