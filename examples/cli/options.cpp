// options.cpp: parsing a command's options and values, opening the database.
#include "cli.hpp"

#include <charconv>
#include <filesystem>

namespace leadbook_cli {

std::optional<std::string> ParsedOptions::get(const std::string& name) const {
    auto it = values.find(name);
    if (it == values.end() || it->second.empty()) return std::nullopt;
    return it->second.back();
}

const std::vector<std::string>& ParsedOptions::all(const std::string& name) const {
    static const std::vector<std::string> none;
    auto it = values.find(name);
    return it == values.end() ? none : it->second;
}

ParsedOptions parse_options(std::string_view command, const std::vector<std::string>& args,
                            const std::vector<OptionSpec>& specs) {
    ParsedOptions parsed;
    bool options_done = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (options_done || arg.size() < 2 || arg[0] != '-' || arg == "-") {
            parsed.positionals.push_back(arg);
            continue;
        }
        if (arg == "--") {
            options_done = true;
            continue;
        }
        if (arg.compare(0, 2, "--") != 0)
            throw UsageError(cat("'", command, "' has no option '", arg, "'"));
        std::string name = arg.substr(2);
        std::optional<std::string> inline_value;
        if (auto eq = name.find('='); eq != std::string::npos) {
            inline_value = name.substr(eq + 1);
            name.resize(eq);
        }
        const OptionSpec* spec = nullptr;
        for (const auto& s : specs)
            if (s.name == name) spec = &s;
        if (!spec) {
            std::string message = cat("'", command, "' has no option '--", name, "'");
            if (name == "db" || name == "as-user" || name == "json")
                message += " (global options go before the command)";
            throw UsageError(message);
        }
        std::string value;
        if (spec->takes_value) {
            if (inline_value) {
                value = *inline_value;
            } else {
                if (i + 1 >= args.size())
                    throw UsageError(cat("option '--", name, "' needs a value"));
                value = args[++i];
            }
        } else if (inline_value) {
            throw UsageError(cat("option '--", name, "' takes no value"));
        }
        auto& slot = parsed.values[name];
        if (!slot.empty() && !spec->repeatable)
            throw UsageError(cat("option '--", name, "' is given more than once"));
        slot.push_back(std::move(value));
    }
    return parsed;
}

void expect_positionals(std::string_view command, const ParsedOptions& options, std::size_t min,
                        std::size_t max, std::string_view what) {
    std::size_t n = options.positionals.size();
    if (n < min) throw UsageError(cat("'", command, "' needs ", what));
    if (n > max)
        throw UsageError(cat("'", command, "' does not take '", options.positionals[max], "'"));
}

std::optional<std::int64_t> parse_int(std::string_view text) {
    std::int64_t value = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
    return value;
}

std::int64_t parse_id(std::string_view text, std::string_view what) {
    auto value = parse_int(text);
    if (!value || *value <= 0)
        throw UsageError(cat(what, " must be a positive whole number, not '", text, "'"));
    return *value;
}

std::int64_t parse_count(std::string_view text, std::string_view what) {
    auto value = parse_int(text);
    if (!value || *value < 0)
        throw UsageError(cat(what, " must be a whole number of 0 or more, not '", text, "'"));
    return *value;
}

boost::json::value parse_value(std::string_view text) {
    try {
        return leadbook::parse_json(text);
    } catch (const leadbook::Error&) {
        return boost::json::value(boost::json::string_view(text.data(), text.size()));
    }
}

std::pair<std::string, std::string> split_assignment(std::string_view text,
                                                     std::string_view option) {
    auto eq = text.find('=');
    if (eq == std::string_view::npos || eq == 0)
        throw UsageError(cat("option '", option, "' needs FIELD=VALUE, not '", text, "'"));
    return {std::string(text.substr(0, eq)), std::string(text.substr(eq + 1))};
}

leadbook::Timestamp parse_time(std::string_view text, std::string_view option) {
    if (auto time = leadbook::Timestamp::parse(text)) return *time;
    if (auto day = leadbook::Date::parse(text)) // a day alone: its midnight, UTC
        return leadbook::Timestamp{std::int64_t{day->days} * 86'400'000};
    // "2026-11-27 09:30", "2026-11-27T09:30", "2026-11-27T09:30Z": seconds
    // optional, no zone means UTC.
    std::string normal(text);
    if (normal.size() >= 16 && (normal[10] == ' ' || normal[10] == 'T')) {
        normal[10] = 'T';
        if (normal.size() == 16 || normal[16] != ':') normal.insert(16, ":00");
        if (normal.find_first_of("Z+", 11) == std::string::npos &&
            normal.find('-', 11) == std::string::npos)
            normal += 'Z';
        if (auto time = leadbook::Timestamp::parse(normal)) return *time;
    }
    throw UsageError(cat(option,
                         " must be a time like 2026-11-27T09:30:00Z or \"2026-11-27 09:30\"",
                         " (UTC), not '", text, "'"));
}

leadbook::Date parse_date(std::string_view text, std::string_view option) {
    if (auto date = leadbook::Date::parse(text)) return *date;
    throw UsageError(cat(option, " must be a day like 2026-11-27, not '", text, "'"));
}

std::string join_positionals(const ParsedOptions& options, std::size_t first) {
    std::string text;
    for (std::size_t i = first; i < options.positionals.size(); ++i) {
        if (i > first) text += ' ';
        text += options.positionals[i];
    }
    return text;
}

bool is_user_field(std::string_view field) {
    return field == "assigned_to" || field == "modified_by";
}

boost::json::value field_value(leadbook::LeadBook& book, std::string_view field,
                               std::string_view text) {
    boost::json::value value = parse_value(text);
    if (is_user_field(field) && value.is_string())
        return text.empty() ? boost::json::value(nullptr)
                            : boost::json::value(resolve_user(book, text));
    return value;
}

namespace {

/// The operators of --where, longest first so "<=" wins over "<".
struct WhereOperator {
    std::string_view symbol;
    FilterOp op;
};
constexpr WhereOperator where_operators[] = {
    {"!=", FilterOp::ne}, {"<=", FilterOp::le}, {">=", FilterOp::ge},     {"=", FilterOp::eq},
    {"<", FilterOp::lt},  {">", FilterOp::gt},  {"~", FilterOp::contains}};

} // namespace

namespace {

/// One FIELD=VALUE (or !=, <, ...) condition, "!" in front for NOT.
leadbook::Filter parse_condition(leadbook::LeadBook& book, std::string_view text) {
    if (text.starts_with('!')) {
        leadbook::Filter negated = parse_condition(book, text.substr(1));
        negated.negate = !negated.negate;
        return negated;
    }
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
    const leadbook::FilterOp op = match->op;
    if (op == FilterOp::eq && value.empty()) return {field, FilterOp::is_empty, nullptr};
    if (op == FilterOp::contains)
        return {field, op,
                boost::json::value(boost::json::string_view(value.data(), value.size()))};
    return {field, op, field_value(book, field, value)};
}

} // namespace

leadbook::Filter parse_where(leadbook::LeadBook& book, std::string_view text) {
    // "source=Referral|rating=hot": either/or.
    if (text.find('|') == std::string_view::npos) return parse_condition(book, text);
    leadbook::Filter either;
    std::size_t start = 0;
    while (true) {
        const auto bar = text.find('|', start);
        either.any.push_back(parse_condition(book, text.substr(start, bar - start)));
        if (bar == std::string_view::npos) break;
        start = bar + 1;
    }
    return either;
}

std::vector<OptionSpec> list_option_specs() {
    return {{"where", true, true}, {"sort", true, true}, {"limit"}, {"offset"}};
}

leadbook::RecordQuery parse_list_query(leadbook::LeadBook& book, const ParsedOptions& options) {
    leadbook::RecordQuery query;
    for (const auto& text : options.all("where")) query.where.push_back(parse_where(book, text));
    for (const auto& field : options.all("sort")) {
        if (field.empty() || field == "-") throw UsageError("--sort needs a field name");
        query.order_by.push_back(field);
    }
    if (auto limit = options.get("limit")) query.limit = parse_count(*limit, "--limit");
    if (auto offset = options.get("offset")) query.offset = parse_count(*offset, "--offset");
    return query;
}

leadbook::Selection parse_selection(std::string_view command, leadbook::LeadBook& book,
                                    const ParsedOptions& options, std::size_t first) {
    const bool has_ids = options.positionals.size() > first;
    const bool has_where = !options.all("where").empty();
    if (has_ids == has_where)
        throw UsageError(
            cat("'", command, "' needs lead IDs or --where FIELD=VALUE (one of the two)"));
    if (has_where) {
        std::vector<leadbook::Filter> conditions;
        for (const auto& text : options.all("where")) conditions.push_back(parse_where(book, text));
        return leadbook::Selection::where(std::move(conditions));
    }
    std::vector<leadbook::Id> ids;
    for (std::size_t i = first; i < options.positionals.size(); ++i)
        ids.push_back(parse_id(options.positionals[i], "a lead ID"));
    return leadbook::Selection::of(std::move(ids));
}

leadbook::Id resolve_user(leadbook::LeadBook& book, std::string_view id_or_name) {
    if (auto id = parse_int(id_or_name)) {
        if (*id > 0 && book.users().exists(*id)) return *id;
        leadbook::fail(leadbook::ErrorCode::not_found,
                       cat("there is no user with id ", id_or_name));
    }
    leadbook::RecordQuery query;
    query.where.push_back(
        {"name", FilterOp::eq,
         boost::json::value(boost::json::string_view(id_or_name.data(), id_or_name.size()))});
    query.limit = 2;
    std::vector<leadbook::Id> found;
    for (const auto& user : book.users().find(query)) found.push_back(user.id);
    if (found.empty())
        leadbook::fail(leadbook::ErrorCode::not_found,
                       cat("there is no user named '", id_or_name, "'"));
    if (found.size() > 1)
        leadbook::fail(
            leadbook::ErrorCode::validation,
            cat("more than one user is named '", id_or_name, "'; give the user's id instead"));
    return found.front();
}

bool db_is_file(const Context& ctx) {
    // A URI of any scheme is the library's to open or refuse by name.
    return ctx.db_path != ":memory:" && ctx.db_path.find("://") == std::string::npos;
}

std::string db_shown(const Context& ctx) {
    return leadbook::is_postgres_uri(ctx.db_path) ? leadbook::redacted_conninfo(ctx.db_path)
                                                  : ctx.db_path;
}

leadbook::LeadBook open_book(const Context& ctx, bool create) {
    // A read-only command on a mistyped path should say so, not create an
    // empty database there.
    if (!create && db_is_file(ctx) && !std::filesystem::exists(ctx.db_path))
        leadbook::fail(leadbook::ErrorCode::not_found,
                       cat("no database '", ctx.db_path,
                           "' (run 'leadbook demo' or 'leadbook lead add' to create one)"));
    leadbook::OpenOptions options;
    options.create = create;
    auto book = leadbook::LeadBook::open(ctx.db_path, options);
    if (ctx.as_user) book.set_acting_user(resolve_user(book, *ctx.as_user));
    return book;
}

} // namespace leadbook_cli
