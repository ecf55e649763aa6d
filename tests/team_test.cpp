// Working as a team: users, assignment, bulk edit, change notifications.
#include <leadbook/leadbook.hpp>

#include "test_support.hpp"

using namespace leadbook;
using test::expect_error;

namespace {

class Team : public ::testing::Test {
protected:
    void SetUp() override {
        ana = book.users().add({.name = "Ana"}).id;
        bo = book.users().add({.name = "Bo"}).id;
        gone = book.users().add({.name = "Gone", .active = false}).id;
        std::vector<Lead> leads;
        for (int i = 0; i < 40; ++i) {
            Lead l = test::sample_lead("Lead " + std::to_string(i), i);
            l.assigned_to = i % 2 ? ana : bo;
            leads.push_back(l);
        }
        ids = book.leads().add_many(leads);
    }
    std::string snapshot() {
        std::string out;
        for (const auto& l : book.leads().find()) out += serialize_json(to_json(l)) + "\n";
        return out;
    }

    test::TempDir dir;
    LeadBook book = LeadBook::open(dir.file("team.db"));
    Id ana = 0, bo = 0, gone = 0;
    std::vector<Id> ids;
};

} // namespace

TEST_F(Team, AssignByIdsAndByFilter) {
    EXPECT_EQ(book.leads().assign(Selection::of({ids[0], ids[1], ids[2]}), ana),
              2); // ids[1] had Ana
    EXPECT_EQ(book.leads().get(ids[0]).assigned_to, ana);
    EXPECT_EQ(book.leads().get(ids[0]).version, 2);
    EXPECT_EQ(book.leads().get(ids[1]).version, 1); // unchanged, untouched
    auto n = book.leads().assign(Selection::where({{"assigned_to", FilterOp::eq, ana}}), bo);
    EXPECT_EQ(n, 22);
    EXPECT_EQ(book.leads().count({.where = {{"assigned_to", FilterOp::eq, bo}}}), 40);
    EXPECT_EQ(book.leads().assign(Selection::of({ids[5]}), std::nullopt), 1);
    EXPECT_FALSE(book.leads().get(ids[5]).assigned_to);
}

TEST_F(Team, BulkEditSetsAndClearsWithNewVersions) {
    book.set_acting_user(ana);
    Lead before = book.leads().get(ids[20]);
    auto n = book.leads().bulk_edit(Selection::where({{"company", FilterOp::eq, "Company 3"}}),
                                    "rating", "hot");
    EXPECT_EQ(n, 2); // leads 3, 20, 37; lead 3 was hot already
    EXPECT_EQ(book.leads().get(ids[3]).version, 1);
    Lead after = book.leads().get(ids[20]);
    EXPECT_EQ(after.rating, "hot");
    EXPECT_EQ(after.version, before.version + 1);
    EXPECT_GE(after.modified_at, before.modified_at);
    EXPECT_EQ(after.modified_by, ana);
    EXPECT_EQ(after.emails, before.emails); // lists untouched
    EXPECT_EQ(book.leads().bulk_edit(Selection::of(ids), "job_title", nullptr), 40);
    EXPECT_EQ(book.leads().get(ids[9]).job_title, "");
    // Case changes count as changes even on case-insensitive fields.
    EXPECT_EQ(book.leads().bulk_edit(Selection::of({ids[0]}), "company", "COMPANY 0"), 1);
    EXPECT_EQ(book.leads().get(ids[0]).company, "COMPANY 0");
}

TEST_F(Team, BulkEditWorksForAccountsAndCustomisedFieldsAreNamedAsInJson) {
    Account a = book.accounts().add({.name = "Acme"});
    EXPECT_EQ(book.accounts().bulk_edit(Selection::of({a.id}), "notes", "key account"), 1);
    EXPECT_EQ(book.accounts().get(a.id).notes, "key account");
    EXPECT_EQ(book.leads().bulk_edit(Selection::of({ids[1]}), "account_id", a.id), 1);
    EXPECT_EQ(book.leads().get(ids[1]).account_id, a.id);
}

TEST_F(Team, EmptySelectionChangesNothing) {
    std::string before = snapshot();
    EXPECT_EQ(book.leads().bulk_edit(Selection::of({}), "rating", "hot"), 0);
    EXPECT_EQ(book.leads().bulk_edit(Selection::where({{"company", FilterOp::eq, "Nobody"}}),
                                     "rating", "hot"),
              0);
    EXPECT_EQ(book.leads().assign(Selection::where({{"company", FilterOp::eq, "Nobody"}}), ana), 0);
    EXPECT_EQ(snapshot(), before);
}

TEST_F(Team, BadBulkEditsChangeNothing) {
    std::string before = snapshot();
    auto all = Selection::of(ids);
    expect_error(ErrorCode::validation, "'assigned_to': user 999 does not exist",
                 [&] { book.leads().assign(all, 999); });
    expect_error(ErrorCode::validation, "is inactive", [&] { book.leads().assign(all, gone); });
    expect_error(ErrorCode::validation, "unknown field 'colour'",
                 [&] { book.leads().bulk_edit(all, "colour", "red"); });
    expect_error(ErrorCode::validation, "'emails' is a list field and cannot be bulk edited",
                 [&] { book.leads().bulk_edit(all, "emails", boost::json::array{}); });
    expect_error(ErrorCode::validation, "'score.points' is computed",
                 [&] { book.leads().bulk_edit(all, "score.points", 3); });
    expect_error(ErrorCode::validation, "'version' is kept by leadbook",
                 [&] { book.leads().bulk_edit(all, "version", 3); });
    expect_error(ErrorCode::validation, "'modified_at' is kept by leadbook",
                 [&] { book.leads().bulk_edit(all, "modified_at", "2026-01-01T00:00:00Z"); });
    expect_error(ErrorCode::validation, "'id' is kept by leadbook",
                 [&] { book.leads().bulk_edit(all, "id", 3); });
    expect_error(ErrorCode::validation, "'assigned_to' must be a whole number",
                 [&] { book.leads().bulk_edit(Selection::of({}), "assigned_to", "Ana"); });
    expect_error(ErrorCode::validation, "'full_name' is required",
                 [&] { book.leads().bulk_edit(all, "full_name", nullptr); });
    expect_error(ErrorCode::validation, "unknown field 'colour'", [&] {
        book.leads().bulk_edit(Selection::where({{"colour", FilterOp::eq, "red"}}), "rating",
                               "hot");
    });
    expect_error(ErrorCode::not_found, "lead 987654 does not exist", [&] {
        book.leads().bulk_edit(Selection::of({ids[0], 987654}), "rating", "hot");
    });
    EXPECT_EQ(snapshot(), before);
}

TEST_F(Team, OneFailingRecordInTheMiddleStopsTheWholeEdit) {
    // Everyone but one lead in the middle already belongs to the inactive
    // user (kept from before they left); giving that one to them fails.
    Id middle = ids[20];
    book.users().update(gone, 1, parse_json(R"({"active": true})").as_object());
    std::vector<Id> others;
    for (Id id : ids)
        if (id != middle) others.push_back(id);
    book.leads().assign(Selection::of(others), gone);
    book.users().update(gone, 2, parse_json(R"({"active": false})").as_object());
    std::string before = snapshot();
    expect_error(ErrorCode::validation, "lead " + std::to_string(middle) + ": 'assigned_to'",
                 [&] { book.leads().assign(Selection::of(ids), gone); });
    EXPECT_EQ(snapshot(), before);
    // An inactive user keeps what they have.
    EXPECT_EQ(book.leads().count({.where = {{"assigned_to", FilterOp::eq, gone}}}), 39);
}

TEST_F(Team, ListenersHearOncePerTransaction) {
    std::vector<std::vector<ChangeGroup>> heard;
    auto token =
        book.add_change_listener([&](const std::vector<ChangeGroup>& c) { heard.push_back(c); });
    book.leads().bulk_edit(Selection::of(ids), "rating", "cold");
    ASSERT_EQ(heard.size(), 1u);
    ASSERT_EQ(heard[0].size(), 1u);
    EXPECT_EQ(heard[0][0].collection, "leads");
    EXPECT_EQ(heard[0][0].kind, ChangeKind::updated);
    EXPECT_EQ(heard[0][0].ids.size(), 27u); // 13 were cold already
    Lead added = book.leads().add(test::sample_lead("New"));
    ASSERT_EQ(heard.size(), 2u);
    EXPECT_EQ(heard[1][0].kind, ChangeKind::added);
    EXPECT_EQ(heard[1][0].ids, std::vector<Id>{added.id});
    book.leads().remove(added.id);
    EXPECT_EQ(heard.back()[0].kind, ChangeKind::deleted);
    // A failed transaction tells nothing.
    std::size_t calls = heard.size();
    EXPECT_THROW(book.leads().bulk_edit(Selection::of(ids), "full_name", ""), Error);
    EXPECT_EQ(heard.size(), calls);
    // A criterion edit reports the rescored leads with it, in one call.
    auto c = book.criteria_of(RecordType::lead).front();
    book.leads().update(
        ids[0], book.leads().get(ids[0]).version,
        parse_json(R"({"criteria_met": [)" + std::to_string(c.id) + "]}").as_object());
    calls = heard.size();
    book.criteria().update(c.id, c.version, parse_json(R"({"weight": "low"})").as_object());
    ASSERT_EQ(heard.size(), calls + 1);
    ASSERT_EQ(heard.back().size(), 2u);
    EXPECT_EQ(heard.back()[0].collection, "criteria");
    EXPECT_EQ(heard.back()[1].collection, "leads"); // rescored inside the edit
    // max_points moved, so every automatic lead's stored score changed.
    EXPECT_EQ(heard.back()[1].ids.size(), 40u);
    EXPECT_TRUE(book.remove_change_listener(token));
    EXPECT_FALSE(book.remove_change_listener(token));
    book.leads().add(test::sample_lead("Unheard"));
    EXPECT_EQ(heard.size(), calls + 1);
}

TEST_F(Team, ListenerThatThrowsDoesNotUndoTheCommit) {
    book.add_change_listener([](const auto&) { throw std::runtime_error("listener bug"); });
    Lead l = book.leads().add(test::sample_lead("Kept"));
    EXPECT_TRUE(book.leads().try_get(l.id));
}

TEST_F(Team, AUserWithRecordsAssignedIsNotDeleted) {
    const std::string before = snapshot();
    expect_error(ErrorCode::validation,
                 "user " + std::to_string(ana) + " (Ana) has 20 records assigned",
                 [&] { book.users().remove(ana); });
    EXPECT_TRUE(book.users().exists(ana));
    EXPECT_EQ(snapshot(), before);
    // Once her leads are Bo's she can go, and editing them still works.
    book.leads().assign(Selection::where({{"assigned_to", FilterOp::eq, ana}}), bo);
    book.users().remove(ana);
    EXPECT_FALSE(book.users().exists(ana));
    auto lead = book.leads().get(ids[1]);
    EXPECT_EQ(book.leads().update(lead.id, lead.version, {{"company", "Acme"}}).company, "Acme");
    // The acting user stays too.
    book.set_acting_user(bo);
    book.leads().assign(Selection::where({{"assigned_to", FilterOp::eq, bo}}), std::nullopt);
    expect_error(ErrorCode::validation, "is the acting user", [&] { book.users().remove(bo); });
}
