// The vCard reader on any bytes: no crash, no hang; every card that makes a
// lead is written as vCard 4.0 and read back to the same lead.
#include "fuzz_check.hpp"
#include "import/vcard_leads.hpp"

#include <cstdint>

using namespace leadbook::formats;

namespace {

std::optional<leadbook::Lead> lead_of(const VCard& card) {
    LeadBuilder builder;
    std::vector<FieldProblem> problems;
    lead_from_vcard(card, builder, problems);
    if (!problems.empty()) return std::nullopt;
    return builder.build(problems);
}

/// vCard has no raw CR inside a value: CRLF and a lone CR are written as
/// one line break.
std::string crlf(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') {
            out += '\n';
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else {
            out += text[i];
        }
    }
    return out;
}

void check_round_trip(const leadbook::Lead& lead) {
    std::string card_text;
    append_vcard(card_text, lead);
    FUZZ_CHECK(utf8(card_text));
    MemoryByteSource source(card_text);
    VCardReader reader(source);
    VCard card;
    FUZZ_CHECK(reader.next(card));
    auto back = lead_of(card);
    FUZZ_CHECK(back.has_value());
    FUZZ_CHECK(back->full_name == crlf(lead.full_name));
    FUZZ_CHECK(back->company == crlf(lead.company));
    FUZZ_CHECK(back->job_title == crlf(lead.job_title));
    FUZZ_CHECK(back->notes == crlf(lead.notes));
    FUZZ_CHECK(back->emails.size() == lead.emails.size());
    for (std::size_t i = 0; i < lead.emails.size(); ++i) {
        FUZZ_CHECK(back->emails[i].address == crlf(lead.emails[i].address));
        FUZZ_CHECK(back->emails[i].label == lead.emails[i].label);
    }
    FUZZ_CHECK(back->phones.size() == lead.phones.size());
    for (std::size_t i = 0; i < lead.phones.size(); ++i)
        FUZZ_CHECK(back->phones[i].number == crlf(lead.phones[i].number));
    FUZZ_CHECK(back->addresses.size() == lead.addresses.size());
    FUZZ_CHECK(back->web_pages.size() == lead.web_pages.size());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    MemoryByteSource source(bytes);
    VCardReader reader(source, 1 << 16);
    VCard card;
    for (std::size_t calls = 0;; ++calls) {
        FUZZ_CHECK(calls <= size + 2);
        try {
            if (!reader.next(card)) break;
        } catch (const leadbook::ImportError& e) {
            FUZZ_CHECK(e.issue().line >= 1);
            continue;
        }
        for (const auto& p : card.properties) FUZZ_CHECK(utf8(p.value));
        if (auto lead = lead_of(card)) check_round_trip(*lead);
    }
    return 0;
}
