// The CSV reader on any bytes: no crash, no hang, records of UTF-8 cells
// within the limits, errors with a line. Each cell is also read as the
// number, date and yes/no of a user-defined field: a value or a problem.
#include "fuzz_check.hpp"
#include "formats/csv_reader.hpp"
#include "import/lead_fields.hpp"

#include <cmath>
#include <cstdint>

using namespace leadbook::formats;

namespace {

leadbook::FieldDefinition defined(leadbook::FieldType type) {
    leadbook::FieldDefinition d;
    d.name = "Field";
    d.type = type;
    return d;
}

void read_as_defined_fields(const std::string& cell) {
    static const leadbook::FieldDefinition number = defined(leadbook::FieldType::number),
                                           date = defined(leadbook::FieldType::date),
                                           yes_no = defined(leadbook::FieldType::yes_no);
    for (const auto* definition : {&number, &date, &yes_no}) {
        const CustomCell read = custom_cell(*definition, cell);
        FUZZ_CHECK(!read.value || read.problem.empty());
        if (read.value && definition == &number)
            FUZZ_CHECK(std::isfinite(std::get<double>(*read.value)));
        if (read.value && definition == &date)
            FUZZ_CHECK(std::holds_alternative<leadbook::Date>(*read.value));
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    CsvOptions options;
    // Small chunks cut multi-byte sequences and CRLF pairs at chunk ends;
    // the first byte picks a size (and sometimes the encoding) per input.
    const unsigned pick = size ? data[0] : 0;
    options.chunk_bytes = 16 + pick % 64;
    if (pick % 7 == 0) options.encoding = "windows-1252";
    if (pick % 11 == 0) options.encoding = "utf-16le";
    options.max_cell_bytes = 4096;
    options.max_cells = 200;
    MemoryByteSource source(bytes);
    CsvReader reader(source, options);
    CsvRecord record;
    std::int64_t last_line = 0;
    for (std::size_t calls = 0;; ++calls) {
        FUZZ_CHECK(calls <= size + 2); // every record consumes input
        try {
            if (!reader.next(record)) break;
        } catch (const leadbook::ImportError& e) {
            FUZZ_CHECK(e.issue().line >= 1);
            FUZZ_CHECK(e.issue().column >= 1);
            continue;
        }
        FUZZ_CHECK(record.line > last_line);
        last_line = record.line;
        FUZZ_CHECK(!record.cells.empty() && record.cells.size() <= options.max_cells);
        for (const auto& cell : record.cells) {
            FUZZ_CHECK(cell.size() <= options.max_cell_bytes);
            FUZZ_CHECK(utf8(cell));
            read_as_defined_fields(cell);
        }
    }
    FUZZ_CHECK(reader.delimiter() == ',' || reader.delimiter() == ';' ||
               reader.delimiter() == '\t');
    return 0;
}
