// Grades: named bands over a score's percent, per record type, on both
// backends: what a record's grade is, finding and bulk editing by it, the
// change events of a grade that moves, editing the bands, and bands that
// overlap or leave a gap (refused, nothing changes).
#include <leadbook/leadbook.hpp>
#include <leadbook/postgres_storage.hpp>
#include <leadbook/scoring.hpp>

#include "postgres_support.hpp"
#include "test_support.hpp"

#include <sqlite3.h>

using namespace leadbook;
using test::expect_error;

namespace {

std::vector<Id> ids_of(Cursor<Lead> leads) {
    std::vector<Id> out;
    for (const auto& l : leads) out.push_back(l.id);
    return out;
}

/// Leads over two criteria worth 3 and 2 points (max 5): both 100% (A),
/// the first 60% (B), the second 40% (C), none 0% (D).
struct GradedBook {
    explicit GradedBook(LeadBook opened) : book(std::move(opened)) {
        for (const auto& c : book.criteria().find()) book.criteria().remove(c.id);
        need = book.criteria().add({.description = "Need", .weight = Weight::high}).id;
        budget = book.criteria().add({.description = "Budget", .weight = Weight::normal}).id;
        both = add({need, budget});
        first = add({need});
        second = add({budget});
        none = add({});
    }
    Lead add(std::vector<Id> met) {
        Lead lead;
        lead.full_name = "Lead " + std::to_string(met.size());
        lead.criteria_met = std::move(met);
        return book.leads().add(lead);
    }
    std::string grade(const Lead& lead) { return book.leads().get(lead.id).score.grade; }
    std::string snapshot() {
        std::string out;
        for (auto type : {RecordType::lead, RecordType::business_contact})
            out += serialize_json(to_json(book.grade_bands(type))) + "\n";
        for (const auto& l : book.leads().find()) out += serialize_json(to_json(l)) + "\n";
        for (const auto& c : book.contacts().find()) out += serialize_json(to_json(c)) + "\n";
        return out;
    }

    LeadBook book;
    Id need = 0, budget = 0;
    Lead both, first, second, none;
};

void grades_follow_the_percent(LeadBook opened) {
    GradedBook g(std::move(opened));
    auto& book = g.book;
    EXPECT_EQ(book.grade_bands(RecordType::lead), default_grade_bands());
    EXPECT_EQ(g.both.score.grade, "A");
    EXPECT_EQ(g.first.score.grade, "B");
    EXPECT_EQ(g.second.score.grade, "C");
    EXPECT_EQ(g.none.score.grade, "D");

    // A field: find reads it, and bulk edit selects by it.
    RecordQuery q;
    q.where.push_back(Filter{"score.grade", FilterOp::eq, "B"});
    EXPECT_EQ(ids_of(book.leads().find(q)), std::vector<Id>{g.first.id});
    const auto edited = book.leads().bulk_edit(
        Selection::where({{"score.grade", FilterOp::in, boost::json::array{"C", "D"}}}), "rating",
        "cold");
    EXPECT_EQ(edited, 2);
    EXPECT_EQ(book.leads().get(g.none.id).rating, "cold");
    EXPECT_EQ(book.leads().get(g.both.id).rating, "");
    // It is computed: a bulk edit cannot set it.
    expect_error(ErrorCode::validation, "computed from criteria",
                 [&] { book.leads().bulk_edit(Selection::of({g.none.id}), "score.grade", "A"); });

    // A manual score is graded by its stars times 20.
    std::vector<std::vector<ChangeGroup>> heard;
    book.add_change_listener([&](const std::vector<ChangeGroup>& c) { heard.push_back(c); });
    auto none = book.leads().get(g.none.id);
    none =
        book.leads().update(g.none.id, none.version,
                            parse_json(R"({"score": {"mode": "manual", "stars": 4}})").as_object());
    EXPECT_EQ(none.score.grade, "A");
    ASSERT_EQ(heard.size(), 1u);
    ASSERT_EQ(heard[0].size(), 2u);
    EXPECT_EQ(heard[0][0].kind, ChangeKind::updated);
    EXPECT_EQ(heard[0][1].collection, "leads");
    EXPECT_EQ(heard[0][1].kind, ChangeKind::graded);
    EXPECT_EQ(heard[0][1].ids, std::vector<Id>{g.none.id});
    EXPECT_EQ(heard[0][1].grades, (std::vector<GradeChange>{{g.none.id, "D", "A"}}));

    // An edit that keeps the grade is no grade event.
    heard.clear();
    auto both = book.leads().get(g.both.id);
    book.leads().update(both.id, both.version, parse_json(R"({"company": "Acme"})").as_object());
    ASSERT_EQ(heard.size(), 1u);
    ASSERT_EQ(heard[0].size(), 1u);
    EXPECT_EQ(heard[0][0].kind, ChangeKind::updated);

    // A criterion edit that moves percents regrades in the same event:
    // budget worth 3 (max 6): first 50% (B), second 50% (B).
    heard.clear();
    const auto budget = book.criteria().get(g.budget);
    book.criteria().update(g.budget, budget.version, parse_json(R"({"points": 3})").as_object());
    EXPECT_EQ(g.grade(g.first), "B");
    EXPECT_EQ(g.grade(g.second), "B");
    ASSERT_EQ(heard.size(), 1u);
    const auto graded = std::find_if(heard[0].begin(), heard[0].end(), [](const ChangeGroup& c) {
        return c.kind == ChangeKind::graded;
    });
    ASSERT_NE(graded, heard[0].end());
    EXPECT_EQ(graded->grades, (std::vector<GradeChange>{{g.second.id, "C", "B"}}));

    // Bands of its own per record type: the leads' change, every lead is
    // graded again (a manual one too), the contacts' stay.
    heard.clear();
    const std::vector<GradeBand> hot_warm_cold = {
        {"Hot", 70, 100}, {"Warm", 40, 69}, {"Cold", 0, 39}};
    EXPECT_EQ(book.set_grade_bands(RecordType::lead, hot_warm_cold), 4);
    EXPECT_EQ(book.grade_bands(RecordType::lead), hot_warm_cold);
    EXPECT_EQ(book.grade_bands(RecordType::business_contact), default_grade_bands());
    EXPECT_EQ(g.grade(g.both), "Hot");
    EXPECT_EQ(g.grade(g.first), "Warm");
    EXPECT_EQ(g.grade(g.second), "Warm");
    EXPECT_EQ(g.grade(g.none), "Hot"); // manual 4 stars: 80
    ASSERT_EQ(heard.size(), 1u);
    ASSERT_EQ(heard[0].back().kind, ChangeKind::graded);
    EXPECT_EQ(heard[0].back().grades.size(), 4u);
    // A new lead gets its grade from the new bands.
    EXPECT_EQ(g.add({}).score.grade, "Cold");
    // A converted lead's contact is graded by the contacts' bands.
    const auto lead = book.leads().get(g.first.id);
    EXPECT_EQ(book.convert_lead(lead.id, lead.version).score.grade, "B"); // 3 stars kept: 60
}

void bad_bands_change_nothing(LeadBook opened) {
    GradedBook g(std::move(opened));
    auto& book = g.book;
    const std::string before = g.snapshot();
    std::vector<std::vector<ChangeGroup>> heard;
    book.add_change_listener([&](const std::vector<ChangeGroup>& c) { heard.push_back(c); });
    const auto refused = [&](const std::string& words, std::vector<GradeBand> bands) {
        expect_error(ErrorCode::validation, words,
                     [&] { book.set_grade_bands(RecordType::lead, bands); });
        EXPECT_EQ(g.snapshot(), before) << words;
    };
    refused("grade bands 'B' and 'D' overlap (70 to 75 is in both)",
            {{"A", 76, 100}, {"B", 50, 75}, {"C", 0, 49}, {"D", 70, 75}});
    refused("grade bands 'B' and 'A' overlap (50 to 50 is in both)",
            {{"A", 50, 100}, {"B", 0, 50}});
    refused("grade bands leave a gap: no band covers 50 to 59", {{"A", 60, 100}, {"B", 0, 49}});
    refused("grade bands leave a gap: no band covers 0 to 9", {{"A", 10, 100}});
    refused("grade bands leave a gap: no band covers 91 to 100", {{"A", 0, 90}});
    refused("grade band 1 ('B'): from 60 to 40 is not a range within 0..100",
            {{"A", 0, 100}, {"B", 60, 40}});
    refused("grade band 0 ('A'): from 0 to 101", {{"A", 0, 101}});
    refused("grade band 1: 'name' is required and cannot be blank", {{"A", 50, 100}, {" ", 0, 49}});
    refused("grade band 1 ('A'): the name is used twice", {{"A", 50, 100}, {"A", 0, 49}});
    refused("at least one band is needed", {});
    EXPECT_TRUE(heard.empty());
}

} // namespace

TEST(GradeBands, DefaultsAreAFrom75BFrom50CFrom25DBelow) {
    const auto bands = default_grade_bands();
    check_grade_bands(bands);
    const std::pair<int, const char*> table[] = {{100, "A"}, {75, "A"}, {74, "B"}, {50, "B"},
                                                 {49, "C"},  {25, "C"}, {24, "D"}, {0, "D"}};
    for (const auto& [percent, grade] : table) EXPECT_EQ(grade_for(bands, percent), grade);
    Score manual{.mode = ScoreMode::manual, .stars = 2};
    EXPECT_EQ(grade_percent(manual), 40);
}

TEST(Grades, FollowThePercentOnSqlite) {
    test::TempDir dir;
    grades_follow_the_percent(LeadBook::open(dir.file("crm.db")));
}

TEST(Grades, FollowThePercentOnPostgres) {
    grades_follow_the_percent(LeadBook::open(test::new_postgres_uri()));
}

TEST(Grades, OverlappingOrGappingBandsChangeNothingOnSqlite) {
    test::TempDir dir;
    bad_bands_change_nothing(LeadBook::open(dir.file("crm.db")));
}

TEST(Grades, OverlappingOrGappingBandsChangeNothingOnPostgres) {
    bad_bands_change_nothing(LeadBook::open(test::new_postgres_uri()));
}

namespace {

/// A book with one lead at 100% (grade A), whose file or database is then
/// turned back into an older schema without grades by `downgrade`; opening
/// it again upgrades it and grades the lead.
template <class Open, class Downgrade> void upgrade_grades(Open open, Downgrade downgrade) {
    Id lead_id = 0;
    {
        LeadBook book = open();
        for (const auto& c : book.criteria().find()) book.criteria().remove(c.id);
        const Id need = book.criteria().add({.description = "Need"}).id;
        Lead lead;
        lead.full_name = "Jane";
        lead.criteria_met = {need};
        lead_id = book.leads().add(lead).id;
        EXPECT_EQ(book.leads().get(lead_id).score.grade, "A");
    }
    downgrade();
    LeadBook book = open();
    EXPECT_EQ(book.leads().get(lead_id).score.grade, "A");
    EXPECT_EQ(book.leads().get(lead_id).version, 1);
}

} // namespace

TEST(Grades, AnOlderSqliteFileIsUpgradedAndGraded) {
    test::TempDir dir;
    const std::string path = dir.file("old.db");
    upgrade_grades([&] { return LeadBook::open(path); },
                   [&] {
                       sqlite3* db = nullptr;
                       ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
                       char* error = nullptr;
                       EXPECT_EQ(sqlite3_exec(db,
                                              "ALTER TABLE records DROP COLUMN score_grade;"
                                              "DELETE FROM settings WHERE key = "
                                              "'scoring.grades_computed';"
                                              "PRAGMA user_version = 7;",
                                              nullptr, nullptr, &error),
                                 SQLITE_OK)
                           << error;
                       sqlite3_close(db);
                   });
}

TEST(Grades, AnOlderPostgresDatabaseIsUpgradedAndGraded) {
    const std::string name = test::new_postgres_database();
    const std::string conninfo = test::postgres_server() + " dbname=" + name;
    upgrade_grades(
        [&] { return LeadBook(open_postgres_storage(conninfo, LeadBook::schema_tables())); },
        [&] {
            PGconn* conn = PQconnectdb(conninfo.c_str());
            PGresult* r = PQexec(conn, "ALTER TABLE records DROP COLUMN score_grade;"
                                       "DELETE FROM settings WHERE key = "
                                       "'scoring.grades_computed';"
                                       "UPDATE leadbook_schema SET version = 3;");
            EXPECT_EQ(PQresultStatus(r), PGRES_COMMAND_OK) << PQresultErrorMessage(r);
            PQclear(r);
            PQfinish(conn);
        });
}
