// LeadBook end to end on SQLite files: create, read, update, delete, find.
#include <leadbook/leadbook.hpp>
#include <leadbook/sqlite_storage.hpp>

#include "book_support.hpp"
#include "test_support.hpp"

#include <sqlite3.h>

#include <set>

using namespace leadbook;
using test::expect_error;

namespace {
boost::json::object obj(std::string_view json) { return parse_json(json).as_object(); }
} // namespace

TEST(Leads, AddGetUpdateDeleteOnAFile) {
    test::TempDir dir;
    auto book = LeadBook::open(dir.file("crm.db"));
    User ana = book.users().add(User{.name = "Ana Silva", .email = "ana@example.com"});
    EXPECT_GT(ana.id, 0);
    EXPECT_EQ(ana.version, 1);

    Lead lead = test::sample_lead("Jane Doe");
    lead.assigned_to = ana.id;
    lead.photo.data = test::tiny_png();
    lead.custom = {{"budget", 1200.5}};
    Lead stored = book.leads().add(lead);
    EXPECT_GT(stored.id, 0);
    EXPECT_EQ(stored.version, 1);
    EXPECT_EQ(stored.created_at, stored.modified_at);
    EXPECT_GT(stored.created_at.millis, 0);

    Lead got = book.leads().get(stored.id);
    EXPECT_EQ(to_json(got), to_json(stored));
    EXPECT_EQ(got.emails.size(), 2u);
    EXPECT_EQ(got.addresses.at(0).city, "Springfield");
    EXPECT_TRUE(got.addresses.at(0).mailing);
    EXPECT_EQ(got.photo.data, test::tiny_png());
    EXPECT_EQ(std::get<double>(got.custom.at("budget")), 1200.5);

    Lead updated = book.leads().update(got.id, got.version, obj(R"({"company": "Acme Corp"})"));
    EXPECT_EQ(updated.version, 2);
    EXPECT_EQ(updated.company, "Acme Corp");
    EXPECT_EQ(updated.emails.size(), 2u);
    EXPECT_GE(updated.modified_at, got.modified_at);
    EXPECT_EQ(book.leads().get(got.id).company, "Acme Corp");

    book.leads().remove(got.id);
    EXPECT_FALSE(book.leads().try_get(got.id));
    EXPECT_EQ(book.leads().count(), 0);
}

TEST(Leads, DataSurvivesReopening) {
    test::TempDir dir;
    Id id = 0;
    {
        auto book = LeadBook::open(dir.file("crm.db"));
        id = book.leads().add(test::sample_lead("Jane Doe")).id;
    }
    auto book = LeadBook::open(dir.file("crm.db"));
    EXPECT_EQ(book.leads().get(id).full_name, "Jane Doe");
    EXPECT_EQ(book.leads().get(id).phones.size(), 2u);
}

TEST(Leads, ActingUserIsRecordedInModifiedBy) {
    test::TempDir dir;
    Id ana = 0;
    {
        auto book = LeadBook::open(dir.file("crm.db"));
        ana = book.users().add(User{.name = "Ana"}).id;
    }
    auto book = LeadBook::open(dir.file("crm.db"), {.as_user = ana});
    EXPECT_EQ(book.leads().add(test::sample_lead("Jane")).modified_by, ana);
    book.set_acting_user(std::nullopt);
    EXPECT_FALSE(book.leads().add(test::sample_lead("Joe")).modified_by);
    expect_error(ErrorCode::not_found, "user 999", [&] { book.set_acting_user(999); });
    expect_error(ErrorCode::not_found, "user 999",
                 [&] { LeadBook::open(dir.file("crm.db"), {.as_user = 999}); });
}

TEST(Leads, UpdateReplacesListsAndClearsOptionals) {
    auto book = test::new_book();
    Lead lead = book.leads().add(test::sample_lead("Jane"));
    Lead changed = book.leads().update(
        lead.id, lead.version,
        obj(R"({"emails": [{"label": "new", "address": "new@acme.example"}], "phones": [], "assigned_to": null})"));
    EXPECT_EQ(changed.emails.size(), 1u);
    EXPECT_TRUE(changed.phones.empty());
    Lead again = book.leads().get(lead.id);
    EXPECT_EQ(again.emails.at(0).address, "new@acme.example");
    EXPECT_TRUE(again.phones.empty());
    EXPECT_EQ(again.addresses.size(), 1u);
}

TEST(Leads, ReplaceStoresAWholeRecord) {
    auto book = test::new_book();
    Lead lead = book.leads().add(test::sample_lead("Jane"));
    lead.job_title = "CTO";
    lead.web_pages = {{"site", "https://acme.example"}};
    Lead stored = book.leads().replace(lead);
    EXPECT_EQ(stored.version, 2);
    EXPECT_EQ(book.leads().get(lead.id).web_pages.at(0).url, "https://acme.example");
    expect_error(ErrorCode::conflict, "changed by someone else",
                 [&] { book.leads().replace(lead); });
}

TEST(Leads, AddTimeStampAppendsADatedLine) {
    auto book = test::new_book();
    Id ana = book.users().add(User{.name = "Ana Silva"}).id;
    book.set_acting_user(ana);
    Lead lead = test::sample_lead("Jane");
    lead.notes = "Met at the fair.";
    lead = book.leads().add(lead);
    Lead stamped = book.add_time_stamp(lead.id, lead.version, "called back");
    EXPECT_EQ(stamped.version, lead.version + 1);
    auto newline = stamped.notes.find('\n');
    ASSERT_NE(newline, std::string::npos);
    EXPECT_EQ(stamped.notes.substr(0, newline), "Met at the fair.");
    std::string line = stamped.notes.substr(newline + 1);
    EXPECT_EQ(line.substr(4, 1), "-");
    EXPECT_NE(line.find(" UTC Ana Silva: called back"), std::string::npos) << line;
}

TEST(Leads, AddManyIsOneTransaction) {
    test::TempDir dir;
    auto book = LeadBook::open(dir.file("crm.db"));
    std::vector<Lead> leads;
    for (int i = 0; i < 250; ++i)
        leads.push_back(test::sample_lead("Lead " + std::to_string(i), i));
    auto ids = book.leads().add_many(leads);
    ASSERT_EQ(ids.size(), 250u);
    EXPECT_EQ(book.leads().count(), 250);
    EXPECT_EQ(book.leads().get(ids[17]).full_name, "Lead 17");

    leads[100].full_name = " ";
    expect_error(ErrorCode::validation, "record 100: 'full_name' is required",
                 [&] { book.leads().add_many(leads); });
    EXPECT_EQ(book.leads().count(), 250);
}

// add_many writes records and their lists under ids it has just made, so
// it does not have SQLite look their references up; afterwards, and inside
// a transaction the caller opened, they are checked as always.
TEST(Leads, AddManyChecksReferencesAgainAfterwards) {
    test::TempDir dir;
    const std::string path = dir.file("crm.db");
    auto book = LeadBook::open(path);
    std::vector<Lead> leads;
    for (int i = 0; i < 100; ++i)
        leads.push_back(test::sample_lead("Lead " + std::to_string(i), i));
    book.leads().add_many(leads);
    EXPECT_TRUE(test::refuses_orphan_rows(book));

    leads[50].full_name = "";
    EXPECT_THROW(book.leads().add_many(leads), Error);
    EXPECT_TRUE(test::refuses_orphan_rows(book));

    leads[50].full_name = "Lead 50";
    book.write_transaction([&] {
        book.leads().add_many(leads);
        EXPECT_TRUE(test::refuses_orphan_rows(book));
    });
    EXPECT_EQ(book.leads().count(), 200);

    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &s, nullptr), SQLITE_OK);
    EXPECT_EQ(sqlite3_step(s), SQLITE_DONE); // no row refers to a missing one
    sqlite3_finalize(s);
    sqlite3_close(db);
}

TEST(Leads, FindFiltersSortsAndStreams) {
    test::TempDir dir;
    auto book = LeadBook::open(dir.file("crm.db"));
    Id ana = book.users().add(User{.name = "Ana"}).id;
    Id bo = book.users().add(User{.name = "Bo"}).id;
    for (int i = 0; i < 30; ++i) {
        Lead lead = test::sample_lead("Lead " + std::to_string(100 + i), i);
        lead.assigned_to = i % 3 == 0 ? ana : bo;
        book.leads().add(lead);
    }
    RecordQuery q;
    q.where = {{"assigned_to", FilterOp::eq, ana}};
    q.order_by = {"-full_name"};
    std::vector<std::string> names;
    for (const Lead& lead : book.leads().find(q)) names.push_back(lead.full_name);
    ASSERT_EQ(names.size(), 10u);
    EXPECT_EQ(names.front(), "Lead 127");
    EXPECT_EQ(names.back(), "Lead 100");
    EXPECT_EQ(book.leads().count(q), 10);

    q.limit = 4;
    q.offset = 2;
    auto page = book.leads().find(q);
    EXPECT_EQ(page.next()->full_name, "Lead 121");
    EXPECT_EQ(book.leads().count(q), 4);

    RecordQuery by_rating;
    by_rating.where = {{"rating", FilterOp::in, boost::json::array{"hot", "warm"}},
                       {"company", FilterOp::starts_with, "company 1"}};
    std::int64_t expected = 0;
    for (int i = 0; i < 30; ++i)
        if (i % 3 != 2 && std::to_string(i % 17).starts_with("1")) ++expected;
    EXPECT_EQ(book.leads().count(by_rating), expected);

    RecordQuery by_stars;
    by_stars.where = {{"score.stars", FilterOp::ge, 0}};
    by_stars.order_by = {"-modified_at", "score.stars"};
    EXPECT_EQ(book.leads().count(by_stars), 30);
}

TEST(Leads, FindByAnEntryOfAList) {
    auto book = test::new_book();
    Lead jane = test::sample_lead("Jane");
    jane.emails = {{"home", "jane@home.example"}, {"work", "Jane.Doe@Acme.example"}};
    jane.phones = {{"mobile", "+1 555 0100"}};
    const Id jane_id = book.leads().add(jane).id;
    Lead bob = test::sample_lead("Bob");
    bob.emails = {{"work", "bob@acme.example"}};
    bob.phones = {{"mobile", "+1 555 0142"}};
    book.leads().add(bob);

    auto ids = [&](RecordQuery q) {
        std::vector<Id> out;
        for (const Lead& lead : book.leads().find(q)) out.push_back(lead.id);
        return out;
    };
    // E-mail addresses compare without case, like the column stores them.
    EXPECT_EQ(ids({.where = {{"emails.address", FilterOp::has, "jane.doe@acme.EXAMPLE"}}}),
              (std::vector<Id>{jane_id}));
    EXPECT_EQ(ids({.where = {{"phones.number", FilterOp::has, "+1 555 0100"}}}),
              (std::vector<Id>{jane_id}));
    EXPECT_TRUE(ids({.where = {{"emails.address", FilterOp::has, "nobody@acme.example"}}}).empty());
    EXPECT_EQ(book.leads().count({.where = {{"emails.label", FilterOp::has, "work"}}}), 2);
    expect_error(ErrorCode::validation, "'emails.nope' is neither", [&] {
        book.leads().count({.where = {{"emails.nope", FilterOp::has, "x"}}});
    });
    expect_error(ErrorCode::validation, "needs a text value", [&] {
        book.leads().count({.where = {{"emails.address", FilterOp::has, 7}}});
    });
}

TEST(Leads, FindRejectsBadQueries) {
    auto book = test::new_book();
    auto count = [&](Filter f) {
        RecordQuery q;
        q.where.push_back(std::move(f));
        return book.leads().count(q);
    };
    expect_error(ErrorCode::validation, "unknown field 'nope'", [&] {
        count({"nope", FilterOp::eq, 1});
    });
    expect_error(ErrorCode::validation, "'emails' is a list", [&] {
        count({"emails", FilterOp::eq, "x"});
    });
    expect_error(ErrorCode::validation, "unknown operator 42; use one of: eq, ne, lt,", [&] {
        count({"company", static_cast<FilterOp>(42), "x"});
    });
    expect_error(ErrorCode::validation, "'assigned_to' must be a whole number", [&] {
        count({"assigned_to", FilterOp::eq, "ana"});
    });
    expect_error(ErrorCode::validation, "non-empty list", [&] {
        count({"rating", FilterOp::in, boost::json::array{}});
    });
    expect_error(ErrorCode::validation, "needs a text field", [&] {
        count({"version", FilterOp::contains, 1});
    });
    RecordQuery sort;
    sort.order_by = {"-nope"};
    expect_error(ErrorCode::validation, "unknown field 'nope'", [&] { book.leads().find(sort); });
}

TEST(Leads, AccountsAndUsersHaveTheSameOperations) {
    auto book = test::new_book();
    Account acme = book.accounts().add(Account{.name = "Acme"});
    Lead lead = test::sample_lead("Jane");
    lead.account_id = acme.id;
    EXPECT_EQ(book.leads().add(lead).account_id, acme.id);
    Account renamed = book.accounts().update(acme.id, 1, obj(R"({"name": "Acme Inc"})"));
    EXPECT_EQ(renamed.name, "Acme Inc");
    EXPECT_EQ(book.accounts().count(), 1);
    User u = book.users().add(User{.name = "Ana", .email = "ana@example.com"});
    EXPECT_EQ(book.users().update(u.id, 1, obj(R"({"active": false})")).active, false);
    EXPECT_EQ(book.users().count({.where = {{"active", FilterOp::eq, false}}}), 1);
}

TEST(Leads, NewFileHasSchemaVersionWalAndApplicationId) {
    test::TempDir dir;
    { auto book = LeadBook::open(dir.file("crm.db")); }
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(dir.file("crm.db").c_str(), &db), SQLITE_OK);
    auto pragma = [&](const char* sql) {
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(db, sql, -1, &s, nullptr);
        sqlite3_step(s);
        std::string out = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
        sqlite3_finalize(s);
        return out;
    };
    EXPECT_EQ(pragma("PRAGMA user_version"), std::to_string(sqlite_schema_version()));
    EXPECT_EQ(pragma("PRAGMA journal_mode"), "wal");
    EXPECT_EQ(pragma("PRAGMA application_id"), std::to_string(0x4C44424B));
    EXPECT_EQ(pragma("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = "
                     "'records_assigned_to'"),
              "1");
    sqlite3_close(db);
}

TEST(Leads, ABusyDatabaseFailsCleanlyAndWorksAfterwards) {
    test::TempDir dir;
    const std::string path = dir.file("busy.db");
    Lead lead;
    { lead = LeadBook::open(path).leads().add(test::sample_lead("Jane")); }
    auto book = LeadBook::open(path, {.busy_timeout_ms = 0});
    sqlite3* other = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &other), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
    expect_error(ErrorCode::busy, "locked", [&] {
        book.leads().update(lead.id, lead.version, obj(R"({"company": "Acme"})"));
    });
    sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(other);
    // The failed BEGIN left nothing behind: reads and writes work again.
    EXPECT_EQ(book.leads().get(lead.id).company, lead.company);
    EXPECT_EQ(book.leads().update(lead.id, lead.version, obj(R"({"company": "Acme"})")).company,
              "Acme");
}

TEST(Leads, LibraryVersionIsTheHeadersVersion) {
    // Both come from project(VERSION) through the generated leadbook/version.h.
    EXPECT_EQ(library_version(), LEADBOOK_VERSION_STRING);
    EXPECT_EQ(std::string(library_version()), std::to_string(LEADBOOK_VERSION_MAJOR) + "." +
                                                  std::to_string(LEADBOOK_VERSION_MINOR) + "." +
                                                  std::to_string(LEADBOOK_VERSION_PATCH));
    EXPECT_EQ(LEADBOOK_VERSION_NUMBER, LEADBOOK_VERSION_MAJOR * 10000 +
                                           LEADBOOK_VERSION_MINOR * 100 + LEADBOOK_VERSION_PATCH);
}

TEST(Leads, UpdateLatestAppliesChangesToTheCurrentVersion) {
    test::TempDir dir;
    auto mine = LeadBook::open(dir.file("crm.db"));
    auto theirs = LeadBook::open(dir.file("crm.db"));
    Lead read = mine.leads().add(test::sample_lead("Jane Doe"));
    // Someone else saves the lead after it was read here.
    theirs.leads().update(read.id, read.version, obj(R"({"company": "Acme Corp"})"));
    expect_error(ErrorCode::conflict, "",
                 [&] { mine.leads().update(read.id, read.version, obj(R"({"rating": "hot"})")); });
    Lead latest = mine.leads().update_latest(read.id, obj(R"({"rating": "hot"})"));
    EXPECT_EQ(latest.version, read.version + 2);
    EXPECT_EQ(latest.rating, "hot");
    EXPECT_EQ(latest.company, "Acme Corp"); // their change is kept
    EXPECT_EQ(to_json(theirs.leads().get(read.id)), to_json(latest));

    expect_error(ErrorCode::not_found, "",
                 [&] { mine.leads().update_latest(read.id + 1000, obj(R"({"rating": "hot"})")); });
    expect_error(ErrorCode::validation, "version",
                 [&] { mine.leads().update_latest(read.id, obj(R"({"version": 9})")); });
    expect_error(ErrorCode::validation, "full_name",
                 [&] { mine.leads().update_latest(read.id, obj(R"({"full_name": " "})")); });
    EXPECT_EQ(mine.leads().get(read.id).version, latest.version); // failures change nothing
}

// Editing each lead of a find ordered by modification time moves it to the
// end of that order: the find still returns each lead once, as it was.
TEST(Leads, EditingEachLeadOfAFindReturnsEachOnce) {
    for (const std::string& path : {std::string("crm.db"), std::string(":memory:")}) {
        test::TempDir dir;
        auto book = LeadBook::open(path == ":memory:" ? path : dir.file(path));
        std::vector<Lead> leads(100);
        // Ordered by modification time: every lead was added in one call.
        for (std::size_t i = 0; i < leads.size(); ++i) {
            leads[i].full_name = "Lead " + std::to_string(i);
            leads[i].emails.push_back({"work", "lead" + std::to_string(i) + "@example.com"});
        }
        book.leads().add_many(leads);
        std::set<Id> seen;
        std::size_t returned = 0;
        for (const Lead& lead : book.leads().find({.order_by = {"modified_at"}})) {
            ASSERT_LT(++returned, 1000u) << "the find does not end";
            EXPECT_TRUE(seen.insert(lead.id).second) << "lead " << lead.id << " came twice";
            EXPECT_EQ(lead.version, 1);
            ASSERT_EQ(lead.emails.size(), 1u);
            book.leads().update(lead.id, lead.version, {{"job_title", "edited"}});
        }
        EXPECT_EQ(seen.size(), 100u) << path;
        EXPECT_EQ(book.leads().count({.where = {{"job_title", FilterOp::eq, "edited"}}}), 100);
        // Inside a transaction, writing while a find is open is refused at once.
        Transaction tx(book.storage(), true);
        auto cursor = book.leads().find();
        ASSERT_TRUE(cursor.next());
        Lead extra;
        extra.full_name = "Extra";
        test::expect_error(ErrorCode::conflict, "still being read",
                           [&] { book.leads().add(extra); });
        while (cursor.next()) {}
        book.leads().add(extra);
        tx.commit();
        EXPECT_EQ(book.leads().count(), 101);
    }
}
