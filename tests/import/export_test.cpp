// Export: Outlook CSV with formula protection, JSON lines, vCard 4.0, and
// reading each back.
#include "import_test_support.hpp"

#include <leadbook/json.hpp>

using namespace leadbook;
using namespace leadbook::test;

namespace {

Lead rich_lead() {
    Lead lead;
    lead.full_name = "Ana Maria da Silva";
    lead.company = "Acme; \"Quotes\", Inc.";
    lead.job_title = "Head of Sales";
    lead.emails = {{"work", "ana@acme.example"}, {"home", "ana@home.example"}};
    lead.phones = {
        {"business", "+1 555 0100"}, {"mobile", "+1 555 0199"}, {"business fax", "+1 555 0101"}};
    lead.addresses = {
        {"business", "1 Main St\nSuite 5", "Springfield", "IL", "62701", "USA", false},
        {"home", "2 Elm St", "Shelbyville", "IL", "62565", "USA", false}};
    lead.web_pages = {{"business", "https://acme.example"}};
    lead.notes =
        "Line one, with comma; and semicolon\nLine two: a longer note that goes on and on so "
        "that the vCard line must be folded at seventy-five octets, naïvely.";
    lead.initiated_by = "Bob";
    return lead;
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find("\r\n", start);
        if (end == std::string::npos) end = text.size();
        out.push_back(text.substr(start, end - start));
        start = end + 2;
    }
    return out;
}

} // namespace

TEST(Export, CsvHasOutlooksColumnsBomAndCrlf) {
    auto book = LeadBook::open(":memory:");
    book.leads().add(rich_lead());
    std::ostringstream out;
    EXPECT_EQ(export_csv(book, out), 1);
    const std::string text = out.str();
    ASSERT_TRUE(text.starts_with("\xEF\xBB\xBF"
                                 "First Name,Middle Name,Last Name,Company,Job Title,"));
    auto rows = lines(text.substr(3));
    ASSERT_EQ(rows.size(), 2u); // header and lead; line breaks inside cells are LF, quoted
    EXPECT_TRUE(rows[1].starts_with(
        "Ana,Maria da,Silva,\"Acme; \"\"Quotes\"\", Inc.\",Head of Sales,\"1 Main St"));
    EXPECT_NE(text.find("ana@acme.example,ana@home.example"), std::string::npos);
}

TEST(Export, CsvCellsThatLookLikeFormulasAreDefused) {
    auto book = LeadBook::open(":memory:");
    Lead lead;
    lead.full_name = "Eve Hacker";
    lead.company = "=HYPERLINK(\"http://evil.example\",\"click\")";
    lead.job_title = "-2+3";
    lead.notes = "@SUM(A1:A9)";
    lead.initiated_by = "\tTabbed";
    lead.phones = {{"business", "+1 555 0100"}};
    lead.addresses = {{"home", "\rcarriage", "", "", "", "", false}};
    book.leads().add(lead);
    std::ostringstream out;
    export_csv(book, out);
    const std::string text = out.str();
    EXPECT_NE(text.find("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\""),
              std::string::npos);
    EXPECT_NE(text.find("\"'-2+3\""), std::string::npos);
    EXPECT_NE(text.find("\"'@SUM(A1:A9)\""), std::string::npos);
    EXPECT_NE(text.find("\"'\tTabbed\""), std::string::npos);
    EXPECT_NE(text.find("\"'+1 555 0100\""), std::string::npos);
    EXPECT_NE(text.find("\"'\rcarriage\""), std::string::npos);
    for (const std::string bad : {",=", ",-", ",@", ",+", ",\t"})
        EXPECT_EQ(text.find(bad), std::string::npos) << bad;

    // leadbook reads its own export back to the original values.
    auto other = LeadBook::open(":memory:");
    std::istringstream in(text);
    auto report = import_csv(other, in);
    ASSERT_EQ(report.added, 1);
    const Lead back = all_leads(other).at(0);
    EXPECT_EQ(back.company, lead.company);
    EXPECT_EQ(back.job_title, lead.job_title);
    EXPECT_EQ(back.notes, lead.notes);
    EXPECT_EQ(back.phones.at(0).number, "+1 555 0100");
}

TEST(Export, CsvReadsBackAsOutlookFormat) {
    auto book = LeadBook::open(":memory:");
    const Lead stored = book.leads().add(rich_lead());
    std::ostringstream out;
    export_csv(book, out);
    auto other = LeadBook::open(":memory:");
    std::istringstream in(out.str());
    auto report = import_csv(other, in);
    EXPECT_EQ(report.preset, "outlook");
    ASSERT_EQ(report.added, 1);
    const Lead back = all_leads(other).at(0);
    EXPECT_EQ(back.full_name, stored.full_name);
    EXPECT_EQ(back.company, stored.company);
    EXPECT_EQ(back.job_title, stored.job_title);
    EXPECT_EQ(back.notes, stored.notes);
    EXPECT_EQ(back.initiated_by, stored.initiated_by);
    ASSERT_EQ(back.emails.size(), 2u);
    EXPECT_EQ(back.emails[1].address, "ana@home.example");
    EXPECT_EQ(back.phones, (std::vector<Phone>{{"business fax", "+1 555 0101"},
                                               {"business", "+1 555 0100"},
                                               {"mobile", "+1 555 0199"}}));
    ASSERT_EQ(back.addresses.size(), 2u);
    EXPECT_EQ(back.addresses[0].street, "1 Main St\nSuite 5");
    EXPECT_EQ(back.addresses[1].label, "home");
    EXPECT_EQ(back.addresses[1].postal_code, "62565");
    EXPECT_EQ(back.web_pages, stored.web_pages);
}

TEST(Export, OneRecordASelectionOrAll) {
    auto book = LeadBook::open(":memory:");
    std::vector<Id> ids;
    for (int i = 0; i < 5; ++i)
        ids.push_back(book.leads().add(sample_lead("Lead " + std::to_string(i), i)).id);
    std::ostringstream one, some, all;
    EXPECT_EQ(export_jsonl(book, one, {.where = {{"id", FilterOp::eq, ids[2]}}}), 1);
    EXPECT_EQ(export_jsonl(book, some,
                           {.where = {{"id", FilterOp::in, boost::json::array{ids[0], ids[4]}}}}),
              2);
    EXPECT_EQ(export_jsonl(book, all), 5);
    auto first = from_json<Lead>(parse_json(one.str()));
    EXPECT_EQ(json_text(first), json_text(book.leads().get(ids[2]))); // every field
    std::istringstream in(all.str());
    std::string line;
    int count = 0;
    while (std::getline(in, line)) {
        EXPECT_NO_THROW(parse_json(line));
        ++count;
    }
    EXPECT_EQ(count, 5);
}

TEST(Export, VCardRoundTrip) {
    auto book = LeadBook::open(":memory:");
    Lead lead = rich_lead();
    lead.emails.push_back({"email 2", "third@acme.example"}); // a label vCard has no TYPE for
    const Lead stored = book.leads().add(lead);
    std::ostringstream out;
    EXPECT_EQ(export_vcard(book, out), 1);
    const std::string card = out.str();
    EXPECT_TRUE(card.starts_with("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ana Maria da Silva\r\n"));
    EXPECT_NE(card.find("N:Silva;Ana;Maria da;;\r\n"), std::string::npos);
    EXPECT_NE(card.find("ORG:Acme\\; \"Quotes\"\\, Inc.\r\n"), std::string::npos);
    EXPECT_NE(card.find("TEL;TYPE=cell:+1 555 0199\r\n"), std::string::npos);
    EXPECT_NE(card.find("TEL;TYPE=\"work,fax\":+1 555 0101\r\n"), std::string::npos);
    EXPECT_NE(card.find("EMAIL;X-LABEL=\"email 2\":third@acme.example"), std::string::npos);
    EXPECT_NE(card.find("EMAIL;TYPE=work;X-LABEL=work:ana@acme.example"), std::string::npos);
    for (const auto& l : lines(card)) EXPECT_LE(l.size(), 75u) << l;

    auto other = LeadBook::open(":memory:");
    std::istringstream in(card);
    auto report = import_vcard(other, in);
    ASSERT_EQ(report.added, 1);
    const Lead back = all_leads(other).at(0);
    EXPECT_EQ(back.full_name, stored.full_name);
    EXPECT_EQ(back.company, stored.company);
    EXPECT_EQ(back.job_title, stored.job_title);
    EXPECT_EQ(back.notes, stored.notes);
    EXPECT_EQ(back.emails, stored.emails); // labels too: "work" by TYPE and X-LABEL
    EXPECT_EQ(back.phones, stored.phones);
    EXPECT_EQ(back.addresses, stored.addresses);
    EXPECT_EQ(back.web_pages, stored.web_pages);
}

TEST(Export, FilesAndBadOptions) {
    auto book = LeadBook::open(":memory:");
    book.leads().add(rich_lead());
    TempDir dir;
    EXPECT_EQ(export_csv_file(book, dir.file("leads.csv"), {},
                              {.byte_order_mark = false, .delimiter = ";"}),
              1);
    const auto bytes = read_file(dir.file("leads.csv"));
    EXPECT_TRUE(std::string(bytes.begin(), bytes.end()).starts_with("First Name;Middle Name;"));
    EXPECT_EQ(export_vcard_file(book, dir.file("leads.vcf")), 1);
    EXPECT_EQ(export_jsonl_file(book, dir.file("leads.jsonl")), 1);
    expect_error(ErrorCode::not_found, "cannot create",
                 [&] { export_csv_file(book, dir.file("no/such/dir/leads.csv")); });
    std::ostringstream out;
    expect_error(ErrorCode::validation, "delimiter",
                 [&] { export_csv(book, out, {}, {.delimiter = "|"}); });
    expect_error(ErrorCode::validation, "unknown field", [&] {
        export_csv(book, out, {.where = {{"colour", FilterOp::eq, "red"}}});
    });
}

// A file export that fails on its options or its query must leave the file
// as it was: a mistyped --where must not wipe yesterday's export.
TEST(Export, BadOptionsOrQueryLeaveAnExistingFileAlone) {
    auto book = LeadBook::open(":memory:");
    book.leads().add(rich_lead());
    TempDir dir;
    const std::string path = dir.file("leads.csv");
    ASSERT_EQ(export_csv_file(book, path), 1);
    const auto before = read_file(path);
    ASSERT_FALSE(before.empty());
    expect_error(ErrorCode::validation, "delimiter",
                 [&] { export_csv_file(book, path, {}, {.delimiter = "|"}); });
    EXPECT_EQ(read_file(path), before);
    expect_error(ErrorCode::validation, "unknown field", [&] {
        export_csv_file(book, path, {.where = {{"colour", FilterOp::eq, "red"}}});
    });
    EXPECT_EQ(read_file(path), before);
    expect_error(ErrorCode::validation, "unknown field", [&] {
        export_vcard_file(book, path, {.where = {{"colour", FilterOp::eq, "red"}}});
    });
    EXPECT_EQ(read_file(path), before);
    // And a file that did not exist is not created.
    expect_error(ErrorCode::validation, "unknown field", [&] {
        export_jsonl_file(book, dir.file("new.jsonl"),
                          {.where = {{"colour", FilterOp::eq, "red"}}});
    });
    EXPECT_FALSE(std::filesystem::exists(dir.file("new.jsonl")));
}
