// Excel workbooks: import of .xlsx and .xls (cells as the sheet shows
// them, sheets by name, the CSV import's options), export to .xlsx, and
// the workbooks that are refused with nothing stored. Small workbooks are
// built here with libzip; contacts.xlsx and contacts.xls come from
// data/make_workbooks.py.
#include "formats/workbook_reader.hpp"
#include "import_test_support.hpp"

#include <leadbook/limits.hpp>

#include <zip.h>

#include <cstring>
#include <filesystem>
#include <sstream>

namespace leadbook::test {
namespace {

using Parts = std::vector<std::pair<std::string, std::string>>;

/// The bytes of a zip archive holding `parts` (deflated).
std::string zip_of(const Parts& parts) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* archive = zip_source_buffer_create(nullptr, 0, 0, &error);
    zip_source_keep(archive);
    zip_t* z = zip_open_from_source(archive, ZIP_TRUNCATE, &error);
    EXPECT_NE(z, nullptr);
    for (const auto& [name, text] : parts) {
        zip_source_t* s = zip_source_buffer(z, text.data(), text.size(), 0);
        EXPECT_GE(zip_file_add(z, name.c_str(), s, ZIP_FL_OVERWRITE), 0);
    }
    EXPECT_EQ(zip_close(z), 0);
    std::string bytes;
    EXPECT_EQ(zip_source_open(archive), 0);
    char buffer[4096];
    zip_int64_t n;
    while ((n = zip_source_read(archive, buffer, sizeof buffer)) > 0)
        bytes.append(buffer, std::size_t(n));
    zip_source_close(archive);
    zip_source_free(archive);
    zip_error_fini(&error);
    return bytes;
}

const std::string ns = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                       "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                       "relationships\"";
const std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

/// A workbook of sheets (name, the XML inside sheetData), with shared
/// strings and the cellXfs / numFmts of its styles.
Parts workbook_parts(const std::vector<std::pair<std::string, std::string>>& sheets,
                     const std::string& shared = "", const std::string& styles = "",
                     const std::string& workbook_pr = "<workbookPr/>") {
    Parts parts;
    parts.emplace_back("_rels/.rels",
                       "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
                       "relationships\"><Relationship Id=\"rId1\" Type=\"" +
                           rel + "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
    std::string list, rels;
    for (std::size_t i = 0; i < sheets.size(); ++i) {
        const std::string n = std::to_string(i + 1);
        list +=
            "<sheet name=\"" + sheets[i].first + "\" sheetId=\"" + n + "\" r:id=\"rId" + n + "\"/>";
        rels += "<Relationship Id=\"rId" + n + "\" Type=\"" + rel +
                "worksheet\" Target=\"worksheets/sheet" + n + ".xml\"/>";
        parts.emplace_back("xl/worksheets/sheet" + n + ".xml", "<worksheet " + ns + "><sheetData>" +
                                                                   sheets[i].second +
                                                                   "</sheetData></worksheet>");
    }
    rels += "<Relationship Id=\"rS\" Type=\"" + rel + "styles\" Target=\"styles.xml\"/>";
    rels +=
        "<Relationship Id=\"rT\" Type=\"" + rel + "sharedStrings\" Target=\"sharedStrings.xml\"/>";
    parts.emplace_back("xl/workbook.xml", "<workbook " + ns + ">" + workbook_pr + "<sheets>" +
                                              list + "</sheets></workbook>");
    parts.emplace_back("xl/_rels/workbook.xml.rels",
                       "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
                       "relationships\">" +
                           rels + "</Relationships>");
    parts.emplace_back("xl/sharedStrings.xml", "<sst " + ns + ">" + shared + "</sst>");
    parts.emplace_back("xl/styles.xml", "<styleSheet " + ns + ">" + styles + "</styleSheet>");
    return parts;
}

std::string inline_cell(const std::string& ref, const std::string& text) {
    return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + text + "</t></is></c>";
}

/// A one-sheet workbook "Leads": a Full Name / E-mail header, then `rows`.
std::string leads_workbook(const std::string& rows, const std::string& before_data = "") {
    auto parts = workbook_parts({{"Leads", "<row r=\"1\">" + inline_cell("A1", "Full Name") +
                                               inline_cell("B1", "E-mail") + "</row>" + rows}});
    if (!before_data.empty()) {
        auto& sheet = parts[1].second; // xl/worksheets/sheet1.xml
        sheet.insert(sheet.find("<sheetData>"), before_data);
    }
    return zip_of(parts);
}

std::string lead_row(int r, const std::string& name, const std::string& email) {
    const std::string n = std::to_string(r);
    return "<row r=\"" + n + "\">" + inline_cell("A" + n, name) + inline_cell("B" + n, email) +
           "</row>";
}

ImportReport import_bytes(LeadBook& book, const std::string& bytes,
                          const ImportOptions& options = {}) {
    std::istringstream in(bytes);
    return import_workbook(book, in, options);
}

/// Every row the reader gives, as "line: a|b|c".
std::vector<std::string> rows_of(const std::string& bytes, const std::string& sheet = "") {
    auto reader = formats::open_workbook(bytes, sheet);
    std::vector<std::string> out;
    formats::CsvRecord row;
    while (reader->next(row)) {
        std::string text = std::to_string(row.line) + ":";
        for (std::size_t i = 0; i < row.cells.size(); ++i) text += (i ? "|" : " ") + row.cells[i];
        out.push_back(text);
    }
    return out;
}

/// The import of `bytes` into a book with one lead is refused with a reason
/// containing `reason`, and the book is as it was.
void expect_refused(const std::string& bytes, const std::string& reason,
                    const ImportOptions& options = {}) {
    auto book = book_with_one_lead();
    const std::string before = snapshot(book);
    const ImportIssue issue = import_error([&] { import_bytes(book, bytes, options); });
    EXPECT_NE(issue.reason.find(reason), std::string::npos) << issue.reason;
    EXPECT_EQ(snapshot(book), before);
}

TEST(Workbook, CellsAsTheSheetShowsThem) {
    const std::string styles =
        "<numFmts count=\"3\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/>"
        "<numFmt numFmtId=\"165\" formatCode=\"#,##0.000\"/>"
        "<numFmt numFmtId=\"166\" formatCode=\"[$-409]h:mm AM/PM\"/></numFmts>"
        "<cellXfs count=\"8\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/>"
        "<xf numFmtId=\"22\"/><xf numFmtId=\"10\"/><xf numFmtId=\"2\"/><xf numFmtId=\"166\"/>"
        "<xf numFmtId=\"49\"/></cellXfs>";
    const std::string shared = "<si><t>plain</t></si>"
                               "<si><r><t>rich </t></r><r><t>text</t></r>"
                               "<rPh sb=\"0\" eb=\"1\"><t>reading</t></rPh></si>";
    const std::string sheet =
        "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>0</v></c><c r=\"B2\" t=\"s\"><v>1</v></c>"
        "<c r=\"D2\" t=\"inlineStr\"><is><t>inline</t></is></c></row>"
        "<row r=\"3\"><c r=\"A3\"><v>0.30000000000000004</v></c><c r=\"B3\"><v>4155550100</v></c>"
        "<c r=\"C3\" s=\"1\"><v>46353</v></c><c r=\"D3\" s=\"2\"><v>1234567.5</v></c>"
        "<c r=\"E3\" s=\"3\"><v>46353.5</v></c><c r=\"F3\" s=\"4\"><v>0.125</v></c>"
        "<c r=\"G3\" s=\"5\"><v>2.5</v></c><c r=\"H3\" s=\"6\"><v>0.75</v></c>"
        "<c r=\"I3\" s=\"7\"><v>12</v></c></row>"
        "<row r=\"4\"><c r=\"A4\" t=\"b\"><v>1</v></c><c r=\"B4\" t=\"str\"><f>A1</f>"
        "<v>formula text</v></c><c r=\"C4\" t=\"e\"><v>#N/A</v></c><c t=\"n\"><v>7</v></c></row>"
        "<row r=\"9\"/>";
    EXPECT_EQ(rows_of(zip_of(workbook_parts({{"S", sheet}}, shared, styles))),
              (std::vector<std::string>{
                  "2: plain|rich text||inline",
                  "3: 0.3|4155550100|2026-11-27|1,234,567.500|2026-11-27 12:00:00|12.50%|2.50|"
                  "18:00:00|12",
                  "4: TRUE|formula text|#N/A|7"}));
    // The 1904 date system counts from 1904-01-01.
    EXPECT_EQ(rows_of(zip_of(workbook_parts({{"S", "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>0</v>"
                                                   "</c></row>"}},
                                            "", styles, "<workbookPr date1904=\"1\"/>"))),
              std::vector<std::string>{"1: 1904-01-01"});
    EXPECT_EQ(formats::workbook_date(1, false, true, false), "1900-01-01");
    EXPECT_EQ(formats::workbook_date(61, false, true, false), "1900-03-01");
    EXPECT_EQ(formats::workbook_date(45658.25, false, true, true), "2025-01-01 06:00:00");
}

TEST(Workbook, ImportsXlsxLikeCsv) {
    auto book = LeadBook::open(":memory:");
    ImportOptions options;
    options.unmapped_to_custom = true;
    const auto report = import_workbook_file(book, data_file("contacts.xlsx"), options);
    EXPECT_TRUE(report.committed);
    EXPECT_EQ(report.format, "xlsx");
    EXPECT_EQ(report.sheet, "Contacts");
    EXPECT_EQ(report.preset, "outlook");
    EXPECT_EQ(report.read, 2);
    EXPECT_EQ(report.added, 2);
    EXPECT_TRUE(report.errors.empty());
    const auto leads = all_leads(book);
    ASSERT_EQ(leads.size(), 2u);
    EXPECT_EQ(leads[0].full_name, "Ada Lovelace");
    EXPECT_EQ(leads[0].company, "Analytical Engines");
    ASSERT_EQ(leads[0].emails.size(), 1u);
    EXPECT_EQ(leads[0].emails[0].address, "ada@engines.example");
    ASSERT_EQ(leads[0].phones.size(), 1u);
    EXPECT_EQ(leads[0].phones[0].number, "4155550100");
    EXPECT_EQ(serialize_json(to_json(leads[0].custom)), R"({"Met On":"2026-11-27"})");
    EXPECT_EQ(leads[1].full_name, "Grace Hopper");

    // Again: every row is a duplicate (on its e-mail) and skipped.
    const auto again = import_workbook_file(book, data_file("contacts.xlsx"));
    EXPECT_EQ(again.skipped, 2);
    EXPECT_EQ(again.added, 0);
    EXPECT_EQ(all_leads(book).size(), 2u);
}

TEST(Workbook, NamedSheetAndDryRun) {
    auto book = LeadBook::open(":memory:");
    ImportOptions options;
    options.sheet = "Other leads";
    options.dry_run = true;
    auto report = import_workbook_file(book, data_file("contacts.xlsx"), options);
    EXPECT_EQ(report.sheet, "Other leads");
    EXPECT_EQ(report.added, 1);
    EXPECT_FALSE(report.committed);
    EXPECT_TRUE(all_leads(book).empty());
    options.dry_run = false;
    report = import_workbook_file(book, data_file("contacts.xlsx"), options);
    ASSERT_EQ(all_leads(book).size(), 1u);
    EXPECT_EQ(all_leads(book)[0].full_name, "Second Sheet");
}

TEST(Workbook, ImportsXls) {
    auto book = LeadBook::open(":memory:");
    ImportOptions options;
    options.unmapped_to_custom = true;
    const auto report = import_workbook_file(book, data_file("contacts.xls"), options);
    EXPECT_TRUE(report.committed);
    EXPECT_EQ(report.format, "xls");
    EXPECT_EQ(report.sheet, "Contacts");
    EXPECT_EQ(report.added, 2);
    const auto leads = all_leads(book);
    ASSERT_EQ(leads.size(), 2u);
    EXPECT_EQ(leads[0].full_name, "Ada Lovelace");
    ASSERT_EQ(leads[0].phones.size(), 1u);
    EXPECT_EQ(leads[0].phones[0].number, "4155550100");
    EXPECT_EQ(serialize_json(to_json(leads[0].custom)), R"({"Met On":"2026-11-27"})");
    EXPECT_EQ(leads[1].emails.at(0).address, "grace@navy.example");
}

TEST(Workbook, BadRowsAsInCsv) {
    auto book = book_with_one_lead();
    const std::string before = snapshot(book);
    const std::string bytes = leads_workbook(
        lead_row(2, "Good Row", "good@row.example") + lead_row(3, "Bad Row", "not-an-address") +
        "<row r=\"4\">" + inline_cell("A4", "Too Wide") + inline_cell("D4", "x") + "</row>");
    auto report = import_bytes(book, bytes);
    EXPECT_FALSE(report.committed);
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].line, 3);
    EXPECT_EQ(report.errors[0].column, 2);
    EXPECT_EQ(report.errors[0].column_name, "E-mail");
    EXPECT_EQ(snapshot(book), before);

    ImportOptions skip;
    skip.skip_bad_rows = true;
    report = import_bytes(book, bytes, skip);
    EXPECT_TRUE(report.committed);
    EXPECT_EQ(report.added, 1);
    ASSERT_EQ(report.errors.size(), 2u);
    EXPECT_EQ(report.errors[1].line, 4);
    EXPECT_NE(report.errors[1].reason.find("past the header's last column"), std::string::npos)
        << report.errors[1].reason;
}

TEST(Workbook, CorruptWorkbookIsRefused) {
    expect_refused("PK\x03\x04 this is not really a zip archive", "the workbook is corrupt");
    std::string truncated = leads_workbook(lead_row(2, "A B", "a@b.example"));
    truncated.resize(truncated.size() / 2);
    expect_refused(truncated, "the workbook is corrupt");
    // A zip without the parts of a workbook.
    expect_refused(zip_of({{"hello.txt", "hi"}}), "has no part 'xl/workbook.xml'");
    // Well-formed zip, broken XML.
    auto parts = workbook_parts({{"Leads", "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>x"}});
    expect_refused(zip_of(parts), "is not well-formed XML");
    expect_refused("Full Name,E-mail\r\n", "not an Excel workbook");
    expect_refused("", "the file is empty");
}

TEST(Workbook, PasswordProtectedWorkbookIsRefused) {
    // An encrypted .xlsx is an OLE compound file holding EncryptionInfo and
    // EncryptedPackage streams (named in UTF-16) instead of a zip.
    std::string bytes("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
    bytes.resize(512, '\0');
    for (char c : std::string("EncryptedPackage")) {
        bytes += c;
        bytes += '\0';
    }
    bytes.resize(2048, '\0');
    expect_refused(bytes, "password-protected");
}

TEST(Workbook, MissingSheetIsRefused) {
    ImportOptions options;
    options.sheet = "Leeds";
    auto book = book_with_one_lead();
    const std::string before = snapshot(book);
    const ImportIssue issue =
        import_error([&] { import_workbook_file(book, data_file("contacts.xlsx"), options); });
    EXPECT_EQ(issue.reason,
              "the workbook has no sheet named 'Leeds' (its sheets: 'Contacts', 'Other leads')");
    EXPECT_EQ(snapshot(book), before);
    const ImportIssue xls =
        import_error([&] { import_workbook_file(book, data_file("contacts.xls"), options); });
    EXPECT_EQ(xls.reason,
              "the workbook has no sheet named 'Leeds' (its sheets: 'Contacts', 'Other leads')");
    EXPECT_EQ(snapshot(book), before);
}

TEST(Workbook, EntityExpansionIsRefused) {
    // A "billion laughs": ten levels of ten entities each.
    std::string doctype = "<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY l0 \"ha\">";
    for (int i = 1; i < 10; ++i) {
        doctype += "<!ENTITY l" + std::to_string(i) + " \"";
        for (int j = 0; j < 10; ++j) doctype += "&l" + std::to_string(i - 1) + ";";
        doctype += "\">";
    }
    doctype += "]>";
    auto parts = workbook_parts(
        {{"Leads", lead_row(1, "Full Name", "E-mail") + lead_row(2, "&l9;", "a@b.example")}});
    parts[1].second = doctype + parts[1].second; // the sheet
    expect_refused(zip_of(parts), "declares a document type");
    // In the shared strings too.
    parts = workbook_parts({{"Leads", lead_row(1, "Full Name", "E-mail")}});
    parts[4].second = doctype + parts[4].second; // xl/sharedStrings.xml
    ASSERT_EQ(parts[4].first, "xl/sharedStrings.xml");
    expect_refused(zip_of(parts), "declares a document type");
}

TEST(Workbook, ZipEntryClaimingGigabytesIsRefusedBeforeReading) {
    std::string bytes = leads_workbook(lead_row(2, "A B", "a@b.example"));
    // Claim 3 GiB uncompressed for the sheet, in its central directory
    // entry (offset 24 from "PK\1\2") and local header (offset 22 from
    // "PK\3\4"): little-endian 0xC0000000.
    const std::string name = "xl/worksheets/sheet1.xml";
    auto claim = [&](const char* signature, std::size_t size_at, std::size_t name_at) {
        for (std::size_t at = bytes.find(signature); at != std::string::npos;
             at = bytes.find(signature, at + 4))
            if (bytes.compare(at + name_at, name.size(), name) == 0)
                std::memcpy(bytes.data() + at + size_at, "\0\0\0\xC0", 4);
    };
    claim("PK\x01\x02", 24, 46);
    claim("PK\x03\x04", 22, 30);
    expect_refused(bytes, "'xl/worksheets/sheet1.xml' claims 3221225472 bytes uncompressed; the "
                          "limit (workbook_entry_bytes) is 536870912 bytes");
}

TEST(Workbook, SheetOfAMillionRowsIsRefusedBeforeReading) {
    // A full Excel sheet declares A1:B1048576; its rows are never read.
    expect_refused(
        leads_workbook(lead_row(2, "A B", "a@b.example"), "<dimension ref=\"A1:B1048576\"/>"),
        "the sheet 'Leads' has 1048576 rows; the limit (workbook_rows) is 1000000");
    // A sheet that does not declare them: refused at the row past the limit.
    expect_refused(
        leads_workbook(lead_row(2, "A B", "a@b.example") + lead_row(1048576, "C D", "c@d.example")),
        "the sheet 'Leads' has 1048576 rows");
}

TEST(Workbook, ExportRoundTrip) {
    auto book = LeadBook::open(":memory:");
    Lead lead;
    lead.full_name = "Ada Lovelace";
    lead.company = "Analytical Engines";
    lead.emails = {{"work", "ada@engines.example"}};
    lead.phones = {{"work", "+44 20 7946 0000"}};
    lead.job_title = "=SUM(A1)"; // text in a workbook: no formula guard needed
    book.leads().add(lead);
    const auto dir = std::filesystem::path(::testing::TempDir()) / "workbook-export";
    std::filesystem::create_directories(dir);
    const std::string path = (dir / "leads.xlsx").string();
    EXPECT_EQ(export_xlsx_file(book, path), 1);

    auto other = LeadBook::open(":memory:");
    const auto report = import_workbook_file(other, path);
    EXPECT_EQ(report.preset, "outlook");
    EXPECT_EQ(report.added, 1);
    const auto back = all_leads(other);
    ASSERT_EQ(back.size(), 1u);
    EXPECT_EQ(back[0].full_name, "Ada Lovelace");
    EXPECT_EQ(back[0].company, "Analytical Engines");
    EXPECT_EQ(back[0].job_title, "=SUM(A1)");
    ASSERT_EQ(back[0].emails.size(), 1u);
    EXPECT_EQ(back[0].emails[0].address, "ada@engines.example");
    ASSERT_EQ(back[0].phones.size(), 1u);
    EXPECT_EQ(back[0].phones[0].number, "+44 20 7946 0000");
    std::filesystem::remove_all(dir);
}

} // namespace
} // namespace leadbook::test
