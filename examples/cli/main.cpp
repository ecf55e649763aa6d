// main.cpp: the `leadbook` command-line tool: global options, dispatch, and
// the one place where errors become messages and exit statuses.
//
//   leadbook [--db FILE] [--json [--fields F,...]] [--as-user ID] COMMAND ...
//
// Exit status: 0 on success, 1 when the library reports an error (the record
// does not exist, a field is invalid, the file is not a database), 2 when the
// tool was called wrongly. Errors go to stderr as "leadbook: <message>". The
// global help lists the statuses (exit_statuses below).
#include "cli.hpp"

#include <cstdlib>
#include <exception>
#include <iostream>
#include <new>
#include <string>
#include <vector>

namespace leadbook_cli {

namespace {

constexpr std::string_view global_usage =
    R"(Usage: leadbook [--db FILE] [--json [--fields F,...]] [--as-user USER] COMMAND ...

Tracks sales leads in a SQLite database file or a PostgreSQL database.

Global options (before the command):
  --db FILE        the database (default: $LEADBOOK_DB, else ./leadbook.db):
                   a SQLite file, or a PostgreSQL database by a
                   postgresql:// (or postgres://) URI
  --json           print records as JSON, one per line, instead of tables
  --fields F,...   with --json, print only these fields of each record, in
                   this order (--fields id,full_name,score.stars); a record
                   without one of them prints without it
  --as-user USER   record USER (an id or a name) as the author of changes
  --help           show this help; "leadbook COMMAND SUBCOMMAND --help" or
                   "leadbook help COMMAND [SUBCOMMAND]" for one command
  --version        print the library version
  --commands       list every command and subcommand, one per line (for
                   shell completion)

Commands ("leadbook help COMMAND" says more about each):
  lead add|show|list|edit|delete|stamp     leads
  lead score|meets|unmeets|stars           a lead's score and the criteria it meets
  lead assign|bulk-edit                    change many leads at once
  lead disqualify|reopen ID                a lead's status (open, disqualified, qualified)
  lead convert ID                          turn a lead into a business contact
  lead import|export FILE                  leads from and to CSV, JSON lines, vCard
  lead from-email FILE.eml                 the lead an e-mail came from, found or created
  criteria list|add|edit|delete            the scoring criteria
  scoring tune|apply --labels FILE         fit the criteria's points to outcomes
  reason list|add|delete                   reasons a lead is disqualified for
  rule list|add|delete                     matching rules: when two records are the same
  duplicates find|groups|merge             records the matching rules find the same
  history add|list|unlink                  communication history (notes, calls, ...)
  contact list|show|edit|score|stars       business contacts
  opportunity add|list                     products and services a record is interested in
  account add|list                         companies and organisations
  user add|list|rename|deactivate|activate colleagues leads are assigned to
  field define|list|delete                 user-defined fields and their types
  list show|add|rename|reorder|delete      the rating and source pick lists
  report run|save|list|delete              grouped reports as tables, CSV, JSON or HTML
  demo                                     create (or reuse) a database with sample data
  check                                    check the database for damage (read-only)
  copy SOURCE DESTINATION                  copy a book into an empty one (SQLite, PostgreSQL)
  help [COMMAND [SUBCOMMAND]]              show help

Environment:
  LEADBOOK_DB      the database (file or URI) when --db is not given
  PGHOST, PGPASSWORD, ...  libpq's settings for a postgresql:// URI
)";

/// The end of the global help, and of `leadbook help`: what the exit status
/// of the tool means (main() below maps errors to these).
constexpr std::string_view exit_statuses = R"(
Exit status:
  0   success
  1   the command failed: the library refused it or reported an error (a
      record that does not exist, an invalid value, a version conflict, a
      file that cannot be read or is not a leadbook database); the message
      on standard error says why, and nothing was changed
  2   the command was called wrongly (an unknown command, subcommand or
      option, a missing or malformed argument); nothing was done
)";

/// A command group ("lead") and its subcommands, or a command without
/// subcommands ("demo", whose `run` takes every argument).
struct Subcommand {
    std::string_view name;
    CommandFn run;
};
struct CommandGroup {
    std::string_view name;
    const std::string_view* help;
    std::vector<Subcommand> subcommands;
    CommandFn run = nullptr;
};

/// Every command of the tool. A new command is a function declared in
/// cli.hpp and one line here (and a line in its group's help text); a new
/// group also brings a help text, and a line in global_usage above.
const std::vector<CommandGroup>& command_table() {
    static const std::vector<CommandGroup> table = {
        {"lead",
         &lead_help,
         {{"add", lead_add},
          {"show", lead_show},
          {"list", lead_list},
          {"edit", lead_edit},
          {"delete", lead_delete},
          {"stamp", lead_stamp},
          {"score", lead_score},
          {"meets", lead_meets},
          {"unmeets", lead_unmeets},
          {"stars", lead_stars},
          {"assign", lead_assign},
          {"bulk-edit", lead_bulk_edit},
          {"disqualify", lead_disqualify},
          {"reopen", lead_reopen},
          {"convert", lead_convert},
          {"import", lead_import},
          {"export", lead_export},
          {"from-email", lead_from_email}}},
        {"criteria",
         &criteria_help,
         {{"list", criteria_list},
          {"add", criteria_add},
          {"edit", criteria_edit},
          {"delete", criteria_delete}}},
        {"scoring",
         &scoring_help,
         {{"tune", scoring_tune}, {"apply", scoring_apply}, {"grades", scoring_grades}}},
        {"reason",
         &reason_help,
         {{"list", reason_list}, {"add", reason_add}, {"delete", reason_delete}}},
        {"rule", &rule_help, {{"list", rule_list}, {"add", rule_add}, {"delete", rule_delete}}},
        {"duplicates",
         &duplicates_help,
         {{"find", duplicates_find}, {"groups", duplicates_groups}, {"merge", duplicates_merge}}},
        {"history",
         &history_help,
         {{"add", history_add}, {"list", history_list}, {"unlink", history_unlink}}},
        {"contact",
         &contact_help,
         {{"list", contact_list},
          {"show", contact_show},
          {"edit", contact_edit},
          {"score", contact_score},
          {"stars", contact_stars}}},
        {"opportunity", &opportunity_help, {{"add", opportunity_add}, {"list", opportunity_list}}},
        {"account", &account_help, {{"add", account_add}, {"list", account_list}}},
        {"field",
         &field_help,
         {{"define", field_define}, {"list", field_list}, {"delete", field_delete}}},
        {"list",
         &list_help,
         {{"show", list_show},
          {"add", list_add},
          {"rename", list_rename},
          {"reorder", list_reorder},
          {"delete", list_delete}}},
        {"user",
         &user_help,
         {{"add", user_add},
          {"list", user_list},
          {"rename", user_rename},
          {"deactivate", user_deactivate},
          {"activate", user_activate}}},
        {"report",
         &report_help,
         {{"run", report_run},
          {"save", report_save},
          {"list", report_list},
          {"delete", report_delete}}},
        {"demo", &demo_help, {}, demo_command},
        {"check", &check_help, {}, check_command},
        {"copy", &copy_help, {}, copy_command},
    };
    return table;
}

const CommandGroup* find_group(std::string_view name) {
    for (const auto& group : command_table())
        if (group.name == name) return &group;
    return nullptr;
}

int run_group(const CommandGroup& group, const Context& ctx, const Args& args) {
    if (group.run) return group.run(ctx, args);
    std::string names;
    for (std::size_t i = 0; i < group.subcommands.size(); ++i)
        names += cat(i == 0                              ? ""
                     : i + 1 == group.subcommands.size() ? " or "
                                                         : ", ",
                     group.subcommands[i].name);
    if (args.empty()) throw UsageError(cat("'", group.name, "' needs a subcommand: ", names));
    for (const auto& sub : group.subcommands)
        if (sub.name == args[0]) return sub.run(ctx, Args(args.begin() + 1, args.end()));
    throw UsageError(cat("unknown subcommand '", group.name, " ", args[0], "' (", group.name,
                         " has ", names, ")"));
}

bool is_help(std::string_view arg) { return arg == "--help" || arg == "-h"; }

/// The entries of a group's help text that describe `subcommand`. An entry
/// is one or more usage lines ("  lead add --name NAME [--company C] ...",
/// continued by lines that start with '['), then the lines indented
/// further that describe them; a blank line or a heading ends it.
std::string subcommand_help(const CommandGroup& group, std::string_view subcommand) {
    const std::string usage_start = cat("  ", group.name, " ");
    auto is_usage = [&](std::string_view line) { return line.starts_with(usage_start); };
    auto names_subcommand = [&](std::string_view line) {
        std::string_view rest = line.substr(usage_start.size());
        return rest.starts_with(subcommand) &&
               (rest.size() == subcommand.size() || rest[subcommand.size()] == ' ');
    };
    std::string found;
    std::string entry;
    bool wanted = false;
    bool described = false;
    auto close_entry = [&] {
        if (wanted) found += cat(found.empty() ? "" : "\n", entry);
        entry.clear();
        wanted = described = false;
    };
    std::string_view text = *group.help;
    while (!text.empty()) {
        auto end = text.find('\n');
        std::string_view line = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
        const auto indent = line.find_first_not_of(' ');
        if (is_usage(line)) {
            if (described) close_entry();
            wanted = wanted || names_subcommand(line);
        } else if (entry.empty() || indent == std::string_view::npos || indent < 4) {
            close_entry(); // a blank line, a heading, or text before the entries
            continue;
        } else if (line[indent] != '[') {
            described = true;
        }
        entry += cat(line, "\n");
    }
    close_entry();
    return found;
}

/// The help of `leadbook help TOPIC...` and of "--help" after a command:
/// the global help (no topic), a group's, or one subcommand's entries.
/// UsageError for a command or subcommand that does not exist.
std::string help_text(const std::vector<std::string>& topic) {
    if (topic.empty()) return cat(global_usage, exit_statuses);
    const CommandGroup* group = find_group(topic[0]);
    if (!group) throw UsageError(cat("no help for '", topic[0], "': there is no such command"));
    if (topic.size() == 1 || group->subcommands.empty()) return std::string(*group->help);
    bool exists = false;
    for (const auto& sub : group->subcommands) exists = exists || sub.name == topic[1];
    std::string entries = exists ? subcommand_help(*group, topic[1]) : std::string();
    if (!exists)
        throw UsageError(cat("no help for '", group->name, " ", topic[1], "': ", group->name,
                             " has no such subcommand (leadbook help ", group->name, ")"));
    if (entries.empty()) return std::string(*group->help);
    return cat("Usage: leadbook [global options] ", group->name, " ", topic[1], " ...\n\n", entries,
               "\nGlobal options and exit statuses: leadbook --help. Every ", group->name,
               " subcommand: leadbook help ", group->name, ".\n");
}

/// Reads the global options from the front of `args`; returns the index of
/// the command.
std::size_t read_global_options(const std::vector<std::string>& args, Context& ctx, bool& show_help,
                                bool& show_version, bool& list_commands) {
    std::size_t i = 0;
    auto value_of = [&](const std::string& arg, std::string_view name) -> std::string {
        // "--db=FILE" or "--db FILE"
        if (arg.size() > name.size() && arg[name.size()] == '=') return arg.substr(name.size() + 1);
        if (i + 1 >= args.size()) throw UsageError(cat("option '", name, "' needs a value"));
        return args[++i];
    };
    auto is_option = [](const std::string& arg, std::string_view name) {
        return arg == name || (arg.size() > name.size() && arg.compare(0, name.size(), name) == 0 &&
                               arg[name.size()] == '=');
    };
    for (; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (is_option(arg, "--db")) {
            ctx.db_path = value_of(arg, "--db");
            if (ctx.db_path.empty()) throw UsageError("option '--db' needs a file name");
        } else if (is_option(arg, "--as-user")) {
            ctx.as_user = value_of(arg, "--as-user");
        } else if (arg == "--json") {
            ctx.json = true;
        } else if (is_option(arg, "--fields")) {
            ctx.json_fields = parse_field_list(value_of(arg, "--fields"));
        } else if (is_help(arg)) {
            show_help = true;
        } else if (arg == "--version") {
            show_version = true;
        } else if (arg == "--commands") {
            list_commands = true;
        } else if (arg == "--") {
            return i + 1;
        } else if (arg.size() > 1 && arg[0] == '-') {
            throw UsageError(cat("unknown option '", arg, "'"));
        } else {
            break;
        }
    }
    return i;
}

int run(const std::vector<std::string>& args) {
    Context ctx;
    ctx.out = &std::cout;
    if (const char* env = std::getenv("LEADBOOK_DB"); env && *env) ctx.db_path = env;
    bool show_help = false;
    bool show_version = false;
    bool list_commands = false;
    std::size_t at = read_global_options(args, ctx, show_help, show_version, list_commands);
    if (ctx.db_path.empty()) ctx.db_path = "leadbook.db";
    if (!ctx.json_fields.empty() && !ctx.json)
        throw UsageError("--fields chooses the fields of JSON output: give --json too");

    if (list_commands) {
        for (const auto& group : command_table()) {
            if (group.subcommands.empty()) std::cout << group.name << '\n';
            for (const auto& sub : group.subcommands)
                std::cout << group.name << ' ' << sub.name << '\n';
        }
        std::cout << "help\n";
        return 0;
    }
    if (show_version) {
        std::cout << "leadbook " << leadbook::library_version() << '\n';
        return 0;
    }
    if (at >= args.size()) {
        if (show_help) {
            std::cout << help_text({});
            return 0;
        }
        print_usage(std::cerr);
        return 2;
    }
    const std::string& command = args[at];
    std::vector<std::string> rest(args.begin() + static_cast<std::ptrdiff_t>(at) + 1, args.end());
    bool wants_help = show_help;
    for (const auto& arg : rest) {
        if (arg == "--") break; // what follows is an argument, not an option
        if (is_help(arg)) wants_help = true;
    }
    if (command == "help") {
        std::cout << help_text(rest);
        return 0;
    }
    if (wants_help) {
        // "lead list --help": the help of "lead list" (a subcommand is the
        // first argument, when the command has subcommands).
        std::vector<std::string> topic{command};
        const CommandGroup* group = find_group(command);
        if (group && !group->subcommands.empty() && !rest.empty() && !rest[0].starts_with('-'))
            topic.push_back(rest[0]);
        std::cout << help_text(topic);
        return 0;
    }
    if (const CommandGroup* group = find_group(command)) return run_group(*group, ctx, rest);
    throw UsageError(cat("unknown command '", command, "'"));
}

} // namespace

void print_usage(std::ostream& out, std::string_view topic) {
    const CommandGroup* group = topic.empty() ? nullptr : find_group(topic);
    if (group)
        out << *group->help;
    else
        out << global_usage << exit_statuses;
}

} // namespace leadbook_cli

int main(int argc, char** argv) {
    using namespace leadbook_cli;
    try {
        std::vector<std::string> args(argv + 1, argv + argc);
        int status = run(args);
        std::cout.flush();
        if (!std::cout) {
            std::cerr << "leadbook: could not write the output\n";
            return 1;
        }
        return status;
    } catch (const UsageError& e) {
        std::cerr << "leadbook: " << e.what() << "\nTry 'leadbook --help' for more information.\n";
        return 2;
    } catch (const leadbook::Error& e) {
        std::cerr << "leadbook: " << e.what() << '\n';
        return 1;
    } catch (const std::bad_alloc&) {
        std::cerr << "leadbook: out of memory\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "leadbook: " << e.what() << '\n';
        return 1;
    } catch (...) {
        std::cerr << "leadbook: unexpected error\n";
        return 1;
    }
}
