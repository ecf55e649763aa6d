// cli.hpp: what the files of the `leadbook` command-line tool share.
//
// main.cpp reads the global options and dispatches; options.cpp parses a
// command's options and values; table.cpp prints aligned tables; output.cpp
// prints records as cards, table rows or JSON lines; lead_commands.cpp,
// user_commands.cpp and demo.cpp hold the commands.
#pragma once

#include <leadbook/leadbook.hpp>

#include <boost/json/value.hpp>

#include <cstdint>
#include <iosfwd>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace leadbook_cli {

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
    std::optional<std::string> as_user; ///< a user id or name
    std::ostream* out = nullptr;
};

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

/// A user id, or the name of a user ("Ana Silva", any case). Throws
/// Error(not_found) naming the user when there is no such user.
leadbook::Id resolve_user(leadbook::LeadBook& book, std::string_view id_or_name);

/// Fields whose value is a user id; the tool accepts a user name there too.
bool is_user_field(std::string_view field);

/// Opens the database of `ctx` and sets the acting user of --as-user.
/// `create` false: a missing file is an error instead of a new database.
leadbook::LeadBook open_book(const Context& ctx, bool create);

// ---- tables (table.cpp) ----------------------------------------------------

/// Columns a terminal shows for `text`: code points, with combining marks
/// as 0 and East Asian wide characters as 2. Invalid UTF-8 bytes count 1.
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

private:
    leadbook::LeadBook* book_;
    std::map<leadbook::Id, std::string> names_;
};

/// Prints one record as a compact JSON line.
void print_json_line(std::ostream& out, const boost::json::value& value);

/// Prints a lead field by field (only the fields that are set).
void print_lead_card(std::ostream& out, const leadbook::Lead& lead, UserNames& users);
void print_user_card(std::ostream& out, const leadbook::User& user);

/// A lead table: id, name, company, e-mail, phone, rating, assigned to,
/// modified. Streams `leads`; prints "N leads" (or "No leads.") after it.
std::size_t print_lead_table(std::ostream& out, leadbook::Cursor<leadbook::Lead>& leads,
                             UserNames& users);
/// The same rows as JSON lines.
std::size_t print_lead_json_lines(std::ostream& out, leadbook::Cursor<leadbook::Lead>& leads);

// ---- commands ----------------------------------------------------------------

int run_lead_command(const Context& ctx, const std::vector<std::string>& args);
int run_user_command(const Context& ctx, const std::vector<std::string>& args);
int run_demo_command(const Context& ctx, const std::vector<std::string>& args);

/// Help text of one command group ("lead", "user", "demo") or of everything.
void print_usage(std::ostream& out, std::string_view topic = {});

} // namespace leadbook_cli
