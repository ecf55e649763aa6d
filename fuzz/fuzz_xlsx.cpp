// The workbook reader on any bytes: as a whole file (the zip layer and
// what it holds), and as the XML of a sheet inside a well-formed workbook
// (the XML layer, cells, number formats and dates). No crash, no hang;
// rows in increasing order with at most 16,384 UTF-8 cells; every refusal
// an ImportError. (.xls files go to Debian's FreeXL, which is not fuzzed
// here: inputs that start as an OLE container are skipped.)
#include "fuzz_check.hpp"
#include "formats/workbook_reader.hpp"

#include <zip.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

using namespace leadbook::formats;

namespace {

std::string zip_of(const std::vector<std::pair<std::string, std::string>>& parts) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* archive = zip_source_buffer_create(nullptr, 0, 0, &error);
    zip_source_keep(archive);
    zip_t* z = zip_open_from_source(archive, ZIP_TRUNCATE, &error);
    FUZZ_CHECK(z != nullptr);
    for (const auto& [name, text] : parts) {
        zip_source_t* s = zip_source_buffer(z, text.data(), text.size(), 0);
        zip_int64_t index = zip_file_add(z, name.c_str(), s, ZIP_FL_OVERWRITE);
        FUZZ_CHECK(index >= 0);
        zip_set_file_compression(z, zip_uint64_t(index), ZIP_CM_STORE, 0);
    }
    FUZZ_CHECK(zip_close(z) == 0);
    std::string bytes;
    FUZZ_CHECK(zip_source_open(archive) == 0);
    char buffer[4096];
    zip_int64_t n;
    while ((n = zip_source_read(archive, buffer, sizeof buffer)) > 0)
        bytes.append(buffer, std::size_t(n));
    zip_source_close(archive);
    zip_source_free(archive);
    zip_error_fini(&error);
    return bytes;
}

/// A workbook whose one sheet's XML is `sheet`.
std::string workbook_with_sheet(std::string sheet) {
    const std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
    return zip_of({
        {"_rels/.rels", "<Relationships><Relationship Id=\"r\" Type=\"" + rel +
                            "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"},
        {"xl/workbook.xml", "<workbook><workbookPr/><sheets><sheet name=\"S\" r:id=\"r1\" "
                            "xmlns:r=\"x\"/></sheets></workbook>"},
        {"xl/_rels/workbook.xml.rels",
         "<Relationships><Relationship Id=\"r1\" Type=\"" + rel +
             "worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"r2\" Type=\"" + rel +
             "styles\" Target=\"styles.xml\"/><Relationship Id=\"r3\" Type=\"" + rel +
             "sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>"},
        {"xl/worksheets/sheet1.xml", std::move(sheet)},
        {"xl/sharedStrings.xml", "<sst><si><t>a</t></si><si><r><t>b</t></r><r><t>c</t></r>"
                                 "</si><si><t>\xC3\xA9</t></si></sst>"},
        {"xl/styles.xml",
         "<styleSheet><numFmts><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy hh:mm\"/>"
         "<numFmt numFmtId=\"165\" formatCode=\"#,##0.0000;[Red]-#,##0\"/>"
         "<numFmt numFmtId=\"166\" formatCode=\"0.00E+00\"/></numFmts><cellXfs><xf numFmtId=\"0\"/>"
         "<xf numFmtId=\"164\"/><xf numFmtId=\"165\"/><xf numFmtId=\"166\"/><xf numFmtId=\"10\"/>"
         "<xf numFmtId=\"14\"/><xf numFmtId=\"21\"/></cellXfs></styleSheet>"},
    });
}

void read_all(std::string bytes) {
    try {
        auto reader = open_workbook(std::move(bytes));
        FUZZ_CHECK(reader->format() == "xlsx");
        CsvRecord row;
        std::int64_t last = 0;
        int rows = 0;
        while (rows < 100000) {
            try {
                if (!reader->next(row)) break;
            } catch (const WorkbookError&) {
                throw;
            } catch (const leadbook::ImportError& e) {
                FUZZ_CHECK(e.issue().line > last);
                last = e.issue().line;
                continue;
            }
            ++rows;
            FUZZ_CHECK(row.line > last);
            last = row.line;
            FUZZ_CHECK(!row.cells.empty() && row.cells.size() <= 16384);
            for (const auto& cell : row.cells) FUZZ_CHECK(utf8(cell));
        }
    } catch (const leadbook::ImportError& e) {
        FUZZ_CHECK(!e.issue().reason.empty());
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    if (bytes.rfind("\xD0\xCF\x11\xE0", 0) != 0) read_all(bytes);
    read_all(workbook_with_sheet(bytes));
    return 0;
}
