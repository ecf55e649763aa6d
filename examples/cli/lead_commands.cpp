// lead_commands.cpp: leadbook lead add | show | list | edit | delete | stamp,
// leadbook contact edit (the same --set options as lead edit), and the help text of every lead
// subcommand (the others are in scoring_commands.cpp, bulk_commands.cpp and contact_commands.cpp).
#include "cli.hpp"

#include <algorithm>
#include <cctype>
#include <ostream>

namespace leadbook_cli {

const std::string_view lead_help = R"(Usage: leadbook [global options] lead SUBCOMMAND ...

  lead add --name NAME [--company C] [--title T] [--email E]... [--phone P]...
           [--source S] [--rating R] [--assigned-to USER] [--notes N]
      Adds a lead and prints it. --email and --phone repeat; a value may
      start with a label: --email home:jane@example.com, --phone "mobile:+1 555 0100"
      (the label defaults to "work"). USER is a user id or name.
  lead add --json '{"full_name": "Jane Doe", "company": "Acme", ...}'
      Adds a lead from JSON (the fields of a Lead: see docs/architecture.md).
  lead show ID
      Prints one lead.
  lead list [--where FIELD=VALUE]... [--sort [-]FIELD]... [--limit N] [--offset N] [--all]
      Lists open leads as a table, with their stars (★★★☆☆): disqualified
      leads only when asked, by --all or a --where on status
      (--where status=disqualified). --where accepts
      FIELD=VALUE, FIELD!=VALUE, FIELD<VALUE, FIELD<=VALUE, FIELD>VALUE,
      FIELD>=VALUE and FIELD~TEXT (contains); conditions combine with AND.
      A|B is either A or B (source=Referral|rating=hot); !A is not A
      (!rating=hot, also leads without a rating); custom.NAME is a
      user-defined field.
      --sort -modified_at sorts descending.
      Example: lead list --where rating=hot --sort -score.stars
  lead edit ID [--version V] --set FIELD=VALUE...
      Changes fields. VALUE is read as JSON when it is valid JSON (42, true,
      null, [1,2]), else as text. Dotted fields set nested values:
      --set score.mode=manual --set score.stars=4; --set custom.Region=EMEA
      changes that user-defined field only. Without --version the
      current version is used; with it, a lead changed by someone else since
      is a conflict and nothing changes.
  lead delete ID
      Deletes a lead (its notes and phone logs linked to nothing else, and
      its opportunities, go with it).
  lead stamp ID [TEXT]
      Appends a dated line ("2026-11-27 09:30 UTC Ana Silva: TEXT") to the
      lead's notes.

 Scoring ("leadbook help criteria" for the criteria themselves):
  lead score ID
      Prints why the lead has its stars: each criterion it meets with the
      points it adds (+) or takes away (-), the total and the stars.
  lead meets ID CRITERION...
  lead unmeets ID CRITERION...
      Marks criteria as met (or no longer met). CRITERION is a criterion id
      or its description ("Budget confirmed", any case). The same as
      lead edit ID --set criteria_met=[1,2], without listing them all.
  lead stars ID N
  lead stars ID auto
      Sets the stars (0 to 5) by hand; criteria then no longer move them.
      "auto" computes them from the criteria again.
  lead stars ID... N|auto
  lead stars --where FIELD=VALUE... N|auto
      The same for many leads in one transaction; prints "changed N leads".

 Many leads at once (one transaction: all change or none):
  lead assign (ID...|--where FIELD=VALUE...) --to USER
      Gives the leads to USER (a user id or name; "none" for nobody) and
      prints "assigned N leads": the leads that were not USER's already.
      Example: lead assign --where rating=hot --where assigned_to= --to "Ben Okafor"
  lead bulk-edit --field FIELD (--value VALUE|--clear) (ID...|--where FIELD=VALUE...)
      Sets one field of the leads (VALUE as for lead edit; --clear empties
      it) and prints "changed N leads". FIELD may be score.stars (0 to 5, by
      hand; --clear: automatic again), score.mode (automatic or manual), a
      user-defined field custom.NAME (VALUE read by its definition's type;
      --clear removes it; the other user-defined fields stay), or
      criteria_met with --value '{"add": ID}' or '{"remove": ID}'. Other
      lists (emails, ...) and the fields leadbook keeps or computes (id,
      version, score.points) cannot be bulk edited.
  lead bulk-edit (--meets|--unmeets) CRITERION (ID...|--where FIELD=VALUE...)
      Marks one criterion (an id or its description) as met, or no longer
      met, on every lead; their scores follow.
      Example: lead bulk-edit --field rating --value warm --where "source=Web site"

 Status (open, disqualified with a reason, or qualified: converted):
  lead disqualify ID REASON
      Disqualifies the lead for REASON, one of the reason list ("leadbook
      help reason"; any case), and records it in the lead's history.
  lead reopen ID
      Opens a disqualified lead again.

 Conversion:
  lead convert ID
      Turns the lead into a business contact with the same id: its history,
      opportunities, score and everything else stay. Prints the contact.

 Import and export (an import is one transaction: all rows or none):
  lead import FILE [--dry-run] [--preset P] [--map HEADER=FIELD]...
                   [--encoding NAME] [--duplicates add|skip|update]
                   [--match-on FIELD[,FIELD]] [--skip-bad-rows] [--vcard]
                   [--format csv|vcard|xlsx|xls] [--sheet NAME]
      Imports leads from a CSV file (Outlook, Google, Thunderbird, Yahoo!,
      Excel; "," ";" or tab), a vCard file (.vcf, or --vcard) or an Excel
      workbook (.xlsx or .xls: the first sheet, or --sheet NAME; cells as
      the sheet shows them, dates as 2026-11-27). The extension stands for
      --format; FILE "-" is standard input. A CSV
      file's encoding is detected (UTF-8, UTF-16, or a guess the report
      rates) unless --encoding names it: any name iconv knows (windows-1250,
      shift_jis, cp932, gb18030, big5, koi8-r, ...). Prints how many rows
      were read, added, updated and skipped, each bad row as "line L,
      column C: reason", and warnings (an encoding guessed with low
      confidence; columns with values nothing imports, with their count).
      A bad row stores nothing unless --skip-bad-rows; --dry-run stores
      nothing. --preset is auto, outlook, windows, google, thunderbird, yahoo or
      generic (columns named like the fields: full_name, emails.work,
      phones.mobile, addresses.home.city,
      custom.Region). --map "E-mail=emails.work" reads a column into a field
      ("HEADER=" ignores it). A row whose e-mail (or --match-on fields, all
      equal) matches a stored lead is skipped by default.
      Example: lead import contacts.csv --duplicates update --skip-bad-rows
  lead export --format csv|jsonl|vcard|xlsx [--output FILE]
              [--where FIELD=VALUE]... [--sort [-]FIELD]... [--limit N] [--offset N]
      Writes the leads (all, or those --where finds) as CSV with Outlook's
      columns, JSON lines, vCard 4.0 or an Excel workbook (the CSV's
      columns), to FILE (replaced; its extension .csv, .jsonl, .vcf or
      .xlsx may stand for --format) or to standard output (not xlsx; CSV
      there has no byte order mark).
      Example: lead export --format vcard --output hot.vcf --where rating=hot
  lead from-email FILE.eml
      Finds the lead (or business contact) whose e-mail address sent the
      message, or creates one from its From header, and records the message
      in its history. Prints the record.
)";

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

void print_lead(const Context& ctx, leadbook::LeadBook& book, const leadbook::Lead& lead) {
    if (ctx.json) {
        print_json_line(ctx, leadbook::to_json(lead));
    } else {
        UserNames users(book);
        print_lead_card(*ctx.out, lead, users);
    }
}

} // namespace

void expect_lead(leadbook::LeadBook& book, leadbook::Id id) {
    if (!book.leads().exists(id) && book.contacts().exists(id))
        leadbook::fail(leadbook::ErrorCode::not_found,
                       cat("lead ", std::to_string(id),
                           " is a business contact now (leadbook contact show ", std::to_string(id),
                           ")"));
}

int lead_add(const Context& ctx, const Args& args) {
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

int lead_show(const Context& ctx, const Args& args) {
    auto options = parse_options("lead show", args, {});
    expect_positionals("lead show", options, 1, 1, "a lead ID");
    auto id = parse_id(options.positionals[0], "the lead ID");
    auto book = open_book(ctx, false);
    expect_lead(book, id);
    print_lead(ctx, book, book.leads().get(id));
    return 0;
}

int lead_list(const Context& ctx, const Args& args) {
    auto specs = list_option_specs();
    specs.push_back({"all", false});
    auto options = parse_options("lead list", args, specs);
    expect_positionals("lead list", options, 0, 0, "");
    auto book = open_book(ctx, false);
    auto query = parse_list_query(book, options);
    // Open leads unless asked for others.
    const bool asked = options.has("all") ||
                       std::any_of(query.where.begin(), query.where.end(),
                                   [](const leadbook::Filter& f) { return f.field == "status"; });
    if (!asked) query.where.push_back({"status", leadbook::FilterOp::eq, "open"});
    auto leads = book.leads().find(query);
    if (ctx.json) {
        print_lead_json_lines(ctx, leads);
    } else {
        UserNames users(book);
        print_lead_table(*ctx.out, leads, users);
    }
    return 0;
}

namespace {

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

/// lead edit and contact edit: the --set FIELD=VALUE changes
/// ("custom.Region=EMEA" changes that user-defined field only) of record ID,
/// at --version V or, without it, as it is now. Returns the book and the
/// stored record.
template <class T>
std::pair<leadbook::LeadBook, T>
edit_record(const Context& ctx, const Args& args, std::string_view command,
            leadbook::Collection<T>& (*collection)(leadbook::LeadBook&), std::string_view noun) {
    auto options = parse_options(command, args, {{"version"}, {"set", true, true}});
    expect_positionals(command, options, 1, 1, cat("a ", noun, " ID"));
    auto id = parse_id(options.positionals[0], cat("the ", noun, " ID"));
    std::optional<std::int64_t> version;
    if (auto text = options.get("version")) version = parse_id(*text, "--version");
    if (options.all("set").empty())
        throw UsageError(cat("'", command, "' needs at least one --set FIELD=VALUE"));
    auto book = open_book(ctx, false);
    boost::json::object changes;
    for (const auto& text : options.all("set")) {
        auto [field, value] = split_assignment(text, "--set");
        set_path(changes, field, field_value(book, field, value));
    }
    T updated = version ? collection(book).update(id, *version, changes)
                        : collection(book).update_latest(id, changes);
    return {std::move(book), std::move(updated)};
}

} // namespace

int lead_edit(const Context& ctx, const Args& args) {
    auto [book, updated] = edit_record(ctx, args, "lead edit", &leads_of, "lead");
    print_lead(ctx, book, updated);
    return 0;
}

int contact_edit(const Context& ctx, const Args& args) {
    auto [book, updated] = edit_record(ctx, args, "contact edit", &contacts_of, "contact");
    if (ctx.json) {
        print_json_line(ctx, leadbook::to_json(updated));
    } else {
        UserNames users(book);
        print_contact_card(*ctx.out, updated, users);
    }
    return 0;
}

int lead_delete(const Context& ctx, const Args& args) {
    auto options = parse_options("lead delete", args, {});
    expect_positionals("lead delete", options, 1, 1, "a lead ID");
    auto id = parse_id(options.positionals[0], "the lead ID");
    auto book = open_book(ctx, false);
    book.leads().remove(id);
    if (ctx.json)
        print_json_line(ctx, boost::json::object{{"id", id}, {"deleted", true}});
    else
        *ctx.out << "Deleted lead " << id << ".\n";
    return 0;
}

int lead_stamp(const Context& ctx, const Args& args) {
    auto options = parse_options("lead stamp", args, {});
    expect_positionals("lead stamp", options, 1, static_cast<std::size_t>(-1), "a lead ID");
    auto id = parse_id(options.positionals[0], "the lead ID");
    // "lead stamp 7 called back" works without quotes.
    std::string text = join_positionals(options, 1);
    auto book = open_book(ctx, false);
    auto version = book.leads().get(id).version;
    print_lead(ctx, book, book.add_time_stamp(id, version, text));
    return 0;
}

// ---- status -------------------------------------------------------------------

const std::string_view reason_help = R"(Usage: leadbook [global options] reason SUBCOMMAND ...

The reasons a lead can be disqualified for ("leadbook lead disqualify ID
REASON"). A new database has: no budget, lost to a competitor, no response,
duplicate, not a fit. Deleting a reason leaves the leads disqualified for it
as they are.

  reason list
      Lists the reasons.
  reason add NAME
      Adds a reason (names are unique, ignoring case).
  reason delete ID
      Deletes a reason.
)";

int lead_disqualify(const Context& ctx, const Args& args) {
    auto options = parse_options("lead disqualify", args, {});
    expect_positionals("lead disqualify", options, 2, 2, "a lead ID and a REASON");
    auto id = parse_id(options.positionals[0], "the lead ID");
    auto book = open_book(ctx, false);
    expect_lead(book, id);
    auto lead = book.leads().get(id);
    lead = book.disqualify_lead(id, lead.version, options.positionals[1]);
    if (!ctx.json)
        *ctx.out << "Disqualified lead " << id << " (" << lead.full_name
                 << "): " << lead.status_reason << ".\n";
    else
        print_lead(ctx, book, lead);
    return 0;
}

int lead_reopen(const Context& ctx, const Args& args) {
    auto options = parse_options("lead reopen", args, {});
    expect_positionals("lead reopen", options, 1, 1, "a lead ID");
    auto id = parse_id(options.positionals[0], "the lead ID");
    auto book = open_book(ctx, false);
    expect_lead(book, id);
    auto lead = book.leads().get(id);
    lead = book.reopen_lead(id, lead.version);
    if (!ctx.json)
        *ctx.out << "Reopened lead " << id << " (" << lead.full_name << ").\n";
    else
        print_lead(ctx, book, lead);
    return 0;
}

int reason_list(const Context& ctx, const Args& args) {
    auto options = parse_options("reason list", args, {});
    expect_positionals("reason list", options, 0, 0, "");
    auto book = open_book(ctx, false);
    std::int64_t count = 0;
    TablePrinter table(*ctx.out, {{"ID", 6, true}, {"Reason", 40}});
    for (const auto& reason : book.disqualify_reasons().find({.order_by = {"id"}})) {
        ++count;
        if (ctx.json)
            print_json_line(ctx, leadbook::to_json(reason));
        else
            table.add_row({std::to_string(reason.id), reason.name});
    }
    if (ctx.json) return 0;
    table.finish();
    *ctx.out << count << (count == 1 ? " reason\n" : " reasons\n");
    return 0;
}

int reason_add(const Context& ctx, const Args& args) {
    auto options = parse_options("reason add", args, {});
    expect_positionals("reason add", options, 1, 1, "a reason NAME");
    auto book = open_book(ctx, true);
    const auto stored =
        book.disqualify_reasons().add(leadbook::DisqualifyReason{.name = options.positionals[0]});
    if (ctx.json)
        print_json_line(ctx, leadbook::to_json(stored));
    else
        *ctx.out << "Reason " << stored.id << ": " << stored.name << "\n";
    return 0;
}

int reason_delete(const Context& ctx, const Args& args) {
    return delete_by_id(ctx, args, "reason delete", "reason",
                        [](leadbook::LeadBook& book, leadbook::Id id) {
                            auto& reasons = book.disqualify_reasons();
                            std::string name = reasons.get(id).name;
                            reasons.remove(id);
                            return name;
                        });
}

} // namespace leadbook_cli
