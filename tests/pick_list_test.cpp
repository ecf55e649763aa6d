// The pick lists of leads and business contacts (rating, source): the
// default lists, a rating refused when not in its list, a typed source
// joining its list, renames the records follow, deletes refused while in
// use unless a replacement is named, reordering; on SQLite and PostgreSQL.
#include <leadbook/leadbook.hpp>
#include <leadbook/reports.hpp>

#include "postgres_support.hpp"
#include "test_support.hpp"

#include <sqlite3.h>

#include <string>
#include <vector>

using namespace leadbook;
using test::expect_error;

namespace {

boost::json::object obj(std::string_view json) { return parse_json(json).as_object(); }

std::vector<std::string> names(const std::vector<PickListEntry>& entries) {
    std::vector<std::string> out;
    for (const auto& e : entries) out.push_back(e.name);
    return out;
}

/// Every lead and contact and every pick-list entry as JSON: what "nothing
/// changed" compares.
std::vector<std::string> snapshot(LeadBook& book) {
    std::vector<std::string> out;
    for (const auto& lead : book.leads().find({.order_by = {"id"}}))
        out.push_back(serialize_json(to_json(lead)));
    for (const auto& contact : book.contacts().find({.order_by = {"id"}}))
        out.push_back(serialize_json(to_json(contact)));
    for (const auto& entry : book.pick_lists().find({.order_by = {"id"}}))
        out.push_back(serialize_json(to_json(entry)));
    return out;
}

Lead lead(std::string name, std::string rating, std::string source = {}) {
    Lead l;
    l.full_name = std::move(name);
    l.rating = std::move(rating);
    l.source = std::move(source);
    return l;
}

const PickListEntry& entry(const std::vector<PickListEntry>& list, std::string_view name) {
    for (const auto& e : list)
        if (e.name == name) return e;
    throw std::logic_error("no entry " + std::string(name));
}

class PickLists : public ::testing::TestWithParam<std::string> {
protected:
    LeadBook open() {
        return LeadBook::open(GetParam() == "sqlite" ? ":memory:" : test::new_postgres_uri());
    }
};

TEST_P(PickLists, DefaultListsPerRecordType) {
    auto book = open();
    EXPECT_EQ(names(book.pick_list(RecordType::lead, PickList::rating)),
              (std::vector<std::string>{"Hot", "Warm", "Cold"}));
    EXPECT_EQ(names(book.pick_list(RecordType::business_contact, PickList::rating)),
              (std::vector<std::string>{"Hot", "Warm", "Cold"}));
    const auto sources = names(book.pick_list(RecordType::lead, PickList::source));
    EXPECT_EQ(sources.front(), "advertisement");
    EXPECT_EQ(sources.back(), "other");
    EXPECT_EQ(sources.size(), 11u);
}

TEST_P(PickLists, RatingNotInTheListIsRefusedNamingTheChoices) {
    auto book = open();
    const Lead warm = book.leads().add(lead("Ann", "warm"));
    EXPECT_EQ(warm.rating, "warm"); // any case
    const auto before = snapshot(book);
    expect_error(ErrorCode::validation,
                 "'rating': 'scorching' is not in the rating list of leads; choose one of "
                 "'Hot', 'Warm', 'Cold'",
                 [&] { book.leads().add(lead("Bob", "scorching")); });
    expect_error(ErrorCode::validation, "'scorching' is not in the rating list", [&] {
        book.leads().update(warm.id, warm.version, obj(R"({"rating": "scorching"})"));
    });
    expect_error(ErrorCode::validation, "'scorching' is not in the rating list",
                 [&] { book.leads().bulk_edit(Selection::of({warm.id}), "rating", "scorching"); });
    EXPECT_EQ(snapshot(book), before);
    // A list's own entries are per record type.
    book.pick_lists().add({.record_type = RecordType::business_contact,
                           .list = PickList::rating,
                           .name = "Lukewarm"});
    expect_error(ErrorCode::validation, "not in the rating list of leads",
                 [&] { book.leads().add(lead("Cy", "Lukewarm")); });
}

TEST_P(PickLists, ATypedSourceJoinsTheListOnce) {
    auto book = open();
    book.leads().add(lead("Ann", "", "Webinar"));
    book.leads().add(lead("Bob", "", "webinar"));
    book.leads().bulk_edit(Selection::of({book.leads().add(lead("Cy", "")).id}), "source",
                           "Podcast");
    auto sources = names(book.pick_list(RecordType::lead, PickList::source));
    ASSERT_EQ(sources.size(), 13u);
    EXPECT_EQ(sources[11], "Webinar");
    EXPECT_EQ(sources[12], "Podcast");
    // The contacts' list is their own.
    EXPECT_EQ(book.pick_list(RecordType::business_contact, PickList::source).size(), 11u);
}

TEST_P(PickLists, RenameMovesTheRecordsInTheSameTransaction) {
    auto book = open();
    const Lead a = book.leads().add(lead("Ann", "Hot"));
    const Lead b = book.leads().add(lead("Bob", "hot"));
    const Lead c = book.leads().add(lead("Cy", "Warm"));
    BusinessContact contact;
    contact.full_name = "Dee";
    contact.rating = "Hot";
    contact = book.contacts().add(contact);
    std::vector<ChangeGroup> heard;
    book.add_change_listener([&](const std::vector<ChangeGroup>& g) { heard = g; });

    const auto hot = entry(book.pick_list(RecordType::lead, PickList::rating), "Hot");
    const auto renamed =
        book.pick_lists().update(hot.id, hot.version, obj(R"({"name": "Burning"})"));
    EXPECT_EQ(renamed.name, "Burning");
    EXPECT_EQ(book.leads().get(a.id).rating, "Burning");
    EXPECT_EQ(book.leads().get(a.id).version, a.version + 1);
    EXPECT_EQ(book.leads().get(b.id).rating, "Burning");
    EXPECT_EQ(to_json(book.leads().get(c.id)), to_json(c));
    EXPECT_EQ(to_json(book.contacts().get(contact.id)), to_json(contact));
    ASSERT_EQ(heard.size(), 2u); // one transaction: the leads and the entry
    EXPECT_EQ(heard[0].collection, "leads");
    EXPECT_EQ(heard[0].ids, (std::vector<Id>{a.id, b.id}));
    EXPECT_EQ(heard[1].collection, "pick_lists");
}

TEST_P(PickLists, SavedReportsFollowARenameAndADeleteWithAReplacement) {
    auto book = open();
    book.leads().add(lead("Ann", "Hot", "referral"));
    Reports reports(book);
    reports.save("Hot or warm", parse_report_definition(R"({
        "filters": [{"field": "rating", "op": "in", "value": ["hot", "Warm"]},
                    {"any": [{"field": "source", "value": "referral"},
                             {"field": "rating", "value": "HOT", "negate": true}]}]})"));
    const std::string contacts = R"({"record_type": "business_contacts",
        "filters": [{"field": "rating", "value": "Hot"}]})";
    reports.save("Hot contacts", parse_report_definition(contacts), "Business Contacts");
    const auto contacts_before = reports.open("Hot contacts");

    const auto hot = entry(book.pick_list(RecordType::lead, PickList::rating), "Hot");
    book.pick_lists().update(hot.id, hot.version, obj(R"({"name": "Burning"})"));
    auto definition = reports.open("Hot or warm");
    EXPECT_EQ(definition.filters[0].value, parse_json(R"(["Burning", "Warm"])"));
    EXPECT_EQ(definition.filters[1].any[0].value, "referral");
    EXPECT_EQ(definition.filters[1].any[1].value, "Burning");
    // The contacts' rating list is another list.
    EXPECT_EQ(reports.open("Hot contacts"), contacts_before);
    EXPECT_EQ(reports.run("Hot or warm").total(), 1);

    // Records moved to a replacement take the saved reports with them.
    const auto referral = entry(book.pick_list(RecordType::lead, PickList::source), "referral");
    EXPECT_EQ(book.delete_pick_list_entry(referral.id, "partner"), 1);
    definition = reports.open("Hot or warm");
    EXPECT_EQ(definition.filters[1].any[0].value, "partner");
    EXPECT_EQ(reports.run("Hot or warm").total(), 1);
}

TEST_P(PickLists, RenameToATakenNameIsAConflict) {
    auto book = open();
    book.leads().add(lead("Ann", "Warm"));
    const auto before = snapshot(book);
    const auto warm = entry(book.pick_list(RecordType::lead, PickList::rating), "Warm");
    expect_error(ErrorCode::conflict, "'name': the rating list of leads has 'Hot' already", [&] {
        book.pick_lists().update(warm.id, warm.version, obj(R"({"name": "HOT"})"));
    });
    expect_error(ErrorCode::conflict, "has 'Hot' already", [&] {
        book.pick_lists().add(
            {.record_type = RecordType::lead, .list = PickList::rating, .name = "hot"});
    });
    EXPECT_EQ(snapshot(book), before);
}

TEST_P(PickLists, DeleteInUseNeedsAReplacement) {
    auto book = open();
    const Lead a = book.leads().add(lead("Ann", "Cold", "partner"));
    const Lead b = book.leads().add(lead("Bob", "Warm", "partner"));
    const auto before = snapshot(book);
    const auto cold = entry(book.pick_list(RecordType::lead, PickList::rating), "Cold");
    expect_error(ErrorCode::validation,
                 "'Cold' of the rating list of leads is held by 1 records; name a replacement",
                 [&] { book.pick_lists().remove(cold.id); });
    expect_error(ErrorCode::validation, "is held by 1 records",
                 [&] { book.delete_pick_list_entry(cold.id); });
    expect_error(ErrorCode::validation, "replacement 'Tepid' is not in the rating list of leads",
                 [&] { book.delete_pick_list_entry(cold.id, "Tepid"); });
    expect_error(ErrorCode::validation, "is the entry being deleted",
                 [&] { book.delete_pick_list_entry(cold.id, "cold"); });
    EXPECT_EQ(snapshot(book), before);

    EXPECT_EQ(book.delete_pick_list_entry(cold.id, "warm"), 1);
    EXPECT_EQ(book.leads().get(a.id).rating, "Warm");
    EXPECT_EQ(book.leads().get(a.id).version, a.version + 1);
    EXPECT_EQ(to_json(book.leads().get(b.id)), to_json(b));
    EXPECT_EQ(names(book.pick_list(RecordType::lead, PickList::rating)),
              (std::vector<std::string>{"Hot", "Warm"}));
    // "" clears the field; an entry nobody holds goes at once.
    const auto partner = entry(book.pick_list(RecordType::lead, PickList::source), "partner");
    EXPECT_EQ(book.delete_pick_list_entry(partner.id, ""), 2);
    EXPECT_EQ(book.leads().get(b.id).source, "");
    const auto seminar = entry(book.pick_list(RecordType::lead, PickList::source), "seminar");
    book.pick_lists().remove(seminar.id);
    EXPECT_EQ(book.pick_list(RecordType::lead, PickList::source).size(), 9u);
}

TEST(PickListOrder, ReorderAndNewEntriesAtTheEnd) {
    auto book = LeadBook::open(":memory:");
    const auto added = book.pick_lists().add({.record_type = RecordType::lead,
                                              .list = PickList::rating,
                                              .name = "Frozen",
                                              .position = -5});
    EXPECT_EQ(names(book.pick_list(RecordType::lead, PickList::rating)),
              (std::vector<std::string>{"Hot", "Warm", "Cold", "Frozen"}));
    const auto before = snapshot(book);
    expect_error(ErrorCode::validation, "leaves out 'Frozen'", [&] {
        book.reorder_pick_list(RecordType::lead, PickList::rating, {"Cold", "Warm", "Hot"});
    });
    expect_error(ErrorCode::validation, "'Tepid' is not in the rating list of leads",
                 [&] { book.reorder_pick_list(RecordType::lead, PickList::rating, {"Tepid"}); });
    expect_error(ErrorCode::validation, "'Hot' is named twice", [&] {
        book.reorder_pick_list(RecordType::lead, PickList::rating, {"Hot", "hot"});
    });
    EXPECT_EQ(snapshot(book), before);
    const auto order = book.reorder_pick_list(RecordType::lead, PickList::rating,
                                              {"frozen", "Cold", "Warm", "Hot"});
    EXPECT_EQ(names(order), (std::vector<std::string>{"Frozen", "Cold", "Warm", "Hot"}));
    EXPECT_EQ(names(book.pick_list(RecordType::lead, PickList::rating)), names(order));
    EXPECT_NE(added.position, order.front().position);
    expect_error(ErrorCode::validation, "'list' of a pick-list entry cannot be changed", [&] {
        book.pick_lists().update(added.id, order.front().version, obj(R"({"list": "source"})"));
    });
}

TEST(PickListOrder, ARatingStoredOutsideTheListStaysUntilChanged) {
    test::TempDir dir;
    const std::string path = dir.file("old.db");
    Id id = 0;
    {
        auto book = LeadBook::open(path);
        id = book.leads().add(lead("Ann", "Cold")).id;
    }
    // As an older leadbook stored it, when any rating was taken.
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    ASSERT_EQ(
        sqlite3_exec(db, "UPDATE records SET rating = 'scorching'", nullptr, nullptr, nullptr),
        SQLITE_OK);
    sqlite3_close(db);
    auto book = LeadBook::open(path);
    auto current = book.leads().get(id);
    current = book.leads().update(id, current.version, obj(R"({"notes": "called"})"));
    EXPECT_EQ(current.rating, "scorching");
    expect_error(ErrorCode::validation, "'Scorching!' is not in the rating list", [&] {
        book.leads().update(id, current.version, obj(R"({"rating": "Scorching!"})"));
    });
}

TEST(PickListOrder, AVersionSixFileGetsTheDefaultLists) {
    test::TempDir dir;
    const std::string path = dir.file("v5.db");
    {
        auto book = LeadBook::open(path);
        book.leads().add(lead("Ann", "", "fair"));
    }
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    char* error = nullptr;
    ASSERT_EQ(sqlite3_exec(db,
                           "DROP TABLE pick_list_entries;"
                           "DELETE FROM settings WHERE key = 'pick_lists.defaults_installed';"
                           "PRAGMA user_version = 6;",
                           nullptr, nullptr, &error),
              SQLITE_OK)
        << error;
    sqlite3_close(db);
    auto book = LeadBook::open(path);
    EXPECT_EQ(book.pick_list(RecordType::lead, PickList::rating).size(), 3u);
    EXPECT_EQ(book.pick_list(RecordType::business_contact, PickList::source).size(), 11u);
    EXPECT_TRUE(book.check().ok);
}

TEST(PickListOrder, APostgresVersionTwoBookGetsTheTableAndTheDefaultLists) {
    const std::string db = test::new_postgres_database();
    const std::string conninfo = test::postgres_server() + " dbname=" + db;
    {
        LeadBook::open("postgresql:///" + db + "?host=" + test::postgres_server_field("host") +
                       "&port=" + test::postgres_server_field("port") +
                       "&user=" + test::postgres_server_field("user"));
    }
    // As version 2 left it: no pick-list table, no setting.
    PGconn* conn = PQconnectdb(conninfo.c_str());
    PGresult* r = PQexec(conn, "DROP TABLE pick_list_entries; DELETE FROM settings WHERE key = "
                               "'pick_lists.defaults_installed'; UPDATE leadbook_schema SET "
                               "version = 2");
    EXPECT_EQ(PQresultStatus(r), PGRES_COMMAND_OK) << PQresultErrorMessage(r);
    PQclear(r);
    PQfinish(conn);
    auto book =
        LeadBook::open("postgresql:///" + db + "?host=" + test::postgres_server_field("host") +
                       "&port=" + test::postgres_server_field("port") +
                       "&user=" + test::postgres_server_field("user"));
    EXPECT_EQ(names(book.pick_list(RecordType::lead, PickList::rating)),
              (std::vector<std::string>{"Hot", "Warm", "Cold"}));
    book.leads().add(lead("Ann", "Warm", "fair"));
    EXPECT_EQ(book.pick_list(RecordType::lead, PickList::source).back().name, "fair");
}

INSTANTIATE_TEST_SUITE_P(Backends, PickLists, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

} // namespace
