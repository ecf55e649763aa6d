// vCard reading (3.0 with quoted-printable and folding, 4.0) and import.
#include "formats/vcard.hpp"
#include "import_test_support.hpp"

using namespace leadbook;
using namespace leadbook::formats;
using namespace leadbook::test;

namespace {

std::vector<VCard> read_cards(const std::string& bytes) {
    MemoryByteSource source(bytes);
    VCardReader reader(source);
    std::vector<VCard> cards;
    VCard card;
    while (reader.next(card)) cards.push_back(card);
    return cards;
}

const VCardProperty& property(const VCard& card, const std::string& name) {
    for (const auto& p : card.properties)
        if (p.name == name) return p;
    ADD_FAILURE() << "no property " << name;
    static const VCardProperty none;
    return none;
}

} // namespace

TEST(VCard, ReadsVersion3WithFoldingEscapesAndQuotedPrintable) {
    const std::string bytes = data_bytes("contacts_v3.vcf");
    auto cards = read_cards(bytes);
    ASSERT_EQ(cards.size(), 2u);
    EXPECT_EQ(cards[0].version, "3.0");
    EXPECT_EQ(cards[0].line, 1);
    EXPECT_EQ(split_components(property(cards[0], "ORG").value),
              (std::vector<std::string>{"Acme, Inc.", "Sales"}));
    EXPECT_EQ(
        unescape_text(property(cards[0], "NOTE").value),
        "First line\nsecond line, with comma; and semicolon and a very long text that is folded "
        "onto the next line");
    EXPECT_TRUE(property(cards[0], "EMAIL").has_type("work"));
    EXPECT_EQ(property(cards[0], "URL").group, "item1");
    EXPECT_EQ(property(cards[1], "FN").value, "Jürgen Müller");    // ISO-8859-1, quoted-printable
    EXPECT_EQ(property(cards[1], "NOTE").value, "Grüße aus Köln"); // soft line break
    EXPECT_EQ(cards[1].line, 16);
}

TEST(VCard, EscapingAndFoldingHelpers) {
    EXPECT_EQ(escape_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    EXPECT_EQ(unescape_text(escape_text("a,b;c\\d\ne")), "a,b;c\\d\ne");
    std::string folded;
    append_folded(folded, "NOTE:" + std::string(100, 'x') + "ééééé");
    EXPECT_EQ(folded.find("\r\n "), 75u);
    EXPECT_EQ(parameter_value("email 2"), "\"email 2\"");
    EXPECT_EQ(parameter_value("work"), "work");
}

TEST(VCard, ImportsSeveralCardsOfBothVersions) {
    auto book = LeadBook::open(":memory:");
    auto report = import_vcard_file(book, data_file("contacts_v3.vcf"));
    EXPECT_EQ(report.format, "vcard");
    EXPECT_EQ(report.added, 2);
    auto leads = all_leads(book);
    const Lead& ana = leads.at(0);
    EXPECT_EQ(ana.full_name, "Ana Gonzalez");
    EXPECT_EQ(ana.company, "Acme, Inc.");
    EXPECT_EQ(ana.job_title, "Account Manager");
    EXPECT_EQ(ana.emails, (std::vector<EmailAddress>{{"business", "ana@acme.example"}}));
    EXPECT_EQ(ana.phones,
              (std::vector<Phone>{{"mobile", "+1 555 0101"}, {"business fax", "+1 555 0102"}}));
    ASSERT_EQ(ana.addresses.size(), 1u);
    EXPECT_EQ(ana.addresses[0].label, "business");
    EXPECT_EQ(ana.addresses[0].street, "1 Main St\nSuite 100");
    EXPECT_EQ(ana.addresses[0].city, "Springfield");
    EXPECT_EQ(ana.addresses[0].state, "IL");
    EXPECT_EQ(ana.addresses[0].postal_code, "62701");
    EXPECT_EQ(ana.web_pages, (std::vector<WebPage>{{"website", "https://acme.example"}}));
    EXPECT_EQ(leads.at(1).full_name, "Jürgen Müller");
    EXPECT_EQ(leads.at(1).notes, "Grüße aus Köln");
    EXPECT_EQ(leads.at(1).emails, (std::vector<EmailAddress>{{"home", "j.mueller@example.de"}}));

    auto v4 = import_vcard_file(book, data_file("contacts_v4.vcf"));
    EXPECT_EQ(v4.added, 1);
    const Lead lucja = all_leads(book).at(2);
    EXPECT_EQ(lucja.full_name, "Łucja Nowak");
    EXPECT_EQ(lucja.phones, (std::vector<Phone>{{"mobile", "+48-600-100-200"}}));
    EXPECT_EQ(lucja.addresses.at(0).city, "Gdańsk");
    EXPECT_EQ(lucja.addresses.at(0).label, "home");
}

TEST(VCard, CardWithoutFnIsAnError) {
    auto book = book_with_one_lead();
    const auto before = snapshot(book);
    auto report = import_vcard_file(book, data_file("card_without_fn.vcf"));
    EXPECT_FALSE(report.committed);
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].line, 1);
    EXPECT_NE(report.errors[0].reason.find("no FN"), std::string::npos);
    EXPECT_EQ(snapshot(book), before);

    auto skipping =
        import_vcard_file(book, data_file("card_without_fn.vcf"), {.skip_bad_rows = true});
    EXPECT_EQ(skipping.added, 1);
    EXPECT_EQ(skipping.skipped, 1);
    EXPECT_EQ(all_leads(book).back().full_name, "John Roe");
}

TEST(VCard, BadCardsSayWhere) {
    auto book = book_with_one_lead();
    const auto before = snapshot(book);
    std::istringstream in("junk line\r\n"
                          "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ok One\r\nEMAIL:bad@@x\r\nEND:VCARD\r\n"
                          "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Fine\r\nno colon here\r\nEND:VCARD\r\n"
                          "BEGIN:VCARD\r\nFN:Unfinished\r\n");
    auto report = import_vcard(book, in, {.dry_run = true});
    EXPECT_EQ(report.read, 4);
    ASSERT_EQ(report.errors.size(), 4u);
    EXPECT_EQ(report.errors[0].line, 1);
    EXPECT_NE(report.errors[0].reason.find("outside BEGIN:VCARD"), std::string::npos);
    EXPECT_EQ(report.errors[1].line, 5);
    EXPECT_EQ(report.errors[1].column_name, "EMAIL");
    EXPECT_EQ(report.errors[1].reason, "'bad@@x' is not a valid e-mail address");
    EXPECT_EQ(report.errors[2].line, 10);
    EXPECT_NE(report.errors[2].reason.find("not a property"), std::string::npos);
    EXPECT_EQ(report.errors[3].line, 12);
    EXPECT_NE(report.errors[3].reason.find("no END:VCARD"), std::string::npos);
    EXPECT_EQ(snapshot(book), before);

    std::istringstream empty("\r\n");
    EXPECT_EQ(import_error([&] { import_vcard(book, empty); }).reason,
              "the file holds no vCard (BEGIN:VCARD)");
    std::istringstream csv("a,b\n");
    expect_error(ErrorCode::validation, "mapping is for CSV", [&] {
        import_vcard(book, csv, {.mapping = {{"a", "full_name"}}});
    });
}

TEST(VCard, ACardOfACompanyAloneIsFiledUnderItsOrg) {
    auto book = LeadBook::open(":memory:");
    std::istringstream in("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:\r\nORG:Acer America;Sales\r\n"
                          "TEL;TYPE=WORK:408-533-7700\r\nEND:VCARD\r\n"
                          "BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:org\r\nORG:Globex\r\nEND:VCARD\r\n");
    auto report = import_vcard(book, in);
    EXPECT_TRUE(report.committed);
    EXPECT_EQ(report.added, 2);
    const auto leads = all_leads(book);
    EXPECT_EQ(leads.at(0).full_name, "Acer America");
    EXPECT_EQ(leads.at(0).file_as, "Acer America");
    EXPECT_EQ(leads.at(0).company, "Acer America");
    EXPECT_EQ(leads.at(1).full_name, "Globex");
}
