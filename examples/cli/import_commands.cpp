// import_commands.cpp: leadbook lead import | export | from-email: leads in
// and out of CSV, JSON lines and vCard files, and a lead from an e-mail.
//
// An import is one transaction (leadbook/import.hpp): a bad row stops it
// and nothing is stored, unless --skip-bad-rows; --dry-run checks every row
// and stores nothing. The progress bar goes to stderr, and only when stderr
// is a terminal, so that scripts and tests see the report alone.
#include "cli.hpp"

#include <leadbook/import.hpp>

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <iostream>
#include <ostream>

namespace leadbook_cli {

namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

/// The file's extension in lower case, with the dot (".vcf"), or "".
std::string extension_of(const std::string& path) {
    return lower(std::filesystem::path(path).extension().string());
}

std::string count_of(std::int64_t n, std::string_view one, std::string_view many) {
    return cat(std::to_string(n), " ", n == 1 ? one : many);
}

/// "line L, column C: reason" ("line L: reason" when it is not about a cell).
std::string issue_text(const leadbook::ImportIssue& issue) {
    std::string where;
    if (issue.line > 0) where = cat("line ", std::to_string(issue.line));
    if (issue.column > 0)
        where += cat(where.empty() ? "" : ", ", "column ", std::to_string(issue.column));
    return where.empty() ? issue.reason : cat(where, ": ", issue.reason);
}

/// Draws "[#####.....]  52%  12000 rows" on stderr, over itself.
class ProgressBar {
public:
    explicit ProgressBar(std::uintmax_t total_bytes) : total_(total_bytes) {}
    ~ProgressBar() {
        if (drawn_) std::cerr << '\r' << std::string(60, ' ') << '\r' << std::flush;
    }
    void draw(const leadbook::ImportProgress& progress) {
        constexpr int width = 30;
        const auto done = std::clamp<double>(
            total_ ? double(progress.bytes_read) / double(total_) : 0.0, 0.0, 1.0);
        const int filled = int(done * width);
        std::cerr << "\r[" << std::string(std::size_t(filled), '#')
                  << std::string(std::size_t(width - filled), '.') << "] " << int(done * 100)
                  << "%  " << progress.read << " rows" << std::flush;
        drawn_ = true;
    }

private:
    std::uintmax_t total_;
    bool drawn_ = false;
};

void print_report(std::ostream& out, const std::string& path,
                  const leadbook::ImportReport& report) {
    std::string what = report.format == "vcard" ? "vCard"
                       : report.format == "csv"
                           ? cat("CSV, ", report.preset, " columns")
                           : cat(report.format == "xls" ? ".xls" : ".xlsx", " sheet '",
                                 report.sheet, "', ", report.preset, " columns");
    if (!report.encoding.empty()) what += cat(", ", report.encoding);
    if (!report.encoding_confidence.empty() && report.encoding_confidence != "certain")
        what += cat(" (detected, ", report.encoding_confidence, " confidence)");
    out << (report.dry_run ? "Dry run of " : "Import of ") << path << " (" << what << ")\n";
    Card card(out);
    card.field("read", std::to_string(report.read));
    card.field("added", std::to_string(report.added));
    card.field("updated", std::to_string(report.updated));
    card.field("skipped", std::to_string(report.skipped));
    const auto errors = report.issue_counts.find("errors");
    const std::int64_t error_count = errors == report.issue_counts.end() ? 0 : errors->second;
    card.field("errors", std::to_string(error_count));
    for (const auto& issue : report.errors) out << "  " << issue_text(issue) << '\n';
    if (error_count > std::int64_t(report.errors.size()))
        out << "  ... and " << error_count - std::int64_t(report.errors.size())
            << " more errors (only the first " << report.errors.size() << " are listed)\n";
    for (const auto& warning : report.warnings) out << "Warning: " << warning.message << '\n';
    if (report.dry_run)
        out << "Nothing was stored (a dry run).\n";
    else if (report.committed)
        out << "Stored " << count_of(report.added, "new lead", "new leads") << " and updated "
            << count_of(report.updated, "lead", "leads") << ".\n";
}

} // namespace

int lead_import(const Context& ctx, const Args& args) {
    auto options = parse_options("lead import", args,
                                 {{"dry-run", false},
                                  {"preset"},
                                  {"encoding"},
                                  {"map", true, true},
                                  {"duplicates"},
                                  {"match-on"},
                                  {"skip-bad-rows", false},
                                  {"vcard", false},
                                  {"format"},
                                  {"sheet"}});
    expect_positionals("lead import", options, 1, 1, "a FILE to import");
    const std::string& path = options.positionals[0];
    // The format: --format (or --vcard), else the file's extension, else CSV.
    std::string format = options.has("vcard") ? "vcard" : "";
    if (auto given = options.get("format")) {
        format = lower(*given);
        if (format != "csv" && format != "vcard" && format != "xlsx" && format != "xls")
            throw UsageError(
                cat("--format must be one of csv, vcard, xlsx, xls; not '", *given, "'"));
    } else if (format.empty()) {
        const auto extension = extension_of(path);
        if (extension == ".vcf" || extension == ".vcard") format = "vcard";
        if (extension == ".xlsx" || extension == ".xlsm") format = "xlsx";
        if (extension == ".xls") format = "xls";
    }
    const bool vcard = format == "vcard";
    const bool workbook = format == "xlsx" || format == "xls";

    leadbook::ImportOptions import;
    import.dry_run = options.has("dry-run");
    import.skip_bad_rows = options.has("skip-bad-rows");
    if (auto preset = options.get("preset")) import.preset = *preset;
    if (auto encoding = options.get("encoding")) import.encoding = *encoding;
    for (const auto& text : options.all("map")) {
        // The last '=': a header may contain one, a field name never does.
        auto eq = text.rfind('=');
        if (eq == std::string::npos || eq == 0)
            throw UsageError(cat("option '--map' needs HEADER=FIELD, not '", text, "'"));
        import.mapping[text.substr(0, eq)] = text.substr(eq + 1);
    }
    if (auto duplicates = options.get("duplicates"))
        import.duplicates = parse_choice<leadbook::DuplicateAction>(*duplicates, "--duplicates");
    if (auto match_on = options.get("match-on")) {
        import.match_on.clear();
        std::size_t start = 0;
        while (start <= match_on->size()) {
            auto comma = std::min(match_on->find(',', start), match_on->size());
            std::string field = match_on->substr(start, comma - start);
            if (field.empty()) throw UsageError("--match-on needs FIELD[,FIELD...]");
            import.match_on.push_back(std::move(field));
            start = comma + 1;
        }
    }
    if (vcard && (options.has("preset") || options.has("map") || options.has("encoding")))
        throw UsageError("--preset, --map and --encoding are for CSV files, not vCard");
    if (workbook && options.has("encoding"))
        throw UsageError("--encoding is for CSV files, not workbooks");
    if (auto sheet = options.get("sheet")) {
        if (!workbook) throw UsageError("--sheet is for workbooks (.xlsx, .xls)");
        import.sheet = *sheet;
    }

    auto book = open_book(ctx, true);
    std::optional<ProgressBar> bar;
    leadbook::ImportProgressFn progress;
    if (isatty(STDERR_FILENO)) {
        std::error_code error;
        auto size = std::filesystem::file_size(path, error);
        bar.emplace(error ? 0 : size);
        progress = [&bar](const leadbook::ImportProgress& counts) { bar->draw(counts); };
    }
    leadbook::ImportReport report;
    if (path == "-") { // standard input
        report = vcard      ? leadbook::import_vcard(book, std::cin, import, progress)
                 : workbook ? leadbook::import_workbook(book, std::cin, import, progress)
                            : leadbook::import_csv(book, std::cin, import, progress);
    } else {
        report = vcard      ? leadbook::import_vcard_file(book, path, import, progress)
                 : workbook ? leadbook::import_workbook_file(book, path, import, progress)
                            : leadbook::import_csv_file(book, path, import, progress);
    }
    bar.reset();

    if (ctx.json)
        print_json_line(ctx, leadbook::to_json(report));
    else
        print_report(*ctx.out, path, report);
    if (!report.committed && !report.dry_run)
        leadbook::fail(leadbook::ErrorCode::validation,
                       cat("nothing was imported: ",
                           report.errors.empty() ? std::string("a bad row")
                                                 : issue_text(report.errors.front()),
                           " (--skip-bad-rows imports the other rows)"));
    return 0;
}

int lead_export(const Context& ctx, const Args& args) {
    auto specs = list_option_specs();
    specs.push_back({"format"});
    specs.push_back({"output"});
    auto options = parse_options("lead export", args, specs);
    expect_positionals("lead export", options, 0, 0, "");
    auto output = options.get("output");
    std::string format;
    if (auto given = options.get("format")) {
        format = lower(*given);
    } else if (output) {
        auto extension = extension_of(*output);
        if (extension == ".csv" || extension == ".jsonl") format = extension.substr(1);
        if (extension == ".vcf") format = "vcard";
        if (extension == ".xlsx") format = "xlsx";
    }
    if (format != "csv" && format != "jsonl" && format != "vcard" && format != "xlsx")
        throw UsageError(format.empty()
                             ? "'lead export' needs --format csv, jsonl, vcard or xlsx"
                             : cat("--format must be one of csv, jsonl, vcard, xlsx; not '",
                                   options.get("format").value_or(""), "'"));
    if (format == "xlsx" && !output)
        throw UsageError("--format xlsx needs --output FILE (a workbook is not text)");

    auto book = open_book(ctx, false);
    auto query = parse_list_query(book, options);
    std::int64_t count = 0;
    if (output) {
        if (format == "csv") count = leadbook::export_csv_file(book, *output, query);
        if (format == "jsonl") count = leadbook::export_jsonl_file(book, *output, query);
        if (format == "vcard") count = leadbook::export_vcard_file(book, *output, query);
        if (format == "xlsx") count = leadbook::export_xlsx_file(book, *output, query);
        if (ctx.json)
            print_json_line(ctx, boost::json::object{{"exported", count}, {"output", *output}});
        else
            *ctx.out << "Exported " << count_of(count, "lead", "leads") << " to " << *output << " ("
                     << format << ").\n";
    } else {
        // The file itself goes to stdout, so that it can be piped.
        // No byte order mark: the output goes to a program, not to Excel.
        if (format == "csv")
            leadbook::export_csv(book, *ctx.out, query, {.byte_order_mark = false});
        if (format == "jsonl") leadbook::export_jsonl(book, *ctx.out, query);
        if (format == "vcard") leadbook::export_vcard(book, *ctx.out, query);
    }
    return 0;
}

int lead_from_email(const Context& ctx, const Args& args) {
    auto options = parse_options("lead from-email", args, {});
    expect_positionals("lead from-email", options, 1, 1, "a message FILE (.eml)");
    auto book = open_book(ctx, true);
    auto captured = leadbook::lead_from_email_file(book, options.positionals[0]);
    if (ctx.json) {
        print_json_line(ctx, leadbook::to_json(captured));
        return 0;
    }
    const bool contact = captured.record_kind == "business_contact";
    *ctx.out << (captured.created ? "Created" : "Found") << ' '
             << (contact ? "business contact " : "lead ") << captured.lead.id << " ("
             << captured.lead.full_name << ") from " << captured.message.from_address
             << "; the message is history item " << captured.history_id << ".\n";
    UserNames users(book);
    if (contact)
        print_contact_card(*ctx.out, book.contacts().get(captured.lead.id), users);
    else
        print_lead_card(*ctx.out, book.leads().get(captured.lead.id), users);
    return 0;
}

} // namespace leadbook_cli
