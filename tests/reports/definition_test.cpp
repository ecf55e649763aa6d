// Report definitions: JSON round trips, and every bad definition named
// clearly with nothing stored changed.
#include "report_fixture.hpp"

using namespace leadbook;
using test::expect_error;
using test::ReportData;

TEST(ReportDefinitionJson, RoundTripsThroughJson) {
    auto def = parse_report_definition(R"({"record_type": "business_contacts", "title": "Mine",
        "columns": ["full_name", "emails.address", "score.stars"],
        "filters": [{"field": "rating", "op": "in", "value": ["hot", "warm"]},
                    {"field": "company", "op": "is_empty"}],
        "sort": [{"field": "full_name", "descending": true}, {"field": "company"}],
        "group_by": ["assigned_to", {"field": "score.stars", "descending": true}],
        "limit": 10, "offset": 5})");
    EXPECT_EQ(def.record_type, ReportRecordType::business_contacts);
    ASSERT_EQ(def.group_by.size(), 2u);
    EXPECT_EQ(def.group_by[0], (ReportGroupBy{"assigned_to", false}));
    EXPECT_EQ(def.group_by[1], (ReportGroupBy{"score.stars", true}));
    EXPECT_EQ(def.filters[0], (Filter{"rating", FilterOp::in, boost::json::array{"hot", "warm"}}));
    EXPECT_EQ(def.filters[1], (Filter{"company", FilterOp::is_empty, nullptr}));
    EXPECT_TRUE(def.sort[0].descending);
    EXPECT_FALSE(def.sort[1].descending);
    EXPECT_EQ(def.limit, 10);

    const std::string text = report_definition_to_json_text(def);
    EXPECT_EQ(parse_report_definition(text), def);
    EXPECT_EQ(boost::json::value_to<ReportDefinition>(boost::json::value_from(def)), def);
    EXPECT_NE(text.find(R"("group_by":["assigned_to",{"field":"score.stars","descending":true}])"),
              std::string::npos)
        << text;
    // Filters are written as they are read; is_empty needs no value.
    EXPECT_NE(text.find(R"("filters":[{"field":"rating","op":"in","value":["hot","warm"]},)"
                        R"({"field":"company","op":"is_empty"}])"),
              std::string::npos)
        << text;
}

TEST(ReportDefinitionJson, BuiltInsRoundTripAndValidate) {
    ASSERT_EQ(builtin_report_names().size(), 3u);
    for (auto name : builtin_report_names()) {
        auto def = builtin_report(name);
        ASSERT_TRUE(def) << name;
        EXPECT_EQ(parse_report_definition(report_definition_to_json_text(*def)), *def);
        EXPECT_FALSE(def->title.empty());
    }
    EXPECT_EQ(builtin_report("leads_by_score")->group_by[0], (ReportGroupBy{"score.stars", true}));
    EXPECT_FALSE(builtin_report("leads_by_shoe_size"));
}

TEST(ReportDefinitionJson, DefaultsAreLeads) {
    auto def = parse_report_definition("{}");
    EXPECT_EQ(def.record_type, ReportRecordType::leads);
    EXPECT_TRUE(def.columns.empty());
    EXPECT_FALSE(def.limit);
}

TEST(ReportDefinitionJson, BadJsonIsNamed) {
    expect_error(ErrorCode::validation, "unknown field 'colums'",
                 [] { parse_report_definition(R"({"colums": ["full_name"]})"); });
    expect_error(ErrorCode::validation, "unknown field 'filters[0].operator'", [] {
        parse_report_definition(R"({"filters": [{"field": "rating", "operator": "eq"}]})");
    });
    expect_error(ErrorCode::validation, "'record_type': 'prospects' is not one of leads",
                 [] { parse_report_definition(R"({"record_type": "prospects"})"); });
    expect_error(ErrorCode::validation, "'columns' must be an array",
                 [] { parse_report_definition(R"({"columns": "full_name"})"); });
    expect_error(ErrorCode::validation, "'filters[0]' needs a field",
                 [] { parse_report_definition(R"({"filters": [{"op": "eq"}]})"); });
    expect_error(ErrorCode::validation, "must be a JSON object",
                 [] { parse_report_definition("[]"); });
    expect_error(ErrorCode::validation, "malformed JSON",
                 [] { parse_report_definition("{\"columns\": "); });
}

// ---- bad definitions against the record types -----------------------------

namespace {

class BadReport : public ReportData {
protected:
    void SetUp() override {
        ReportData::SetUp();
        reports.save("Kept", *builtin_report("leads_by_score"));
        before = test::snapshot(book);
    }
    void TearDown() override { EXPECT_EQ(test::snapshot(book), before) << "stored data changed"; }

    /// The definition fails to run and to be saved, with the same message.
    void rejected(const std::string& json, const std::string& words) {
        expect_error(ErrorCode::validation, words,
                     [&] { reports.run(parse_report_definition(json)); });
        expect_error(ErrorCode::validation, words,
                     [&] { reports.save("Bad one", parse_report_definition(json)); });
        expect_error(ErrorCode::validation, words, [&] { reports.run_text(json); });
    }

    std::string before;
};

} // namespace

TEST_F(BadReport, UnknownField) {
    rejected(R"({"columns": ["full_name", "shoe_size"]})", "columns[1]: unknown field 'shoe_size'");
    rejected(R"({"filters": [{"field": "shoe_size", "op": "eq", "value": 4}]})",
             "filters[0]: unknown field 'shoe_size'");
    rejected(R"({"sort": [{"field": "shoe_size"}]})", "sort[0]: unknown field 'shoe_size'");
    rejected(R"({"group_by": ["shoe_size"]})", "group_by[0]: unknown field 'shoe_size'");
    rejected(R"({"columns": ["emails.colour"]})", "unknown field 'emails.colour'");
    // A field of another record type.
    rejected(R"({"record_type": "accounts", "columns": ["full_name"]})",
             "unknown field 'full_name'");
}

TEST_F(BadReport, UnknownRecordType) {
    const std::string json = R"({"record_type": "prospects", "columns": ["full_name"]})";
    expect_error(ErrorCode::validation,
                 "'record_type': 'prospects' is not one of leads, "
                 "business_contacts, accounts, opportunities",
                 [&] { reports.run_text(json); });
    expect_error(ErrorCode::validation, "'prospects' is not one of",
                 [&] { reports.save("Prospects", parse_report_definition(json)); });
    ReportDefinition out_of_range;
    out_of_range.record_type = static_cast<ReportRecordType>(42);
    expect_error(ErrorCode::validation, "unknown record type", [&] { reports.run(out_of_range); });
    expect_error(ErrorCode::validation, "unknown record type",
                 [&] { reports.save("Prospects", out_of_range); });
}

TEST_F(BadReport, UnknownOperator) {
    rejected(R"({"filters": [{"field": "rating", "op": "like", "value": "h%"}]})",
             "'filters[0].op': 'like' is not an operator; use one of: eq, ne, lt, le, gt, ge, "
             "contains, starts_with, in, is_empty, has");
    ReportDefinition out_of_range;
    out_of_range.filters = {{"rating", static_cast<FilterOp>(42), "hot"}};
    expect_error(ErrorCode::validation, "filters[0]: unknown operator 42; use one of: eq,",
                 [&] { reports.run(out_of_range); });
}

TEST_F(BadReport, OperatorThatDoesNotFitTheFieldType) {
    rejected(R"({"filters": [{"field": "score.stars", "op": "contains", "value": 4}]})",
             "'contains' needs a text field; 'score.stars' is not text");
    rejected(R"({"filters": [{"field": "modified_at", "op": "starts_with", "value": "2026"}]})",
             "'starts_with' needs a text field; 'modified_at' is not text");
}

TEST_F(BadReport, ValueOfTheWrongType) {
    rejected(R"({"filters": [{"field": "score.stars", "op": "ge", "value": "four"}]})",
             "filters[0]: 'score.stars' must be");
    rejected(R"({"filters": [{"field": "modified_at", "op": "gt", "value": "yesterday"}]})",
             "filters[0]: 'modified_at'");
    rejected(R"({"filters": [{"field": "rating", "op": "in", "value": ["hot", 3]}]})",
             "'rating' must be a string");
}

TEST_F(BadReport, EmptyInList) {
    rejected(R"({"filters": [{"field": "rating", "op": "in", "value": []}]})",
             "'in' on field 'rating' needs a non-empty list of values");
    rejected(R"({"filters": [{"field": "rating", "op": "in", "value": "hot"}]})",
             "needs a non-empty list");
}

TEST_F(BadReport, GroupingByAListField) {
    rejected(R"({"group_by": ["emails"]})",
             "group_by[0]: field 'emails' is a list and cannot be grouped by");
    rejected(R"({"group_by": ["emails.address"]})",
             "field 'emails.address' belongs to the list 'emails' and cannot be grouped by");
    rejected(R"({"group_by": ["criteria_met"]})", "field 'criteria_met' is a list");
    rejected(R"({"group_by": ["photo"]})", "'photo' holds binary data");
}

TEST_F(BadReport, MoreThanThreeGroupLevels) {
    rejected(R"({"group_by": ["assigned_to", "rating", "source", "company"]})",
             "at most three levels");
    rejected(R"({"group_by": ["rating", "rating"]})", "'rating' is named twice");
}

TEST_F(BadReport, AListAsAColumn) {
    rejected(R"({"columns": ["emails"]})",
             "columns[0]: field 'emails' is a list; name a field of its first entry");
}

TEST_F(BadReport, NegativeLimit) {
    rejected(R"({"limit": -1})", "limit: cannot be negative");
    rejected(R"({"offset": -3})", "offset: cannot be negative");
}
