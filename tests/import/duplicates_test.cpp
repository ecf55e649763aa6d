// Duplicates: import anyway, skip, or update; match keys; case, spaces and accents.
#include "import_test_support.hpp"

using namespace leadbook;
using namespace leadbook::test;

namespace {

class Duplicates : public ::testing::Test {
protected:
    LeadBook book = LeadBook::open(":memory:");
    Lead stored;
    void SetUp() override {
        Lead lead;
        lead.full_name = "Jürgen Müller";
        lead.company = "Müller GmbH";
        lead.emails = {{"work", "Juergen.Mueller@Example.com"}};
        lead.phones = {{"business", "+49 89 1"}};
        stored = book.leads().add(lead);
    }
};

const std::string row_with_same_email =
    "full_name,company,emails.work,phones.mobile\n"
    "Jürgen Müller,Müller & Söhne,  juergen.mueller@EXAMPLE.com ,+49 170 2\n";

} // namespace

TEST_F(Duplicates, SkipIsTheDefaultAndMatchesEmailsWithoutCaseOrSpaces) {
    auto report = import_text(book, row_with_same_email);
    EXPECT_EQ(report.read, 1);
    EXPECT_EQ(report.added, 0);
    EXPECT_EQ(report.skipped, 1);
    ASSERT_EQ(report.duplicates.size(), 1u);
    EXPECT_EQ(report.duplicates[0].line, 2);
    EXPECT_EQ(report.duplicates[0].existing_id, stored.id);
    EXPECT_EQ(report.duplicates[0].action, DuplicateAction::skip);
    EXPECT_EQ(json_text(book.leads().get(stored.id)), json_text(stored));
    EXPECT_EQ(book.leads().count(), 1);
}

TEST_F(Duplicates, UpdateFillsTheStoredLeadAndMergesLists) {
    auto report = import_text(book, row_with_same_email,
                              ImportOptions{.duplicates = DuplicateAction::update});
    EXPECT_EQ(report.updated, 1);
    EXPECT_EQ(report.added, 0);
    EXPECT_EQ(report.duplicates.at(0).action, DuplicateAction::update);
    const Lead now = book.leads().get(stored.id);
    EXPECT_EQ(now.company, "Müller & Söhne");
    EXPECT_EQ(now.version, stored.version + 1);
    EXPECT_EQ(now.emails, stored.emails); // the same address is not added twice
    EXPECT_EQ(now.phones, (std::vector<Phone>{{"business", "+49 89 1"}, {"mobile", "+49 170 2"}}));
    EXPECT_EQ(book.leads().count(), 1);
}

TEST_F(Duplicates, ImportAnywayAddsASecondLead) {
    auto report =
        import_text(book, row_with_same_email, ImportOptions{.duplicates = DuplicateAction::add});
    EXPECT_EQ(report.added, 1);
    EXPECT_TRUE(report.duplicates.empty());
    EXPECT_EQ(book.leads().count(), 2);
}

TEST_F(Duplicates, FullNamePlusCompanyIgnoresCaseButNotAccents) {
    ImportOptions options;
    options.match_on = {"full_name", "company"};
    auto report = import_text(book,
                              "full_name,company\n"
                              "JÜRGEN MÜLLER , müller gmbh\n" // the same lead
                              "Jurgen Muller,Muller GmbH\n"   // not: Müller is not Muller
                              "Jürgen Müller,Other GmbH\n",   // not: another company
                              options);
    EXPECT_EQ(report.skipped, 1);
    EXPECT_EQ(report.added, 2);
    EXPECT_EQ(report.duplicates.at(0).line, 2);
    EXPECT_EQ(book.leads().count(), 3);
}

TEST_F(Duplicates, AnyListOfFields) {
    ImportOptions options;
    options.match_on = {"company"};
    auto report = import_text(book, "full_name,company\nSomeone Else,MÜLLER GMBH\n", options);
    EXPECT_EQ(report.skipped, 1);
    options.match_on = {"email", "full_name"};
    report = import_text(book,
                         "full_name,emails.work\n"
                         "Jürgen Müller,juergen.mueller@example.com\n"
                         "J. Müller,juergen.mueller@example.com\n",
                         options);
    EXPECT_EQ(report.skipped, 1);
    EXPECT_EQ(report.added, 1);
}

TEST_F(Duplicates, DuplicatesWithinOneFile) {
    const std::string csv = "full_name,emails.work,phones.home\n"
                            "Ann Lee,ann@example.com,\n"
                            "Bob Ray,bob@example.com,\n"
                            "Ann Lee,ANN@example.com,555 1\n";
    auto skipped = import_text(book, csv);
    EXPECT_EQ(skipped.added, 2);
    EXPECT_EQ(skipped.skipped, 1);
    EXPECT_EQ(skipped.duplicates.at(0).line, 4);

    auto other = LeadBook::open(":memory:");
    auto updated = import_text(other, csv, ImportOptions{.duplicates = DuplicateAction::update});
    EXPECT_EQ(updated.added, 2);
    EXPECT_EQ(updated.updated, 1);
    auto ann = other.leads().get(updated.duplicates.at(0).existing_id);
    EXPECT_EQ(ann.full_name, "Ann Lee");
    EXPECT_EQ(ann.phones, (std::vector<Phone>{{"home", "555 1"}}));
}

TEST_F(Duplicates, DryRunOfUpdatesChangesNothing) {
    const std::string before = snapshot(book);
    auto report =
        import_text(book, row_with_same_email,
                    ImportOptions{.duplicates = DuplicateAction::update, .dry_run = true});
    EXPECT_EQ(report.updated, 1);
    EXPECT_FALSE(report.committed);
    EXPECT_EQ(snapshot(book), before);
}

TEST_F(Duplicates, RowsWithoutTheKeyAreNeverDuplicates) {
    auto report = import_text(book, "full_name,company\nJürgen Müller,Müller GmbH\n");
    EXPECT_EQ(report.added, 1); // no e-mail address to match on
}
