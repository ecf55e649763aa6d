/* Tests of the reports part of the C ABI, written in C.
 * Usage: leadbook_reports_capi_tests WORK_DIR
 * Prints "N passed, N failed" and exits non-zero on any failure. */
#include "c_test_support.h"

static leadbook_db *db = NULL;

static int count_of(const char *text, const char *part) {
    int n = 0;
    for (const char *p = text ? strstr(text, part) : NULL; p; p = strstr(p + 1, part)) ++n;
    return n;
}

static char *read_all(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc((size_t)size + 1);
    size_t got = fread(text, 1, (size_t)size, f);
    text[got] = '\0';
    fclose(f);
    return text;
}

static int64_t add_user(const char *name) {
    char json[256], *out = NULL;
    snprintf(json, sizeof json, "{\"name\": \"%s\"}", name);
    if (leadbook_add(db, LEADBOOK_USERS, json, &out) != LEADBOOK_OK) return -1;
    int64_t id = strtoll(strstr(out, "\"id\":") + 5, NULL, 10);
    leadbook_free(out);
    return id;
}

static void add_lead(const char *name, int64_t user, const char *rating, int stars) {
    char json[512];
    snprintf(json, sizeof json,
             "{\"full_name\": \"%s\", \"assigned_to\": %lld, \"rating\": \"%s\", \"score\": "
             "{\"mode\": \"manual\", \"stars\": %d}, \"emails\": [{\"address\": \"x@y.example\"}]}",
             name, (long long)user, rating, stars);
    CHECK(leadbook_add(db, LEADBOOK_LEADS, json, NULL) == LEADBOOK_OK);
}

static void test_null_arguments(void) {
    leadbook_report *report = NULL;
    char *text = NULL;
    const char *row = NULL;
    current = "null arguments";
    CHECK(leadbook_report_run(NULL, "leads_by_score", &report) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(contains(leadbook_report_errmsg(NULL), "must not be NULL"));
    CHECK(leadbook_report_run(db, NULL, &report) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_report_run(db, "leads_by_score", NULL) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(report == NULL);
    CHECK(leadbook_report_next_row(NULL, &row) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_report_groups_json(NULL, &text) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_report_info_json(NULL, &text) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_report_definition_json(NULL, &text) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_report_write(NULL, "csv", "x.csv") == LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_report_render(NULL, "csv", &text) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_report_rewind(NULL) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_report_save(NULL, "n", "{}", NULL, 0, NULL) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_report_save(db, NULL, "{}", NULL, 0, NULL) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_report_save(db, "n", NULL, NULL, 0, NULL) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_report_open(db, "leads_by_score", NULL) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_report_list(db, NULL, NULL) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_report_rename(db, NULL, "x") == LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_report_delete(NULL, "x") == LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_report_validate(db, NULL) == LEADBOOK_INVALID_ARGUMENT);
    leadbook_report_free(NULL);
}

static void test_builtin_report(void) {
    leadbook_report *report = NULL;
    char *json = NULL;
    const char *row = NULL;
    int rows = 0;
    current = "built-in report";
    CHECK(leadbook_report_run(db, "leads_by_score", &report) == LEADBOOK_OK);
    if (!report) return;
    CHECK(leadbook_report_groups_json(report, &json) == LEADBOOK_OK);
    CHECK(contains(json, "{\"key\":5,\"label\":\"5\",\"count\":2}"));
    CHECK(strstr(json, "\"key\":5") < strstr(json, "\"key\":1,"));
    leadbook_free(json);
    CHECK(leadbook_report_info_json(report, &json) == LEADBOOK_OK);
    CHECK(contains(json, "\"title\":\"Leads by Score\""));
    CHECK(contains(json, "\"total\":4"));
    CHECK(contains(json, "{\"field\":\"emails.address\",\"heading\":\"E-mail\"}"));
    leadbook_free(json);
    CHECK(leadbook_report_next_row(report, &row) == LEADBOOK_OK);
    CHECK(contains(row, "\"values\":{\"full_name\":\"Alice\""));
    CHECK(contains(row, "\"emails.address\":\"x@y.example\""));
    while (row) {
        ++rows;
        CHECK(leadbook_report_next_row(report, &row) == LEADBOOK_OK);
    }
    CHECK(rows == 4);
    CHECK(leadbook_report_rewind(report) == LEADBOOK_OK);
    CHECK(leadbook_report_next_row(report, &row) == LEADBOOK_OK && contains(row, "Alice"));
    CHECK(leadbook_report_definition_json(report, &json) == LEADBOOK_OK);
    CHECK(contains(json, "{\"field\":\"score.stars\",\"descending\":true}"));
    leadbook_free(json);
    leadbook_report_free(report);
}

static void test_definition_and_output(void) {
    leadbook_report *report = NULL;
    char *text = NULL, path[1100];
    const char *row = NULL;
    const char *def = "{\"columns\": [\"full_name\", \"assigned_to\"], \"filters\": [{\"field\": "
                      "\"rating\", \"op\": \"eq\", \"value\": \"hot\"}], \"group_by\": "
                      "[\"assigned_to\", \"rating\"], \"sort\": [{\"field\": \"full_name\", "
                      "\"descending\": true}]}";
    current = "definition and output";
    CHECK(leadbook_report_run(db, def, &report) == LEADBOOK_OK);
    if (!report) return;
    CHECK(leadbook_report_next_row(report, &row) == LEADBOOK_OK);
    CHECK(contains(row, "\"group\":[{\"field\":\"assigned_to\""));
    CHECK(contains(row, "\"label\":\"Ana Silva\""));
    CHECK(contains(row, "\"text\":{\"full_name\":\"Carla\",\"assigned_to\":\"Ana Silva\"}"));
    CHECK(leadbook_report_groups_json(report, &text) == LEADBOOK_OK);
    CHECK(contains(text, "\"subgroups\":[{\"key\":\"hot\",\"label\":\"hot\",\"count\":2}]"));
    leadbook_free(text);

    CHECK(leadbook_report_render(report, "csv", &text) == LEADBOOK_OK);
    CHECK(contains(text,
                   "Rating,Name,Assigned to\r\nhot,Carla,Ana Silva\r\nhot,Alice,Ana Silva\r\n"));
    leadbook_free(text);
    snprintf(path, sizeof path, "%s/report.html", work_dir);
    CHECK(leadbook_report_write(report, "html", path) == LEADBOOK_OK);
    text = read_all(path);
    CHECK(contains(text, "<svg") && contains(text, "<td>Carla</td>"));
    free(text);
    snprintf(path, sizeof path, "%s/report.json", work_dir);
    CHECK(leadbook_report_write(report, "json", path) == LEADBOOK_OK);
    text = read_all(path);
    CHECK(count_of(text, "\"id\":") == 2);
    free(text);
    CHECK(leadbook_report_write(report, "xlsx", path) == LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_report_errmsg(report), "unknown report format 'xlsx'"));
    CHECK(strcmp(leadbook_report_errmsg(report), leadbook_errmsg(db)) == 0);
    snprintf(path, sizeof path, "%s/missing/dir/report.csv", work_dir);
    CHECK(leadbook_report_write(report, "csv", path) == LEADBOOK_NOT_FOUND);
    leadbook_report_free(report);
}

static void test_bad_definitions(void) {
    leadbook_report *report = NULL;
    current = "bad definitions";
    CHECK(leadbook_report_run(db, "{\"columns\": [\"shoe_size\"]}", &report) ==
          LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "unknown field 'shoe_size'"));
    CHECK(leadbook_report_run(db, "{\"record_type\": \"tickets\"}", &report) ==
          LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "'tickets' is not one of"));
    CHECK(leadbook_report_run(db, "{\"filters\": [{\"field\": \"rating\", \"op\": \"like\"}]}",
                              &report) == LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "'filters[0].op': 'like' is not an operator; use one of: "
                                        "eq, ne, lt, le, gt, ge, contains, starts_with, in, "
                                        "is_empty, has"));
    CHECK(leadbook_report_run(db,
                              "{\"filters\": [{\"field\": \"score.stars\", \"op\": \"eq\", "
                              "\"value\": \"five\"}]}",
                              &report) == LEADBOOK_VALIDATION);
    CHECK(leadbook_report_run(db,
                              "{\"filters\": [{\"field\": \"rating\", \"op\": \"in\", "
                              "\"value\": []}]}",
                              &report) == LEADBOOK_VALIDATION);
    CHECK(leadbook_report_run(db, "{\"group_by\": [\"phones\"]}", &report) == LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "'phones' is a list"));
    CHECK(leadbook_report_run(db, "{\"columns\": [", &report) == LEADBOOK_VALIDATION);
    CHECK(leadbook_report_run(db, "no such report", &report) == LEADBOOK_NOT_FOUND);
    CHECK(report == NULL);
    CHECK(leadbook_report_validate(db, "{\"sort\": [{\"field\": \"nope\"}]}") ==
          LEADBOOK_VALIDATION);
    CHECK(leadbook_report_validate(db, "{\"sort\": [{\"field\": \"company\"}]}") == LEADBOOK_OK);
}

static void test_totals(void) {
    leadbook_report *report = NULL;
    char *json = NULL;
    current = "totals";
    /* Stars: Alice 5 and Carla 5 (Ana), Bob 1 and Dan 3 (Ben). */
    CHECK(leadbook_report_run(db,
                              "{\"group_by\": [\"assigned_to\"], \"totals\": [{\"field\": "
                              "\"score.stars\"}, {\"field\": \"score.stars\", \"function\": "
                              "\"maximum\", \"name\": \"best\"}]}",
                              &report) == LEADBOOK_OK);
    if (!report) return;
    CHECK(leadbook_report_groups_json(report, &json) == LEADBOOK_OK);
    CHECK(contains(json, "\"label\":\"Ana Silva\",\"count\":2,\"totals\":{\"sum_score.stars\":10,"
                         "\"best\":5}"));
    CHECK(contains(json, "\"label\":\"Ben Okafor\",\"count\":2,\"totals\":{\"sum_score.stars\":4,"
                         "\"best\":3}"));
    leadbook_free(json);
    CHECK(leadbook_report_info_json(report, &json) == LEADBOOK_OK);
    CHECK(contains(json, "\"totals\":{\"sum_score.stars\":14,\"best\":5}"));
    CHECK(contains(json, "\"total_fields\":[{\"field\":\"sum_score.stars\",\"heading\":\"Sum of "
                         "Stars\"},{\"field\":\"best\",\"heading\":\"Maximum of Stars\"}]"));
    leadbook_free(json);
    CHECK(leadbook_report_render(report, "csv", &json) == LEADBOOK_OK);
    CHECK(contains(json, "\r\nAll,4,14,5\r\n"));
    leadbook_free(json);
    json = NULL;
    leadbook_report_free(report);
    report = NULL;

    /* Bad totals, periods and time zones, refused by name. */
    CHECK(leadbook_report_run(db, "{\"totals\": [{\"field\": \"rating\"}]}", &report) ==
          LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "field 'rating' is a text field; sum needs a number"));
    CHECK(leadbook_report_run(db,
                              "{\"group_by\": [{\"field\": \"rating\", \"period\": \"month\"}]}",
                              &report) == LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "not a date or time field"));
    CHECK(leadbook_report_validate(db, "{\"time_zone\": \"Nowhere/Special\"}") ==
          LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "unknown time zone 'Nowhere/Special'"));
    CHECK(leadbook_report_save(db, "Bad totals", "{\"totals\": [{\"field\": \"company\"}]}", NULL,
                               0, NULL) == LEADBOOK_VALIDATION);
    CHECK(leadbook_report_open(db, "Bad totals", &json) == LEADBOOK_NOT_FOUND);
    CHECK(report == NULL && json == NULL);
}

static void test_saved_reports(void) {
    char *json = NULL;
    leadbook_report *report = NULL;
    int64_t count = -1;
    current = "saved reports";
    CHECK(leadbook_report_save(db, "Hot",
                               "{\"filters\": [{\"field\": \"rating\", \"op\": \"eq\", "
                               "\"value\": \"hot\"}]}",
                               NULL, 0, &json) == LEADBOOK_OK);
    CHECK(contains(json, "\"category\":\"Leads\""));
    leadbook_free(json);
    CHECK(leadbook_report_save(db, "hot", "{}", NULL, 0, NULL) == LEADBOOK_CONFLICT);
    CHECK(leadbook_report_save(db, " ", "{}", NULL, 0, NULL) == LEADBOOK_VALIDATION);
    CHECK(leadbook_report_save(db, "Bad", "{\"columns\": [\"nope\"]}", NULL, 0, NULL) ==
          LEADBOOK_VALIDATION);
    CHECK(leadbook_report_save(db, "Accounts", "{\"record_type\": \"accounts\"}", "Accounts", 0,
                               NULL) == LEADBOOK_OK);
    CHECK(leadbook_count(db, LEADBOOK_SAVED_REPORTS, NULL, &count) == LEADBOOK_OK && count == 2);

    CHECK(leadbook_report_open(db, "HOT", &json) == LEADBOOK_OK);
    CHECK(contains(json, "\"value\":\"hot\""));
    leadbook_free(json);
    CHECK(leadbook_report_open(db, "Cold", &json) == LEADBOOK_NOT_FOUND);
    CHECK(leadbook_report_list(db, "leads", &json) == LEADBOOK_OK);
    CHECK(count_of(json, "\"name\":") == 4 &&
          contains(json, "{\"name\":\"Hot\",\"category\":\"Leads\""));
    leadbook_free(json);
    CHECK(leadbook_report_list(db, NULL, &json) == LEADBOOK_OK);
    CHECK(count_of(json, "\"name\":") == 5 && contains(json, "\"builtin\":true"));
    leadbook_free(json);

    CHECK(leadbook_report_rename(db, "Hot", "Hottest") == LEADBOOK_OK);
    CHECK(leadbook_report_rename(db, "Hot", "Hotter") == LEADBOOK_NOT_FOUND);
    CHECK(leadbook_report_rename(db, "Hottest", "accounts") == LEADBOOK_CONFLICT);
    CHECK(leadbook_report_run(db, "Hottest", &report) == LEADBOOK_OK);
    CHECK(leadbook_report_info_json(report, &json) == LEADBOOK_OK && contains(json, "\"total\":2"));
    leadbook_free(json);
    leadbook_report_free(report);
    CHECK(leadbook_report_save(db, "HOTTEST", "{\"columns\": [\"company\"]}", "Mine", 1, NULL) ==
          LEADBOOK_OK);
    CHECK(leadbook_report_list(db, "Mine", &json) == LEADBOOK_OK && contains(json, "Hottest"));
    leadbook_free(json);
    CHECK(leadbook_report_delete(db, "hottest") == LEADBOOK_OK);
    CHECK(leadbook_report_delete(db, "hottest") == LEADBOOK_NOT_FOUND);
    CHECK(leadbook_report_delete(db, "leads_by_score") == LEADBOOK_VALIDATION);
    CHECK(leadbook_count(db, LEADBOOK_SAVED_REPORTS, NULL, &count) == LEADBOOK_OK && count == 1);
}

/* A report added through the saved-reports collection gets the rules
 * leadbook_report_save applies: a built-in report's name, a definition that
 * does not fit, or a name taken are refused, and nothing is stored. */
static void test_saved_reports_collection_has_the_same_rules(void) {
    int64_t before = 0, after = 0;
    CHECK(leadbook_count(db, LEADBOOK_SAVED_REPORTS, NULL, &before) == LEADBOOK_OK);
    CHECK(leadbook_add(
              db, LEADBOOK_SAVED_REPORTS,
              "{\"name\": \"Leads_By_Score\", \"category\": \"Leads\", \"definition\": \"{}\"}",
              NULL) == LEADBOOK_CONFLICT);
    CHECK(contains(leadbook_errmsg(db), "is the name of a built-in report"));
    CHECK(leadbook_add(db, LEADBOOK_SAVED_REPORTS,
                       "{\"name\": \"Faxes\", \"category\": \"Leads\", "
                       "\"definition\": \"{\\\"columns\\\": [\\\"fax_number\\\"]}\"}",
                       NULL) == LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "unknown field 'fax_number'"));
    CHECK(leadbook_count(db, LEADBOOK_SAVED_REPORTS, NULL, &after) == LEADBOOK_OK);
    CHECK(after == before);
}

static void test_last_error_reports_report_failures(void) {
    leadbook_report *report = NULL;
    char *json = NULL;
    current = "last error";
    /* A failure without a handle, then one with: leadbook_last_error (the
     * thread's last failure of any function) follows both. */
    CHECK(leadbook_report_run(NULL, "leads_by_score", &report) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(contains(leadbook_last_error(), "leadbook_report_run"));
    CHECK(strcmp(leadbook_last_error(), leadbook_report_errmsg(NULL)) == 0);
    CHECK(leadbook_report_run(db, "{\"columns\": [\"shoe_size\"]}", &report) ==
          LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_last_error(), "unknown field 'shoe_size'"));
    CHECK(strcmp(leadbook_last_error(), leadbook_errmsg(db)) == 0);
    CHECK(leadbook_report_open(db, "no such report", &json) == LEADBOOK_NOT_FOUND);
    CHECK(contains(leadbook_last_error(), "no such report"));
    /* A failure elsewhere in the C API shows through leadbook_report_errmsg(NULL). */
    CHECK(leadbook_get(db, LEADBOOK_LEADS, 999999, &json) == LEADBOOK_NOT_FOUND);
    CHECK(strcmp(leadbook_report_errmsg(NULL), leadbook_last_error()) == 0);
    CHECK(report == NULL && json == NULL);
}

int main(int argc, char **argv) {
    char path[1100];
    int status = start_tests(argc, argv);
    if (status != 0) return status;
    snprintf(path, sizeof path, "%s/reports.db", work_dir);
    remove(path);
    if (leadbook_open(path, NULL, &db) != LEADBOOK_OK) {
        fprintf(stderr, "cannot open %s: %s\n", path, leadbook_last_error());
        return 2;
    }
    int64_t ana = add_user("Ana Silva"), ben = add_user("Ben Okafor");
    add_lead("Alice", ana, "hot", 5);
    add_lead("Bob", ben, "warm", 1);
    add_lead("Carla", ana, "hot", 5);
    add_lead("Dan", ben, "cold", 3);

    test_null_arguments();
    test_builtin_report();
    test_definition_and_output();
    test_bad_definitions();
    test_totals();
    test_saved_reports();
    test_saved_reports_collection_has_the_same_rules();
    test_last_error_reports_report_failures();

    leadbook_close(db);
    return finish_tests();
}
