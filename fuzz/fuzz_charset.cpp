// The character set layer on any bytes: TextDecoder in a named encoding (or
// detecting one) gives UTF-8 with one reason per invalid_marker, the same
// text whatever the chunk size; convert_to_utf8 agrees with it; detection
// names only sets iconv knows; encoded words in those sets decode to UTF-8.
#include "fuzz_check.hpp"
#include "formats/charsets.hpp"
#include "formats/email_message.hpp"
#include "formats/text_decoder.hpp"

#include <cstdint>
#include <cstdio>
#include <string>

using namespace leadbook::formats;

namespace {

constexpr const char* encodings[] = {
    "",      "utf-8",    "windows-1252", "windows-1250", "iso-8859-2", "koi8-r",   "shift_jis",
    "cp932", "euc-jp",   "iso-2022-jp",  "gb18030",      "gbk",        "big5",     "euc-kr",
    "uhc",   "utf-16le", "utf-16be",     "utf-16",       "utf-32le",   "utf-32be", "utf-32",
};
constexpr std::size_t encoding_count = sizeof encodings / sizeof encodings[0];

struct Decoded {
    std::string text; ///< invalid_marker bytes taken out
    std::string encoding;
    std::size_t markers = 0;
};

Decoded decode(std::string_view bytes, const char* encoding, std::size_t chunk_bytes) {
    MemoryByteSource source(bytes);
    TextDecoder decoder(source, encoding, chunk_bytes);
    std::string raw;
    while (decoder.read(raw)) {}
    Decoded out;
    for (char c : raw) {
        if (c != invalid_marker) {
            out.text += c;
            continue;
        }
        ++out.markers;
        // Every marker has its own reason, taken in order.
        FUZZ_CHECK(decoder.take_invalid_reason() != "bytes that are not text");
    }
    FUZZ_CHECK(decoder.take_invalid_reason() == "bytes that are not text");
    out.encoding = decoder.encoding();
    FUZZ_CHECK(CharsetDecoder(out.encoding).valid() || is_utf8_name(out.encoding));
    FUZZ_CHECK((decoder.confidence() == EncodingConfidence::low) ==
               !decoder.confidence_note().empty());
    return out;
}

bool starts_with_bom(std::string_view bytes) {
    return bytes.starts_with("\xEF\xBB\xBF") || bytes.starts_with("\xFF\xFE") ||
           bytes.starts_with("\xFE\xFF") || bytes.starts_with(std::string_view("\0\0\xFE\xFF", 4));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const unsigned pick = data[0];
    const char* encoding = encodings[pick % encoding_count];
    const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);

    const Decoded whole = decode(bytes, encoding, TextDecoder::default_chunk_bytes);
    FUZZ_CHECK(utf8(whole.text));
    if (*encoding != '\0') {
        // A named encoding: chunk boundaries change nothing.
        const Decoded cut = decode(bytes, encoding, 16 + (pick >> 3) % 48);
        FUZZ_CHECK(cut.text == whole.text);
        FUZZ_CHECK(cut.markers == whole.markers);
        FUZZ_CHECK(whole.encoding == ascii_lower(encoding));
        // Whole-string conversion agrees where there is nothing to mark.
        std::string converted, error;
        const bool ok = convert_to_utf8(bytes, encoding, converted, error);
        if (ok) {
            FUZZ_CHECK(utf8(converted));
            if (whole.markers == 0 && !starts_with_bom(bytes)) FUZZ_CHECK(converted == whole.text);
        } else {
            FUZZ_CHECK(!error.empty());
        }
    } else {
        const Decoded cut = decode(bytes, encoding, 16 + (pick >> 3) % 48);
        FUZZ_CHECK(utf8(cut.text));
    }

    const std::string guess = detect_charset(bytes);
    FUZZ_CHECK(guess.empty() || CharsetDecoder(guess).valid());

    // The bytes as a Q-encoded word in the picked set (UTF-8 when none).
    std::string word = "=?";
    word += *encoding ? encoding : "utf-8";
    word += "?Q?";
    for (unsigned char c : bytes.substr(0, 512)) {
        char hex[4];
        std::snprintf(hex, sizeof hex, "=%02X", c);
        word += hex;
    }
    word += "?= tail";
    FUZZ_CHECK(utf8(decode_encoded_words(word, false)));
    try {
        FUZZ_CHECK(utf8(decode_encoded_words(word, true)));
    } catch (const leadbook::Error& e) {
        FUZZ_CHECK(e.code() == leadbook::ErrorCode::validation);
    }
    return 0;
}
