#include "row_pipeline.hpp"

namespace leadbook::formats {

RowPipeline::RowPipeline(Reader read) {
    thread_ = std::thread([this, read = std::move(read)] {
        std::exception_ptr error;
        try {
            ParsedChunk chunk;
            bool open = true;
            read([&](ParsedRow&& row, std::int64_t bytes_read) {
                chunk.rows.push_back(std::move(row));
                chunk.bytes_read = bytes_read;
                if (chunk.rows.size() >= rows_per_chunk) {
                    open = push(std::move(chunk));
                    chunk = ParsedChunk{};
                }
                return open;
            });
            if (open && !chunk.rows.empty()) push(std::move(chunk));
        } catch (...) {
            error = std::current_exception();
        }
        std::lock_guard lock(mutex_);
        finished_ = true;
        error_ = error;
        changed_.notify_all();
    });
}

RowPipeline::~RowPipeline() {
    stop();
    if (thread_.joinable()) thread_.join();
}

void RowPipeline::stop() noexcept {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    changed_.notify_all();
}

bool RowPipeline::push(ParsedChunk&& chunk) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return chunks_.size() < chunks_in_flight || stopped_; });
    if (stopped_) return false;
    chunks_.push_back(std::move(chunk));
    changed_.notify_all();
    return true;
}

bool RowPipeline::next(ParsedChunk& chunk) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return !chunks_.empty() || finished_; });
    if (!chunks_.empty()) {
        chunk = std::move(chunks_.front());
        chunks_.pop_front();
        changed_.notify_all();
        return true;
    }
    if (error_) std::rethrow_exception(error_);
    return false;
}

} // namespace leadbook::formats
