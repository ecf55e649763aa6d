/* A lead's status through the C ABI: disqualify with a reason of the list,
 * reopen, the reason list as a collection, and what is refused. Usage:
 * leadbook_status_capi_tests WORK_DIR. Prints "N passed, N failed". */
#include "c_test_support.h"

static int64_t first_id(const char *json) {
    const char *p = strstr(json, "\"id\":");
    return p ? strtoll(p + 5, NULL, 10) : -1;
}

static void test_disqualify_and_reopen(void) {
    leadbook_db *db = NULL;
    char *json = NULL;
    char *before = NULL;
    int64_t jane = -1, count = -1;

    current = "disqualify and reopen";
    CHECK(leadbook_open(":memory:", NULL, &db) == LEADBOOK_OK);
    CHECK(leadbook_count(db, LEADBOOK_DISQUALIFY_REASONS, NULL, &count) == LEADBOOK_OK &&
          count == 5);
    CHECK(leadbook_add(db, LEADBOOK_LEADS, "{\"full_name\":\"Jane Doe\"}", &json) == LEADBOOK_OK);
    jane = first_id(json);
    CHECK(contains(json, "\"status\":\"open\",\"status_reason\":\"\""));
    leadbook_free(json);
    CHECK(leadbook_get(db, LEADBOOK_LEADS, jane, &before) == LEADBOOK_OK);

    /* A reason not in the list, or none: the message names the choices. */
    CHECK(leadbook_lead_disqualify(db, jane, 1, "too expensive", &json) == LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "'too expensive' is not a disqualify reason; use one of: "
                                        "'no budget', 'lost to a competitor'"));
    CHECK(leadbook_lead_disqualify(db, jane, 1, "", NULL) == LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "needs a reason; use one of: 'no budget'"));
    CHECK(leadbook_lead_disqualify(db, jane, 1, NULL, NULL) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_get(db, LEADBOOK_LEADS, jane, &json) == LEADBOOK_OK);
    CHECK(strcmp(json, before) == 0); /* nothing changed */
    leadbook_free(json);
    CHECK(leadbook_count(db, LEADBOOK_HISTORY, NULL, &count) == LEADBOOK_OK && count == 0);

    CHECK(leadbook_lead_disqualify(db, jane, 1, "No Budget", &json) == LEADBOOK_OK);
    CHECK(contains(json, "\"status\":\"disqualified\",\"status_reason\":\"no budget\""));
    leadbook_free(json);
    CHECK(leadbook_count(db, LEADBOOK_HISTORY, NULL, &count) == LEADBOOK_OK && count == 1);
    CHECK(leadbook_count(db, LEADBOOK_LEADS,
                         "{\"where\":[{\"field\":\"status_reason\",\"op\":\"eq\","
                         "\"value\":\"no budget\"}]}",
                         &count) == LEADBOOK_OK &&
          count == 1);
    CHECK(leadbook_lead_disqualify(db, jane, 1, "no budget", NULL) == LEADBOOK_CONFLICT);
    CHECK(leadbook_lead_reopen(db, jane, 2, &json) == LEADBOOK_OK);
    CHECK(contains(json, "\"status\":\"open\",\"status_reason\":\"\""));
    leadbook_free(json);
    CHECK(leadbook_lead_reopen(db, jane, 3, NULL) == LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "is open already"));
    CHECK(leadbook_lead_reopen(db, 987654, 1, NULL) == LEADBOOK_NOT_FOUND);
    CHECK(leadbook_lead_reopen(NULL, jane, 3, NULL) == LEADBOOK_INVALID_ARGUMENT);

    /* The list is a collection like any other. */
    CHECK(leadbook_add(db, LEADBOOK_DISQUALIFY_REASONS, "{\"name\":\"Bought elsewhere\"}", NULL) ==
          LEADBOOK_OK);
    CHECK(leadbook_add(db, LEADBOOK_DISQUALIFY_REASONS, "{\"name\":\"NO BUDGET\"}", NULL) ==
          LEADBOOK_CONFLICT);
    CHECK(leadbook_lead_disqualify(db, jane, 3, "bought elsewhere", &json) == LEADBOOK_OK);
    CHECK(contains(json, "\"status_reason\":\"Bought elsewhere\""));
    leadbook_free(json);
    leadbook_free(before);
    leadbook_close(db);
}

int main(int argc, char **argv) {
    int status = start_tests(argc, argv);
    if (status != 0) return status;
    test_disqualify_and_reopen();
    return finish_tests();
}
