// History, business contacts, opportunities, user-defined fields and
// converting a lead.
#include <leadbook/leadbook.hpp>

#include "test_support.hpp"

#include <set>

using namespace leadbook;
using test::expect_error;

namespace {

boost::json::value json(std::string_view text) { return parse_json(text); }
boost::json::object obj(std::string_view text) { return parse_json(text).as_object(); }
std::string str(Id id) { return std::to_string(id); }

class Activities : public ::testing::Test {
protected:
    void SetUp() override {
        ana = book.users().add({.name = "Ana"}).id;
        acme = book.accounts().add({.name = "Acme"});
        Lead l = test::sample_lead("Jane Doe");
        l.account_id = acme.id;
        l.photo.data = test::tiny_png();
        l.custom = {{"region", std::string("EMEA")}};
        jane = book.leads().add(l);
    }
    HistoryItem add_history(std::string_view fields) {
        return book.history().add_json(json(fields));
    }
    /// Everything stored, to check that a failed operation changed nothing.
    std::string snapshot() {
        std::string out;
        for (const auto& x : book.leads().find()) out += serialize_json(to_json(x));
        for (const auto& x : book.contacts().find()) out += serialize_json(to_json(x));
        for (const auto& x : book.accounts().find()) out += serialize_json(to_json(x));
        for (const auto& x : book.history().find()) out += serialize_json(to_json(x));
        for (const auto& x : book.opportunities().find()) out += serialize_json(to_json(x));
        for (const auto& x : book.fields().find()) out += serialize_json(to_json(x));
        for (const auto& x : book.stages().find()) out += serialize_json(to_json(x));
        return out;
    }
    std::vector<HistoryItem> history_of(Id record, std::vector<Filter> more = {}) {
        RecordQuery q;
        q.where = {{"links", FilterOp::has, record}};
        for (auto& f : more) q.where.push_back(f);
        q.order_by = {"-occurred_at"};
        std::vector<HistoryItem> out;
        for (auto& h : book.history().find(q)) out.push_back(h);
        return out;
    }

    test::TempDir dir;
    LeadBook book = LeadBook::open(dir.file("crm.db"));
    Id ana = 0;
    Account acme;
    Lead jane;
};

} // namespace

TEST_F(Activities, EveryHistoryKindWithItsOwnFields) {
    // Dates around today's, so that "newest first" holds whenever it runs:
    // the appointment is tomorrow, the e-mail ten days ago, the rest now.
    const auto day = [](int days) {
        const std::int64_t now = Timestamp::now().millis / 1000 * 1000; // whole seconds
        return Timestamp{now + std::int64_t{days} * 86'400'000}.to_string();
    };
    const std::string tomorrow = day(1), in_two_days = day(2), ten_days_ago = day(-10),
                      five_days_ago = day(-5), in_three_days = day(3);
    auto note = add_history(R"({"kind": "business_note", "subject": "Met at fair", "links": [)" +
                            str(jane.id) + "]}");
    auto call = add_history(
        R"({"kind": "phone_log", "subject": "Called", "direction": "outgoing", "duration": 300, "links": [)" +
        str(jane.id) + "]}");
    auto meeting =
        add_history(R"({"kind": "appointment", "subject": "Demo", "start": ")" + tomorrow +
                    R"(", "end": ")" + in_two_days + R"(", "location": "Zoom", "links": [)" +
                    str(jane.id) + "," + str(acme.id) + "]}");
    auto task = add_history(
        R"({"kind": "task", "subject": "Send quote", "due_date": "2026-12-03", "status": "in_progress", "priority": "high", "percent_complete": 40, "links": [)" +
        str(jane.id) + "]}");
    auto mail = add_history(
        R"({"kind": "email", "subject": "Re: quote", "from": "jane@acme.example", "to": "ana@example.com", "sent_at": ")" +
        ten_days_ago + R"(", "message_id": "<1@acme.example>", "links": [)" + str(jane.id) + "]}");
    auto file = add_history(
        R"({"kind": "file", "subject": "Brochure", "file_name": "b.pdf", "file_size": 1234, "media_type": "application/pdf", "file_path": "/docs/b.pdf", "links": [)" +
        str(jane.id) + "]}");
    EXPECT_EQ(book.history().get(call.id).direction, CallDirection::outgoing);
    EXPECT_EQ(book.history().get(call.id).duration, 300);
    EXPECT_EQ(book.history().get(meeting.id).links, (std::vector<Id>{jane.id, acme.id}));
    EXPECT_EQ(book.history().get(task.id).percent_complete, 40);
    EXPECT_EQ(book.history().get(mail.id).occurred_at.to_string(), ten_days_ago);
    EXPECT_EQ(book.history().get(meeting.id).occurred_at.to_string(), tomorrow);
    EXPECT_EQ(book.history().get(file.id).file_size, 1234);

    auto all = history_of(jane.id);
    ASSERT_EQ(all.size(), 6u);
    EXPECT_EQ(all.front().id, meeting.id); // newest first
    EXPECT_EQ(all.back().id, mail.id);
    EXPECT_EQ(history_of(jane.id, {{"kind", FilterOp::eq, "phone_log"}}).size(), 1u);
    EXPECT_EQ(history_of(acme.id).size(), 1u);
    auto recent =
        history_of(jane.id, {{"occurred_at", FilterOp::ge, boost::json::value(five_days_ago)},
                             {"occurred_at", FilterOp::lt, boost::json::value(in_three_days)}});
    EXPECT_EQ(recent.size(), 5u);
    EXPECT_EQ(note.kind, HistoryKind::business_note);
}

TEST(HistoryKindFields, NameFieldsOfHistoryItemsOnlyOnce) {
    const auto members = to_json(HistoryItem{}).as_object();
    std::set<std::string_view> seen;
    for (const auto& kf : history_kind_fields)
        for (auto field : kf.fields) {
            if (field.empty()) continue;
            EXPECT_TRUE(members.contains(field)) << field;
            EXPECT_TRUE(seen.insert(field).second) << field << " belongs to two kinds";
        }
    EXPECT_EQ(seen.size(), 18u);
}

TEST_F(Activities, UnlinkingDeletesOnlyOrphanNotesAndPhoneLogs) {
    auto note = add_history(R"({"kind": "business_note", "subject": "n", "links": [)" +
                            str(jane.id) + "]}");
    auto call = add_history(R"({"kind": "phone_log", "subject": "c", "links": [)" + str(jane.id) +
                            "," + str(acme.id) + "]}");
    auto meeting = add_history(
        R"({"kind": "appointment", "subject": "m", "start": "2026-12-01T10:00:00Z", "links": [)" +
        str(jane.id) + "]}");
    EXPECT_FALSE(book.unlink_history(note.id, jane.id));
    EXPECT_FALSE(book.history().try_get(note.id));
    auto still = book.unlink_history(call.id, jane.id);
    ASSERT_TRUE(still);
    EXPECT_EQ(still->links, std::vector<Id>{acme.id});
    auto kept = book.unlink_history(meeting.id, jane.id);
    ASSERT_TRUE(kept);
    EXPECT_TRUE(kept->links.empty());
    EXPECT_TRUE(book.history().try_get(meeting.id));
    expect_error(ErrorCode::not_found, "is not linked to record",
                 [&] { book.unlink_history(meeting.id, jane.id); });
}

TEST_F(Activities, ContactsHaveDetailsAndTheSameOperations) {
    BusinessContact c;
    c.full_name = "Max Mustermann";
    c.details.department = "Purchasing";
    c.details.birthday = Date::from_ymd(1980, 5, 17);
    BusinessContact stored = book.contacts().add(c);
    auto back = book.contacts().get(stored.id);
    EXPECT_EQ(back.details.department, "Purchasing");
    EXPECT_EQ(back.details.birthday->to_string(), "1980-05-17");
    EXPECT_EQ(to_json(back).at("details").at("birthday").as_string(), "1980-05-17");
    EXPECT_EQ(
        book.contacts().count({.where = {{"details.department", FilterOp::eq, "Purchasing"}}}), 1);
    EXPECT_FALSE(book.leads().try_get(stored.id)); // a contact is not a lead
    EXPECT_FALSE(book.contacts().try_get(jane.id));
    auto updated = book.contacts().update(stored.id, 1, obj(R"({"details": {"office": "B2"}})"));
    EXPECT_EQ(updated.details.office, "B2");
    EXPECT_EQ(updated.details.department, "Purchasing");
}

TEST_F(Activities, ConvertingKeepsEverythingAndCopiesNothing) {
    auto criterion = book.criteria_of(RecordType::lead).front();
    jane = book.leads().update(jane.id, jane.version,
                               obj(R"({"criteria_met": [)" + str(criterion.id) + "]}"));
    auto note = add_history(R"({"kind": "business_note", "subject": "n", "links": [)" +
                            str(jane.id) + "]}");
    auto deal = book.opportunities().add_json(
        json(R"({"title": "Deal", "linked_to": )" + str(jane.id) + "}"));
    std::vector<std::vector<ChangeGroup>> heard;
    book.add_change_listener([&](const auto& c) { heard.push_back(c); });

    BusinessContact contact = book.convert_lead(jane.id, jane.version);
    EXPECT_EQ(contact.id, jane.id);
    EXPECT_EQ(contact.version, jane.version + 1);
    EXPECT_EQ(contact.full_name, "Jane Doe");
    EXPECT_EQ(contact.photo.data, test::tiny_png());
    EXPECT_EQ(contact.custom, jane.custom);
    EXPECT_EQ(contact.account_id, acme.id);
    EXPECT_EQ(contact.emails, jane.emails);
    EXPECT_EQ(contact.addresses, jane.addresses);
    EXPECT_EQ(contact.criteria_met, jane.criteria_met);
    EXPECT_EQ(contact.score.stars, jane.score.stars);
    EXPECT_GT(contact.score.stars, 0);
    EXPECT_EQ(contact.score.mode, ScoreMode::manual); // earned from lead criteria
    EXPECT_EQ(history_of(contact.id).at(0).id, note.id);
    EXPECT_EQ(book.opportunities().get(deal.id).linked_to, contact.id);
    EXPECT_FALSE(book.leads().try_get(jane.id));
    EXPECT_EQ(book.leads().count({.where = {{"full_name", FilterOp::eq, "Jane Doe"}}}), 0);
    EXPECT_EQ(book.contacts().count({.where = {{"full_name", FilterOp::eq, "Jane Doe"}}}), 1);
    ASSERT_EQ(heard.size(), 1u);
    EXPECT_EQ(heard[0][0].collection, "leads");
    EXPECT_EQ(heard[0][0].kind, ChangeKind::deleted);
    EXPECT_EQ(heard[0][1].collection, "contacts");
    // Editing the contact later keeps the lead criterion it met, and its stars.
    auto edited =
        book.contacts().update(contact.id, contact.version, obj(R"({"job_title": "CEO"})"));
    EXPECT_EQ(edited.criteria_met, jane.criteria_met);
    EXPECT_EQ(edited.score.stars, jane.score.stars);
}

TEST_F(Activities, AConvertedLeadKeepsItsStarsThroughContactEditsAndCriteriaChanges) {
    auto lead_criterion = book.criteria_of(RecordType::lead).front();
    jane = book.leads().update(jane.id, jane.version,
                               obj(R"({"criteria_met": [)" + str(lead_criterion.id) + "]}"));
    const int stars = jane.score.stars;
    ASSERT_GT(stars, 0);
    BusinessContact contact = book.convert_lead(jane.id, jane.version);

    // A new business contact criterion rescores automatic contacts; this one is manual now.
    auto contact_criterion = book.criteria().add({.record_type = RecordType::business_contact,
                                                  .description = "Bought twice",
                                                  .weight = Weight::high});
    contact = book.contacts().get(contact.id);
    EXPECT_EQ(contact.score.stars, stars);

    auto breakdown = book.score_breakdown(contact.id);
    EXPECT_EQ(breakdown.record_id, contact.id);
    ASSERT_EQ(breakdown.met.size(), 1u);
    EXPECT_EQ(breakdown.met[0].criterion_id, lead_criterion.id);
    EXPECT_FALSE(breakdown.met[0].counts);
    EXPECT_EQ(breakdown.met[0].points, 0);

    // Back to automatic: scored by contact criteria; the lead criterion stays, counting nothing.
    contact = book.contacts().update(contact.id, contact.version,
                                     obj(R"({"score": {"mode": "automatic"}, "criteria_met": [)" +
                                         str(lead_criterion.id) + ", " + str(contact_criterion.id) +
                                         "]}"));
    EXPECT_EQ(contact.score.mode, ScoreMode::automatic);
    EXPECT_EQ(contact.score.max_points, book.score_breakdown(contact.id).score.max_points);
    breakdown = book.score_breakdown(contact.id);
    ASSERT_EQ(breakdown.met.size(), 2u);
    EXPECT_EQ(breakdown.met[0].criterion_id, contact_criterion.id);
    EXPECT_TRUE(breakdown.met[0].counts);
    EXPECT_EQ(breakdown.met[0].points, 3);
    EXPECT_EQ(breakdown.met[1].criterion_id, lead_criterion.id);
    EXPECT_FALSE(breakdown.met[1].counts);
    std::int32_t max_points = 0;
    for (const auto& c : book.criteria_of(RecordType::business_contact))
        if (c.effect == Effect::raise) max_points += static_cast<std::int32_t>(c.weight);
    EXPECT_EQ(contact.score.points, 3);
    EXPECT_EQ(contact.score.stars, stars_for(3, max_points));
}

TEST_F(Activities, ALeadMeetingNoCriteriaStaysAutomaticWhenConverted) {
    BusinessContact contact = book.convert_lead(jane.id, jane.version);
    EXPECT_EQ(contact.score.mode, ScoreMode::automatic);
    EXPECT_EQ(contact.score.stars, 0);
    auto contact_criterion = book.criteria().add({.record_type = RecordType::business_contact,
                                                  .description = "Referred a friend",
                                                  .weight = Weight::normal});
    contact =
        book.contacts().update(contact.id, contact.version,
                               obj(R"({"criteria_met": [)" + str(contact_criterion.id) + "]}"));
    EXPECT_EQ(contact.score.points, 2);
    EXPECT_GT(contact.score.stars, 0);
}

TEST_F(Activities, AScoreBreakdownOfAnythingButALeadOrContactIsNotFound) {
    expect_error(ErrorCode::not_found, "neither a lead nor a business contact",
                 [&] { book.score_breakdown(acme.id); });
    expect_error(ErrorCode::not_found, "neither a lead nor a business contact",
                 [&] { book.score_breakdown(99999); });
}

TEST_F(Activities, BadConversionsChangeNothing) {
    BusinessContact c;
    c.full_name = "Max";
    c = book.contacts().add(c);
    std::string before = snapshot();
    expect_error(ErrorCode::validation, "is a business contact already",
                 [&] { book.convert_lead(c.id, c.version); });
    expect_error(ErrorCode::not_found, "lead 99999 does not exist",
                 [&] { book.convert_lead(99999, 1); });
    expect_error(ErrorCode::conflict, "changed by someone else",
                 [&] { book.convert_lead(jane.id, jane.version + 5); });
    EXPECT_EQ(snapshot(), before);
}

TEST_F(Activities, OpportunityTotalsAreExact) {
    auto deal = book.opportunities().add_json(
        json(R"({"title": "Licences", "linked_to": )" + str(acme.id) + R"(,
        "items": [{"item": "Seat", "quantity": 3, "unit_price": "19.99", "discount": 12.5},
                  {"item": "Setup", "quantity": 1, "unit_price": "0.05", "discount": 50},
                  {"item": "Support", "quantity": 2, "unit_price": "100"}]})"));
    // 3 x 19.99 = 59.97, less 12.5 % = 52.47375 -> 52.47; 0.05 less 50 % = 0.025 -> 0.03
    EXPECT_EQ(deal.items[0].total.to_string(), "52.47");
    EXPECT_EQ(deal.items[1].total.to_string(), "0.03");
    EXPECT_EQ(deal.items[2].total.to_string(), "200.00");
    EXPECT_EQ(deal.total.to_string(), "252.50");
    EXPECT_EQ(to_json(deal).at("total").as_string(), "252.50");
    EXPECT_EQ(to_json(deal).at("items").at(0).at("discount").as_double(), 12.5);
    EXPECT_EQ(deal.stage, "initial contact");
    EXPECT_EQ(deal.probability, 10);
    auto moved =
        book.opportunities().update(deal.id, deal.version, obj(R"({"stage": "negotiation"})"));
    EXPECT_EQ(moved.probability, 50);
    // Editing the stage's probability moves its opportunities.
    RecordQuery q;
    q.where = {{"name", FilterOp::eq, "negotiation"}};
    auto stage = book.stages().find(q).next().value();
    book.stages().update(stage.id, stage.version, obj(R"({"probability": 60})"));
    EXPECT_EQ(book.opportunities().get(deal.id).probability, 60);
    EXPECT_EQ(book.opportunities().count({.where = {{"linked_to", FilterOp::eq, acme.id}}}), 1);
}

TEST_F(Activities, BulkEditOfTheStageBringsItsProbability) {
    auto one = book.opportunities().add_json(json(R"({"title": "One"})"));
    auto two = book.opportunities().add_json(json(R"({"title": "Two", "stage": "closed won"})"));
    EXPECT_EQ(one.probability, 10);
    EXPECT_EQ(book.opportunities().bulk_edit(Selection::of({one.id, two.id}), "stage", "qualified"),
              2);
    EXPECT_EQ(book.opportunities().get(one.id).probability, 35);
    EXPECT_EQ(book.opportunities().get(two.id).probability, 35);
    EXPECT_EQ(book.opportunities().get(two.id).version, two.version + 1);
    // A stage that does not exist is refused, as in a single edit.
    std::string before = snapshot();
    expect_error(ErrorCode::validation, "there is no sales stage 'won-ish'", [&] {
        book.opportunities().bulk_edit(Selection::of({one.id}), "stage", "won-ish");
    });
    EXPECT_EQ(snapshot(), before);
}

TEST_F(Activities, UserDefinedFieldsAreChecked) {
    book.fields().add_json(json(
        R"({"record_type": "lead", "name": "tier", "type": "pick_list", "choices": ["gold", "silver"]})"));
    book.fields().add_json(json(R"({"record_type": "lead", "name": "budget", "type": "number"})"));
    book.fields().add_json(json(R"({"record_type": "lead", "name": "since", "type": "date"})"));
    auto ok = book.leads().update(
        jane.id, jane.version,
        obj(R"({"custom": {"tier": "gold", "budget": 5000, "since": {"date": "2020-01-01"}, "free": "x"}})"));
    EXPECT_EQ(std::get<std::string>(ok.custom.at("tier")), "gold");
    std::string before = snapshot();
    expect_error(ErrorCode::validation, "'custom.tier' must be one of: gold, silver", [&] {
        book.leads().update(jane.id, ok.version, obj(R"({"custom": {"tier": "bronze"}})"));
    });
    expect_error(ErrorCode::validation, "'custom.budget' must be a number", [&] {
        book.leads().update(jane.id, ok.version, obj(R"({"custom": {"budget": "lots"}})"));
    });
    expect_error(ErrorCode::validation, "'custom.since' must be a date", [&] {
        book.leads().update(jane.id, ok.version, obj(R"({"custom": {"since": "2020-01-01"}})"));
    });
    expect_error(ErrorCode::validation, "needs at least one choice",
                 [&] { book.fields().add_json(json(R"({"name": "x", "type": "pick_list"})")); });
    expect_error(ErrorCode::conflict, "have a field 'tier' already",
                 [&] { book.fields().add_json(json(R"({"name": "tier"})")); });
    expect_error(ErrorCode::validation, "'type': 'colour' is not one of",
                 [&] { book.fields().add_json(json(R"({"name": "c", "type": "colour"})")); });
    EXPECT_EQ(snapshot(), before);
}

TEST_F(Activities, BadHistoryAndOpportunitiesChangeNothing) {
    std::string before = snapshot();
    expect_error(ErrorCode::validation, "'links[0]': record 424242 does not exist",
                 [&] { add_history(R"({"kind": "business_note", "links": [424242]})"); });
    expect_error(ErrorCode::validation, "at least one record",
                 [&] { add_history(R"({"kind": "business_note", "links": []})"); });
    expect_error(ErrorCode::validation, "'kind': 'fax' is not one of business_note, phone_log",
                 [&] { add_history(R"({"kind": "fax", "links": [)" + str(jane.id) + "]}"); });
    expect_error(ErrorCode::validation, "'end' (2026-12-01T09:00:00Z) is before 'start'", [&] {
        add_history(
            R"({"kind": "appointment", "start": "2026-12-01T10:00:00Z", "end": "2026-12-01T09:00:00Z", "links": [)" +
            str(jane.id) + "]}");
    });
    expect_error(ErrorCode::validation, "'percent_complete' must be from 0 to 100", [&] {
        add_history(R"({"kind": "task", "percent_complete": 101, "links": [)" + str(jane.id) +
                    "]}");
    });
    expect_error(ErrorCode::validation, "'direction' is only for phone_log items", [&] {
        add_history(R"({"kind": "business_note", "direction": "incoming", "links": [)" +
                    str(jane.id) + "]}");
    });
    auto opp = [&](std::string_view items) {
        book.opportunities().add_json(
            json(R"({"title": "T", "items": )" + std::string(items) + "}"));
    };
    expect_error(ErrorCode::validation, "'items[0].quantity' cannot be negative",
                 [&] { opp(R"([{"item": "x", "quantity": -1, "unit_price": "1"}])"); });
    expect_error(ErrorCode::validation, "'items[0].discount': must be from 0 to 100",
                 [&] { opp(R"([{"item": "x", "unit_price": "1", "discount": 120}])"); });
    expect_error(ErrorCode::validation, "or it overflows",
                 [&] { opp(R"([{"item": "x", "unit_price": "99999999999999999999.00"}])"); });
    expect_error(ErrorCode::validation, "the amount overflows", [&] {
        opp(R"([{"item": "x", "quantity": 1000000, "unit_price": "90000000000000.00"}])");
    });
    expect_error(ErrorCode::validation, "'total': the amount overflows", [&] {
        opp(R"([{"item": "x", "unit_price": "90000000000000000.00"}, {"item": "y", "unit_price": "90000000000000000.00"}])");
    });
    expect_error(ErrorCode::validation, "at most two decimals",
                 [&] { opp(R"([{"item": "x", "unit_price": "1.999"}])"); });
    expect_error(ErrorCode::validation, "'title' is required",
                 [&] { book.opportunities().add_json(json(R"({"title": ""})")); });
    expect_error(ErrorCode::validation, "there is no sales stage 'won-ish'", [&] {
        book.opportunities().add_json(json(R"({"title": "T", "stage": "won-ish"})"));
    });
    EXPECT_EQ(snapshot(), before);
}

TEST_F(Activities, DeletingALinkedRecordTakesOnlyWhatDependsOnIt) {
    Lead bob = book.leads().add(test::sample_lead("Bob"));
    auto note = add_history(R"({"kind": "business_note", "links": [)" + str(jane.id) + "]}");
    auto shared_note = add_history(R"({"kind": "business_note", "links": [)" + str(jane.id) + "," +
                                   str(bob.id) + "]}");
    auto call = add_history(R"({"kind": "phone_log", "links": [)" + str(jane.id) + "]}");
    auto mail =
        add_history(R"({"kind": "email", "subject": "hi", "links": [)" + str(jane.id) + "]}");
    auto deal = book.opportunities().add_json(
        json(R"({"title": "Deal", "linked_to": )" + str(jane.id) + "}"));
    auto deal_note = add_history(R"({"kind": "business_note", "links": [)" + str(deal.id) + "]}");
    book.leads().remove(jane.id);
    EXPECT_FALSE(book.history().try_get(note.id));       // orphan note: gone
    EXPECT_FALSE(book.history().try_get(call.id));       // orphan phone log: gone
    EXPECT_FALSE(book.opportunities().try_get(deal.id)); // its opportunity: gone
    EXPECT_FALSE(book.history().try_get(deal_note.id));  // and the opportunity's orphan note
    auto shared = book.history().get(shared_note.id);    // still linked to Bob
    EXPECT_EQ(shared.links, std::vector<Id>{bob.id});
    EXPECT_EQ(shared.version, 2);
    auto kept = book.history().get(mail.id); // e-mails stay
    EXPECT_TRUE(kept.links.empty());
    EXPECT_EQ(book.leads().get(bob.id).full_name, "Bob");
    EXPECT_TRUE(book.accounts().try_get(acme.id));
}

TEST_F(Activities, DeletingAnAccountUnlinksItsLeads) {
    Lead linked = book.leads().get(jane.id);
    book.accounts().remove(acme.id);
    Lead after = book.leads().get(jane.id);
    EXPECT_FALSE(after.account_id);
    EXPECT_EQ(after.version, linked.version + 1);
    EXPECT_EQ(after.full_name, "Jane Doe");
}

TEST_F(Activities, StagesInUseCannotBeDeletedOrRenamed) {
    auto deal = book.opportunities().add_json(json(R"({"title": "Deal"})"));
    RecordQuery q;
    q.where = {{"name", FilterOp::eq, boost::json::value(deal.stage)}};
    auto stage = book.stages().find(q).next().value();
    std::string before = snapshot();
    expect_error(ErrorCode::validation, "is used by 1 opportunities",
                 [&] { book.stages().remove(stage.id); });
    expect_error(ErrorCode::validation, "cannot be renamed", [&] {
        book.stages().update(stage.id, stage.version, obj(R"({"name": "first"})"));
    });
    expect_error(ErrorCode::conflict, "there is a sales stage 'qualified' already", [&] {
        book.stages().add_json(json(R"({"name": "qualified", "probability": 5})"));
    });
    expect_error(ErrorCode::validation, "'probability' must be from 0 to 100",
                 [&] { book.stages().add_json(json(R"({"name": "x", "probability": 101})")); });
    EXPECT_EQ(snapshot(), before);
}
