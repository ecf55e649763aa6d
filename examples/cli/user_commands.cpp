// user_commands.cpp: leadbook user add | list.
#include "cli.hpp"

#include <ostream>

namespace leadbook_cli {

namespace {

int user_add(const Context& ctx, const std::vector<std::string>& args) {
    auto options = parse_options("user add", args, {{"name"}, {"email"}});
    expect_positionals("user add", options, 0, 0, "");
    if (!options.has("name")) throw UsageError("'user add' needs --name NAME");
    auto book = open_book(ctx, true);
    leadbook::User user;
    user.name = options.get("name").value_or("");
    user.email = options.get("email").value_or("");
    auto stored = book.users().add(user);
    if (ctx.json)
        print_json_line(*ctx.out, leadbook::to_json(stored));
    else
        print_user_card(*ctx.out, stored);
    return 0;
}

int user_list(const Context& ctx, const std::vector<std::string>& args) {
    auto options = parse_options("user list", args, {});
    expect_positionals("user list", options, 0, 0, "");
    auto book = open_book(ctx, false);
    auto users = book.users().find({.order_by = {"id"}});
    if (ctx.json) {
        for (const auto& user : users) print_json_line(*ctx.out, leadbook::to_json(user));
        return 0;
    }
    TablePrinter table(*ctx.out, {{"ID", 10, true},
                                  {"Name", 30},
                                  {"E-mail", 36},
                                  {"Active", 6},
                                  {"Assigned leads", 14, true}});
    for (const auto& user : users) {
        // count() runs in the database: no lead is loaded to count them.
        auto assigned = book.leads().count({.where = {{"assigned_to", "eq", user.id}}});
        table.add_row({std::to_string(user.id), user.name, user.email, user.active ? "yes" : "no",
                       std::to_string(assigned)});
    }
    std::size_t rows = table.finish();
    if (rows == 0)
        *ctx.out << "No users.\n";
    else
        *ctx.out << rows << (rows == 1 ? " user\n" : " users\n");
    return 0;
}

} // namespace

int run_user_command(const Context& ctx, const std::vector<std::string>& args) {
    if (args.empty()) throw UsageError("'user' needs a subcommand: add or list");
    const std::string& sub = args[0];
    std::vector<std::string> rest(args.begin() + 1, args.end());
    if (sub == "add") return user_add(ctx, rest);
    if (sub == "list") return user_list(ctx, rest);
    throw UsageError(cat("unknown subcommand 'user ", sub, "'"));
}

} // namespace leadbook_cli
