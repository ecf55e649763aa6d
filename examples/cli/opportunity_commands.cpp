// opportunity_commands.cpp: leadbook opportunity add | list: the products and
// services a lead, contact or account is interested in.
#include "cli.hpp"

#include <ostream>
#include <sstream>

namespace leadbook_cli {

const std::string_view opportunity_help =
    R"(Usage: leadbook [global options] opportunity SUBCOMMAND ...

  opportunity add --title T --for ID [--item "NAME:QTY:PRICE[:DISCOUNT]"]...
                  [--stage S] [--close YYYY-MM-DD] [--assigned-to USER] [--notes N]
      Adds an opportunity for a lead, contact or account and prints it.
      --item repeats; PRICE is a unit price with at most two decimals and
      DISCOUNT a percentage: --item "Seat licence:40:29.00:10" is 40 seats
      at 29.00 less 10%. Line totals and the total are computed. STAGE is
      a sales stage (default: the first, "initial contact"); the
      probability comes from it.
  opportunity list [--for ID]
      Lists opportunities (of one record) with their stage, probability and
      total, and the sum of the totals weighted by probability.
)";

namespace {

/// "12.5%" from hundredths of a percent.
std::string percent_text(const leadbook::Percent& p) {
    std::string text = std::to_string(p.hundredths / 100);
    if (int rest = p.hundredths % 100) {
        text += cat(".", rest < 10 ? "0" : "", std::to_string(rest));
        if (text.back() == '0') text.pop_back();
    }
    return cat(text, "%");
}

/// "Seat licence:40:29.00:10" as a line item (JSON). The name may hold ':'
/// itself: the numbers are taken from the right.
boost::json::object parse_item(std::string_view text) {
    std::vector<std::string_view> parts;
    for (std::size_t start = 0;;) {
        auto colon = text.find(':', start);
        parts.push_back(
            text.substr(start, colon == std::string_view::npos ? colon : colon - start));
        if (colon == std::string_view::npos) break;
        start = colon + 1;
    }
    auto bad = [&](std::string_view why) {
        return UsageError(
            cat("--item needs NAME:QTY:PRICE[:DISCOUNT] (", why, "), not '", text, "'"));
    };
    auto discount_of = [](std::string_view d) -> std::optional<boost::json::value> {
        if (d.ends_with('%')) d.remove_suffix(1);
        auto value = parse_value(d);
        if (!value.is_number()) return std::nullopt;
        return value;
    };
    auto quantity_of = [](std::string_view q) { return parse_int(q); };
    // With a discount when the last three are numbers, else without.
    std::size_t numbers = 0;
    if (parts.size() >= 4 && quantity_of(parts[parts.size() - 3]) &&
        leadbook::Money::parse(parts[parts.size() - 2]) && discount_of(parts.back()))
        numbers = 3;
    else if (parts.size() >= 3)
        numbers = 2;
    else
        throw bad("a name, a quantity and a price");
    std::string name;
    for (std::size_t i = 0; i + numbers < parts.size(); ++i) name += cat(i ? ":" : "", parts[i]);
    if (name.empty()) throw bad("the name is empty");
    const auto at = parts.size() - numbers;
    auto quantity = quantity_of(parts[at]);
    if (!quantity) throw bad(cat("the quantity '", parts[at], "' is not a whole number"));
    auto price = leadbook::Money::parse(parts[at + 1]);
    if (!price) throw bad(cat("the price '", parts[at + 1], "' is not an amount like 29.99"));
    boost::json::object item{
        {"item", name}, {"quantity", *quantity}, {"unit_price", price->to_string()}};
    if (numbers == 3) item["discount"] = *discount_of(parts[at + 2]);
    return item;
}

/// The sum of the totals, and of the totals weighted by each
/// opportunity's probability (rounded to the cent per opportunity).
struct Pipeline {
    std::int64_t count = 0;
    std::int64_t total = 0;    ///< minor units
    std::int64_t weighted = 0; ///< minor units
    bool overflow = false;     ///< beyond 64 bits: not printed
    void add(const leadbook::Opportunity& o) {
        ++count;
        const std::int64_t t = o.total.minor_units; // 0 or more, checked by the library
        const std::int64_t w = t / 100 * o.probability + (t % 100 * o.probability + 50) / 100;
        overflow = overflow || __builtin_add_overflow(total, t, &total) ||
                   __builtin_add_overflow(weighted, w, &weighted);
    }
};

std::string money(std::int64_t minor_units) { return leadbook::Money{minor_units}.to_string(); }

} // namespace

void print_opportunity_card(std::ostream& out, const leadbook::Opportunity& o, UserNames& users,
                            RecordNames& records) {
    out << "Opportunity " << o.id << ": " << o.title << '\n';
    Card card(out);
    if (o.linked_to)
        card.field("for", cat(records.name(o.linked_to), " #", std::to_string(*o.linked_to)));
    card.field("stage", cat(o.stage, " (", std::to_string(o.probability), "%)"));
    card.field("status", leadbook::enum_name(o.status));
    if (o.expected_close) card.field("close by", o.expected_close->to_string());
    card.field("assigned to", users.name(o.assigned_to));
    if (!o.items.empty()) {
        std::ostringstream lines;
        TablePrinter table(lines, {{"Item", 30},
                                   {"Qty", 6, true},
                                   {"Unit price", 12, true},
                                   {"Discount", 8, true},
                                   {"Total", 14, true}});
        for (const auto& line : o.items)
            table.add_row({line.item, std::to_string(line.quantity), line.unit_price.to_string(),
                           line.discount.hundredths ? percent_text(line.discount) : "",
                           line.total.to_string()});
        table.finish();
        std::string text = lines.str();
        if (!text.empty() && text.back() == '\n') text.pop_back();
        card.field("items", text);
    }
    card.field("total", o.total.to_string());
    card.field("notes", o.notes);
    card.field("version", std::to_string(o.version));
}

int opportunity_add(const Context& ctx, const Args& args) {
    auto options = parse_options("opportunity add", args,
                                 {{"title"},
                                  {"for"},
                                  {"item", true, true},
                                  {"stage"},
                                  {"close"},
                                  {"assigned-to"},
                                  {"notes"}});
    expect_positionals("opportunity add", options, 0, 0, "");
    if (!options.has("title")) throw UsageError("'opportunity add' needs --title TEXT");
    if (!options.has("for"))
        throw UsageError("'opportunity add' needs --for ID (a lead, contact or account)");
    boost::json::object fields{{"title", *options.get("title")},
                               {"linked_to", parse_id(*options.get("for"), "--for")}};
    boost::json::array items;
    for (const auto& text : options.all("item")) items.push_back(parse_item(text));
    fields["items"] = std::move(items);
    if (auto stage = options.get("stage")) fields["stage"] = *stage;
    if (auto close = options.get("close"))
        fields["expected_close"] = leadbook::to_json(parse_date(*close, "--close"));
    if (auto notes = options.get("notes")) fields["notes"] = *notes;

    auto book = open_book(ctx, false);
    if (auto user = options.get("assigned-to")) fields["assigned_to"] = resolve_user(book, *user);
    auto stored = book.opportunities().add_json(fields);
    if (ctx.json) {
        print_json_line(ctx, leadbook::to_json(stored));
    } else {
        UserNames users(book);
        RecordNames records(book);
        print_opportunity_card(*ctx.out, stored, users, records);
    }
    return 0;
}

int opportunity_list(const Context& ctx, const Args& args) {
    auto options = parse_options("opportunity list", args, {{"for"}});
    expect_positionals("opportunity list", options, 0, 0, "");
    leadbook::RecordQuery query;
    query.order_by = {"id"};
    if (auto id = options.get("for"))
        query.where.push_back({"linked_to", FilterOp::eq, parse_id(*id, "--for")});
    auto book = open_book(ctx, false);
    auto opportunities = book.opportunities().find(query);
    if (ctx.json) {
        for (const auto& o : opportunities) print_json_line(ctx, leadbook::to_json(o));
        return 0;
    }
    RecordNames records(book);
    TablePrinter table(*ctx.out, {{"ID", 10, true},
                                  {"Title", 30},
                                  {"For", 30},
                                  {"Stage", 18},
                                  {"Prob.", 5, true},
                                  {"Total", 14, true},
                                  {"Close by", 10},
                                  {"Status", 6}});
    Pipeline pipeline;
    for (const auto& o : opportunities) {
        table.add_row({std::to_string(o.id), o.title, records.name(o.linked_to), o.stage,
                       cat(std::to_string(o.probability), "%"), o.total.to_string(),
                       o.expected_close ? o.expected_close->to_string() : "",
                       std::string(leadbook::enum_name(o.status))});
        pipeline.add(o);
    }
    table.finish();
    if (pipeline.count == 0) {
        *ctx.out << "No opportunities.\n";
        return 0;
    }
    *ctx.out << pipeline.count << (pipeline.count == 1 ? " opportunity" : " opportunities");
    if (!pipeline.overflow)
        *ctx.out << ", " << money(pipeline.total) << " in all, " << money(pipeline.weighted)
                 << " weighted by probability";
    *ctx.out << '\n';
    return 0;
}

} // namespace leadbook_cli
