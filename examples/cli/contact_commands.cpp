// contact_commands.cpp: leadbook lead convert, leadbook contact list | show,
// leadbook account add | list.
#include "cli.hpp"

#include <ostream>

namespace leadbook_cli {

const std::string_view contact_help = R"(Usage: leadbook [global options] contact SUBCOMMAND ...

Business contacts are converted leads ("leadbook lead convert ID") and the
people added as contacts directly. A converted lead keeps its id, history,
opportunities, score and everything else.

  contact list [--where FIELD=VALUE]... [--sort [-]FIELD]... [--limit N] [--offset N]
      Lists business contacts as a table (the options are those of lead list;
      contacts also have details.department, details.birthday, ...).
  contact show ID
      Prints one business contact, with its details.
  contact edit ID [--version V] --set FIELD=VALUE...
      Changes fields, as lead edit does (details.department=Sales; a
      user-defined field, custom.Region=EMEA, changes that field only).
  contact score ID
      Prints which criteria the contact meets, its points and its stars.
  contact stars ID N|auto
  contact stars ID... N|auto
  contact stars --where FIELD=VALUE... N|auto
      Sets the stars (0 to 5) by hand, or "auto" to compute them from the
      criteria again, of one contact or of many in one transaction.
)";

const std::string_view account_help = R"(Usage: leadbook [global options] account SUBCOMMAND ...

Accounts are the companies and organisations leads and contacts belong to
(link one with: leadbook lead edit ID --set account_id=ACCOUNT).

  account add --name NAME [--email E] [--phone P] [--assigned-to USER] [--notes N]
      Adds an account and prints it.
  account list
      Lists the accounts with how many leads and contacts each has.
)";

namespace {

void print_contact(const Context& ctx, leadbook::LeadBook& book,
                   const leadbook::BusinessContact& contact) {
    if (ctx.json) {
        print_json_line(ctx, leadbook::to_json(contact));
    } else {
        UserNames users(book);
        print_contact_card(*ctx.out, contact, users);
    }
}

} // namespace

int lead_convert(const Context& ctx, const Args& args) {
    auto options = parse_options("lead convert", args, {});
    expect_positionals("lead convert", options, 1, 1, "a lead ID");
    auto id = parse_id(options.positionals[0], "the lead ID");
    auto book = open_book(ctx, false);
    // The library tells a contact from a missing record; converting at the
    // version just read means a colleague's edit in between is a conflict.
    auto lead = book.leads().try_get(id);
    auto contact = book.convert_lead(id, lead ? lead->version : 0);
    if (!ctx.json) *ctx.out << "Converted lead " << id << " into a business contact.\n";
    print_contact(ctx, book, contact);
    return 0;
}

int contact_list(const Context& ctx, const Args& args) {
    auto options = parse_options("contact list", args, list_option_specs());
    expect_positionals("contact list", options, 0, 0, "");
    auto book = open_book(ctx, false);
    auto contacts = book.contacts().find(parse_list_query(book, options));
    if (ctx.json) {
        for (const auto& contact : contacts) print_json_line(ctx, leadbook::to_json(contact));
    } else {
        UserNames users(book);
        print_contact_table(*ctx.out, contacts, users);
    }
    return 0;
}

int contact_show(const Context& ctx, const Args& args) {
    auto options = parse_options("contact show", args, {});
    expect_positionals("contact show", options, 1, 1, "a contact ID");
    auto id = parse_id(options.positionals[0], "the contact ID");
    auto book = open_book(ctx, false);
    print_contact(ctx, book, book.contacts().get(id));
    return 0;
}

int account_add(const Context& ctx, const Args& args) {
    auto options = parse_options(
        "account add", args,
        {{"name"}, {"email", true, true}, {"phone", true, true}, {"assigned-to"}, {"notes"}});
    expect_positionals("account add", options, 0, 0, "");
    if (!options.has("name")) throw UsageError("'account add' needs --name NAME");
    auto book = open_book(ctx, true);
    leadbook::Account account;
    account.name = *options.get("name");
    account.notes = options.get("notes").value_or("");
    for (const auto& e : options.all("email")) account.emails.push_back({"work", e});
    for (const auto& p : options.all("phone")) account.phones.push_back({"work", p});
    if (auto user = options.get("assigned-to")) account.assigned_to = resolve_user(book, *user);
    auto stored = book.accounts().add(account);
    if (ctx.json) {
        print_json_line(ctx, leadbook::to_json(stored));
        return 0;
    }
    UserNames users(book);
    *ctx.out << "Account " << stored.id << ": " << stored.name << '\n';
    Card card(*ctx.out);
    for (const auto& e : stored.emails) card.field("e-mail", e.address);
    for (const auto& p : stored.phones) card.field("phone", p.number);
    card.field("assigned to", users.name(stored.assigned_to));
    card.field("notes", stored.notes);
    card.field("version", std::to_string(stored.version));
    return 0;
}

int account_list(const Context& ctx, const Args& args) {
    auto options = parse_options("account list", args, {});
    expect_positionals("account list", options, 0, 0, "");
    auto book = open_book(ctx, false);
    auto accounts = book.accounts().find({.order_by = {"name"}});
    if (ctx.json) {
        for (const auto& account : accounts) print_json_line(ctx, leadbook::to_json(account));
        return 0;
    }
    UserNames users(book);
    TablePrinter table(*ctx.out, {{"ID", 10, true},
                                  {"Name", 30},
                                  {"E-mail", 30},
                                  {"Phone", 18},
                                  {"Assigned to", 18},
                                  {"Leads", 6, true},
                                  {"Contacts", 8, true}});
    for (const auto& account : accounts) {
        leadbook::RecordQuery linked{.where = {{"account_id", FilterOp::eq, account.id}}};
        table.add_row({std::to_string(account.id), account.name,
                       account.emails.empty() ? std::string() : account.emails.front().address,
                       account.phones.empty() ? std::string() : account.phones.front().number,
                       users.name(account.assigned_to), std::to_string(book.leads().count(linked)),
                       std::to_string(book.contacts().count(linked))});
    }
    std::size_t rows = table.finish();
    if (rows == 0)
        *ctx.out << "No accounts.\n";
    else
        *ctx.out << rows << (rows == 1 ? " account\n" : " accounts\n");
    return 0;
}

} // namespace leadbook_cli
