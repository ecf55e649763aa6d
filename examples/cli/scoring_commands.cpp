// scoring_commands.cpp: the scoring criteria (leadbook criteria list | add |
// edit | delete) and a lead's score (leadbook lead score | meets | unmeets |
// stars).
//
// Editing the criteria rescores every automatic record of their type in the
// same transaction; the commands say how many records changed score by
// listening to the changes the library reports (add_change_listener).
#include "cli.hpp"

#include <leadbook/book_tuning.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <ostream>
#include <set>

namespace leadbook_cli {

const std::string_view criteria_help = R"(Usage: leadbook [global options] criteria SUBCOMMAND ...

Scoring criteria are yes/no questions a lead (or a business contact) meets
or not. Each is worth its weight (low 1, normal 2, high 3 points) and raises
or lowers the score, or an explicit number of points from -100 to 100
(--points; negative lowers); a record's stars (★★★☆☆) are its points out of
the sum of every raising criterion. Leads and business contacts have
separate lists.

  criteria list [--type lead|business_contact]
      Lists the criteria (of one record type, or of both).
  criteria add --description D [--weight low|normal|high] [--effect raise|lower]
               [--points -100..100] [--type lead|business_contact]
      Adds a criterion (default: normal, raise, lead) and rescores the
      records of its type.
  criteria edit ID [--description D] [--weight W] [--effect E]
                   [--points -100..100|weight]
      Changes a criterion and rescores the records of its type. Its type
      cannot change; --points weight makes it worth its weight again.
  criteria delete ID
      Deletes a criterion; records that met it no longer do, and are rescored.

  See also: lead score ID, lead meets ID CRITERION..., lead stars ID N|auto.
)";

const std::string_view scoring_help = R"(Usage: leadbook [global options] scoring SUBCOMMAND ...

Fits the scoring criteria to what became of records: given which records
converted (or were won) and which were lost (or disqualified), a logistic
regression finds what each criterion is worth (see docs/scoring.md,
"Tuning"). The report gives the ranking quality (AUC, by 5-fold cross
validation) of today's points and of the tuned ones, each criterion's
coefficient with a 95% confidence interval, and the records and conversion
rate per star band before and after.

  scoring tune --labels FILE [--type lead|business_contact] [--dry-run]
      Prints the report; changes nothing (--dry-run is what it always does).
  scoring apply --labels FILE [--type lead|business_contact]
      The same, then gives every criterion that could be fitted its tuned
      points (as explicit points) and rescores, in one transaction.

FILE ("-" for standard input) has one record a line, "ID,OUTCOME", OUTCOME
being converted, won or 1, or lost, disqualified or 0. At least 30 of each
kind are needed.

  scoring grades [--type lead|business_contact] [NAME=FROM-TO ...]
      Lists the grade bands (a record's "score.grade" is the band its
      percent falls in; a manual score's stars times 20). With bands, sets
      them and grades every record of the type again, in one transaction:
      "scoring grades Hot=70-100 Warm=40-69 Cold=0-39". Bands that overlap or
      leave a percent of 0..100 out are refused and nothing changes.
)";

namespace {

/// Counts the leads and business contacts whose score a write changed, from
/// the change notices of the LeadBook.
class RescoreCounter {
public:
    explicit RescoreCounter(leadbook::LeadBook& book) : book_(&book) {
        token_ = book.add_change_listener([this](const std::vector<leadbook::ChangeGroup>& groups) {
            for (const auto& group : groups)
                if (group.kind == leadbook::ChangeKind::updated &&
                    (group.collection == "leads" || group.collection == "contacts"))
                    changed_.insert(group.ids.begin(), group.ids.end());
        });
    }
    RescoreCounter(const RescoreCounter&) = delete;
    RescoreCounter& operator=(const RescoreCounter&) = delete;
    ~RescoreCounter() { book_->remove_change_listener(token_); }

    /// "Rescored: 12 leads changed score."
    std::string summary(leadbook::RecordType type) const {
        const bool leads = type == leadbook::RecordType::lead;
        const auto n = changed_.size();
        return cat("Rescored: ", std::to_string(n), " ",
                   leads ? (n == 1 ? "lead" : "leads")
                         : (n == 1 ? "business contact" : "business contacts"),
                   " changed score.");
    }
    std::size_t count() const { return changed_.size(); }

private:
    leadbook::LeadBook* book_;
    std::uint64_t token_ = 0;
    std::set<leadbook::Id> changed_;
};

std::string criterion_points(const leadbook::ScoringCriterion& c) {
    return signed_points(leadbook::signed_points(c));
}

/// --points N (-100..100; the library checks the range) or, when editing,
/// "weight" to go back to the weight's points.
boost::json::value points_option(std::string_view text, bool editing) {
    if (editing && text == "weight") return nullptr;
    auto n = parse_int(text);
    if (!n)
        throw UsageError(cat("--points takes a whole number from -100 to 100",
                             editing ? " or 'weight'" : "", ", not '", text, "'"));
    return *n;
}

void print_criterion(const Context& ctx, const leadbook::ScoringCriterion& c,
                     const RescoreCounter* rescored) {
    if (ctx.json) {
        auto json = leadbook::to_json(c);
        if (rescored) json.as_object()["rescored"] = rescored->count();
        print_json_line(ctx, json);
        return;
    }
    *ctx.out << "Criterion " << c.id << ": " << c.description << '\n';
    Card card(*ctx.out);
    card.field("for", c.record_type == leadbook::RecordType::lead ? "leads" : "business contacts");
    auto points = criterion_points(c);
    const char* unit = points == "+1" || points == "-1" ? " point" : " points";
    if (c.points) {
        card.field("points", cat(points, unit, " (explicit; weight and effect not used)"));
    } else {
        card.field("weight", cat(leadbook::enum_name(c.weight), " (", points, unit, ")"));
        card.field("effect",
                   c.effect == leadbook::Effect::raise ? "raises the score" : "lowers the score");
    }
    card.field("version", std::to_string(c.version));
    if (rescored) *ctx.out << rescored->summary(c.record_type) << '\n';
}

/// Lower-case ASCII letters, for matching descriptions in any case.
std::string folded(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

} // namespace

/// A criterion id, or the description of a lead criterion (any case).
leadbook::Id resolve_criterion(leadbook::LeadBook& book, std::string_view text) {
    if (auto id = parse_int(text)) {
        if (*id <= 0) throw UsageError(cat("a criterion ID must be positive, not '", text, "'"));
        return *id; // the library says if it does not exist
    }
    for (const auto& c : book.criteria_of(leadbook::RecordType::lead))
        if (folded(c.description) == folded(text)) return c.id;
    leadbook::fail(leadbook::ErrorCode::not_found,
                   cat("there is no lead criterion '", text, "' (see 'leadbook criteria list')"));
}

namespace {

/// "Lead 5: Mary O'Neil meets 2 criteria: ★★☆☆☆ (38%, 5 of 13 points)".
void print_score_line(const Context& ctx, const leadbook::Lead& lead) {
    if (ctx.json) {
        print_json_line(ctx, leadbook::to_json(lead));
        return;
    }
    const auto n = lead.criteria_met.size();
    *ctx.out << "Lead " << lead.id << ": " << lead.full_name << " meets " << n
             << (n == 1 ? " criterion: " : " criteria: ") << score_text(lead.score) << '\n';
}

/// Adds (`meets`) or removes the named criteria from a lead's list.
int change_met(const Context& ctx, const Args& args, bool meets) {
    const char* command = meets ? "lead meets" : "lead unmeets";
    auto options = parse_options(command, args, {});
    expect_positionals(command, options, 2, static_cast<std::size_t>(-1),
                       "a lead ID and at least one criterion (an id or a description)");
    auto id = parse_id(options.positionals[0], "the lead ID");
    auto book = open_book(ctx, false);
    std::vector<leadbook::Id> named;
    for (std::size_t i = 1; i < options.positionals.size(); ++i)
        named.push_back(resolve_criterion(book, options.positionals[i]));

    auto lead = book.leads().get(id);
    std::vector<leadbook::Id> met = lead.criteria_met;
    for (auto criterion : named) {
        auto at = std::find(met.begin(), met.end(), criterion);
        if (meets && at == met.end()) met.push_back(criterion);
        if (!meets && at != met.end()) met.erase(at);
    }
    if (met == lead.criteria_met) { // nothing to write: no new version
        if (!ctx.json)
            *ctx.out << "Nothing changed: lead " << id
                     << (meets ? " meets those criteria already.\n"
                               : " meets none of those criteria.\n");
        print_score_line(ctx, lead);
        return 0;
    }
    boost::json::array ids;
    for (auto criterion : met) ids.emplace_back(criterion);
    auto updated = book.leads().update(id, lead.version, {{"criteria_met", std::move(ids)}});
    print_score_line(ctx, updated);
    return 0;
}

} // namespace

int criteria_list(const Context& ctx, const Args& args) {
    auto options = parse_options("criteria list", args, {{"type"}});
    expect_positionals("criteria list", options, 0, 0, "");
    std::vector<leadbook::RecordType> types = {leadbook::RecordType::lead,
                                               leadbook::RecordType::business_contact};
    if (auto type = options.get("type"))
        types = {parse_choice<leadbook::RecordType>(*type, "--type")};
    auto book = open_book(ctx, false);

    std::vector<std::vector<leadbook::ScoringCriterion>> lists;
    for (auto type : types) lists.push_back(book.criteria_of(type));
    if (ctx.json) {
        for (const auto& list : lists)
            for (const auto& c : list) print_json_line(ctx, leadbook::to_json(c));
        return 0;
    }
    TablePrinter table(*ctx.out, {{"ID", 10, true},
                                  {"Type", 16},
                                  {"Description", 40},
                                  {"Weight", 6},
                                  {"Effect", 6},
                                  {"Points", 6, true}});
    for (const auto& list : lists)
        for (const auto& c : list)
            table.add_row({std::to_string(c.id), std::string(leadbook::enum_name(c.record_type)),
                           c.description, std::string(leadbook::enum_name(c.weight)),
                           std::string(leadbook::enum_name(c.effect)), criterion_points(c)});
    if (table.finish() == 0) *ctx.out << "No criteria.\n";
    for (std::size_t i = 0; i < types.size(); ++i) {
        std::int32_t max_points = leadbook::ScoreCalculator(lists[i]).max_points();
        *ctx.out << lists[i].size() << ' ' << leadbook::enum_name(types[i])
                 << (lists[i].size() == 1 ? " criterion" : " criteria") << ", up to " << max_points
                 << " points\n";
    }
    return 0;
}

int criteria_add(const Context& ctx, const Args& args) {
    auto options = parse_options("criteria add", args,
                                 {{"description"}, {"weight"}, {"effect"}, {"points"}, {"type"}});
    expect_positionals("criteria add", options, 0, 0, "");
    if (!options.has("description")) throw UsageError("'criteria add' needs --description TEXT");
    boost::json::object fields;
    fields["description"] = *options.get("description");
    fields["record_type"] = leadbook::enum_name(
        parse_choice<leadbook::RecordType>(options.get("type").value_or("lead"), "--type"));
    if (auto w = options.get("weight"))
        fields["weight"] = leadbook::enum_name(parse_choice<leadbook::Weight>(*w, "--weight"));
    if (auto e = options.get("effect"))
        fields["effect"] = leadbook::enum_name(parse_choice<leadbook::Effect>(*e, "--effect"));
    if (auto p = options.get("points")) fields["points"] = points_option(*p, false);

    auto book = open_book(ctx, true);
    RescoreCounter rescored(book);
    auto stored = book.criteria().add_json(fields);
    print_criterion(ctx, stored, &rescored);
    return 0;
}

int criteria_edit(const Context& ctx, const Args& args) {
    auto options =
        parse_options("criteria edit", args, {{"description"}, {"weight"}, {"effect"}, {"points"}});
    expect_positionals("criteria edit", options, 1, 1, "a criterion ID");
    auto id = parse_id(options.positionals[0], "the criterion ID");
    boost::json::object changes;
    if (auto d = options.get("description")) changes["description"] = *d;
    if (auto w = options.get("weight"))
        changes["weight"] = leadbook::enum_name(parse_choice<leadbook::Weight>(*w, "--weight"));
    if (auto e = options.get("effect"))
        changes["effect"] = leadbook::enum_name(parse_choice<leadbook::Effect>(*e, "--effect"));
    if (auto p = options.get("points")) changes["points"] = points_option(*p, true);
    if (changes.empty())
        throw UsageError("'criteria edit' needs --description, --weight, --effect or --points");

    auto book = open_book(ctx, false);
    RescoreCounter rescored(book);
    auto stored = book.criteria().update_latest(id, changes);
    print_criterion(ctx, stored, &rescored);
    return 0;
}

int criteria_delete(const Context& ctx, const Args& args) {
    auto options = parse_options("criteria delete", args, {});
    expect_positionals("criteria delete", options, 1, 1, "a criterion ID");
    auto id = parse_id(options.positionals[0], "the criterion ID");
    auto book = open_book(ctx, false);
    auto criterion = book.criteria().get(id);
    RescoreCounter rescored(book);
    book.criteria().remove(id);
    if (ctx.json)
        print_json_line(ctx, boost::json::object{
                                 {"id", id}, {"deleted", true}, {"rescored", rescored.count()}});
    else
        *ctx.out << "Deleted criterion " << id << " (" << criterion.description << ").\n"
                 << rescored.summary(criterion.record_type) << '\n';
    return 0;
}

namespace {

/// lead score / contact score: which criteria one record meets, and its stars.
int show_score(const Context& ctx, const Args& args, leadbook::RecordType type) {
    const bool lead_type = type == leadbook::RecordType::lead;
    const std::string command = lead_type ? "lead score" : "contact score";
    auto options = parse_options(command, args, {});
    expect_positionals(command, options, 1, 1, lead_type ? "a lead ID" : "a contact ID");
    auto id = parse_id(options.positionals[0], lead_type ? "the lead ID" : "the contact ID");
    auto book = open_book(ctx, false);
    if (lead_type)
        expect_lead(book, id);
    else if (!book.contacts().exists(id))
        leadbook::fail(leadbook::ErrorCode::not_found,
                       cat("business contact ", std::to_string(id), " does not exist"));
    auto breakdown = book.score_breakdown(id);
    if (ctx.json) {
        print_json_line(ctx, leadbook::to_json(breakdown));
        return 0;
    }
    const std::string name =
        lead_type ? book.leads().get(id).full_name : book.contacts().get(id).full_name;
    std::ostream& out = *ctx.out;
    out << (lead_type ? "Lead " : "Business contact ") << id << ": " << name << '\n';
    for (const auto& line : breakdown.met) {
        std::string points = signed_points(line.points);
        out << std::string(points.size() < 4 ? 4 - points.size() : 0, ' ') << points << "  "
            << line.description << " (" << leadbook::enum_name(line.weight)
            << (line.effect == leadbook::Effect::lower ? ", lowers" : "") << ")\n";
    }
    if (breakdown.met.empty())
        out << "    meets none of the " << book.criteria_of(type).size()
            << (lead_type ? " lead criteria\n" : " business contact criteria\n");
    const auto& score = breakdown.score;
    out << "  = " << breakdown.points << " of " << breakdown.max_points << " points";
    if (breakdown.points < 0) out << " (counts as 0)";
    out << ", " << breakdown.automatic_percent << "%\n";
    if (score.mode == leadbook::ScoreMode::manual) {
        out << "  " << stars_glyphs(score.stars) << "  " << score.stars
            << " of 5 stars, set by hand (the criteria would give " << breakdown.automatic_stars
            << "; '" << (lead_type ? "lead" : "contact") << " stars " << id
            << " auto' uses them)\n";
    } else {
        out << "  " << stars_glyphs(score.stars) << "  " << score.stars << " of 5 stars\n";
    }
    return 0;
}

} // namespace

int lead_score(const Context& ctx, const Args& args) {
    return show_score(ctx, args, leadbook::RecordType::lead);
}

int contact_score(const Context& ctx, const Args& args) {
    return show_score(ctx, args, leadbook::RecordType::business_contact);
}

int lead_meets(const Context& ctx, const Args& args) { return change_met(ctx, args, true); }
int lead_unmeets(const Context& ctx, const Args& args) { return change_met(ctx, args, false); }

namespace {

/// lead stars / contact stars: N (0 to 5) or auto for one record (printed
/// with its new score) or many (ids or --where, one bulk edit: all change
/// or none; prints how many changed).
template <class T>
int set_stars(const Context& ctx, const Args& args, std::string_view command,
              leadbook::Collection<T>& (*collection)(leadbook::LeadBook&), std::string_view noun,
              std::string_view plural) {
    auto options = parse_options(command, args, {{"where", true, true}});
    const bool where = !options.all("where").empty();
    expect_positionals(command, options, where ? 1 : 2, where ? 1 : std::size_t(-1),
                       cat(noun, " IDs (or --where FIELD=VALUE) and a number of stars (or auto)"));
    // The last word is the stars, the ones before are ids.
    const std::string stars = options.positionals.back();
    options.positionals.pop_back();
    boost::json::value value = nullptr; // null stars: automatic again
    if (stars != "auto") {
        auto n = parse_int(stars);
        if (!n) throw UsageError(cat("stars must be 0 to 5 or 'auto', not '", stars, "'"));
        value = *n; // the library checks the range
    }
    auto book = open_book(ctx, false);
    if constexpr (std::is_same_v<T, leadbook::Lead>)
        for (const auto& id_text : options.positionals)
            expect_lead(book, parse_id(id_text, "the lead ID"));
    auto selection = parse_selection(command, book, options, 0);
    if (!where && selection.ids.size() == 1) {
        // One record: an edit of it as it is now, answered with its new score.
        boost::json::object score{{"mode", value.is_null() ? "automatic" : "manual"}};
        if (!value.is_null()) score["stars"] = value;
        auto updated =
            collection(book).update_latest(selection.ids[0], {{"score", std::move(score)}});
        if (ctx.json)
            print_json_line(ctx, leadbook::to_json(updated));
        else
            *ctx.out << (std::is_same_v<T, leadbook::Lead> ? "Lead " : "Business contact ")
                     << updated.id << ": " << updated.full_name << ": " << score_text(updated.score)
                     << '\n';
        return 0;
    }
    auto changed = collection(book).bulk_edit(selection, "score.stars", value);
    if (ctx.json)
        print_json_line(ctx, boost::json::object{{"changed", changed}, {"field", "score.stars"}});
    else
        *ctx.out << "changed " << changed << ' ' << (changed == 1 ? noun : plural) << '\n';
    return 0;
}

} // namespace

int lead_stars(const Context& ctx, const Args& args) {
    return set_stars(ctx, args, "lead stars", &leads_of, "lead", "leads");
}

int contact_stars(const Context& ctx, const Args& args) {
    return set_stars(ctx, args, "contact stars", &contacts_of, "business contact",
                     "business contacts");
}
namespace {

/// The labels of a FILE of "ID,OUTCOME" lines ("-": standard input).
std::vector<leadbook::OutcomeLabel> read_labels(const std::string& path) {
    std::ifstream file;
    if (path != "-") {
        file.open(path);
        if (!file) throw UsageError(cat("cannot read the labels file '", path, "'"));
    }
    std::istream& in = path == "-" ? std::cin : file;
    std::vector<leadbook::OutcomeLabel> labels;
    std::string line;
    for (std::size_t number = 1; std::getline(in, line); ++number) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        const auto comma = line.find(',');
        // 0 when there is no valid id (a plain value: an optional here makes
        // GCC 12 at -O2 warn that it may be read uninitialised).
        const std::int64_t id =
            comma == std::string::npos ? 0 : parse_int(line.substr(0, comma)).value_or(0);
        const std::string outcome = comma == std::string::npos ? "" : line.substr(comma + 1);
        const bool yes = outcome == "converted" || outcome == "won" || outcome == "1";
        const bool no = outcome == "lost" || outcome == "disqualified" || outcome == "0";
        if (id <= 0 || (!yes && !no))
            throw UsageError(cat("line ", std::to_string(number), " of '", path,
                                 "' is not ID,converted or ID,lost: '", line, "'"));
        labels.push_back({id, yes});
    }
    return labels;
}

std::string fixed(double value, int decimals) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

void print_bands(std::ostream& out, const char* title,
                 const std::vector<leadbook::StarBand>& bands) {
    out << title << '\n';
    for (const auto& b : bands)
        out << "  " << stars_glyphs(b.stars) << "  " << b.records << " records, "
            << fixed(100 * b.conversion_rate, 1) << "% converted\n";
}

int tune(const Context& ctx, const Args& args, bool apply) {
    const char* command = apply ? "scoring apply" : "scoring tune";
    std::vector<OptionSpec> specs = {{"labels"}, {"type"}};
    if (!apply) specs.push_back({"dry-run", false});
    auto options = parse_options(command, args, specs);
    expect_positionals(command, options, 0, 0, "");
    auto path = options.get("labels");
    if (!path) throw UsageError(cat("'", command, "' needs --labels FILE"));
    const auto type =
        parse_choice<leadbook::RecordType>(options.get("type").value_or("lead"), "--type");
    const auto labels = read_labels(*path);
    auto book = open_book(ctx, false);
    const auto criteria = book.criteria_of(type);
    RescoreCounter rescored(book);
    const auto report = leadbook::tune_scoring(book, type, labels, !apply);
    if (ctx.json) {
        auto json = leadbook::to_json(report);
        json.as_object()["applied"] = apply;
        if (apply) json.as_object()["rescored"] = rescored.count();
        print_json_line(ctx, json);
        return 0;
    }
    std::ostream& out = *ctx.out;
    out << "Tuned on " << report.records << " records (" << report.converted << " converted, "
        << report.lost << " lost), AUC by " << report.folds << "-fold cross validation:\n"
        << "  today's points " << fixed(report.cv_auc_current, 3) << ", low/normal/high "
        << fixed(report.cv_auc_scale, 3) << ", tuned points " << fixed(report.cv_auc_points, 3)
        << '\n';
    TablePrinter table(out, {{"ID", 10, true},
                             {"Description", 32},
                             {"Now", 5, true},
                             {"Scale", 5, true},
                             {"Tuned", 5, true},
                             {"Log-odds [95% CI]", 24},
                             {"Met by", 8, true}});
    for (std::size_t i = 0; i < criteria.size(); ++i) {
        const auto& t = report.criteria[i];
        table.add_row({std::to_string(criteria[i].id), criteria[i].description,
                       signed_points(t.current_points), signed_points(t.scale_points),
                       signed_points(t.points),
                       t.fitted ? cat(fixed(t.coefficient, 2), " [", fixed(t.ci_low, 2), ", ",
                                      fixed(t.ci_high, 2), "]")
                                : std::string("not fitted"),
                       std::to_string(t.records_meeting)});
    }
    table.finish();
    for (std::size_t i = 0; i < criteria.size(); ++i)
        if (!report.criteria[i].fitted)
            out << "Criterion " << criteria[i].id << ": " << report.criteria[i].note << ".\n";
    print_bands(out, "Stars today:", report.bands_current);
    print_bands(out, "Stars with the tuned points:", report.bands_points);
    if (apply)
        out << "Applied the tuned points. " << rescored.summary(type) << '\n';
    else
        out << "Dry run: nothing changed ('leadbook scoring apply' applies the tuned points).\n";
    return 0;
}

/// "NAME=FROM-TO" as a grade band; UsageError when malformed.
leadbook::GradeBand parse_band(const std::string& text) {
    const auto eq = text.rfind('=');
    const auto dash = eq == std::string::npos ? eq : text.find('-', eq + 1);
    std::optional<std::int64_t> from, to;
    if (dash != std::string::npos) {
        from = parse_int(std::string_view(text).substr(eq + 1, dash - eq - 1));
        to = parse_int(std::string_view(text).substr(dash + 1));
    }
    if (!from || !to || *from < INT32_MIN || *from > INT32_MAX || *to < INT32_MIN ||
        *to > INT32_MAX)
        throw UsageError(cat("a grade band is NAME=FROM-TO, such as A=75-100; not '", text, "'"));
    return {text.substr(0, eq), std::int32_t(*from), std::int32_t(*to)};
}

} // namespace

int scoring_grades(const Context& ctx, const Args& args) {
    auto options = parse_options("scoring grades", args, {{"type"}});
    const auto type =
        parse_choice<leadbook::RecordType>(options.get("type").value_or("lead"), "--type");
    std::vector<leadbook::GradeBand> bands;
    for (const auto& text : options.positionals) bands.push_back(parse_band(text));
    auto book = open_book(ctx, false);
    std::int64_t regraded = 0;
    if (!bands.empty()) regraded = book.set_grade_bands(type, bands);
    bands = book.grade_bands(type);
    if (ctx.json) {
        boost::json::object json{{"record_type", leadbook::enum_name(type)},
                                 {"bands", leadbook::to_json(bands)}};
        if (!options.positionals.empty()) json["regraded"] = regraded;
        print_json_line(ctx, json);
        return 0;
    }
    std::ostream& out = *ctx.out;
    TablePrinter table(out, {{"Grade", 12}, {"From %", 6, true}, {"To %", 6, true}});
    for (const auto& b : bands)
        table.add_row({b.name, std::to_string(b.from), std::to_string(b.to)});
    table.finish();
    if (!options.positionals.empty())
        out << "Set the grade bands of " << leadbook::enum_name(type) << " records; " << regraded
            << (regraded == 1 ? " grade" : " grades") << " changed.\n";
    return 0;
}

int scoring_tune(const Context& ctx, const Args& args) { return tune(ctx, args, false); }
int scoring_apply(const Context& ctx, const Args& args) { return tune(ctx, args, true); }

} // namespace leadbook_cli
