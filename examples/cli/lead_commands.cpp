// lead_commands.cpp: leadbook lead add | show | list | edit | delete | stamp.
#include "cli.hpp"

#include <cctype>
#include <ostream>

namespace leadbook_cli {

namespace {

/// "home:jane@example.com" -> {"home", "jane@example.com"}; without a label
/// (no letters-only word before a ':') the label is `default_label`.
std::pair<std::string, std::string> split_label(std::string_view text,
                                                std::string_view default_label) {
    auto colon = text.find(':');
    if (colon != std::string_view::npos && colon > 0 && colon + 1 < text.size()) {
        std::string_view label = text.substr(0, colon);
        bool word = true;
        for (char c : label)
            if (!std::isalpha(static_cast<unsigned char>(c)) && c != ' ' && c != '-') word = false;
        if (word) {
            std::string_view value = text.substr(colon + 1);
            while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
            return {std::string(label), std::string(value)};
        }
    }
    return {std::string(default_label), std::string(text)};
}

/// A JSON value for `field`: user fields accept a user's name, and nothing
/// ("assigned_to=") for no user.
boost::json::value field_value(leadbook::LeadBook& book, std::string_view field,
                               std::string_view text) {
    boost::json::value value = parse_value(text);
    if (is_user_field(field) && value.is_string())
        return text.empty() ? boost::json::value(nullptr)
                            : boost::json::value(resolve_user(book, text));
    return value;
}

void print_lead(const Context& ctx, leadbook::LeadBook& book, const leadbook::Lead& lead) {
    if (ctx.json) {
        print_json_line(*ctx.out, leadbook::to_json(lead));
    } else {
        UserNames users(book);
        print_lead_card(*ctx.out, lead, users);
    }
}

int lead_add(const Context& ctx, const std::vector<std::string>& args) {
    auto options = parse_options("lead add", args,
                                 {{"name"},
                                  {"company"},
                                  {"title"},
                                  {"email", true, true},
                                  {"phone", true, true},
                                  {"source"},
                                  {"rating"},
                                  {"assigned-to"},
                                  {"notes"},
                                  {"json"}});
    expect_positionals("lead add", options, 0, 0, "");
    auto json_text = options.get("json");
    if (json_text && options.values.size() > 1)
        throw UsageError("'lead add --json' takes the whole lead as JSON; give no other options");
    if (!json_text && !options.has("name"))
        throw UsageError("'lead add' needs --name NAME (or --json '{...}')");

    auto book = open_book(ctx, true);
    leadbook::Lead stored;
    if (json_text) {
        stored = book.leads().add_json(leadbook::parse_json(*json_text));
    } else {
        leadbook::Lead lead;
        lead.full_name = options.get("name").value_or("");
        lead.company = options.get("company").value_or("");
        lead.job_title = options.get("title").value_or("");
        lead.source = options.get("source").value_or("");
        lead.rating = options.get("rating").value_or("");
        lead.notes = options.get("notes").value_or("");
        for (const auto& text : options.all("email")) {
            auto [label, address] = split_label(text, "work");
            lead.emails.push_back({label, address});
        }
        for (const auto& text : options.all("phone")) {
            auto [label, number] = split_label(text, "work");
            lead.phones.push_back({label, number});
        }
        if (auto user = options.get("assigned-to")) lead.assigned_to = resolve_user(book, *user);
        stored = book.leads().add(lead);
    }
    print_lead(ctx, book, stored);
    return 0;
}

int lead_show(const Context& ctx, const std::vector<std::string>& args) {
    auto options = parse_options("lead show", args, {});
    expect_positionals("lead show", options, 1, 1, "a lead ID");
    auto id = parse_id(options.positionals[0], "the lead ID");
    auto book = open_book(ctx, false);
    print_lead(ctx, book, book.leads().get(id));
    return 0;
}

/// The operators of --where, longest first so "<=" wins over "<".
struct WhereOperator {
    std::string_view symbol;
    const char* op;
};
constexpr WhereOperator where_operators[] = {{"!=", "ne"},     {"<=", "le"}, {">=", "ge"},
                                             {"=", "eq"},      {"<", "lt"},  {">", "gt"},
                                             {"~", "contains"}};

/// "FIELD=VALUE", "FIELD!=VALUE", "FIELD<=VALUE", ..., "FIELD~TEXT" as a
/// filter. "FIELD=" (nothing after '=') finds leads where FIELD is empty.
leadbook::Filter parse_where(leadbook::LeadBook& book, std::string_view text) {
    auto at = text.find_first_of("!<>=~");
    const WhereOperator* match = nullptr;
    if (at != std::string_view::npos && at > 0)
        for (const auto& candidate : where_operators)
            if (!match && text.substr(at).starts_with(candidate.symbol)) match = &candidate;
    if (!match)
        throw UsageError(
            cat("--where needs FIELD=VALUE (or !=, <, <=, >, >=, ~), not '", text, "'"));
    std::string field(text.substr(0, at));
    std::string_view value = text.substr(at + match->symbol.size());
    std::string_view op = match->op;
    if (op == "eq" && value.empty()) return {field, "is_empty", nullptr};
    if (op == "contains")
        return {field, std::string(op),
                boost::json::value(boost::json::string_view(value.data(), value.size()))};
    return {field, std::string(op), field_value(book, field, value)};
}

int lead_list(const Context& ctx, const std::vector<std::string>& args) {
    auto options = parse_options(
        "lead list", args, {{"where", true, true}, {"sort", true, true}, {"limit"}, {"offset"}});
    expect_positionals("lead list", options, 0, 0, "");
    auto book = open_book(ctx, false);
    leadbook::RecordQuery query;
    for (const auto& text : options.all("where")) query.where.push_back(parse_where(book, text));
    for (const auto& field : options.all("sort")) {
        if (field.empty() || field == "-") throw UsageError("--sort needs a field name");
        query.order_by.push_back(field);
    }
    if (auto limit = options.get("limit")) query.limit = parse_count(*limit, "--limit");
    if (auto offset = options.get("offset")) query.offset = parse_count(*offset, "--offset");

    auto leads = book.leads().find(query);
    if (ctx.json) {
        print_lead_json_lines(*ctx.out, leads);
    } else {
        UserNames users(book);
        print_lead_table(*ctx.out, leads, users);
    }
    return 0;
}

/// Sets `value` at a dotted path ("score.stars") inside `changes`.
void set_path(boost::json::object& changes, std::string_view path, boost::json::value value) {
    boost::json::object* target = &changes;
    for (auto dot = path.find('.'); dot != std::string_view::npos; dot = path.find('.')) {
        std::string_view part = path.substr(0, dot);
        if (part.empty()) throw UsageError(cat("--set: empty field name in '", path, "'"));
        boost::json::value& slot = (*target)[part];
        if (!slot.is_object()) slot = boost::json::object();
        target = &slot.as_object();
        path.remove_prefix(dot + 1);
    }
    if (path.empty()) throw UsageError("--set: empty field name");
    (*target)[path] = std::move(value);
}

int lead_edit(const Context& ctx, const std::vector<std::string>& args) {
    auto options = parse_options("lead edit", args, {{"version"}, {"set", true, true}});
    expect_positionals("lead edit", options, 1, 1, "a lead ID");
    auto id = parse_id(options.positionals[0], "the lead ID");
    if (options.all("set").empty())
        throw UsageError("'lead edit' needs at least one --set FIELD=VALUE");
    std::optional<std::int64_t> version;
    if (auto text = options.get("version")) version = parse_id(*text, "--version");

    auto book = open_book(ctx, false);
    boost::json::object changes;
    for (const auto& text : options.all("set")) {
        auto [field, value] = split_assignment(text, "--set");
        set_path(changes, field, field_value(book, field, value));
    }
    if (!version) version = book.leads().get(id).version;
    print_lead(ctx, book, book.leads().update(id, *version, changes));
    return 0;
}

int lead_delete(const Context& ctx, const std::vector<std::string>& args) {
    auto options = parse_options("lead delete", args, {});
    expect_positionals("lead delete", options, 1, 1, "a lead ID");
    auto id = parse_id(options.positionals[0], "the lead ID");
    auto book = open_book(ctx, false);
    book.leads().remove(id);
    if (ctx.json)
        print_json_line(*ctx.out, boost::json::object{{"id", id}, {"deleted", true}});
    else
        *ctx.out << "Deleted lead " << id << ".\n";
    return 0;
}

int lead_stamp(const Context& ctx, const std::vector<std::string>& args) {
    auto options = parse_options("lead stamp", args, {});
    expect_positionals("lead stamp", options, 1, static_cast<std::size_t>(-1), "a lead ID");
    auto id = parse_id(options.positionals[0], "the lead ID");
    // "lead stamp 7 called back" works without quotes.
    std::string text;
    for (std::size_t i = 1; i < options.positionals.size(); ++i) {
        if (i > 1) text += ' ';
        text += options.positionals[i];
    }
    auto book = open_book(ctx, false);
    auto version = book.leads().get(id).version;
    print_lead(ctx, book, book.add_time_stamp(id, version, text));
    return 0;
}

} // namespace

int run_lead_command(const Context& ctx, const std::vector<std::string>& args) {
    if (args.empty())
        throw UsageError("'lead' needs a subcommand: add, show, list, edit, delete or stamp");
    const std::string& sub = args[0];
    std::vector<std::string> rest(args.begin() + 1, args.end());
    if (sub == "add") return lead_add(ctx, rest);
    if (sub == "show") return lead_show(ctx, rest);
    if (sub == "list") return lead_list(ctx, rest);
    if (sub == "edit") return lead_edit(ctx, rest);
    if (sub == "delete") return lead_delete(ctx, rest);
    if (sub == "stamp") return lead_stamp(ctx, rest);
    throw UsageError(cat("unknown subcommand 'lead ", sub, "'"));
}

} // namespace leadbook_cli
