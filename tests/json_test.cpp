#include <leadbook/json.hpp>
#include <leadbook/types.hpp>

#include "test_support.hpp"

#include <boost/json/serialize.hpp>

using namespace leadbook;
using leadbook::test::expect_error;

TEST(Json, LeadRoundTripsThroughDescriptions) {
    Lead lead = test::sample_lead("José Müller", 4);
    lead.id = 42;
    lead.assigned_to = 7;
    lead.photo.data = test::tiny_png();
    lead.custom = {{"budget", 5000.0},
                   {"vip", true},
                   {"since", Date::from_ymd(2025, 3, 1)},
                   {"region", std::string("EMEA")}};
    lead.score = {ScoreMode::manual, 4, 0, 0, 0};
    lead.created_at = *Timestamp::parse("2026-11-27T09:30:00Z");
    lead.version = 3;

    boost::json::value v = to_json(lead);
    const auto& o = v.as_object();
    EXPECT_EQ(o.at("full_name").as_string(), "José Müller");
    EXPECT_EQ(o.at("score").as_object().at("mode").as_string(), "manual");
    EXPECT_EQ(o.at("created_at").as_string(), "2026-11-27T09:30:00Z");
    EXPECT_EQ(o.at("custom").as_object().at("budget").as_int64(), 5000);
    EXPECT_EQ(o.at("custom").as_object().at("since").as_object().at("date").as_string(),
              "2025-03-01");
    EXPECT_TRUE(o.at("account_id").is_null());
    EXPECT_EQ(o.at("photo").as_string(), base64_encode(test::tiny_png()));

    Lead back = from_json<Lead>(v);
    EXPECT_EQ(to_json(back), v);
    // Boost.JSON's own entry points use the same conversion.
    EXPECT_EQ(boost::json::value_from(lead), v);
    EXPECT_EQ(to_json(boost::json::value_to<Lead>(v)), v);
}

TEST(Json, MissingFieldsKeepDefaults) {
    auto lead = from_json<Lead>(parse_json(R"({"full_name": "Jane"})"));
    EXPECT_EQ(lead.full_name, "Jane");
    EXPECT_TRUE(lead.emails.empty());
    EXPECT_EQ(lead.score.mode, ScoreMode::automatic);
}

TEST(Json, AssignChangesOnlyNamedFields) {
    Lead lead = test::sample_lead("Jane Doe");
    assign_json(lead, parse_json(R"({"company": "Acme Corp", "score": {"stars": 2}})"));
    EXPECT_EQ(lead.company, "Acme Corp");
    EXPECT_EQ(lead.full_name, "Jane Doe");
    EXPECT_EQ(lead.emails.size(), 2u);
    EXPECT_EQ(lead.score.stars, 2);
}

TEST(Json, UnknownFieldIsRejectedByName) {
    expect_error(ErrorCode::validation, "unknown field 'compnay'",
                 [] { from_json<Lead>(parse_json(R"({"full_name": "J", "compnay": "x"})")); });
    expect_error(ErrorCode::validation, "unknown field 'emails[0].adress'",
                 [] { from_json<Lead>(parse_json(R"({"emails": [{"adress": "x@y.example"}]})")); });
}

TEST(Json, WrongTypesNameTheField) {
    expect_error(ErrorCode::validation, "'full_name' must be a string, not a number",
                 [] { from_json<Lead>(parse_json(R"({"full_name": 5})")); });
    expect_error(ErrorCode::validation, "'assigned_to' must be a whole number",
                 [] { from_json<Lead>(parse_json(R"({"assigned_to": "ana"})")); });
    expect_error(ErrorCode::validation, "'assigned_to': must be a whole number",
                 [] { from_json<Lead>(parse_json(R"({"assigned_to": 1.5})")); });
    expect_error(ErrorCode::validation, "'phones[1].number' must be a string",
                 [] { from_json<Lead>(parse_json(R"({"phones": [{}, {"number": true}]})")); });
    expect_error(ErrorCode::validation, "'score.mode': 'sometimes' is not one of automatic, manual",
                 [] { from_json<Lead>(parse_json(R"({"score": {"mode": "sometimes"}})")); });
    expect_error(ErrorCode::validation, "'score.stars': number out of range",
                 [] { from_json<Lead>(parse_json(R"({"score": {"stars": 99999999999}})")); });
    expect_error(ErrorCode::validation, "'photo': not valid base64",
                 [] { from_json<Lead>(parse_json(R"({"photo": "not base64!"})")); });
    expect_error(ErrorCode::validation, "'custom.x' must be text, a number",
                 [] { from_json<Lead>(parse_json(R"({"custom": {"x": [1]}})")); });
}

TEST(Json, MalformedTextIsAValidationError) {
    for (const char* bad : {"", "{", "{\"full_name\": }", "[1,", "{\"a\": \"\xC3\"}"})
        expect_error(ErrorCode::validation, "malformed JSON", [&] { parse_json(bad); });
}

TEST(Json, DeepNestingIsRefused) {
    std::string deep(1000, '[');
    expect_error(ErrorCode::validation, "malformed JSON", [&] { parse_json(deep); });
}
