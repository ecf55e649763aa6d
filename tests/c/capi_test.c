/* Tests of the C ABI, written in C. Usage: leadbook_capi_tests WORK_DIR
 * Prints "N passed, N failed" and exits non-zero on any failure. */
#include "c_test_support.h"

/* The id field of a record's JSON (enough for tests: "id" is first). */
/* The integer value of the first "name": in json, or -1. */
static int64_t json_id_field(const char *json, const char *name) {
    char key[64];
    const char *p;
    snprintf(key, sizeof key, "\"%s\":", name);
    p = strstr(json, key);
    return p ? strtoll(p + strlen(key), NULL, 10) : -1;
}

static int64_t json_id(const char *json) { return json_id_field(json, "id"); }

static int64_t json_version(const char *json) {
    const char *p = strstr(json, "\"version\":");
    return p ? strtoll(p + 10, NULL, 10) : -1;
}

static void test_version(void) {
    current = "version";
    CHECK(leadbook_version_number() == LEADBOOK_VERSION_NUMBER);
    CHECK(strcmp(leadbook_version(), LEADBOOK_VERSION_STRING) == 0);
    CHECK(strcmp(leadbook_status_name(LEADBOOK_CONFLICT), "conflict") == 0);
    CHECK(strcmp(leadbook_status_name(-3), "unknown") == 0);
    CHECK(strcmp(leadbook_status_name(999), "unknown") == 0);
}

/* The text of the field `name` in the schema of `collection`, from its
 * opening brace, or NULL: enough to look at its flags with strncmp. */
static const char *schema_field(const char *schema, const char *collection, const char *name) {
    char key[128];
    const char *start, *next;
    snprintf(key, sizeof key, "{\"collection\":\"%s\",", collection);
    start = strstr(schema, key);
    if (!start) return NULL;
    next = strstr(start + 1, "{\"collection\":");
    snprintf(key, sizeof key, "{\"name\":\"%s\",", name);
    start = strstr(start, key);
    return start && (!next || start < next) ? start : NULL;
}

static void test_field_schema(void) {
    char *schema = NULL;
    const char *field;
    current = "field schema";
    CHECK(leadbook_field_schema(NULL) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(contains(leadbook_last_error(), "out_json is NULL"));
    CHECK(leadbook_field_schema(&schema) == LEADBOOK_OK);
    if (!schema) return;
    CHECK(schema[0] == '[');
    field = schema_field(schema, "leads", "id");
    CHECK(field && strncmp(field,
                           "{\"name\":\"id\",\"type\":\"integer\",\"nullable\":false,"
                           "\"system\":true,\"bytes\":false,",
                           75) == 0);
    field = schema_field(schema, "leads", "photo");
    CHECK(field && strncmp(field,
                           "{\"name\":\"photo\",\"type\":\"string\",\"nullable\":true,"
                           "\"system\":false,\"bytes\":true,",
                           76) == 0);
    field = schema_field(schema, "leads", "full_name");
    CHECK(contains(field, "\"type\":\"string\",\"nullable\":false,\"system\":false,"
                          "\"bytes\":false"));
    field = schema_field(schema, "leads", "assigned_to");
    CHECK(contains(field, "\"type\":\"integer\",\"nullable\":true,\"system\":false"));
    field = schema_field(schema, "leads", "modified_at");
    CHECK(contains(field, "\"type\":\"string\",\"nullable\":false,\"system\":true"));
    /* Nested members are listed under their object or array. */
    field = schema_field(schema, "leads", "emails");
    CHECK(contains(field, "\"type\":\"array\""));
    CHECK(contains(field, "{\"name\":\"address\",\"type\":\"string\""));
    field = schema_field(schema, "leads", "score");
    CHECK(contains(field, "\"type\":\"object\""));
    CHECK(contains(field, "{\"name\":\"stars\",\"type\":\"integer\""));
    field = schema_field(schema, "history", "file_bytes");
    CHECK(contains(field, "\"bytes\":true"));
    field = schema_field(schema, "contacts", "details");
    CHECK(contains(field, "\"type\":\"object\""));
    CHECK(schema_field(schema, "users", "version") != NULL);
    CHECK(schema_field(schema, "users", "photo") == NULL);
    /* What a string or number stands for. */
    CHECK(contains(schema_field(schema, "leads", "created_at"), "\"format\":\"timestamp\""));
    CHECK(contains(schema_field(schema, "history", "due_date"), "\"format\":\"date\""));
    CHECK(contains(schema_field(schema, "opportunities", "total"), "\"format\":\"money\""));
    field = schema_field(schema, "opportunities", "items");
    CHECK(contains(field, "{\"name\":\"unit_price\",\"type\":\"string\",\"nullable\":false,"
                          "\"system\":false,\"bytes\":false,\"format\":\"money\""));
    CHECK(contains(field, "{\"name\":\"discount\",\"type\":\"number\",\"nullable\":false,"
                          "\"system\":false,\"bytes\":false,\"format\":\"percent\""));
    CHECK(contains(schema_field(schema, "leads", "full_name"), "\"format\":\"none\""));
    leadbook_free(schema);
}

static void test_null_arguments(void) {
    leadbook_db *db = NULL;
    leadbook_cursor *cursor = NULL;
    char *json = NULL;
    int64_t count = 0;
    current = "null arguments";
    CHECK(leadbook_open(NULL, NULL, &db) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(db == NULL);
    CHECK(contains(leadbook_last_error(), "path is NULL"));
    CHECK(leadbook_open(":memory:", NULL, NULL) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_add(NULL, LEADBOOK_LEADS, "{\"full_name\":\"J\"}", &json) ==
          LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_get(NULL, LEADBOOK_LEADS, 1, &json) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_update(NULL, LEADBOOK_LEADS, 1, 1, "{}", &json) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_delete(NULL, LEADBOOK_LEADS, 1) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_find(NULL, LEADBOOK_LEADS, NULL, &cursor) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_count(NULL, LEADBOOK_LEADS, NULL, &count) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_cursor_next(NULL, NULL) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_set_acting_user(NULL, 1) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_lead_add_time_stamp(NULL, 1, 1, "x", NULL) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_add_many(NULL, LEADBOOK_LEADS, "[]", NULL, NULL) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(strcmp(leadbook_errmsg(NULL), leadbook_last_error()) == 0);
    CHECK(leadbook_errcode(NULL) == LEADBOOK_INVALID_ARGUMENT);
    leadbook_close(NULL);
    leadbook_cursor_free(NULL);
    leadbook_free(NULL);

    CHECK(leadbook_open(":memory:", NULL, &db) == LEADBOOK_OK);
    CHECK(leadbook_add(db, LEADBOOK_LEADS, NULL, &json) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(contains(leadbook_errmsg(db), "NULL"));
    CHECK(leadbook_get(db, LEADBOOK_LEADS, 1, NULL) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_update(db, LEADBOOK_LEADS, 1, 1, NULL, NULL) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_find(db, LEADBOOK_LEADS, NULL, NULL) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_count(db, LEADBOOK_LEADS, NULL, NULL) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_add(db, (leadbook_collection)42, "{}", NULL) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(contains(leadbook_errmsg(db), "unknown collection 42"));
    CHECK(leadbook_count(db, LEADBOOK_LEADS, NULL, &count) == LEADBOOK_OK);
    CHECK(count == 0);
    CHECK(strcmp(leadbook_errmsg(db), "") == 0);
    leadbook_close(db);
}

static void test_update_latest(void) {
    char path[1200];
    leadbook_db *mine = NULL, *theirs = NULL;
    char *json = NULL;
    int64_t id, version;
    current = "update latest";
    path_in_work(path, sizeof path, "latest.db");
    remove(path);
    CHECK(leadbook_open(path, NULL, &mine) == LEADBOOK_OK);
    CHECK(leadbook_open(path, NULL, &theirs) == LEADBOOK_OK);
    CHECK(leadbook_add(mine, LEADBOOK_LEADS, "{\"full_name\":\"Jane Doe\"}", &json) == LEADBOOK_OK);
    id = json_id(json);
    version = json_version(json);
    leadbook_free(json);
    json = NULL;
    /* Someone else saves the lead after `mine` read it. */
    CHECK(leadbook_update(theirs, LEADBOOK_LEADS, id, version, "{\"company\":\"Acme\"}", NULL) ==
          LEADBOOK_OK);
    CHECK(leadbook_update(mine, LEADBOOK_LEADS, id, version, "{\"rating\":\"hot\"}", NULL) ==
          LEADBOOK_CONFLICT);
    CHECK(leadbook_update_latest(mine, LEADBOOK_LEADS, id, "{\"rating\":\"hot\"}", &json) ==
          LEADBOOK_OK);
    CHECK(json_version(json) == version + 2);
    CHECK(contains(json, "\"company\":\"Acme\""));
    CHECK(contains(json, "\"rating\":\"hot\""));
    leadbook_free(json);
    CHECK(leadbook_update_latest(mine, LEADBOOK_LEADS, id + 1000, "{}", NULL) ==
          LEADBOOK_NOT_FOUND);
    CHECK(leadbook_update_latest(mine, LEADBOOK_LEADS, id, "{\"version\":1}", NULL) ==
          LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(mine), "version"));
    CHECK(leadbook_update_latest(mine, LEADBOOK_LEADS, id, "[]", NULL) == LEADBOOK_VALIDATION);
    CHECK(leadbook_update_latest(mine, LEADBOOK_LEADS, id, NULL, NULL) ==
          LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_update_latest(NULL, LEADBOOK_LEADS, id, "{}", NULL) ==
          LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_update_latest(mine, (leadbook_collection)99, id, "{}", NULL) ==
          LEADBOOK_INVALID_ARGUMENT);
    leadbook_close(theirs);
    leadbook_close(mine);
}

static void test_round_trip(void) {
    char path[1200];
    leadbook_db *db = NULL;
    char *json = NULL;
    char *user = NULL;
    int64_t lead_id, user_id, version, count = -1;
    int64_t *ids = NULL;
    size_t n = 0;
    leadbook_cursor *cursor = NULL;
    const char *row = NULL;
    int rows = 0;
    char query[256];
    char changes[128];

    current = "round trip";
    path_in_work(path, sizeof path, "roundtrip.db");
    remove(path);
    CHECK(leadbook_open(path, "{\"busy_timeout_ms\": 2000}", &db) == LEADBOOK_OK);

    CHECK(leadbook_add(db, LEADBOOK_USERS, "{\"name\":\"Ana Silva\",\"email\":\"ana@example.com\"}",
                       &user) == LEADBOOK_OK);
    user_id = json_id(user);
    CHECK(user_id > 0);
    leadbook_free(user);
    CHECK(leadbook_set_acting_user(db, user_id) == LEADBOOK_OK);
    CHECK(leadbook_set_acting_user(db, 424242) == LEADBOOK_NOT_FOUND);

    CHECK(leadbook_add(db, LEADBOOK_LEADS,
                       "{\"full_name\":\"Jos\xC3\xA9 M\xC3\xBCller\",\"company\":\"Acme\","
                       "\"emails\":[{\"label\":\"work\",\"address\":\"jose@acme.example\"}]}",
                       &json) == LEADBOOK_OK);
    CHECK(contains(json, "\"full_name\":\"Jos\xC3\xA9 M\xC3\xBC"));
    lead_id = json_id(json);
    version = json_version(json);
    CHECK(lead_id > 0);
    CHECK(version == 1);
    leadbook_free(json);
    json = NULL;

    CHECK(leadbook_get(db, LEADBOOK_LEADS, lead_id, &json) == LEADBOOK_OK);
    CHECK(contains(json, "jose@acme.example"));
    leadbook_free(json);
    json = NULL;

    CHECK(leadbook_update(db, LEADBOOK_LEADS, lead_id, version, "{\"company\":\"Acme Corp\"}",
                          &json) == LEADBOOK_OK);
    CHECK(contains(json, "Acme Corp"));
    CHECK(json_version(json) == 2);
    leadbook_free(json);
    json = NULL;

    /* A stale version is a conflict and changes nothing. */
    CHECK(leadbook_update(db, LEADBOOK_LEADS, lead_id, version, "{\"company\":\"Globex\"}", NULL) ==
          LEADBOOK_CONFLICT);
    CHECK(leadbook_errcode(db) == LEADBOOK_CONFLICT);
    CHECK(contains(leadbook_errmsg(db), "changed by someone else"));
    CHECK(leadbook_get(db, LEADBOOK_LEADS, lead_id, &json) == LEADBOOK_OK);
    CHECK(contains(json, "Acme Corp"));
    leadbook_free(json);
    json = NULL;

    CHECK(leadbook_lead_add_time_stamp(db, lead_id, 2, "called", &json) == LEADBOOK_OK);
    CHECK(contains(json, "Ana Silva: called"));
    leadbook_free(json);
    json = NULL;

    CHECK(leadbook_add_many(db, LEADBOOK_LEADS,
                            "[{\"full_name\":\"A\"},{\"full_name\":\"B\"},{\"full_name\":\"C\"}]",
                            &ids, &n) == LEADBOOK_OK);
    CHECK(n == 3);
    CHECK(ids != NULL && ids[0] < ids[1] && ids[1] < ids[2]);
    leadbook_free(ids);
    ids = NULL;

    /* One bad record: nothing added. */
    CHECK(leadbook_add_many(db, LEADBOOK_LEADS, "[{\"full_name\":\"D\"},{\"full_name\":\"\"}]",
                            &ids, &n) == LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "record 1"));
    CHECK(leadbook_count(db, LEADBOOK_LEADS, NULL, &count) == LEADBOOK_OK);
    CHECK(count == 4);

    snprintf(query, sizeof query,
             "{\"where\":[{\"field\":\"full_name\",\"op\":\"in\",\"value\":[\"A\",\"C\"]}],"
             "\"order_by\":[\"-full_name\"],\"limit\":10}");
    CHECK(leadbook_find(db, LEADBOOK_LEADS, query, &cursor) == LEADBOOK_OK);
    while (leadbook_cursor_next(cursor, &row) == LEADBOOK_OK && row != NULL) {
        if (rows == 0) CHECK(contains(row, "\"full_name\":\"C\""));
        if (rows == 1) CHECK(contains(row, "\"full_name\":\"A\""));
        ++rows;
    }
    CHECK(rows == 2);
    /* Reading past the end keeps saying "no more". */
    CHECK(leadbook_cursor_next(cursor, &row) == LEADBOOK_OK && row == NULL);
    leadbook_cursor_free(cursor);

    CHECK(leadbook_count(db, LEADBOOK_LEADS, "{\"where\":[{\"field\":\"nope\",\"value\":1}]}",
                         &count) == LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "unknown field 'nope'"));
    CHECK(leadbook_find(db, LEADBOOK_LEADS, "{\"limit\":", &cursor) == LEADBOOK_VALIDATION);

    snprintf(changes, sizeof changes, "{\"assigned_to\": %lld}", (long long)user_id);
    CHECK(leadbook_update(db, LEADBOOK_LEADS, lead_id, 3, changes, NULL) == LEADBOOK_OK);
    CHECK(leadbook_delete(db, LEADBOOK_LEADS, lead_id) == LEADBOOK_OK);
    CHECK(leadbook_delete(db, LEADBOOK_LEADS, lead_id) == LEADBOOK_NOT_FOUND);
    CHECK(leadbook_get(db, LEADBOOK_LEADS, lead_id, &json) == LEADBOOK_NOT_FOUND);
    CHECK(contains(leadbook_errmsg(db), "does not exist"));
    leadbook_close(db);

    /* Reopen: data persisted. */
    CHECK(leadbook_open(path, "{\"create\": false}", &db) == LEADBOOK_OK);
    CHECK(leadbook_count(db, LEADBOOK_LEADS, NULL, &count) == LEADBOOK_OK);
    CHECK(count == 3);
    CHECK(leadbook_count(db, LEADBOOK_USERS, NULL, &count) == LEADBOOK_OK);
    CHECK(count == 1);
    leadbook_close(db);
}

static void test_bad_input(void) {
    leadbook_db *db = NULL;
    char *json = NULL;
    int64_t count = -1;
    current = "bad input";
    CHECK(leadbook_open(":memory:", NULL, &db) == LEADBOOK_OK);
    CHECK(leadbook_add(db, LEADBOOK_LEADS, "{\"full_name\":\"Jane\"}", NULL) == LEADBOOK_OK);
    CHECK(leadbook_add(db, LEADBOOK_LEADS, "{\"company\":\"x\"}", &json) == LEADBOOK_VALIDATION);
    CHECK(json == NULL);
    CHECK(contains(leadbook_errmsg(db), "'full_name' is required"));
    CHECK(leadbook_add(db, LEADBOOK_LEADS, "{\"full_name\":", NULL) == LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "malformed JSON"));
    CHECK(leadbook_add(db, LEADBOOK_LEADS, "{\"full_name\":\"J\",\"colour\":1}", NULL) ==
          LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "unknown field 'colour'"));
    CHECK(leadbook_add(db, LEADBOOK_LEADS, "{\"full_name\":[1]}", NULL) == LEADBOOK_VALIDATION);
    CHECK(leadbook_add(db, LEADBOOK_LEADS,
                       "{\"full_name\":\"J\",\"emails\":[{\"address\":\"nope\"}]}",
                       NULL) == LEADBOOK_VALIDATION);
    CHECK(leadbook_add(db, LEADBOOK_LEADS, "{\"full_name\":\"J\",\"assigned_to\":77}", NULL) ==
          LEADBOOK_VALIDATION);
    CHECK(leadbook_add(db, LEADBOOK_LEADS, "{\"full_name\":\"J\",\"photo\":\"R0lGODlh\"}", NULL) ==
          LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "PNG or JPEG"));
    CHECK(leadbook_open(":memory:", "{\"colour\": 1}", &db) == LEADBOOK_VALIDATION);
    CHECK(leadbook_count(db, LEADBOOK_LEADS, NULL, &count) == LEADBOOK_OK);
    CHECK(count == 1);
    leadbook_close(db);
}

/* Queries, selections and open options are read by their descriptions:
 * the conditions of find, count, bulk_edit and assign name a bad operator
 * and list the valid ones. */
static void test_queries(void) {
    static const char *const operators =
        "use one of: eq, ne, lt, le, gt, ge, contains, starts_with, in, is_empty, has";
    leadbook_db *db = NULL;
    leadbook_cursor *cursor = NULL;
    int64_t count = -1;
    int64_t changed = -1;
    current = "queries";
    CHECK(leadbook_open(":memory:", NULL, &db) == LEADBOOK_OK);
    CHECK(leadbook_add(db, LEADBOOK_LEADS, "{\"full_name\":\"Ann\",\"company\":\"Acme\"}", NULL) ==
          LEADBOOK_OK);
    CHECK(leadbook_add(db, LEADBOOK_LEADS, "{\"full_name\":\"Bob\",\"company\":\"Initech\"}",
                       NULL) == LEADBOOK_OK);

    /* "op" may be left out: eq. */
    CHECK(leadbook_count(db, LEADBOOK_LEADS,
                         "{\"where\":[{\"field\":\"company\",\"value\":\"Acme\"}]}",
                         &count) == LEADBOOK_OK);
    CHECK(count == 1);

    CHECK(leadbook_find(db, LEADBOOK_LEADS,
                        "{\"where\":[{\"field\":\"company\",\"op\":\"equals\",\"value\":1}]}",
                        &cursor) == LEADBOOK_VALIDATION);
    CHECK(cursor == NULL);
    CHECK(contains(leadbook_errmsg(db), "'where[0].op': 'equals' is not an operator; "));
    CHECK(contains(leadbook_errmsg(db), operators));
    CHECK(leadbook_count(db, LEADBOOK_LEADS,
                         "{\"where\":[{\"field\":\"company\"},{\"field\":\"company\","
                         "\"op\":\"LIKE\"}]}",
                         &count) == LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "'where[1].op': 'LIKE' is not an operator; "));
    CHECK(
        leadbook_bulk_edit(db, LEADBOOK_LEADS,
                           "{\"where\":[{\"field\":\"company\",\"op\":\"is\",\"value\":\"Acme\"}]}",
                           "rating", "\"hot\"", &changed) == LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "'where[0].op': 'is' is not an operator; "));
    CHECK(contains(leadbook_errmsg(db), operators));

    /* Bad keys and shapes are named. */
    CHECK(leadbook_count(db, LEADBOOK_LEADS, "{\"sort\":[\"full_name\"]}", &count) ==
          LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "unknown field 'sort'"));
    CHECK(leadbook_count(db, LEADBOOK_LEADS,
                         "{\"where\":[{\"field\":\"company\",\"operator\":\"eq\"}]}",
                         &count) == LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "unknown field 'where[0].operator'"));
    CHECK(leadbook_count(db, LEADBOOK_LEADS, "{\"where\":[{\"value\":1}]}", &count) ==
          LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "'where[0]' needs a field"));
    CHECK(leadbook_count(db, LEADBOOK_LEADS, "[]", &count) == LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "a query must be a JSON object"));
    CHECK(leadbook_assign(db, LEADBOOK_LEADS, "{\"ids\":[1],\"where\":[]}", 0, &changed) ==
          LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "a selection is {\"ids\": [...]} or {\"where\": [...]}"));
    CHECK(leadbook_assign(db, LEADBOOK_LEADS, NULL, 0, &changed) == LEADBOOK_INVALID_ARGUMENT);

    /* A good selection by conditions changes what it matches. */
    changed = -1;
    CHECK(leadbook_bulk_edit(db, LEADBOOK_LEADS,
                             "{\"where\":[{\"field\":\"company\",\"op\":\"starts_with\","
                             "\"value\":\"ac\"}]}",
                             "rating", "\"hot\"", &changed) == LEADBOOK_OK);
    CHECK(changed == 1);
    CHECK(leadbook_count(db, LEADBOOK_LEADS,
                         "{\"where\":[{\"field\":\"rating\",\"op\":\"in\",\"value\":[\"hot\"]}]}",
                         &count) == LEADBOOK_OK);
    CHECK(count == 1);
    leadbook_close(db);

    /* Open options: unknown keys and wrong types are named. */
    db = NULL;
    CHECK(leadbook_open(":memory:", "{\"busy_timeout\": 5}", &db) == LEADBOOK_VALIDATION);
    CHECK(db == NULL);
    CHECK(contains(leadbook_last_error(), "unknown field 'busy_timeout'"));
    CHECK(leadbook_open(":memory:", "{\"create\": \"yes\"}", &db) == LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_last_error(), "'create' must be true or false"));
    CHECK(leadbook_open(":memory:", "[]", &db) == LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_last_error(), "open options must be a JSON object"));
    CHECK(leadbook_open(":memory:", "{\"busy_timeout_ms\": 50, \"as_user\": null}", &db) ==
          LEADBOOK_OK);
    leadbook_close(db);
}

static void test_bad_files(void) {
    char path[1200];
    FILE *f;
    leadbook_db *db = NULL;
    char buffer[64];
    size_t got;
    current = "bad files";
    path_in_work(path, sizeof path, "not-a-db.txt");
    f = fopen(path, "wb");
    fputs("just some text that is long enough to look like a file header.......", f);
    fclose(f);
    CHECK(leadbook_open(path, NULL, &db) == LEADBOOK_NOT_A_DATABASE);
    CHECK(db == NULL);
    CHECK(contains(leadbook_last_error(), "not a leadbook database"));
    f = fopen(path, "rb");
    got = fread(buffer, 1, sizeof buffer, f);
    fclose(f);
    CHECK(got == sizeof buffer && memcmp(buffer, "just some text", 14) == 0);

    path_in_work(path, sizeof path, "absent.db");
    remove(path);
    CHECK(leadbook_open(path, "{\"create\": false}", &db) == LEADBOOK_NOT_FOUND);
}

static void test_scoring(void) {
    leadbook_db *db = NULL;
    leadbook_cursor *cursor = NULL;
    const char *row = NULL;
    char *json = NULL;
    char lead[256];
    int64_t budget, rival, lead_id, count = 0;
    leadbook_scorer *scorer = NULL;
    int32_t points_list[3] = {3, 2, -2};
    int32_t bad_points[2] = {3, 101};
    int32_t explicit_points[3] = {100, 0, -100};
    uint64_t masks[4] = {0x0, 0x1, 0x3, 0x5};
    int32_t stars[4], points[4], percent[4];

    current = "scoring";
    CHECK(leadbook_open(":memory:", NULL, &db) == LEADBOOK_OK);
    /* Start from an empty criteria list. */
    CHECK(leadbook_find(db, LEADBOOK_CRITERIA, NULL, &cursor) == LEADBOOK_OK);
    while (leadbook_cursor_next(cursor, &row) == LEADBOOK_OK && row != NULL)
        CHECK(leadbook_delete(db, LEADBOOK_CRITERIA, json_id(row)) == LEADBOOK_OK);
    leadbook_cursor_free(cursor);
    CHECK(leadbook_count(db, LEADBOOK_CRITERIA, NULL, &count) == LEADBOOK_OK && count == 0);

    CHECK(leadbook_add(db, LEADBOOK_CRITERIA,
                       "{\"description\":\"Budget confirmed\",\"weight\":\"high\"}",
                       &json) == LEADBOOK_OK);
    budget = json_id(json);
    leadbook_free(json);
    CHECK(leadbook_add(db, LEADBOOK_CRITERIA,
                       "{\"description\":\"Rival chosen\",\"weight\":\"low\",\"effect\":\"lower\"}",
                       &json) == LEADBOOK_OK);
    rival = json_id(json);
    leadbook_free(json);
    CHECK(leadbook_add(db, LEADBOOK_CRITERIA, "{\"description\":\"x\",\"weight\":\"huge\"}",
                       NULL) == LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "'weight'"));

    snprintf(lead, sizeof lead, "{\"full_name\":\"Jane\",\"criteria_met\":[%lld,%lld]}",
             (long long)budget, (long long)rival);
    CHECK(leadbook_add(db, LEADBOOK_LEADS, lead, &json) == LEADBOOK_OK);
    CHECK(contains(json, "\"points\":2,\"max_points\":3"));
    CHECK(contains(json, "\"stars\":3"));
    lead_id = json_id(json);
    leadbook_free(json);

    CHECK(leadbook_lead_score_breakdown(db, lead_id, &json) == LEADBOOK_OK);
    CHECK(contains(json, "\"description\":\"Rival chosen\""));
    CHECK(contains(json, "\"points\":-1"));
    leadbook_free(json);
    CHECK(leadbook_lead_score_breakdown(db, 99999, &json) == LEADBOOK_NOT_FOUND);
    CHECK(leadbook_lead_score_breakdown(db, lead_id, NULL) == LEADBOOK_INVALID_ARGUMENT);

    /* A criteria edit rescores the lead. */
    CHECK(leadbook_update(db, LEADBOOK_CRITERIA, rival, 1, "{\"weight\":\"high\"}", NULL) ==
          LEADBOOK_OK);
    CHECK(leadbook_get(db, LEADBOOK_LEADS, lead_id, &json) == LEADBOOK_OK);
    CHECK(contains(json, "\"points\":0,\"max_points\":3"));
    leadbook_free(json);
    leadbook_close(db);

    /* Scoring plain arrays. */
    CHECK(leadbook_scorer_new(points_list, 3, &scorer) == LEADBOOK_OK);
    CHECK(leadbook_scorer_words_per_record(scorer) == 1);
    CHECK(leadbook_scorer_max_points(scorer) == 5);
    CHECK(leadbook_scorer_score(scorer, masks, 4, stars, points, percent) == LEADBOOK_OK);
    CHECK(points[0] == 0 && stars[0] == 0 && percent[0] == 0);
    CHECK(points[1] == 3 && stars[1] == 3 && percent[1] == 60);
    CHECK(points[2] == 5 && stars[2] == 5 && percent[2] == 100);
    CHECK(points[3] == 1 && stars[3] == 1 && percent[3] == 20);
    CHECK(leadbook_scorer_score(scorer, masks, 4, NULL, NULL, percent) == LEADBOOK_OK);
    CHECK(leadbook_scorer_score(scorer, NULL, 4, stars, NULL, NULL) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_scorer_score(NULL, masks, 4, stars, NULL, NULL) == LEADBOOK_INVALID_ARGUMENT);
    leadbook_scorer_free(scorer);
    scorer = NULL;
    CHECK(leadbook_scorer_new(bad_points, 2, &scorer) == LEADBOOK_VALIDATION);
    CHECK(scorer == NULL);
    /* Explicit points: -100..100, 0 counting nothing. */
    CHECK(leadbook_scorer_new(explicit_points, 3, &scorer) == LEADBOOK_OK);
    CHECK(leadbook_scorer_max_points(scorer) == 100);
    CHECK(leadbook_scorer_score(scorer, masks, 4, stars, points, percent) == LEADBOOK_OK);
    CHECK(points[1] == 100 && stars[1] == 5 && percent[1] == 100);
    CHECK(points[2] == 100 && stars[2] == 5); /* 0x3: 100 + 0 */
    CHECK(points[3] == 0 && stars[3] == 0);   /* 0x5: 100 - 100 */
    leadbook_scorer_free(scorer);
    scorer = NULL;
    CHECK(leadbook_scorer_new(NULL, 2, &scorer) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_scorer_new(NULL, 0, &scorer) == LEADBOOK_OK);
    CHECK(leadbook_scorer_score(scorer, masks, 2, stars, points, percent) == LEADBOOK_OK);
    CHECK(stars[1] == 0 && points[1] == 0 && percent[1] == 0);
    CHECK(leadbook_scorer_max_points(NULL) == 0);
    CHECK(leadbook_scorer_words_per_record(NULL) == 0);
    leadbook_scorer_free(scorer);
    leadbook_scorer_free(NULL);
}

/* Tuning from plain arrays: 200 records on 2 criteria; criterion 0 is met
 * by most converted records, criterion 1 by every record. */
static void test_tuning(void) {
    uint64_t masks[200];
    uint8_t outcomes[200];
    int32_t today[2] = {1, 2};
    char *json = NULL;
    char path[1200];
    leadbook_db *db = NULL;
    int64_t ids[2] = {1, 2};
    uint8_t converted[2] = {1, 0};
    size_t r;
    for (r = 0; r < 200; ++r) {
        outcomes[r] = (uint8_t)(r % 2);
        masks[r] = ((r % 2 == 1 && r % 7 != 0) || r % 10 == 0 ? 1u : 0u) | 2u;
    }
    CHECK(leadbook_tune_weights(masks, outcomes, 200, today, 2, &json) == LEADBOOK_OK);
    CHECK(json != NULL && strstr(json, "\"cv_auc_points\":") != NULL);
    CHECK(json != NULL && strstr(json, "\"points\":[100,2]") != NULL);
    CHECK(json != NULL && strstr(json, "every record meets it") != NULL);
    leadbook_free(json);
    json = NULL;
    /* Too few lost outcomes: the error says how many are needed. */
    CHECK(leadbook_tune_weights(masks, outcomes + 140, 40, today, 2, &json) == LEADBOOK_VALIDATION);
    CHECK(json == NULL);
    CHECK(strstr(leadbook_last_error(), "at least 30 converted and 30 lost") != NULL);
    CHECK(leadbook_tune_weights(NULL, outcomes, 200, today, 2, &json) == LEADBOOK_INVALID_ARGUMENT);
    /* In a database: two labelled records are too few; nothing changes. */
    path_in_work(path, sizeof path, "tune.db");
    remove(path);
    CHECK(leadbook_open(path, NULL, &db) == LEADBOOK_OK);
    CHECK(leadbook_scoring_tune(db, "lead", ids, converted, 2, 1, &json) == LEADBOOK_NOT_FOUND);
    CHECK(leadbook_scoring_tune(db, "leads", ids, converted, 2, 1, &json) == LEADBOOK_VALIDATION);
    CHECK(strstr(leadbook_errmsg(db), "record_type must be one of") != NULL);
    CHECK(json == NULL);
    leadbook_close(db);
}

static void test_grade_bands(void) {
    leadbook_db *db = NULL;
    char *json = NULL;
    char *before = NULL;
    char *lead_before = NULL;
    int64_t lead_id, regraded = -1;

    current = "grade bands";
    CHECK(leadbook_open(":memory:", NULL, &db) == LEADBOOK_OK);
    CHECK(leadbook_grade_bands(db, "lead", &json) == LEADBOOK_OK);
    CHECK(json &&
          strcmp(json, "[{\"name\":\"A\",\"from\":75,\"to\":100},{\"name\":\"B\",\"from\":50,"
                       "\"to\":74},{\"name\":\"C\",\"from\":25,\"to\":49},{\"name\":\"D\","
                       "\"from\":0,\"to\":24}]") == 0);
    leadbook_free(json);
    json = NULL;
    CHECK(leadbook_add(db, LEADBOOK_LEADS, "{\"full_name\":\"Jane\"}", &json) == LEADBOOK_OK);
    lead_id = json_id(json);
    CHECK(contains(json, "\"grade\":\"D\""));
    leadbook_free(json);
    CHECK(leadbook_set_grade_bands(db, "lead", "[{\"name\":\"Warm\",\"from\":0,\"to\":100}]",
                                   &regraded) == LEADBOOK_OK);
    CHECK(regraded == 1);
    CHECK(leadbook_get(db, LEADBOOK_LEADS, lead_id, &lead_before) == LEADBOOK_OK);
    CHECK(contains(lead_before, "\"grade\":\"Warm\""));
    CHECK(leadbook_grade_bands(db, "lead", &before) == LEADBOOK_OK);
    /* Overlap, a gap, bad JSON, an unknown type: refused, nothing changes. */
    CHECK(leadbook_set_grade_bands(db, "lead",
                                   "[{\"name\":\"A\",\"from\":50,\"to\":100},"
                                   "{\"name\":\"B\",\"from\":0,\"to\":50}]",
                                   NULL) == LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "grade bands 'B' and 'A' overlap (50 to 50 is in both)"));
    CHECK(leadbook_set_grade_bands(db, "lead", "[{\"name\":\"A\",\"from\":10,\"to\":100}]", NULL) ==
          LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "no band covers 0 to 9"));
    CHECK(leadbook_set_grade_bands(db, "lead", "{\"name\":\"A\"}", NULL) == LEADBOOK_VALIDATION);
    CHECK(leadbook_set_grade_bands(db, "leads", "[]", NULL) == LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "record_type must be one of"));
    CHECK(leadbook_grade_bands(db, "lead", &json) == LEADBOOK_OK);
    CHECK(json && before && strcmp(json, before) == 0);
    leadbook_free(json);
    CHECK(leadbook_get(db, LEADBOOK_LEADS, lead_id, &json) == LEADBOOK_OK);
    CHECK(json && lead_before && strcmp(json, lead_before) == 0);
    leadbook_free(json);
    leadbook_free(before);
    leadbook_free(lead_before);
    leadbook_close(db);
}

static void test_history_and_conversion(void) {
    leadbook_db *db = NULL;
    leadbook_cursor *cursor = NULL;
    const char *row = NULL;
    char *json = NULL;
    char buffer[512];
    int64_t lead_id, note_id, meeting_id, count = -1;
    int rows = 0;

    current = "history and conversion";
    CHECK(leadbook_open(":memory:", NULL, &db) == LEADBOOK_OK);
    CHECK(leadbook_add(db, LEADBOOK_LEADS, "{\"full_name\":\"Jane\"}", &json) == LEADBOOK_OK);
    lead_id = json_id(json);
    leadbook_free(json);
    snprintf(buffer, sizeof buffer,
             "{\"kind\":\"business_note\",\"subject\":\"first\",\"links\":[%lld],"
             "\"occurred_at\":\"2026-01-01T00:00:00Z\"}",
             (long long)lead_id);
    CHECK(leadbook_add(db, LEADBOOK_HISTORY, buffer, &json) == LEADBOOK_OK);
    note_id = json_id(json);
    leadbook_free(json);
    snprintf(buffer, sizeof buffer,
             "{\"kind\":\"appointment\",\"subject\":\"demo\",\"links\":[%lld],"
             "\"start\":\"2026-02-01T10:00:00Z\"}",
             (long long)lead_id);
    CHECK(leadbook_add(db, LEADBOOK_HISTORY, buffer, &json) == LEADBOOK_OK);
    meeting_id = json_id(json);
    leadbook_free(json);
    snprintf(buffer, sizeof buffer,
             "{\"kind\":\"appointment\",\"links\":[%lld],\"start\":\"2026-02-01T10:00:00Z\","
             "\"end\":\"2026-01-01T10:00:00Z\"}",
             (long long)lead_id);
    CHECK(leadbook_add(db, LEADBOOK_HISTORY, buffer, NULL) == LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "before 'start'"));

    snprintf(buffer, sizeof buffer,
             "{\"where\":[{\"field\":\"links\",\"op\":\"has\",\"value\":%lld}],"
             "\"order_by\":[\"-occurred_at\"]}",
             (long long)lead_id);
    CHECK(leadbook_find(db, LEADBOOK_HISTORY, buffer, &cursor) == LEADBOOK_OK);
    while (leadbook_cursor_next(cursor, &row) == LEADBOOK_OK && row != NULL) {
        if (rows == 0) CHECK(json_id(row) == meeting_id); /* newest first */
        ++rows;
    }
    leadbook_cursor_free(cursor);
    CHECK(rows == 2);

    CHECK(leadbook_lead_convert(db, lead_id, 1, &json) == LEADBOOK_OK);
    CHECK(json_id(json) == lead_id);
    CHECK(contains(json, "\"details\":{"));
    leadbook_free(json);
    CHECK(leadbook_lead_convert(db, lead_id, 2, NULL) == LEADBOOK_VALIDATION);
    /* A contact's breakdown works as a lead's; other ids are not found. */
    CHECK(leadbook_lead_score_breakdown(db, lead_id, &json) == LEADBOOK_OK);
    CHECK(json_id_field(json, "record_id") == lead_id);
    leadbook_free(json);
    CHECK(leadbook_lead_score_breakdown(db, note_id, &json) == LEADBOOK_NOT_FOUND);
    CHECK(contains(leadbook_errmsg(db), "neither a lead nor a business contact"));
    CHECK(leadbook_count(db, LEADBOOK_CONTACTS, NULL, &count) == LEADBOOK_OK && count == 1);
    CHECK(leadbook_count(db, LEADBOOK_LEADS, NULL, &count) == LEADBOOK_OK && count == 0);
    CHECK(leadbook_count(db, LEADBOOK_HISTORY, buffer, &count) == LEADBOOK_OK && count == 2);

    json = (char *)"sentinel";
    CHECK(leadbook_history_unlink(db, note_id, lead_id, &json) == LEADBOOK_OK);
    CHECK(json == NULL); /* the orphan note is gone */
    CHECK(leadbook_history_unlink(db, meeting_id, lead_id, &json) == LEADBOOK_OK);
    CHECK(json != NULL && contains(json, "\"links\":[]"));
    leadbook_free(json);
    CHECK(leadbook_history_unlink(db, meeting_id, lead_id, NULL) == LEADBOOK_NOT_FOUND);
    CHECK(leadbook_get(db, (leadbook_collection)99, 1, &json) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_count(db, LEADBOOK_STAGES, NULL, &count) == LEADBOOK_OK && count == 7);
    leadbook_close(db);
}

/* One user-defined field changed alone (update and bulk edit), stars of
 * many records, and a bad value that changes nothing. */
static void test_custom_fields_and_bulk_stars(void) {
    leadbook_db *db = NULL;
    char *json = NULL;
    char *before = NULL;
    int64_t *ids = NULL;
    size_t count = 0;
    int64_t changed = -1;
    CHECK(leadbook_open(":memory:", NULL, &db) == LEADBOOK_OK);
    CHECK(leadbook_add(db, LEADBOOK_FIELDS,
                       "{\"record_type\":\"lead\",\"name\":\"Budget\",\"type\":\"number\"}",
                       NULL) == LEADBOOK_OK);
    CHECK(leadbook_add_many(db, LEADBOOK_LEADS,
                            "[{\"full_name\":\"A\",\"custom\":{\"Region\":\"EMEA\"}},"
                            "{\"full_name\":\"B\"}]",
                            &ids, &count) == LEADBOOK_OK);
    CHECK(count == 2);
    CHECK(leadbook_update(db, LEADBOOK_LEADS, ids[0], 1, "{\"custom\":{\"Other\":\"x\"}}", &json) ==
          LEADBOOK_OK);
    CHECK(contains(json, "\"custom\":{\"Other\":\"x\",\"Region\":\"EMEA\"}"));
    leadbook_free(json);
    json = NULL;

    CHECK(leadbook_bulk_edit(db, LEADBOOK_LEADS, "{\"where\":[]}", "custom.Budget", "\"12.5\"",
                             &changed) == LEADBOOK_OK);
    CHECK(changed == 2);
    CHECK(leadbook_bulk_edit(db, LEADBOOK_LEADS, "{\"where\":[]}", "score.stars", "4", &changed) ==
          LEADBOOK_OK);
    CHECK(changed == 2);
    CHECK(leadbook_get(db, LEADBOOK_LEADS, ids[0], &before) == LEADBOOK_OK);
    CHECK(contains(before, "\"Budget\":1.25E1") || contains(before, "\"Budget\":12.5"));
    CHECK(contains(before, "\"Region\":\"EMEA\""));
    CHECK(contains(before, "\"mode\":\"manual\",\"stars\":4"));

    /* Bad values: refused, nothing changes. */
    CHECK(leadbook_bulk_edit(db, LEADBOOK_LEADS, "{\"where\":[]}", "custom.Budget", "\"lots\"",
                             &changed) == LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "'custom.Budget' must be a number, not 'lots'"));
    CHECK(leadbook_bulk_edit(db, LEADBOOK_LEADS, "{\"where\":[]}", "score.stars", "7", &changed) ==
          LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "'score.stars' must be from 0 to 5"));
    CHECK(leadbook_get(db, LEADBOOK_LEADS, ids[0], &json) == LEADBOOK_OK);
    CHECK(strcmp(json, before) == 0);
    leadbook_free(json);
    leadbook_free(before);
    leadbook_free(ids);
    leadbook_close(db);
}

/* The pick lists: a rating not in the list refused naming the choices, a
 * rename the records follow, a delete refused in use unless a replacement
 * is named, a reorder; nothing changes on an error. */
static void test_pick_lists(void) {
    leadbook_db *db = NULL;
    char *out = NULL, *lead = NULL, *list = NULL, *after = NULL;
    int64_t lead_id, hot_id, moved = -1;
    const char *p;
    CHECK(leadbook_open(":memory:", NULL, &db) == LEADBOOK_OK);
    if (!db) return;
    CHECK(leadbook_pick_list(db, "lead", "rating", &list) == LEADBOOK_OK);
    CHECK(list && strncmp(list, "[{", 2) == 0 && contains(list, "\"name\":\"Hot\""));
    p = list ? strstr(list, "\"name\":\"Hot\"") : NULL;
    hot_id = -1;
    if (p) { /* the id comes before the name in the entry */
        const char *q = p;
        while (q > list && strncmp(q, "{\"id\":", 6) != 0) --q;
        hot_id = strtoll(q + 6, NULL, 10);
    }
    leadbook_free(list);
    CHECK(leadbook_pick_list(db, "lead", "colour", &list) == LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "list must be one of rating, source"));

    CHECK(leadbook_add(db, LEADBOOK_LEADS, "{\"full_name\":\"Ann\",\"rating\":\"scorching\"}",
                       &out) == LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "choose one of 'Hot', 'Warm', 'Cold'"));
    CHECK(leadbook_add(db, LEADBOOK_LEADS, "{\"full_name\":\"Ann\",\"rating\":\"Hot\"}", &lead) ==
          LEADBOOK_OK);
    lead_id = lead ? json_id(lead) : -1;

    /* Rename: the lead follows. */
    CHECK(leadbook_update(db, LEADBOOK_PICK_LISTS, hot_id, 1, "{\"name\":\"Burning\"}", &out) ==
          LEADBOOK_OK);
    leadbook_free(out);
    out = NULL;
    CHECK(leadbook_get(db, LEADBOOK_LEADS, lead_id, &out) == LEADBOOK_OK);
    CHECK(contains(out, "\"rating\":\"Burning\""));
    leadbook_free(out);
    out = NULL;
    CHECK(leadbook_update(db, LEADBOOK_PICK_LISTS, hot_id, 2, "{\"name\":\"warm\"}", &out) ==
          LEADBOOK_CONFLICT);

    /* Delete in use: refused without a replacement, then moved. */
    CHECK(leadbook_pick_list(db, "lead", "rating", &list) == LEADBOOK_OK);
    CHECK(leadbook_pick_list_delete(db, hot_id, NULL, &moved) == LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "is held by 1 records"));
    CHECK(leadbook_pick_list_reorder(db, "lead", "rating", "[\"Cold\"]", &out) ==
          LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "leaves out"));
    CHECK(leadbook_pick_list(db, "lead", "rating", &after) == LEADBOOK_OK);
    CHECK(list && after && strcmp(list, after) == 0);
    leadbook_free(after);
    after = NULL;
    CHECK(leadbook_pick_list_delete(db, hot_id, "cold", &moved) == LEADBOOK_OK);
    CHECK(moved == 1);
    CHECK(leadbook_pick_list_reorder(db, "lead", "rating", "[\"cold\", \"warm\"]", &after) ==
          LEADBOOK_OK);
    CHECK(after && strstr(after, "\"Cold\"") < strstr(after, "\"Warm\""));
    CHECK(leadbook_get(db, LEADBOOK_LEADS, lead_id, &out) == LEADBOOK_OK);
    CHECK(contains(out, "\"rating\":\"Cold\""));
    leadbook_free(out);
    leadbook_free(after);
    leadbook_free(list);
    leadbook_free(lead);
    leadbook_close(db);
}

int main(int argc, char **argv) {
    int status = start_tests(argc, argv);
    if (status != 0) return status;
    test_version();
    test_field_schema();
    test_null_arguments();
    test_round_trip();
    test_update_latest();
    test_bad_input();
    test_queries();
    test_bad_files();
    test_scoring();
    test_tuning();
    test_grade_bands();
    test_history_and_conversion();
    test_custom_fields_and_bulk_stars();
    test_pick_lists();
    return finish_tests();
}
