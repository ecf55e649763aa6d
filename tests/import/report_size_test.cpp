// An import report lists at most limits::import_issues_listed errors and
// duplicate rows and counts all of them by kind, so that its size (and an
// import's memory) does not grow with the number of bad rows.
#include "import_test_support.hpp"

#include <leadbook/json.hpp>

using namespace leadbook;
using namespace leadbook::test;

namespace {

std::string rows_with_bad_emails(int rows) {
    std::string csv = "Full Name,E-mail Address\r\n";
    for (int i = 0; i < rows; ++i)
        csv += "Person " + std::to_string(i) + ",not-an-address-" + std::to_string(i) + "\r\n";
    return csv;
}

std::int64_t count_of(const ImportReport& report, const std::string& kind) {
    auto it = report.issue_counts.find(kind);
    return it == report.issue_counts.end() ? 0 : it->second;
}

} // namespace

TEST(ImportReportSize, FiveThousandBadRowsListTheFirstThousandAndCountThemAll) {
    auto book = LeadBook::open(":memory:");
    book.leads().add(Lead{.full_name = "Jane Doe"});
    const std::string before = snapshot(book);

    const auto report =
        import_text(book, rows_with_bad_emails(5000) + "Ada Lovelace,ada@example.com\r\n",
                    {.skip_bad_rows = true});
    EXPECT_TRUE(report.committed);
    EXPECT_EQ(report.read, 5001);
    EXPECT_EQ(report.added, 1);
    EXPECT_EQ(report.skipped, 5000);
    ASSERT_EQ(report.errors.size(), limits::import_issues_listed);
    EXPECT_EQ(report.errors.front().line, 2); // the first ones, in file order
    EXPECT_EQ(report.errors.back().line, 1001);
    EXPECT_EQ(count_of(report, "errors"), 5000);
    EXPECT_TRUE(report.issues_truncated);
    // JSON (and so C and Python) carry the counts.
    const auto json = to_json(report).as_object();
    EXPECT_EQ(json.at("issue_counts").at("errors").as_int64(), 5000);
    EXPECT_TRUE(json.at("issues_truncated").as_bool());
    // What was stored before is all there, with the one good row.
    EXPECT_EQ(book.leads().count(), 2);
    EXPECT_EQ(snapshot(book).substr(0, before.size()), before);

    // A dry run counts the same way and stores nothing.
    const std::string after = snapshot(book);
    const auto dry = import_text(book, rows_with_bad_emails(5000), {.dry_run = true});
    EXPECT_FALSE(dry.committed);
    EXPECT_EQ(dry.errors.size(), limits::import_issues_listed);
    EXPECT_EQ(count_of(dry, "errors"), 5000);
    EXPECT_EQ(snapshot(book), after);

    // An import a bad row stops lists that one row.
    const auto stopped = import_text(book, rows_with_bad_emails(5000));
    EXPECT_FALSE(stopped.committed);
    EXPECT_EQ(stopped.errors.size(), 1u);
    EXPECT_EQ(count_of(stopped, "errors"), 1);
    EXPECT_FALSE(stopped.issues_truncated);
    EXPECT_EQ(snapshot(book), after);
}

TEST(ImportReportSize, DuplicatesAreCountedByWhatWasDone) {
    auto book = LeadBook::open(":memory:");
    book.leads().add(Lead{.full_name = "Jane Doe", .emails = {{"work", "jane@example.com"}}});
    std::string csv = "Full Name,E-mail Address,Company\r\n";
    for (int i = 0; i < 5000; ++i) csv += "Jane Doe,jane@example.com,Acme\r\n";

    const auto skipped = import_text(book, csv);
    EXPECT_TRUE(skipped.committed);
    EXPECT_EQ(skipped.skipped, 5000);
    EXPECT_EQ(skipped.duplicates.size(), limits::import_issues_listed);
    EXPECT_EQ(count_of(skipped, "duplicates_skipped"), 5000);
    EXPECT_EQ(count_of(skipped, "errors"), 0);
    EXPECT_FALSE(skipped.issue_counts.contains("errors"));
    EXPECT_TRUE(skipped.issues_truncated);
    EXPECT_EQ(book.leads().count(), 1);

    const auto updated = import_text(book, csv, {.duplicates = DuplicateAction::update});
    EXPECT_TRUE(updated.committed);
    EXPECT_EQ(updated.updated, 5000);
    EXPECT_EQ(updated.duplicates.size(), limits::import_issues_listed);
    EXPECT_EQ(count_of(updated, "duplicates_updated"), 5000);
    EXPECT_EQ(book.leads().count(), 1);
    EXPECT_EQ(all_leads(book).at(0).company, "Acme");
    EXPECT_EQ(all_leads(book).at(0).emails.size(), 1u);

    // Few issues: all listed, nothing left out.
    const auto few = import_text(book, "Full Name,E-mail Address\r\nJane,jane@example.com\r\n");
    EXPECT_EQ(few.duplicates.size(), 1u);
    EXPECT_EQ(count_of(few, "duplicates_skipped"), 1);
    EXPECT_FALSE(few.issues_truncated);
}
