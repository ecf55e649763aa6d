// A lead's status: open, qualified (converted), disqualified with a reason
// from the editable list; reopening; status and reason in finds and
// reports; the history note of each change; what is refused. Every test
// runs on SQLite and on PostgreSQL.
#include <leadbook/leadbook.hpp>
#include <leadbook/postgres_storage.hpp>
#include <leadbook/reports.hpp>
#include <leadbook/sqlite_storage.hpp>

#include "postgres_support.hpp"
#include "test_support.hpp"

#include <sqlite3.h>

namespace leadbook {
namespace {

using test::expect_error;

enum class Backend { sqlite, postgres };

class LeadStatusTest : public ::testing::TestWithParam<Backend> {
protected:
    LeadStatusTest()
        : book(LeadBook::open(GetParam() == Backend::sqlite ? std::string(":memory:")
                                                            : test::new_postgres_uri())) {}

    Id add(const std::string& name) {
        Lead lead;
        lead.full_name = name;
        return book.leads().add(lead).id;
    }

    std::int64_t history_of(Id id) {
        return book.history().count({.where = {{"links", FilterOp::has, id}}});
    }

    LeadBook book;
};

const auto reason_choices = "'no budget', 'lost to a competitor', 'no response', 'duplicate', "
                            "'not a fit'";

TEST_P(LeadStatusTest, NewLeadsAreOpenAndTheBookHasTheDefaultReasons) {
    const Lead lead = book.leads().get(add("Jane"));
    EXPECT_EQ(lead.status, LeadStatus::open);
    EXPECT_EQ(lead.status_reason, "");
    std::vector<std::string> names;
    for (const auto& r : book.disqualify_reasons().find({.order_by = {"id"}}))
        names.push_back(r.name);
    EXPECT_EQ(names, (std::vector<std::string>{"no budget", "lost to a competitor", "no response",
                                               "duplicate", "not a fit"}));
    // A contact added as such is qualified, whatever it was given.
    BusinessContact contact;
    contact.full_name = "Ann";
    contact.status = LeadStatus::disqualified;
    EXPECT_EQ(book.contacts().add(contact).status, LeadStatus::qualified);
}

TEST_P(LeadStatusTest, DisqualifyRecordsTheReasonAsListedAndANoteInTheHistory) {
    const Id id = add("Jane");
    std::vector<ChangeGroup> heard;
    book.add_change_listener([&](const std::vector<ChangeGroup>& changes) { heard = changes; });
    const Lead lead = book.disqualify_lead(id, 1, "  Lost To A Competitor ");
    EXPECT_EQ(lead.status, LeadStatus::disqualified);
    EXPECT_EQ(lead.status_reason, "lost to a competitor");
    EXPECT_EQ(lead.version, 2);
    ASSERT_FALSE(heard.empty());
    EXPECT_EQ(heard[0].collection, "leads");
    EXPECT_EQ(heard[0].ids, std::vector<Id>{id});
    auto notes = book.history().find({.where = {{"links", FilterOp::has, id}}});
    auto note = notes.next();
    ASSERT_TRUE(note);
    EXPECT_EQ(note->kind, HistoryKind::business_note);
    EXPECT_EQ(note->subject, "Disqualified: lost to a competitor");
    // Another reason later: noted with the one before.
    const Lead again = book.disqualify_lead(id, 2, "no budget");
    EXPECT_EQ(again.status_reason, "no budget");
    EXPECT_EQ(history_of(id), 2);
    EXPECT_EQ(book.history().count({.where = {{"subject", FilterOp::eq,
                                               "Disqualified: no budget (was: lost to a "
                                               "competitor)"}}}),
              1);
}

TEST_P(LeadStatusTest, DisqualifyingWithoutAReasonOfTheListNamesTheChoicesAndChangesNothing) {
    const Id id = add("Jane");
    const Lead before = book.leads().get(id);
    for (const std::string reason : {"", "  ", "too expensive"}) {
        SCOPED_TRACE("reason '" + reason + "'");
        expect_error(ErrorCode::validation, std::string("use one of: ") + reason_choices,
                     [&] { book.disqualify_lead(id, 1, reason); });
        EXPECT_EQ(book.leads().get(id).version, before.version);
        EXPECT_EQ(book.leads().get(id).status, LeadStatus::open);
        EXPECT_EQ(history_of(id), 0);
    }
    expect_error(ErrorCode::validation, "'too expensive' is not a disqualify reason",
                 [&] { book.disqualify_lead(id, 1, "too expensive"); });
    // Adding a lead disqualified is checked the same way.
    Lead bad;
    bad.full_name = "Bad";
    bad.status = LeadStatus::disqualified;
    bad.status_reason = "weather";
    const auto count = book.leads().count();
    expect_error(ErrorCode::validation, reason_choices, [&] { book.leads().add(bad); });
    EXPECT_EQ(book.leads().count(), count);
    // Stale versions, contacts and missing records.
    expect_error(ErrorCode::conflict, "changed by someone else",
                 [&] { book.disqualify_lead(id, 7, "no budget"); });
    const Id contact = add("Ann");
    book.convert_lead(contact, 1);
    expect_error(ErrorCode::validation, "business contact (qualified), not a lead",
                 [&] { book.disqualify_lead(contact, 2, "no budget"); });
    expect_error(ErrorCode::not_found, "does not exist",
                 [&] { book.disqualify_lead(987654, 1, "no budget"); });
    EXPECT_EQ(book.leads().get(id).version, before.version);
}

TEST_P(LeadStatusTest, ReopenClearsTheReasonAndAnOpenLeadCannotBeReopened) {
    const Id id = add("Jane");
    expect_error(ErrorCode::validation, "is open already", [&] { book.reopen_lead(id, 1); });
    EXPECT_EQ(book.leads().get(id).version, 1);
    book.disqualify_lead(id, 1, "no response");
    const Lead lead = book.reopen_lead(id, 2);
    EXPECT_EQ(lead.status, LeadStatus::open);
    EXPECT_EQ(lead.status_reason, "");
    EXPECT_EQ(
        book.history().count({.where = {{"subject", FilterOp::eq, "Reopened (was: no response)"}}}),
        1);
}

TEST_P(LeadStatusTest, UpdatesAndBulkEditsDoNotChangeTheStatus) {
    const Id id = add("Jane");
    const Id other = add("Bo");
    book.disqualify_lead(other, 1, "duplicate");
    expect_error(ErrorCode::validation, "change only by disqualifying or reopening", [&] {
        book.leads().update(id, 1, {{"status", "disqualified"}, {"status_reason", "no budget"}});
    });
    expect_error(ErrorCode::validation, "change only by disqualifying or reopening", [&] {
        book.leads().update(other, 2, {{"status_reason", "no budget"}});
    });
    expect_error(ErrorCode::validation, "becomes qualified by its conversion", [&] {
        book.leads().update(id, 1, {{"status", "qualified"}});
    });
    expect_error(ErrorCode::validation, "change only by disqualifying or reopening", [&] {
        book.leads().bulk_edit(Selection::of({id, other}), "status", boost::json::value("open"));
    });
    EXPECT_EQ(book.leads().get(id).version, 1);
    EXPECT_EQ(book.leads().get(other).status_reason, "duplicate");
    // Other edits of a disqualified lead keep its status.
    const Lead edited = book.leads().update(other, 2, {{"company", "Acme"}});
    EXPECT_EQ(edited.status, LeadStatus::disqualified);
    EXPECT_EQ(edited.status_reason, "duplicate");
}

TEST_P(LeadStatusTest, FindsReportsAndTheBuiltInReportsByStatus) {
    const Id a = add("A"), b = add("B"), c = add("C");
    add("D");
    book.disqualify_lead(a, 1, "no budget");
    book.disqualify_lead(b, 1, "no budget");
    book.disqualify_lead(c, 1, "not a fit");
    EXPECT_EQ(book.leads().count({.where = {{"status", FilterOp::eq, "open"}}}), 1);
    EXPECT_EQ(book.leads().count({.where = {{"status", FilterOp::eq, "disqualified"},
                                            {"status_reason", FilterOp::eq, "no budget"}}}),
              2);
    // Why leads are lost: a report grouped by reason.
    Reports reports(book);
    ReportDefinition lost;
    lost.filters = {{"status", FilterOp::eq, "disqualified"}};
    lost.group_by = {ReportGroupBy{"status_reason", false}};
    auto report = reports.run(lost);
    const auto& groups = report.groups();
    ASSERT_EQ(groups.size(), 2u);
    EXPECT_EQ(groups[0].label, "no budget");
    EXPECT_EQ(groups[0].count, 2);
    EXPECT_EQ(groups[1].label, "not a fit");
    // The built-in reports show open leads only.
    for (auto name : builtin_report_names()) {
        SCOPED_TRACE(std::string(name));
        EXPECT_EQ(reports.run(name).total(), 1);
    }
}

TEST_P(LeadStatusTest, ConversionQualifiesAndADisqualifiedLeadIsReopenedFirst) {
    const Id id = add("Jane");
    book.disqualify_lead(id, 1, "no budget");
    expect_error(ErrorCode::validation, "is disqualified ('no budget'); reopen it",
                 [&] { book.convert_lead(id, 2); });
    EXPECT_TRUE(book.leads().exists(id));
    book.reopen_lead(id, 2);
    const BusinessContact contact = book.convert_lead(id, 3);
    EXPECT_EQ(contact.status, LeadStatus::qualified);
    EXPECT_EQ(book.contacts().count({.where = {{"status", FilterOp::eq, "qualified"}}}), 1);
    expect_error(ErrorCode::validation, "its status does not change", [&] {
        book.contacts().update(id, contact.version, {{"status", "open"}});
    });
}

TEST_P(LeadStatusTest, TheReasonListIsEditable) {
    const auto added = book.disqualify_reasons().add(DisqualifyReason{.name = "Bought elsewhere"});
    expect_error(ErrorCode::conflict, "exists already",
                 [&] { book.disqualify_reasons().add(DisqualifyReason{.name = "NO BUDGET"}); });
    expect_error(ErrorCode::validation, "'name' is required",
                 [&] { book.disqualify_reasons().add(DisqualifyReason{.name = " "}); });
    EXPECT_EQ(book.disqualify_reasons().count(), 6);
    const Id id = add("Jane");
    EXPECT_EQ(book.disqualify_lead(id, 1, "bought elsewhere").status_reason, "Bought elsewhere");
    // A reason deleted from the list stays on its leads, which can still be edited.
    book.disqualify_reasons().remove(added.id);
    EXPECT_EQ(book.leads().update(id, 2, {{"company", "Acme"}}).status_reason, "Bought elsewhere");
    expect_error(ErrorCode::validation, "not a disqualify reason",
                 [&] { book.disqualify_lead(add("Bo"), 1, "Bought elsewhere"); });
}

TEST_P(LeadStatusTest, MergeKeepsTheSurvivorsStatus) {
    const Id a = add("Jane Doe"), b = add("Jane Doe");
    book.disqualify_lead(b, 1, "duplicate");
    const auto result = book.merge({a, 1}, {{b, 2}});
    const Lead survivor = book.leads().get(a);
    EXPECT_EQ(survivor.status, LeadStatus::open);
    EXPECT_EQ(survivor.status_reason, "");
    (void)result;
}

INSTANTIATE_TEST_SUITE_P(Backends, LeadStatusTest,
                         ::testing::Values(Backend::sqlite, Backend::postgres),
                         [](const auto& info) {
                             return info.param == Backend::sqlite ? "SQLite" : "PostgreSQL";
                         });

TEST(LeadStatusMigration, AVersionFiveFileGetsStatusesAndTheReasons) {
    test::TempDir dir;
    const std::string path = dir.file("v5.db");
    Id lead = 0, contact = 0;
    {
        auto book = LeadBook::open(path);
        lead = book.leads().add(test::sample_lead("Jane")).id;
        contact = book.leads().add(test::sample_lead("Ann", 1)).id;
        book.convert_lead(contact, 1);
    }
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    char* error = nullptr;
    ASSERT_EQ(sqlite3_exec(db,
                           "DROP TABLE disqualify_reasons; DROP INDEX records_status;"
                           "ALTER TABLE records DROP COLUMN status;"
                           "ALTER TABLE records DROP COLUMN status_reason;"
                           "DELETE FROM settings WHERE key = 'disqualify_reasons_installed';"
                           "DROP TABLE pick_list_entries;"
                           "DELETE FROM settings WHERE key = 'pick_lists.defaults_installed';"
                           "PRAGMA user_version = 5;",
                           nullptr, nullptr, &error),
              SQLITE_OK)
        << error;
    sqlite3_close(db);
    auto book = LeadBook::open(path);
    EXPECT_EQ(book.leads().get(lead).status, LeadStatus::open);
    EXPECT_EQ(book.contacts().get(contact).status, LeadStatus::qualified);
    EXPECT_EQ(book.disqualify_reasons().count(), 5);
    EXPECT_EQ(book.disqualify_lead(lead, 1, "no budget").status_reason, "no budget");
    EXPECT_TRUE(book.check().ok);
}

TEST(LeadStatusMigration, AVersionOnePostgresDatabaseGetsStatusesAndTheReasons) {
    const std::string db = test::new_postgres_database();
    const std::string uri = "postgresql:///" + db + "?host=" + test::postgres_server_field("host") +
                            "&port=" + test::postgres_server_field("port") +
                            "&user=" + test::postgres_server_field("user");
    Id lead = 0, contact = 0;
    {
        auto book = LeadBook::open(uri);
        lead = book.leads().add(test::sample_lead("Jane")).id;
        contact = book.leads().add(test::sample_lead("Ann", 1)).id;
        book.convert_lead(contact, 1);
    }
    PGconn* conn = PQconnectdb((test::postgres_server() + " dbname=" + db).c_str());
    PGresult* r = PQexec(conn, "DROP TABLE disqualify_reasons;"
                               "ALTER TABLE records DROP COLUMN status;"
                               "ALTER TABLE records DROP COLUMN status_reason;"
                               "DELETE FROM settings WHERE key = 'disqualify_reasons_installed';"
                               "DROP TABLE pick_list_entries;"
                               "DELETE FROM settings WHERE key = 'pick_lists.defaults_installed';"
                               "UPDATE leadbook_schema SET version = 1;");
    EXPECT_EQ(PQresultStatus(r), PGRES_COMMAND_OK) << PQresultErrorMessage(r);
    PQclear(r);
    PQfinish(conn);
    auto book = LeadBook::open(uri);
    EXPECT_EQ(book.leads().get(lead).status, LeadStatus::open);
    EXPECT_EQ(book.contacts().get(contact).status, LeadStatus::qualified);
    EXPECT_EQ(book.disqualify_reasons().count(), 5);
    EXPECT_EQ(book.leads().count({.where = {{"status", FilterOp::eq, "open"}}}), 1);
}

} // namespace
} // namespace leadbook
