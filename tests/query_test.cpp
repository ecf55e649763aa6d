// The query vocabulary's JSON (leadbook/query.hpp): read and written from
// the descriptions, with the operator and the missing field named clearly.
#include <leadbook/leadbook.hpp>

#include "test_support.hpp"

using namespace leadbook;
using leadbook::test::expect_error;

namespace {

const std::string all_operators =
    "use one of: eq, ne, lt, le, gt, ge, contains, starts_with, in, is_empty, has";

RecordQuery query_from(std::string_view json) { return from_json<RecordQuery>(parse_json(json)); }

} // namespace

TEST(QueryJson, ReadsEveryKeyByDescription) {
    auto q = query_from(R"({"where": [{"field": "rating", "op": "in", "value": ["hot", "warm"]},
                                      {"field": "company", "op": "is_empty"},
                                      {"field": "assigned_to", "value": 3}],
                            "order_by": ["-modified_at", "full_name"], "limit": 50, "offset": 10})");
    ASSERT_EQ(q.where.size(), 3u);
    EXPECT_EQ(q.where[0], (Filter{"rating", FilterOp::in, boost::json::array{"hot", "warm"}}));
    EXPECT_EQ(q.where[1], (Filter{"company", FilterOp::is_empty, nullptr}));
    // "op" defaults to eq.
    EXPECT_EQ(q.where[2], (Filter{"assigned_to", FilterOp::eq, 3}));
    EXPECT_EQ(q.order_by, (std::vector<std::string>{"-modified_at", "full_name"}));
    EXPECT_EQ(q.limit, 50);
    EXPECT_EQ(q.offset, 10);

    auto empty = query_from("{}");
    EXPECT_TRUE(empty.where.empty());
    EXPECT_EQ(empty.limit, -1);
    EXPECT_EQ(empty.offset, 0);
}

TEST(QueryJson, WritesTheSameJson) {
    RecordQuery q{.where = {{"score.stars", FilterOp::ge, 3}, {"links", FilterOp::has, 42}},
                  .order_by = {"-occurred_at"},
                  .limit = 5};
    boost::json::value v = to_json(q);
    EXPECT_EQ(v.at("where").at(0),
              (boost::json::object{{"field", "score.stars"}, {"op", "ge"}, {"value", 3}}));
    EXPECT_EQ(v.at("where").at(1).at("op").as_string(), "has");
    EXPECT_EQ(from_json<RecordQuery>(v).where, q.where);
    EXPECT_EQ(boost::json::value_to<RecordQuery>(v).order_by, q.order_by);
}

TEST(QueryJson, UnknownOperatorListsTheOperators) {
    expect_error(ErrorCode::validation,
                 "'where[0].op': 'equals' is not an operator; " + all_operators,
                 [] { query_from(R"({"where": [{"field": "company", "op": "equals"}]})"); });
    expect_error(ErrorCode::validation, "'where[1].op': 'EQ' is not an operator",
                 [] { query_from(R"({"where": [{"field": "a"}, {"field": "b", "op": "EQ"}]})"); });
    expect_error(ErrorCode::validation,
                 "'where[0].op' must be an operator name such as \"eq\", not a number",
                 [] { query_from(R"({"where": [{"field": "company", "op": 1}]})"); });
    // A condition read on its own names the operator by its own key.
    expect_error(ErrorCode::validation, "'op': 'like' is not an operator; " + all_operators,
                 [] { from_json<Filter>(parse_json(R"({"field": "company", "op": "like"})")); });
}

TEST(QueryJson, BadConditionsAndKeysAreNamed) {
    expect_error(ErrorCode::validation, "'where[1]' needs a field", [] {
        query_from(R"({"where": [{"field": "company"}, {"op": "eq", "value": 1}]})");
    });
    expect_error(ErrorCode::validation, "a condition needs a field",
                 [] { from_json<Filter>(parse_json(R"({"value": 1})")); });
    expect_error(ErrorCode::validation, "unknown field 'where[0].operator'",
                 [] { query_from(R"({"where": [{"field": "company", "operator": "eq"}]})"); });
    expect_error(ErrorCode::validation, "unknown field 'sort'",
                 [] { query_from(R"({"sort": ["full_name"]})"); });
    expect_error(ErrorCode::validation, "'where[0]' must be an object, not a string",
                 [] { query_from(R"({"where": ["company"]})"); });
    expect_error(ErrorCode::validation, "'order_by' must be an array, not a string",
                 [] { query_from(R"({"order_by": "full_name"})"); });
    expect_error(ErrorCode::validation, "'limit' must be a whole number",
                 [] { query_from(R"({"limit": "ten"})"); });
}

TEST(QueryJson, SelectionIsIdsOrConditions) {
    auto by_ids = selection_from_json(parse_json(R"({"ids": [3, 1]})"));
    EXPECT_EQ(by_ids.ids, (std::vector<Id>{3, 1}));
    EXPECT_FALSE(by_ids.filter);

    auto by_where = selection_from_json(
        parse_json(R"({"where": [{"field": "company", "op": "starts_with", "value": "Ac"}]})"));
    EXPECT_TRUE(by_where.ids.empty());
    ASSERT_TRUE(by_where.filter);
    EXPECT_EQ(by_where.filter->where,
              (std::vector<Filter>{{"company", FilterOp::starts_with, "Ac"}}));

    // An empty list of conditions is every record, as in C++.
    auto every = selection_from_json(parse_json(R"({"where": []})"));
    ASSERT_TRUE(every.filter);
    EXPECT_TRUE(every.filter->where.empty());

    for (const char* bad : {R"({})", R"({"ids": [1], "where": []})", R"({"id": [1]})", "[1, 2]"})
        expect_error(ErrorCode::validation, R"(a selection is {"ids": [...]} or {"where": [...]})",
                     [&] { selection_from_json(parse_json(bad)); });
    expect_error(
        ErrorCode::validation, "'where[0].op': 'is' is not an operator; " + all_operators, [] {
            selection_from_json(parse_json(R"({"where": [{"field": "company", "op": "is"}]})"));
        });
    expect_error(ErrorCode::validation, "'ids[1]' must be a whole number",
                 [] { selection_from_json(parse_json(R"({"ids": [1, "two"]})")); });
}

TEST(QueryJson, OpenOptionsAreReadByDescription) {
    auto options = from_json<OpenOptions>(
        parse_json(R"({"as_user": 7, "busy_timeout_ms": 250, "create": false})"));
    EXPECT_EQ(options.as_user, 7);
    EXPECT_EQ(options.busy_timeout_ms, 250);
    EXPECT_FALSE(options.create);
    EXPECT_FALSE(from_json<OpenOptions>(parse_json(R"({"as_user": null})")).as_user);
    expect_error(ErrorCode::validation, "unknown field 'colour'",
                 [] { from_json<OpenOptions>(parse_json(R"({"colour": 1})")); });
    expect_error(ErrorCode::validation, "'busy_timeout_ms': number out of range",
                 [] { from_json<OpenOptions>(parse_json(R"({"busy_timeout_ms": 1e12})")); });
}

TEST(QueryJson, QueriesReadFromJsonFind) {
    auto book = LeadBook::open(":memory:");
    for (const char* name : {"Ann Acme", "Bob Acme", "Cy Other"}) {
        Lead lead;
        lead.full_name = name;
        book.leads().add(lead);
    }
    auto q = query_from(R"({"where": [{"field": "full_name", "op": "contains", "value": "acme"}],
                            "order_by": ["-full_name"]})");
    std::vector<std::string> names;
    for (const auto& lead : book.leads().find(q)) names.push_back(lead.full_name);
    EXPECT_EQ(names, (std::vector<std::string>{"Bob Acme", "Ann Acme"}));
}
