// text_decoder.hpp: bytes from a file or memory, turned into UTF-8 text in chunks.
//
// The decoder reads its source a chunk at a time (memory does not grow with
// the file), detects the encoding from the first chunk (a UTF-8 or UTF-16
// byte order mark, UTF-16 by its zero bytes, else UTF-8 if the first
// non-ASCII bytes are valid UTF-8, else Windows-1252) and converts as it
// goes. Bytes that are not characters of the detected encoding never stop
// it: each becomes one `invalid_marker` byte in the text (0xFF never occurs
// in UTF-8) and the reason is queued, so a parser can say in which line and
// cell it was and carry on.
#pragma once

#include "charsets.hpp"

#include <cstdint>
#include <deque>
#include <istream>
#include <optional>
#include <string>
#include <string_view>

namespace leadbook::formats {

enum class TextEncoding { detect, utf8, utf16le, utf16be, windows1252 };

/// "utf-8", "utf-16le", "utf-16be", "windows-1252"; "auto" for detect.
std::string_view encoding_name(TextEncoding encoding) noexcept;
/// The encoding with that name ("auto" is detect); nullopt if unknown.
std::optional<TextEncoding> encoding_from_name(std::string_view name) noexcept;

inline constexpr char invalid_marker = '\xFF';

/// Where bytes come from.
class ByteSource {
public:
    virtual ~ByteSource() = default;
    /// Reads up to `size` bytes; 0 only at the end.
    virtual std::size_t read(char* buffer, std::size_t size) = 0;
};

class StreamByteSource final : public ByteSource {
public:
    explicit StreamByteSource(std::istream& in) : in_(in) {}
    std::size_t read(char* buffer, std::size_t size) override;

private:
    std::istream& in_;
};

/// Bytes in memory the caller keeps alive.
class MemoryByteSource final : public ByteSource {
public:
    explicit MemoryByteSource(std::string_view bytes) : bytes_(bytes) {}
    std::size_t read(char* buffer, std::size_t size) override;

private:
    std::string_view bytes_;
};

class TextDecoder {
public:
    static constexpr std::size_t default_chunk_bytes = 64 * 1024;

    explicit TextDecoder(ByteSource& source, TextEncoding encoding = TextEncoding::detect,
                         std::size_t chunk_bytes = default_chunk_bytes);

    /// Appends the next piece of text to `out` (possibly nothing); false at
    /// the end of the input, when nothing is left.
    bool read(std::string& out);

    /// The encoding in use; utf8 while only ASCII has been seen.
    TextEncoding encoding() const noexcept;
    bool had_byte_order_mark() const noexcept { return bom_; }
    std::int64_t bytes_read() const noexcept { return bytes_read_; }

    /// Why the oldest not-yet-taken invalid_marker was written.
    std::string take_invalid_reason();

private:
    void start(std::string& out);
    void decode(std::string_view bytes, bool at_end, std::string& out);
    void decode_utf8(std::string_view bytes, bool at_end, std::string& out);
    void decode_utf16(std::string_view bytes, bool at_end, std::string& out);
    void decode_single_byte(std::string_view bytes, std::string& out);
    void invalid(std::string& out, std::string reason);

    ByteSource& source_;
    TextEncoding encoding_;
    bool decided_ = false; ///< utf8 vs windows1252 settled (detect only)
    bool started_ = false;
    bool at_end_ = false;
    bool bom_ = false;
    std::size_t chunk_bytes_;
    std::string raw_;     ///< the chunk being decoded
    std::string pending_; ///< an incomplete sequence carried to the next chunk
    char16_t high_surrogate_ = 0;
    std::int64_t bytes_read_ = 0;
    std::deque<std::string> reasons_;
};

} // namespace leadbook::formats
