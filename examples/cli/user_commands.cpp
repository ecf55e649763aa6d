// user_commands.cpp: leadbook user add | list | rename | deactivate | activate.
#include "cli.hpp"

#include <ostream>

namespace leadbook_cli {

const std::string_view user_help = R"(Usage: leadbook [global options] user SUBCOMMAND ...

  user add --name NAME [--email E]
      Adds a user (a colleague leads can be assigned to) and prints it.
  user list
      Lists the users, whether each is active, and how many leads each has.
  user rename USER NAME
      Renames a user (USER is a user id or the current name).
  user deactivate USER
  user activate USER
      An inactive user keeps the leads they have but cannot be given more
      (lead assign, lead add --assigned-to); users are never deleted, so the
      records they changed keep naming them.
)";

namespace {

void print_user(const Context& ctx, const leadbook::User& user) {
    if (ctx.json)
        print_json_line(ctx, leadbook::to_json(user));
    else
        print_user_card(*ctx.out, user);
}

/// Changes one user (USER as the first positional) and prints it.
int update_user(const Context& ctx, const Args& args, std::string_view command,
                std::size_t positionals, std::string_view what,
                const boost::json::object& changes) {
    auto options = parse_options(command, args, {});
    expect_positionals(command, options, positionals, positionals, what);
    auto book = open_book(ctx, false);
    auto id = resolve_user(book, options.positionals[0]);
    boost::json::object patch = changes;
    if (positionals == 2) patch["name"] = options.positionals[1];
    print_user(ctx, book.users().update_latest(id, patch));
    return 0;
}

} // namespace

int user_add(const Context& ctx, const Args& args) {
    auto options = parse_options("user add", args, {{"name"}, {"email"}});
    expect_positionals("user add", options, 0, 0, "");
    if (!options.has("name")) throw UsageError("'user add' needs --name NAME");
    auto book = open_book(ctx, true);
    leadbook::User user;
    user.name = options.get("name").value_or("");
    user.email = options.get("email").value_or("");
    print_user(ctx, book.users().add(user));
    return 0;
}

int user_list(const Context& ctx, const Args& args) {
    auto options = parse_options("user list", args, {});
    expect_positionals("user list", options, 0, 0, "");
    auto book = open_book(ctx, false);
    auto users = book.users().find({.order_by = {"id"}});
    if (ctx.json) {
        for (const auto& user : users) print_json_line(ctx, leadbook::to_json(user));
        return 0;
    }
    TablePrinter table(*ctx.out, {{"ID", 10, true},
                                  {"Name", 30},
                                  {"E-mail", 36},
                                  {"Status", 8},
                                  {"Assigned leads", 14, true}});
    for (const auto& user : users) {
        // count() runs in the database: no lead is loaded to count them.
        auto assigned = book.leads().count({.where = {{"assigned_to", FilterOp::eq, user.id}}});
        table.add_row({std::to_string(user.id), user.name, user.email,
                       user.active ? "active" : "inactive", std::to_string(assigned)});
    }
    std::size_t rows = table.finish();
    if (rows == 0)
        *ctx.out << "No users.\n";
    else
        *ctx.out << rows << (rows == 1 ? " user\n" : " users\n");
    return 0;
}

int user_rename(const Context& ctx, const Args& args) {
    return update_user(ctx, args, "user rename", 2, "a user (id or name) and the new name", {});
}

int user_deactivate(const Context& ctx, const Args& args) {
    return update_user(ctx, args, "user deactivate", 1, "a user (id or name)", {{"active", false}});
}

int user_activate(const Context& ctx, const Args& args) {
    return update_user(ctx, args, "user activate", 1, "a user (id or name)", {{"active", true}});
}

} // namespace leadbook_cli
