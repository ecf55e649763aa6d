// Bad CSV input: each case says where and why, and nothing stored changes
// unless bad rows are skipped on request.
#include "import_test_support.hpp"

#include <fstream>

using namespace leadbook;
using namespace leadbook::test;

namespace {

class ImportBadInput : public ::testing::Test {
protected:
    LeadBook book = book_with_one_lead();
    std::string before = snapshot(book);
    void expect_unchanged() { EXPECT_EQ(snapshot(book), before); }
};

/// An Outlook-style file of `rows` leads; row `bad_row` (1-based) has an
/// invalid e-mail address.
std::string outlook_rows(const std::string& path, int rows, int bad_row) {
    std::ofstream out(path, std::ios::binary);
    out << "First Name,Last Name,Company,E-mail Address\r\n";
    for (int i = 1; i <= rows; ++i) {
        out << "Lead,"
            << "Number " << i << ",Company " << i % 50 << ",";
        out << (i == bad_row ? "lead" + std::to_string(i) + "@@example.com"
                             : "lead" + std::to_string(i) + "@example.com")
            << "\r\n";
    }
    return path;
}

} // namespace

TEST_F(ImportBadInput, EmptyFile) {
    auto issue = import_error([&] { import_csv_file(book, data_file("empty.csv")); });
    EXPECT_EQ(issue.line, 1);
    EXPECT_EQ(issue.reason, "the file is empty");
    expect_unchanged();
}

TEST_F(ImportBadInput, HeaderOnly) {
    auto issue = import_error([&] { import_csv_file(book, data_file("header_only.csv")); });
    EXPECT_EQ(issue.line, 1);
    EXPECT_EQ(issue.reason, "the file has a header row but no data rows");
    expect_unchanged();
}

TEST_F(ImportBadInput, RowsWithMoreOrFewerCellsThanTheHeader) {
    auto report = import_csv_file(book, data_file("ragged.csv"));
    EXPECT_FALSE(report.committed);
    EXPECT_EQ(report.added, 0);
    // The first bad row stops the import.
    expect_one_issue(report, 3, 3, "emails.work", "the row has 2 cells but the header has 3");
    expect_unchanged();

    auto dry = import_csv_file(book, data_file("ragged.csv"), ImportOptions{.dry_run = true});
    EXPECT_FALSE(dry.committed);
    EXPECT_EQ(dry.read, 3);
    EXPECT_EQ(dry.added, 1);          // what a real run would add
    ASSERT_EQ(dry.errors.size(), 2u); // a dry run tells them all
    EXPECT_EQ(dry.errors[1].line, 4);
    EXPECT_EQ(dry.errors[1].column, 4);
    EXPECT_EQ(dry.errors[1].reason, "the row has 4 cells but the header has 3");
    expect_unchanged();

    auto skipping =
        import_csv_file(book, data_file("ragged.csv"), ImportOptions{.skip_bad_rows = true});
    EXPECT_TRUE(skipping.committed);
    EXPECT_EQ(skipping.added, 1);
    EXPECT_EQ(skipping.skipped, 2);
    EXPECT_EQ(skipping.errors.size(), 2u);
    EXPECT_EQ(book.leads().count(), 2);
}

TEST_F(ImportBadInput, UnterminatedQuote) {
    auto report = import_csv_file(book, data_file("unterminated_quote.csv"));
    EXPECT_FALSE(report.committed);
    expect_one_issue(report, 3, 2, "company", "never closed");
    expect_unchanged();
}

TEST_F(ImportBadInput, BytesInvalidInTheDetectedEncoding) {
    auto report = import_csv_file(book, data_file("invalid_utf8.csv"));
    EXPECT_EQ(report.encoding, "utf-8");
    EXPECT_FALSE(report.committed);
    expect_one_issue(report, 3, 2, "company", "byte 0xC3 is not valid UTF-8");
    expect_unchanged();
}

TEST_F(ImportBadInput, RowWithoutAnyName) {
    auto report = import_csv_file(book, data_file("no_name.csv"));
    EXPECT_FALSE(report.committed);
    expect_one_issue(report, 3, 1, "First Name", "no name");
    expect_unchanged();
}

TEST_F(ImportBadInput, NoColumnGivesAName) {
    auto issue =
        import_error([&] { import_text(book, "E-mail Address,Company\na@example.com,Acme\n"); });
    EXPECT_EQ(issue.line, 1);
    EXPECT_NE(issue.reason.find("no column gives a name"), std::string::npos);
    expect_unchanged();
}

TEST_F(ImportBadInput, InvalidEmailInOneRowOf10000) {
    TempDir dir;
    const auto file = outlook_rows(dir.file("leads.csv"), 10000, 7777);

    auto all_or_nothing = import_csv_file(book, file);
    EXPECT_FALSE(all_or_nothing.committed);
    EXPECT_EQ(all_or_nothing.added, 0);
    // Line 7778: the header is line 1.
    expect_one_issue(all_or_nothing, 7778, 4, "E-mail Address",
                     "'lead7777@@example.com' is not a valid e-mail address");
    expect_unchanged();

    auto dry = import_csv_file(book, file, ImportOptions{.dry_run = true});
    EXPECT_EQ(dry.read, 10000);
    EXPECT_EQ(dry.added, 9999);
    EXPECT_EQ(dry.errors.size(), 1u);
    EXPECT_FALSE(dry.committed);
    expect_unchanged();

    auto skipping = import_csv_file(book, file, ImportOptions{.skip_bad_rows = true});
    EXPECT_TRUE(skipping.committed);
    EXPECT_EQ(skipping.read, 10000);
    EXPECT_EQ(skipping.added, 9999);
    EXPECT_EQ(skipping.skipped, 1);
    ASSERT_EQ(skipping.errors.size(), 1u);
    EXPECT_EQ(skipping.errors[0].line, 7778);
    EXPECT_EQ(book.leads().count(), 10000);
    EXPECT_EQ(book.leads().count({.where = {{"full_name", FilterOp::eq, "Lead Number 7777"}}}), 0);
}

TEST_F(ImportBadInput, MappingNamingAnUnknownField) {
    ImportOptions options;
    options.mapping = {{"company", "compnay"}};
    expect_error(ErrorCode::validation,
                 "mapping for column 'company': 'compnay' is not a field of a lead",
                 [&] { import_csv_file(book, data_file("generic.csv"), options); });
    options.mapping = {{"company", "emails"}};
    expect_error(ErrorCode::validation, "needs a label",
                 [&] { import_csv_file(book, data_file("generic.csv"), options); });
    options.mapping = {{"company", "addresses.home"}};
    expect_error(ErrorCode::validation, "needs a part",
                 [&] { import_csv_file(book, data_file("generic.csv"), options); });
    options.mapping = {{"Telefax", "phones.fax"}};
    expect_error(ErrorCode::validation,
                 "mapping names column 'Telefax', which the header does not have",
                 [&] { import_csv_file(book, data_file("generic.csv"), options); });
    expect_unchanged();
}

TEST_F(ImportBadInput, MissingFileIsNotFound) {
    expect_error(ErrorCode::not_found, "cannot open",
                 [&] { import_csv_file(book, data_file("no-such-file.csv")); });
}
