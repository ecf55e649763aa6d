// cli.hpp: what the files of the `leadbook` command-line tool share.
//
// main.cpp reads the global options and holds the dispatch table (every
// command group and subcommand, in one place); options.cpp parses a
// command's options and values; table.cpp prints aligned tables; output.cpp
// prints records as cards, table rows or JSON lines. The commands live in
// one file per group: lead_commands.cpp (lead add/show/list/edit/delete/
// stamp), scoring_commands.cpp (criteria ..., lead score/meets/unmeets/
// stars), bulk_commands.cpp (lead assign/bulk-edit), contact_commands.cpp
// (lead convert, contact ..., account ...), history_commands.cpp,
// opportunity_commands.cpp, user_commands.cpp, field_commands.cpp, list_commands.cpp,
// report_commands.cpp,
// import_commands.cpp (lead import/export/from-email),
// duplicate_commands.cpp (rule ..., duplicates ...) and demo.cpp. Each group's
// help text is next to its commands.
#pragma once

#include <leadbook/leadbook.hpp>
#include <leadbook/postgres_storage.hpp>
#include <leadbook/reports.hpp>

#include <boost/describe/enumerators.hpp>
#include <boost/json/value.hpp>
#include <boost/mp11/algorithm.hpp>

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace leadbook_cli {

using leadbook::FilterOp;

/// Joins text pieces into one string. Messages are built with it rather than
/// with `"text" + std::string(...)`, which GCC 12 at -O2 and above misreads
/// as an overlapping copy (-Wrestrict, GCC bug 105329).
template <class... Parts> std::string cat(const Parts&... parts) {
    std::string out;
    (out.append(std::string_view(parts)), ...);
    return out;
}

/// A mistake in how the tool was called: exit status 2, with a hint.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// What the global options chose, and where output goes.
struct Context {
    std::string db_path;
    bool json = false;
    /// With --json, the fields each printed object keeps (--fields id,full_name;
    /// "score.stars" names a member of an object field); empty: every field.
    std::vector<std::string> json_fields;
    std::optional<std::string> as_user; ///< a user id or name
    std::ostream* out = nullptr;
};

/// A command's arguments after its name ("lead add --name X": "--name", "X").
using Args = std::vector<std::string>;
/// What runs one (sub)command; returns the exit status.
using CommandFn = int (*)(const Context& ctx, const Args& args);

// ---- options (options.cpp) -------------------------------------------------

/// One option a command accepts: "--name VALUE" (or "--name=VALUE") when
/// takes_value, else a flag; repeatable options keep every value.
struct OptionSpec {
    std::string name; ///< without the leading "--"
    bool takes_value = true;
    bool repeatable = false;
};

struct ParsedOptions {
    std::map<std::string, std::vector<std::string>> values; ///< flags get ""
    std::vector<std::string> positionals;

    bool has(const std::string& name) const { return values.count(name) != 0; }
    /// The (last) value of an option, if given.
    std::optional<std::string> get(const std::string& name) const;
    const std::vector<std::string>& all(const std::string& name) const;
};

/// Parses `args` against `specs`. "--" ends the options. Unknown options
/// throw UsageError naming `command` and the option.
ParsedOptions parse_options(std::string_view command, const std::vector<std::string>& args,
                            const std::vector<OptionSpec>& specs);

/// Throws UsageError unless there are between min and max positionals.
void expect_positionals(std::string_view command, const ParsedOptions& options, std::size_t min,
                        std::size_t max, std::string_view what);

/// A decimal integer, or nullopt if `text` is anything else.
std::optional<std::int64_t> parse_int(std::string_view text);
/// A record id (a positive decimal integer); UsageError naming `what`.
std::int64_t parse_id(std::string_view text, std::string_view what);
/// A non-negative count (--limit, --offset); UsageError naming `what`.
std::int64_t parse_count(std::string_view text, std::string_view what);

/// `text` as JSON when it parses ("42", "true", "[1,2]", "\"x\""), else the
/// text itself as a JSON string.
boost::json::value parse_value(std::string_view text);

/// Splits "FIELD=VALUE" at the first '='; UsageError naming `option` if there
/// is none or FIELD is empty.
std::pair<std::string, std::string> split_assignment(std::string_view text,
                                                     std::string_view option);

/// An ISO 8601 time ("2026-11-27T09:30:00Z", "2026-11-27T10:30+01:00");
/// without a zone ("2026-11-27 09:30", "2026-11-27T09:30") it is read as UTC.
/// UsageError naming `option` if malformed.
leadbook::Timestamp parse_time(std::string_view text, std::string_view option);
/// A day, "YYYY-MM-DD"; UsageError naming `option` if malformed.
leadbook::Date parse_date(std::string_view text, std::string_view option);

/// One of the names of a described enum ("phone_log"; "phone-log" works
/// too); UsageError naming `option` and listing the names otherwise.
template <class E> E parse_choice(std::string_view text, std::string_view option) {
    std::string name(text);
    for (char& c : name)
        if (c == '-') c = '_';
    if (auto value = leadbook::enum_from_name<E>(name)) return *value;
    std::string names;
    boost::mp11::mp_for_each<boost::describe::describe_enumerators<E>>([&](auto d) {
        if (!names.empty()) names += ", ";
        names += d.name;
    });
    throw UsageError(cat(option, " must be one of ", names, "; not '", text, "'"));
}

/// The positionals from `first` on, joined with spaces ("lead stamp 7 called
/// back" needs no quotes).
std::string join_positionals(const ParsedOptions& options, std::size_t first);

/// A user id, or the name of a user ("Ana Silva", any case). Throws
/// Error(not_found) naming the user when there is no such user.
leadbook::Id resolve_user(leadbook::LeadBook& book, std::string_view id_or_name);

/// Fields whose value is a user id; the tool accepts a user name there too.
bool is_user_field(std::string_view field);

/// A JSON value for `field` from command-line text (see parse_value): user
/// fields accept a user's name, and nothing ("assigned_to=") for no user.
boost::json::value field_value(leadbook::LeadBook& book, std::string_view field,
                               std::string_view text);

/// "FIELD=VALUE", "FIELD!=VALUE", "FIELD<=VALUE", ..., "FIELD~TEXT" as a
/// filter. "FIELD=" (nothing after '=') finds records where FIELD is empty.
leadbook::Filter parse_where(leadbook::LeadBook& book, std::string_view text);

/// The query of a list command's --where, --sort, --limit and --offset.
leadbook::RecordQuery parse_list_query(leadbook::LeadBook& book, const ParsedOptions& options);
/// The list options parse_list_query reads, for parse_options.
std::vector<OptionSpec> list_option_specs();

/// Which records a bulk command touches: the ids among the positionals from
/// `first` on, or the --where conditions; exactly one of the two.
leadbook::Selection parse_selection(std::string_view command, leadbook::LeadBook& book,
                                    const ParsedOptions& options, std::size_t first);

/// Nothing, unless `id` is not a lead but a business contact (a converted
/// lead): then Error(not_found) saying so, and where to look instead.
void expect_lead(leadbook::LeadBook& book, leadbook::Id id);
/// A criterion id, or the description of a lead criterion (any case).
leadbook::Id resolve_criterion(leadbook::LeadBook& book, std::string_view text);

/// The collections commands shared by leads and contacts work on.
inline leadbook::Collection<leadbook::Lead>& leads_of(leadbook::LeadBook& book) {
    return book.leads();
}
inline leadbook::Collection<leadbook::BusinessContact>& contacts_of(leadbook::LeadBook& book) {
    return book.contacts();
}

/// Opens the database of `ctx` and sets the acting user of --as-user.
/// `create` false: a missing file is an error instead of a new database.
leadbook::LeadBook open_book(const Context& ctx, bool create);
/// Whether --db names a file (not ":memory:", not a PostgreSQL URI).
bool db_is_file(const Context& ctx);
/// --db as messages show it: a PostgreSQL URI without its password.
std::string db_shown(const Context& ctx);

// ---- tables (table.cpp) ----------------------------------------------------

/// Columns a terminal shows for `text`, by the C library's wcwidth() in
/// the C.UTF-8 locale (whatever the user's locale): combining marks and
/// zero-width characters 0, East Asian wide characters (CJK, Hangul,
/// fullwidth forms) and emoji 2, most others 1. An emoji sequence counts as
/// one picture: characters joined by ZERO WIDTH JOINER and skin-tone
/// modifiers add nothing, and VARIATION SELECTOR-16 widens a character
/// drawn as an emoji to 2. Control characters and invalid UTF-8 bytes
/// count 1 (they print as one character).
std::size_t display_width(std::string_view text);

/// `text` on one line (control characters become spaces), cut to at most
/// `width` columns with "…" at the end when it is longer.
std::string fit_cell(std::string_view text, std::size_t width);

struct TableColumn {
    std::string title;
    std::size_t max_width = 30; ///< longer cells are cut with "…"
    bool right_align = false;
};

/// Prints an aligned table while rows stream in. The first rows (up to
/// `buffer_rows`) are held to size the columns; later rows reuse those
/// widths, so memory stays bounded however many rows come.
class TablePrinter {
public:
    TablePrinter(std::ostream& out, std::vector<TableColumn> columns,
                 std::size_t buffer_rows = 200);
    void add_row(std::vector<std::string> cells);
    /// Prints what is still held; returns the number of rows printed.
    std::size_t finish();

private:
    void flush_buffer();
    void print_row(const std::vector<std::string>& cells);

    std::ostream* out_;
    std::vector<TableColumn> columns_;
    std::vector<std::size_t> widths_;
    std::vector<std::vector<std::string>> buffered_;
    std::size_t buffer_rows_;
    std::size_t printed_ = 0;
    bool header_done_ = false;
};

// ---- output (output.cpp) ---------------------------------------------------

/// "2026-11-27 09:30" (UTC) from a timestamp.
std::string short_time(const leadbook::Timestamp& time);

/// Remembers user names by id while a listing runs (users are few).
class UserNames {
public:
    explicit UserNames(leadbook::LeadBook& book) : book_(&book) {}
    /// The user's name, "" for no user, "#ID" for a user that is gone.
    std::string name(std::optional<leadbook::Id> id);
    leadbook::LeadBook* book() const noexcept { return book_; }

private:
    leadbook::LeadBook* book_;
    std::map<leadbook::Id, std::string> names_;
};

/// Names any record an id can point at (a history link, what an
/// opportunity is for): "Jane Doe (lead)", "Contoso (account)", "#12".
class RecordNames {
public:
    explicit RecordNames(leadbook::LeadBook& book) : book_(&book) {}
    std::string name(std::optional<leadbook::Id> id);

private:
    leadbook::LeadBook* book_;
    std::map<leadbook::Id, std::string> names_;
};

/// Prints one record as a compact JSON line on ctx.out, keeping only the
/// fields of ctx.json_fields when there are any (see select_fields).
void print_json_line(const Context& ctx, const boost::json::value& value);

/// The whole of a `COMMAND ID` deletion of one item of a book's list
/// (matching rules, disqualify reasons): reads the id, opens the book,
/// calls `remove` (which deletes the item of that id and returns its name)
/// and says "Deleted NOUN ID (NAME)." or, as JSON, {"id", "deleted"}.
int delete_by_id(const Context& ctx, const Args& args, std::string_view command,
                 std::string_view noun,
                 const std::function<std::string(leadbook::LeadBook&, leadbook::Id)>& remove);

/// The members of `value` (an object) that `fields` name, in the order of
/// `fields`; "a.b" keeps member b of object member a (as {"a": {"b": ...}}).
/// A field the object does not have is left out. Not an object, or no
/// fields: `value` as it is.
boost::json::value select_fields(const boost::json::value& value,
                                 const std::vector<std::string>& fields);

/// The field names of a --fields list ("id,full_name"): split at commas,
/// spaces around each trimmed. UsageError for an empty list or name.
std::vector<std::string> parse_field_list(std::string_view text);

/// Prints "  label:  value" lines with the values in one column; a value of
/// several lines continues under itself. Empty values print nothing.
class Card {
public:
    explicit Card(std::ostream& out) : out_(&out) {}
    void field(std::string_view label, std::string_view value);

private:
    static constexpr std::size_t label_width = 17;
    std::ostream* out_;
};

/// "★★★☆☆": `stars` filled stars, then empty ones, five in all. Each glyph
/// is one terminal column (display_width counts them so).
std::string stars_glyphs(std::int32_t stars);
/// "★★★★☆ (77%, 10 of 13 points)" or "★★★★☆ (manual)".
std::string score_text(const leadbook::Score& score);
/// "+3", "-2", "0".
std::string signed_points(std::int32_t points);
/// "phone log" for HistoryKind::phone_log: enum names with spaces.
template <class E> std::string enum_words(E value) {
    std::string text(leadbook::enum_name(value));
    for (char& c : text)
        if (c == '_') c = ' ';
    return text;
}

/// Prints a lead field by field (only the fields that are set), headed
/// "Lead ID: NAME".
void print_lead_card(std::ostream& out, const leadbook::Lead& lead, UserNames& users);
/// A business contact the same way, headed "Business contact ID: NAME",
/// with its Details.
void print_contact_card(std::ostream& out, const leadbook::BusinessContact& contact,
                        UserNames& users);
void print_user_card(std::ostream& out, const leadbook::User& user);

/// A lead table: id, name, company, e-mail, phone, rating, stars, assigned
/// to, modified. Streams `leads`; prints "N leads" (or "No leads.") after it.
std::size_t print_lead_table(std::ostream& out, leadbook::Cursor<leadbook::Lead>& leads,
                             UserNames& users);
/// The same for business contacts ("N business contacts").
std::size_t print_contact_table(std::ostream& out,
                                leadbook::Cursor<leadbook::BusinessContact>& contacts,
                                UserNames& users);
/// The same rows as JSON lines.
std::size_t print_lead_json_lines(const Context& ctx, leadbook::Cursor<leadbook::Lead>& leads);

/// A history table (history_commands.cpp): id, when, kind, subject,
/// details, by. Prints "N history items" (or "No history.") after it.
std::size_t print_history_table(std::ostream& out, leadbook::Cursor<leadbook::HistoryItem>& items,
                                UserNames& users);
/// One history item, field by field (history_commands.cpp).
void print_history_card(std::ostream& out, const leadbook::HistoryItem& item, UserNames& users,
                        RecordNames& records);
/// A report as a table (report_commands.cpp): its title and filters in
/// words, then its rows streamed, with the group columns first (a group's
/// label and count on its first row), then "N leads in M groups".
void print_report_table(std::ostream& out, leadbook::Report& report);
/// One opportunity with its line items (opportunity_commands.cpp).
void print_opportunity_card(std::ostream& out, const leadbook::Opportunity& opportunity,
                            UserNames& users, RecordNames& records);

// ---- commands ----------------------------------------------------------------
// Each takes the arguments after its subcommand's name. main.cpp's dispatch
// table lists them all.

// lead_commands.cpp
int lead_add(const Context& ctx, const Args& args);
int lead_show(const Context& ctx, const Args& args);
int lead_list(const Context& ctx, const Args& args);
int lead_edit(const Context& ctx, const Args& args);
int lead_delete(const Context& ctx, const Args& args);
int lead_stamp(const Context& ctx, const Args& args);
int contact_edit(const Context& ctx, const Args& args);
// scoring_commands.cpp
int lead_score(const Context& ctx, const Args& args);
int lead_meets(const Context& ctx, const Args& args);
int lead_unmeets(const Context& ctx, const Args& args);
int lead_stars(const Context& ctx, const Args& args);
int contact_stars(const Context& ctx, const Args& args);
int contact_score(const Context& ctx, const Args& args);
int criteria_list(const Context& ctx, const Args& args);
int criteria_add(const Context& ctx, const Args& args);
int criteria_edit(const Context& ctx, const Args& args);
int criteria_delete(const Context& ctx, const Args& args);
int scoring_tune(const Context& ctx, const Args& args);
int scoring_apply(const Context& ctx, const Args& args);
int scoring_grades(const Context& ctx, const Args& args);
// bulk_commands.cpp
int lead_assign(const Context& ctx, const Args& args);
int lead_bulk_edit(const Context& ctx, const Args& args);
// contact_commands.cpp
int lead_convert(const Context& ctx, const Args& args);
int contact_list(const Context& ctx, const Args& args);
int contact_show(const Context& ctx, const Args& args);
int account_add(const Context& ctx, const Args& args);
int account_list(const Context& ctx, const Args& args);
// history_commands.cpp
int history_add(const Context& ctx, const Args& args);
int history_list(const Context& ctx, const Args& args);
int history_unlink(const Context& ctx, const Args& args);
// opportunity_commands.cpp
int opportunity_add(const Context& ctx, const Args& args);
int opportunity_list(const Context& ctx, const Args& args);
// field_commands.cpp
int field_define(const Context& ctx, const Args& args);
int field_list(const Context& ctx, const Args& args);
int field_delete(const Context& ctx, const Args& args);

// list_commands.cpp
int list_show(const Context& ctx, const Args& args);
int list_add(const Context& ctx, const Args& args);
int list_rename(const Context& ctx, const Args& args);
int list_reorder(const Context& ctx, const Args& args);
int list_delete(const Context& ctx, const Args& args);
// user_commands.cpp
int user_add(const Context& ctx, const Args& args);
int user_list(const Context& ctx, const Args& args);
int user_rename(const Context& ctx, const Args& args);
int user_deactivate(const Context& ctx, const Args& args);
int user_activate(const Context& ctx, const Args& args);
// report_commands.cpp
int report_run(const Context& ctx, const Args& args);
int report_save(const Context& ctx, const Args& args);
int report_list(const Context& ctx, const Args& args);
int report_delete(const Context& ctx, const Args& args);
// import_commands.cpp
int lead_import(const Context& ctx, const Args& args);
int lead_export(const Context& ctx, const Args& args);
int lead_from_email(const Context& ctx, const Args& args);
// demo.cpp
int demo_command(const Context& ctx, const Args& args);
// check_command.cpp
int check_command(const Context& ctx, const Args& args);
// copy_command.cpp
int copy_command(const Context& ctx, const Args& args);

// lead_commands.cpp: status
int lead_disqualify(const Context& ctx, const Args& args);
int lead_reopen(const Context& ctx, const Args& args);
int reason_list(const Context& ctx, const Args& args);
int reason_add(const Context& ctx, const Args& args);
int reason_delete(const Context& ctx, const Args& args);
// duplicate_commands.cpp
int rule_list(const Context& ctx, const Args& args);
int rule_add(const Context& ctx, const Args& args);
int rule_delete(const Context& ctx, const Args& args);
int duplicates_find(const Context& ctx, const Args& args);
int duplicates_groups(const Context& ctx, const Args& args);
int duplicates_merge(const Context& ctx, const Args& args);
// Help texts, one per command group, next to the commands they describe.
extern const std::string_view lead_help;
extern const std::string_view criteria_help;
extern const std::string_view scoring_help;
extern const std::string_view rule_help;
extern const std::string_view reason_help;
extern const std::string_view duplicates_help;
extern const std::string_view history_help;
extern const std::string_view contact_help;
extern const std::string_view account_help;
extern const std::string_view opportunity_help;
extern const std::string_view user_help;
extern const std::string_view field_help;
extern const std::string_view list_help;
extern const std::string_view report_help;
extern const std::string_view demo_help;
extern const std::string_view check_help;
extern const std::string_view copy_help;

/// Help text of one command group ("lead", "user", "demo") or of everything.
void print_usage(std::ostream& out, std::string_view topic = {});

} // namespace leadbook_cli
