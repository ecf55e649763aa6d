// Report output: CSV (formula-safe), JSON, HTML (escaped, with an SVG chart
// and group headings), and writing to files.
#include "report_fixture.hpp"

#include <sstream>

using namespace leadbook;
using test::expect_error;
using test::ReportData;

namespace {

std::string render(Report& report, std::string_view format) {
    std::ostringstream out;
    report.write(format, out);
    return out.str();
}

/// The page without its "Generated <time>" line, to compare two renderings.
std::string without_time(std::string html) {
    auto at = html.find(" Generated ");
    if (at != std::string::npos) html.erase(at, html.find("</p>", at) - at);
    return html;
}

std::size_t occurrences(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

} // namespace

TEST_F(ReportData, CsvOfABuiltInReport) {
    auto report = reports.run("leads_by_assigned_to");
    const auto csv = render(report, "csv");
    // The group field is not a column, so it leads each line.
    EXPECT_EQ(csv.substr(0, csv.find("\r\n")),
              "Assigned to,Name,Company,Phone,E-mail,Stars,Source,Modified");
    EXPECT_EQ(occurrences(csv, "\r\n"), 8u);
    EXPECT_NE(csv.find("\r\n(not assigned),Fay Fox,,,,0,,"), std::string::npos) << csv;
    EXPECT_NE(
        csv.find("\r\nAna Silva,Alice Archer,Acme,\"'+1 555 0110\",alice@work.example,5,Web,"),
        std::string::npos)
        << csv;
    // The rows cursor is independent of the writers.
    auto first = report.next_row();
    EXPECT_EQ(render(report, "csv"), csv);
    EXPECT_EQ(report.next_row()->texts[0], "Alice Archer");
    (void)first;
}

TEST_F(ReportData, CsvIsFormulaSafe) {
    for (std::string name :
         {"=HYPERLINK(\"http://x.example\",\"y\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
          "\tTabbed", "\rReturned", "Comma, Inc", " Spaced ", "Say \"hi\""})
        add(name, ana, "hot", 2, "Zeta", "Web", false);
    auto report = reports.run(parse_report_definition(
        R"({"columns": ["full_name"], "filters": [{"field": "company", "op": "eq", "value": "Zeta"}], "sort": [{"field": "id"}]})"));
    const auto csv = render(report, "csv");
    EXPECT_EQ(csv, "Name\r\n"
                   "\"'=HYPERLINK(\"\"http://x.example\"\",\"\"y\"\")\"\r\n"
                   "\"'+cmd|' /C calc'!A0\"\r\n"
                   "\"'-2+3\"\r\n"
                   "\"'@SUM(A1:A9)\"\r\n"
                   "\"'\tTabbed\"\r\n"
                   "\"'\rReturned\"\r\n"
                   "\"Comma, Inc\"\r\n"
                   "\" Spaced \"\r\n"
                   "\"Say \"\"hi\"\"\"\r\n");
}

TEST_F(ReportData, JsonOutput) {
    auto report = reports.run("leads_by_assigned_to_and_rating");
    const auto v = parse_json(render(report, "json"));
    const auto& o = v.as_object();
    EXPECT_EQ(o.at("title"), boost::json::value("Leads by Assigned To and Rating"));
    EXPECT_EQ(o.at("total"), boost::json::value(7));
    EXPECT_EQ(o.at("groups").as_array().size(), 3u);
    const auto& rows = o.at("rows").as_array();
    ASSERT_EQ(rows.size(), 7u);
    EXPECT_EQ(rows[1].at("values").at("full_name"), boost::json::value("Alice Archer"));
    EXPECT_EQ(rows[1].at("group").as_array()[0].at("key"), boost::json::value(ana));
    EXPECT_EQ(rows[1].at("group").as_array()[0].at("label"), boost::json::value("Ana Silva"));
    EXPECT_EQ(rows[1].at("group").as_array()[1].at("label"), boost::json::value("hot"));
    EXPECT_EQ(rows[1].at("values").at("score.stars"), boost::json::value(5));
    EXPECT_EQ(rows[0].at("values").at("emails.address"), nullptr);
}

TEST_F(ReportData, JsonOfAnEmptyReport) {
    auto report = reports.run(parse_report_definition(
        R"({"filters": [{"field": "rating", "op": "eq", "value": "lukewarm"}]})"));
    const auto v = parse_json(render(report, "json"));
    EXPECT_EQ(v.at("total"), boost::json::value(0));
    EXPECT_TRUE(v.at("rows").as_array().empty());
}

TEST_F(ReportData, HtmlPage) {
    auto report = reports.run("leads_by_assigned_to_and_rating");
    const auto html = render(report, "html");
    EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
    EXPECT_NE(html.find("<title>Leads by Assigned To and Rating</title>"), std::string::npos);
    EXPECT_NE(html.find("<p class=\"filters\">Leads where Status is "), std::string::npos);
    EXPECT_NE(html.find("7 leads, grouped by Assigned to and Rating"), std::string::npos);
    // The chart: one bar per top group, split by rating, and a legend.
    EXPECT_EQ(occurrences(html, "<svg"), 1u);
    EXPECT_EQ(occurrences(html, "<rect"), 6u + 3u);
    EXPECT_NE(html.find("<title>Ana Silva, hot: 2</title>"), std::string::npos);
    // Headings with counts before their rows; then 7 rows.
    EXPECT_EQ(occurrences(html, "<tr class=\"group0\">"), 3u);
    EXPECT_EQ(occurrences(html, "<tr class=\"group1\">"), 6u);
    EXPECT_NE(html.find("Assigned to: Ben Okafor<span class=\"count\">3</span>"),
              std::string::npos);
    auto ben = html.find("Assigned to: Ben Okafor");
    auto cold = html.find("Rating: cold<span class=\"count\">1</span>", ben);
    auto dan = html.find("<td>Dan Diaz</td>", cold);
    EXPECT_LT(ben, cold);
    EXPECT_NE(dan, std::string::npos);
    EXPECT_EQ(occurrences(html, "<tr><td>"), 7u);
    // No script, nothing fetched.
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(occurrences(html, "http://"), 1u); // the SVG namespace
    EXPECT_NE(html.find("http://www.w3.org/2000/svg"), std::string::npos);
}

TEST_F(ReportData, HtmlEscapesEverything) {
    // A rating is one of its pick list: the list gets one that is markup.
    PickListEntry markup;
    markup.record_type = RecordType::lead;
    markup.list = PickList::rating;
    markup.name = "<b>hot</b>";
    book.pick_lists().add(markup);
    add("<script>alert('x')</script> & \"co\"", ana, "<b>hot</b>", 2, "A&B <Ltd>", "Web", false);
    ReportDefinition def;
    def.title = "Leads <i>mine</i> & \"yours\"";
    def.columns = {"full_name", "company"};
    def.group_by = {{"rating", false}};
    def.filters = {{"company", FilterOp::ne, boost::json::value("</p><script>")}};
    auto report = reports.run(def);
    const auto html = render(report, "html");
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("<i>"), std::string::npos);
    EXPECT_EQ(html.find("<b>"), std::string::npos);
    EXPECT_NE(html.find("<h1>Leads &lt;i&gt;mine&lt;/i&gt; &amp; &quot;yours&quot;</h1>"),
              std::string::npos);
    EXPECT_NE(
        html.find("<td>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;</td>"),
        std::string::npos);
    EXPECT_NE(html.find("<td>A&amp;B &lt;Ltd&gt;</td>"), std::string::npos);
    EXPECT_NE(html.find("Rating: &lt;b&gt;hot&lt;/b&gt;"), std::string::npos); // heading
    EXPECT_NE(html.find(">&lt;b&gt;hot&lt;/b&gt;</text>"), std::string::npos); // chart label
    EXPECT_NE(html.find("Company is not &quot;&lt;/p&gt;&lt;script&gt;&quot;"), std::string::npos);
}

TEST_F(ReportData, HtmlWithoutGroupsHasNoChart) {
    auto report = reports.run(parse_report_definition(R"({"columns": ["full_name"]})"));
    const auto html = render(report, "html");
    EXPECT_EQ(html.find("<svg"), std::string::npos);
    EXPECT_EQ(occurrences(html, "<tr><td>"), 7u);
    EXPECT_NE(html.find("7 leads."), std::string::npos);
}

TEST_F(ReportData, HtmlOfAPage) {
    auto report = reports.run(parse_report_definition(
        R"({"columns": ["full_name"], "group_by": ["rating"], "limit": 2, "offset": 3})"));
    const auto html = render(report, "html");
    EXPECT_NE(html.find("7 leads, grouped by Rating; rows from 4, at most 2 shown."),
              std::string::npos);
    EXPECT_EQ(occurrences(html, "<tr><td>"), 2u);
    EXPECT_EQ(occurrences(html, "<rect"), 3u); // the chart counts every lead
}

TEST_F(ReportData, WritingFiles) {
    auto report = reports.run("leads_by_score");
    for (std::string format : {"csv", "json", "html"}) {
        const auto path = dir.file("scores." + format);
        report.write(format, path);
        const auto bytes = test::read_file(path);
        EXPECT_EQ(without_time(std::string(bytes.begin(), bytes.end())),
                  without_time(render(report, format)));
    }
    expect_error(ErrorCode::validation, "unknown report format 'pdf' (use csv, json or html)",
                 [&] { report.write("pdf", dir.file("scores.pdf")); });
    EXPECT_FALSE(std::filesystem::exists(dir.file("scores.pdf")));
    expect_error(ErrorCode::not_found, "cannot write the file",
                 [&] { report.write("csv", dir.file("no/such/folder/scores.csv")); });
    // A failed write leaves an existing file as it was, and no scratch file.
    const auto kept = test::read_file(dir.file("scores.csv"));
    expect_error(ErrorCode::validation, "unknown report format",
                 [&] { report.write("pdf", dir.file("scores.csv")); });
    EXPECT_EQ(test::read_file(dir.file("scores.csv")), kept);
    for (const auto& entry : std::filesystem::directory_iterator(dir.file("")))
        EXPECT_EQ(entry.path().filename().string().find(".partial-"), std::string::npos)
            << entry.path();
}
