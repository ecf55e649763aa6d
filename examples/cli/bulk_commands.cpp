// bulk_commands.cpp: leadbook lead assign | bulk-edit: one change to many
// leads, chosen by id or by --where conditions.
//
// Both run in the database in one transaction (LeadBook::assign and
// Collection::bulk_edit): every lead is checked before any is written, so a
// lead that fails (an inactive user, a bad value) changes nothing at all.
// The count printed is the number of leads that changed; leads that had the
// value already are left alone.
#include "cli.hpp"

#include <ostream>

namespace leadbook_cli {

namespace {

std::string leads_word(std::int64_t n) { return n == 1 ? "lead" : "leads"; }

} // namespace

int lead_assign(const Context& ctx, const Args& args) {
    auto options = parse_options("lead assign", args, {{"to"}, {"where", true, true}});
    auto to = options.get("to");
    if (!to) throw UsageError("'lead assign' needs --to USER (a user id or name, or none)");
    auto book = open_book(ctx, false);
    auto selection = parse_selection("lead assign", book, options, 0);
    std::optional<leadbook::Id> user;
    if (*to != "none") user = resolve_user(book, *to);

    auto changed = book.leads().assign(selection, user);
    if (ctx.json) {
        print_json_line(ctx,
                        boost::json::object{{"changed", changed},
                                            {"assigned_to", user ? boost::json::value(*user)
                                                                 : boost::json::value(nullptr)}});
        return 0;
    }
    std::string whom = "nobody";
    if (user) whom = cat(UserNames(book).name(user), " (#", std::to_string(*user), ")");
    *ctx.out << "assigned " << changed << ' ' << leads_word(changed) << " to " << whom << '\n';
    return 0;
}

int lead_bulk_edit(const Context& ctx, const Args& args) {
    auto options = parse_options(
        "lead bulk-edit", args,
        {{"field"}, {"value"}, {"clear", false}, {"meets"}, {"unmeets"}, {"where", true, true}});
    auto field = options.get("field");
    const int criterion_options = int(options.has("meets")) + int(options.has("unmeets"));
    if (criterion_options > 0) {
        if (criterion_options > 1 || field || options.has("value") || options.has("clear"))
            throw UsageError("'lead bulk-edit --meets/--unmeets CRITERION' takes no other "
                             "--field, --value or --clear");
    } else {
        if (!field || field->empty()) throw UsageError("'lead bulk-edit' needs --field FIELD");
        if (options.has("value") == options.has("clear"))
            throw UsageError("'lead bulk-edit' needs --value VALUE or --clear (one of the two)");
    }
    auto book = open_book(ctx, false);
    auto selection = parse_selection("lead bulk-edit", book, options, 0);
    boost::json::value value = nullptr;
    std::string edited = field.value_or("criteria_met");
    if (criterion_options > 0) {
        const bool meets = options.has("meets");
        const auto criterion = resolve_criterion(book, *options.get(meets ? "meets" : "unmeets"));
        value = boost::json::object{{meets ? "add" : "remove", criterion}};
    } else if (auto text = options.get("value")) {
        value = field_value(book, *field, *text);
    }

    auto changed = book.leads().bulk_edit(selection, edited, value);
    if (ctx.json)
        print_json_line(ctx, boost::json::object{{"changed", changed}, {"field", edited}});
    else
        *ctx.out << "changed " << changed << ' ' << leads_word(changed) << '\n';
    return 0;
}

} // namespace leadbook_cli
