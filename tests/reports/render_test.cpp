// The HTML report opened in a real browser: headless Chromium (Debian's
// `chromium` package) takes a screenshot and dumps the DOM; the screenshot
// must show the chart's bars and the DOM must hold the table's text. Fails,
// and says how to install it, when chromium is missing.
#include "report_fixture.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>

using namespace leadbook;
using test::ReportData;

namespace {

/// `text` quoted for /bin/sh.
std::string sh_quote(const std::string& text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

/// The first line a shell command prints, or "" when it fails.
std::string first_line_of(const std::string& command) {
    std::string out;
    if (FILE* pipe = ::popen(command.c_str(), "r")) {
        char buffer[512];
        if (std::fgets(buffer, sizeof buffer, pipe)) out = buffer;
        if (::pclose(pipe) != 0) out.clear();
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
}

std::string find_chromium() {
    if (const char* given = std::getenv("LEADBOOK_CHROMIUM")) return given;
    return first_line_of("command -v chromium || command -v chromium-browser");
}

std::size_t occurrences(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
}

/// A report's HTML page as headless Chromium shows it: the screenshot's
/// size, its non-white pixels and those of the colours asked about, and the
/// DOM the browser built.
struct Rendered {
    long width = 0, height = 0, ink = 0;
    std::vector<long> colours;
    std::string dom;
};

class RenderedReport : public ReportData {
protected:
    Rendered render(Report& report, const std::string& name,
                    const std::vector<std::string>& colours) {
        Rendered out;
        const std::string chromium = find_chromium();
        EXPECT_FALSE(chromium.empty())
            << "headless Chromium is needed for this test: apt-get install -y chromium "
               "(or set LEADBOOK_CHROMIUM to the browser's path)";
        if (chromium.empty()) return out;
        const std::string html = dir.file(name + ".html");
        report.write("html", html);
        const std::string browser =
            "timeout 120 " + sh_quote(chromium) +
            " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
            " --disable-background-networking --disable-component-update --disable-sync"
            " --disable-dev-shm-usage" // containers often have a tiny /dev/shm
            " --window-size=1000,800";
        const std::string url = sh_quote("file://" + html);
        const std::string png = dir.file(name + ".png");
        const std::string shot = browser +
                                 " --user-data-dir=" + sh_quote(dir.file("profile-shot-" + name)) +
                                 " --screenshot=" + sh_quote(png) + " " + url + " >/dev/null 2>&1";
        EXPECT_EQ(std::system(shot.c_str()), 0) << shot;
        EXPECT_TRUE(std::filesystem::exists(png)) << "chromium wrote no screenshot: " << shot;
        std::string measure =
            sh_quote(LEADBOOK_PYTHON) + " " + sh_quote(LEADBOOK_PNG_INK) + " " + sh_quote(png);
        for (const auto& c : colours) measure += " '" + c + "'";
        std::istringstream numbers(first_line_of(measure));
        numbers >> out.width >> out.height >> out.ink;
        out.colours.assign(colours.size(), 0);
        for (auto& c : out.colours) numbers >> c;
        const std::string dom_file = dir.file(name + "-dom.html");
        const std::string dump = browser +
                                 " --user-data-dir=" + sh_quote(dir.file("profile-dom-" + name)) +
                                 " --dump-dom " + url + " >" + sh_quote(dom_file) + " 2>/dev/null";
        EXPECT_EQ(std::system(dump.c_str()), 0) << dump;
        const auto bytes = test::read_file(dom_file);
        out.dom.assign(bytes.begin(), bytes.end());
        EXPECT_EQ(out.width, 1000) << measure;
        EXPECT_EQ(out.height, 800);
        EXPECT_GT(out.ink, 5000) << "the screenshot is (almost) blank";
        EXPECT_EQ(occurrences(out.dom, "<svg"), 1u) << out.dom;
        EXPECT_EQ(out.dom.find("<script"), std::string::npos);
        // Screen readers: the chart's title and description, headed columns.
        EXPECT_NE(out.dom.find("aria-labelledby=\"chart-title chart-desc\""), std::string::npos);
        EXPECT_NE(out.dom.find("<desc id=\"chart-desc\">"), std::string::npos);
        EXPECT_NE(out.dom.find("<th scope=\"col\">"), std::string::npos);
        return out;
    }

    /// Three opportunities closing in January, February and April 2026.
    void add_opportunities() {
        int day = 10;
        for (unsigned month : {1u, 2u, 2u, 4u}) {
            Opportunity o;
            o.title = "Deal " + std::to_string(month);
            o.linked_to = leads[0].id;
            o.expected_close = Date::from_ymd(2026, month, unsigned(day++));
            o.items = {LineItem{.item = "Seat", .quantity = 1, .unit_price = Money{1000}}};
            book.opportunities().add(o);
        }
    }
};

// Chart colours: blue (also the table's header), orange, green.
const std::string blue = "#2f6db5", orange = "#e08a2c", green = "#3c9d5d";

} // namespace

TEST_F(RenderedReport, StackedBarsInChromium) {
    auto report = reports.run("leads_by_assigned_to_and_rating");
    const auto page = render(report, "stacked", {orange, green});
    // With the colours of the rating subgroups in first-seen order (warm,
    // hot, cold), orange and green appear only in the chart.
    EXPECT_GT(page.colours[0], 200) << "no 'hot' bars in the chart";
    EXPECT_GT(page.colours[1], 100) << "no 'cold' bar in the chart";
    const std::string& dom = page.dom;
    EXPECT_EQ(occurrences(dom, "<rect"), 9u); // 6 bar segments, 3 legend keys
    EXPECT_NE(dom.find("<title>Ana Silva, hot: 2</title>"), std::string::npos);
    EXPECT_NE(dom.find("<desc id=\"chart-desc\">Stacked bar chart of Leads per Assigned to and "
                       "Rating: (not assigned) 1 (14.3 %), Ana Silva 3 (42.9 %)"),
              std::string::npos);
    EXPECT_NE(dom.find("<h1>Leads by Assigned To and Rating</h1>"), std::string::npos);
    EXPECT_NE(dom.find("<th scope=\"col\">Name</th><th scope=\"col\">Company</th><th "
                       "scope=\"col\">Phone</th><th scope=\"col\">E-mail</th>"),
              std::string::npos);
    EXPECT_EQ(occurrences(dom, "<tr><td>"), 7u);
    for (const char* name : {"Alice Archer", "Bob Brown", "Carla Cruz", "Dan Diaz", "Eve Evans",
                             "Fay Fox", "Gus Gray"})
        EXPECT_NE(dom.find(std::string("<td>") + name + "</td>"), std::string::npos) << name;
    EXPECT_NE(dom.find("Assigned to: Ben Okafor<span class=\"count\">3</span>"), std::string::npos);
}

TEST_F(RenderedReport, BarsInChromium) {
    auto report = reports.run_text(
        R"({"group_by": ["assigned_to", "rating"], "chart": "bars", "columns": ["full_name"]})");
    const auto page = render(report, "bars", {blue, orange});
    // Plain bars of the top level only: blue, no subgroup colours.
    EXPECT_GT(page.colours[0], 1000);
    EXPECT_EQ(page.colours[1], 0);
    EXPECT_EQ(occurrences(page.dom, "<rect"), 3u);
    EXPECT_NE(page.dom.find("<desc id=\"chart-desc\">Bar chart of Leads per Assigned to: "),
              std::string::npos);
}

TEST_F(RenderedReport, PieAndDonutInChromium) {
    for (const std::string kind : {"pie", "donut"}) {
        auto report = reports.run_text(R"({"group_by": ["rating"], "columns": ["full_name"],
            "chart": ")" + kind + R"("})");
        // Ratings cold 1, hot 3, warm 3: blue, orange and green slices.
        const auto page = render(report, kind, {orange, green});
        EXPECT_GT(page.colours[0], 3000) << kind;
        EXPECT_GT(page.colours[1], 3000) << kind;
        EXPECT_EQ(occurrences(page.dom, "<path class=\"slice\""), 3u) << kind;
        EXPECT_NE(page.dom.find("<title>hot: 3 (42.9 %)</title>"), std::string::npos) << kind;
        EXPECT_NE(page.dom.find(kind == "pie" ? "Pie chart of Leads per Rating: cold 1 (14.3 %)"
                                              : "Donut chart of Leads per Rating"),
                  std::string::npos)
            << kind;
        EXPECT_EQ(page.dom.find("class=\"donut-total\">7<") != std::string::npos, kind == "donut");
    }
}

TEST_F(RenderedReport, ColumnAndLineOverPeriodsInChromium) {
    add_opportunities();
    for (const std::string kind : {"column", "line"}) {
        auto report = reports.run_text(R"({"record_type": "opportunities", "columns": ["title"],
            "group_by": [{"field": "expected_close", "period": "month"}], "chart": ")" +
                                       kind + R"("})");
        const auto page = render(report, kind, {green, orange});
        if (kind == "column") {
            EXPECT_GT(page.colours[0], 2000) << "no green columns";
            EXPECT_EQ(occurrences(page.dom, "<rect class=\"column\""), 3u);
        } else {
            EXPECT_GT(page.colours[1], 300) << "no orange line";
            EXPECT_EQ(occurrences(page.dom, "<circle class=\"point\""), 3u);
            EXPECT_NE(page.dom.find("<polyline"), std::string::npos);
        }
        EXPECT_NE(page.dom.find("<title>2026-02: 2</title>"), std::string::npos) << kind;
        EXPECT_NE(page.dom.find(">2026-04</text>"), std::string::npos) << kind;
    }
}
