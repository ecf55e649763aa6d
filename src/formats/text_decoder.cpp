#include "text_decoder.hpp"

#include <cstdio>

namespace leadbook::formats {

namespace {

std::string hex_byte(unsigned char c) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "0x%02X", c);
    return buffer;
}

/// UTF-16 without a byte order mark shows as ASCII letters next to zero
/// bytes; which half is zero tells the byte order.
TextEncoding guess_utf16(std::string_view bytes) {
    std::size_t pairs = std::min<std::size_t>(bytes.size() / 2, 512);
    if (pairs < 2) return TextEncoding::detect;
    std::size_t zero_even = 0, zero_odd = 0;
    for (std::size_t i = 0; i < pairs; ++i) {
        if (bytes[2 * i] == 0) ++zero_even;
        if (bytes[2 * i + 1] == 0) ++zero_odd;
    }
    if (zero_odd * 10 >= pairs * 7 && zero_even * 10 <= pairs) return TextEncoding::utf16le;
    if (zero_even * 10 >= pairs * 7 && zero_odd * 10 <= pairs) return TextEncoding::utf16be;
    return TextEncoding::detect;
}

} // namespace

std::string_view encoding_name(TextEncoding encoding) noexcept {
    switch (encoding) {
    case TextEncoding::detect: return "auto";
    case TextEncoding::utf8: return "utf-8";
    case TextEncoding::utf16le: return "utf-16le";
    case TextEncoding::utf16be: return "utf-16be";
    case TextEncoding::windows1252: return "windows-1252";
    }
    return "auto";
}

std::optional<TextEncoding> encoding_from_name(std::string_view name) noexcept {
    if (name.empty() || iequals_ascii(name, "auto") || iequals_ascii(name, "detect"))
        return TextEncoding::detect;
    if (iequals_ascii(name, "utf-8") || iequals_ascii(name, "utf8")) return TextEncoding::utf8;
    if (iequals_ascii(name, "utf-16le")) return TextEncoding::utf16le;
    if (iequals_ascii(name, "utf-16be")) return TextEncoding::utf16be;
    if (iequals_ascii(name, "windows-1252") || iequals_ascii(name, "cp1252"))
        return TextEncoding::windows1252;
    return std::nullopt;
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

TextDecoder::TextDecoder(ByteSource& source, TextEncoding encoding, std::size_t chunk_bytes)
    : source_(source), encoding_(encoding), chunk_bytes_(chunk_bytes < 16 ? 16 : chunk_bytes) {}

TextEncoding TextDecoder::encoding() const noexcept {
    return encoding_ == TextEncoding::detect ? TextEncoding::utf8 : encoding_;
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
    if (!started_) start(out);
    decode(raw_, end, out);
    if (end) at_end_ = true;
    return !end || out.size() > size_before;
}

void TextDecoder::start(std::string& out) {
    (void)out;
    started_ = true;
    std::string_view head(raw_);
    auto skip = [&](std::size_t n, TextEncoding found) {
        if (encoding_ == TextEncoding::detect || encoding_ == found) {
            raw_.erase(0, n);
            encoding_ = found;
            bom_ = true;
        }
    };
    if (head.starts_with("\xEF\xBB\xBF"))
        skip(3, TextEncoding::utf8);
    else if (head.starts_with("\xFF\xFE"))
        skip(2, TextEncoding::utf16le);
    else if (head.starts_with("\xFE\xFF"))
        skip(2, TextEncoding::utf16be);
    if (encoding_ == TextEncoding::detect) {
        TextEncoding utf16 = guess_utf16(raw_);
        if (utf16 != TextEncoding::detect) encoding_ = utf16;
    }
    decided_ = encoding_ != TextEncoding::detect;
}

void TextDecoder::decode(std::string_view bytes, bool at_end, std::string& out) {
    switch (encoding_) {
    case TextEncoding::utf16le:
    case TextEncoding::utf16be: decode_utf16(bytes, at_end, out); return;
    case TextEncoding::windows1252: decode_single_byte(bytes, out); return;
    case TextEncoding::detect:
    case TextEncoding::utf8: decode_utf8(bytes, at_end, out); return;
    }
}

void TextDecoder::decode_utf8(std::string_view bytes, bool at_end, std::string& out) {
    std::string joined;
    if (!pending_.empty()) {
        joined = pending_ + std::string(bytes);
        pending_.clear();
        bytes = joined;
    }
    if (!decided_) {
        // The first chunk with a non-ASCII byte settles it: UTF-8 when it
        // has more valid multi-byte sequences than invalid bytes (a UTF-8
        // file with a damaged byte is still UTF-8, and its error is told),
        // else Windows-1252, where valid UTF-8 sequences are rare accidents.
        std::size_t valid_sequences = 0, invalid_bytes = 0;
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
                ++i;
            } else {
                ++valid_sequences;
                i += std::size_t(n);
            }
        }
        if (valid_sequences + invalid_bytes > 0) {
            decided_ = true;
            encoding_ = valid_sequences > 0 && valid_sequences >= invalid_bytes
                            ? TextEncoding::utf8
                            : TextEncoding::windows1252;
            if (encoding_ == TextEncoding::windows1252) {
                decode_single_byte(bytes, out);
                return;
            }
        }
    }
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

void TextDecoder::decode_single_byte(std::string_view bytes, std::string& out) {
    const SingleByteCharset& set = windows_1252();
    out.reserve(out.size() + bytes.size());
    for (unsigned char c : bytes) {
        if (c != 0 && c < 0x80) {
            out += char(c);
            continue;
        }
        char32_t cp = set.decode(c);
        if (cp == 0)
            invalid(out, c == 0 ? "a NUL character (byte 0x00)"
                                : "byte " + hex_byte(c) + " is not a character in Windows-1252");
        else
            append_utf8(out, cp);
    }
}

void TextDecoder::decode_utf16(std::string_view bytes, bool at_end, std::string& out) {
    std::string joined;
    if (!pending_.empty()) {
        joined = pending_ + std::string(bytes);
        pending_.clear();
        bytes = joined;
    }
    const bool little = encoding_ == TextEncoding::utf16le;
    std::size_t i = 0;
    for (; i + 1 < bytes.size(); i += 2) {
        const auto b0 = static_cast<unsigned char>(bytes[i]);
        const auto b1 = static_cast<unsigned char>(bytes[i + 1]);
        const char16_t unit = little ? char16_t(b0 | (b1 << 8)) : char16_t((b0 << 8) | b1);
        if (high_surrogate_) {
            const char16_t high = high_surrogate_;
            high_surrogate_ = 0;
            if (unit >= 0xDC00 && unit <= 0xDFFF) {
                append_utf8(out, 0x10000 + ((char32_t(high) - 0xD800) << 10) + (unit - 0xDC00));
                continue;
            }
            invalid(out, "an unpaired UTF-16 surrogate (" + hex_byte(high >> 8) +
                             hex_byte(high & 0xFF).substr(2) + ")");
        }
        if (unit >= 0xD800 && unit <= 0xDBFF) {
            high_surrogate_ = unit;
        } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
            invalid(out, "an unpaired UTF-16 surrogate (" + hex_byte(unit >> 8) +
                             hex_byte(unit & 0xFF).substr(2) + ")");
        } else if (unit == 0) {
            invalid(out, "a NUL character (U+0000)");
        } else {
            append_utf8(out, unit);
        }
    }
    if (i < bytes.size()) {
        if (at_end)
            invalid(out, "a lone byte at the end of UTF-16 text");
        else
            pending_.assign(bytes.substr(i));
    }
    if (at_end && high_surrogate_) {
        high_surrogate_ = 0;
        invalid(out, "an unpaired UTF-16 surrogate at the end of the text");
    }
}

} // namespace leadbook::formats
