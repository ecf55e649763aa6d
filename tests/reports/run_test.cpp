// Running reports: built-in reports on a hand-counted data set, one and two
// levels of groups, row order, filters, first-of-list columns, paging.
#include "report_fixture.hpp"

#include "reports/report_plan.hpp"

using namespace leadbook;
using test::ReportData;

namespace {

using Names = std::vector<std::string>;

struct Counted {
    std::string label;
    std::int64_t count;
    bool operator==(const Counted&) const = default;
};

std::vector<Counted> counted(const std::vector<ReportGroup>& groups) {
    std::vector<Counted> out;
    for (const auto& g : groups) out.push_back({g.label, g.count});
    return out;
}

} // namespace

TEST_F(ReportData, LeadsByAssignedTo) {
    auto report = reports.run("leads_by_assigned_to");
    EXPECT_EQ(report.title(), "Leads by Assigned To");
    // Built-in reports show open leads.
    EXPECT_EQ(report.description(), "Leads where Status is \"open\"");
    EXPECT_EQ(counted(report.groups()),
              (std::vector<Counted>{{"(not assigned)", 1}, {"Ana Silva", 3}, {"Ben Okafor", 3}}));
    EXPECT_EQ(report.total(), 7);
    // The JSON keeps the user's id next to the name.
    EXPECT_TRUE(report.groups()[0].key.is_null());
    EXPECT_EQ(report.groups()[1].key, boost::json::value(ana));
    // Rows: group keys first, then by name.
    EXPECT_EQ(column_texts(report, 0), (Names{"Fay Fox", "Alice Archer", "Bob Brown", "Carla Cruz",
                                              "Dan Diaz", "Eve Evans", "Gus Gray"}));
}

TEST_F(ReportData, BuiltInColumns) {
    auto report = reports.run("leads_by_assigned_to");
    Names fields, headings;
    for (const auto& c : report.columns()) {
        fields.push_back(c.field);
        headings.push_back(c.heading);
    }
    EXPECT_EQ(fields, (Names{"full_name", "company", "phones.number", "emails.address",
                             "score.stars", "source", "modified_at"}));
    EXPECT_EQ(headings,
              (Names{"Name", "Company", "Phone", "E-mail", "Stars", "Source", "Modified"}));
    auto row = report.next_row();
    ASSERT_TRUE(row);
    EXPECT_EQ(row->texts[0], "Fay Fox");
    EXPECT_TRUE(row->values[3].is_null()); // no e-mail at all
    EXPECT_EQ(row->group_labels[0], "(not assigned)");
    row = report.next_row(); // Alice: the FIRST e-mail and phone
    EXPECT_EQ(row->values[3], boost::json::value("alice@work.example"));
    EXPECT_EQ(row->values[2], boost::json::value("+1 555 0110"));
    EXPECT_EQ(row->values[4], boost::json::value(5));
    EXPECT_EQ(row->id, leads[0].id);
    // Times read "YYYY-MM-DD HH:MM"; the JSON value stays ISO 8601.
    EXPECT_EQ(row->texts[6].size(), 16u);
    EXPECT_EQ(row->values[6], boost::json::value(leads[0].modified_at.to_string()));
}

TEST_F(ReportData, LeadsByAssignedToAndRating) {
    auto report = reports.run("leads_by_assigned_to_and_rating");
    const auto& groups = report.groups();
    ASSERT_EQ(groups.size(), 3u);
    EXPECT_EQ(counted(groups[0].subgroups), (std::vector<Counted>{{"warm", 1}}));
    EXPECT_EQ(counted(groups[1].subgroups), (std::vector<Counted>{{"hot", 2}, {"warm", 1}}));
    EXPECT_EQ(counted(groups[2].subgroups),
              (std::vector<Counted>{{"cold", 1}, {"hot", 1}, {"warm", 1}}));
    EXPECT_EQ(groups[2].count, 3);
    EXPECT_EQ(column_texts(report, 0), (Names{"Fay Fox", "Alice Archer", "Carla Cruz", "Bob Brown",
                                              "Dan Diaz", "Eve Evans", "Gus Gray"}));
    report.rewind();
    auto row = report.next_row();
    ASSERT_EQ(row->group_keys.size(), 2u);
    EXPECT_EQ(row->group_labels[1], "warm");
}

TEST_F(ReportData, GroupsStartingAtEachRow) {
    auto report = reports.run("leads_by_assigned_to_and_rating");
    // Each row: the groups it starts, as "level:label:count".
    std::vector<Names> starts;
    ReportRow row;
    auto read_all = [&] {
        starts.clear();
        while (report.next_row(row)) {
            Names here;
            for (const auto& group : report.groups_starting(row))
                here.push_back(std::to_string(group.level) + ":" + group.label + ":" +
                               (group.count ? std::to_string(*group.count) : "?"));
            starts.push_back(here);
        }
    };
    read_all();
    const std::vector<Names> expected = {
        {"0:(not assigned):1", "1:warm:1"}, // Fay Fox
        {"0:Ana Silva:3", "1:hot:2"},       // Alice Archer
        {},                                 // Carla Cruz
        {"1:warm:1"},                       // Bob Brown
        {"0:Ben Okafor:3", "1:cold:1"},     // Dan Diaz
        {"1:hot:1"},                        // Eve Evans
        {"1:warm:1"},                       // Gus Gray
    };
    EXPECT_EQ(starts, expected);
    // Rewinding starts the groups again too.
    report.rewind();
    read_all();
    EXPECT_EQ(starts, expected);
    // A report without groups starts none.
    auto flat = reports.run(parse_report_definition(R"({"columns": ["full_name"]})"));
    ASSERT_TRUE(flat.next_row(row));
    EXPECT_TRUE(flat.groups_starting(row).empty());
}

TEST_F(ReportData, LeadsByScoreHighestFirst) {
    auto report = reports.run("leads_by_score");
    EXPECT_EQ(counted(report.groups()),
              (std::vector<Counted>{{"5", 2}, {"4", 1}, {"3", 2}, {"1", 1}, {"0", 1}}));
    EXPECT_EQ(column_texts(report, 0), (Names{"Alice Archer", "Eve Evans", "Carla Cruz",
                                              "Bob Brown", "Gus Gray", "Dan Diaz", "Fay Fox"}));
}

TEST_F(ReportData, CustomFilteredSortedGrouped) {
    auto def = parse_report_definition(R"({"record_type": "leads",
        "columns": ["full_name", "rating"],
        "filters": [{"field": "rating", "op": "eq", "value": "hot"}],
        "sort": [{"field": "full_name", "descending": true}],
        "group_by": ["assigned_to"]})");
    auto report = reports.run(def);
    EXPECT_EQ(report.title(), "Leads by Assigned to");
    EXPECT_EQ(report.description(), "Leads where Rating is \"hot\"");
    EXPECT_EQ(counted(report.groups()),
              (std::vector<Counted>{{"Ana Silva", 2}, {"Ben Okafor", 1}}));
    EXPECT_EQ(column_texts(report, 0), (Names{"Carla Cruz", "Alice Archer", "Eve Evans"}));
}

TEST_F(ReportData, EveryOperator) {
    auto names = [&](const std::string& filters) {
        auto report = reports.run(parse_report_definition(
            R"({"columns": ["full_name"], "sort": [{"field": "full_name"}], "filters": )" +
            filters + "}"));
        return column_texts(report, 0);
    };
    EXPECT_EQ(names(R"([{"field": "score.stars", "op": "ge", "value": 4}])"),
              (Names{"Alice Archer", "Carla Cruz", "Eve Evans"}));
    EXPECT_EQ(names(R"([{"field": "score.stars", "op": "lt", "value": 1}])"), (Names{"Fay Fox"}));
    EXPECT_EQ(
        names(
            R"([{"field": "score.stars", "op": "le", "value": 1}, {"field": "rating", "op": "ne", "value": "warm"}])"),
        (Names{"Dan Diaz"}));
    EXPECT_EQ(names(R"([{"field": "score.stars", "op": "gt", "value": 4}])"),
              (Names{"Alice Archer", "Eve Evans"}));
    EXPECT_EQ(names(R"([{"field": "company", "op": "contains", "value": "amm"}])"),
              (Names{"Dan Diaz"}));
    EXPECT_EQ(names(R"([{"field": "full_name", "op": "starts_with", "value": "e"}])"),
              (Names{"Eve Evans"}));
    EXPECT_EQ(names(R"([{"field": "source", "op": "in", "value": ["Referral", "Trade show"]}])"),
              (Names{"Carla Cruz", "Dan Diaz", "Gus Gray"}));
    EXPECT_EQ(names(R"([{"field": "company", "op": "is_empty"}])"), (Names{"Fay Fox"}));
    EXPECT_EQ(names(R"([{"field": "assigned_to", "op": "eq", "value": null}])"),
              (Names{"Fay Fox"}));
}

TEST_F(ReportData, FiltersInWordsNameUsers) {
    ReportDefinition def;
    def.filters = {{"assigned_to", FilterOp::eq, boost::json::value(ben)},
                   {"rating", FilterOp::in, boost::json::array{"hot", "warm", "cold"}},
                   {"company", FilterOp::is_empty, nullptr}};
    auto report = reports.run(def);
    EXPECT_EQ(report.description(), "Leads where Assigned to is Ben Okafor and Rating is one of "
                                    "\"hot\", \"warm\" or \"cold\" and Company is empty");
    EXPECT_EQ(report.total(), 0);
    EXPECT_TRUE(report.groups().empty());
}

TEST_F(ReportData, AssignedToColumnShowsTheUserButKeepsTheId) {
    auto report = reports.run(parse_report_definition(
        R"({"columns": ["full_name", "assigned_to"], "filters": [{"field": "full_name", "op": "eq", "value": "Dan Diaz"}]})"));
    auto row = report.next_row();
    ASSERT_TRUE(row);
    EXPECT_EQ(row->values[1], boost::json::value(ben));
    EXPECT_EQ(row->texts[1], "Ben Okafor");
    auto json = report.row_json(*row);
    EXPECT_EQ(json.at("values").at("assigned_to"), boost::json::value(ben));
    EXPECT_EQ(json.at("text").at("assigned_to"), boost::json::value("Ben Okafor"));
    EXPECT_FALSE(report.next_row());
}

TEST_F(ReportData, LimitAndOffsetPageTheRowsNotTheCounts) {
    auto def = *builtin_report("leads_by_score");
    def.limit = 2;
    def.offset = 1;
    auto report = reports.run(def);
    EXPECT_EQ(column_texts(report, 0), (Names{"Eve Evans", "Carla Cruz"}));
    EXPECT_EQ(report.total(), 7);
}

TEST_F(ReportData, TwoLevelsOnCaseInsensitiveText) {
    // "acme" and "Acme" are one company, as the database groups them.
    add("Hal Hill", ana, "hot", 2, "ACME", "Web");
    auto report = reports.run(parse_report_definition(
        R"({"columns": ["full_name"], "group_by": ["company", {"field": "rating", "descending": true}]})"));
    const auto& groups = report.groups();
    ASSERT_EQ(groups.size(), 4u); // (none), Acme, Beta, Gamma
    EXPECT_EQ(groups[0].label, "(none)");
    EXPECT_EQ(groups[1].count, 4);
    EXPECT_EQ(counted(groups[1].subgroups), (std::vector<Counted>{{"warm", 1}, {"hot", 3}}));
    EXPECT_EQ(column_texts(report, 0), (Names{"Fay Fox", "Gus Gray", "Alice Archer", "Carla Cruz",
                                              "Hal Hill", "Bob Brown", "Eve Evans", "Dan Diaz"}));
}

TEST_F(ReportData, OtherRecordTypes) {
    auto account = book.accounts().add(Account{.name = "Acme Corp", .assigned_to = ana});
    book.accounts().add(Account{.name = "Beta Ltd"});
    auto accounts = reports.run(
        parse_report_definition(R"({"record_type": "accounts", "group_by": ["assigned_to"]})"));
    EXPECT_EQ(accounts.title(), "Accounts by Assigned to");
    EXPECT_EQ(accounts.total(), 2);
    EXPECT_EQ(column_texts(accounts, 0), (Names{"Beta Ltd", "Acme Corp"}));

    book.opportunities().add(Opportunity{.title = "Big deal", .linked_to = account.id});
    auto opportunities = reports.run(parse_report_definition(
        R"({"record_type": "opportunities", "columns": ["title", "stage", "status"], "group_by": ["status"]})"));
    ASSERT_EQ(opportunities.groups().size(), 1u);
    EXPECT_EQ(opportunities.groups()[0].label, "open");
    EXPECT_EQ(column_texts(opportunities, 0), (Names{"Big deal"}));

    auto lead = book.leads().get(leads[3].id);
    book.convert_lead(lead.id, lead.version);
    auto contacts = reports.run(parse_report_definition(
        R"({"record_type": "business_contacts", "columns": ["full_name", "details.department"]})"));
    EXPECT_EQ(column_texts(contacts, 0), (Names{"Dan Diaz"}));
    EXPECT_EQ(reports.run("leads_by_score").total(), 6);
}

TEST_F(ReportData, RowsStreamWhileGroupsAreCountedOnce) {
    auto report = reports.run("leads_by_assigned_to");
    auto first = report.next_row();
    const auto* groups = &report.groups();
    EXPECT_EQ(&report.groups(), groups); // counted once
    int rows = 1;
    while (report.next_row()) ++rows;
    EXPECT_EQ(rows, 7);
    EXPECT_FALSE(report.next_row());
    report.rewind();
    EXPECT_EQ(report.next_row()->id, first->id);
    // The reusing form reads the same rows.
    report.rewind();
    ReportRow row;
    std::vector<Id> ids;
    while (report.next_row(row)) ids.push_back(row.id);
    ASSERT_EQ(ids.size(), 7u);
    EXPECT_EQ(ids[0], first->id);
    EXPECT_EQ(row.texts.size(), report.columns().size());
}

TEST_F(ReportData, SummaryJson) {
    auto summary = reports.run("leads_by_assigned_to_and_rating").summary_json();
    EXPECT_EQ(summary.at("total"), boost::json::value(7));
    EXPECT_EQ(summary.at("record_type"), boost::json::value("leads"));
    const auto& groups = summary.at("groups").as_array();
    ASSERT_EQ(groups.size(), 3u);
    EXPECT_EQ(groups[1].at("key"), boost::json::value(ana));
    EXPECT_EQ(groups[1].at("label"), boost::json::value("Ana Silva"));
    EXPECT_EQ(groups[1].at("subgroups").as_array()[0].at("count"), boost::json::value(2));
    EXPECT_EQ(summary.at("group_by").as_array()[1].at("heading"), boost::json::value("Rating"));
}

TEST(ReportValues, TimestampsReadAsTheirJson) {
    // Rows format times without allocating; the text must be Timestamp's own.
    char buffer[40];
    for (std::int64_t millis :
         {std::int64_t{0}, std::int64_t{1}, std::int64_t{999}, std::int64_t{1000}, std::int64_t{-1},
          std::int64_t{-86'400'000}, std::int64_t{-86'400'001}, std::int64_t{951'782'400'000},
          std::int64_t{1'795'771'800'123}, std::int64_t{1'795'771'800'000},
          std::int64_t{1'795'771'859'999}, std::int64_t{253'402'300'799'999},
          std::int64_t{-62'135'596'800'000}})
        for (int twice = 0; twice < 2; ++twice) // a cached day, then a new one
            EXPECT_EQ(detail::format_timestamp(millis, buffer), Timestamp{millis}.to_string())
                << millis;
}
