#include "csv_reader.hpp"

namespace leadbook::formats {

CsvReader::CsvReader(ByteSource& source, const CsvOptions& options)
    : decoder_(source, options.encoding, options.chunk_bytes), options_(options),
      delimiter_(options.delimiter) {}

bool CsvReader::fill() {
    text_.clear();
    pos_ = 0;
    while (text_.empty())
        if (!decoder_.read(text_)) return false;
    return true;
}

void CsvReader::detect_delimiter() {
    // Count the candidates outside quotes on the first line; the most
    // frequent wins, ',' on a tie or when there is none. Read on until the
    // first line is complete (a header longer than a chunk), within limits.
    // Each read only scans what it added (scanning all again was
    // quadratic in the length of a long header).
    std::size_t scanned = 0;
    bool in_quotes = false;
    auto has_line_end = [&] {
        for (; scanned < text_.size(); ++scanned) {
            const char c = text_[scanned];
            if (c == '"') in_quotes = !in_quotes;
            if (!in_quotes && (c == '\n' || c == '\r')) return true;
        }
        return false;
    };
    while (text_.size() < options_.max_cell_bytes && !has_line_end())
        if (!decoder_.read(text_)) break;
    std::size_t comma = 0, semicolon = 0, tab = 0;
    bool quoted = false;
    for (char c : text_) {
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        if (c == '\n' || c == '\r') break;
        if (c == ',') ++comma;
        if (c == ';') ++semicolon;
        if (c == '\t') ++tab;
    }
    delimiter_ = ',';
    if (semicolon > comma && semicolon >= tab) delimiter_ = ';';
    if (tab > comma && tab > semicolon) delimiter_ = '\t';
}

void CsvReader::problem(std::size_t column, std::string reason) {
    if (has_problem_) return; // the first problem of a record is the one told
    has_problem_ = true;
    problem_ = ImportIssue{0, std::int32_t(column + 1), "", std::move(reason)};
}

void CsvReader::add_to_cell(std::string& cell, std::string_view text) {
    if (cell_too_long_) return;
    if (cell.size() + text.size() > options_.max_cell_bytes) {
        cell_too_long_ = true;
        return;
    }
    cell.append(text);
}

void CsvReader::take_line_break() {
    const char c = text_[pos_++];
    ++line_;
    if (c == '\r') {
        if (pos_ == text_.size() && !fill()) return;
        if (text_[pos_] == '\n') ++pos_;
    }
}

bool CsvReader::next(CsvRecord& record) {
    if (done_) return false;
    if (!started_) {
        started_ = true;
        if (!fill()) {
            done_ = true;
            if (!delimiter_) delimiter_ = ',';
            return false;
        }
        if (!delimiter_) detect_delimiter();
    }
    // Skip blank lines.
    while (true) {
        if (pos_ == text_.size() && !fill()) {
            done_ = true;
            return false;
        }
        if (text_[pos_] != '\n' && text_[pos_] != '\r') break;
        take_line_break();
    }
    // Cells are reused from record to record: rows of one file have the
    // same width, so their strings keep their memory.
    std::size_t used = 0;
    record.line = line_;
    has_problem_ = false;
    bool record_too_wide = false;
    bool end_of_record = false;
    while (!end_of_record) {
        // One cell per turn.
        std::size_t column = used;
        std::string discard;
        if (column < options_.max_cells) {
            if (used == record.cells.size()) record.cells.emplace_back();
            record.cells[used].clear();
            ++used;
        }
        std::string& cell = column < options_.max_cells ? record.cells[column] : discard;
        if (column >= options_.max_cells && !record_too_wide) {
            record_too_wide = true;
            problem(column,
                    "the row has more than " + std::to_string(options_.max_cells) + " cells");
        }
        cell_too_long_ = false;
        bool quoted = false, closed = false;
        std::int64_t quote_line = line_;
        if (pos_ < text_.size() || fill()) {
            if (text_[pos_] == '"') {
                quoted = true;
                ++pos_;
            }
        }
        while (true) {
            if (pos_ == text_.size() && !fill()) {
                if (quoted && !closed) {
                    done_ = true;
                    throw ImportError(ImportIssue{quote_line, std::int32_t(column + 1), "",
                                                  "a quoted cell that starts here is never "
                                                  "closed (a missing \")"});
                }
                end_of_record = true;
                break;
            }
            const bool in_quotes = quoted && !closed;
            // Copy a run of ordinary characters at once.
            std::size_t start = pos_;
            while (pos_ < text_.size()) {
                const char c = text_[pos_];
                if (c == '\n' || c == '\r' || c == invalid_marker || c == '"' ||
                    (!in_quotes && c == delimiter_))
                    break;
                ++pos_;
            }
            add_to_cell(cell, std::string_view(text_).substr(start, pos_ - start));
            if (pos_ == text_.size()) continue;
            const char c = text_[pos_];
            if (c == invalid_marker) {
                ++pos_;
                problem(column, decoder_.take_invalid_reason());
                continue;
            }
            if (c == '"') {
                ++pos_;
                if (!in_quotes) {
                    add_to_cell(cell, "\""); // a stray quote is text
                    continue;
                }
                if (pos_ == text_.size() && !fill()) {
                    closed = true;
                    continue;
                }
                if (text_[pos_] == '"') {
                    ++pos_;
                    add_to_cell(cell, "\"");
                } else {
                    closed = true;
                }
                continue;
            }
            if (c == '\n' || c == '\r') {
                take_line_break();
                if (in_quotes) {
                    add_to_cell(cell, "\n");
                    continue;
                }
                end_of_record = true;
                break;
            }
            // The delimiter, outside quotes.
            ++pos_;
            break;
        }
        if (cell_too_long_)
            problem(column, "the cell is longer than " + std::to_string(options_.max_cell_bytes) +
                                " bytes");
    }
    record.cells.resize(used);
    if (has_problem_) {
        problem_.line = record.line;
        throw ImportError(problem_);
    }
    return true;
}

} // namespace leadbook::formats
