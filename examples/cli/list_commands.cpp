// list_commands.cpp: leadbook list show | add | rename | reorder | delete:
// the rating and source pick lists of leads and business contacts
// (LeadBook::pick_lists()).
#include "cli.hpp"

#include <cstdint>
#include <ostream>

namespace leadbook_cli {

const std::string_view list_help = R"(Usage: leadbook [global options] list SUBCOMMAND ...

Leads and business contacts each have a rating list (Hot, Warm, Cold) and a
source list. A rating must be in its list; a source typed on a record that
is not in the list joins it. LIST is rating or source; --for TYPE picks the
lists of lead (the default) or business_contact. Names match in any case.

  list show LIST [--for TYPE]
      Prints the list in its order.
  list add LIST NAME [--for TYPE]
      Adds NAME at the end of the list.
  list rename LIST OLD NEW [--for TYPE]
      Renames an entry; the records that hold it change with it.
  list reorder LIST NAME... [--for TYPE]
      Puts the list in this order; name every entry once.
  list delete LIST NAME [--replace-with OTHER] [--for TYPE]
      Deletes an entry. One that records hold is refused unless
      --replace-with names the entry they move to ("" clears the field).
)";

namespace {

using leadbook::PickList;
using leadbook::PickListEntry;
using leadbook::RecordType;

RecordType type_option(const ParsedOptions& options) {
    auto text = options.get("for");
    return text ? parse_choice<RecordType>(*text, "--for") : RecordType::lead;
}

void print_list(const Context& ctx, const std::vector<PickListEntry>& entries) {
    if (ctx.json) {
        for (const auto& e : entries) print_json_line(ctx, leadbook::to_json(e));
        return;
    }
    TablePrinter table(*ctx.out, {{"ID", 10, true}, {"Name", 40}});
    for (const auto& e : entries) table.add_row({std::to_string(e.id), e.name});
    const std::size_t rows = table.finish();
    *ctx.out << rows << (rows == 1 ? " entry\n" : " entries\n");
}

/// The entry of the list named `name` (any case); not_found otherwise.
PickListEntry find_entry(leadbook::LeadBook& book, RecordType type, PickList list,
                         const std::string& name) {
    for (auto& e : book.pick_lists().find(
             {.where = {
                  {"record_type", FilterOp::eq, boost::json::value(leadbook::enum_name(type))},
                  {"list", FilterOp::eq, boost::json::value(leadbook::enum_name(list))},
                  {"name", FilterOp::eq, boost::json::value(name)}}}))
        return e;
    leadbook::fail(leadbook::ErrorCode::not_found,
                   cat("the ", leadbook::enum_name(list), " list of ", leadbook::enum_name(type),
                       " has no entry '", name, "' (see 'leadbook list show ",
                       leadbook::enum_name(list), "')"));
}

} // namespace

int list_show(const Context& ctx, const Args& args) {
    auto options = parse_options("list show", args, {{"for"}});
    expect_positionals("list show", options, 1, 1, "the LIST (rating or source)");
    const PickList list = parse_choice<PickList>(options.positionals[0], "LIST");
    auto book = open_book(ctx, false);
    print_list(ctx, book.pick_list(type_option(options), list));
    return 0;
}

int list_add(const Context& ctx, const Args& args) {
    auto options = parse_options("list add", args, {{"for"}});
    expect_positionals("list add", options, 2, 2, "the LIST and the NAME");
    PickListEntry entry;
    entry.list = parse_choice<PickList>(options.positionals[0], "LIST");
    entry.record_type = type_option(options);
    entry.name = options.positionals[1];
    auto book = open_book(ctx, true);
    entry = book.pick_lists().add(entry);
    if (ctx.json)
        print_json_line(ctx, leadbook::to_json(entry));
    else
        *ctx.out << "Added '" << entry.name << "' to the " << leadbook::enum_name(entry.list)
                 << " list.\n";
    return 0;
}

int list_rename(const Context& ctx, const Args& args) {
    auto options = parse_options("list rename", args, {{"for"}});
    expect_positionals("list rename", options, 3, 3, "the LIST, the OLD name and the NEW one");
    const PickList list = parse_choice<PickList>(options.positionals[0], "LIST");
    auto book = open_book(ctx, true);
    const auto entry = find_entry(book, type_option(options), list, options.positionals[1]);
    const auto renamed = book.pick_lists().update(
        entry.id, entry.version, boost::json::object{{"name", options.positionals[2]}});
    if (ctx.json)
        print_json_line(ctx, leadbook::to_json(renamed));
    else
        *ctx.out << "Renamed '" << entry.name << "' to '" << renamed.name << "'.\n";
    return 0;
}

int list_reorder(const Context& ctx, const Args& args) {
    auto options = parse_options("list reorder", args, {{"for"}});
    expect_positionals("list reorder", options, 2, SIZE_MAX, "the LIST and its entries in order");
    const PickList list = parse_choice<PickList>(options.positionals[0], "LIST");
    const std::vector<std::string> names(options.positionals.begin() + 1,
                                         options.positionals.end());
    auto book = open_book(ctx, true);
    print_list(ctx, book.reorder_pick_list(type_option(options), list, names));
    return 0;
}

int list_delete(const Context& ctx, const Args& args) {
    auto options = parse_options("list delete", args, {{"for"}, {"replace-with"}});
    expect_positionals("list delete", options, 2, 2, "the LIST and the NAME");
    const PickList list = parse_choice<PickList>(options.positionals[0], "LIST");
    auto book = open_book(ctx, true);
    const auto entry = find_entry(book, type_option(options), list, options.positionals[1]);
    const auto moved = book.delete_pick_list_entry(entry.id, options.get("replace-with"));
    if (ctx.json)
        print_json_line(ctx,
                        boost::json::object{{"id", entry.id}, {"deleted", true}, {"moved", moved}});
    else
        *ctx.out << "Deleted '" << entry.name << "'"
                 << (moved ? cat("; ", std::to_string(moved), " records moved") : std::string())
                 << ".\n";
    return 0;
}

} // namespace leadbook_cli
