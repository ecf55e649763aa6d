// Bulk edits that change each record in its own way (the score, one
// user-defined field, one criterion met), and single edits that name one
// user-defined field.
#include <leadbook/leadbook.hpp>

#include "book_support.hpp"
#include "test_support.hpp"

#include <vector>

using namespace leadbook;
using test::expect_error;

namespace {

boost::json::object obj(std::string_view json) { return parse_json(json).as_object(); }

/// Every lead as JSON, by id: what "nothing changed" compares.
std::vector<std::string> snapshot(LeadBook& book) {
    std::vector<std::string> out;
    for (const auto& lead : book.leads().find({.order_by = {"id"}}))
        out.push_back(serialize_json(to_json(lead)));
    return out;
}

Id criterion_id(LeadBook& book, std::string_view description) {
    for (const auto& c : book.criteria_of(RecordType::lead))
        if (c.description == description) return c.id;
    throw std::logic_error("no such criterion");
}

} // namespace

TEST(SingleEdit, NamingOneCustomFieldKeepsTheOthers) {
    auto book = test::new_book();
    Lead lead;
    lead.full_name = "Jane Doe";
    lead.custom = {{"Region", std::string("EMEA")}, {"Budget", 1200.0}};
    lead = book.leads().add(lead);

    auto updated = book.leads().update(lead.id, lead.version, obj(R"({"custom": {"Other": 1}})"));
    ASSERT_EQ(updated.custom.size(), 3u);
    EXPECT_EQ(std::get<std::string>(updated.custom.at("Region")), "EMEA");
    EXPECT_EQ(std::get<double>(updated.custom.at("Budget")), 1200.0);
    EXPECT_EQ(std::get<double>(updated.custom.at("Other")), 1.0);
    EXPECT_EQ(to_json(book.leads().get(lead.id)), to_json(updated));

    // null clears that field only.
    updated = book.leads().update(lead.id, updated.version, obj(R"({"custom": {"Budget": null}})"));
    EXPECT_EQ(updated.custom.size(), 2u);
    EXPECT_FALSE(updated.custom.contains("Budget"));
    EXPECT_TRUE(updated.custom.contains("Region"));
}

TEST(SingleEdit, ABadCustomValueChangesNoOtherField) {
    auto book = test::new_book();
    Lead lead;
    lead.full_name = "Jane Doe";
    lead.custom = {{"Region", std::string("EMEA")}};
    lead = book.leads().add(lead);
    expect_error(ErrorCode::validation, "custom.Bad", [&] {
        book.leads().update(lead.id, lead.version,
                            obj(R"({"custom": {"Other": 1, "Bad": [1, 2]}})"));
    });
    EXPECT_EQ(to_json(book.leads().get(lead.id)), to_json(lead));
}

TEST(BulkEdit, ManualStarsAndBackToAutomatic) {
    auto book = test::new_book();
    const Id budget = criterion_id(book, "Budget confirmed");
    std::vector<Lead> leads(3);
    leads[0].full_name = "A";
    leads[1].full_name = "B";
    leads[2].full_name = "C";
    leads[1].criteria_met = {budget};
    auto ids = book.leads().add_many(leads);
    const auto automatic_b = book.leads().get(ids[1]).score;
    ASSERT_GT(automatic_b.stars, 0);

    EXPECT_EQ(book.leads().bulk_edit(Selection::of(ids), "score.stars", 4), 3);
    for (Id id : ids) {
        auto lead = book.leads().get(id);
        EXPECT_EQ(lead.score.mode, ScoreMode::manual);
        EXPECT_EQ(lead.score.stars, 4);
        EXPECT_EQ(lead.version, 2);
    }
    // The same again changes nothing.
    EXPECT_EQ(book.leads().bulk_edit(Selection::of(ids), "score.stars", 4), 0);

    EXPECT_EQ(book.leads().bulk_edit(Selection::of(ids), "score.mode", "automatic"), 3);
    EXPECT_EQ(book.leads().get(ids[0]).score.stars, 0);
    EXPECT_EQ(book.leads().get(ids[1]).score, automatic_b);
    EXPECT_EQ(book.leads().get(ids[1]).version, 3);

    // null stars: automatic as well.
    book.leads().bulk_edit(Selection::of({ids[2]}), "score.stars", 2);
    EXPECT_EQ(book.leads().bulk_edit(Selection::of({ids[2]}), "score.stars", nullptr), 1);
    EXPECT_EQ(book.leads().get(ids[2]).score.mode, ScoreMode::automatic);
}

TEST(BulkEdit, StarsOutOfRangeChangeNothing) {
    auto book = test::new_book();
    std::vector<Lead> leads(2);
    leads[0].full_name = "A";
    leads[1].full_name = "B";
    auto ids = book.leads().add_many(leads);
    const auto before = snapshot(book);
    expect_error(ErrorCode::validation, "score.stars",
                 [&] { book.leads().bulk_edit(Selection::of(ids), "score.stars", 6); });
    expect_error(ErrorCode::validation, "score.mode",
                 [&] { book.leads().bulk_edit(Selection::of(ids), "score.mode", "sometimes"); });
    expect_error(ErrorCode::validation, "computed from criteria",
                 [&] { book.leads().bulk_edit(Selection::of(ids), "score.points", 3); });
    EXPECT_EQ(snapshot(book), before);
}

TEST(BulkEdit, ContactStars) {
    auto book = test::new_book();
    BusinessContact contact;
    contact.full_name = "Jane Doe";
    contact = book.contacts().add(contact);
    EXPECT_EQ(book.contacts().bulk_edit(Selection::of({contact.id}), "score.stars", 5), 1);
    EXPECT_EQ(book.contacts().get(contact.id).score.stars, 5);
}

TEST(BulkEdit, OneCustomFieldReadByItsDefinitionsType) {
    auto book = test::new_book();
    book.fields().add(FieldDefinition{.name = "Budget", .type = FieldType::number});
    book.fields().add(FieldDefinition{.name = "Signed", .type = FieldType::yes_no});
    book.fields().add(FieldDefinition{.name = "Due", .type = FieldType::date});
    book.fields().add(FieldDefinition{.name = "Zip", .type = FieldType::text});
    std::vector<Lead> leads(2);
    leads[0].full_name = "A";
    leads[0].custom = {{"Region", std::string("EMEA")}};
    leads[1].full_name = "B";
    auto ids = book.leads().add_many(leads);

    EXPECT_EQ(book.leads().bulk_edit(Selection::of(ids), "custom.Budget", "1500.5"), 2);
    EXPECT_EQ(book.leads().bulk_edit(Selection::of(ids), "custom.Signed", "yes"), 2);
    EXPECT_EQ(book.leads().bulk_edit(Selection::of(ids), "custom.Due", "2026-12-24"), 2);
    EXPECT_EQ(book.leads().bulk_edit(Selection::of(ids), "custom.Zip", 1234), 2);
    auto a = book.leads().get(ids[0]);
    EXPECT_EQ(std::get<double>(a.custom.at("Budget")), 1500.5);
    EXPECT_EQ(std::get<bool>(a.custom.at("Signed")), true);
    EXPECT_EQ(std::get<Date>(a.custom.at("Due")), *Date::parse("2026-12-24"));
    EXPECT_EQ(std::get<std::string>(a.custom.at("Zip")), "1234");
    EXPECT_EQ(std::get<std::string>(a.custom.at("Region")), "EMEA"); // untouched
    EXPECT_EQ(a.version, 5);

    // Cleared: that field only.
    EXPECT_EQ(book.leads().bulk_edit(Selection::of(ids), "custom.Budget", nullptr), 2);
    a = book.leads().get(ids[0]);
    EXPECT_FALSE(a.custom.contains("Budget"));
    EXPECT_TRUE(a.custom.contains("Region"));
    // Clearing what is not there changes nothing.
    EXPECT_EQ(book.leads().bulk_edit(Selection::of(ids), "custom.Budget", nullptr), 0);
}

TEST(BulkEdit, ACustomValueOfTheWrongTypeChangesNothing) {
    auto book = test::new_book();
    book.fields().add(FieldDefinition{.name = "Budget", .type = FieldType::number});
    std::vector<Lead> leads(10000);
    for (std::size_t i = 0; i < leads.size(); ++i) {
        leads[i].full_name = "Lead " + std::to_string(i);
        leads[i].custom = {{"Region", std::string("EMEA")}};
    }
    book.leads().add_many(leads);
    const auto before = snapshot(book);
    const auto every = Selection::where({});
    expect_error(ErrorCode::validation, "'custom.Budget' must be a number, not 'lots'",
                 [&] { book.leads().bulk_edit(every, "custom.Budget", "lots"); });
    expect_error(ErrorCode::validation, "'custom.Budget' must be a number",
                 [&] { book.leads().bulk_edit(every, "custom.Budget", true); });
    EXPECT_EQ(snapshot(book), before);
}

TEST(BulkEdit, ARecordInTheMiddleThatFailsChangesNothing) {
    auto book = test::new_book();
    std::vector<Lead> leads(10000);
    for (std::size_t i = 0; i < leads.size(); ++i) {
        leads[i].full_name = "Lead " + std::to_string(i);
        leads[i].custom = {{"Budget", 100.0}};
    }
    // Stored before the field was defined as a number: a single edit of
    // this lead is refused now, and so is a bulk edit that includes it.
    leads[5000].custom = {{"Budget", std::string("lots")}};
    auto ids = book.leads().add_many(leads);
    book.fields().add(FieldDefinition{.name = "Budget", .type = FieldType::number});
    const auto before = snapshot(book);
    expect_error(ErrorCode::validation,
                 "lead " + std::to_string(ids[5000]) + ": 'custom.Budget' must be a number",
                 [&] { book.leads().bulk_edit(Selection::of(ids), "custom.Region", "EMEA"); });
    EXPECT_EQ(snapshot(book), before);
}

TEST(BulkEdit, AddAndRemoveOneCriterion) {
    auto book = test::new_book();
    const Id budget = criterion_id(book, "Budget confirmed");
    const Id need = criterion_id(book, "Need identified");
    std::vector<Lead> leads(2);
    leads[0].full_name = "A";
    leads[0].criteria_met = {need};
    leads[1].full_name = "B";
    leads[1].score = Score{.mode = ScoreMode::manual, .stars = 2};
    auto ids = book.leads().add_many(leads);
    const auto stars_before = book.leads().get(ids[0]).score.stars;

    EXPECT_EQ(book.leads().bulk_edit(Selection::of(ids), "criteria_met",
                                     boost::json::object{{"add", budget}}),
              2);
    auto a = book.leads().get(ids[0]);
    EXPECT_EQ(a.criteria_met, (std::vector<Id>{need, budget}));
    EXPECT_GT(a.score.stars, stars_before); // rescored
    auto b = book.leads().get(ids[1]);
    EXPECT_EQ(b.criteria_met, (std::vector<Id>{budget}));
    EXPECT_EQ(b.score.stars, 2); // manual stays
    // Adding again changes nothing.
    EXPECT_EQ(book.leads().bulk_edit(Selection::of(ids), "criteria_met",
                                     boost::json::object{{"add", budget}}),
              0);
    EXPECT_EQ(book.leads().bulk_edit(Selection::of(ids), "criteria_met",
                                     boost::json::object{{"remove", need}}),
              1);
    EXPECT_EQ(book.leads().get(ids[0]).criteria_met, (std::vector<Id>{budget}));
}

TEST(BulkEdit, AnUnknownOrForeignCriterionChangesNothing) {
    auto book = test::new_book();
    Lead lead;
    lead.full_name = "A";
    lead = book.leads().add(lead);
    Id contact_criterion = 0;
    for (const auto& c : book.criteria_of(RecordType::business_contact)) contact_criterion = c.id;
    const auto before = snapshot(book);
    expect_error(ErrorCode::validation, "does not exist", [&] {
        book.leads().bulk_edit(Selection::of({lead.id}), "criteria_met",
                               boost::json::object{{"add", 99999}});
    });
    expect_error(ErrorCode::validation, "business_contact records", [&] {
        book.leads().bulk_edit(Selection::of({lead.id}), "criteria_met",
                               boost::json::object{{"add", contact_criterion}});
    });
    expect_error(ErrorCode::validation, "{\"add\": CRITERION_ID}",
                 [&] { book.leads().bulk_edit(Selection::of({lead.id}), "criteria_met", 3); });
    EXPECT_EQ(snapshot(book), before);
}
