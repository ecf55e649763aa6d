/* leadbook.h: the C ABI of leadbook, an embeddable lead-tracking library.
 *
 * Rules that hold for every function below:
 *
 * - Every function returns a leadbook_status; LEADBOOK_OK (0) is success.
 *   The codes are fixed and never renumbered; new ones are only appended.
 * - On failure, leadbook_errmsg(db) says what went wrong in words (naming the
 *   field, record or file). Failures without a handle (leadbook_open) set
 *   the calling thread's last error, read with leadbook_last_error(); every
 *   failure sets it too.
 * - Records cross the boundary as UTF-8 JSON text, the same JSON as the C++
 *   types (docs/architecture.md): {"full_name": "Jane Doe", "emails": [...]}.
 *   Unknown fields are rejected by name, so typos never pass silently.
 * - Out-parameters receive results only on success. A `char **out_json` may
 *   be NULL when the caller does not want the record back.
 * - Memory returned through a `char **` or `int64_t **` is owned by the
 *   caller and freed with leadbook_free(). Memory returned through a
 *   `const char **` is borrowed: valid until the next call on the same
 *   handle (or, for a cursor, the next call on that cursor).
 * - A NULL handle or a NULL required pointer is LEADBOOK_INVALID_ARGUMENT,
 *   never a crash; no C++ exception crosses this boundary.
 * - Close and free functions accept NULL and do nothing.
 * - A leadbook_db is used by one thread at a time. Threads and processes
 *   that share a database file each open their own handle.
 * - Misuse is answered, not a crash: a call with a handle that was closed,
 *   and a call on a handle while a call on it runs (from a change listener
 *   or a progress function of that call, or from a second thread), returns
 *   LEADBOOK_MISUSE without doing anything; its message is in
 *   leadbook_last_error() only (leadbook_errmsg(db) keeps the running
 *   call's). Every handle carries a magic number that leadbook_close
 *   changes; the memory of the 16 most recently closed handles is kept so
 *   that their magic can be read, in every build type. A handle closed
 *   before those, or a pointer that never was a handle, is undefined
 *   behaviour, as with any freed pointer in C.
 * - The ABI only grows: functions are added, never changed or removed.
 */
#ifndef LEADBOOK_H
#define LEADBOOK_H

#include <stddef.h>
#include <stdint.h>

/* Version of these headers: LEADBOOK_VERSION_MAJOR, _MINOR, _PATCH,
 * LEADBOOK_VERSION_NUMBER (major * 10000 + minor * 100 + patch) and
 * LEADBOOK_VERSION_STRING ("major.minor.patch"). leadbook_version_number()
 * gives the library's; a program can check that the two agree. */
#include "leadbook/version.h"

#if defined(_WIN32)
#if defined(LEADBOOK_BUILDING)
#define LEADBOOK_API __declspec(dllexport)
#else
#define LEADBOOK_API __declspec(dllimport)
#endif
#else
#define LEADBOOK_API __attribute__((visibility("default")))
#endif

/* The limits of leadbook/limits.hpp (docs/limits.md): input past one is
 * LEADBOOK_VALIDATION, and the message names the limit. Text lengths are
 * bytes of UTF-8; no text may hold a NUL character (U+0000). */
#define LEADBOOK_MAX_TEXT_BYTES 4096                /* a one-line text field */
#define LEADBOOK_MAX_LONG_TEXT_BYTES 1048576        /* notes, bodies, custom text */
#define LEADBOOK_MAX_QUERY_CONDITIONS 100           /* conditions of one query */
#define LEADBOOK_MAX_QUERY_SORT_KEYS 20             /* sort keys of one query */
#define LEADBOOK_MAX_QUERY_IN_VALUES 10000          /* values of a query's `in` lists */
#define LEADBOOK_MAX_QUERY_TEXT_BYTES 4096          /* text of contains / starts_with */
#define LEADBOOK_MAX_REPORT_COLUMNS 200             /* columns of one report */
#define LEADBOOK_MAX_IMPORT_ISSUES_LISTED 1000      /* errors, duplicates a report lists */
#define LEADBOOK_MAX_WORKBOOK_ENTRY_BYTES 536870912 /* a part of an .xlsx, uncompressed */
#define LEADBOOK_MAX_WORKBOOK_ROWS 1000000          /* data rows of one workbook sheet */

#ifdef __cplusplus
extern "C" {
#endif

typedef enum leadbook_status {
    LEADBOOK_OK = 0,
    LEADBOOK_INVALID_ARGUMENT = 1, /* NULL handle or pointer, bad collection */
    LEADBOOK_NOT_FOUND = 2,        /* no such record, user or file */
    LEADBOOK_VALIDATION = 3,       /* input breaks a rule; malformed JSON */
    LEADBOOK_CONFLICT = 4,         /* stale version (someone else saved first), or a name
                                      already taken (report, stage, field) */
    LEADBOOK_BUSY = 5,             /* database locked past the busy timeout */
    LEADBOOK_STORAGE = 6,          /* the database failed (I/O, corruption) */
    LEADBOOK_NOT_A_DATABASE = 7,   /* the file is not a SQLite database */
    LEADBOOK_SCHEMA_TOO_NEW = 8,   /* the file was written by a newer leadbook */
    LEADBOOK_INTERNAL = 9,         /* a bug in leadbook */
    LEADBOOK_OUT_OF_MEMORY = 10,
    LEADBOOK_CANCELLED = 11, /* a callback asked to stop; nothing was stored */
    LEADBOOK_READ_ONLY = 12, /* a write to a database opened read-only */
    LEADBOOK_CORRUPT = 13,   /* the file is damaged or holds objects or values
                                leadbook did not write */
    LEADBOOK_MISUSE = 14,    /* a call that breaks the rules of this ABI and was not run: a
                                closed handle, or a call on a handle from inside a callback
                                of a call on that same handle (a change listener, a progress
                                function), or from a second thread while a call runs */
    /* Not a status: keeps the type as wide as int, so any value a caller
     * passes is representable. */
    LEADBOOK_STATUS_MAX_ = 0x7fffffff
} leadbook_status;

/* The kinds of records a database holds. Values are fixed; new ones are
 * appended. */
typedef enum leadbook_collection {
    LEADBOOK_LEADS = 1,
    LEADBOOK_ACCOUNTS = 2,
    LEADBOOK_USERS = 3,
    LEADBOOK_CRITERIA = 4,        /* scoring criteria; edits rescore records */
    LEADBOOK_CONTACTS = 5,        /* business contacts (converted leads and others) */
    LEADBOOK_HISTORY = 6,         /* communication history items */
    LEADBOOK_OPPORTUNITIES = 7,   /* opportunities with line items */
    LEADBOOK_STAGES = 8,          /* the editable list of sales stages */
    LEADBOOK_FIELDS = 9,          /* definitions of user-defined fields */
    LEADBOOK_SAVED_REPORTS = 10,  /* report definitions saved by name */
    LEADBOOK_MATCHING_RULES = 11, /* rules that say when two people records are the same */
    /* The editable list of reasons a lead is disqualified for:
     * {"name": "no budget"}. */
    LEADBOOK_DISQUALIFY_REASONS = 12,
    LEADBOOK_PICK_LISTS = 13, /* entries of the rating and source pick lists */
    /* Not a collection: keeps the type as wide as int, so an unknown value
     * is an error code and never undefined behaviour. */
    LEADBOOK_COLLECTION_MAX_ = 0x7fffffff
} leadbook_collection;

/* An open database. */
typedef struct leadbook_db leadbook_db;
/* Records streamed from leadbook_find(). */
typedef struct leadbook_cursor leadbook_cursor;
/* A compiled list of scoring criteria, for batch scoring without storage. */
typedef struct leadbook_scorer leadbook_scorer;

/* ---- library ------------------------------------------------------------ */

/* The library's version, "major.minor.patch" as LEADBOOK_VERSION_STRING
 * writes it. Static storage; never freed. */
LEADBOOK_API const char *leadbook_version(void);
/* The library's version as LEADBOOK_VERSION_NUMBER computes it. */
LEADBOOK_API int leadbook_version_number(void);
/* The stable name of a status ("not_found"); "unknown" for other values.
 * Static storage. */
LEADBOOK_API const char *leadbook_status_name(int status);
/* The message of the calling thread's last failure, "" if none. Borrowed:
 * valid until the thread's next leadbook call. */
LEADBOOK_API const char *leadbook_last_error(void);
/* Frees memory leadbook returned as owned by the caller. NULL is fine. */
LEADBOOK_API void leadbook_free(void *pointer);
/* The fields of every record type, as their JSON has them, derived from the
 * library's record descriptions: a JSON array with one object per record
 * type, [{"collection": "leads", "fields": [{"name": "id", "type": "integer",
 * "nullable": false, "system": true, "bytes": false, "format": "none",
 * "fields": []}, ...]}, ...]. "type" is string, integer, number, boolean,
 * object or array (timestamps, dates and money are strings); "format" says
 * what a value stands for: "timestamp" (ISO 8601 UTC text), "date"
 * ("YYYY-MM-DD"), "money" (decimal text, "19.99"), "percent" (a number,
 * 0-100) or "none"; "system" fields are kept by
 * leadbook (id, version, timestamps) and never named by a new record or a
 * change; "bytes" fields hold binary data as base64 text. "fields" lists
 * the members of an object with fixed members (score), or of each element
 * of an array of such objects (emails). Needs no database. On success
 * *out_json is owned by the caller (free with leadbook_free); failures set
 * the thread's last error. */
LEADBOOK_API leadbook_status leadbook_field_schema(char **out_json);

/* ---- opening ------------------------------------------------------------ */

/* Opens or creates the SQLite database file `path` (":memory:" for a
 * private in-memory database; "" is LEADBOOK_VALIDATION). `options_json`
 * may be NULL or an object with any of: "as_user" (user id recorded in
 * modified_by), "busy_timeout_ms", "create" (false: a missing file is
 * LEADBOOK_NOT_FOUND), "read_only" (true: writes fail with
 * LEADBOOK_READ_ONLY; a file that cannot be written opens read-only
 * anyway), "full_sync" (true: every commit is synced to disk before it
 * returns; see docs/storage.md), "vfs" (the name of a registered SQLite
 * VFS); other keys are LEADBOOK_VALIDATION naming them.
 * Opening a file of the current version only reads it: it does not wait
 * for another process's write. A file that is not a database
 * (LEADBOOK_NOT_A_DATABASE), was written by a newer leadbook
 * (LEADBOOK_SCHEMA_TOO_NEW), or holds objects leadbook did not create (a
 * trigger, a view) or tables that do not match its schema version
 * (LEADBOOK_CORRUPT) is left untouched. A file moved or deleted while open
 * makes later writes fail with LEADBOOK_STORAGE, writing nothing.
 * On success *out is a new handle, closed with leadbook_close(). */
LEADBOOK_API leadbook_status leadbook_open(const char *path, const char *options_json,
                                           leadbook_db **out);
/* Copies the book at `source` (a file path or a postgresql:// URI, as
 * leadbook_open takes; it must exist: LEADBOOK_NOT_FOUND else) into the one
 * at `destination` (created when missing): every record of every type with
 * its lists, under the same ids, and every setting, between any two
 * backends (SQLite to PostgreSQL, back, SQLite to SQLite). The destination
 * must be empty: one that holds anything is LEADBOOK_CONFLICT, naming what
 * it holds, and is left as it was. The source is read in one consistent
 * view, the destination written in one transaction and the rows of each
 * type counted on both sides at the end: a copy that fails writes nothing.
 * Needs no handle. When out_json is not NULL, on success *out_json (free
 * with leadbook_free) is {"tables": [{"table": "lead", "rows": N}, ...],
 * "settings": N}. Failures set the thread's last error, naming both
 * locations (never a password). */
LEADBOOK_API leadbook_status leadbook_copy(const char *source, const char *destination,
                                           char **out_json);
/* Closes a handle; NULL is fine. Cursors and reports of the handle must be
 * freed first. Closing a handle that is closed already, or from inside a
 * callback of a call on it, does nothing and sets leadbook_last_error()
 * (LEADBOOK_MISUSE). After closing, leadbook_errcode(db) is LEADBOOK_MISUSE
 * (for the most recently closed handles, see the rules at the top). */
LEADBOOK_API void leadbook_close(leadbook_db *db);
/* What the last failed call on `db` went wrong with, "" after a success.
 * Borrowed: valid until the next call on `db`. NULL db: the thread's last
 * error. */
LEADBOOK_API const char *leadbook_errmsg(const leadbook_db *db);
/* The code of the last call on `db`. */
LEADBOOK_API leadbook_status leadbook_errcode(const leadbook_db *db);
/* Sets the acting user (recorded in modified_by of later writes); 0 clears
 * it. The user must exist (LEADBOOK_NOT_FOUND otherwise). */
LEADBOOK_API leadbook_status leadbook_set_acting_user(leadbook_db *db, int64_t user_id);

/* Checks the whole database without changing it: SQLite's integrity_check
 * (damaged pages, indexes that disagree with their table) and
 * foreign_key_check, values of the wrong type, objects leadbook did not
 * create. Reads every page: slow on a big database. On success *out_json
 * (free with leadbook_free) is {"ok": true|false, "problems": [{"kind":
 * "integrity"|"foreign_key"|"value"|"schema", "message": "..."}, ...]}:
 * problems found are the report, not a failure. A file too damaged to read
 * at all fails with LEADBOOK_CORRUPT. */
LEADBOOK_API leadbook_status leadbook_check(leadbook_db *db, char **out_json);

/* ---- records ------------------------------------------------------------ */

/* Adds a record from a JSON object of its fields (leadbook sets id, version
 * and timestamps; naming them is LEADBOOK_VALIDATION). On success, when
 * out_json is not NULL, *out_json is the stored record (owned, free with
 * leadbook_free). */
LEADBOOK_API leadbook_status leadbook_add(leadbook_db *db, leadbook_collection collection,
                                          const char *json, char **out_json);
/* Adds every record of a JSON array in one transaction: all or none. On
 * success *out_ids is an owned array of *out_count ids in input order (free
 * with leadbook_free; NULL when the array was empty). out_ids may be NULL. */
LEADBOOK_API leadbook_status leadbook_add_many(leadbook_db *db, leadbook_collection collection,
                                               const char *json_array, int64_t **out_ids,
                                               size_t *out_count);
/* The record `id` as JSON (owned, free with leadbook_free).
 * LEADBOOK_NOT_FOUND if there is none. */
LEADBOOK_API leadbook_status leadbook_get(leadbook_db *db, leadbook_collection collection,
                                          int64_t id, char **out_json);
/* Changes the fields named in the JSON object `changes_json` of record `id`,
 * which must still be at `version` (LEADBOOK_CONFLICT otherwise, and nothing
 * changes). "custom" changes only the user-defined fields it names (null
 * removes one). *out_json, when asked for, is the stored record (owned). */
LEADBOOK_API leadbook_status leadbook_update(leadbook_db *db, leadbook_collection collection,
                                             int64_t id, int64_t version, const char *changes_json,
                                             char **out_json);
/* Changes the fields named in `changes_json` of record `id` as it is now,
 * whatever its version (last writer wins): the read and the write are one
 * transaction under the database's write lock, so there is no
 * LEADBOOK_CONFLICT. For changes that do not depend on what the record held
 * (deactivating a user, setting stars by hand); use leadbook_update for an
 * edit made from a record read earlier. *out_json as for leadbook_update. */
LEADBOOK_API leadbook_status leadbook_update_latest(leadbook_db *db, leadbook_collection collection,
                                                    int64_t id, const char *changes_json,
                                                    char **out_json);
/* Deletes record `id`; LEADBOOK_NOT_FOUND if there is none. */
LEADBOOK_API leadbook_status leadbook_delete(leadbook_db *db, leadbook_collection collection,
                                             int64_t id);
/* Finds records. `query_json` may be NULL (all records, by id) or
 * {"where": [{"field": "assigned_to", "op": "eq", "value": 3}, ...],
 *  "order_by": ["-modified_at", "full_name"], "limit": 50, "offset": 0}
 * (every key optional; conditions combine with AND; "op" defaults to "eq").
 * The ops are those of leadbook::FilterOp (leadbook/query.hpp): eq ne lt le
 * gt ge, contains and starts_with (text fields), in (an array of values),
 * is_empty (no value needed), and has for lists: a list of plain values
 * ({"field": "links", "op": "has", "value": 42}: history items linked to
 * record 42) or a text part of list entries ({"field": "emails.address",
 * "op": "has", "value": "jane@acme.example"}). A condition may instead be
 * a group: {"any": [conditions]} (either/or), {"all": [conditions]}, or
 * {"linked": "history" | "opportunities" | "account", "all": [conditions
 * on the linked records]}; "negate": true on any of them is NOT. Groups
 * nest at most 4 levels; "custom.NAME" is a user-defined field (see
 * leadbook::Filter). Unknown keys, fields and
 * ops are LEADBOOK_VALIDATION naming them; an unknown op lists the valid
 * ones ("'where[0].op': 'equals' is not an operator; use one of: eq, ne,
 * ..."). On success *out is a cursor (free with leadbook_cursor_free before
 * closing db). */
LEADBOOK_API leadbook_status leadbook_find(leadbook_db *db, leadbook_collection collection,
                                           const char *query_json, leadbook_cursor **out);
/* Reads the next record. *out_json is the record's JSON, borrowed until the
 * next call on the cursor, or NULL at the end. Errors are reported through
 * the cursor's database handle. */
LEADBOOK_API leadbook_status leadbook_cursor_next(leadbook_cursor *cursor, const char **out_json);
/* Frees a cursor; NULL is fine. */
LEADBOOK_API void leadbook_cursor_free(leadbook_cursor *cursor);
/* Counts the records a query would find (limit and offset apply). */
LEADBOOK_API leadbook_status leadbook_count(leadbook_db *db, leadbook_collection collection,
                                            const char *query_json, int64_t *out_count);

/* ---- many records at once ------------------------------------------------ */

/* A selection names the records a bulk operation touches, as JSON:
 * {"ids": [1, 2, 3]} or {"where": [{"field": "company", "op": "eq",
 * "value": "Acme"}]} (conditions as in leadbook_find). An empty selection
 * changes nothing and is not an error; explicit ids that do not exist are
 * LEADBOOK_NOT_FOUND. */

/* Sets `field` (its JSON name, e.g. "rating") to `value_json` (JSON text:
 * "\"hot\"", "42"; NULL or "null" clears the field) on every selected
 * record, in one transaction and with the validation of a single edit: if
 * one record fails, nothing changes. A lead's or contact's score is bulk
 * edited as "score.stars" (0 to 5 by hand; null: automatic again) or
 * "score.mode"; a user-defined field as "custom.NAME" (the value read by
 * its definition's type, "12.5" for a number field; null removes it; the
 * other user-defined fields stay); one criterion met as "criteria_met" with
 * {"add": ID} or {"remove": ID}. Other list fields and fields leadbook
 * keeps or computes are LEADBOOK_VALIDATION. *out_changed (may be NULL) is
 * how many records changed; records that had the value already do not. */
LEADBOOK_API leadbook_status leadbook_bulk_edit(leadbook_db *db, leadbook_collection collection,
                                                const char *selection_json, const char *field,
                                                const char *value_json, int64_t *out_changed);
/* Assigns the selected records to `user_id` (0: to nobody) in one
 * transaction. The user must exist and be active. *out_changed as above. */
LEADBOOK_API leadbook_status leadbook_assign(leadbook_db *db, leadbook_collection collection,
                                             const char *selection_json, int64_t user_id,
                                             int64_t *out_changed);

/* ---- change notifications ------------------------------------------------ */

/* Called after each committed write transaction of the handle, once per
 * transaction, with what it changed as JSON (borrowed for the call only):
 * [{"collection": "leads", "kind": "updated", "ids": [4, 5, 6]}, ...]
 * with kinds "added", "updated", "deleted". It runs on the thread that
 * wrote, inside the call that wrote: a call on the same handle from the
 * listener returns LEADBOOK_MISUSE and does nothing (other handles, even of
 * the same file, may be used). */
typedef void (*leadbook_change_fn)(const char *changes_json, void *user_data);

/* Registers `fn` with `user_data`; *out_token (may be NULL) identifies it
 * for leadbook_remove_change_listener. Changes made by other handles or
 * processes are not reported. */
LEADBOOK_API leadbook_status leadbook_add_change_listener(leadbook_db *db, leadbook_change_fn fn,
                                                          void *user_data, uint64_t *out_token);
/* Unregisters a listener; an unknown token is LEADBOOK_NOT_FOUND. */
LEADBOOK_API leadbook_status leadbook_remove_change_listener(leadbook_db *db, uint64_t token);

/* ---- leads -------------------------------------------------------------- */

/* Turns lead `id` (at `version`, else LEADBOOK_CONFLICT) into a business
 * contact with the same id; history, photo, custom fields, score, criteria,
 * opportunities and account link stay (an automatic score computed from
 * lead criteria becomes a manual score with the same stars). A record that
 * is not a lead is LEADBOOK_VALIDATION. *out_json (may be NULL) is the
 * contact (owned). */
LEADBOOK_API leadbook_status leadbook_lead_convert(leadbook_db *db, int64_t id, int64_t version,
                                                   char **out_json);

/* A lead's "status" is "open", "qualified" (converted: every business
 * contact is qualified) or "disqualified", with "status_reason" naming a
 * reason of LEADBOOK_DISQUALIFY_REASONS. Both are fields of finds, bulk
 * selections and reports; they change only through the two calls below
 * (an update or bulk edit that changes them is LEADBOOK_VALIDATION).
 *
 * Disqualifies lead `id` (at `version`, else LEADBOOK_CONFLICT) for
 * `reason`, a name of the reason list in any case (stored as the list spells
 * it). A reason not in the list, or none, is LEADBOOK_VALIDATION with a
 * message naming the choices; a record that is not a lead is
 * LEADBOOK_VALIDATION, a missing one LEADBOOK_NOT_FOUND. In the same
 * transaction a business note linked to the lead records the change
 * ("Disqualified: no budget"). Nothing changes when it fails. *out_json (may
 * be NULL) is the lead (owned). */
LEADBOOK_API leadbook_status leadbook_lead_disqualify(leadbook_db *db, int64_t id, int64_t version,
                                                      const char *reason, char **out_json);
/* Opens disqualified lead `id` (at `version`) again and clears its reason,
 * with a business note "Reopened (was: no budget)". An open lead is
 * LEADBOOK_VALIDATION; the rest as leadbook_lead_disqualify. */
LEADBOOK_API leadbook_status leadbook_lead_reopen(leadbook_db *db, int64_t id, int64_t version,
                                                  char **out_json);

/* ---- history ------------------------------------------------------------ */
/* History items are records of LEADBOOK_HISTORY: {"kind": "phone_log",
 * "subject": "...", "links": [record ids], "direction": "outgoing",
 * "duration": 300}. A record's history, newest first:
 * leadbook_find(db, LEADBOOK_HISTORY, "{\"where\": [{\"field\": \"links\",
 * \"op\": \"has\", \"value\": 42}], \"order_by\": [\"-occurred_at\"]}", &c). */

/* Unlinks history item `item_id` from record `record_id`. A business note
 * or phone log left linked to nothing is deleted: then *out_json is set to
 * NULL; otherwise it is the item (owned). LEADBOOK_NOT_FOUND if the item
 * does not exist or is not linked to the record. */
LEADBOOK_API leadbook_status leadbook_history_unlink(leadbook_db *db, int64_t item_id,
                                                     int64_t record_id, char **out_json);

/* Appends a dated line ("2026-11-27 09:30 UTC Ana Silva: text") to the notes
 * of lead `id` at `version`. `text` may be NULL or "". *out_json as for
 * leadbook_update. */
LEADBOOK_API leadbook_status leadbook_lead_add_time_stamp(leadbook_db *db, int64_t id,
                                                          int64_t version, const char *text,
                                                          char **out_json);

/* Which criteria lead or business contact `id` meets and what each adds or
 * takes away: {"record_id": 7, "score": {...}, "met": [{"criterion_id": 3,
 *  "description": "Budget confirmed", "weight": "high", "effect": "raise",
 *  "points": 3, "counts": true}, ...], "points": 3, "max_points": 13,
 *  "automatic_stars": 1, "automatic_percent": 23}. A converted contact's lead
 * criteria are listed last with "counts": false and 0 points. The totals are
 * what the criteria give, also when "score" was set by hand. LEADBOOK_NOT_FOUND
 * for any other id. *out_json is owned (free with leadbook_free). */
LEADBOOK_API leadbook_status leadbook_lead_score_breakdown(leadbook_db *db, int64_t id,
                                                           char **out_json);

/* ---- pick lists ----------------------------------------------------------- */
/* Leads and business contacts each have a rating list (Hot, Warm, Cold by
 * default) and a source list. Their entries are the collection
 * LEADBOOK_PICK_LISTS: {"record_type": "lead", "list": "source", "name":
 * "Webinar"} added goes to the end of its list; an update of "name" renames
 * the entry on every record that holds it, in the same transaction (each
 * gets a new version); a name taken in the list (any case) is
 * LEADBOOK_CONFLICT; leadbook_delete of an entry that records hold is
 * LEADBOOK_VALIDATION. A rating not in the record type's list is refused
 * naming the choices; a source not in the list joins it. */

/* The entries of one list in list order: `record_type` "lead" or
 * "business_contact", `list` "rating" or "source". On success *out_json
 * (owned; free with leadbook_free) is a JSON array of entries.
 * LEADBOOK_VALIDATION for an unknown record type or list. */
LEADBOOK_API leadbook_status leadbook_pick_list(leadbook_db *db, const char *record_type,
                                                const char *list, char **out_json);

/* Puts the entries of one list in the order of `names_json`, a JSON array
 * naming every entry once (any case). On success *out_json (owned; free
 * with leadbook_free) is the list in its new order. A name that is not in
 * the list, named twice or left out is LEADBOOK_VALIDATION; nothing
 * changes. */
LEADBOOK_API leadbook_status leadbook_pick_list_reorder(leadbook_db *db, const char *record_type,
                                                        const char *list, const char *names_json,
                                                        char **out_json);

/* Deletes pick-list entry `id`, moving the records that hold it to
 * `replacement` (another entry of the same list, any case; "" clears the
 * field), each with a new version, in one transaction. With `replacement`
 * NULL an entry in use is LEADBOOK_VALIDATION (the message says how many
 * records hold it). A replacement not in the list is LEADBOOK_VALIDATION;
 * LEADBOOK_NOT_FOUND when there is no entry `id`; nothing changes on an
 * error. `out_moved` (may be NULL) receives how many records moved. */
LEADBOOK_API leadbook_status leadbook_pick_list_delete(leadbook_db *db, int64_t id,
                                                       const char *replacement, int64_t *out_moved);

/* ---- duplicates ---------------------------------------------------------- */
/* Matching rules (collection LEADBOOK_MATCHING_RULES, records such as
 * {"name": "Same person", "fields": [{"field": "full_name"}, {"field":
 * "company", "ignore_accents": true}], "mode": "fuzzy", "threshold": 0.85,
 * "action": "block"}) are checked on every write of a lead or business
 * contact: "warn" stores the record and lists what it may duplicate (see
 * leadbook_possible_duplicates), "block" refuses it with LEADBOOK_CONFLICT
 * naming the stored record. A match is {"id": 12, "record_kind": "lead",
 * "full_name": "Jane Doe", "rule_id": 1, "rule": "Same e-mail address",
 * "action": "warn", "score": 1.0, "position": 0}. leadbook/duplicates.hpp
 * says how fields are compared. */

/* The stored leads and business contacts the active rules find the same as
 * a record: the one given as JSON in `record_json` (a lead's fields; it need
 * not be stored), or, when `record_json` is NULL, the stored record `id`
 * (LEADBOOK_NOT_FOUND if it is not a lead or business contact). A JSON array
 * of matches, best score first per rule. *out_json is owned (free with
 * leadbook_free). */
LEADBOOK_API leadbook_status leadbook_find_duplicates(leadbook_db *db, int64_t id,
                                                      const char *record_json, char **out_json);
/* Every group of stored records the active rules find the same: a JSON
 * array of {"rule_id": 1, "rule": "...", "ids": [3, 9], "score": 1.0},
 * found through blocking keys. *out_json is owned (free with leadbook_free). */
LEADBOOK_API leadbook_status leadbook_duplicate_groups(leadbook_db *db, char **out_json);
/* What warn rules found in the handle's last write (an add, add_many,
 * update, import): a JSON array of matches, "position" being the record's
 * index in an add_many. "[]" when nothing. *out_json is owned (free with
 * leadbook_free). */
LEADBOOK_API leadbook_status leadbook_possible_duplicates(leadbook_db *db, char **out_json);
/* Merges leads or business contacts into one, in one transaction:
 * `request_json` is {"survivor": {"id": 3, "version": 2}, "others": [{"id":
 * 9, "version": 1}], "choose": {"company": 9}} ("choose" may be left out).
 * Empty fields of the survivor are filled from the others unless "choose"
 * names the record a field comes from; lists are united without repeats;
 * history links and opportunities move to the survivor; the others are
 * deleted; the score is computed again. *out_json receives what moved:
 * {"survivor": 3, "record_kind": "lead", "version": 3, "deleted": [9],
 * "fields_taken": {"company": 9}, "entries_added": {"emails": 1},
 * "history_moved": [...], "opportunities_moved": [...]} (owned, free with
 * leadbook_free; may be NULL). A stale version is LEADBOOK_CONFLICT; the
 * survivor among the others, a record named twice or no other record is
 * LEADBOOK_VALIDATION; nothing changes then. */
LEADBOOK_API leadbook_status leadbook_merge(leadbook_db *db, const char *request_json,
                                            char **out_json);

/* ---- import and export ------------------------------------------------- */
/* Leads come in from CSV files (Outlook, Google Contacts, Excel with ","
 * ";" or tab, UTF-8, UTF-16 with a byte order mark, or Windows-1252) and
 * vCard 2.1, 3.0 and 4.0 files, and go out as CSV, JSON lines or vCard 4.0.
 * An import is one transaction: everything is stored or nothing is.
 *
 * Import options are a JSON object (NULL or "{}" for the defaults) with any
 * of:
 *   "preset": "auto" | "outlook" | "windows" | "google" | "thunderbird" | "yahoo" |
 *       "generic" (CSV only; default
 *       "auto", the preset that knows most of the header),
 *   "mapping": {"Header text": "target", ...} (CSV only: targets as the
 *       JSON fields, "emails.work", "phones.mobile", "addresses.home.city",
 *       "custom.Region", "first_name", "last_name", or "" to ignore),
 *   "unmapped_to_custom": false,
 *   "duplicates": "add" | "skip" | "update" (default "skip"),
 *   "match_on": ["email"] (or text fields, all equal: ["full_name",
 *       "company"]),
 *   "dry_run": false (check everything, store nothing),
 *   "skip_bad_rows": false (otherwise the first bad row stores nothing),
 *   "encoding": "auto" (detect) or any character set iconv converts:
 *       "utf-8", "utf-16le", "windows-1250", "shift_jis", "cp932",
 *       "gb18030", "big5", "koi8-r", ... (one it does not know is
 *       LEADBOOK_VALIDATION, naming it),
 *   "delimiter": "auto" | "," | ";" | "\t".
 * Unknown keys, presets, targets and values are LEADBOOK_VALIDATION.
 *
 * On success *out_report_json (owned, free with leadbook_free; may be NULL
 * when not wanted) is the report:
 *   {"read": 120, "added": 117, "updated": 0, "skipped": 3,
 *    "errors": [{"line": 12, "column": 3, "column_name": "E-mail Address",
 *                "reason": "'x@' is not a valid e-mail address"}],
 *    "duplicates": [{"line": 40, "existing_id": 7, "action": "skip"}],
 *    "issue_counts": {"errors": 3, "duplicates_skipped": 1},
 *    "issues_truncated": false,
 *    "dry_run": false, "committed": true, "format": "csv",
 *    "preset": "outlook", "encoding": "windows-1252",
 *    "encoding_confidence": "high", "delimiter": ";",
 *    "mapping": {"E-mail Address": "emails.email", ...},
 *    "warnings": [{"line": 0, "column": 0, "column_name": "",
 *                  "reason": "the file's encoding was guessed as ..."}]}
 * "encoding_confidence" is "certain" (named, a byte order mark, ASCII or
 * valid UTF-8), "high" (detected from enough bytes) or "low" (a guess:
 * "warnings" says why; name the encoding to be sure).
 * "errors" and "duplicates" list the first LEADBOOK_MAX_IMPORT_ISSUES_LISTED
 * (1,000) each; "issue_counts" counts them all by kind ("errors",
 * "duplicates_skipped", "duplicates_updated"), and "issues_truncated" says
 * whether a list left some out.
 * Rows with problems (a wrong number of cells, an unterminated quote, an
 * invalid e-mail address) are in "errors"; then, without skip_bad_rows and
 * not in a dry run, "committed" is false and nothing was stored, yet the
 * call returns LEADBOOK_OK. A file nothing can be imported from (empty, a
 * header and no rows, no usable column, an unknown mapping target) is
 * LEADBOOK_VALIDATION, with the line and column in leadbook_errmsg; a file
 * that cannot be opened is LEADBOOK_NOT_FOUND. Either way nothing is
 * stored. */

/* Reports how far an import is: called every 1,000 rows and once at the
 * end, before the import commits, on the calling thread, with
 * {"read": 1000, "added": 990, "updated": 0, "skipped": 10, "errors": 0,
 *  "bytes_read": 88211} (borrowed for the call only). Returning non-zero
 * cancels the import: it rolls back and the import function returns
 * LEADBOOK_CANCELLED. A call on the same handle from it returns
 * LEADBOOK_MISUSE and does nothing. */
typedef int (*leadbook_progress_fn)(const char *progress_json, void *user_data);

/* Imports leads from the CSV file at `path`. `options_json` as above (may
 * be NULL); `progress` may be NULL, else it is called with `user_data`. */
LEADBOOK_API leadbook_status leadbook_import_csv_file(leadbook_db *db, const char *path,
                                                      const char *options_json,
                                                      leadbook_progress_fn progress,
                                                      void *user_data, char **out_report_json);
/* The same from `size` bytes of CSV at `data` (the bytes of a file, in any
 * encoding the file could have; `data` may be NULL when size is 0, which
 * is an empty file). The bytes are only read during the call. */
LEADBOOK_API leadbook_status leadbook_import_csv_buffer(leadbook_db *db, const void *data,
                                                        size_t size, const char *options_json,
                                                        leadbook_progress_fn progress,
                                                        void *user_data, char **out_report_json);
/* Imports the cards of the vCard file at `path` (any number of cards;
 * options as for CSV without preset, mapping, encoding and delimiter). */
LEADBOOK_API leadbook_status leadbook_import_vcard_file(leadbook_db *db, const char *path,
                                                        const char *options_json,
                                                        leadbook_progress_fn progress,
                                                        void *user_data, char **out_report_json);
/* The same from `size` bytes of vCard text at `data`. */
LEADBOOK_API leadbook_status leadbook_import_vcard_buffer(leadbook_db *db, const void *data,
                                                          size_t size, const char *options_json,
                                                          leadbook_progress_fn progress,
                                                          void *user_data, char **out_report_json);

/* Imports leads from a sheet of the Excel workbook (.xlsx, or .xls: told
 * apart by the file's bytes) at `path`. Options as for CSV, without
 * encoding and delimiter, and with "sheet": "Name" (default "": the first
 * sheet). The first row with a cell is the header. Cells are read as the
 * sheet shows them (numbers in their number format, dates stored as serial
 * numbers as "2026-11-27" or "2026-11-27 09:30:00"). The report has
 * "format": "xlsx" or "xls" and "sheet": the sheet read. A corrupt or
 * password-protected workbook, a sheet it does not have, XML with a
 * document type (entity expansion), a zip entry claiming more than
 * LEADBOOK_MAX_WORKBOOK_ENTRY_BYTES uncompressed, or a sheet declaring more
 * than LEADBOOK_MAX_WORKBOOK_ROWS data rows is LEADBOOK_VALIDATION, checked
 * before rows are read; nothing is stored. */
LEADBOOK_API leadbook_status leadbook_import_workbook_file(leadbook_db *db, const char *path,
                                                           const char *options_json,
                                                           leadbook_progress_fn progress,
                                                           void *user_data, char **out_report_json);
/* The same from `size` bytes of a workbook file at `data`. */
LEADBOOK_API leadbook_status leadbook_import_workbook_buffer(leadbook_db *db, const void *data,
                                                             size_t size, const char *options_json,
                                                             leadbook_progress_fn progress,
                                                             void *user_data,
                                                             char **out_report_json);

/* File formats of leadbook_export_file. Values are fixed; new ones are
 * appended. */
typedef enum leadbook_format {
    LEADBOOK_FORMAT_CSV = 1,   /* Outlook's contact columns, CRLF, UTF-8 */
    LEADBOOK_FORMAT_JSONL = 2, /* one lead per line, every field, as JSON */
    LEADBOOK_FORMAT_VCARD = 3, /* vCard 4.0 (RFC 6350), one card per lead */
    LEADBOOK_FORMAT_XLSX = 4,  /* an Excel workbook with the CSV columns, as text */
    /* Not a format: keeps the type as wide as int, so an unknown value is
     * an error code and never undefined behaviour. */
    LEADBOOK_FORMAT_MAX_ = 0x7fffffff
} leadbook_format;

/* Writes the leads `query_json` finds (as in leadbook_find; NULL: every
 * lead; one: {"where": [{"field": "id", "op": "eq", "value": 7}]}; a
 * selection: "op": "in", "value": [7, 9]) to the file at `path`, which is
 * replaced. `options_json` may be NULL; for CSV it may be
 * {"byte_order_mark": true, "delimiter": ","} (a UTF-8 byte order mark
 * first, so that Excel reads accents right; "," ";" or "\t"); other
 * formats (JSON lines, vCard, .xlsx) take no options ("{}" or NULL). CSV cells a spreadsheet would
 * run as a formula are written with a leading apostrophe (and read back without it). *out_count
 * (may be NULL) is how many leads were written. A file that cannot be created is
 * LEADBOOK_NOT_FOUND. How the file is written (docs/limits.md): a regular file is replaced
 * atomically (a temporary file in its directory, flushed, renamed) and
 * keeps its mode and owner; a symbolic link stays and its target is
 * replaced; a file with several hard links is rewritten in place, keeping
 * the links; a path that is not a regular file (a device, FIFO, socket or
 * directory) is LEADBOOK_VALIDATION and left alone. A failure leaves the
 * old file as it was. */
LEADBOOK_API leadbook_status leadbook_export_file(leadbook_db *db, leadbook_format format,
                                                  const char *path, const char *query_json,
                                                  const char *options_json, int64_t *out_count);

/* Captures a lead from the e-mail message (RFC 5322, an .eml file) at
 * `path`: the lead or business contact whose e-mail addresses include the
 * message's From address, or a new lead made from it (the display name, or
 * a name made from the address, and the address). The message is recorded
 * as an e-mail history item of that record (one per message id). One
 * transaction. *out_json (owned, free with leadbook_free; may be NULL) is
 *   {"lead": {...}, "record_kind": "lead" | "business_contact",
 *    "created": true, "history_id": 12,
 *    "message": {"subject": "...", "date": "2026-11-27T09:30:00Z",
 *                "date_text": "...", "message_id": "...", "from": "...",
 *                "from_name": "...", "from_address": "...", "to": [...]}}
 * A message without one usable From address (none, empty, several,
 * malformed) is LEADBOOK_VALIDATION and changes nothing; a file that cannot
 * be opened is LEADBOOK_NOT_FOUND. */
LEADBOOK_API leadbook_status leadbook_lead_from_email_file(leadbook_db *db, const char *path,
                                                           char **out_json);
/* The same from the `size` bytes of a message at `message`. */
LEADBOOK_API leadbook_status leadbook_lead_from_email_buffer(leadbook_db *db, const void *message,
                                                             size_t size, char **out_json);

/* ---- scoring without storage ------------------------------------------- */
/* Criteria live in the LEADBOOK_CRITERIA collection: add, update and delete
 * them like records ({"record_type": "lead", "description": "...",
 * "weight": "low"|"normal"|"high", "effect": "raise"|"lower", and
 * optionally "points": -100..100, explicit signed points that replace the
 * weight and effect; null goes back to them). Records
 * name the criteria they meet in "criteria_met" and carry their "score".
 * The functions below score data a caller keeps itself, with the same
 * exact formulas (see docs/scoring.md). */

/* Compiles `count` criteria given as signed points, -100..100: a positive
 * value raises the score by that many points, a negative one lowers it, 0
 * counts nothing (other values are LEADBOOK_VALIDATION). On success *out is a new scorer, freed
 * with leadbook_scorer_free. `signed_points` may be NULL when count is 0. */
LEADBOOK_API leadbook_status leadbook_scorer_new(const int32_t *signed_points, size_t count,
                                                 leadbook_scorer **out);
/* Frees a scorer; NULL is fine. */
LEADBOOK_API void leadbook_scorer_free(leadbook_scorer *scorer);
/* How many 64-bit words one record's mask takes: (count + 63) / 64, at
 * least 1 (0 for a NULL scorer). Criterion i is bit (i % 64) of word
 * (i / 64). */
LEADBOOK_API size_t leadbook_scorer_words_per_record(const leadbook_scorer *scorer);
/* The sum of the points of the raising criteria (0 for NULL). */
LEADBOOK_API int32_t leadbook_scorer_max_points(const leadbook_scorer *scorer);
/* Scores `records` records whose masks lie one after another in `masks`
 * (words_per_record words each). Writes stars (0..5), points and percent
 * (0..100) of record r to element r of each output array that is not NULL.
 * No allocation; safe to call from several threads on one scorer. */
LEADBOOK_API leadbook_status leadbook_scorer_score(const leadbook_scorer *scorer,
                                                   const uint64_t *masks, size_t records,
                                                   int32_t *out_stars, int32_t *out_points,
                                                   int32_t *out_percent);

/* Fits the points of `criteria` criteria to the outcomes of `count` records
 * given as plain arrays, without storage (see docs/scoring.md, "Tuning"):
 * `masks` holds each record's criteria in leadbook_scorer_score's layout
 * ((criteria + 63) / 64 words a record, at least 1), `outcomes` one byte a
 * record (1 converted or won, 0 lost or disqualified), `current_points` the
 * criteria's signed points today (-100..100). On success *out_json (owned;
 * free with leadbook_free) is the report: {"records", "converted", "lost",
 * "folds", "cv_auc_current", "cv_auc_scale", "cv_auc_points", "criteria":
 * [{"index", "current_points", "scale_points", "points", "coefficient",
 * "ci_low", "ci_high", "records_meeting", "fitted", "note"}, ...],
 * "current_points", "scale_points", "points", "bands_current",
 * "bands_scale", "bands_points": [{"stars", "records", "converted",
 * "conversion_rate"}, ...]}. LEADBOOK_VALIDATION for fewer than 30
 * outcomes of either kind, outcomes all of one kind or an outcome other
 * than 0 or 1; LEADBOOK_INVALID_ARGUMENT for NULL arrays with a count. */
LEADBOOK_API leadbook_status leadbook_tune_weights(const uint64_t *masks, const uint8_t *outcomes,
                                                   size_t count, const int32_t *current_points,
                                                   size_t criteria, char **out_json);

/* The same for the records of a database: tunes the criteria of
 * `record_type` ("lead" or "business_contact") from the outcomes of `count`
 * records, record ids[i] converted (or won) when converted[i] is not 0,
 * lost (or disqualified) when it is. With `dry_run` not 0 nothing changes;
 * with 0 every criterion that could be fitted gets the tuned "points" as its
 * explicit points and the records are rescored, in one transaction.
 * *out_json (owned; free with leadbook_free) is the report, criteria in the
 * order of the record type's criteria. LEADBOOK_NOT_FOUND for an id that is
 * not a record of that type, LEADBOOK_VALIDATION for an id listed twice and
 * the errors of leadbook_tune_weights; nothing changes on an error. */
LEADBOOK_API leadbook_status leadbook_scoring_tune(leadbook_db *db, const char *record_type,
                                                   const int64_t *ids, const uint8_t *converted,
                                                   size_t count, int dry_run, char **out_json);

/* The grade bands of `record_type` ("lead" or "business_contact"): named
 * bands of the score's percent (a manual score's stars times 20) that give a
 * record its "score.grade" (see docs/scoring.md, "Grades"). *out_json (owned;
 * free with leadbook_free) is an array [{"name": "A", "from": 75, "to":
 * 100}, ...]; the defaults are A 75..100, B 50..74, C 25..49, D 0..24.
 * LEADBOOK_VALIDATION for an unknown record type. */
LEADBOOK_API leadbook_status leadbook_grade_bands(leadbook_db *db, const char *record_type,
                                                  char **out_json);

/* Replaces the grade bands of `record_type` with `bands_json` (an array as
 * leadbook_grade_bands gives, in any order) and grades every record of
 * that type again, in one transaction; *out_regraded (may be NULL) is how
 * many grades changed, each reported to change listeners in a "graded"
 * group with the old and new grade. LEADBOOK_VALIDATION, and nothing
 * changes, for bands that overlap or leave a percent of 0..100 without a
 * band, a band whose "from" is above its "to" or outside 0..100, a blank
 * or repeated name, or JSON that is not such an array. */
LEADBOOK_API leadbook_status leadbook_set_grade_bands(leadbook_db *db, const char *record_type,
                                                      const char *bands_json,
                                                      int64_t *out_regraded);

/* ---- reports ---- */
/* A report definition is a JSON object (see leadbook/reports.hpp):
 *   {"record_type": "leads" | "business_contacts" | "accounts" | "opportunities",
 *    "title": "Hot leads",
 *    "columns": ["full_name", "emails.address", "score.stars"],
 *    "filters": [{"field": "rating", "op": "eq", "value": "hot"}],
 *    "sort": [{"field": "full_name", "descending": true}],
 *    "group_by": ["assigned_to", {"field": "score.stars", "descending": true}],
 *    "limit": 100, "offset": 0}
 * Every key is optional (record_type defaults to leads, columns to the
 * type's default columns). Fields are JSON field names; "list.field" is
 * that field of the list's first entry ("emails.address"). Filters are the
 * conditions of leadbook_find (the same ops and messages), combined with
 * AND. At
 * most two group levels, of scalar fields. Unknown fields, operators,
 * record types and keys, values of the wrong type, an empty "in" list and
 * grouping by a list are LEADBOOK_VALIDATION naming what is wrong.
 * Built-in reports: "leads_by_assigned_to", "leads_by_assigned_to_and_rating"
 * and "leads_by_score" (grouped by stars, highest first).
 *
 * Errors of functions taking a leadbook_report are reported through the
 * report's database handle: leadbook_errmsg(db) or leadbook_report_errmsg. */

/* A report being run: its groups and its streamed rows. */
typedef struct leadbook_report leadbook_report;

/* Runs a built-in or saved report by name, or a definition given as JSON
 * (text starting with '{'). Missing names are LEADBOOK_NOT_FOUND; a saved
 * definition naming a field that no longer exists is LEADBOOK_VALIDATION
 * naming the report and the field. On success *out is a new report, freed
 * with leadbook_report_free before closing db. */
LEADBOOK_API leadbook_status leadbook_report_run(leadbook_db *db,
                                                 const char *name_or_definition_json,
                                                 leadbook_report **out);
/* Frees a report; NULL is fine. */
LEADBOOK_API void leadbook_report_free(leadbook_report *report);
/* The message of the last failed call on `report` (its database handle's),
 * "" after a success. NULL report: the calling thread's last failure, as
 * leadbook_last_error(). Borrowed: valid until the next call on the handle. */
LEADBOOK_API const char *leadbook_report_errmsg(const leadbook_report *report);
/* What the report shows and its counts, as JSON (owned, free with
 * leadbook_free): {"title": "...", "description": "Leads where Rating is
 * \"hot\"", "record_type": "leads", "columns": [{"field": "full_name",
 * "heading": "Name"}, ...], "group_by": [{"field", "heading"}...],
 * "total": 42, "groups": [...as leadbook_report_groups_json...]}. With
 * totals in the definition also "total_fields": [{"field": "sum_total",
 * "heading": "Sum of Total"}, ...] and "totals": {"sum_total": "2250.54",
 * ...} over every matching record (money as exact decimal text). */
LEADBOOK_API leadbook_status leadbook_report_info_json(leadbook_report *report, char **out_json);
/* The groups, counted in the database, in row order, as a JSON array
 * (owned): [{"key": 3, "label": "Ana Silva", "count": 12, "subgroups":
 * [{"key": "hot", "label": "hot", "count": 5}, ...]}, ...]. "key" is the
 * field's JSON value (a user id for assigned_to, null for none, a period's
 * label such as "2026-11" for a field grouped by period); "label" is how
 * people read it; "subgroups" is present above the last of up to three
 * levels; "totals" ({"sum_total": "1250.50", ...}) when the definition
 * has totals. [] when the report does not group. Counts and totals ignore
 * limit and offset. */
LEADBOOK_API leadbook_status leadbook_report_groups_json(leadbook_report *report, char **out_json);
/* The definition that runs, as JSON (owned). */
LEADBOOK_API leadbook_status leadbook_report_definition_json(leadbook_report *report,
                                                             char **out_json);
/* Reads the next row, in group order, then sort order. *out_row_json is
 * borrowed until the next call on the report, or NULL after the last row:
 * {"id": 7, "group": [{"field": "assigned_to", "key": 3, "label": "Ana
 * Silva"}], "values": {"full_name": "Jane Doe", "score.stars": 4, ...},
 * "text": {"full_name": "Jane Doe", "score.stars": "4", ...}} where
 * "values" are JSON values and "text" what people read (user names,
 * "yes"/"no", "2026-11-27 09:30"); "group" is absent without groups. */
LEADBOOK_API leadbook_status leadbook_report_next_row(leadbook_report *report,
                                                      const char **out_row_json);
/* Starts the rows again from the first. */
LEADBOOK_API leadbook_status leadbook_report_rewind(leadbook_report *report);
/* Writes the whole report (whatever next_row has read) to the file `path`,
 * replaced, as `format`: "csv" (formula-safe: a cell starting with = + - @
 * tab or CR is written as text), "json" (info plus a "rows" array) or "html"
 * (one page: title, filters in words, an SVG bar chart of the group counts,
 * the grouped table; no script). Streams: memory does not grow with rows.
 * Another format is LEADBOOK_VALIDATION; a file that cannot be written is
 * LEADBOOK_NOT_FOUND.
 * How the file is written (docs/limits.md): a regular file is replaced
 * atomically (a temporary file in its directory, flushed, renamed) and
 * keeps its mode and owner; a symbolic link stays and its target is
 * replaced; a file with several hard links is rewritten in place, keeping
 * the links; a path that is not a regular file (a device, FIFO, socket or
 * directory) is LEADBOOK_VALIDATION and left alone. A failure leaves the
 * old file as it was. */
LEADBOOK_API leadbook_status leadbook_report_write(leadbook_report *report, const char *format,
                                                   const char *path);
/* The same as text in memory (owned, free with leadbook_free). */
LEADBOOK_API leadbook_status leadbook_report_render(leadbook_report *report, const char *format,
                                                    char **out_text);

/* Checks a definition without running or storing it. */
LEADBOOK_API leadbook_status leadbook_report_validate(leadbook_db *db, const char *definition_json);
/* Checks `definition_json` and saves it as `name` in `category` (NULL:
 * "Leads"). Names are unique ignoring case: an existing name is
 * LEADBOOK_CONFLICT unless `replace` is non-zero, which overwrites its
 * definition and category; a built-in report's name is LEADBOOK_CONFLICT; a
 * blank name is LEADBOOK_VALIDATION. A bad definition stores nothing.
 * *out_json (may be NULL) is the saved report (owned): {"id", "name",
 * "category", "definition" (JSON text), "created_at", ...}. */
LEADBOOK_API leadbook_status leadbook_report_save(leadbook_db *db, const char *name,
                                                  const char *definition_json, const char *category,
                                                  int replace, char **out_json);
/* The definition of a built-in or saved report (owned JSON), checked
 * again: a saved definition that no longer fits is LEADBOOK_VALIDATION
 * naming the report and the field; a missing name is LEADBOOK_NOT_FOUND. */
LEADBOOK_API leadbook_status leadbook_report_open(leadbook_db *db, const char *name,
                                                  char **out_definition_json);
/* Built-in and saved reports, by category then name, as a JSON array
 * (owned): [{"name", "category", "title", "builtin": true|false, "id" (0 for
 * built-ins)}]. `category` (any case) keeps only its reports; NULL: all. */
LEADBOOK_API leadbook_status leadbook_report_list(leadbook_db *db, const char *category,
                                                  char **out_json);
/* Renames a saved report. Errors as for save; built-ins cannot be renamed
 * (LEADBOOK_VALIDATION); a missing name is LEADBOOK_NOT_FOUND. */
LEADBOOK_API leadbook_status leadbook_report_rename(leadbook_db *db, const char *old_name,
                                                    const char *new_name);
/* Deletes a saved report (LEADBOOK_NOT_FOUND if there is none; built-ins
 * cannot be deleted: LEADBOOK_VALIDATION). */
LEADBOOK_API leadbook_status leadbook_report_delete(leadbook_db *db, const char *name);

#ifdef __cplusplus
}
#endif

#endif /* LEADBOOK_H */
