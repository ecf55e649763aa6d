// field_commands.cpp: leadbook field define | list | delete: the
// definitions of user-defined fields (LeadBook::fields()).
#include "cli.hpp"

#include <ostream>

namespace leadbook_cli {

const std::string_view field_help = R"(Usage: leadbook [global options] field SUBCOMMAND ...

User-defined fields are values a record keeps under a name of your own
(lead edit ID --set custom.Region=EMEA). Defining one checks every value
written under that name against its type.

  field define NAME [--for TYPE] [--type text|number|date|yes_no|pick_list] [--choice C]...
      Defines a field for the records of TYPE (lead, business_contact,
      account or opportunity; default lead) and prints it. The type
      defaults to text; a pick list needs its choices, one --choice each.
      Example: field define Tier --type pick_list --choice gold --choice silver
  field list [--for TYPE]
      Lists the definitions (of one record type with --for).
  field delete NAME|ID [--for TYPE]
      Deletes a definition; the values records hold under its name stay.
)";

namespace {

using leadbook::FieldDefinition;
using leadbook::FieldOwner;

void print_field(const Context& ctx, const FieldDefinition& field) {
    if (ctx.json) {
        print_json_line(ctx, leadbook::to_json(field));
        return;
    }
    *ctx.out << "Field " << field.id << ": " << field.name << '\n';
    Card card(*ctx.out);
    card.field("for", std::string(leadbook::enum_name(field.record_type)));
    card.field("type", std::string(leadbook::enum_name(field.type)));
    std::string choices;
    for (const auto& c : field.choices) choices += (choices.empty() ? "" : ", ") + c;
    card.field("choices", choices);
}

FieldOwner owner_option(const ParsedOptions& options) {
    auto text = options.get("for");
    return text ? parse_choice<FieldOwner>(*text, "--for") : FieldOwner::lead;
}

} // namespace

int field_define(const Context& ctx, const Args& args) {
    auto options = parse_options("field define", args, {{"for"}, {"type"}, {"choice", true, true}});
    expect_positionals("field define", options, 1, 1, "the field's NAME");
    FieldDefinition field;
    field.name = options.positionals[0];
    field.record_type = owner_option(options);
    if (auto type = options.get("type"))
        field.type = parse_choice<leadbook::FieldType>(*type, "--type");
    field.choices = options.all("choice");
    auto book = open_book(ctx, true);
    print_field(ctx, book.fields().add(field));
    return 0;
}

int field_list(const Context& ctx, const Args& args) {
    auto options = parse_options("field list", args, {{"for"}});
    expect_positionals("field list", options, 0, 0, "");
    leadbook::RecordQuery query{.order_by = {"id"}};
    if (options.has("for"))
        query.where.push_back({"record_type", FilterOp::eq,
                               boost::json::value(leadbook::enum_name(owner_option(options)))});
    auto book = open_book(ctx, false);
    auto fields = book.fields().find(query);
    if (ctx.json) {
        for (const auto& field : fields) print_json_line(ctx, leadbook::to_json(field));
        return 0;
    }
    TablePrinter table(*ctx.out,
                       {{"ID", 10, true}, {"For", 16}, {"Name", 30}, {"Type", 9}, {"Choices", 40}});
    for (const auto& field : fields) {
        std::string choices;
        for (const auto& c : field.choices) choices += (choices.empty() ? "" : ", ") + c;
        table.add_row({std::to_string(field.id),
                       std::string(leadbook::enum_name(field.record_type)), field.name,
                       std::string(leadbook::enum_name(field.type)), choices});
    }
    std::size_t rows = table.finish();
    if (rows == 0)
        *ctx.out << "No user-defined fields.\n";
    else
        *ctx.out << rows << (rows == 1 ? " field\n" : " fields\n");
    return 0;
}

int field_delete(const Context& ctx, const Args& args) {
    auto options = parse_options("field delete", args, {{"for"}});
    expect_positionals("field delete", options, 1, 1, "a field's NAME or ID");
    const std::string& text = options.positionals[0];
    auto book = open_book(ctx, false);
    std::optional<FieldDefinition> found;
    if (auto id = parse_int(text); id && *id > 0) {
        found = book.fields().try_get(*id);
    } else {
        const FieldOwner owner = owner_option(options);
        for (const auto& field :
             book.fields().find({.where = {{"record_type", FilterOp::eq,
                                            boost::json::value(leadbook::enum_name(owner))},
                                           {"name", FilterOp::eq, boost::json::value(text)}}}))
            found = field;
    }
    if (!found)
        leadbook::fail(leadbook::ErrorCode::not_found, cat("there is no user-defined field '", text,
                                                           "' (see 'leadbook field list')"));
    book.fields().remove(found->id);
    if (ctx.json)
        print_json_line(ctx, boost::json::object{{"id", found->id}, {"deleted", true}});
    else
        *ctx.out << "Deleted field " << found->id << " (" << found->name << ").\n";
    return 0;
}

} // namespace leadbook_cli
