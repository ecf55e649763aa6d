// text_decoder.hpp: bytes from a file or memory, turned into UTF-8 text in chunks.
//
// The decoder reads its source a chunk at a time (memory does not grow with
// the file) and converts as it goes: UTF-8 is checked and passed on, every
// other encoding (any name iconv knows: windows-1250, shift_jis, gb18030,
// big5, koi8-r, utf-16le, ...) is converted by iconv. When no encoding is
// named it detects one: a UTF-8, UTF-16 or UTF-32 byte order mark; UTF-16 by
// its zero bytes; UTF-8 if the first non-ASCII bytes are valid UTF-8; else
// the character set the uchardet library finds most likely (detect_charset),
// with a confidence that says how sure that guess is. Bytes that are not
// characters of the encoding never stop it: each becomes one
// `invalid_marker` byte in the text (0xFF never occurs in UTF-8) and the
// reason is queued, so a parser can say in which line and cell it was and
// carry on.
#pragma once

#include "charsets.hpp"

#include <cstdint>
#include <deque>
#include <istream>
#include <optional>
#include <string>
#include <string_view>

namespace leadbook::formats {

/// The encoding an import option names, as TextDecoder takes it: "" (detect)
/// for "" and "auto", "utf-8" for the names of UTF-8 and ASCII, else the name
/// lower-cased. Throws Error(validation) naming it when iconv does not know it.
std::string encoding_from_option(std::string_view name);

/// How sure the decoder is of the encoding it uses.
enum class EncodingConfidence {
    certain, ///< named by the caller, a byte order mark, or only ASCII / valid UTF-8
    high,    ///< detected from enough bytes that all decode in it
    low      ///< detected from few bytes, or with bytes it cannot decode: check the text
};

/// "certain", "high" or "low".
std::string_view confidence_name(EncodingConfidence confidence) noexcept;

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
    /// Fewer bytes that are not ASCII than this make a detected encoding a
    /// guess of low confidence.
    static constexpr std::size_t confident_sample_bytes = 16;

    /// `encoding` as encoding_from_option() returns it ("" detects); an
    /// encoding iconv does not know throws Error(validation).
    explicit TextDecoder(ByteSource& source, std::string_view encoding = {},
                         std::size_t chunk_bytes = default_chunk_bytes);

    /// Appends the next piece of text to `out` (possibly nothing); false at
    /// the end of the input, when nothing is left.
    bool read(std::string& out);

    /// The encoding in use, lower case ("utf-8", "utf-16le", "windows-1250",
    /// "cp932"); "utf-8" while only ASCII has been seen.
    const std::string& encoding() const noexcept;
    EncodingConfidence confidence() const noexcept { return confidence_; }
    /// Why the confidence is low ("" otherwise): what was guessed from what.
    const std::string& confidence_note() const noexcept { return note_; }
    bool had_byte_order_mark() const noexcept { return bom_; }
    std::int64_t bytes_read() const noexcept { return bytes_read_; }

    /// Why the oldest not-yet-taken invalid_marker was written.
    std::string take_invalid_reason();

private:
    void start();
    void use(std::string name);
    void decide(std::string_view sample, bool at_end);
    void decode(std::string_view bytes, bool at_end, std::string& out);
    void decode_utf8(std::string_view bytes, bool at_end, std::string& out);
    void decode_other(std::string_view bytes, bool at_end, std::string& out);
    void invalid(std::string& out, std::string reason);
    std::string invalid_reason(std::string_view at) const;

    ByteSource& source_;
    std::string encoding_;                ///< "" while detecting
    std::optional<CharsetDecoder> other_; ///< set for every encoding but UTF-8
    bool decided_ = false;                ///< detection is over (or there was none)
    bool started_ = false;
    bool at_end_ = false;
    bool bom_ = false;
    EncodingConfidence confidence_ = EncodingConfidence::certain;
    std::string note_;
    std::size_t chunk_bytes_;
    std::string raw_;     ///< the chunk being decoded
    std::string pending_; ///< an incomplete sequence carried to the next chunk
    std::int64_t bytes_read_ = 0;
    std::deque<std::string> reasons_;
};

} // namespace leadbook::formats
