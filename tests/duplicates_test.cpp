// Matching rules: how fields are compared, warn and block on every write,
// find_duplicates, duplicate_groups, and the bad input rules refuse.
#include "book_support.hpp"
#include "test_support.hpp"

#include <leadbook/import.hpp>

#include <sqlite3.h>

#include <sstream>

namespace leadbook {
namespace {

using test::expect_error;

Lead person(std::string name, std::string company = {}, std::string email = {},
            std::string phone = {}) {
    Lead lead;
    lead.full_name = std::move(name);
    lead.company = std::move(company);
    if (!email.empty()) lead.emails.push_back({"work", std::move(email)});
    if (!phone.empty()) lead.phones.push_back({"work", std::move(phone)});
    return lead;
}

MatchingRule rule_of(std::string name, std::vector<MatchField> fields, MatchAction action,
                     MatchMode mode = MatchMode::exact, double threshold = 0.85) {
    MatchingRule rule;
    rule.name = std::move(name);
    rule.fields = std::move(fields);
    rule.action = action;
    rule.mode = mode;
    rule.threshold = threshold;
    return rule;
}

/// The default rule (same e-mail, warn) made to block.
void block_on_email(LeadBook& book) {
    auto rule = book.matching_rules().find().next();
    ASSERT_TRUE(rule);
    book.matching_rules().update(rule->id, rule->version, {{"action", "block"}});
}

TEST(MatchingRules, NewBookHasTheEmailRuleThatWarns) {
    auto book = test::new_book();
    auto rules = book.matching_rules().find();
    auto rule = rules.next();
    ASSERT_TRUE(rule);
    EXPECT_EQ(rule->name, "Same e-mail address");
    ASSERT_EQ(rule->fields.size(), 1u);
    EXPECT_EQ(rule->fields[0].field, "emails");
    EXPECT_EQ(rule->mode, MatchMode::exact);
    EXPECT_EQ(rule->action, MatchAction::warn);
    EXPECT_FALSE(rules.next());
}

TEST(MatchingRules, WarnStoresTheRecordAndListsWhatItDuplicates) {
    auto book = test::new_book();
    const Lead jane = book.leads().add(person("Jane Doe", "Acme", "jane@acme.example"));
    EXPECT_TRUE(book.possible_duplicates().empty());
    // Another letter case: the same address.
    const Lead again = book.leads().add(person("J. Doe", "", "JANE@Acme.EXAMPLE"));
    EXPECT_GT(again.id, 0);
    ASSERT_EQ(book.possible_duplicates().size(), 1u);
    const auto& match = book.possible_duplicates()[0];
    EXPECT_EQ(match.id, jane.id);
    EXPECT_EQ(match.full_name, "Jane Doe");
    EXPECT_EQ(match.record_kind, "lead");
    EXPECT_EQ(match.rule, "Same e-mail address");
    EXPECT_EQ(match.action, MatchAction::warn);
    EXPECT_DOUBLE_EQ(match.score, 1.0);
    EXPECT_EQ(book.leads().count(), 2);
    // The next write starts a new list.
    book.leads().add(person("Someone Else", "", "else@example.com"));
    EXPECT_TRUE(book.possible_duplicates().empty());
}

TEST(MatchingRules, BlockRefusesAddNamingTheStoredRecordAndStoresNothing) {
    auto book = test::new_book();
    block_on_email(book);
    const Lead jane = book.leads().add(person("Jane Doe", "Acme", "jane@acme.example"));
    expect_error(ErrorCode::conflict, "lead " + std::to_string(jane.id) + " (Jane Doe)",
                 [&] { book.leads().add(person("Jane", "", "JANE@ACME.EXAMPLE")); });
    EXPECT_EQ(book.leads().count(), 1);
    // A business contact is checked against leads too.
    expect_error(ErrorCode::conflict, "Same e-mail address", [&] {
        BusinessContact contact;
        contact.full_name = "Jane";
        contact.emails.push_back({"work", "jane@acme.example"});
        book.contacts().add(contact);
    });
    EXPECT_EQ(book.contacts().count(), 0);
}

TEST(MatchingRules, BlockRefusesAnUpdateThatMakesADuplicate) {
    auto book = test::new_book();
    block_on_email(book);
    book.leads().add(person("Jane Doe", "", "jane@acme.example"));
    const Lead ben = book.leads().add(person("Ben", "", "ben@acme.example"));
    expect_error(ErrorCode::conflict, "Jane Doe", [&] {
        book.leads().update(ben.id, ben.version,
                            {{"emails", boost::json::array{{{"label", "work"},
                                                            {"address", "Jane@acme.example"}}}}});
    });
    EXPECT_EQ(book.leads().get(ben.id).version, ben.version);
    EXPECT_EQ(book.leads().get(ben.id).emails[0].address, "ben@acme.example");
    // Its own address is no duplicate of itself.
    EXPECT_NO_THROW(book.leads().update(ben.id, ben.version, {{"company", "Acme"}}));
}

TEST(MatchingRules, AddManyComparesWithinTheBatchAndStoresNothingWhenBlocked) {
    auto book = test::new_book();
    block_on_email(book);
    std::vector<Lead> batch = {person("A", "", "a@example.com"), person("B", "", "b@example.com"),
                               person("A again", "", "A@example.com")};
    expect_error(ErrorCode::conflict, "record 2: duplicates record 0 of the same write",
                 [&] { book.leads().add_many(batch); });
    EXPECT_EQ(book.leads().count(), 0);
}

TEST(MatchingRules, AddManyWarnsWithThePositionOfEachRecord) {
    auto book = test::new_book();
    const Lead stored = book.leads().add(person("Stored", "", "s@example.com"));
    std::vector<Lead> batch = {person("A", "", "a@example.com"), person("S", "", "S@example.com"),
                               person("A2", "", "a@example.com")};
    const auto ids = book.leads().add_many(batch);
    const auto& found = book.possible_duplicates();
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[0].id, stored.id);
    EXPECT_EQ(found[0].position, 1);
    EXPECT_EQ(found[1].id, ids[0]); // the earlier record of the batch, by its new id
    EXPECT_EQ(found[1].position, 2);
}

TEST(MatchingRules, PhonesCompareByDigitsAndNamesWithoutCaseButWithAccents) {
    auto book = test::new_book();
    book.matching_rules().add(
        rule_of("phone", {{.field = "phone"}}, MatchAction::warn)); // the singular is accepted
    book.matching_rules().add(rule_of(
        "name and company", {{.field = "full_name"}, {.field = "company"}}, MatchAction::warn));
    const Lead muller = book.leads().add(person("Jürgen Müller", "Acme", "", "+1 (555) 010-2030"));
    auto found = book.find_duplicates(person("  jürgen MÜLLER ", "ACME ", "", "15550102030"));
    ASSERT_EQ(found.size(), 2u);
    EXPECT_EQ(found[0].rule, "phone");
    EXPECT_EQ(found[1].rule, "name and company");
    EXPECT_EQ(found[1].id, muller.id);
    // Accents count unless the rule says otherwise.
    EXPECT_TRUE(book.find_duplicates(person("Jurgen Muller", "Acme")).empty());
    book.matching_rules().add(rule_of(
        "without accents", {{.field = "full_name", .ignore_accents = true}, {.field = "company"}},
        MatchAction::warn));
    found = book.find_duplicates(person("Jurgen Muller", "Acme"));
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].rule, "without accents");
    EXPECT_EQ(found[0].id, muller.id);
}

TEST(MatchingRules, FuzzyRuleScoresBySimilarity) {
    auto book = test::new_book();
    book.matching_rules().add(rule_of("fuzzy", {{.field = "full_name"}, {.field = "company"}},
                                      MatchAction::warn, MatchMode::fuzzy, 0.8));
    const Lead jon = book.leads().add(person("Jonathan Smith", "Contoso Ltd"));
    book.leads().add(person("Maria Garcia", "Fabrikam"));
    // One letter off in each field: 13 of 14 and 11 of 12 characters alike.
    auto found = book.find_duplicates(person("Jonathon Smith", "Contoso Ltd."));
    ASSERT_EQ(found.size(), 1u);
    EXPECT_EQ(found[0].id, jon.id);
    EXPECT_NEAR(found[0].score, (13.0 / 14 + 11.0 / 12) / 2, 1e-9);
    // Same ends, too different in between.
    EXPECT_TRUE(book.find_duplicates(person("Jonxxxxxxxxith", "Conxxxxxxxltd")).empty());
    // By id: the stored record itself is not its own duplicate.
    EXPECT_TRUE(book.find_duplicates(jon.id).empty());
    expect_error(ErrorCode::not_found, "is not a lead", [&] { book.find_duplicates(999999); });
}

TEST(MatchingRules, DuplicateGroupsLinkRecordsThroughSharedKeys) {
    auto book = test::new_book();
    const Id a = book.leads().add(person("A", "", "one@example.com")).id;
    const Id b = book.leads().add(person("B", "", "ONE@example.com")).id;
    Lead c_lead = person("C", "", "two@example.com");
    c_lead.emails.push_back({"home", "one@example.com"});
    const Id c = book.leads().add(c_lead).id;
    const Id d = book.leads().add(person("D", "", "two@example.com")).id;
    book.leads().add(person("E", "", "alone@example.com"));
    BusinessContact contact;
    contact.full_name = "F";
    contact.emails.push_back({"work", "three@example.com"});
    const Id f = book.contacts().add(contact).id;
    const Id g = book.leads().add(person("G", "", "three@example.com")).id;
    const auto groups = book.duplicate_groups();
    ASSERT_EQ(groups.size(), 2u);
    EXPECT_EQ(groups[0].ids, (std::vector<Id>{a, b, c, d}));
    EXPECT_EQ(groups[0].rule, "Same e-mail address");
    EXPECT_EQ(groups[1].ids, (std::vector<Id>{f, g}));
    // A deleted record leaves its group.
    book.leads().remove(g);
    EXPECT_EQ(book.duplicate_groups().size(), 1u);
}

TEST(MatchingRules, KeysFollowEditsBulkEditsAndNewRules) {
    auto book = test::new_book();
    const Lead x = book.leads().add(person("Xavier", "Acme"));
    const Lead y = book.leads().add(person("Yolanda", "Other"));
    // A rule added later computes the keys of the stored records.
    book.matching_rules().add(rule_of("company", {{.field = "company"}}, MatchAction::warn));
    EXPECT_TRUE(book.duplicate_groups().empty());
    book.leads().bulk_edit(Selection::of({y.id}), "company", "ACME");
    auto groups = book.duplicate_groups();
    ASSERT_EQ(groups.size(), 1u);
    EXPECT_EQ(groups[0].ids, (std::vector<Id>{x.id, y.id}));
    const Lead stored = book.leads().get(x.id);
    book.leads().update(x.id, stored.version, {{"company", "Elsewhere"}});
    EXPECT_TRUE(book.duplicate_groups().empty());
    // An inactive rule is kept but not applied.
    auto rule = book.matching_rules().find({.where = {{"name", FilterOp::eq, "company"}}}).next();
    ASSERT_TRUE(rule);
    book.leads().bulk_edit(Selection::of({x.id}), "company", "acme");
    EXPECT_EQ(book.duplicate_groups().size(), 1u);
    book.matching_rules().update(rule->id, rule->version, {{"active", false}});
    EXPECT_TRUE(book.duplicate_groups().empty());
    EXPECT_TRUE(book.find_duplicates(x.id).empty());
    // Removing a rule removes its keys.
    book.matching_rules().update_latest(rule->id, {{"active", true}});
    EXPECT_EQ(book.duplicate_groups().size(), 1u);
    book.matching_rules().remove(rule->id);
    EXPECT_TRUE(book.duplicate_groups().empty());
}

TEST(MatchingRules, ImportRowsGetTheRulesAgainstTheBookAndWithinTheFile) {
    auto book = test::new_book();
    book.matching_rules().add(rule_of(
        "name and company", {{.field = "full_name"}, {.field = "company"}}, MatchAction::block));
    book.leads().add(person("Jane Doe", "Acme"));
    std::istringstream csv("full_name,company,emails.work\n"
                           "JANE DOE,acme,jane@one.example\n"
                           "Ben Okafor,Fabrikam,ben@one.example\n"
                           "ben okafor,FABRIKAM,ben@two.example\n");
    ImportOptions options;
    options.skip_bad_rows = true;
    const auto report = import_csv(book, csv, options);
    EXPECT_EQ(report.added, 1);
    ASSERT_EQ(report.errors.size(), 2u);
    EXPECT_NE(report.errors[0].reason.find("Jane Doe"), std::string::npos);
    EXPECT_NE(report.errors[1].reason.find("Ben Okafor"), std::string::npos);
    EXPECT_EQ(book.leads().count(), 2);
}

TEST(MatchingRules, ImportMatchOnComparesLikeTheRules) {
    auto book = test::new_book();
    book.leads().add(person("Jane", "", "", "+44 20 7946 0000"));
    std::istringstream csv("full_name,phones.work\nJane D,020-7946-0000\nJ,442079460000\n");
    ImportOptions options;
    options.match_on = {"phone"};
    const auto report = import_csv(book, csv, options);
    EXPECT_EQ(report.added, 1); // 020... has other digits
    EXPECT_EQ(report.skipped, 1);
}

// ---- bad input: an error, and nothing stored changes ----------------------------

class BadRules : public ::testing::Test {
protected:
    void SetUp() override {
        book.leads().add(person("Jane", "Acme", "jane@acme.example"));
        rules_before = book.matching_rules().count();
        groups_before = book.duplicate_groups().size();
    }
    void expect_unchanged() {
        EXPECT_EQ(book.matching_rules().count(), rules_before);
        EXPECT_EQ(book.duplicate_groups().size(), groups_before);
    }
    LeadBook book = test::new_book();
    std::int64_t rules_before = 0;
    std::size_t groups_before = 0;
};

TEST_F(BadRules, UnknownFieldIsRefusedByName) {
    expect_error(ErrorCode::validation, "'fields[1].field': 'shoe_size' is not a field", [&] {
        book.matching_rules().add(
            rule_of("bad", {{.field = "company"}, {.field = "shoe_size"}}, MatchAction::warn));
    });
    expect_error(ErrorCode::validation, "'photo' is not a field", [&] {
        book.matching_rules().add(rule_of("bad", {{.field = "photo"}}, MatchAction::warn));
    });
    expect_unchanged();
}

TEST_F(BadRules, UnknownComparisonIsRefused) {
    expect_error(ErrorCode::validation, "soundex", [&] {
        book.matching_rules().add_json(parse_json(
            R"({"name": "bad", "fields": [{"field": "full_name", "comparison": "soundex"}]})"));
    });
    expect_error(ErrorCode::validation, "is not a comparison", [&] {
        MatchField field{.field = "full_name", .comparison = static_cast<MatchComparison>(42)};
        book.matching_rules().add(rule_of("bad", {field}, MatchAction::warn));
    });
    expect_unchanged();
}

TEST_F(BadRules, ThresholdOutsideZeroToOneIsRefused) {
    for (double threshold : {-0.1, 1.5}) {
        expect_error(ErrorCode::validation, "'threshold' must be from 0 to 1", [&] {
            book.matching_rules().add(rule_of("bad", {{.field = "full_name"}}, MatchAction::warn,
                                              MatchMode::fuzzy, threshold));
        });
    }
    // Nor through an update of a stored rule.
    auto rule = book.matching_rules().find().next();
    ASSERT_TRUE(rule);
    expect_error(ErrorCode::validation, "'threshold'", [&] {
        book.matching_rules().update(rule->id, rule->version, {{"threshold", 2}});
    });
    EXPECT_EQ(book.matching_rules().get(rule->id).version, rule->version);
    expect_unchanged();
}

TEST_F(BadRules, NoFieldsAFieldTwiceOrATakenNameAreRefused) {
    expect_error(ErrorCode::validation, "at least one field",
                 [&] { book.matching_rules().add(rule_of("bad", {}, MatchAction::warn)); });
    expect_error(ErrorCode::validation, "named twice", [&] {
        book.matching_rules().add(
            rule_of("bad", {{.field = "emails"}, {.field = "email"}}, MatchAction::warn));
    });
    expect_error(ErrorCode::conflict, "exists already", [&] {
        book.matching_rules().add(
            rule_of("SAME E-MAIL ADDRESS", {{.field = "company"}}, MatchAction::warn));
    });
    expect_unchanged();
}

TEST(MatchingRules, ComparedFormsAndTheOpenedFileKeepRules) {
    test::TempDir dir;
    const std::string path = dir.file("rules.db");
    Id jane = 0;
    {
        auto book = LeadBook::open(path);
        book.matching_rules().add(rule_of("company", {{.field = "company"}}, MatchAction::block));
        jane = book.leads().add(person("Jane", "Ärzte GmbH")).id;
    }
    auto book = LeadBook::open(path);
    EXPECT_EQ(book.matching_rules().count(), 2);
    expect_error(ErrorCode::conflict, "lead " + std::to_string(jane),
                 [&] { book.leads().add(person("Other", "ÄRZTE GMBH")); });
}

// ---- merge --------------------------------------------------------------------------

class Merge : public ::testing::Test {
protected:
    void SetUp() override {
        ana = book.users().add({.name = "Ana"}).id;
        Lead a = person("Jane Doe", "", "jane@acme.example", "+1 555 0100");
        a.custom["Region"] = std::string("North");
        survivor = book.leads().add(a);
        Lead b = person("Jane D.", "Acme", "JANE@acme.example", "+1 555 0199");
        b.assigned_to = ana;
        b.custom["Region"] = std::string("South");
        b.custom["Size"] = 12.0;
        other = book.leads().add(b);
        HistoryItem note;
        note.kind = HistoryKind::business_note;
        note.subject = "met at the fair";
        note.links = {other.id};
        note_id = book.history().add(note).id;
        Opportunity deal;
        deal.title = "Pilot";
        deal.linked_to = other.id;
        deal_id = book.opportunities().add(deal).id;
    }
    LeadBook book = test::new_book();
    Id ana = 0;
    Lead survivor, other;
    Id note_id = 0, deal_id = 0;
};

TEST_F(Merge, FillsUnitesMovesAndDeletesInOneChange) {
    std::vector<std::vector<ChangeGroup>> events;
    book.add_change_listener([&](const std::vector<ChangeGroup>& c) { events.push_back(c); });
    const auto result = book.merge({survivor.id, survivor.version}, {{other.id, other.version}});
    EXPECT_EQ(events.size(), 1u);
    EXPECT_EQ(result.survivor, survivor.id);
    EXPECT_EQ(result.record_kind, "lead");
    EXPECT_EQ(result.deleted, (std::vector<Id>{other.id}));
    EXPECT_EQ(result.fields_taken.at("company"), other.id);
    EXPECT_EQ(result.fields_taken.at("assigned_to"), other.id);
    EXPECT_FALSE(result.fields_taken.contains("full_name")); // the survivor had one
    EXPECT_FALSE(result.entries_added.contains("emails"));   // the same address in capitals
    EXPECT_EQ(result.entries_added.at("phones"), 1);
    EXPECT_EQ(result.entries_added.at("custom"), 1);
    EXPECT_EQ(result.history_moved, (std::vector<Id>{note_id}));
    EXPECT_EQ(result.opportunities_moved, (std::vector<Id>{deal_id}));
    const Lead merged = book.leads().get(survivor.id);
    EXPECT_EQ(merged.version, result.version);
    EXPECT_EQ(merged.full_name, "Jane Doe");
    EXPECT_EQ(merged.company, "Acme");
    EXPECT_EQ(merged.assigned_to, ana);
    EXPECT_EQ(merged.emails.size(), 1u);
    EXPECT_EQ(merged.phones.size(), 2u);
    EXPECT_EQ(std::get<std::string>(merged.custom.at("Region")), "North");
    EXPECT_FALSE(book.leads().exists(other.id));
    EXPECT_EQ(book.history().get(note_id).links, (std::vector<Id>{survivor.id}));
    EXPECT_EQ(book.opportunities().get(deal_id).linked_to, survivor.id);
    EXPECT_TRUE(book.duplicate_groups().empty());
}

TEST_F(Merge, ChooseTakesAFieldFromTheNamedRecord) {
    const auto result = book.merge({survivor.id, survivor.version}, {{other.id, other.version}},
                                   {{"full_name", other.id}, {"custom", other.id}});
    EXPECT_EQ(result.fields_taken.at("full_name"), other.id);
    const Lead merged = book.leads().get(survivor.id);
    EXPECT_EQ(merged.full_name, "Jane D.");
    EXPECT_EQ(std::get<std::string>(merged.custom.at("Region")), "South");
}

TEST_F(Merge, ALeadMergesIntoABusinessContact) {
    const BusinessContact contact = book.convert_lead(survivor.id, survivor.version);
    const auto result = book.merge({contact.id, contact.version}, {{other.id, other.version}});
    EXPECT_EQ(result.record_kind, "business_contact");
    const BusinessContact merged = book.contacts().get(contact.id);
    EXPECT_EQ(merged.company, "Acme");
    EXPECT_EQ(merged.phones.size(), 2u);
    EXPECT_FALSE(book.leads().exists(other.id));
    EXPECT_EQ(book.opportunities().get(deal_id).linked_to, contact.id);
}

class MergeBadInput : public Merge {
protected:
    void expect_unchanged() {
        EXPECT_EQ(book.leads().get(survivor.id).version, survivor.version);
        EXPECT_EQ(book.leads().get(other.id).version, other.version);
        EXPECT_EQ(book.history().get(note_id).links, (std::vector<Id>{other.id}));
        EXPECT_EQ(book.opportunities().get(deal_id).linked_to, other.id);
        EXPECT_EQ(book.leads().count(), 2);
    }
};

TEST_F(MergeBadInput, ARecordIntoItself) {
    expect_error(ErrorCode::validation, "cannot be merged into itself", [&] {
        book.merge({survivor.id, survivor.version}, {{survivor.id, survivor.version}});
    });
    expect_unchanged();
}

TEST_F(MergeBadInput, ARecordNamedTwice) {
    expect_error(ErrorCode::validation, "is named twice", [&] {
        book.merge({survivor.id, survivor.version},
                   {{other.id, other.version}, {other.id, other.version}});
    });
    expect_unchanged();
}

TEST_F(MergeBadInput, AStaleVersionOfAnyRecord) {
    expect_error(ErrorCode::conflict, "record " + std::to_string(other.id) + " was changed", [&] {
        book.merge({survivor.id, survivor.version}, {{other.id, other.version + 1}});
    });
    expect_error(ErrorCode::conflict, "record " + std::to_string(survivor.id), [&] {
        book.merge({survivor.id, survivor.version - 1}, {{other.id, other.version}});
    });
    expect_unchanged();
}

TEST_F(MergeBadInput, ChoosingAnUnknownFieldOrRecord) {
    expect_error(ErrorCode::validation, "'choose': 'shoe_size'", [&] {
        book.merge({survivor.id, survivor.version}, {{other.id, other.version}},
                   {{"shoe_size", other.id}});
    });
    expect_error(ErrorCode::validation, "is not one of the merged records", [&] {
        book.merge({survivor.id, survivor.version}, {{other.id, other.version}},
                   {{"company", 424242}});
    });
    expect_unchanged();
}

TEST(MatchingRules, AVersionThreeFileGetsTheDefaultRuleAndKeysForItsLeads) {
    test::TempDir dir;
    const std::string path = dir.file("v3.db");
    Id a = 0, b = 0;
    {
        auto book = LeadBook::open(path);
        a = book.leads().add(person("A", "", "same@example.com")).id;
        b = book.leads().add(person("B", "", "SAME@example.com")).id;
    }
    // As version 3 left it: no matching rules, no keys, no setting.
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    char* error = nullptr;
    ASSERT_EQ(sqlite3_exec(db,
                           "DROP TABLE fields; DROP TABLE matching_rules; DROP TABLE match_keys;"
                           "DROP TABLE pick_list_entries;"
                           "DELETE FROM settings WHERE key = 'matching_rules_installed';"
                           "DROP TABLE disqualify_reasons; DROP INDEX records_status;"
                           "ALTER TABLE records DROP COLUMN status;"
                           "ALTER TABLE records DROP COLUMN status_reason;"
                           "DELETE FROM settings WHERE key = 'disqualify_reasons_installed';"
                           "PRAGMA user_version = 3;",
                           nullptr, nullptr, &error),
              SQLITE_OK)
        << error;
    sqlite3_close(db);
    auto book = LeadBook::open(path);
    EXPECT_EQ(book.matching_rules().count(), 1);
    const auto groups = book.duplicate_groups();
    ASSERT_EQ(groups.size(), 1u);
    EXPECT_EQ(groups[0].ids, (std::vector<Id>{a, b}));
    EXPECT_TRUE(book.check().ok);
}

} // namespace
} // namespace leadbook
