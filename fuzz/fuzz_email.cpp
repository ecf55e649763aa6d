// The e-mail header parser on any bytes: either exactly one valid From
// address or leadbook::Error, decoded text in UTF-8, the same result from a
// string and from a stream; and its pieces on their own.
#include "fuzz_check.hpp"
#include "formats/email_message.hpp"

#include <cstdint>
#include <optional>
#include <sstream>

using namespace leadbook::formats;

namespace {

std::optional<leadbook::EmailMessage> parse(const std::string_view bytes) {
    try {
        return leadbook::parse_email_message(bytes);
    } catch (const leadbook::Error& e) {
        FUZZ_CHECK(e.code() == leadbook::ErrorCode::validation);
        return std::nullopt;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    auto message = parse(bytes);
    if (message) {
        FUZZ_CHECK(leadbook::is_valid_email(message->from_address));
        FUZZ_CHECK(utf8(message->subject) && utf8(message->from) && utf8(message->from_name));
        FUZZ_CHECK(utf8(message->message_id) && utf8(message->date_text));
        for (const auto& to : message->to) FUZZ_CHECK(utf8(to));
        FUZZ_CHECK(!name_from_address(message->from_address).empty());
        (void)full_name_from_display_name(message->from_name);
    }
    std::istringstream stream{std::string(bytes)};
    std::optional<leadbook::EmailMessage> from_stream;
    try {
        from_stream = leadbook::parse_email_message(stream);
    } catch (const leadbook::Error&) {}
    FUZZ_CHECK(message.has_value() == from_stream.has_value());
    if (message) {
        FUZZ_CHECK(message->from == from_stream->from);
        FUZZ_CHECK(message->subject == from_stream->subject);
    }

    // The pieces on the raw bytes. Lenient decoding never throws.
    (void)decode_encoded_words(bytes, false);
    try {
        (void)decode_encoded_words(bytes, true);
    } catch (const leadbook::Error&) {}
    try {
        for (const auto& address : parse_address_list(bytes, false)) (void)format_address(address);
    } catch (const leadbook::Error&) {}
    (void)parse_mail_date(bytes);
    return 0;
}
