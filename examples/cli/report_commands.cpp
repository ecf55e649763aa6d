// report_commands.cpp: leadbook report run | save | list | delete, and the
// grouped report table the demo prints too.
#include "cli.hpp"

#include <leadbook/reports.hpp>

#include <cctype>
#include <fstream>
#include <iostream>
#include <iterator>
#include <ostream>

namespace leadbook_cli {

const std::string_view report_help = R"(Usage: leadbook [global options] report SUBCOMMAND ...

Reports group and count records in the database and list them in group
order. Built-in reports: leads_by_assigned_to, leads_by_assigned_to_and_rating
and leads_by_score; others are saved by name from a definition file, JSON
such as:

  {"record_type": "leads", "title": "Hot leads",
   "columns": ["full_name", "company", "emails.address", "score.stars"],
   "filters": [{"field": "rating", "op": "eq", "value": "hot"}],
   "sort": [{"field": "full_name", "descending": false}],
   "group_by": ["assigned_to"], "limit": 100}

(record types: leads, business_contacts, accounts, opportunities; filter
ops: eq ne lt le gt ge contains starts_with in is_empty has; at most three
group_by levels.) A definition may also total fields per group and overall,
group dates and times by period, filter them relative to today and pick a
chart:

  {"record_type": "opportunities",
   "group_by": [{"field": "expected_close", "period": "quarter"}, "stage"],
   "totals": [{"field": "total"},
              {"field": "total", "weighted_by": "probability"}],
   "date_filters": [{"field": "created_at", "relative": "last",
                     "count": 12, "period": "month"}],
   "time_zone": "Europe/Berlin", "chart": "column"}

(totals: sum average minimum maximum distinct_count, a user-defined field
as "custom.NAME"; periods: day week month quarter year; relative:
this_period last next; charts: automatic none bars stacked_bars pie donut
column line; a group level may have "order": "count" or "total" with
"total": NAME.)

  report run NAME|--def FILE [--format table|csv|json|html] [--output FILE]
      Runs a built-in or saved report, or the definition in FILE. Prints it
      as a table (each group's value and count on its first row, then the
      totals of each group and of all records), or as
      CSV, JSON or an HTML page with a bar chart; --output writes the file
      instead (its extension .csv, .json or .html picks the format when
      --format is not given).
  report save NAME --def FILE [--category C] [--replace]
      Checks the definition in FILE and saves it as NAME in category C
      (default "Leads"). An existing name needs --replace.
  report list [--category C]
      Lists the built-in and saved reports, by category and name.
  report delete NAME
      Deletes a saved report.
)";

namespace {

/// The text of the definition file `path` ("-" reads standard input).
std::string read_definition_file(const std::string& path, std::istream& standard_input) {
    if (path == "-")
        return {std::istreambuf_iterator<char>(standard_input), std::istreambuf_iterator<char>()};
    std::ifstream file(path, std::ios::binary);
    if (!file)
        leadbook::fail(leadbook::ErrorCode::not_found, cat("cannot read the file '", path, "'"));
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

/// "leads", "business contacts", ...: what the report counts.
std::string record_noun(const leadbook::Report& report, std::int64_t count) {
    std::string noun = enum_words(report.definition().record_type);
    if (count == 1) {
        if (noun == "opportunities")
            noun = "opportunity";
        else
            noun.pop_back();
    }
    return noun;
}

/// The format a --output file name's extension stands for, or "".
std::string format_of_file(const std::string& path) {
    for (std::string_view format : {"csv", "json", "html"}) {
        const std::string extension = cat(".", format);
        if (path.size() > extension.size() &&
            path.compare(path.size() - extension.size(), extension.size(), extension) == 0)
            return std::string(format);
    }
    return {};
}

} // namespace

void print_report_table(std::ostream& out, leadbook::Report& report) {
    out << report.title() << '\n';
    if (!report.description().empty()) out << report.description() << '\n';
    out << '\n';
    std::vector<TableColumn> columns;
    for (const auto& field : report.group_fields()) columns.push_back({field.heading, 24});
    for (const auto& column : report.columns()) columns.push_back({column.heading, 30});
    TablePrinter table(out, std::move(columns));
    report.rewind();
    leadbook::ReportRow row;
    while (report.next_row(row)) {
        // A group's label and count on its first row; empty on the others.
        std::vector<std::string> cells(row.group_keys.size());
        for (const auto& group : report.groups_starting(row))
            cells[group.level] = group.count
                                     ? cat(group.label, " (", std::to_string(*group.count), ")")
                                     : group.label;
        cells.insert(cells.end(), row.texts.begin(), row.texts.end());
        table.add_row(std::move(cells));
    }
    const auto shown = static_cast<std::int64_t>(table.finish());
    const std::int64_t total = report.total();
    if (total == 0) {
        std::string noun = record_noun(report, 0);
        noun[0] = char(std::toupper(static_cast<unsigned char>(noun[0])));
        out << "No " << noun << ".\n";
        return;
    }
    if (shown != total) out << shown << " of ";
    out << total << ' ' << record_noun(report, total);
    if (const auto groups = report.groups().size(); groups > 0)
        out << " in " << groups << (groups == 1 ? " group" : " groups");
    out << '\n';
    if (report.total_fields().empty()) return;
    // The totals: a line per group (indented by level), then all records.
    out << "\nTotals\n";
    std::vector<TableColumn> headings;
    std::string group_heading;
    for (const auto& field : report.group_fields())
        group_heading += (group_heading.empty() ? "" : " / ") + field.heading;
    headings.push_back({group_heading.empty() ? "Records" : group_heading, 36});
    headings.push_back({"Count", 10});
    for (const auto& t : report.total_fields()) headings.push_back({t.heading, 24});
    TablePrinter totals(out, std::move(headings));
    auto line = [&](const std::string& label, std::int64_t count,
                    const boost::json::object& values) {
        std::vector<std::string> cells{label, std::to_string(count)};
        for (const auto& t : report.total_fields())
            cells.push_back(leadbook::report_total_text(
                values.contains(t.field) ? values.at(t.field) : boost::json::value()));
        totals.add_row(std::move(cells));
    };
    auto walk = [&](auto& self, const std::vector<leadbook::ReportGroup>& groups,
                    std::size_t level) -> void {
        for (const auto& g : groups) {
            line(std::string(2 * level, ' ') + g.label, g.count, g.totals);
            self(self, g.subgroups, level + 1);
        }
    };
    walk(walk, report.groups(), 0);
    line("All", total, report.totals());
    totals.finish();
}

int report_run(const Context& ctx, const Args& args) {
    auto options = parse_options("report run", args, {{"def"}, {"format"}, {"output"}});
    const auto definition_file = options.get("def");
    if (definition_file && !options.positionals.empty())
        throw UsageError("'report run' takes a report NAME or --def FILE, not both");
    if (!definition_file)
        expect_positionals("report run", options, 1, 1, "a report NAME or --def FILE");
    const auto output = options.get("output");
    std::string format = options.get("format").value_or(output ? format_of_file(*output)
                                                               : (ctx.json ? "json" : "table"));
    if (format.empty())
        throw UsageError("'report run --output FILE' needs --format csv, json or html (or a file "
                         "name ending in .csv, .json or .html)");
    if (format != "table" && format != "csv" && format != "json" && format != "html")
        throw UsageError(cat("--format must be one of table, csv, json, html; not '", format, "'"));
    if (format == "table" && output)
        throw UsageError(
            "--format table prints to the terminal; write a file as csv, json or html");

    auto book = open_book(ctx, false);
    leadbook::Reports reports(book);
    auto report = definition_file ? reports.run(leadbook::parse_report_definition(
                                        read_definition_file(*definition_file, std::cin)))
                                  : reports.run(options.positionals[0]);
    if (format == "table") {
        print_report_table(*ctx.out, report);
    } else if (output) {
        report.write(format, *output);
        const auto total = report.total();
        *ctx.out << "Wrote " << report.title() << " (" << total << ' ' << record_noun(report, total)
                 << ") to " << *output << " as " << format << ".\n";
    } else {
        report.write(format, *ctx.out);
    }
    return 0;
}

int report_save(const Context& ctx, const Args& args) {
    auto options = parse_options("report save", args, {{"def"}, {"category"}, {"replace", false}});
    expect_positionals("report save", options, 1, 1, "a report NAME");
    const auto definition_file = options.get("def");
    if (!definition_file) throw UsageError("'report save' needs --def FILE");
    auto definition =
        leadbook::parse_report_definition(read_definition_file(*definition_file, std::cin));
    auto book = open_book(ctx, true);
    auto saved = leadbook::Reports(book).save(options.positionals[0], definition,
                                              options.get("category").value_or("Leads"),
                                              options.has("replace"));
    if (ctx.json) {
        print_json_line(ctx, leadbook::to_json(saved));
        return 0;
    }
    *ctx.out << "Saved report '" << saved.name << "' in " << saved.category << " (id " << saved.id
             << ").\n";
    return 0;
}

int report_list(const Context& ctx, const Args& args) {
    auto options = parse_options("report list", args, {{"category"}});
    expect_positionals("report list", options, 0, 0, "");
    auto book = open_book(ctx, false);
    auto infos = leadbook::Reports(book).list(options.get("category"));
    if (ctx.json) {
        for (const auto& info : infos) print_json_line(ctx, leadbook::to_json(info));
        return 0;
    }
    TablePrinter table(*ctx.out, {{"Name", 36}, {"Category", 16}, {"Title", 40}, {"Kind", 8}});
    for (const auto& info : infos)
        table.add_row({info.name, info.category, info.title, info.builtin ? "built-in" : "saved"});
    const std::size_t rows = table.finish();
    if (rows == 0)
        *ctx.out << "No reports.\n";
    else
        *ctx.out << rows << (rows == 1 ? " report\n" : " reports\n");
    return 0;
}

int report_delete(const Context& ctx, const Args& args) {
    auto options = parse_options("report delete", args, {});
    expect_positionals("report delete", options, 1, 1, "a report NAME");
    auto book = open_book(ctx, false);
    leadbook::Reports(book).remove(options.positionals[0]);
    *ctx.out << "Deleted report '" << options.positionals[0] << "'.\n";
    return 0;
}

} // namespace leadbook_cli
