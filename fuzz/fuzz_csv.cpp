// The CSV reader on any bytes: no crash, no hang, records of UTF-8 cells
// within the limits, errors with a line.
#include "fuzz_check.hpp"
#include "import/csv_reader.hpp"

#include <cstdint>

using namespace leadbook::formats;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    CsvOptions options;
    // Small chunks cut multi-byte sequences and CRLF pairs at chunk ends;
    // the first byte picks a size (and sometimes the encoding) per input.
    const unsigned pick = size ? data[0] : 0;
    options.chunk_bytes = 16 + pick % 64;
    if (pick % 7 == 0) options.encoding = TextEncoding::windows1252;
    if (pick % 11 == 0) options.encoding = TextEncoding::utf16le;
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
        }
    }
    FUZZ_CHECK(reader.delimiter() == ',' || reader.delimiter() == ';' ||
               reader.delimiter() == '\t');
    return 0;
}
