// Saved reports: save, open, list by category, rename, delete; names that
// clash, are blank or missing; a stored definition whose field has gone.
#include "report_fixture.hpp"

using namespace leadbook;
using test::expect_error;
using test::ReportData;

namespace {

const char* hot_leads = R"({"record_type": "leads", "title": "Hot leads",
    "columns": ["full_name", "rating"],
    "filters": [{"field": "rating", "op": "eq", "value": "hot"}],
    "sort": [{"field": "full_name", "descending": true}], "group_by": ["assigned_to"]})";

std::vector<std::string> names(const std::vector<ReportInfo>& infos) {
    std::vector<std::string> out;
    for (const auto& i : infos) out.push_back(i.name);
    return out;
}

/// Writes `definition` into the stored saved report `id` past the rules,
/// as if the library that stored it had other fields: the rules refuse a
/// definition that does not fit when it is saved.
void store_as_is(LeadBook& book, Id id, const std::string& definition) {
    for (const TableDef* table : LeadBook::schema_tables()) {
        const int column = table->column_index("definition");
        if (column < 0) continue;
        book.write_transaction([&] {
            const std::int64_t ids[] = {id};
            const int columns[] = {column};
            const Row values[] = {Row{Value(definition)}};
            ASSERT_EQ(book.storage().update_columns(*table, columns, ids, values), 1);
        });
        return;
    }
    FAIL() << "no table stores saved reports";
}

} // namespace

TEST_F(ReportData, SavedReportLifecycle) {
    const auto def = parse_report_definition(hot_leads);
    auto saved = reports.save("Hot leads", def);
    EXPECT_EQ(saved.category, "Leads");
    EXPECT_GT(saved.id, 0);
    EXPECT_EQ(parse_report_definition(saved.definition), def);

    // Open and run by name (ignoring case).
    EXPECT_EQ(reports.open("Hot leads"), def);
    EXPECT_EQ(reports.open("HOT LEADS"), def);
    auto report = reports.run("hot leads");
    EXPECT_EQ(report.title(), "Hot leads");
    EXPECT_EQ(report.total(), 3);
    EXPECT_EQ(column_texts(report, 0),
              (std::vector<std::string>{"Carla Cruz", "Alice Archer", "Eve Evans"}));

    // Another category.
    reports.save("Big accounts", parse_report_definition(R"({"record_type": "accounts"})"),
                 "Accounts");
    EXPECT_EQ(names(reports.list()),
              (std::vector<std::string>{"Big accounts", "Hot leads", "leads_by_assigned_to",
                                        "leads_by_assigned_to_and_rating", "leads_by_score"}));
    EXPECT_EQ(names(reports.list("accounts")), (std::vector<std::string>{"Big accounts"}));
    auto leads_list = reports.list("Leads");
    ASSERT_EQ(leads_list.size(), 4u);
    EXPECT_EQ(leads_list[0].name, "Hot leads");
    EXPECT_FALSE(leads_list[0].builtin);
    EXPECT_EQ(leads_list[0].id, saved.id);
    EXPECT_EQ(leads_list[0].title, "Hot leads");
    EXPECT_TRUE(leads_list[3].builtin);
    EXPECT_EQ(leads_list[3].title, "Leads by Score");
    EXPECT_TRUE(reports.list("Nothing").empty());

    // Rename, then the old name is gone.
    auto renamed = reports.rename("Hot leads", "Hottest leads");
    EXPECT_EQ(renamed.name, "Hottest leads");
    EXPECT_EQ(renamed.id, saved.id);
    expect_error(ErrorCode::not_found, "there is no report named 'Hot leads'",
                 [&] { reports.open("Hot leads"); });
    EXPECT_EQ(reports.open("Hottest leads"), def);
    reports.rename("Hottest leads", "HOTTEST LEADS"); // a change of case only
    EXPECT_EQ(book.saved_reports().get(saved.id).name, "HOTTEST LEADS");

    // Replace on request.
    auto changed = def;
    changed.columns = {"full_name", "company"};
    expect_error(ErrorCode::conflict, "a report named 'HOTTEST LEADS' exists already",
                 [&] { reports.save("hottest leads", changed); });
    auto replaced = reports.save("hottest leads", changed, "Mine", true);
    EXPECT_EQ(replaced.id, saved.id);
    EXPECT_EQ(replaced.category, "Mine");
    EXPECT_EQ(reports.open("Hottest Leads").columns, changed.columns);

    // Delete.
    reports.remove("hottest leads");
    expect_error(ErrorCode::not_found, "no report named", [&] { reports.open("HOTTEST LEADS"); });
    EXPECT_EQ(book.saved_reports().count(), 1);
}

TEST_F(ReportData, BuiltInsOpenButCannotBeChanged) {
    EXPECT_EQ(reports.open("leads_by_score"), *builtin_report("leads_by_score"));
    EXPECT_EQ(reports.open("Leads_By_Score"), *builtin_report("leads_by_score"));
    const auto before = test::snapshot(book);
    expect_error(ErrorCode::conflict, "'Leads_By_Score' is the name of a built-in report",
                 [&] { reports.save("Leads_By_Score", ReportDefinition{}); });
    expect_error(ErrorCode::validation, "built-in report and cannot be renamed",
                 [&] { reports.rename("leads_by_score", "Scores"); });
    expect_error(ErrorCode::validation, "built-in report and cannot be deleted",
                 [&] { reports.remove("leads_by_assigned_to"); });
    EXPECT_EQ(test::snapshot(book), before);
}

TEST_F(ReportData, BadSavesChangeNothing) {
    reports.save("Hot leads", parse_report_definition(hot_leads));
    reports.save("Cold leads", parse_report_definition(hot_leads));
    const auto before = test::snapshot(book);
    // An existing name, in any case.
    expect_error(ErrorCode::conflict, "a report named 'Hot leads' exists already",
                 [&] { reports.save("HOT LEADS", ReportDefinition{}); });
    expect_error(ErrorCode::conflict, "exists already",
                 [&] { reports.rename("Cold leads", "hot leads"); });
    expect_error(ErrorCode::conflict, "built-in",
                 [&] { reports.rename("Cold leads", "leads_by_score"); });
    // A blank name.
    for (std::string blank : {"", "   ", "\t\n"}) {
        expect_error(ErrorCode::validation, "'name' is required and cannot be blank",
                     [&] { reports.save(blank, ReportDefinition{}); });
        expect_error(ErrorCode::validation, "'name' is required and cannot be blank",
                     [&] { reports.rename("Hot leads", blank); });
    }
    expect_error(ErrorCode::validation, "'category' is required",
                 [&] { reports.save("Another", ReportDefinition{}, " "); });
    // Replacing with a bad definition keeps the good one.
    expect_error(ErrorCode::validation, "unknown field 'nope'", [&] {
        reports.save("Hot leads", parse_report_definition(R"({"columns": ["nope"]})"), "Leads",
                     true);
    });
    // Missing reports.
    expect_error(ErrorCode::not_found, "there is no report named 'Nope'",
                 [&] { reports.open("Nope"); });
    expect_error(ErrorCode::not_found, "there is no report named 'Nope'",
                 [&] { reports.run("Nope"); });
    expect_error(ErrorCode::not_found, "there is no report named 'Nope'",
                 [&] { reports.rename("Nope", "Yes"); });
    expect_error(ErrorCode::not_found, "there is no report named 'Nope'",
                 [&] { reports.remove("Nope"); });
    EXPECT_EQ(test::snapshot(book), before);
}

TEST_F(ReportData, ASavedReportWhoseFieldHasGone) {
    auto saved = reports.save("Hot leads", parse_report_definition(hot_leads));
    // As if a later version dropped a field: edit the stored JSON directly.
    auto json = parse_json(saved.definition);
    json.as_object()["columns"] = boost::json::array{"full_name", "fax_number"};
    expect_error(ErrorCode::validation, "columns[1]: unknown field 'fax_number'", [&] {
        book.saved_reports().update(saved.id, saved.version,
                                    {{"definition", serialize_json(json)}});
    });
    store_as_is(book, saved.id, serialize_json(json));
    const auto before = test::snapshot(book);

    expect_error(ErrorCode::validation,
                 "saved report 'Hot leads' does not fit its records any more: columns[1]: unknown "
                 "field 'fax_number'",
                 [&] { reports.open("Hot leads"); });
    expect_error(ErrorCode::validation, "unknown field 'fax_number'",
                 [&] { reports.run("Hot leads"); });
    EXPECT_EQ(test::snapshot(book), before);
    // A stored filter naming a vanished field, and stored JSON that is not a definition.
    json.as_object()["columns"] = boost::json::array{"full_name"};
    json.as_object()["filters"] = boost::json::array{
        boost::json::object{{"field", "temperature"}, {"op", "gt"}, {"value", 30}}};
    store_as_is(book, saved.id, serialize_json(json));
    expect_error(ErrorCode::validation, "filters[0]: unknown field 'temperature'",
                 [&] { reports.open("Hot leads"); });
    store_as_is(book, saved.id, R"({"kolumns": []})");
    expect_error(ErrorCode::validation,
                 "'Hot leads' does not fit its records any more: unknown field 'kolumns'",
                 [&] { reports.open("Hot leads"); });
    // Still listed, and it can be fixed by replacing it, or deleted.
    EXPECT_EQ(reports.list("Leads")[0].name, "Hot leads");
    reports.save("Hot leads", parse_report_definition(hot_leads), "Leads", true);
    EXPECT_EQ(reports.run("Hot leads").total(), 3);
    reports.remove("Hot leads");
}

TEST_F(ReportData, EveryWayOfSavingAReportHasTheSameRules) {
    reports.save("Hot leads", parse_report_definition(hot_leads));
    const auto before = test::snapshot(book);
    SavedReport builtin{.name = "LEADS_BY_SCORE", .category = "Leads", .definition = "{}"};
    expect_error(ErrorCode::conflict, "'LEADS_BY_SCORE' is the name of a built-in report",
                 [&] { book.saved_reports().add(builtin); });
    SavedReport taken{.name = "hot leads", .category = "Leads", .definition = "{}"};
    expect_error(ErrorCode::conflict, "a report named 'Hot leads' exists already",
                 [&] { book.saved_reports().add(taken); });
    SavedReport unfit{
        .name = "Faxes", .category = "Leads", .definition = R"({"columns": ["fax_number"]})"};
    expect_error(ErrorCode::validation, "columns[0]: unknown field 'fax_number'",
                 [&] { book.saved_reports().add(unfit); });
    auto stored = book.saved_reports().find().next();
    ASSERT_TRUE(stored);
    expect_error(ErrorCode::conflict, "is the name of a built-in report", [&] {
        book.saved_reports().update(stored->id, stored->version,
                                    {{"name", "leads_by_assigned_to"}});
    });
    EXPECT_EQ(test::snapshot(book), before);
}
