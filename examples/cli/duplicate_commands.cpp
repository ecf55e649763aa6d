// duplicate_commands.cpp: matching rules (leadbook rule list | add | delete)
// and the duplicates they find (leadbook duplicates find | groups).
#include "cli.hpp"

#include <ostream>

namespace leadbook_cli {

const std::string_view rule_help = R"(Usage: leadbook [global options] rule SUBCOMMAND ...

Matching rules say when two leads or business contacts are the same. Every
add, edit and import of one is checked: a "warn" rule stores the record and
names what it may duplicate, a "block" rule refuses it, an "allow" rule only
lets "duplicates" find it. A new database has one rule: the same e-mail
address, warn. Fields are compared without case and surrounding spaces
(phones by their digits); accents count unless the field says otherwise.

  rule list
      Lists the matching rules.
  rule add --name N --field F[:COMPARISON][:no-accents]... [--fuzzy THRESHOLD]
           [--action allow|warn|block] [--inactive]
      Adds a rule comparing every --field (emails, phones or a text field
      such as full_name, company; COMPARISON is automatic, text, digits or
      exact). With --fuzzy, records match when the mean similarity of
      their fields is at least THRESHOLD (0 to 1); otherwise every field
      must be equal. Default action: warn.
  rule delete ID
      Deletes a rule.
)";

const std::string_view duplicates_help =
    R"(Usage: leadbook [global options] duplicates SUBCOMMAND ...

The records the active matching rules find the same (see "leadbook help rule").

  duplicates find ID
      Lists the stored records record ID duplicates, with the rule and score.
  duplicates groups
      Lists every group of records the rules find the same, found through
      their blocking keys.
  duplicates merge SURVIVOR OTHER... [--choose FIELD=ID]...
      Merges the other records into SURVIVOR in one transaction: its empty
      fields are filled from the others (FIELD from record ID when chosen),
      lists are united, history and opportunities move to it, the others
      are deleted and its score is computed again.
)";

namespace {

std::string describe_fields(const leadbook::MatchingRule& rule) {
    std::string out;
    for (const auto& f : rule.fields) {
        out += cat(out.empty() ? "" : ", ", f.field);
        if (f.comparison != leadbook::MatchComparison::automatic)
            out += cat(":", leadbook::enum_name(f.comparison));
        if (f.ignore_accents) out += ":no-accents";
    }
    return out;
}

std::string describe_mode(const leadbook::MatchingRule& rule) {
    if (rule.mode == leadbook::MatchMode::exact) return "exact";
    std::string threshold = std::to_string(rule.threshold);
    threshold.erase(threshold.find_last_not_of('0') + 1);
    if (!threshold.empty() && threshold.back() == '.') threshold.pop_back();
    return cat("fuzzy ", threshold);
}

std::string describe_score(double score) { return std::to_string(int(score * 100 + 0.5)) + "%"; }

leadbook::MatchField parse_field(const std::string& text) {
    leadbook::MatchField field;
    std::size_t at = 0;
    for (int part = 0; at <= text.size(); ++part) {
        const std::size_t end = std::min(text.find(':', at), text.size());
        const std::string piece = text.substr(at, end - at);
        if (part == 0)
            field.field = piece;
        else if (piece == "no-accents")
            field.ignore_accents = true;
        else
            field.comparison = parse_choice<leadbook::MatchComparison>(piece, "--field");
        at = end + 1;
    }
    if (field.field.empty()) throw UsageError("--field needs a field name (--field company)");
    return field;
}

} // namespace

int rule_list(const Context& ctx, const Args& args) {
    auto options = parse_options("rule list", args, {});
    expect_positionals("rule list", options, 0, 0, "");
    auto book = open_book(ctx, false);
    std::int64_t count = 0;
    TablePrinter table(
        *ctx.out, {{"ID", 6, true}, {"Name", 28}, {"Fields", 30}, {"Mode", 10}, {"Action", 6}});
    for (const auto& rule : book.matching_rules().find({.order_by = {"id"}})) {
        ++count;
        if (ctx.json) {
            print_json_line(ctx, leadbook::to_json(rule));
            continue;
        }
        table.add_row({std::to_string(rule.id), rule.name + (rule.active ? "" : " (inactive)"),
                       describe_fields(rule), describe_mode(rule),
                       std::string(leadbook::enum_name(rule.action))});
    }
    if (ctx.json) return 0;
    table.finish();
    *ctx.out << count << (count == 1 ? " matching rule\n" : " matching rules\n");
    return 0;
}

int rule_add(const Context& ctx, const Args& args) {
    auto options = parse_options(
        "rule add", args,
        {{"name"}, {"field", true, true}, {"fuzzy"}, {"action"}, {"inactive", false}});
    expect_positionals("rule add", options, 0, 0, "");
    if (!options.has("name")) throw UsageError("'rule add' needs --name NAME");
    if (!options.has("field")) throw UsageError("'rule add' needs at least one --field FIELD");
    leadbook::MatchingRule rule;
    rule.name = *options.get("name");
    for (const auto& text : options.all("field")) rule.fields.push_back(parse_field(text));
    if (auto threshold = options.get("fuzzy")) {
        rule.mode = leadbook::MatchMode::fuzzy;
        try {
            std::size_t used = 0;
            rule.threshold = std::stod(*threshold, &used);
            if (used != threshold->size()) throw std::invalid_argument("trailing text");
        } catch (const std::logic_error&) {
            throw UsageError(cat("--fuzzy needs a number from 0 to 1, not '", *threshold, "'"));
        }
    }
    if (auto action = options.get("action"))
        rule.action = parse_choice<leadbook::MatchAction>(*action, "--action");
    rule.active = !options.has("inactive");
    auto book = open_book(ctx, true);
    const auto stored = book.matching_rules().add(rule);
    if (ctx.json)
        print_json_line(ctx, leadbook::to_json(stored));
    else
        *ctx.out << "Matching rule " << stored.id << ": " << stored.name << " ("
                 << describe_fields(stored) << ", " << describe_mode(stored) << ", "
                 << leadbook::enum_name(stored.action) << ")\n";
    return 0;
}

int rule_delete(const Context& ctx, const Args& args) {
    return delete_by_id(ctx, args, "rule delete", "matching rule",
                        [](leadbook::LeadBook& book, leadbook::Id id) {
                            auto& rules = book.matching_rules();
                            std::string name = rules.get(id).name;
                            rules.remove(id);
                            return name;
                        });
}

int duplicates_find(const Context& ctx, const Args& args) {
    auto options = parse_options("duplicates find", args, {});
    expect_positionals("duplicates find", options, 1, 1, "a record ID");
    const auto id = parse_id(options.positionals[0], "the record ID");
    auto book = open_book(ctx, false);
    const auto matches = book.find_duplicates(id);
    if (ctx.json) {
        for (const auto& m : matches) print_json_line(ctx, leadbook::to_json(m));
        return 0;
    }
    TablePrinter table(
        *ctx.out, {{"ID", 6, true}, {"Name", 28}, {"Kind", 16}, {"Rule", 28}, {"Score", 5, true}});
    for (const auto& m : matches)
        table.add_row(
            {std::to_string(m.id), m.full_name, m.record_kind, m.rule, describe_score(m.score)});
    table.finish();
    *ctx.out << matches.size()
             << (matches.size() == 1 ? " possible duplicate\n" : " possible duplicates\n");
    return 0;
}

int duplicates_groups(const Context& ctx, const Args& args) {
    auto options = parse_options("duplicates groups", args, {});
    expect_positionals("duplicates groups", options, 0, 0, "");
    auto book = open_book(ctx, false);
    const auto groups = book.duplicate_groups();
    if (ctx.json) {
        for (const auto& g : groups) print_json_line(ctx, leadbook::to_json(g));
        return 0;
    }
    TablePrinter table(*ctx.out, {{"Rule", 28}, {"Records", 40}, {"Score", 5, true}});
    for (const auto& g : groups) {
        std::string ids;
        for (auto id : g.ids) ids += cat(ids.empty() ? "" : " ", std::to_string(id));
        table.add_row({g.rule, ids, describe_score(g.score)});
    }
    table.finish();
    *ctx.out << groups.size() << (groups.size() == 1 ? " group\n" : " groups\n");
    return 0;
}

int duplicates_merge(const Context& ctx, const Args& args) {
    auto options = parse_options("duplicates merge", args, {{"choose", true, true}});
    if (options.positionals.size() < 2)
        throw UsageError("'duplicates merge' needs a SURVIVOR ID and at least one OTHER ID");
    std::vector<leadbook::Id> ids;
    for (const auto& text : options.positionals) ids.push_back(parse_id(text, "a record ID"));
    std::map<std::string, leadbook::Id> choose;
    for (const auto& text : options.all("choose")) {
        auto [field, id] = split_assignment(text, "--choose");
        choose[field] = parse_id(id, "the record ID of --choose");
    }
    auto book = open_book(ctx, false);
    // The versions as they are now: the merge is one transaction.
    const auto result = book.write_transaction([&] {
        auto version = [&](leadbook::Id id) {
            if (auto lead = book.leads().try_get(id)) return lead->version;
            return book.contacts().get(id).version;
        };
        std::vector<leadbook::MergeRecord> others;
        for (std::size_t i = 1; i < ids.size(); ++i) others.push_back({ids[i], version(ids[i])});
        return book.merge({ids[0], version(ids[0])}, others, choose);
    });
    if (ctx.json) {
        print_json_line(ctx, leadbook::to_json(result));
        return 0;
    }
    *ctx.out << "Merged into " << (result.record_kind == "lead" ? "lead " : "business contact ")
             << result.survivor << ": deleted";
    for (auto id : result.deleted) *ctx.out << ' ' << id;
    *ctx.out << "; " << result.fields_taken.size() << " fields filled, "
             << result.history_moved.size() << " history items and "
             << result.opportunities_moved.size() << " opportunities moved.\n";
    return 0;
}

} // namespace leadbook_cli
