/* Tests of the import and export part of the C ABI, written in C.
 * Usage: leadbook_import_capi_tests WORK_DIR (the sample files come from
 * LEADBOOK_IMPORT_TEST_DATA). Prints "N passed, N failed" and exits
 * non-zero on any failure. */
#include "c_test_support.h"

static void data_path(char *out, size_t size, const char *name) {
    snprintf(out, size, "%s/%s", LEADBOOK_IMPORT_TEST_DATA, name);
}

/* The whole file at `path`, NUL-terminated, in memory the caller frees;
 * *size (when not NULL) is its length. NULL if it cannot be read. */
static char *read_file(const char *path, size_t *size) {
    FILE *file = fopen(path, "rb");
    char *data = NULL;
    long length;
    if (!file) return NULL;
    if (fseek(file, 0, SEEK_END) == 0 && (length = ftell(file)) >= 0 &&
        fseek(file, 0, SEEK_SET) == 0) {
        data = malloc((size_t)length + 1);
        if (data && fread(data, 1, (size_t)length, file) == (size_t)length) {
            data[length] = '\0';
            if (size) *size = (size_t)length;
        } else {
            free(data);
            data = NULL;
        }
    }
    fclose(file);
    return data;
}

static leadbook_db *open_memory(void) {
    leadbook_db *db = NULL;
    CHECK(leadbook_open(":memory:", NULL, &db) == LEADBOOK_OK);
    return db;
}

static int64_t lead_count(leadbook_db *db) {
    int64_t count = -1;
    CHECK(leadbook_count(db, LEADBOOK_LEADS, NULL, &count) == LEADBOOK_OK);
    return count;
}

/* Counts the calls and remembers the last progress it was given; cancels
 * when `cancel` is set. */
struct progress_state {
    int calls;
    int cancel;
    char last[256];
};

static int on_progress(const char *progress_json, void *user_data) {
    struct progress_state *state = user_data;
    ++state->calls;
    snprintf(state->last, sizeof state->last, "%s", progress_json);
    return state->cancel;
}

static void test_csv(void) {
    char path[1200];
    char *report = NULL;
    struct progress_state progress = {0, 0, ""};
    leadbook_db *db = open_memory();
    current = "csv";

    data_path(path, sizeof path, "outlook_contacts.csv");
    CHECK(leadbook_import_csv_file(db, path, NULL, on_progress, &progress, &report) == LEADBOOK_OK);
    CHECK(contains(report, "\"read\":3,\"added\":3,\"updated\":0,\"skipped\":0"));
    CHECK(contains(report, "\"preset\":\"outlook\""));
    CHECK(contains(report, "\"committed\":true"));
    leadbook_free(report);
    CHECK(progress.calls == 1); /* once at the end: fewer than 1,000 rows */
    CHECK(contains(progress.last, "\"read\":3"));
    CHECK(contains(progress.last, "\"added\":3"));
    CHECK(lead_count(db) == 3);

    /* The same file again: every row is a duplicate, skipped by default. */
    CHECK(leadbook_import_csv_file(db, path, "{\"duplicates\": \"skip\"}", NULL, NULL, &report) ==
          LEADBOOK_OK);
    CHECK(contains(report, "\"added\":0,\"updated\":0,\"skipped\":3"));
    CHECK(contains(report, "\"action\":\"skip\""));
    leadbook_free(report);
    CHECK(lead_count(db) == 3);

    /* A semicolon file in Windows-1252: the accents come out right. */
    data_path(path, sizeof path, "excel_semicolon_1252.csv");
    CHECK(leadbook_import_csv_file(db, path, NULL, NULL, NULL, NULL) == LEADBOOK_OK);
    CHECK(lead_count(db) == 5);
    {
        leadbook_cursor *cursor = NULL;
        const char *json = NULL;
        CHECK(leadbook_find(db, LEADBOOK_LEADS,
                            "{\"where\": [{\"field\": \"company\", \"op\": \"eq\", "
                            "\"value\": \"Caf\xc3\xa9 Z\xc3\xbcrich\"}]}",
                            &cursor) == LEADBOOK_OK);
        CHECK(leadbook_cursor_next(cursor, &json) == LEADBOOK_OK);
        CHECK(contains(json, "\"full_name\":\"Ren\xc3\xa9"
                             "e B\xc3\xb6hm\""));
        leadbook_cursor_free(cursor);
    }

    /* From memory, with a mapping and a dry run: nothing is stored. */
    {
        static const char csv[] = "Name,Mail\r\nMax Mustermann,max@example.de\r\n";
        CHECK(leadbook_import_csv_buffer(
                  db, csv, sizeof csv - 1,
                  "{\"mapping\": {\"Name\": \"full_name\", \"Mail\": \"emails.work\"}, "
                  "\"dry_run\": true}",
                  NULL, NULL, &report) == LEADBOOK_OK);
        CHECK(contains(report, "\"read\":1,\"added\":1"));
        CHECK(contains(report, "\"dry_run\":true,\"committed\":false"));
        leadbook_free(report);
        CHECK(lead_count(db) == 5);
        CHECK(leadbook_import_csv_buffer(
                  db, csv, sizeof csv - 1,
                  "{\"mapping\": {\"Name\": \"full_name\", \"Mail\": \"emails.work\"}}", NULL, NULL,
                  &report) == LEADBOOK_OK);
        CHECK(contains(report, "\"added\":1"));
        CHECK(contains(report, "\"mapping\":{\"Mail\":\"emails.work\",\"Name\":\"full_name\"}"));
        leadbook_free(report);
        CHECK(lead_count(db) == 6);
    }

    /* UTF-16 with a byte order mark, from memory. */
    {
        size_t size = 0;
        char *bytes;
        data_path(path, sizeof path, "unicode_text_utf16le.txt");
        bytes = read_file(path, &size);
        CHECK(bytes != NULL);
        CHECK(leadbook_import_csv_buffer(db, bytes, size, NULL, NULL, NULL, &report) ==
              LEADBOOK_OK);
        CHECK(contains(report, "\"added\":2"));
        CHECK(contains(report, "\"encoding\":\"utf-16le\""));
        leadbook_free(report);
        free(bytes);
        CHECK(lead_count(db) == 8);
    }

    /* Bad rows skipped on request, each reported with line and column. */
    data_path(path, sizeof path, "ragged.csv");
    CHECK(leadbook_import_csv_file(db, path, "{\"skip_bad_rows\": true}", NULL, NULL, &report) ==
          LEADBOOK_OK);
    CHECK(contains(report, "\"read\":3,\"added\":1,\"updated\":0,\"skipped\":2"));
    CHECK(contains(report, "{\"line\":3,\"column\":3"));
    leadbook_free(report);
    CHECK(lead_count(db) == 9);
    /* Without skip_bad_rows, the first bad row stops it and stores nothing. */
    CHECK(leadbook_import_csv_file(db, path, "{\"duplicates\": \"add\"}", NULL, NULL, &report) ==
          LEADBOOK_OK);
    CHECK(contains(report, "\"added\":0"));
    CHECK(contains(report, "\"committed\":false"));
    leadbook_free(report);
    CHECK(lead_count(db) == 9);
    leadbook_close(db);
}

static void test_duplicates_update(void) {
    static const char first[] = "full_name,company,emails.work\nJane Doe,Acme,jane@acme.example\n";
    static const char second[] =
        "full_name,company,emails.work,job_title\nJane Doe,Acme Corp,JANE@acme.example,CEO\n";
    char *report = NULL;
    leadbook_db *db = open_memory();
    current = "duplicates update";
    CHECK(leadbook_import_csv_buffer(db, first, sizeof first - 1, NULL, NULL, NULL, NULL) ==
          LEADBOOK_OK);
    CHECK(leadbook_import_csv_buffer(db, second, sizeof second - 1,
                                     "{\"duplicates\": \"update\", \"match_on\": [\"email\"]}",
                                     NULL, NULL, &report) == LEADBOOK_OK);
    CHECK(contains(report, "\"read\":1,\"added\":0,\"updated\":1"));
    leadbook_free(report);
    CHECK(lead_count(db) == 1);
    {
        char *lead = NULL;
        leadbook_cursor *cursor = NULL;
        const char *json = NULL;
        CHECK(leadbook_find(db, LEADBOOK_LEADS, NULL, &cursor) == LEADBOOK_OK);
        CHECK(leadbook_cursor_next(cursor, &json) == LEADBOOK_OK);
        CHECK(contains(json, "\"job_title\":\"CEO\""));
        leadbook_cursor_free(cursor);
        leadbook_free(lead);
    }
    leadbook_close(db);
}

static void test_cancel(void) {
    char path[1200];
    char *report = (char *)"untouched";
    struct progress_state progress = {0, 1, ""};
    leadbook_db *db = open_memory();
    current = "cancel";
    CHECK(leadbook_add(db, LEADBOOK_LEADS, "{\"full_name\": \"Kept\"}", NULL) == LEADBOOK_OK);

    data_path(path, sizeof path, "outlook_contacts.csv");
    CHECK(leadbook_import_csv_file(db, path, NULL, on_progress, &progress, &report) ==
          LEADBOOK_CANCELLED);
    CHECK(progress.calls == 1);
    CHECK(strcmp(report, "untouched") == 0); /* out-parameters only change on success */
    CHECK(leadbook_errcode(db) == LEADBOOK_CANCELLED);
    CHECK(contains(leadbook_errmsg(db), "cancelled"));
    CHECK(strcmp(leadbook_status_name(LEADBOOK_CANCELLED), "cancelled") == 0);
    CHECK(lead_count(db) == 1);

    data_path(path, sizeof path, "contacts_v3.vcf");
    CHECK(leadbook_import_vcard_file(db, path, NULL, on_progress, &progress, NULL) ==
          LEADBOOK_CANCELLED);
    CHECK(progress.calls == 2);
    CHECK(lead_count(db) == 1);

    /* A dry run can be cancelled too; so can an import from memory. */
    {
        static const char csv[] = "full_name\nA\nB\n";
        CHECK(leadbook_import_csv_buffer(db, csv, sizeof csv - 1, "{\"dry_run\": true}",
                                         on_progress, &progress, NULL) == LEADBOOK_CANCELLED);
        CHECK(leadbook_import_csv_buffer(db, csv, sizeof csv - 1, NULL, on_progress, &progress,
                                         NULL) == LEADBOOK_CANCELLED);
        CHECK(lead_count(db) == 1);
    }
    leadbook_close(db);
}

static void test_vcard(void) {
    char path[1200];
    char *report = NULL;
    leadbook_db *db = open_memory();
    current = "vcard";
    data_path(path, sizeof path, "contacts_v3.vcf");
    CHECK(leadbook_import_vcard_file(db, path, NULL, NULL, NULL, &report) == LEADBOOK_OK);
    CHECK(contains(report, "\"read\":2,\"added\":2"));
    CHECK(contains(report, "\"format\":\"vcard\""));
    leadbook_free(report);
    CHECK(lead_count(db) == 2);
    {
        static const char card[] = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Zo\xc3\xab \xc3\x98rsted\r\n"
                                   "EMAIL:zoe@example.dk\r\nEND:VCARD\r\n";
        CHECK(leadbook_import_vcard_buffer(db, card, sizeof card - 1, NULL, NULL, NULL, &report) ==
              LEADBOOK_OK);
        CHECK(contains(report, "\"added\":1"));
        leadbook_free(report);
        /* The same card again is a duplicate (by e-mail). */
        CHECK(leadbook_import_vcard_buffer(db, card, sizeof card - 1, NULL, NULL, NULL, &report) ==
              LEADBOOK_OK);
        CHECK(contains(report, "\"skipped\":1"));
        leadbook_free(report);
    }
    CHECK(lead_count(db) == 3);
    leadbook_close(db);
}

static void test_workbook(void) {
    char path[1200];
    char *report = NULL;
    size_t size = 0;
    char *bytes;
    leadbook_db *db = open_memory();
    current = "workbook";
    data_path(path, sizeof path, "contacts.xlsx");
    CHECK(leadbook_import_workbook_file(db, path, NULL, NULL, NULL, &report) == LEADBOOK_OK);
    CHECK(contains(report, "\"read\":2,\"added\":2"));
    CHECK(contains(report, "\"format\":\"xlsx\""));
    CHECK(contains(report, "\"sheet\":\"Contacts\""));
    leadbook_free(report);
    CHECK(lead_count(db) == 2);
    /* The second sheet, from memory. */
    bytes = read_file(path, &size);
    CHECK(bytes != NULL);
    CHECK(leadbook_import_workbook_buffer(db, bytes, size, "{\"sheet\": \"Other leads\"}", NULL,
                                          NULL, &report) == LEADBOOK_OK);
    CHECK(contains(report, "\"added\":1"));
    leadbook_free(report);
    CHECK(lead_count(db) == 3);
    /* A sheet it does not have, a corrupt workbook: refused, nothing stored. */
    report = NULL;
    CHECK(leadbook_import_workbook_buffer(db, bytes, size, "{\"sheet\": \"Leeds\"}", NULL, NULL,
                                          &report) == LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "no sheet named 'Leeds'"));
    CHECK(report == NULL);
    CHECK(leadbook_import_workbook_buffer(db, bytes, size / 2, NULL, NULL, NULL, &report) ==
          LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "the workbook is corrupt"));
    free(bytes);
    CHECK(lead_count(db) == 3);
    /* .xls through FreeXL. */
    data_path(path, sizeof path, "contacts.xls");
    CHECK(leadbook_import_workbook_file(db, path, "{\"dry_run\": true}", NULL, NULL, &report) ==
          LEADBOOK_OK);
    CHECK(contains(report, "\"format\":\"xls\""));
    CHECK(contains(report, "\"skipped\":2"));
    leadbook_free(report);
    CHECK(leadbook_import_workbook_file(NULL, path, NULL, NULL, NULL, NULL) ==
          LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_import_workbook_buffer(db, NULL, 5, NULL, NULL, NULL, NULL) ==
          LEADBOOK_INVALID_ARGUMENT);
    CHECK(lead_count(db) == 3);
    leadbook_close(db);
}

static void test_export(void) {
    char path[1200];
    char out[1200];
    char *text;
    int64_t count = -1;
    int64_t id = 0;
    leadbook_db *db = open_memory();
    leadbook_db *copy = open_memory();
    current = "export";
    data_path(path, sizeof path, "outlook_contacts.csv");
    CHECK(leadbook_import_csv_file(db, path, NULL, NULL, NULL, NULL) == LEADBOOK_OK);

    /* Every lead as CSV, and back into another database. */
    path_in_work(out, sizeof out, "export.csv");
    CHECK(leadbook_export_file(db, LEADBOOK_FORMAT_CSV, out, NULL, NULL, &count) == LEADBOOK_OK);
    CHECK(count == 3);
    text = read_file(out, NULL);
    CHECK(text != NULL && strncmp(text, "\xef\xbb\xbf", 3) == 0); /* the byte order mark */
    CHECK(contains(text, "Soci\xc3\xa9t\xc3\xa9 G\xc3\xa9n\xc3\xa9rale, Paris"));
    free(text);
    CHECK(leadbook_import_csv_file(copy, out, NULL, NULL, NULL, NULL) == LEADBOOK_OK);
    CHECK(lead_count(copy) == 3);

    /* Options of a CSV export. */
    CHECK(leadbook_export_file(db, LEADBOOK_FORMAT_CSV, out, NULL,
                               "{\"byte_order_mark\": false, \"delimiter\": \";\"}",
                               &count) == LEADBOOK_OK);
    text = read_file(out, NULL);
    CHECK(text != NULL && strncmp(text, "First Name;Middle Name;", 23) == 0);
    free(text);

    /* One lead as JSON lines. */
    {
        leadbook_cursor *cursor = NULL;
        const char *json = NULL;
        char query[200];
        CHECK(leadbook_find(db, LEADBOOK_LEADS,
                            "{\"where\": [{\"field\": \"company\", "
                            "\"op\": \"eq\", \"value\": \"Acme\"}]}",
                            &cursor) == LEADBOOK_OK);
        CHECK(leadbook_cursor_next(cursor, &json) == LEADBOOK_OK && json != NULL);
        id = json ? strtoll(strstr(json, "\"id\":") + 5, NULL, 10) : 0;
        leadbook_cursor_free(cursor);
        snprintf(query, sizeof query,
                 "{\"where\": [{\"field\": \"id\", \"op\": \"eq\", \"value\": %lld}]}",
                 (long long)id);
        path_in_work(out, sizeof out, "one.jsonl");
        CHECK(leadbook_export_file(db, LEADBOOK_FORMAT_JSONL, out, query, NULL, &count) ==
              LEADBOOK_OK);
        CHECK(count == 1);
        text = read_file(out, NULL);
        CHECK(contains(text, "\"full_name\":\"Ana Silva\""));
        CHECK(text != NULL && strchr(text, '\n') == text + strlen(text) - 1); /* one line */
        free(text);
    }

    /* A selection as vCard. */
    path_in_work(out, sizeof out, "two.vcf");
    CHECK(leadbook_export_file(db, LEADBOOK_FORMAT_VCARD, out,
                               "{\"where\": [{\"field\": \"company\", \"op\": \"in\", "
                               "\"value\": [\"Acme\", \"M\xc3\xbcller & S\xc3\xb6hne GmbH\"]}]}",
                               NULL, &count) == LEADBOOK_OK);
    CHECK(count == 2);
    text = read_file(out, NULL);
    CHECK(contains(text, "BEGIN:VCARD"));
    CHECK(contains(text, "VERSION:4.0"));
    CHECK(contains(text, "FN:J\xc3\xbcrgen M\xc3\xbcller"));
    free(text);
    CHECK(leadbook_import_vcard_file(copy, out, "{\"duplicates\": \"add\"}", NULL, NULL, NULL) ==
          LEADBOOK_OK);
    CHECK(lead_count(copy) == 5);

    /* The same selection as an .xlsx workbook, read back. */
    path_in_work(out, sizeof out, "two.xlsx");
    CHECK(leadbook_export_file(db, LEADBOOK_FORMAT_XLSX, out,
                               "{\"where\": [{\"field\": \"company\", \"op\": \"eq\", "
                               "\"value\": \"Acme\"}]}",
                               NULL, &count) == LEADBOOK_OK);
    CHECK(count >= 1);
    CHECK(leadbook_import_workbook_file(copy, out, "{\"dry_run\": true}", NULL, NULL, &text) ==
          LEADBOOK_OK);
    CHECK(contains(text, "\"preset\":\"outlook\""));
    CHECK(contains(text, "\"sheet\":\"Leads\""));
    leadbook_free(text);
    CHECK(leadbook_export_file(db, LEADBOOK_FORMAT_XLSX, out, "{\"delimiter\": \";\"}", NULL,
                               &count) == LEADBOOK_VALIDATION);
    CHECK(lead_count(copy) == 5);

    /* Bad arguments write nothing. */
    path_in_work(out, sizeof out, "never.csv");
    remove(out);
    CHECK(leadbook_export_file(db, (leadbook_format)42, out, NULL, NULL, &count) ==
          LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_export_file(db, LEADBOOK_FORMAT_JSONL, out, NULL, "{\"delimiter\": \";\"}",
                               &count) == LEADBOOK_VALIDATION);
    CHECK(leadbook_export_file(db, LEADBOOK_FORMAT_CSV, out, NULL, "{\"colour\": 1}", &count) ==
          LEADBOOK_VALIDATION);
    text = read_file(out, NULL);
    CHECK(text == NULL);
    free(text);
    CHECK(leadbook_export_file(db, LEADBOOK_FORMAT_CSV, out,
                               "{\"where\": [{\"field\": \"no_such_field\", \"op\": \"eq\", "
                               "\"value\": 1}]}",
                               NULL, &count) == LEADBOOK_VALIDATION);
    CHECK(leadbook_export_file(db, LEADBOOK_FORMAT_CSV, "/no/such/dir/x.csv", NULL, NULL, &count) ==
          LEADBOOK_NOT_FOUND);
    leadbook_close(copy);
    leadbook_close(db);
}

static void test_from_email(void) {
    char path[1200];
    char *json = NULL;
    char *message;
    size_t size = 0;
    leadbook_db *db = open_memory();
    current = "from email";
    data_path(path, sizeof path, "from_plain.eml");
    CHECK(leadbook_lead_from_email_file(db, path, &json) == LEADBOOK_OK);
    CHECK(contains(json, "\"full_name\":\"Jane Doe\""));
    CHECK(contains(json, "\"record_kind\":\"lead\",\"created\":true"));
    CHECK(contains(json, "\"subject\":\"Angebot f\xc3\xbcr Ihre Firma\""));
    leadbook_free(json);
    CHECK(lead_count(db) == 1);

    /* The same sender again, from memory: found, not created. */
    message = read_file(path, &size);
    CHECK(message != NULL);
    CHECK(leadbook_lead_from_email_buffer(db, message, size, &json) == LEADBOOK_OK);
    CHECK(contains(json, "\"created\":false"));
    leadbook_free(json);
    free(message);
    CHECK(lead_count(db) == 1);
    {
        int64_t items = 0;
        CHECK(leadbook_count(db, LEADBOOK_HISTORY, NULL, &items) == LEADBOOK_OK);
        CHECK(items == 1); /* one item per message id */
    }

    /* A message with no From changes nothing. */
    json = (char *)"untouched";
    data_path(path, sizeof path, "no_from.eml");
    CHECK(leadbook_lead_from_email_file(db, path, &json) == LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "From"));
    CHECK(strcmp(json, "untouched") == 0);
    data_path(path, sizeof path, "no_such.eml");
    CHECK(leadbook_lead_from_email_file(db, path, NULL) == LEADBOOK_NOT_FOUND);
    CHECK(leadbook_lead_from_email_buffer(db, "", 0, NULL) == LEADBOOK_VALIDATION);
    CHECK(lead_count(db) == 1);
    leadbook_close(db);
}

static void test_bad_input(void) {
    char path[1200];
    char *report = (char *)"untouched";
    leadbook_db *db = open_memory();
    current = "bad input";
    CHECK(leadbook_add(db, LEADBOOK_LEADS, "{\"full_name\": \"Kept\"}", NULL) == LEADBOOK_OK);

    data_path(path, sizeof path, "empty.csv");
    CHECK(leadbook_import_csv_file(db, path, NULL, NULL, NULL, &report) == LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "empty"));
    data_path(path, sizeof path, "header_only.csv");
    CHECK(leadbook_import_csv_file(db, path, NULL, NULL, NULL, &report) == LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "no data rows"));
    data_path(path, sizeof path, "unterminated_quote.csv");
    CHECK(leadbook_import_csv_file(db, path, NULL, NULL, NULL, &report) == LEADBOOK_OK);
    CHECK(contains(report, "\"committed\":false"));
    CHECK(contains(report, "\"line\":3"));
    leadbook_free(report);
    report = (char *)"untouched";
    data_path(path, sizeof path, "generic.csv");
    CHECK(leadbook_import_csv_file(db, path, "{\"mapping\": {\"company\": \"no_such_field\"}}",
                                   NULL, NULL, &report) == LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "no_such_field"));
    CHECK(leadbook_import_csv_file(db, path, "{\"preset\": \"lotus\"}", NULL, NULL, &report) ==
          LEADBOOK_VALIDATION);
    CHECK(leadbook_import_csv_file(db, path, "{\"duplicates\": \"merge\"}", NULL, NULL, &report) ==
          LEADBOOK_VALIDATION);
    CHECK(leadbook_import_csv_file(db, path, "{\"dry_run\": true", NULL, NULL, &report) ==
          LEADBOOK_VALIDATION);
    CHECK(leadbook_import_csv_file(db, path, "{\"colour\": \"blue\"}", NULL, NULL, &report) ==
          LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "colour"));
    CHECK(leadbook_import_csv_file(db, path, "{\"match_on\": [\"shoe_size\"]}", NULL, NULL,
                                   &report) == LEADBOOK_VALIDATION);
    data_path(path, sizeof path, "no_such_file.csv");
    CHECK(leadbook_import_csv_file(db, path, NULL, NULL, NULL, &report) == LEADBOOK_NOT_FOUND);
    CHECK(leadbook_import_vcard_file(db, path, NULL, NULL, NULL, &report) == LEADBOOK_NOT_FOUND);
    CHECK(leadbook_import_csv_buffer(db, NULL, 0, NULL, NULL, NULL, &report) ==
          LEADBOOK_VALIDATION); /* no bytes: an empty file */
    CHECK(leadbook_import_vcard_buffer(db, "", 0, NULL, NULL, NULL, &report) ==
          LEADBOOK_VALIDATION);
    CHECK(contains(leadbook_errmsg(db), "no vCard"));
    CHECK(strcmp(report, "untouched") == 0);
    /* Text that is not a card is a bad row: reported, and nothing stored. */
    CHECK(leadbook_import_vcard_buffer(db, "not a card", 10, NULL, NULL, NULL, &report) ==
          LEADBOOK_OK);
    CHECK(contains(report, "\"committed\":false"));
    CHECK(contains(report, "outside BEGIN:VCARD"));
    leadbook_free(report);
    CHECK(lead_count(db) == 1);
    leadbook_close(db);
}

static void test_null_arguments(void) {
    char *json = NULL;
    int64_t count = 0;
    leadbook_db *db = open_memory();
    current = "null arguments";
    CHECK(leadbook_import_csv_file(NULL, "x.csv", NULL, NULL, NULL, &json) ==
          LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_import_csv_file(db, NULL, NULL, NULL, NULL, &json) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(contains(leadbook_errmsg(db), "leadbook_import_csv_file"));
    CHECK(leadbook_import_csv_buffer(NULL, "a", 1, NULL, NULL, NULL, &json) ==
          LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_import_csv_buffer(db, NULL, 5, NULL, NULL, NULL, &json) ==
          LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_import_vcard_file(NULL, "x.vcf", NULL, NULL, NULL, &json) ==
          LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_import_vcard_file(db, NULL, NULL, NULL, NULL, &json) ==
          LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_import_vcard_buffer(NULL, "a", 1, NULL, NULL, NULL, &json) ==
          LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_import_vcard_buffer(db, NULL, 5, NULL, NULL, NULL, &json) ==
          LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_export_file(NULL, LEADBOOK_FORMAT_CSV, "x.csv", NULL, NULL, &count) ==
          LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_export_file(db, LEADBOOK_FORMAT_CSV, NULL, NULL, NULL, &count) ==
          LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_lead_from_email_file(NULL, "x.eml", &json) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_lead_from_email_file(db, NULL, &json) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_lead_from_email_buffer(NULL, "a", 1, &json) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(leadbook_lead_from_email_buffer(db, NULL, 5, &json) == LEADBOOK_INVALID_ARGUMENT);
    CHECK(json == NULL);
    CHECK(lead_count(db) == 0);
    leadbook_close(db);
}

int main(int argc, char **argv) {
    int status = start_tests(argc, argv);
    if (status != 0) return status;
    test_csv();
    test_duplicates_update();
    test_cancel();
    test_vcard();
    test_workbook();
    test_export();
    test_from_email();
    test_bad_input();
    test_null_arguments();
    return finish_tests();
}
