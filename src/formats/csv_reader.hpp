// csv_reader.hpp: a streaming CSV reader (RFC 4180 and what real programs write).
//
//   formats::StreamByteSource source(file);
//   formats::CsvReader reader(source);
//   formats::CsvRecord record;
//   while (reader.next(record)) use(record.line, record.cells);
//
// Quoted cells may hold delimiters, doubled quotes and line breaks (kept as
// "\n"); rows end with CRLF, LF or CR; blank lines are skipped. The
// delimiter (`,` `;` or tab) is detected from the first line, the encoding
// by TextDecoder. A quote after a closed quoted cell or inside an unquoted
// one is kept as text, as Excel does. Memory is bounded by the longest row.
#pragma once

#include "text_decoder.hpp"

#include <leadbook/formats.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace leadbook::formats {

struct CsvOptions {
    char delimiter = 0;   ///< 0: detect among ',' ';' '\t'
    std::string encoding; ///< as encoding_from_option() returns it; "" detects
    std::size_t max_cell_bytes = 1 << 20;
    std::size_t max_cells = 10000;
    std::size_t chunk_bytes = TextDecoder::default_chunk_bytes;
};

struct CsvRecord {
    std::vector<std::string> cells;
    std::int64_t line = 0; ///< the line the record starts on (1-based)
};

class CsvReader {
public:
    explicit CsvReader(ByteSource& source, const CsvOptions& options = {});

    /// Reads the next record; false at the end. A record that cannot be
    /// read (bytes invalid in the encoding, a cell or row over the limits)
    /// throws ImportError with its line and cell after the whole record was
    /// consumed, so reading can go on with the next one. A quoted cell left
    /// open at the end of the input throws with the line it opened on; the
    /// reader is then at the end.
    bool next(CsvRecord& record);

    char delimiter() const noexcept { return delimiter_; }
    const std::string& encoding() const noexcept { return decoder_.encoding(); }
    const TextDecoder& decoder() const noexcept { return decoder_; }
    std::int64_t bytes_read() const noexcept { return decoder_.bytes_read(); }

private:
    bool fill();
    void detect_delimiter();
    void add_to_cell(std::string& cell, std::string_view text);
    void problem(std::size_t column, std::string reason);
    /// Consumes a line break at pos_ (\n, \r\n or \r) and counts it.
    void take_line_break();

    TextDecoder decoder_;
    CsvOptions options_;
    char delimiter_;
    bool started_ = false;
    bool done_ = false;
    std::string text_;
    std::size_t pos_ = 0;
    std::int64_t line_ = 1;
    // The problem of the record being read, reported once it is complete.
    bool has_problem_ = false;
    ImportIssue problem_;
    bool cell_too_long_ = false;
};

} // namespace leadbook::formats
