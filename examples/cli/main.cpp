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

Commands:
  lead add --name NAME [--company C] [--title T] [--email E]... [--phone P]...
           [--source S] [--rating R] [--assigned-to USER] [--notes N]
  lead add --json '{"full_name": "...", ...}'
  lead show ID
  lead list [--where FIELD=VALUE]... [--sort [-]FIELD]... [--limit N] [--offset N]
  lead edit ID [--version V] --set FIELD=VALUE...
  lead delete ID
  lead stamp ID [TEXT]
  user add --name NAME [--email E]
  user list
  demo             create (or reuse) a database filled with sample leads
  help [COMMAND]   show help
)";

constexpr std::string_view lead_usage = R"(Usage: leadbook [global options] lead SUBCOMMAND ...

  lead add --name NAME [--company C] [--title T] [--email E]... [--phone P]...
           [--source S] [--rating R] [--assigned-to USER] [--notes N]
      Adds a lead and prints it. --email and --phone repeat; a value may
      start with a label: --email home:jane@example.com, --phone "mobile:+1 555 0100"
      (the label defaults to "work"). USER is a user id or name.
  lead add --json '{"full_name": "Jane Doe", "company": "Acme", ...}'
      Adds a lead from JSON (the fields of DESIGN.md's Lead).
  lead show ID
      Prints one lead.
  lead list [--where FIELD=VALUE]... [--sort [-]FIELD]... [--limit N] [--offset N]
      Lists leads as a table. --where accepts FIELD=VALUE, FIELD!=VALUE,
      FIELD<VALUE, FIELD<=VALUE, FIELD>VALUE, FIELD>=VALUE and FIELD~TEXT
      (contains); conditions combine with AND. --sort -modified_at sorts
      descending. Example: lead list --where rating=hot --sort company
  lead edit ID [--version V] --set FIELD=VALUE...
      Changes fields. VALUE is read as JSON when it is valid JSON (42, true,
      null, ["a"]), else as text. Dotted fields set nested values:
      --set score.mode=manual --set score.stars=4. Without --version the
      current version is used; with it, a lead changed by someone else since
      is a conflict and nothing changes.
  lead delete ID
      Deletes a lead.
  lead stamp ID [TEXT]
      Appends a dated line ("2026-11-27 09:30 UTC Ana Silva: TEXT") to the
      lead's notes.
)";

constexpr std::string_view user_usage = R"(Usage: leadbook [global options] user SUBCOMMAND ...

  user add --name NAME [--email E]
      Adds a user (a colleague leads can be assigned to) and prints it.
  user list
      Lists the users.
)";

constexpr std::string_view demo_usage = R"(Usage: leadbook [global options] demo

  Creates the database file (or reuses it) and, when it has no leads yet,
  fills it with a sample: five users and 36 leads with companies, e-mail
  addresses, phones, sources, ratings, assignments and notes. Running it
  again adds nothing. Then prints the leads and a count by assigned user.
)";

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
        std::string_view topic = command == "help" ? (rest.empty() ? "" : rest[0]) : command;
        print_usage(std::cout, topic);
        return 0;
    }
    if (command == "lead") return run_lead_command(ctx, rest);
    if (command == "user") return run_user_command(ctx, rest);
    if (command == "demo") return run_demo_command(ctx, rest);
    throw UsageError(cat("unknown command '", command, "'"));
}

} // namespace

void print_usage(std::ostream& out, std::string_view topic) {
    if (topic == "lead")
        out << lead_usage;
    else if (topic == "user")
        out << user_usage;
    else if (topic == "demo")
        out << demo_usage;
    else
        out << global_usage;
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
