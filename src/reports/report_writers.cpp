// Report writers: CSV, JSON and one self-contained HTML page. Each streams
// rows from a fresh row query straight to the output, so memory does not
// grow with the number of rows.
#include "report_state.hpp"
#include "file_output.hpp"
#include "formats/csv_writer.hpp" // the formula-safe cells of the lead export

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <ostream>

namespace leadbook {

std::string report_total_text(const boost::json::value& total) {
    switch (total.kind()) {
    case boost::json::kind::null: return {};
    case boost::json::kind::string: return std::string(total.get_string());
    case boost::json::kind::int64: return std::to_string(total.get_int64());
    case boost::json::kind::uint64: return std::to_string(total.get_uint64());
    case boost::json::kind::double_: {
        // Two decimals at most, as people read amounts: 600.25, 3.67, 50.
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%.2f", total.get_double());
        std::string text = buffer;
        if (text.find('.') != std::string::npos) {
            while (text.back() == '0') text.pop_back();
            if (text.back() == '.') text.pop_back();
        }
        if (text == "-0") text = "0";
        return text;
    }
    case boost::json::kind::bool_: return total.get_bool() ? "yes" : "no";
    default: return serialize_json(total);
    }
}

namespace {

/// The table of totals under a report: one line per group (its labels, down
/// to its level), its count and totals; then "All" for the whole report.
/// `line` gets the cells of each line.
template <class Line>
void totals_lines(const Report::State& s, const std::vector<ReportGroup>& groups, Line&& line) {
    std::vector<std::string> cells;
    const std::size_t levels = std::max<std::size_t>(s.group_fields.size(), 1);
    auto walk = [&](auto& self, const std::vector<ReportGroup>& list, std::size_t level,
                    std::vector<std::string>& labels) -> void {
        for (const auto& g : list) {
            labels.push_back(g.label);
            cells.assign(levels, "");
            std::copy(labels.begin(), labels.end(), cells.begin());
            cells.push_back(std::to_string(g.count));
            for (const auto& t : s.total_fields)
                cells.push_back(
                    report_total_text(g.totals.contains(t.field) ? g.totals.at(t.field) : nullptr));
            line(cells, level, false);
            self(self, g.subgroups, level + 1, labels);
            labels.pop_back();
        }
    };
    std::vector<std::string> labels;
    walk(walk, groups, 0, labels);
    cells.assign(levels, "");
    cells[0] = "All";
    cells.push_back(std::to_string(s.total));
    for (const auto& t : s.total_fields)
        cells.push_back(
            report_total_text(s.totals.contains(t.field) ? s.totals.at(t.field) : nullptr));
    line(cells, 0, true);
}

/// The headings of the table of totals.
std::vector<std::string> totals_headings(const Report::State& s) {
    std::vector<std::string> out;
    for (const auto& g : s.group_fields) out.push_back(g.heading);
    if (out.empty()) out.push_back("Records");
    out.push_back("Count");
    for (const auto& t : s.total_fields) out.push_back(t.heading);
    return out;
}

// ---- CSV -----------------------------------------------------------------

/// Group fields that are not also columns get a column of their own in
/// CSV, so every line says which group it belongs to.
std::vector<std::size_t> extra_group_columns(const Report::State& s) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < s.group_fields.size(); ++i) {
        bool shown = false;
        for (const auto& c : s.columns) shown = shown || c.field == s.group_fields[i].field;
        if (!shown) out.push_back(i);
    }
    return out;
}

// ---- HTML ----------------------------------------------------------------

void append_escaped(std::string& out, std::string_view text) {
    for (char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
}

std::string escaped(std::string_view text) {
    std::string out;
    append_escaped(out, text);
    return out;
}

std::string shortened(const std::string& text, std::size_t max) {
    if (text.size() <= max) return text;
    std::size_t cut = max - 1;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut; // UTF-8
    return text.substr(0, cut) + "\xE2\x80\xA6";
}

constexpr const char* palette[] = {"#2f6db5", "#e08a2c", "#3c9d5d", "#c8463d",
                                   "#7d5ba6", "#2aa3a8", "#b5843c", "#777777"};
constexpr std::size_t max_bars = 40;

/// An SVG element screen readers announce: its title and a description.
std::string svg_open(int width, int height, const std::string& caption,
                     const std::string& description) {
    std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" "
                      "aria-labelledby=\"chart-title chart-desc\" width=\"" +
                      std::to_string(width) + "\" height=\"" + std::to_string(height) +
                      "\" viewBox=\"0 0 " + std::to_string(width) + " " + std::to_string(height) +
                      "\"><title id=\"chart-title\">";
    append_escaped(svg, caption);
    svg += "</title><desc id=\"chart-desc\">";
    append_escaped(svg, description);
    return svg + "</desc>";
}

/// "(not assigned) 1, Ana Silva 3 (42.9 %), ...": what a chart shows, in words.
std::string chart_description(std::string_view kind, const std::vector<ReportGroup>& groups,
                              const std::string& caption) {
    std::int64_t all = 0;
    for (const auto& g : groups) all += g.count;
    std::string out = std::string(kind) + " of " + caption;
    out[0] = char(std::toupper(static_cast<unsigned char>(out[0])));
    out += ": ";
    for (std::size_t i = 0; i < groups.size() && i < max_bars; ++i) {
        if (i) out += ", ";
        out += groups[i].label + " " + std::to_string(groups[i].count);
        if (all > 0) {
            char share[32];
            std::snprintf(share, sizeof share, " (%.1f %%)",
                          100.0 * double(groups[i].count) / double(all));
            out += share;
        }
    }
    if (groups.size() > max_bars)
        out += " and " + std::to_string(groups.size() - max_bars) + " more groups";
    return out + ".";
}

std::string number_text(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.2f", v);
    return buffer;
}

/// A pie (or a donut, with a hole that shows the total) of the top-level
/// groups' shares, with a legend.
std::string pie_chart(const std::vector<ReportGroup>& groups, const std::string& caption,
                      const std::string& description, bool donut) {
    const std::size_t slices = std::min(groups.size(), std::size(palette));
    std::int64_t all = 0, shown = 0;
    for (const auto& g : groups) all += g.count;
    const double cx = 170, cy = 170, r = 150;
    const int height = std::max(340, 20 + int(slices + 1) * 24);
    std::string svg = svg_open(800, height, caption, description);
    auto slice = [&](std::int64_t from, std::int64_t count, const char* fill,
                     const std::string& tip) {
        if (all <= 0 || count <= 0) return;
        std::string shape;
        if (count == all) {
            shape = "<circle cx=\"" + number_text(cx) + "\" cy=\"" + number_text(cy) + "\" r=\"" +
                    number_text(r) + "\" fill=\"" + fill + "\">";
            svg += shape + "<title>";
            append_escaped(svg, tip);
            svg += "</title></circle>";
            return;
        }
        const double a0 = 2 * M_PI * double(from) / double(all) - M_PI / 2;
        const double a1 = 2 * M_PI * double(from + count) / double(all) - M_PI / 2;
        svg += "<path class=\"slice\" d=\"M" + number_text(cx) + " " + number_text(cy) + " L" +
               number_text(cx + r * std::cos(a0)) + " " + number_text(cy + r * std::sin(a0)) +
               " A" + number_text(r) + " " + number_text(r) + " 0 " + (a1 - a0 > M_PI ? "1" : "0") +
               " 1 " + number_text(cx + r * std::cos(a1)) + " " +
               number_text(cy + r * std::sin(a1)) + " Z\" fill=\"" + fill +
               "\" stroke=\"#ffffff\" stroke-width=\"1\"><title>";
        append_escaped(svg, tip);
        svg += "</title></path>";
    };
    auto share = [&](std::int64_t count) {
        char text[32];
        std::snprintf(text, sizeof text, " (%.1f %%)",
                      all ? 100.0 * double(count) / double(all) : 0.0);
        return std::string(text);
    };
    std::vector<std::pair<std::string, std::int64_t>> entries;
    for (std::size_t i = 0; i < groups.size(); ++i) {
        if (i + 1 < slices || groups.size() == slices)
            entries.emplace_back(groups[i].label, groups[i].count);
        else if (i + 1 == slices)
            entries.emplace_back("Other groups", groups[i].count);
        else
            entries.back().second += groups[i].count;
    }
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const auto& [label, count] = entries[i];
        slice(shown, count, palette[i], label + ": " + std::to_string(count) + share(count));
        shown += count;
        const int ly = 20 + int(i) * 24;
        svg += "<rect x=\"360\" y=\"" + std::to_string(ly) +
               "\" width=\"14\" height=\"14\" fill=\"" + palette[i] + "\"/><text x=\"382\" y=\"" +
               std::to_string(ly + 12) + "\">";
        append_escaped(svg, shortened(label, 40) + ": " + std::to_string(count) + share(count));
        svg += "</text>";
    }
    if (donut) {
        svg += "<circle cx=\"" + number_text(cx) + "\" cy=\"" + number_text(cy) + "\" r=\"" +
               number_text(r * 0.55) + "\" fill=\"#ffffff\"/><text x=\"" + number_text(cx) +
               "\" y=\"" + number_text(cy + 6) +
               "\" text-anchor=\"middle\" class=\"donut-total\">" + std::to_string(all) + "</text>";
    }
    return svg + "</svg>";
}

/// Counts over periods (the top-level groups, in order): a column per
/// period, or a line through one point per period.
std::string period_chart(const std::vector<ReportGroup>& groups, const std::string& caption,
                         const std::string& description, bool line) {
    const std::size_t n = std::min(groups.size(), std::size_t(60));
    std::int64_t largest = 1;
    for (std::size_t i = 0; i < n; ++i) largest = std::max(largest, groups[i].count);
    const int left = 50, top = 20, plot_h = 240, plot_w = 720, height = top + plot_h + 70;
    const double step = n ? double(plot_w) / double(n) : plot_w;
    std::string svg = svg_open(800, height, caption, description);
    // Axis and its scale.
    svg += "<line x1=\"" + std::to_string(left) + "\" y1=\"" + std::to_string(top + plot_h) +
           "\" x2=\"" + std::to_string(left + plot_w) + "\" y2=\"" + std::to_string(top + plot_h) +
           "\" stroke=\"#6a7580\"/>";
    svg += "<text x=\"" + std::to_string(left - 6) + "\" y=\"" + std::to_string(top + 10) +
           "\" text-anchor=\"end\">" + std::to_string(largest) + "</text><text x=\"" +
           std::to_string(left - 6) + "\" y=\"" + std::to_string(top + plot_h) +
           "\" text-anchor=\"end\">0</text>";
    std::string points;
    for (std::size_t i = 0; i < n; ++i) {
        const auto& g = groups[i];
        const double h = double(g.count) * plot_h / double(largest);
        const double x = left + step * double(i);
        const double y = top + plot_h - h;
        const std::string tip = g.label + ": " + std::to_string(g.count);
        if (line) {
            points +=
                (points.empty() ? "" : " ") + number_text(x + step / 2) + "," + number_text(y);
            svg += "<circle class=\"point\" cx=\"" + number_text(x + step / 2) + "\" cy=\"" +
                   number_text(y) + "\" r=\"5\" fill=\"" + palette[1] + "\"><title>";
        } else {
            svg += "<rect class=\"column\" x=\"" + number_text(x + step * 0.15) + "\" y=\"" +
                   number_text(y) + "\" width=\"" + number_text(std::max(step * 0.7, 1.0)) +
                   "\" height=\"" + number_text(std::max(h, 1.0)) + "\" fill=\"" + palette[2] +
                   "\"><title>";
        }
        append_escaped(svg, tip);
        svg += line ? "</title></circle>" : "</title></rect>";
        // Period labels below the axis, fewer when there are many.
        if (n <= 12 || i % ((n + 11) / 12) == 0) {
            svg += "<text x=\"" + number_text(x + step / 2) + "\" y=\"" +
                   std::to_string(top + plot_h + 18) + "\" text-anchor=\"middle\">";
            append_escaped(svg, shortened(g.label, 12));
            svg += "</text>";
        }
    }
    if (line && !points.empty())
        svg += "<polyline fill=\"none\" stroke=\"" + std::string(palette[1]) +
               "\" stroke-width=\"3\" points=\"" + points + "\"/>";
    if (groups.size() > n)
        svg += "<text x=\"" + std::to_string(left) + "\" y=\"" + std::to_string(height - 10) +
               "\">and " + std::to_string(groups.size() - n) + " more periods</text>";
    return svg + "</svg>";
}

/// A horizontal bar per top-level group; stacked, each bar is split into
/// its subgroups (colours explained in a legend).
std::string bar_chart(const std::vector<ReportGroup>& groups, const std::string& caption,
                      const std::string& description, bool stacked) {
    const std::size_t bars = std::min(groups.size(), max_bars);
    std::int64_t largest = 1;
    for (std::size_t i = 0; i < bars; ++i) largest = std::max(largest, groups[i].count);
    std::vector<std::string> legend; // subgroup labels, in first-seen order
    if (stacked)
        for (std::size_t i = 0; i < bars; ++i)
            for (const auto& s : groups[i].subgroups)
                if (std::find(legend.begin(), legend.end(), s.label) == legend.end())
                    legend.push_back(s.label);
    auto colour = [&](const std::string& label) {
        auto at = std::size_t(std::find(legend.begin(), legend.end(), label) - legend.begin());
        return palette[at % std::size(palette)];
    };
    const int label_width = 200, bar_width = 520, row = 26, top = 10;
    const std::size_t legend_rows = (legend.size() + 3) / 4;
    const int height =
        top + int(bars) * row + (groups.size() > bars ? row : 0) + int(legend_rows) * 22 + 10;
    std::string svg = svg_open(800, height, caption, description);
    for (std::size_t i = 0; i < bars; ++i) {
        const auto& g = groups[i];
        const int y = top + int(i) * row;
        svg += "<text x=\"" + std::to_string(label_width - 8) + "\" y=\"" + std::to_string(y + 17) +
               "\" text-anchor=\"end\">";
        append_escaped(svg, shortened(g.label, 28));
        svg += "</text>";
        auto rect = [&](int x, int w, const char* fill, const std::string& tip) {
            svg += "<rect x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(y + 3) +
                   "\" width=\"" + std::to_string(std::max(w, 1)) + "\" height=\"" +
                   std::to_string(row - 6) + "\" fill=\"" + fill + "\"><title>";
            append_escaped(svg, tip);
            svg += "</title></rect>";
        };
        int x = label_width;
        if (g.subgroups.empty() || !stacked) {
            x += int(double(g.count) * bar_width / double(largest));
            rect(label_width, x - label_width, palette[0],
                 g.label + ": " + std::to_string(g.count));
        } else {
            for (const auto& s : g.subgroups) {
                int w = int(double(s.count) * bar_width / double(largest));
                rect(x, w, colour(s.label),
                     g.label + ", " + s.label + ": " + std::to_string(s.count));
                x += std::max(w, 1);
            }
        }
        svg += "<text x=\"" + std::to_string(x + 6) + "\" y=\"" + std::to_string(y + 17) + "\">" +
               std::to_string(g.count) + "</text>";
    }
    int y = top + int(bars) * row;
    if (groups.size() > bars) {
        svg += "<text x=\"" + std::to_string(label_width) + "\" y=\"" + std::to_string(y + 17) +
               "\">and " + std::to_string(groups.size() - bars) + " more groups</text>";
        y += row;
    }
    for (std::size_t i = 0; i < legend.size(); ++i) {
        const int lx = 20 + int(i % 4) * 190, ly = y + 6 + int(i / 4) * 22;
        svg += "<rect x=\"" + std::to_string(lx) + "\" y=\"" + std::to_string(ly) +
               "\" width=\"14\" height=\"14\" fill=\"" + colour(legend[i]) + "\"/>";
        svg += "<text x=\"" + std::to_string(lx + 20) + "\" y=\"" + std::to_string(ly + 12) + "\">";
        append_escaped(svg, shortened(legend[i], 24));
        svg += "</text>";
    }
    return svg + "</svg>";
}

constexpr const char* page_style = R"(
body{font-family:"DejaVu Sans",Arial,sans-serif;margin:24px;color:#1d232a;background:#fff}
h1{font-size:22px;margin:0 0 6px}
p.filters{margin:0 0 4px;color:#3b4650}
p.summary{margin:0 0 16px;color:#6a7580;font-size:13px}
figure{margin:0 0 18px}
figcaption{font-size:13px;color:#6a7580}
svg.chart text{font-size:13px;fill:#1d232a}
table{border-collapse:collapse;font-size:13px;min-width:60%}
th,td{padding:4px 10px;text-align:left;border-bottom:1px solid #dde3e8;vertical-align:top}
thead th{background:#2f6db5;color:#fff}
tr.group0 th{background:#e4ecf6;font-size:14px}
tr.group1 th{background:#f3f6fa;padding-left:24px}
tr.group2 th{background:#fafbfd;padding-left:40px;font-weight:normal}
svg.chart text.donut-total{font-size:22px;font-weight:bold}
@media print{body{margin:0}figure,table.totals{break-inside:avoid}thead{display:table-header-group}
tr{break-inside:avoid}thead th{background:#fff;color:#1d232a;border-bottom:2px solid #1d232a}}
span.count{color:#6a7580;font-weight:normal;margin-left:6px}
table.totals{margin:0 0 18px;min-width:0}
table.totals caption{text-align:left;font-weight:bold;padding:0 0 4px}
table.totals td{text-align:right}
table.totals tr.all th,table.totals tr.all td{font-weight:bold;border-top:2px solid #1d232a}
)";

} // namespace

void Report::write_csv(std::ostream& out) {
    State& s = *state_;
    const auto extra = extra_group_columns(s);
    std::string line;
    bool first = true;
    auto cell = [&](std::string_view text) {
        if (!first) line += ',';
        first = false;
        formats::append_csv_cell(line, text, ',');
    };
    for (auto g : extra) cell(s.group_fields[g].heading);
    for (const auto& c : s.columns) cell(c.heading);
    line += "\r\n";
    out.write(line.data(), std::streamsize(line.size()));
    auto cursor = s.open_rows();
    ReportRow row;
    while (s.read_row(*cursor, row)) {
        line.clear();
        first = true;
        for (auto g : extra) cell(row.group_labels[g]);
        for (const auto& text : row.texts) cell(text);
        line += "\r\n";
        out.write(line.data(), std::streamsize(line.size()));
    }
    cursor.reset();
    if (s.total_fields.empty()) return;
    // The totals: a second table after an empty line.
    auto write_line = [&](const std::vector<std::string>& cells) {
        line.clear();
        first = true;
        for (const auto& c : cells) cell(c);
        line += "\r\n";
        out.write(line.data(), std::streamsize(line.size()));
    };
    out << "\r\n";
    write_line(totals_headings(s));
    totals_lines(s, groups(), [&](const std::vector<std::string>& cells, std::size_t, bool) {
        write_line(cells);
    });
}

void Report::write_json(std::ostream& out) {
    // The summary, then the rows one by one into its "rows" array.
    std::string head = serialize_json(summary_json());
    head.pop_back(); // the closing brace
    out << head << ",\"rows\":[";
    auto cursor = state_->open_rows();
    ReportRow row;
    bool first = true;
    while (state_->read_row(*cursor, row)) {
        out << (first ? "\n" : ",\n") << boost::json::serialize(row_json(row));
        first = false;
    }
    out << "]}\n";
}

void Report::write_html(std::ostream& out) {
    State& s = *state_;
    const auto& top = groups();
    std::string html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                       "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                       "style-src 'unsafe-inline'\"><title>";
    append_escaped(html, title());
    html += "</title><style>" + std::string(page_style) + "</style></head><body>\n<h1>";
    append_escaped(html, title());
    html += "</h1>\n<p class=\"filters\">";
    append_escaped(html, s.description);
    html +=
        "</p>\n<p class=\"summary\">" + std::to_string(s.total) + " " + escaped(s.plan.noun_plural);
    for (std::size_t i = 0; i < s.group_fields.size(); ++i)
        html += (i ? " and " : ", grouped by ") + escaped(s.group_fields[i].heading);
    if (s.plan.rows.limit >= 0 || s.plan.rows.offset > 0) {
        html += "; rows from " + std::to_string(s.plan.rows.offset + 1);
        if (s.plan.rows.limit >= 0) html += ", at most " + std::to_string(s.plan.rows.limit);
        html += " shown";
    }
    const std::string now = Timestamp::now().to_string(); // "2026-11-27T09:30:00Z"
    html += ". Generated " + now.substr(0, 10) + " " + now.substr(11, 5) + " UTC.</p>\n";
    if (!top.empty() && s.plan.chart != ReportChart::none) {
        std::string caption = s.plan.noun_plural + " per " + s.group_fields[0].heading;
        caption[0] = char(std::toupper(static_cast<unsigned char>(caption[0])));
        const bool stacked = s.plan.chart == ReportChart::stacked_bars;
        if (stacked) caption += " and " + s.group_fields[1].heading;
        const char* kind = s.plan.chart == ReportChart::pie      ? "pie chart"
                           : s.plan.chart == ReportChart::donut  ? "donut chart"
                           : s.plan.chart == ReportChart::column ? "column chart"
                           : s.plan.chart == ReportChart::line   ? "line chart"
                           : stacked                             ? "stacked bar chart"
                                                                 : "bar chart";
        const std::string description = chart_description(kind, top, caption);
        std::string svg;
        switch (s.plan.chart) {
        case ReportChart::pie:
        case ReportChart::donut:
            svg = pie_chart(top, caption, description, s.plan.chart == ReportChart::donut);
            break;
        case ReportChart::column:
        case ReportChart::line:
            svg = period_chart(top, caption, description, s.plan.chart == ReportChart::line);
            break;
        default: svg = bar_chart(top, caption, description, stacked);
        }
        html += "<figure>" + svg + "<figcaption>";
        append_escaped(html, caption);
        html += "</figcaption></figure>\n";
    }
    if (!s.total_fields.empty()) {
        html += "<table class=\"totals\"><caption>Totals</caption><thead><tr>";
        for (const auto& h : totals_headings(s))
            html += "<th scope=\"col\">" + escaped(h) + "</th>";
        html += "</tr></thead><tbody>\n";
        const std::size_t label_cells = std::max<std::size_t>(s.group_fields.size(), 1);
        totals_lines(s, top,
                     [&](const std::vector<std::string>& cells, std::size_t level, bool all) {
                         html += all ? "<tr class=\"all\">"
                                     : "<tr class=\"level" + std::to_string(level) + "\">";
                         for (std::size_t i = 0; i < cells.size(); ++i) {
                             if (i < label_cells) {
                                 html += "<th scope=\"row\">";
                                 append_escaped(html, cells[i]);
                                 html += "</th>";
                             } else {
                                 html += "<td>";
                                 append_escaped(html, cells[i]);
                                 html += "</td>";
                             }
                         }
                         html += "</tr>\n";
                     });
        html += "</tbody></table>\n";
    }
    html += "<table><thead><tr>";
    for (const auto& c : s.columns) html += "<th scope=\"col\">" + escaped(c.heading) + "</th>";
    html += "</tr></thead><tbody>\n";
    out << html;

    const std::string span = std::to_string(std::max<std::size_t>(s.columns.size(), 1));
    detail::GroupWalker walker(top, s.plan);
    auto cursor = s.open_rows();
    ReportRow row;
    while (s.read_row(*cursor, row)) {
        html.clear();
        for (const auto& h : walker.enter(row)) {
            html += "<tr class=\"group" + std::to_string(h.level) +
                    "\"><th scope=\"rowgroup\" colspan=\"" + span + "\">";
            append_escaped(html, s.group_fields[h.level].heading + ": " + h.label);
            if (h.count) html += "<span class=\"count\">" + std::to_string(*h.count) + "</span>";
            html += "</th></tr>\n";
        }
        html += "<tr>";
        for (const auto& text : row.texts) {
            html += "<td>";
            append_escaped(html, text);
            html += "</td>";
        }
        html += "</tr>\n";
        out.write(html.data(), std::streamsize(html.size()));
    }
    out << "</tbody></table>\n</body></html>\n";
}

void Report::write(std::string_view format, std::ostream& out) {
    if (format == "csv")
        write_csv(out);
    else if (format == "json")
        write_json(out);
    else if (format == "html")
        write_html(out);
    else
        fail(ErrorCode::validation,
             "unknown report format '" + std::string(format) + "' (use csv, json or html)");
    out.flush();
    if (!out) fail(ErrorCode::storage, "the report could not be written");
}

void Report::write(std::string_view format, const std::string& path) {
    // A bad format or a failing query leaves an existing file alone.
    detail::write_file_replacing(path, [&](std::ostream& out) {
        write(format, out);
        return true;
    });
}

} // namespace leadbook
