// Either/or groups, NOT, user-defined fields and linked records in the one
// query vocabulary: finds, counts, bulk edits and reports, on SQLite and on
// PostgreSQL (a database of its own on the server CTest starts); and the
// bad input they refuse, with nothing stored changed.
#include <leadbook/leadbook.hpp>
#include <leadbook/limits.hpp>
#include <leadbook/reports.hpp>

#include "postgres_support.hpp"
#include "test_support.hpp"

#include <algorithm>

using namespace leadbook;
using test::expect_error;

namespace {

struct Backend {
    std::string name;
    std::function<LeadBook(const test::TempDir&)> open;
};

void PrintTo(const Backend& backend, std::ostream* out) { *out << backend.name; }

const std::vector<Backend>& backends() {
    static const std::vector<Backend> list = {
        {"sqlite", [](const test::TempDir& dir) { return LeadBook::open(dir.file("f.db")); }},
        {"postgres", [](const test::TempDir&) { return LeadBook::open(test::new_postgres_uri()); }},
    };
    return list;
}

Filter where(std::string_view json) { return from_json<Filter>(parse_json(json), "where[0]"); }

class FilterGroups : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override {
        book.emplace(GetParam().open(dir));
        auto& b = *book;
        const Id acme = b.accounts().add(Account{.name = "Acme"}).id;
        const Id globex = b.accounts().add(Account{.name = "Globex"}).id;
        auto lead = [&](const std::string& name, const std::string& source,
                        const std::string& rating, std::optional<Id> account, CustomFields custom) {
            Lead l;
            l.full_name = name;
            l.source = source;
            l.rating = rating;
            l.account_id = account;
            l.custom = std::move(custom);
            return b.leads().add(l).id;
        };
        ann = lead("Ann", "Referral", "cold", acme, {{"Budget", 500.0}, {"Region", "North"}});
        ben = lead("Ben", "Web", "hot", std::nullopt, {{"Budget", 50.0}});
        cy = lead("Cy", "Web", "warm", std::nullopt, {});
        di = lead("Di", "Trade show", "", globex, {});
        ed = lead("Ed", "Referral", "hot", std::nullopt, {{"Region", "South"}});
        auto history = [&](const std::string& kind, Id link, const std::string& at) {
            b.history().add_json(
                parse_json(R"({"kind": ")" + kind + R"(", "subject": "s", "links": [)" +
                           std::to_string(link) + R"(], "occurred_at": ")" + at + "\"}"));
        };
        history("phone_log", ben, "2026-11-28T10:00:00Z");
        history("business_note", cy, "2026-11-28T10:00:00Z");
        history("phone_log", cy, "2026-10-01T10:00:00Z");
        std::vector<std::string> stages;
        for (const auto& stage : b.stages().find({.order_by = {"position"}}))
            stages.push_back(stage.name);
        second_stage = stages.at(1);
        Opportunity deal;
        deal.title = "Deal";
        deal.linked_to = di;
        deal.stage = second_stage;
        b.opportunities().add(deal);
    }

    std::vector<Id> find(std::vector<Filter> filters) {
        std::vector<Id> out;
        for (const auto& l : book->leads().find({.where = std::move(filters)})) out.push_back(l.id);
        std::sort(out.begin(), out.end());
        return out;
    }
    std::vector<Id> find(std::string_view json) { return find(std::vector<Filter>{where(json)}); }

    /// Every lead as JSON: what a refused call must leave as it was.
    std::string everything() {
        std::string out;
        for (const auto& l : book->leads().find()) out += serialize_json(to_json(l));
        return out + std::to_string(book->saved_reports().count());
    }

    test::TempDir dir;
    std::optional<LeadBook> book;
    Id ann = 0, ben = 0, cy = 0, di = 0, ed = 0;
    std::string second_stage;
};

} // namespace

TEST_P(FilterGroups, GroupsNotUserDefinedFieldsAndLinkedRecords) {
    { // either/or groups and NOT
        EXPECT_EQ(find(R"({"any": [{"field": "source", "value": "Referral"},
                               {"field": "rating", "value": "hot"}]})"),
                  (std::vector<Id>{ann, ben, ed}));
        // NOT keeps the records without a value too (Di has no rating).
        EXPECT_EQ(find(R"({"field": "rating", "value": "hot", "negate": true})"),
                  (std::vector<Id>{ann, cy, di}));
        EXPECT_EQ(find(R"({"any": [{"field": "source", "value": "Referral"},
                               {"field": "rating", "value": "hot"}], "negate": true})"),
                  (std::vector<Id>{cy, di}));
        EXPECT_EQ(find(R"({"any": [{"all": [{"field": "source", "value": "Web"},
                                        {"field": "rating", "value": "warm"}]},
                               {"field": "full_name", "op": "starts_with", "value": "d"}]})"),
                  (std::vector<Id>{cy, di}));
        // Groups combine with the other conditions (AND), in counts too.
        EXPECT_EQ(
            find(std::vector<Filter>{where(R"({"any": [{"field": "source", "value": "Referral"},
                                                         {"field": "rating", "value": "hot"}]})"),
                                     {"source", FilterOp::eq, "Web"}}),
            (std::vector<Id>{ben}));
        EXPECT_EQ(book->leads().count({.where = {where(R"({"any": [{"field": "rating", "value":
        "warm"}, {"field": "rating", "op": "is_empty"}]})")}}),
                  2);
    }
    { // user-defined fields
        EXPECT_EQ(find(R"({"field": "custom.Budget", "op": "gt", "value": 100})"),
                  (std::vector<Id>{ann}));
        EXPECT_EQ(find(R"({"field": "custom.Budget", "op": "le", "value": 500})"),
                  (std::vector<Id>{ann, ben}));
        EXPECT_EQ(find(R"({"field": "custom.Budget", "op": "ne", "value": 50})"),
                  (std::vector<Id>{ann, cy, di, ed}));
        EXPECT_EQ(find(R"({"field": "custom.Budget", "op": "in", "value": [50, 7]})"),
                  (std::vector<Id>{ben}));
        EXPECT_EQ(find(R"({"field": "custom.Region", "value": "North"})"), (std::vector<Id>{ann}));
        EXPECT_EQ(find(R"({"field": "custom.Region", "op": "contains", "value": "out"})"),
                  (std::vector<Id>{ed}));
        EXPECT_EQ(find(R"({"field": "custom.Region", "op": "is_empty"})"),
                  (std::vector<Id>{ben, cy, di}));
        EXPECT_EQ(find(R"({"any": [{"field": "custom.Region", "value": "South"},
                               {"field": "custom.Budget", "op": "ge", "value": 50}]})"),
                  (std::vector<Id>{ann, ben, ed}));
    }
    { // linked records
        // A phone log since 20 November: Cy's is older, and Cy's newer item is a note.
        EXPECT_EQ(find(R"({"linked": "history", "all": [
                         {"field": "kind", "value": "phone_log"},
                         {"field": "occurred_at", "op": "ge", "value": "2026-11-20T00:00:00Z"}]})"),
                  (std::vector<Id>{ben}));
        EXPECT_EQ(find(R"({"linked": "history", "all": [{"field": "kind", "value": "phone_log"}],
                       "negate": true})"),
                  (std::vector<Id>{ann, di, ed}));
        EXPECT_EQ(find(R"({"linked": "opportunities", "all": [{"field": "stage", "value": ")" +
                       second_stage + "\"}]}"),
                  (std::vector<Id>{di}));
        EXPECT_EQ(find(R"({"linked": "account", "all": [{"field": "name", "value": "acme"}]})"),
                  (std::vector<Id>{ann}));
    }
}

TEST_P(FilterGroups, BulkEditsAndReportsTakeGroupsAndSavedReportsFollowARename) {
    { // bulk edits and reports
        const auto changed = book->leads().bulk_edit(
            Selection::where(
                {where(R"({"any": [{"field": "custom.Budget", "op": "ge", "value": 100},
                                             {"linked": "account", "all": [{"field": "name",
                                              "value": "Globex"}]}]})")}),
            "rating", "warm");
        EXPECT_EQ(changed, 2);
        EXPECT_EQ(find(R"({"field": "rating", "value": "warm"})"), (std::vector<Id>{ann, cy, di}));

        ReportDefinition definition;
        definition.filters = {where(R"({"any": [{"field": "source", "value": "Referral"},
                                            {"field": "rating", "value": "hot", "negate": true}]})")};
        definition.group_by = {ReportGroupBy{.field = "source"}};
        Reports reports(*book);
        auto report = reports.run(definition);
        EXPECT_EQ(report.total(), 4); // Ann, Cy, Di, Ed
        EXPECT_EQ(report.description(),
                  "Leads where either Source is \"Referral\" or not (Rating is \"hot\")");
        // Saved with the group and read back the same.
        reports.save("Referral or not hot", definition);
        EXPECT_EQ(reports.open("Referral or not hot"), definition);
    }
    { // renaming a user-defined field renames it in saved reports
        auto budget = book->fields().add(FieldDefinition{
            .record_type = FieldOwner::lead, .name = "Budget", .type = FieldType::number});
        book->fields().add(FieldDefinition{
            .record_type = FieldOwner::account, .name = "Region", .type = FieldType::text});
        Reports reports(*book);
        reports.save("Budgets", parse_report_definition(R"({
        "filters": [{"any": [{"field": "custom.Budget", "op": "ge", "value": 100},
                             {"field": "custom.Region", "value": "North"}]},
                    {"linked": "account", "all": [{"field": "custom.Budget", "value": 1}]}],
        "group_by": [{"field": "source", "order": "total", "total": "sum_custom.Budget"}],
        "totals": [{"field": "custom.Budget", "function": "sum"}]})"));
        const std::string untouched = R"({"record_type": "accounts",
        "filters": [{"field": "custom.Budget", "op": "ge", "value": 1}]})";
        reports.save("Accounts", parse_report_definition(untouched), "Accounts");
        const auto accounts_before = reports.open("Accounts");

        budget = book->fields().update(budget.id, budget.version,
                                       parse_json(R"({"name": "Budget 2026"})").as_object());
        const std::string renamed = report_definition_to_json_text(reports.open("Budgets"));
        const auto definition = reports.open("Budgets");
        EXPECT_EQ(definition.filters[0].any[0].field, "custom.Budget 2026");
        EXPECT_EQ(definition.filters[0].any[1].field, "custom.Region");
        // The account's field of the same name is another field.
        EXPECT_EQ(definition.filters[1].all[0].field, "custom.Budget");
        EXPECT_EQ(definition.totals[0].field, "custom.Budget 2026");
        EXPECT_EQ(definition.group_by[0].total, "sum_custom.Budget 2026");
        EXPECT_EQ(reports.open("Accounts"), accounts_before);
        reports.run("Budgets"); // still runs

        // A rename that fails (the name is taken) changes no report.
        book->fields().add(FieldDefinition{
            .record_type = FieldOwner::lead, .name = "Taken", .type = FieldType::number});
        const std::string before = everything();
        expect_error(ErrorCode::conflict, "'Taken' already", [&] {
            book->fields().update(budget.id, budget.version,
                                  parse_json(R"({"name": "Taken"})").as_object());
        });
        EXPECT_EQ(report_definition_to_json_text(reports.open("Budgets")), renamed);
        EXPECT_EQ(everything(), before);
    }
}

TEST_P(FilterGroups, BadFiltersAreRefusedAndChangeNothing) {
    const std::string before = everything();
    Reports reports(*book);
    auto refused = [&](const std::string& json, const std::string& words) {
        SCOPED_TRACE(json);
        const Filter filter = where(json);
        expect_error(ErrorCode::validation, words, [&] { find({filter}); });
        expect_error(ErrorCode::validation, words, [&] {
            book->leads().bulk_edit(Selection::where({filter}), "rating", "cold");
        });
        ReportDefinition definition;
        definition.filters = {filter};
        expect_error(ErrorCode::validation, words, [&] { reports.save("Refused", definition); });
        EXPECT_EQ(everything(), before);
    };
    // Five levels of groups: one past the limit.
    std::string deep = R"({"field": "rating", "value": "hot"})";
    for (std::size_t i = 0; i <= limits::query_nesting; ++i) deep = R"({"any": [)" + deep + "]}";
    refused(deep, "nest 5 levels deep; the limit (query_nesting) is 4");
    refused(
        R"({"any": [{"field": "rating", "value": "hot"}, {"field": "colour", "value": "red"}]})",
        "unknown field 'colour'");
    refused(R"({"linked": "history", "all": [{"field": "rating", "value": "hot"}]})",
            "unknown field 'rating'");
    refused(R"({"any": [{"field": "score.stars", "op": "contains", "value": "3"}]})",
            "'contains' needs a text field; 'score.stars' is not text");
    refused(R"({"field": "custom.Budget", "op": "contains", "value": 5})",
            "'contains' on 'custom.Budget' needs a text value");
    refused(R"({"field": "custom.Budget", "op": "gt", "value": true})",
            "'gt' on 'custom.Budget' needs a number, a text or a date");
    refused(R"({"linked": "meetings", "all": [{"field": "kind", "value": "x"}]})",
            "'linked' is history, opportunities or account, not 'meetings'");
    expect_error(ErrorCode::validation, "only leads and business contacts have an account", [&] {
        book->opportunities().find(
            {.where = {
                 where(R"({"linked": "account", "all": [{"field": "name", "value": "x"}]})")}});
    });
    // Malformed groups are refused as they are read.
    expect_error(ErrorCode::validation, "'where[0]' is a group; 'op' and 'value' belong",
                 [&] { where(R"({"any": [{"field": "rating", "value": "hot"}], "op": "ne"})"); });
    expect_error(ErrorCode::validation, "'where[0]' is a condition (field) or a group", [&] {
        where(R"({"field": "rating", "any": [{"field": "rating", "value": "hot"}]})");
    });
    expect_error(ErrorCode::validation, "needs the conditions on the linked records in 'all'",
                 [&] { where(R"({"linked": "history"})"); });
    EXPECT_EQ(everything(), before);
}

INSTANTIATE_TEST_SUITE_P(Backends, FilterGroups, ::testing::ValuesIn(backends()),
                         [](const auto& info) { return info.param.name; });

TEST(FilterJson, GroupsWriteOnlyWhatTheyUseAndOldFiltersReadAsBefore) {
    const Filter group = from_json<Filter>(parse_json(
        R"({"any": [{"field": "rating", "value": "hot"},
                    {"linked": "history", "all": [{"field": "kind", "value": "phone_log"}]}],
            "negate": true})"));
    EXPECT_EQ(serialize_json(to_json(group)),
              R"({"any":[{"field":"rating","op":"eq","value":"hot"},)"
              R"({"linked":"history","all":[{"field":"kind","op":"eq","value":"phone_log"}]}],)"
              R"("negate":true})");
    EXPECT_EQ(from_json<Filter>(to_json(group)), group);
    // A definition saved by the previous version reads, and writes, as it did.
    const std::string saved =
        R"({"record_type":"leads","title":"Hot","columns":[],"filters":[{"field":"rating",)"
        R"("op":"eq","value":"hot"}],"sort":[],"group_by":["source"]})";
    const ReportDefinition definition = parse_report_definition(saved);
    ASSERT_EQ(definition.filters.size(), 1u);
    EXPECT_EQ(definition.filters[0], (Filter{"rating", FilterOp::eq, "hot"}));
    EXPECT_EQ(report_definition_to_json_text(definition), saved);
}
