// row_pipeline.hpp: reading and checking rows on one thread while another
// writes them.
//
// Parsing a CSV row into a Lead (decoding, mapping, checks, the keys
// duplicates are found by) and storing it (SQLite) each take a share of an
// import; with two cores they overlap. The reading thread never touches the LeadBook: it hands
// ParsedRows over in chunks through a small bounded queue (memory stays
// bounded whatever the file's size), and the calling thread writes them,
// calls progress, and owns the transaction. If the writer stops (a bad row,
// an exception, a cancelled import), the reader is told to stop and is
// joined before the import returns.
#pragma once

#include <leadbook/import.hpp>

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace leadbook::formats {

/// A row as the reading thread leaves it: a lead, or what is wrong with it.
struct ParsedRow {
    std::int64_t line = 0;
    std::optional<Lead> lead;
    std::vector<std::string> duplicate_keys; ///< LeadImporter::duplicate_keys of the lead
    std::vector<ImportIssue> issues;
};

struct ParsedChunk {
    std::vector<ParsedRow> rows;
    std::int64_t bytes_read = 0;
};

class RowPipeline {
public:
    static constexpr std::size_t rows_per_chunk = 256;
    static constexpr std::size_t chunks_in_flight = 4;

    /// Runs `read` on a thread of its own. It calls `emit` for each row (and
    /// should stop when emit returns false: the writer has stopped).
    using Reader = std::function<void(const std::function<bool(ParsedRow&&, std::int64_t)>& emit)>;

    explicit RowPipeline(Reader read);
    RowPipeline(const RowPipeline&) = delete;
    RowPipeline& operator=(const RowPipeline&) = delete;
    /// Stops the reader (if it still runs) and waits for it.
    ~RowPipeline();

    /// The next chunk; false when the reader is done. Rethrows what the
    /// reader threw.
    bool next(ParsedChunk& chunk);

private:
    bool push(ParsedChunk&& chunk);
    void stop() noexcept;

    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<ParsedChunk> chunks_;
    bool finished_ = false;
    bool stopped_ = false;
    std::exception_ptr error_;
    std::thread thread_;
};

} // namespace leadbook::formats
