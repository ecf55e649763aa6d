/* quickstart.c: leadbook's C API in one page.
 *
 *   leadbook_quickstart_c [DATABASE]    (default: a private in-memory database)
 *
 * Build against the installed package with
 *   find_package(leadbook 0.4 REQUIRED)
 *   target_link_libraries(app PRIVATE leadbook::c)
 *
 * Records cross the C API as JSON text. Every call returns a status; on
 * failure leadbook_errmsg(db) says why. Strings returned through `char **`
 * are yours to free with leadbook_free().
 */
#include <leadbook.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Prints the error of a failed call and leaves main() through `fail`. */
#define CHECK(db, call)                                                                            \
    do {                                                                                           \
        leadbook_status status_ = (call);                                                          \
        if (status_ != LEADBOOK_OK) {                                                              \
            fprintf(stderr, "quickstart: %s failed: %s: %s\n", #call,                              \
                    leadbook_status_name(status_), leadbook_errmsg(db));                           \
            goto fail;                                                                             \
        }                                                                                          \
    } while (0)

/* An integer field of a record's JSON ("id", "version"). A real program
 * reads records with its JSON library (cJSON, jansson, ...); this one needs
 * only these two numbers, which no nested object of a record has. */
static int64_t json_int(const char *json, const char *key) {
    char pattern[32];
    snprintf(pattern, sizeof pattern, "\"%s\":", key);
    const char *at = strstr(json, pattern);
    return at ? strtoll(at + strlen(pattern), NULL, 10) : 0;
}

int main(int argc, char **argv) {
    leadbook_db *db = NULL;
    leadbook_cursor *cursor = NULL;
    char *user = NULL;
    char *lead = NULL;
    char *updated = NULL;
    int64_t *ids = NULL;
    size_t id_count = 0;
    int64_t hot = 0;
    const char *json = NULL;
    char text[256];
    int exit_code = 1;

    if (leadbook_version_number() != LEADBOOK_VERSION_NUMBER)
        fprintf(stderr, "quickstart: header %s, library %s\n", LEADBOOK_VERSION_STRING,
                leadbook_version());

    if (leadbook_open(argc > 1 ? argv[1] : ":memory:", NULL, &db) != LEADBOOK_OK) {
        fprintf(stderr, "quickstart: cannot open: %s\n", leadbook_last_error());
        return 1;
    }

    CHECK(db,
          leadbook_add(db, LEADBOOK_USERS,
                       "{\"name\": \"Ana Silva\", \"email\": \"ana.silva@example.com\"}", &user));
    CHECK(db, leadbook_set_acting_user(db, json_int(user, "id")));

    /* Only full_name is required. The stored record comes back with its id,
     * version and timestamps. */
    snprintf(text, sizeof text,
             "{\"full_name\": \"Jane Doe\", \"company\": \"Contoso Pharmaceuticals\","
             " \"emails\": [{\"label\": \"work\", \"address\": \"jane.doe@contoso.example\"}],"
             " \"rating\": \"warm\", \"assigned_to\": %lld}",
             (long long)json_int(user, "id"));
    CHECK(db, leadbook_add(db, LEADBOOK_LEADS, text, &lead));
    printf("added: %s\n", lead);

    /* Many records in one transaction: all are stored or none. */
    CHECK(db, leadbook_add_many(db, LEADBOOK_LEADS,
                                "[{\"full_name\": \"José Müller\", \"rating\": \"hot\"},"
                                " {\"full_name\": \"Zoë Ørsted\", \"rating\": \"cold\"}]",
                                &ids, &id_count));
    printf("added %zu more leads, first id %lld\n", id_count, (long long)ids[0]);

    /* An update names the version it starts from; a stale version is
     * LEADBOOK_CONFLICT and nothing changes. */
    CHECK(db, leadbook_update(db, LEADBOOK_LEADS, json_int(lead, "id"), json_int(lead, "version"),
                              "{\"rating\": \"hot\"}", &updated));
    printf("updated to version %lld\n", (long long)json_int(updated, "version"));

    /* Queries run in the database; the cursor streams the results. */
    CHECK(db,
          leadbook_find(db, LEADBOOK_LEADS,
                        "{\"where\": [{\"field\": \"rating\", \"op\": \"eq\", \"value\": \"hot\"}],"
                        " \"order_by\": [\"full_name\"]}",
                        &cursor));
    for (;;) {
        CHECK(db, leadbook_cursor_next(cursor, &json));
        if (!json) break;
        printf("hot: %s\n", json); /* borrowed until the next call on the cursor */
    }
    CHECK(db,
          leadbook_count(
              db, LEADBOOK_LEADS,
              "{\"where\": [{\"field\": \"rating\", \"op\": \"eq\", \"value\": \"hot\"}]}", &hot));
    printf("%lld hot leads\n", (long long)hot);

    /* Bad input is a status plus a message naming the field. */
    if (leadbook_add(db, LEADBOOK_LEADS, "{\"full_name\": \"X\", \"emails\": 5}", NULL) ==
        LEADBOOK_VALIDATION)
        printf("rejected: %s\n", leadbook_errmsg(db));

    exit_code = 0;
fail:
    leadbook_cursor_free(cursor); /* every free and close accepts NULL */
    leadbook_free(ids);
    leadbook_free(updated);
    leadbook_free(lead);
    leadbook_free(user);
    leadbook_close(db);
    return exit_code;
}
