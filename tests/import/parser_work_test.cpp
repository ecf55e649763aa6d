// Parsers do work in proportion to their input. No test times anything:
// the step that was quadratic counts its steps (LeadBuilder::steps), and
// the inputs that were slow are read here for their results.
#include "formats/csv_reader.hpp"
#include "formats/email_message.hpp"
#include "formats/vcard.hpp"
#include "import_test_support.hpp"
#include "import/lead_fields.hpp"
#include "import/vcard_leads.hpp"

using namespace leadbook;
using namespace leadbook::formats;
using namespace leadbook::test;

namespace {

/// One card with `emails` EMAIL, `phones` TEL and `urls` URL properties.
std::string card_with(int emails, int phones, int urls) {
    std::string out = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Many Props\r\n";
    for (int i = 0; i < emails; ++i)
        out += "EMAIL;TYPE=work:p" + std::to_string(i) + "@example.com\r\n";
    for (int i = 0; i < phones; ++i) out += "TEL;TYPE=cell:+1 555 " + std::to_string(i) + "\r\n";
    for (int i = 0; i < urls; ++i) out += "URL:https://example.com/" + std::to_string(i) + "\r\n";
    return out + "END:VCARD\r\n";
}

/// The builder's steps for the lead of `card`.
std::uint64_t builder_steps(const std::string& card_text, std::size_t& entries) {
    MemoryByteSource source(card_text);
    VCardReader reader(source);
    VCard card;
    EXPECT_TRUE(reader.next(card));
    LeadBuilder builder;
    std::vector<FieldProblem> problems;
    lead_from_vcard(card, builder, problems);
    auto lead = builder.build(problems);
    EXPECT_TRUE(lead.has_value());
    entries = lead ? lead->emails.size() + lead->phones.size() + lead->web_pages.size() : 0;
    return builder.steps();
}

} // namespace

// A card with n list properties took n^2 / 2 comparisons to place them (a
// search of every entry so far for each); twice the properties must be
// about twice the work.
TEST(ParserWork, AVCardsListsTakeWorkInProportionToTheirLength) {
    std::size_t small_entries = 0, large_entries = 0;
    const std::uint64_t small = builder_steps(card_with(2000, 1000, 1000), small_entries);
    const std::uint64_t large = builder_steps(card_with(4000, 2000, 2000), large_entries);
    EXPECT_EQ(small_entries, 4000u);
    EXPECT_EQ(large_entries, 8000u);
    ASSERT_GT(small, 0u);
    const double ratio = double(large) / double(small);
    EXPECT_LT(ratio, 2.1) << small << " steps, then " << large;
    EXPECT_LT(large, 10u * large_entries); // a few steps per property
}

// CSV rows with many columns that go to custom fields: each custom value
// looked for its name among all before it.
TEST(ParserWork, ManyCustomColumnsImport) {
    auto book = LeadBook::open(":memory:");
    std::string header = "Full Name", row = "Jane Doe";
    for (int i = 0; i < 3000; ++i) {
        header += ",Extra " + std::to_string(i);
        row += ",v" + std::to_string(i);
    }
    std::istringstream in(header + "\r\n" + row + "\r\n");
    const auto report = import_csv(book, in, {.unmapped_to_custom = true});
    ASSERT_TRUE(report.committed) << (report.errors.empty() ? "" : report.errors[0].message);
    EXPECT_EQ(report.added, 1);
    EXPECT_EQ(all_leads(book).at(0).custom.size(), 3000u);
}

// A line full of bytes that are not UTF-8 took each out with a search from
// the start (quadratic in the line); the card is still one bad row.
TEST(ParserWork, AVCardLineFullOfInvalidBytes) {
    // A byte order mark: the file is read as UTF-8, and each lone 0xC3 is
    // a byte that is not UTF-8.
    const std::string card = "\xEF\xBB\xBF"
                             "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Jané\r\nNOTE:" +
                             std::string(100000, '\xC3') + "\r\nEND:VCARD\r\n" +
                             "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada\r\nEND:VCARD\r\n";
    auto book = LeadBook::open(":memory:");
    std::istringstream in(card);
    const auto report = import_vcard(book, in, {.skip_bad_rows = true});
    EXPECT_TRUE(report.committed);
    EXPECT_EQ(report.read, 2);
    EXPECT_EQ(report.added, 1);
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].line, 4);
    EXPECT_EQ(all_leads(book).at(0).full_name, "Ada");
}

// Encoded words that are never closed each searched the rest of the
// header for "?=": they are kept as written.
TEST(ParserWork, ManyUnclosedEncodedWords) {
    std::string text;
    for (int i = 0; i < 20000; ++i) text += "=?utf-8?Q?open ";
    EXPECT_EQ(decode_encoded_words(text, false), text);
    // A closed word after them is still decoded.
    EXPECT_EQ(decode_encoded_words(text + "=?utf-8?Q?caf=C3=A9?=", false), text + "café");
    EXPECT_EQ(decode_encoded_words("=?utf-8?Q?a?= =?utf-8?Q?b?= =?x", false), "ab =?x");
}

// A header line longer than a read chunk: the delimiter is still the one
// the whole first line says.
TEST(ParserWork, ALongHeaderLineFindsItsDelimiter) {
    std::string header;
    for (int i = 0; i < 5000; ++i)
        header += (i ? ";" : "") + std::string("Column") + std::to_string(i);
    std::string text = header + "\r\n" + std::string(4999, ';') + "\r\n";
    MemoryByteSource source(text);
    CsvReader reader(source, CsvOptions{.chunk_bytes = 4096});
    CsvRecord record;
    ASSERT_TRUE(reader.next(record));
    EXPECT_EQ(reader.delimiter(), ';');
    EXPECT_EQ(record.cells.size(), 5000u);
}
