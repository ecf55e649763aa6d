// import_workbook: a sheet of an Excel workbook, read by WorkbookReader,
// through the same table import as CSV.
#include "../formats/workbook_reader.hpp"
#include "importer.hpp"

#include <leadbook/limits.hpp>

#include <fstream>
#include <iterator>

namespace leadbook {

ImportReport import_workbook(LeadBook& book, std::istream& in, const ImportOptions& options,
                             const ImportProgressFn& progress) {
    using namespace formats;
    const DuplicateIndex match_on(options.match_on); // bad options fail before reading
    std::string bytes;
    std::vector<char> buffer(1 << 16);
    while (in.read(buffer.data(), std::streamsize(buffer.size())) || in.gcount() > 0) {
        bytes.append(buffer.data(), std::size_t(in.gcount()));
        if (bytes.size() > limits::workbook_entry_bytes)
            throw ImportError(
                ImportIssue{0, 0, "",
                            "the workbook is longer than the limit (workbook_entry_bytes) of " +
                                std::to_string(limits::workbook_entry_bytes) + " bytes"});
    }
    if (bytes.empty()) throw ImportError(ImportIssue{0, 0, "", "the file is empty"});
    auto sheet = open_workbook(std::move(bytes), options.sheet);
    CsvRecord header;
    if (!sheet->next(header))
        throw ImportError(ImportIssue{0, 0, "", "the sheet '" + sheet->sheet() + "' is empty"});

    ImportReport report;
    report.format = sheet->format();
    report.sheet = sheet->sheet();
    TableSource table;
    table.next = [&](CsvRecord& record) { return sheet->next(record); };
    table.bytes_read = [&] { return sheet->bytes_read(); };
    table.ragged_rows = true;
    return import_table(book, header, table, std::move(report), options, progress);
}

ImportReport import_workbook_file(LeadBook& book, const std::string& path,
                                  const ImportOptions& options, const ImportProgressFn& progress) {
    std::ifstream in(path, std::ios::binary);
    if (!in) fail(ErrorCode::not_found, "cannot open '" + path + "' for reading");
    return import_workbook(book, in, options, progress);
}

} // namespace leadbook
