// Totals, periods, three group levels and group order: hand-counted
// opportunities and leads, exact money, ISO weeks and quarters, time zones
// from the system's database, relative date filters; every bad definition
// refused by name with nothing stored changed.
#include "report_fixture.hpp"

#include "reports/periods.hpp"

using namespace leadbook;
using test::expect_error;
using test::ReportData;

namespace {

Date today_plus(std::int64_t days) {
    return Date{std::int32_t(Timestamp::now().millis / 86'400'000 + days)};
}

/// The fixture's leads plus four opportunities and a user-defined number
/// field "budget" on three leads:
///
///   title  stage            total     assigned  expected close
///   A      qualified (35%)  1000.00   Ana       2026-01-01 (Thu, 2026-W01, Q1)
///   B      qualified        250.50    Ben       2027-01-01 (Fri, 2026-W53, Q1)
///   C      negotiation (50) 999.99    Ana       2026-11-27 (2026-W48, Q4)
///   D      initial contact  0.05      Ben       (none)
///          (10%)
///
///   budget: Alice (Ana) 1000.5, Bob (Ana) 200, Eve (Ben) 50.
class TotalsData : public ReportData {
protected:
    void SetUp() override {
        ReportData::SetUp();
        opportunity("A", "qualified", 10, "100.00", ana, Date::from_ymd(2026, 1, 1));
        opportunity("B", "qualified", 1, "250.50", ben, Date::from_ymd(2027, 1, 1));
        opportunity("C", "negotiation", 1, "999.99", ana, Date::from_ymd(2026, 11, 27));
        opportunity("D", "initial contact", 1, "0.05", ben, std::nullopt);
        book.fields().add(FieldDefinition{
            .record_type = FieldOwner::lead, .name = "budget", .type = FieldType::number});
        book.fields().add(FieldDefinition{
            .record_type = FieldOwner::lead, .name = "nickname", .type = FieldType::text});
        budget(0, 1000.5);
        budget(1, 200);
        budget(4, 50);
    }

    void opportunity(const std::string& title, const std::string& stage, std::int64_t quantity,
                     const std::string& price, Id assigned, std::optional<Date> close) {
        Opportunity o;
        o.title = title;
        o.linked_to = leads[0].id;
        o.stage = stage;
        o.assigned_to = assigned;
        o.expected_close = close;
        o.items = {
            LineItem{.item = "Seat", .quantity = quantity, .unit_price = *Money::parse(price)}};
        book.opportunities().add(o);
    }

    void budget(std::size_t lead, double value) {
        auto l = book.leads().get(leads[lead].id);
        leads[lead] = book.leads().update(l.id, l.version, {{"custom", {{"budget", value}}}});
    }

    Report pipeline(const std::string& extra = "") {
        return reports.run_text(R"({"record_type": "opportunities", "group_by": ["stage"],
            "totals": [{"field": "total"},
                       {"field": "total", "function": "sum", "weighted_by": "probability"},
                       {"field": "total", "function": "average"},
                       {"field": "total", "function": "minimum"},
                       {"field": "total", "function": "maximum"},
                       {"field": "assigned_to", "function": "distinct_count"}])" +
                                extra + "}");
    }
};

struct Summed {
    std::string label;
    std::int64_t count;
    boost::json::value total;
    bool operator==(const Summed&) const = default;
};

std::vector<Summed> summed(const std::vector<ReportGroup>& groups, const std::string& name) {
    std::vector<Summed> out;
    for (const auto& g : groups) out.push_back({g.label, g.count, g.totals.at(name)});
    return out;
}

} // namespace

TEST_F(TotalsData, PipelineByStageIsExactMoney) {
    auto report = pipeline();
    const auto& groups = report.groups();
    EXPECT_EQ(summed(groups, "sum_total"), (std::vector<Summed>{{"initial contact", 1, "0.05"},
                                                                {"negotiation", 1, "999.99"},
                                                                {"qualified", 2, "1250.50"}}));
    // 0.05 x 10 % = 0.005 rounds to 0.01; 999.99 x 50 % = 499.995 to 500.00;
    // 1000.00 x 35 % + 250.50 x 35 % = 437.675 to 437.68.
    EXPECT_EQ(summed(groups, "weighted_sum_total"),
              (std::vector<Summed>{{"initial contact", 1, "0.01"},
                                   {"negotiation", 1, "500.00"},
                                   {"qualified", 2, "437.68"}}));
    EXPECT_EQ(groups[2].totals.at("average_total"), boost::json::value("625.25"));
    EXPECT_EQ(groups[2].totals.at("minimum_total"), boost::json::value("250.50"));
    EXPECT_EQ(groups[2].totals.at("maximum_total"), boost::json::value("1000.00"));
    EXPECT_EQ(groups[2].totals.at("distinct_count_assigned_to"), boost::json::value(2));
    // Overall: weighted 937.675 is rounded once, not the sum of rounded groups.
    const auto& totals = report.totals();
    EXPECT_EQ(totals.at("sum_total"), boost::json::value("2250.54"));
    EXPECT_EQ(totals.at("weighted_sum_total"), boost::json::value("937.68"));
    EXPECT_EQ(totals.at("average_total"), boost::json::value("562.64")); // 562.635 rounded up
    EXPECT_EQ(totals.at("minimum_total"), boost::json::value("0.05"));
    EXPECT_EQ(totals.at("maximum_total"), boost::json::value("1000.00"));
    EXPECT_EQ(totals.at("distinct_count_assigned_to"), boost::json::value(2));
    EXPECT_EQ(report.total(), 4);
    ASSERT_EQ(report.total_fields().size(), 6u);
    EXPECT_EQ(report.total_fields()[0].heading, "Sum of Total");
    EXPECT_EQ(report.total_fields()[1].heading, "Weighted sum of Total (by Probability)");
    // The rows follow the groups as before.
    std::vector<std::string> titles;
    report.rewind();
    while (auto row = report.next_row()) titles.push_back(row->texts[0]);
    EXPECT_EQ(titles, (std::vector<std::string>{"D", "C", "A", "B"}));
}

TEST_F(TotalsData, UserDefinedNumberFieldByOwner) {
    auto report = reports.run_text(R"({"group_by": ["assigned_to"],
        "totals": [{"field": "custom.budget", "name": "budget"},
                   {"field": "custom.budget", "function": "average"},
                   {"field": "company", "function": "distinct_count"}]})");
    const auto& groups = report.groups();
    ASSERT_EQ(groups.size(), 3u);
    EXPECT_EQ(summed(groups, "budget"),
              (std::vector<Summed>{
                  {"(not assigned)", 1, 0.0}, {"Ana Silva", 3, 1200.5}, {"Ben Okafor", 3, 50.0}}));
    EXPECT_TRUE(groups[0].totals.at("average_custom.budget").is_null());
    EXPECT_EQ(groups[1].totals.at("average_custom.budget"), boost::json::value(600.25));
    EXPECT_EQ(groups[1].totals.at("distinct_count_company"), boost::json::value(2)); // Acme, Beta
    EXPECT_EQ(report.totals().at("budget"), boost::json::value(1250.5));
    EXPECT_EQ(report.totals().at("distinct_count_company"), boost::json::value(3));
    // Without groups, a user-defined field alone.
    auto overall = reports.run_text(R"({"totals": [{"field": "custom.budget"}]})");
    EXPECT_EQ(overall.totals().at("sum_custom.budget"), boost::json::value(1250.5));
    EXPECT_EQ(overall.total(), 7);
}

TEST_F(TotalsData, TotalsWithoutGroupsAndInEveryOutput) {
    auto report = reports.run_text(R"({"record_type": "opportunities",
        "totals": [{"field": "total", "name": "pipeline"}]})");
    EXPECT_TRUE(report.groups().empty());
    EXPECT_EQ(report.totals().at("pipeline"), boost::json::value("2250.54"));
    auto summary = report.summary_json();
    EXPECT_EQ(summary.at("totals").at("pipeline"), boost::json::value("2250.54"));
    EXPECT_EQ(summary.at("total_fields").as_array()[0].at("heading"),
              boost::json::value("Sum of Total"));

    auto by_stage = pipeline();
    std::ostringstream json, csv, html;
    by_stage.write("json", json);
    auto parsed = parse_json(json.str());
    EXPECT_EQ(parsed.at("groups").as_array()[2].at("totals").at("sum_total"),
              boost::json::value("1250.50"));
    EXPECT_EQ(parsed.at("totals").at("weighted_sum_total"), boost::json::value("937.68"));
    by_stage.write("csv", csv);
    // After the rows, a table of totals: a line per group, then all.
    EXPECT_NE(csv.str().find("\r\n\r\nStage,Count,Sum of Total,Weighted sum of Total (by "
                             "Probability),Average of Total,Minimum of Total,Maximum of Total,"
                             "Distinct Assigned to\r\n"),
              std::string::npos)
        << csv.str();
    EXPECT_NE(csv.str().find("\r\nqualified,2,1250.50,437.68,625.25,250.50,1000.00,2\r\n"),
              std::string::npos)
        << csv.str();
    EXPECT_NE(csv.str().find("\r\nAll,4,2250.54,937.68,562.64,0.05,1000.00,2\r\n"),
              std::string::npos)
        << csv.str();
    by_stage.write("html", html);
    EXPECT_NE(html.str().find("<th scope=\"col\">Sum of Total</th>"), std::string::npos);
    EXPECT_NE(html.str().find("<td>937.68</td>"), std::string::npos);
}

TEST_F(TotalsData, DefinitionWithTotalsRoundTripsAndSaves) {
    auto def = parse_report_definition(R"({"record_type": "opportunities",
        "group_by": [{"field": "expected_close", "period": "quarter"},
                     {"field": "stage", "order": "total", "total": "t", "descending": true}],
        "totals": [{"field": "total", "name": "t"}], "time_zone": "Europe/Berlin",
        "date_filters": [{"field": "created_at", "relative": "last", "count": 3,
                          "period": "month"}], "chart": "stacked_bars"})");
    EXPECT_EQ(parse_report_definition(report_definition_to_json_text(def)), def);
    ASSERT_EQ(def.group_by.size(), 2u);
    EXPECT_EQ(def.group_by[0].period, ReportPeriod::quarter);
    EXPECT_EQ(def.group_by[1].order, ReportGroupOrder::total);
    reports.save("Pipeline", def, "Opportunities");
    EXPECT_EQ(reports.open("Pipeline"), def);
}

TEST_F(TotalsData, PeriodsOfADateField) {
    auto by = [&](const std::string& period) {
        auto report = reports.run_text(
            R"({"record_type": "opportunities", "group_by": [{"field": "expected_close",
                "period": ")" +
            period + R"("}], "totals": [{"field": "total"}]})");
        std::vector<Summed> out = summed(report.groups(), "sum_total");
        return out;
    };
    EXPECT_EQ(by("week"), (std::vector<Summed>{{"(none)", 1, "0.05"},
                                               {"2026-W01", 1, "1000.00"},
                                               {"2026-W48", 1, "999.99"},
                                               {"2026-W53", 1, "250.50"}}));
    EXPECT_EQ(by("quarter"), (std::vector<Summed>{{"(none)", 1, "0.05"},
                                                  {"2026-Q1", 1, "1000.00"},
                                                  {"2026-Q4", 1, "999.99"},
                                                  {"2027-Q1", 1, "250.50"}}));
    EXPECT_EQ(by("year"),
              (std::vector<Summed>{
                  {"(none)", 1, "0.05"}, {"2026", 2, "1999.99"}, {"2027", 1, "250.50"}}));
    EXPECT_EQ(by("month")[2].label, "2026-11");
    EXPECT_EQ(by("day")[2].label, "2026-11-27");
}

TEST_F(TotalsData, PeriodBeforeAnotherLevelReadsRowsGroupByGroup) {
    // Month, then stage: SQL cannot order rows by a month, so the rows come
    // one month at a time, each in stage order.
    auto report = reports.run_text(R"({"record_type": "opportunities",
        "columns": ["title"], "group_by": [{"field": "expected_close", "period": "year"},
        "stage"], "limit": 3, "offset": 1})");
    const auto& groups = report.groups();
    ASSERT_EQ(groups.size(), 3u);
    EXPECT_EQ(groups[1].label, "2026");
    ASSERT_EQ(groups[1].subgroups.size(), 2u);
    EXPECT_EQ(groups[1].subgroups[0].label, "negotiation");
    EXPECT_EQ(groups[1].subgroups[1].label, "qualified");
    std::vector<std::string> titles, years;
    while (auto row = report.next_row()) {
        titles.push_back(row->texts[0]);
        years.push_back(row->group_labels[0]);
    }
    // D (no date) is skipped by the offset; C, A (2026), B (2027).
    EXPECT_EQ(titles, (std::vector<std::string>{"C", "A", "B"}));
    EXPECT_EQ(years, (std::vector<std::string>{"2026", "2026", "2027"}));
}

TEST_F(TotalsData, TimeFieldsByPeriodInATimeZone) {
    auto report = reports.run_text(R"({"group_by": [{"field": "created_at", "period": "day"}],
        "time_zone": "Pacific/Kiritimati"})");
    // Every lead was made just now: one day, as that zone (UTC+14) reckons it.
    const auto zone = detail::TimeZone::load("Pacific/Kiritimati");
    const auto now = Timestamp::now();
    ASSERT_EQ(report.groups().size(), 1u);
    const std::string label = report.groups()[0].label;
    const std::string expected =
        detail::period_label(ReportPeriod::day, detail::local_day(*zone, now.millis));
    // The test may cross a midnight; then the label is the one before.
    EXPECT_TRUE(label == expected ||
                label == detail::period_label(ReportPeriod::day,
                                              detail::local_day(*zone, now.millis - 60'000)))
        << label;
    EXPECT_EQ(report.groups()[0].count, 7);
}

TEST(ReportPeriods, IsoWeeksQuartersAndLabels) {
    using namespace detail;
    auto week = [](int y, unsigned m, unsigned d) {
        return period_label(ReportPeriod::week,
                            period_index(ReportPeriod::week, days_from_civil(y, m, d)));
    };
    EXPECT_EQ(week(2026, 1, 1), "2026-W01");   // a Thursday
    EXPECT_EQ(week(2027, 1, 1), "2026-W53");   // a Friday: the last week of 2026
    EXPECT_EQ(week(2024, 12, 30), "2025-W01"); // a Monday in the first week of 2025
    EXPECT_EQ(week(2026, 11, 29), "2026-W48"); // a Sunday ends its week
    EXPECT_EQ(week(2026, 11, 30), "2026-W49");
    const std::int64_t day = days_from_civil(2026, 11, 27);
    EXPECT_EQ(period_label(ReportPeriod::quarter, period_index(ReportPeriod::quarter, day)),
              "2026-Q4");
    EXPECT_EQ(period_start(ReportPeriod::quarter, period_index(ReportPeriod::quarter, day)),
              days_from_civil(2026, 10, 1));
    EXPECT_EQ(period_start(ReportPeriod::week, period_index(ReportPeriod::week, day)),
              days_from_civil(2026, 11, 23));
    EXPECT_EQ(period_label(ReportPeriod::month, period_index(ReportPeriod::month, day)), "2026-11");
    EXPECT_EQ(civil_from_days(days_from_civil(1969, 12, 31)).day, 31u);
    EXPECT_EQ(period_label(ReportPeriod::day, -1), "1969-12-31");
}

TEST(ReportTimeZones, OffsetsFromTheDatabaseAndItsRule) {
    using detail::TimeZone;
    const auto utc = TimeZone::load("");
    EXPECT_EQ(utc->offset_at(1'800'000'000), 0);
    const auto berlin = TimeZone::load("Europe/Berlin");
    // 2026-03-29 01:00 UTC summer time begins; 2026-10-25 01:00 UTC it ends.
    const std::int64_t spring = 1'774'746'000, autumn = 1'792'890'000;
    EXPECT_EQ(berlin->offset_at(spring - 1), 3600);
    EXPECT_EQ(berlin->offset_at(spring), 7200);
    EXPECT_EQ(berlin->offset_at(autumn - 1), 7200);
    EXPECT_EQ(berlin->offset_at(autumn), 3600);
    // Past the file's last transition the footer's rule gives the offset:
    // 2050-07-01 and 2050-01-01.
    EXPECT_EQ(berlin->offset_at(2'540'419'200), 7200);
    EXPECT_EQ(berlin->offset_at(2'524'608'000), 3600);
    // Local midnight back to UTC: 2026-07-01 00:00 in Berlin is 22:00 UTC before.
    const std::int64_t july = detail::days_from_civil(2026, 7, 1) * 86400;
    EXPECT_EQ(berlin->to_utc(july), july - 7200);
    const auto kolkata = TimeZone::load("Asia/Kolkata");
    EXPECT_EQ(kolkata->offset_at(1'800'000'000), 19800);
    expect_error(ErrorCode::validation, "unknown time zone 'Mars/Olympus'",
                 [] { TimeZone::load("Mars/Olympus"); });
    expect_error(ErrorCode::validation, "unknown time zone '../../etc/passwd'",
                 [] { TimeZone::load("../../etc/passwd"); });
    expect_error(ErrorCode::validation, "unknown time zone 'Not/TZif'",
                 [] { TimeZone::parse("Not/TZif", "just some text that is not a zone file"); });
}

TEST_F(TotalsData, RelativeDateFiltersRunWhenTheReportRuns) {
    // Dates around today: the opportunities' expected close moved there.
    auto move = [&](const std::string& title, std::int64_t days) {
        for (auto o : book.opportunities().find())
            if (o.title == title)
                book.opportunities().update(o.id, o.version,
                                            {{"expected_close", today_plus(days).to_string()}});
    };
    move("A", 0);
    move("B", -3);
    move("C", -40);
    move("D", 5);
    auto titles = [&](const std::string& filter) {
        auto report = reports.run_text(R"({"record_type": "opportunities", "columns": ["title"],
            "sort": [{"field": "title"}], "date_filters": [)" +
                                       filter + "]}");
        std::vector<std::string> out;
        while (auto row = report.next_row()) out.push_back(row->texts[0]);
        return out;
    };
    using Titles = std::vector<std::string>;
    EXPECT_EQ(titles(R"({"field": "expected_close", "relative": "last", "count": 7})"),
              Titles{"B"});
    EXPECT_EQ(titles(R"({"field": "expected_close", "relative": "this_period"})"), Titles{"A"});
    EXPECT_EQ(titles(R"({"field": "expected_close", "relative": "next", "count": 7})"),
              Titles{"D"});
    EXPECT_EQ(titles(R"({"field": "expected_close", "relative": "last", "count": 60})"),
              (Titles{"B", "C"}));
    // Every lead was made today.
    auto report = reports.run_text(R"({"date_filters": [{"field": "created_at",
        "relative": "this_period", "period": "year"}]})");
    EXPECT_EQ(report.total(), 7);
}

TEST_F(ReportData, ThreeLevelsAndGroupsByCount) {
    auto report = reports.run_text(R"({"columns": ["full_name"],
        "group_by": [{"field": "company", "order": "count", "descending": true},
                     "rating", {"field": "source", "descending": true}]})");
    const auto& groups = report.groups();
    // Acme 3, Beta 2, then (none) 1 and Gamma 1 in ascending key order.
    ASSERT_EQ(groups.size(), 4u);
    EXPECT_EQ(groups[0].label, "Acme");
    EXPECT_EQ(groups[1].label, "Beta");
    EXPECT_EQ(groups[2].label, "(none)");
    EXPECT_EQ(groups[3].label, "Gamma");
    ASSERT_EQ(groups[0].subgroups.size(), 2u); // hot (Alice, Carla), warm (Gus)
    EXPECT_EQ(groups[0].subgroups[0].label, "hot");
    ASSERT_EQ(groups[0].subgroups[0].subgroups.size(), 2u); // Web, Trade show (descending)
    EXPECT_EQ(groups[0].subgroups[0].subgroups[0].label, "Web");
    EXPECT_EQ(groups[0].subgroups[0].subgroups[1].label, "Trade show");
    std::vector<std::string> names;
    std::vector<std::size_t> heading_levels;
    while (auto row = report.next_row()) {
        names.push_back(row->texts[0]);
        for (const auto& h : report.groups_starting(*row)) heading_levels.push_back(h.level);
    }
    // Beta: Eve (hot) before Bob (warm).
    EXPECT_EQ(names, (std::vector<std::string>{"Alice Archer", "Carla Cruz", "Gus Gray",
                                               "Eve Evans", "Bob Brown", "Fay Fox", "Dan Diaz"}));
    // Acme: 3 levels; Carla: source only; Gus: rating and source; ...
    EXPECT_EQ(heading_levels,
              (std::vector<std::size_t>{0, 1, 2, 2, 1, 2, 0, 1, 2, 1, 2, 0, 1, 2, 0, 1, 2}));
    // Plain three levels in key order are counted by the database.
    auto plain = reports.run_text(R"({"group_by": ["assigned_to", "rating", "source"]})");
    ASSERT_EQ(plain.groups().size(), 3u);
    EXPECT_EQ(plain.groups()[1].subgroups[0].label, "hot");
    EXPECT_EQ(plain.groups()[1].subgroups[0].subgroups.size(), 2u); // Trade show, Web
}

// ---- bad definitions -----------------------------------------------------

namespace {

class BadTotals : public TotalsData {
protected:
    void SetUp() override {
        TotalsData::SetUp();
        before = state();
    }
    void TearDown() override { EXPECT_EQ(state(), before) << "stored data changed"; }

    std::string state() {
        std::string out = test::snapshot(book);
        for (const auto& o : book.opportunities().find()) out += serialize_json(to_json(o)) + "\n";
        for (const auto& f : book.fields().find()) out += serialize_json(to_json(f)) + "\n";
        return out;
    }

    void rejected(const std::string& json, const std::string& words) {
        expect_error(ErrorCode::validation, words, [&] { reports.run_text(json); });
        expect_error(ErrorCode::validation, words,
                     [&] { reports.save("Bad one", parse_report_definition(json)); });
        expect_error(ErrorCode::validation, words,
                     [&] { reports.validate(parse_report_definition(json)); });
    }

    std::string before;
};

} // namespace

TEST_F(BadTotals, ATotalOverATextField) {
    rejected(R"({"totals": [{"field": "company"}]})",
             "totals[0]: field 'company' is a text field; sum needs a number or money field");
    rejected(R"({"totals": [{"field": "full_name", "function": "average"}]})",
             "field 'full_name' is a text field; average needs a number or money field");
    rejected(R"({"totals": [{"field": "custom.nickname"}]})",
             "field 'custom.nickname' is a text field");
    rejected(R"({"totals": [{"field": "assigned_to"}]})", "'assigned_to' is a field of ids");
    rejected(R"({"totals": [{"field": "id", "function": "distinct_count"}]})",
             "field 'id' is a field of ids and has no distinct_count");
    rejected(R"({"totals": [{"field": "custom.shoe_size"}]})",
             "totals[0]: there is no user-defined field 'shoe_size' of leads");
    rejected(R"({"totals": [{"field": "emails.address", "function": "distinct_count"}]})",
             "belongs to the list 'emails'");
    rejected(R"({"record_type": "opportunities",
                 "totals": [{"field": "total", "weighted_by": "title"}]})",
             "totals[0].weighted_by: field 'title' is a text field");
    rejected(R"({"totals": [{"field": "score.stars"}, {"field": "score.stars"}]})",
             "totals[1]: the name 'sum_score.stars' is taken");
    rejected(R"({"group_by": [{"field": "rating", "order": "total", "total": "nope"}]})",
             "group_by[0].total: 'nope' is not one of the report's totals (it has none)");
}

TEST_F(BadTotals, APeriodOnAFieldThatIsNotADate) {
    rejected(R"({"group_by": [{"field": "rating", "period": "month"}]})",
             "group_by[0].period: field 'rating' is a text field, not a date or time field");
    rejected(R"({"group_by": [{"field": "score.stars", "period": "week"}]})",
             "field 'score.stars' is a number field, not a date or time field");
    rejected(R"({"date_filters": [{"field": "company", "relative": "last", "count": 7}]})",
             "date_filters[0]: field 'company' is a text field, not a date or time field");
    rejected(R"({"group_by": [{"field": "created_at", "period": "fortnight"}]})", "'fortnight'");
}

TEST_F(BadTotals, AnUnknownTimeZone) {
    rejected(R"({"time_zone": "Mars/Olympus"})", "time_zone: unknown time zone 'Mars/Olympus'");
    rejected(R"({"time_zone": "/etc/passwd"})", "unknown time zone '/etc/passwd'");
    rejected(R"({"time_zone": "Europe/../../etc/passwd"})", "unknown time zone");
}

TEST_F(BadTotals, ARelativePeriodWithANegativeOrAbsurdLength) {
    rejected(R"({"date_filters": [{"field": "created_at", "relative": "last", "count": -7}]})",
             "date_filters[0].count: -7 is not a length; use 1 to 36525 (days)");
    rejected(R"({"date_filters": [{"field": "created_at", "relative": "last", "count": 0}]})",
             "0 is not a length");
    rejected(R"({"date_filters": [{"field": "created_at", "relative": "next", "count": 1000000,
                 "period": "year"}]})",
             "1000000 is not a length; use 1 to 100 (years)");
    rejected(R"({"date_filters": [{"field": "created_at", "relative": "this_period",
                 "count": 3}]})",
             "'this_period' is one period");
}

TEST_F(BadTotals, FourGroupLevels) {
    rejected(R"({"group_by": ["assigned_to", "rating", "source", "company"]})",
             "group_by: at most three levels of grouping (got 4)");
}

TEST_F(BadTotals, AChartThatDoesNotFit) {
    rejected(R"({"group_by": ["rating"], "chart": "line"})",
             "chart: a line chart needs a first group level by period");
    rejected(R"({"group_by": ["rating"], "chart": "column"})", "a column chart needs");
    rejected(R"({"chart": "pie"})", "chart: a pie chart needs groups");
    rejected(R"({"group_by": ["rating"], "chart": "stacked_bars"})",
             "a stacked_bars chart needs two levels");
}
