// main.cpp: the `leadbook` command-line tool: global options, dispatch, and
// the one place where errors become messages and exit statuses.
//
//   leadbook [--db FILE] [--json] [--as-user ID] COMMAND ...
//
// Exit status: 0 on success, 1 when the library reports an error (the record
// does not exist, a field is invalid, the file is not a database), 2 when the
// tool was called wrongly. Errors go to stderr as "leadbook: <message>".
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
    R"(Usage: leadbook [--db FILE] [--json] [--as-user USER] COMMAND ...

Tracks sales leads in a SQLite database file.

Global options (before the command):
  --db FILE        the database (default: $LEADBOOK_DB, else ./leadbook.db)
  --json           print records as JSON, one per line, instead of tables
  --as-user USER   record USER (an id or a name) as the author of changes
  --help           show this help; "leadbook help COMMAND" for one command
  --version        print the library version

Commands ("leadbook help COMMAND" says more about each):
  lead add|show|list|edit|delete|stamp     leads
  lead score|meets|unmeets|stars           a lead's score and the criteria it meets
  lead assign|bulk-edit                    change many leads at once
  lead convert ID                          turn a lead into a business contact
  lead import|export FILE                  leads from and to CSV, JSON lines, vCard
  lead from-email FILE.eml                 the lead an e-mail came from, found or created
  criteria list|add|edit|delete            the scoring criteria
  history add|list|unlink                  communication history (notes, calls, ...)
  contact list|show                        business contacts
  opportunity add|list                     products and services a record is interested in
  account add|list                         companies and organisations
  user add|list|rename|deactivate|activate colleagues leads are assigned to
  report run|save|list|delete              grouped reports as tables, CSV, JSON or HTML
  demo                                     create (or reuse) a database with sample data
  check                                    check the database for damage (read-only)
  help [COMMAND]                           show help
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
        {"history",
         &history_help,
         {{"add", history_add}, {"list", history_list}, {"unlink", history_unlink}}},
        {"contact", &contact_help, {{"list", contact_list}, {"show", contact_show}}},
        {"opportunity", &opportunity_help, {{"add", opportunity_add}, {"list", opportunity_list}}},
        {"account", &account_help, {{"add", account_add}, {"list", account_list}}},
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

/// Reads the global options from the front of `args`; returns the index of
/// the command.
std::size_t read_global_options(const std::vector<std::string>& args, Context& ctx, bool& show_help,
                                bool& show_version) {
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
        } else if (is_help(arg)) {
            show_help = true;
        } else if (arg == "--version") {
            show_version = true;
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
    std::size_t at = read_global_options(args, ctx, show_help, show_version);
    if (ctx.db_path.empty()) ctx.db_path = "leadbook.db";

    if (show_version) {
        std::cout << "leadbook " << leadbook::library_version() << '\n';
        return 0;
    }
    if (at >= args.size()) {
        print_usage(show_help ? std::cout : std::cerr);
        return show_help ? 0 : 2;
    }
    const std::string& command = args[at];
    std::vector<std::string> rest(args.begin() + static_cast<std::ptrdiff_t>(at) + 1, args.end());
    bool wants_help = show_help;
    for (const auto& arg : rest)
        if (is_help(arg)) wants_help = true;
    if (command == "help" || wants_help) {
        // A string, not a view: the conditional makes a temporary std::string.
        const std::string topic =
            command == "help" ? (rest.empty() ? std::string() : rest[0]) : command;
        print_usage(std::cout, topic);
        return 0;
    }
    if (const CommandGroup* group = find_group(command)) return run_group(*group, ctx, rest);
    throw UsageError(cat("unknown command '", command, "'"));
}

} // namespace

void print_usage(std::ostream& out, std::string_view topic) {
    const CommandGroup* group = topic.empty() ? nullptr : find_group(topic);
    out << (group ? *group->help : global_usage);
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
