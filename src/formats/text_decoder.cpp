#include "text_decoder.hpp"

#include <leadbook/error.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace leadbook::formats {

namespace {

const std::string utf8_name = "utf-8";

std::string hex_byte(unsigned char c) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "0x%02X", c);
    return buffer;
}

/// UTF-16 without a byte order mark shows as ASCII letters next to zero
/// bytes; which half is zero tells the byte order. "" when it is not that.
std::string guess_utf16(std::string_view bytes) {
    std::size_t pairs = std::min<std::size_t>(bytes.size() / 2, 512);
    if (pairs < 2) return {};
    std::size_t zero_even = 0, zero_odd = 0;
    for (std::size_t i = 0; i < pairs; ++i) {
        if (bytes[2 * i] == 0) ++zero_even;
        if (bytes[2 * i + 1] == 0) ++zero_odd;
    }
    if (zero_odd * 10 >= pairs * 7 && zero_even * 10 <= pairs) return "utf-16le";
    if (zero_even * 10 >= pairs * 7 && zero_odd * 10 <= pairs) return "utf-16be";
    return {};
}

/// The encoding a byte order mark at the start of `head` names, and its length.
std::pair<std::string_view, std::size_t> byte_order_mark(std::string_view head) {
    using namespace std::string_view_literals;
    if (head.starts_with("\xEF\xBB\xBF"sv)) return {"utf-8", 3};
    if (head.starts_with("\xFF\xFE\x00\x00"sv)) return {"utf-32le", 4};
    if (head.starts_with("\x00\x00\xFE\xFF"sv)) return {"utf-32be", 4};
    if (head.starts_with("\xFF\xFE"sv)) return {"utf-16le", 2};
    if (head.starts_with("\xFE\xFF"sv)) return {"utf-16be", 2};
    return {"", 0};
}

/// How many C1 control characters (U+0080-U+009F) UTF-8 `text` has.
std::size_t c1_controls(std::string_view text) {
    std::size_t count = 0;
    for (std::size_t i = 0; i + 1 < text.size(); ++i)
        if (text[i] == '\xC2' && static_cast<unsigned char>(text[i + 1]) < 0xA0) ++count;
    return count;
}

} // namespace

std::string encoding_from_option(std::string_view name) {
    if (name.empty() || iequals_ascii(name, "auto") || iequals_ascii(name, "detect")) return {};
    if (is_utf8_name(name)) return utf8_name;
    if (!CharsetDecoder(name).valid())
        fail(ErrorCode::validation, "encoding '" + std::string(name) +
                                        "' is not a character set this system can convert "
                                        "(iconv knows no such name)");
    return ascii_lower(name);
}

std::string_view confidence_name(EncodingConfidence confidence) noexcept {
    switch (confidence) {
    case EncodingConfidence::certain: return "certain";
    case EncodingConfidence::high: return "high";
    case EncodingConfidence::low: return "low";
    }
    return "low";
}

std::size_t StreamByteSource::read(char* buffer, std::size_t size) {
    if (!in_) return 0;
    in_.read(buffer, std::streamsize(size));
    return std::size_t(in_.gcount());
}

std::size_t MemoryByteSource::read(char* buffer, std::size_t size) {
    std::size_t n = std::min(size, bytes_.size());
    bytes_.copy(buffer, n);
    bytes_.remove_prefix(n);
    return n;
}

TextDecoder::TextDecoder(ByteSource& source, std::string_view encoding, std::size_t chunk_bytes)
    : source_(source), chunk_bytes_(chunk_bytes < 16 ? 16 : chunk_bytes) {
    encoding_ = encoding_from_option(encoding);
    if (!encoding_.empty()) use(encoding_);
}

const std::string& TextDecoder::encoding() const noexcept {
    return encoding_.empty() ? utf8_name : encoding_;
}

std::string TextDecoder::take_invalid_reason() {
    if (reasons_.empty()) return "bytes that are not text";
    std::string reason = std::move(reasons_.front());
    reasons_.pop_front();
    return reason;
}

void TextDecoder::invalid(std::string& out, std::string reason) {
    out += invalid_marker;
    reasons_.push_back(std::move(reason));
}

void TextDecoder::use(std::string name) {
    encoding_ = std::move(name);
    decided_ = true;
    if (encoding_ == utf8_name)
        other_.reset();
    else
        other_.emplace(encoding_);
}

bool TextDecoder::read(std::string& out) {
    if (at_end_) return false;
    const std::size_t size_before = out.size();
    raw_.resize(chunk_bytes_);
    std::size_t got = 0;
    // Fill the whole chunk where the source gives less at a time (pipes),
    // so that detection sees enough bytes.
    while (got < chunk_bytes_) {
        std::size_t n = source_.read(raw_.data() + got, chunk_bytes_ - got);
        if (n == 0) break;
        got += n;
        if (started_) break;
    }
    raw_.resize(got);
    bytes_read_ += std::int64_t(got);
    const bool end = got == 0;
    if (!started_) start();
    decode(raw_, end, out);
    if (end) at_end_ = true;
    return !end || out.size() > size_before;
}

void TextDecoder::start() {
    started_ = true;
    auto [found, length] = byte_order_mark(raw_);
    if (length > 0 && (encoding_.empty() || encoding_ == found)) {
        raw_.erase(0, length);
        bom_ = true;
        if (encoding_.empty()) use(std::string(found));
    }
    if (encoding_.empty()) {
        std::string utf16 = guess_utf16(raw_);
        if (!utf16.empty()) use(std::move(utf16));
    }
}

void TextDecoder::decode(std::string_view bytes, bool at_end, std::string& out) {
    std::string joined;
    if (!pending_.empty()) {
        joined = pending_ + std::string(bytes);
        pending_.clear();
        bytes = joined;
    }
    if (!decided_) decide(bytes, at_end);
    if (other_)
        decode_other(bytes, at_end, out);
    else
        decode_utf8(bytes, at_end, out);
}

void TextDecoder::decide(std::string_view bytes, bool at_end) {
    // The first chunk with a non-ASCII byte settles it: UTF-8 when it has
    // more valid multi-byte sequences than invalid bytes (a UTF-8 file with
    // a damaged byte is still UTF-8, and its error is told), else what
    // detect_charset() finds.
    std::size_t valid_sequences = 0, invalid_bytes = 0, high_bytes = 0;
    for (std::size_t i = 0; i < bytes.size();) {
        if (static_cast<unsigned char>(bytes[i]) < 0x80) {
            ++i;
            continue;
        }
        char32_t cp = 0;
        int n = formats::decode_utf8(bytes, i, cp);
        if (n < 0 && !at_end) break; // cut at the chunk's end
        if (n <= 0) {
            ++invalid_bytes;
            ++high_bytes;
            ++i;
        } else {
            ++valid_sequences;
            high_bytes += std::size_t(n);
            i += std::size_t(n);
        }
    }
    if (valid_sequences + invalid_bytes == 0) {
        if (at_end) use(utf8_name); // only ASCII: UTF-8 is as good as any
        return;
    }
    if (valid_sequences > 0 && valid_sequences >= invalid_bytes) {
        use(utf8_name);
        if (invalid_bytes > 0) confidence_ = EncodingConfidence::high;
        return;
    }
    std::string guess = detect_charset(bytes);
    if (guess.empty()) {
        use("windows-1252");
        confidence_ = EncodingConfidence::low;
        note_ = "no character set fits the file's bytes well; it was read as windows-1252";
        return;
    }
    // A second look: do the sample's bytes all decode in the guess? Where
    // they give the same text in windows-1252 (few accented letters, which
    // the Latin sets share), windows-1252 is taken: what Excel writes in the
    // West, and what a short sample most likely is.
    std::size_t undecodable = 0;
    const std::string text = convert_dropping_invalid(bytes, guess, undecodable);
    if (guess != "windows-1252" && undecodable == 0) {
        std::size_t undecodable_1252 = 0;
        if (convert_dropping_invalid(bytes, "windows-1252", undecodable_1252) == text &&
            undecodable_1252 == 0)
            guess = "windows-1252";
    }
    use(guess);
    const std::size_t controls = c1_controls(text); // the same text after the swap
    if (undecodable > 0) {
        confidence_ = EncodingConfidence::low;
        note_ = "the file's encoding was guessed as " + guess + ", but " +
                std::to_string(undecodable) + " of its bytes are not characters in it";
    } else if (controls > 0) {
        // U+0080-U+009F are in no name or address: the bytes of another set
        // (Shift_JIS, GBK) read as a single-byte one give them.
        confidence_ = EncodingConfidence::low;
        note_ = "the file's encoding was guessed as " + guess + ", but the text it gives has " +
                std::to_string(controls) + " control characters, as text in another encoding would";
    } else if (high_bytes < confident_sample_bytes) {
        confidence_ = EncodingConfidence::low;
        note_ = "the file's encoding was guessed as " + guess + " from only " +
                std::to_string(high_bytes) + " bytes that are not ASCII";
    } else {
        confidence_ = EncodingConfidence::high;
    }
}

void TextDecoder::decode_utf8(std::string_view bytes, bool at_end, std::string& out) {
    out.reserve(out.size() + bytes.size());
    std::size_t run = 0; // start of a run of plain ASCII copied at once
    for (std::size_t i = 0; i < bytes.size();) {
        const unsigned char c = static_cast<unsigned char>(bytes[i]);
        if (c != 0 && c < 0x80) {
            ++i;
            continue;
        }
        out.append(bytes.substr(run, i - run));
        if (c == 0) {
            invalid(out, "a NUL character (byte 0x00)");
            run = ++i;
            continue;
        }
        char32_t cp = 0;
        int n = formats::decode_utf8(bytes, i, cp);
        if (n < 0 && !at_end) {
            pending_.assign(bytes.substr(i));
            return;
        }
        if (n <= 0) {
            invalid(out, "byte " + hex_byte(c) + " is not valid UTF-8");
            run = ++i;
            continue;
        }
        out.append(bytes.substr(i, std::size_t(n)));
        i += std::size_t(n);
        run = i;
    }
    out.append(bytes.substr(run));
}

std::string TextDecoder::invalid_reason(std::string_view at) const {
    const std::size_t unit = other_->unit_bytes();
    if (unit == 2 && at.size() >= 2) {
        const bool little = encoding_.ends_with("le");
        const auto b0 = static_cast<unsigned char>(at[0]);
        const auto b1 = static_cast<unsigned char>(at[1]);
        const unsigned value = little ? unsigned(b0 | (b1 << 8)) : unsigned((b0 << 8) | b1);
        char buffer[8];
        std::snprintf(buffer, sizeof buffer, "0x%04X", value);
        if (value >= 0xD800 && value <= 0xDFFF)
            return std::string("an unpaired UTF-16 surrogate (") + buffer + ")";
        return std::string("the code unit ") + buffer + " is not a character in " + encoding_;
    }
    return "byte " + hex_byte(static_cast<unsigned char>(at[0])) + " is not a character in " +
           encoding_ + (unit == 1 ? "" : " (nor starts one)");
}

void TextDecoder::decode_other(std::string_view bytes, bool at_end, std::string& out) {
    out.reserve(out.size() + bytes.size() + bytes.size() / 2);
    while (true) {
        const std::size_t from = out.size();
        const auto stop = other_->convert(bytes, out);
        // A NUL is text to iconv, not to a file of names.
        for (auto nul = out.find('\0', from); nul != std::string::npos;
             nul = out.find('\0', nul + 1)) {
            out[nul] = invalid_marker;
            reasons_.push_back("a NUL character (U+0000)");
        }
        if (stop == CharsetDecoder::Stop::done) return;
        if (stop == CharsetDecoder::Stop::incomplete) {
            if (!at_end) {
                pending_.assign(bytes);
                return;
            }
            invalid(out, "the text ends inside a character of " + encoding_);
            return;
        }
        invalid(out, invalid_reason(bytes));
        bytes.remove_prefix(std::min(bytes.size(), other_->unit_bytes()));
    }
}

} // namespace leadbook::formats
