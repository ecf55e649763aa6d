// import_csv: a CSV file, read by CsvReader, mapped by a ColumnPlan, into
// leads through LeadImporter.
#include "column_presets.hpp"
#include "../formats/csv_reader.hpp"
#include "importer.hpp"
#include "row_pipeline.hpp"

#include <cstring>
#include <fstream>

namespace leadbook {

namespace {

using namespace formats;

char delimiter_from_option(const std::string& text) {
    if (text.empty() || iequals_ascii(text, "auto")) return 0;
    if (text == "," || text == ";" || text == "\t") return text[0];
    if (iequals_ascii(text, "tab") || text == "\\t") return '\t';
    fail(ErrorCode::validation,
         "delimiter '" + text + "' is not one of auto, \",\", \";\" or a tab (\"\\t\")");
}

/// Our CSV export writes "'=..." so that spreadsheets do not run formulas;
/// reading it back removes that apostrophe again.
std::string_view without_formula_guard(std::string_view cell) {
    if (cell.size() >= 2 && cell[0] == '\'' && std::strchr("=+-@\t\r", cell[1]) && cell[1] != 0)
        cell.remove_prefix(1);
    return cell;
}

bool is_blank_row(const CsvRecord& record) {
    for (const auto& cell : record.cells)
        if (!trim(cell).empty()) return false;
    return true;
}

} // namespace

ImportReport import_csv(LeadBook& book, std::istream& in, const ImportOptions& options,
                        const ImportProgressFn& progress) {
    CsvOptions csv;
    csv.encoding = encoding_from_option(options.encoding);
    csv.delimiter = delimiter_from_option(options.delimiter);
    const DuplicateIndex match_on(options.match_on); // bad field names fail before reading

    StreamByteSource source(in);
    CsvReader reader(source, csv);
    CsvRecord header;
    if (!reader.next(header)) throw ImportError(ImportIssue{1, 0, "", "the file is empty"});

    ImportReport report;
    report.format = "csv";
    report.delimiter = std::string(1, reader.delimiter());
    TableSource table;
    table.next = [&](CsvRecord& record) { return reader.next(record); };
    table.bytes_read = [&] { return reader.bytes_read(); };
    table.formula_guard = true;
    report = import_table(book, header, table, std::move(report), options, progress);
    report_encoding(report, reader.decoder());
    return report;
}

} // namespace leadbook

namespace leadbook::formats {

ImportReport import_table(LeadBook& book, const CsvRecord& header, TableSource& source,
                          ImportReport report, const ImportOptions& options,
                          const ImportProgressFn& progress) {
    const DuplicateIndex match_on(options.match_on); // bad field names fail before reading
    const ColumnPlan plan = plan_columns(header.cells, header.line, options);
    auto column_name = [&](std::int32_t column) {
        return column >= 1 && std::size_t(column) <= header.cells.size()
                   ? header.cells[std::size_t(column) - 1]
                   : std::string();
    };

    report.preset = plan.preset;
    for (std::size_t i = 0; i < header.cells.size(); ++i)
        report.mapping.emplace(header.cells[i], plan.targets[i].text());

    // The reading thread: rows into leads (or issues), nothing stored.
    std::vector<FieldDefinition> definitions; // set before the thread starts
    // Rows with a value in each column nothing reads (the reading thread
    // counts; the report reads them after the import).
    std::vector<std::int64_t> unread_values(header.cells.size(), 0);
    auto read_rows = [&](const std::function<bool(ParsedRow&&, std::int64_t)>& emit) {
        CsvRecord record;
        LeadBuilder builder;
        builder.set_split_lists(plan.preset == "google");
        builder.set_field_definitions(definitions);
        std::vector<FieldProblem> problems;
        while (true) {
            ParsedRow row;
            try {
                if (!source.next(record)) break;
            } catch (const WorkbookError&) {
                throw; // the whole sheet: nothing is stored
            } catch (const ImportError& e) {
                ImportIssue issue = e.issue();
                issue.column_name = column_name(issue.column);
                row.line = issue.line;
                row.issues.push_back(std::move(issue));
                if (!emit(std::move(row), source.bytes_read())) return;
                continue;
            }
            if (is_blank_row(record)) continue;
            row.line = record.line;
            if (source.ragged_rows && record.cells.size() != header.cells.size()) {
                // A sheet leaves out empty cells at the end of a row.
                std::size_t last = record.cells.size();
                while (last > header.cells.size() && trim(record.cells[last - 1]).empty()) --last;
                if (last <= header.cells.size()) record.cells.resize(header.cells.size());
            }
            if (record.cells.size() != header.cells.size()) {
                const auto column =
                    std::int32_t(std::min(record.cells.size(), header.cells.size()) + 1);
                row.issues.push_back(ImportIssue{
                    record.line, column, column_name(column),
                    source.ragged_rows
                        ? "the row has a value in column " + std::to_string(record.cells.size()) +
                              ", past the header's last column (" +
                              std::to_string(header.cells.size()) + ")"
                        : "the row has " + std::to_string(record.cells.size()) +
                              " cells but the header has " + std::to_string(header.cells.size())});
            } else {
                for (std::size_t i = 0; i < record.cells.size(); ++i)
                    if (plan.unread[i] && !trim(record.cells[i]).empty()) ++unread_values[i];
                builder.clear();
                builder.set_name_source(plan.name_source);
                for (std::size_t i = 0; i < record.cells.size(); ++i)
                    builder.add(plan.targets[i],
                                source.formula_guard ? without_formula_guard(record.cells[i])
                                                     : std::string_view(record.cells[i]),
                                int(i));
                problems.clear();
                row.lead = builder.build(problems);
                if (row.lead)
                    row.duplicate_keys = LeadImporter::duplicate_keys(options, match_on, *row.lead);
                for (const auto& p : problems) {
                    const std::int32_t column = p.source >= 0 ? p.source + 1 : 0;
                    row.issues.push_back(
                        ImportIssue{record.line, column, column_name(column), p.reason});
                }
            }
            if (!emit(std::move(row), source.bytes_read())) return;
        }
    };

    report = run_import(book, options, progress, std::move(report), [&](LeadImporter& importer) {
        definitions = importer.field_definitions();
        RowPipeline rows(read_rows);
        ParsedChunk chunk;
        while (rows.next(chunk)) {
            importer.set_bytes_read(chunk.bytes_read);
            for (auto& row : chunk.rows) {
                if (row.lead)
                    importer.add_row(row.line, std::move(*row.lead), std::move(row.duplicate_keys));
                else
                    importer.bad_row(std::move(row.issues));
            }
        }
        if (importer.rows() == 0)
            throw ImportError(
                ImportIssue{header.line, 0, "", "the file has a header row but no data rows"});
    });
    for (std::size_t i = 0; i < header.cells.size(); ++i)
        if (unread_values[i] > 0)
            report.warnings.push_back(with_message(ImportIssue{
                header.line, std::int32_t(i + 1), header.cells[i],
                std::to_string(unread_values[i]) +
                    (unread_values[i] == 1 ? " row has a value" : " rows have a value") +
                    " in this column, which nothing imports (map it to a field, or import "
                    "unmapped columns into user-defined fields)"}));
    return report;
}

} // namespace leadbook::formats

namespace leadbook {

ImportReport import_csv_file(LeadBook& book, const std::string& path, const ImportOptions& options,
                             const ImportProgressFn& progress) {
    std::ifstream in(path, std::ios::binary);
    if (!in) fail(ErrorCode::not_found, "cannot open '" + path + "' for reading");
    return import_csv(book, in, options, progress);
}

} // namespace leadbook
