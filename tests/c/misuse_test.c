/* Misuse of the C ABI is answered with LEADBOOK_MISUSE, never a crash: a
 * callback that calls back into the handle it was called from, and a
 * handle used after leadbook_close. */
#include "c_test_support.h"

/* What a change listener that calls back into its own handle saw. */
struct reentry {
    leadbook_db *db;
    int calls;
    leadbook_status add, count, get, remove_listener;
    int last_error_says_callback;
};

static void listener_calling_back(const char *changes_json, void *user_data) {
    struct reentry *r = (struct reentry *)user_data;
    int64_t count = -1;
    char *json = NULL;
    (void)changes_json;
    ++r->calls;
    r->add = leadbook_add(r->db, LEADBOOK_LEADS, "{\"full_name\":\"From the listener\"}", &json);
    r->last_error_says_callback = contains(leadbook_last_error(), "callback");
    r->count = leadbook_count(r->db, LEADBOOK_LEADS, NULL, &count);
    r->get = leadbook_get(r->db, LEADBOOK_LEADS, 1, &json);
    r->remove_listener = leadbook_remove_change_listener(r->db, 1);
    leadbook_close(r->db); /* refused: the handle stays open */
}

static int progress_calling_back(const char *progress_json, void *user_data) {
    struct reentry *r = (struct reentry *)user_data;
    char *json = NULL;
    (void)progress_json;
    ++r->calls;
    r->add = leadbook_add(r->db, LEADBOOK_LEADS, "{\"full_name\":\"From progress\"}", &json);
    return 0;
}

static void test_listener_calling_back(void) {
    leadbook_db *db = NULL;
    struct reentry r;
    uint64_t token = 0;
    int64_t count = 0;
    char *json = NULL;
    current = "a listener calling back into its handle";
    memset(&r, 0, sizeof r);
    CHECK(leadbook_open(":memory:", NULL, &db) == LEADBOOK_OK);
    r.db = db;
    CHECK(leadbook_add_change_listener(db, listener_calling_back, &r, &token) == LEADBOOK_OK);
    CHECK(leadbook_add(db, LEADBOOK_LEADS, "{\"full_name\":\"Jane Doe\"}", &json) == LEADBOOK_OK);
    CHECK(contains(json, "Jane Doe"));
    leadbook_free(json);
    CHECK(r.calls == 1);
    CHECK(r.add == LEADBOOK_MISUSE);
    CHECK(r.last_error_says_callback);
    CHECK(r.count == LEADBOOK_MISUSE);
    CHECK(r.get == LEADBOOK_MISUSE);
    CHECK(r.remove_listener == LEADBOOK_MISUSE);
    /* The handle still works; what the outer call stored is there, what the
     * listener tried to add is not, and the outer call's status is kept. */
    CHECK(leadbook_errcode(db) == LEADBOOK_OK);
    CHECK(leadbook_count(db, LEADBOOK_LEADS, NULL, &count) == LEADBOOK_OK);
    CHECK(count == 1);
    CHECK(leadbook_remove_change_listener(db, token) == LEADBOOK_OK);

    /* An import's progress function, likewise. */
    memset(&r, 0, sizeof r);
    r.db = db;
    {
        const char csv[] = "Full Name\r\nAda Lovelace\r\n";
        CHECK(leadbook_import_csv_buffer(db, csv, sizeof csv - 1, NULL, progress_calling_back, &r,
                                         &json) == LEADBOOK_OK);
        CHECK(contains(json, "\"added\":1"));
        leadbook_free(json);
    }
    CHECK(r.calls >= 1);
    CHECK(r.add == LEADBOOK_MISUSE);
    CHECK(leadbook_count(db, LEADBOOK_LEADS, NULL, &count) == LEADBOOK_OK);
    CHECK(count == 2);
    leadbook_close(db);
}

static void test_closed_handle(void) {
    char path[1200];
    leadbook_db *db = NULL;
    leadbook_db *again = NULL;
    int64_t count = 0;
    char *json = NULL;
    current = "a closed handle";
    path_in_work(path, sizeof path, "closed.db");
    remove(path);
    CHECK(leadbook_open(path, NULL, &db) == LEADBOOK_OK);
    CHECK(leadbook_add(db, LEADBOOK_LEADS, "{\"full_name\":\"Jane Doe\"}", NULL) == LEADBOOK_OK);
    leadbook_close(db);
    CHECK(leadbook_count(db, LEADBOOK_LEADS, NULL, &count) == LEADBOOK_MISUSE);
    CHECK(contains(leadbook_last_error(), "closed"));
    CHECK(leadbook_add(db, LEADBOOK_LEADS, "{\"full_name\":\"Ghost\"}", &json) == LEADBOOK_MISUSE);
    CHECK(json == NULL);
    CHECK(leadbook_errcode(db) == LEADBOOK_MISUSE);
    leadbook_close(db); /* twice: nothing happens */
    CHECK(contains(leadbook_last_error(), "closed"));
    CHECK(strcmp(leadbook_status_name(LEADBOOK_MISUSE), "misuse") == 0);
    /* What was stored before is all there, and nothing more. */
    CHECK(leadbook_open(path, NULL, &again) == LEADBOOK_OK);
    CHECK(leadbook_count(again, LEADBOOK_LEADS, NULL, &count) == LEADBOOK_OK);
    CHECK(count == 1);
    leadbook_close(again);
}

int main(int argc, char **argv) {
    int status = start_tests(argc, argv);
    if (status != 0) return status;
    test_listener_calling_back();
    test_closed_handle();
    return finish_tests();
}
