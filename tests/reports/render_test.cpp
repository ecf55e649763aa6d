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

} // namespace

TEST_F(ReportData, HtmlReportRendersInChromium) {
    const std::string chromium = find_chromium();
    ASSERT_FALSE(chromium.empty())
        << "headless Chromium is needed for this test: apt-get install -y chromium "
           "(or set LEADBOOK_CHROMIUM to the browser's path)";

    auto report = reports.run("leads_by_assigned_to_and_rating");
    const std::string html = dir.file("report.html");
    report.write("html", html);

    const std::string browser =
        "timeout 120 " + sh_quote(chromium) +
        " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
        " --disable-background-networking --disable-component-update --disable-sync"
        " --disable-dev-shm-usage" // containers often have a tiny /dev/shm
        " --window-size=1000,800";
    const std::string url = sh_quote("file://" + html);
    const std::string png = dir.file("report.png");
    const std::string shot = browser + " --user-data-dir=" + sh_quote(dir.file("profile-shot")) +
                             " --screenshot=" + sh_quote(png) + " " + url + " >/dev/null 2>&1";
    ASSERT_EQ(std::system(shot.c_str()), 0) << shot;
    ASSERT_TRUE(std::filesystem::exists(png)) << "chromium wrote no screenshot: " << shot;

    // Pixels: not blank, and the chart's bars are there. With the colours of
    // the rating subgroups in first-seen order (warm, hot, cold), orange and
    // green appear only in the chart (blue is also the table's header).
    const std::string measure = sh_quote(LEADBOOK_PYTHON) + " " + sh_quote(LEADBOOK_PNG_INK) + " " +
                                sh_quote(png) + " '#e08a2c' '#3c9d5d'";
    std::istringstream numbers(first_line_of(measure));
    long width = 0, height = 0, ink = 0, orange = 0, green = 0;
    numbers >> width >> height >> ink >> orange >> green;
    EXPECT_EQ(width, 1000) << measure;
    EXPECT_EQ(height, 800);
    EXPECT_GT(ink, 5000) << "the screenshot is (almost) blank";
    EXPECT_GT(orange, 200) << "no 'hot' bars in the chart";
    EXPECT_GT(green, 100) << "no 'cold' bar in the chart";

    // The DOM as the browser built it: the chart and the table's text.
    const std::string dom_file = dir.file("dom.html");
    const std::string dump = browser + " --user-data-dir=" + sh_quote(dir.file("profile-dom")) +
                             " --dump-dom " + url + " >" + sh_quote(dom_file) + " 2>/dev/null";
    ASSERT_EQ(std::system(dump.c_str()), 0) << dump;
    const auto bytes = test::read_file(dom_file);
    const std::string dom(bytes.begin(), bytes.end());
    EXPECT_EQ(occurrences(dom, "<svg"), 1u) << dom;
    EXPECT_EQ(occurrences(dom, "<rect"), 9u); // 6 bar segments, 3 legend keys
    EXPECT_NE(dom.find("<title>Ana Silva, hot: 2</title>"), std::string::npos);
    EXPECT_NE(dom.find("<h1>Leads by Assigned To and Rating</h1>"), std::string::npos);
    EXPECT_NE(dom.find("<th>Name</th><th>Company</th><th>Phone</th><th>E-mail</th>"),
              std::string::npos);
    EXPECT_EQ(occurrences(dom, "<tr><td>"), 7u);
    for (const char* name : {"Alice Archer", "Bob Brown", "Carla Cruz", "Dan Diaz", "Eve Evans",
                             "Fay Fox", "Gus Gray"})
        EXPECT_NE(dom.find(std::string("<td>") + name + "</td>"), std::string::npos) << name;
    EXPECT_NE(dom.find("Assigned to: Ben Okafor<span class=\"count\">3</span>"), std::string::npos);
    EXPECT_EQ(dom.find("<script"), std::string::npos);
}
