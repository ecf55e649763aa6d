/* Matching rules and duplicates through the C ABI. Usage:
 * leadbook_duplicates_capi_tests WORK_DIR. Prints "N passed, N failed". */
#include "c_test_support.h"

static int64_t first_id(const char *json) {
    const char *p = strstr(json, "\"id\":");
    return p ? strtoll(p + 5, NULL, 10) : -1;
}

static void test_warn_and_find(void) {
    leadbook_db *db = NULL;
    char *json = NULL;
    char buffer[256];
    int64_t jane = -1, count = -1;

    current = "warn and find";
    CHECK(leadbook_open(":memory:", NULL, &db) == LEADBOOK_OK);
    CHECK(leadbook_count(db, LEADBOOK_MATCHING_RULES, NULL, &count) == LEADBOOK_OK && count == 1);
    CHECK(leadbook_add(db, LEADBOOK_LEADS,
                       "{\"full_name\":\"Jane Doe\",\"emails\":[{\"label\":\"work\","
                       "\"address\":\"jane@acme.example\"}]}",
                       &json) == LEADBOOK_OK);
    jane = first_id(json);
    leadbook_free(json);
    CHECK(leadbook_possible_duplicates(db, &json) == LEADBOOK_OK);
    CHECK(json && strcmp(json, "[]") == 0);
    leadbook_free(json);
    /* The same address in capitals is stored, and comes back as a warning. */
    CHECK(leadbook_add(db, LEADBOOK_LEADS,
                       "{\"full_name\":\"Jane\",\"emails\":[{\"label\":\"home\","
                       "\"address\":\"JANE@ACME.EXAMPLE\"}]}",
                       NULL) == LEADBOOK_OK);
    CHECK(leadbook_possible_duplicates(db, &json) == LEADBOOK_OK);
    CHECK(json && first_id(json) == jane && contains(json, "\"rule\":\"Same e-mail address\""));
    leadbook_free(json);
    CHECK(leadbook_find_duplicates(db, 0,
                                   "{\"full_name\":\"X\",\"emails\":[{\"label\":\"a\","
                                   "\"address\":\" Jane@Acme.example\"}]}",
                                   &json) == LEADBOOK_OK);
    CHECK(json && first_id(json) == jane && contains(json, "\"score\":1"));
    leadbook_free(json);
    CHECK(leadbook_find_duplicates(db, jane, NULL, &json) == LEADBOOK_OK);
    CHECK(json && contains(json, "\"full_name\":\"Jane\""));
    leadbook_free(json);
    CHECK(leadbook_duplicate_groups(db, &json) == LEADBOOK_OK);
    snprintf(buffer, sizeof buffer, "\"ids\":[%lld,", (long long)jane);
    CHECK(json && contains(json, buffer));
    leadbook_free(json);
    CHECK(leadbook_find_duplicates(db, 999999, NULL, &json) == LEADBOOK_NOT_FOUND);
    CHECK(leadbook_find_duplicates(NULL, 1, NULL, &json) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_duplicate_groups(db, NULL) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_possible_duplicates(db, NULL) == LEADBOOK_INVALID_ARGUMENT);
    leadbook_close(db);
}

static void test_block_and_bad_rules(void) {
    leadbook_db *db = NULL;
    char *json = NULL;
    int64_t count = -1, rule = -1;

    current = "block and bad rules";
    CHECK(leadbook_open(":memory:", NULL, &db) == LEADBOOK_OK);
    CHECK(leadbook_add(db, LEADBOOK_MATCHING_RULES,
                       "{\"name\":\"company\",\"fields\":[{\"field\":\"company\","
                       "\"ignore_accents\":true}],\"action\":\"block\"}",
                       &json) == LEADBOOK_OK);
    rule = first_id(json);
    CHECK(rule > 0);
    leadbook_free(json);
    CHECK(leadbook_add(db, LEADBOOK_LEADS, "{\"full_name\":\"A\",\"company\":\"Café Ltd\"}",
                       NULL) == LEADBOOK_OK);
    CHECK(leadbook_add(db, LEADBOOK_LEADS, "{\"full_name\":\"B\",\"company\":\"CAFE LTD\"}",
                       NULL) == LEADBOOK_CONFLICT);
    CHECK(contains(leadbook_errmsg(db), "by the matching rule 'company'"));
    CHECK(leadbook_count(db, LEADBOOK_LEADS, NULL, &count) == LEADBOOK_OK && count == 1);

    /* Bad rules: an error each, and nothing stored. */
    CHECK(leadbook_add(db, LEADBOOK_MATCHING_RULES,
                       "{\"name\":\"bad\",\"fields\":[{\"field\":\"shoe_size\"}]}",
                       NULL) == LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "'shoe_size' is not a field"));
    CHECK(leadbook_add(db, LEADBOOK_MATCHING_RULES,
                       "{\"name\":\"bad\",\"fields\":[{\"field\":\"company\","
                       "\"comparison\":\"soundex\"}]}",
                       NULL) == LEADBOOK_VALIDATION);
    CHECK(leadbook_add(db, LEADBOOK_MATCHING_RULES,
                       "{\"name\":\"bad\",\"fields\":[{\"field\":\"company\"}],"
                       "\"mode\":\"fuzzy\",\"threshold\":1.01}",
                       NULL) == LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "'threshold' must be from 0 to 1"));
    CHECK(leadbook_count(db, LEADBOOK_MATCHING_RULES, NULL, &count) == LEADBOOK_OK && count == 2);
    CHECK(leadbook_delete(db, LEADBOOK_MATCHING_RULES, rule) == LEADBOOK_OK);
    CHECK(leadbook_add(db, LEADBOOK_LEADS, "{\"full_name\":\"B\",\"company\":\"CAFE LTD\"}",
                       NULL) == LEADBOOK_OK);
    leadbook_close(db);
}

static void test_merge(void) {
    leadbook_db *db = NULL;
    char *json = NULL;
    char request[256];
    int64_t a, b, count = -1;

    current = "merge";
    CHECK(leadbook_open(":memory:", NULL, &db) == LEADBOOK_OK);
    CHECK(leadbook_add(db, LEADBOOK_LEADS, "{\"full_name\":\"A\"}", &json) == LEADBOOK_OK);
    a = first_id(json);
    leadbook_free(json);
    CHECK(leadbook_add(db, LEADBOOK_LEADS, "{\"full_name\":\"B\",\"company\":\"Acme\"}", &json) ==
          LEADBOOK_OK);
    b = first_id(json);
    leadbook_free(json);
    /* Bad merges: an error each, and nothing changes. */
    snprintf(request, sizeof request,
             "{\"survivor\":{\"id\":%lld,\"version\":1},\"others\":[{\"id\":%lld,\"version\":1}]}",
             (long long)a, (long long)a);
    CHECK(leadbook_merge(db, request, NULL) == LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "into itself"));
    snprintf(request, sizeof request,
             "{\"survivor\":{\"id\":%lld,\"version\":1},\"others\":[{\"id\":%lld,\"version\":1},"
             "{\"id\":%lld,\"version\":1}]}",
             (long long)a, (long long)b, (long long)b);
    CHECK(leadbook_merge(db, request, NULL) == LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "named twice"));
    snprintf(request, sizeof request,
             "{\"survivor\":{\"id\":%lld,\"version\":1},\"others\":[{\"id\":%lld,\"version\":7}]}",
             (long long)a, (long long)b);
    CHECK(leadbook_merge(db, request, NULL) == LEADBOOK_CONFLICT);
    CHECK(leadbook_count(db, LEADBOOK_LEADS, NULL, &count) == LEADBOOK_OK && count == 2);
    snprintf(request, sizeof request,
             "{\"survivor\":{\"id\":%lld,\"version\":1},\"others\":[{\"id\":%lld,\"version\":1}]}",
             (long long)a, (long long)b);
    CHECK(leadbook_merge(db, request, &json) == LEADBOOK_OK);
    CHECK(json && contains(json, "\"fields_taken\":{\"company\":"));
    leadbook_free(json);
    CHECK(leadbook_count(db, LEADBOOK_LEADS, NULL, &count) == LEADBOOK_OK && count == 1);
    CHECK(leadbook_get(db, LEADBOOK_LEADS, a, &json) == LEADBOOK_OK);
    CHECK(json && contains(json, "\"company\":\"Acme\""));
    leadbook_free(json);
    CHECK(leadbook_merge(db, NULL, NULL) == LEADBOOK_INVALID_ARGUMENT);
    leadbook_close(db);
}

int main(int argc, char **argv) {
    int status = start_tests(argc, argv);
    if (status != 0) return status;
    test_warn_and_find();
    test_block_and_bad_rules();
    test_merge();
    return finish_tests();
}
