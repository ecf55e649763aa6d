// The streaming CSV reader: syntax, line numbers, delimiters, encodings.
#include "formats/csv_reader.hpp"
#include "import_test_support.hpp"

using namespace leadbook;
using namespace leadbook::formats;
using leadbook::test::data_bytes;

namespace {

std::vector<CsvRecord> read_all(const std::string& bytes, CsvOptions options = {}) {
    MemoryByteSource source(bytes);
    CsvReader reader(source, options);
    std::vector<CsvRecord> out;
    CsvRecord record;
    while (reader.next(record)) out.push_back(record);
    return out;
}

std::vector<std::string> cells(std::initializer_list<const char*> list) {
    return std::vector<std::string>(list.begin(), list.end());
}

} // namespace

TEST(CsvReader, QuotedCellsWithDelimitersQuotesAndLineBreaks) {
    auto records =
        read_all("name,notes\r\n\"Doe, Jane\",\"said \"\"hi\"\"\r\nand left\"\r\nx,\r\n");
    ASSERT_EQ(records.size(), 3u);
    EXPECT_EQ(records[0].cells, cells({"name", "notes"}));
    EXPECT_EQ(records[1].cells, cells({"Doe, Jane", "said \"hi\"\nand left"}));
    EXPECT_EQ(records[1].line, 2);
    EXPECT_EQ(records[2].cells, cells({"x", ""}));
    EXPECT_EQ(records[2].line, 4); // the quoted line break counted
}

TEST(CsvReader, LineEndsLfCrlfAndCrAndBlankLines) {
    auto records = read_all("a,b\n1,2\r\n\r\n3,4\r5,6");
    ASSERT_EQ(records.size(), 4u);
    EXPECT_EQ(records[1].cells, cells({"1", "2"}));
    EXPECT_EQ(records[2].cells, cells({"3", "4"}));
    EXPECT_EQ(records[2].line, 4);
    EXPECT_EQ(records[3].cells, cells({"5", "6"}));
    EXPECT_EQ(records[3].line, 5);
}

TEST(CsvReader, StrayQuotesAreTextAsExcelReadsThem) {
    auto records = read_all("a,b\n5\" pipe,\"closed\"tail\n");
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records[1].cells, cells({"5\" pipe", "closedtail"}));
}

TEST(CsvReader, DetectsTheDelimiter) {
    MemoryByteSource semicolons("Vorname;Nachname;Notiz\n\"a;b\";c;d,e\n");
    CsvReader reader(semicolons);
    CsvRecord record;
    ASSERT_TRUE(reader.next(record));
    EXPECT_EQ(reader.delimiter(), ';');
    ASSERT_TRUE(reader.next(record));
    EXPECT_EQ(record.cells, cells({"a;b", "c", "d,e"}));

    auto tabs = read_all("a\tb\tc\n1\t2,5\t3\n");
    EXPECT_EQ(tabs[1].cells, cells({"1", "2,5", "3"}));
    // A comma inside quotes does not count.
    auto quoted = read_all("\"a,b,c\";d\n");
    EXPECT_EQ(quoted[0].cells, cells({"a,b,c", "d"}));
}

TEST(CsvReader, Utf16LittleEndianWithBomFromExcelUnicodeText) {
    const std::string bytes = data_bytes("unicode_text_utf16le.txt");
    MemoryByteSource source(bytes);
    CsvReader reader(source);
    CsvRecord record;
    ASSERT_TRUE(reader.next(record));
    EXPECT_EQ(reader.encoding(), "utf-16le");
    EXPECT_EQ(reader.delimiter(), '\t');
    ASSERT_TRUE(reader.next(record));
    EXPECT_EQ(record.cells, cells({"Chloé Dubois", "École 😀", "chloe@example.fr"}));
    ASSERT_TRUE(reader.next(record));
    EXPECT_EQ(record.cells[0], "李小龍");
}

TEST(CsvReader, Utf16BigEndianUtf8BomAndWindows1252) {
    auto be = read_all(data_bytes("utf16be_bom.csv"));
    ASSERT_EQ(be.size(), 2u);
    EXPECT_EQ(be[1].cells, cells({"Søren Kierkegaard", "soren@example.dk"}));

    auto bom = read_all(data_bytes("utf8_bom.csv"));
    EXPECT_EQ(bom[0].cells[0], "full_name"); // the BOM is not part of the first cell
    EXPECT_EQ(bom[1].cells[0], "Åsa Öberg");

    const std::string bytes = data_bytes("windows1252_e_acute.csv");
    MemoryByteSource source(bytes); // é is the byte 0xE9
    CsvReader reader(source);
    CsvRecord record;
    reader.next(record);
    reader.next(record);
    EXPECT_EQ(reader.encoding(), "windows-1252");
    EXPECT_EQ(record.cells, cells({"José Martínez", "Café €uro"}));
}

TEST(CsvReader, MultiByteCharactersSplitAcrossChunks) {
    // Chunks of 16 bytes cut UTF-8 and UTF-16 sequences in the middle.
    CsvOptions small;
    small.chunk_bytes = 16;
    std::string text = "name,city\nJürgen Müller,Köln 😀 Zürich\nΑθηνά,Москва\n";
    auto records = read_all(text, small);
    ASSERT_EQ(records.size(), 3u);
    EXPECT_EQ(records[1].cells, cells({"Jürgen Müller", "Köln 😀 Zürich"}));
    EXPECT_EQ(records[2].cells, cells({"Αθηνά", "Москва"}));

    auto utf16 = read_all(data_bytes("unicode_text_utf16le.txt"), small);
    ASSERT_EQ(utf16.size(), 3u);
    EXPECT_EQ(utf16[1].cells[1], "École 😀");
}

TEST(CsvReader, InvalidBytesNameLineAndCellAndReadingGoesOn) {
    const std::string bytes = data_bytes("invalid_utf8.csv");
    MemoryByteSource source(bytes);
    CsvReader reader(source);
    CsvRecord record;
    ASSERT_TRUE(reader.next(record));
    ASSERT_TRUE(reader.next(record));
    EXPECT_EQ(record.cells[0], "Zoë Smith");
    try {
        reader.next(record);
        FAIL() << "expected an error";
    } catch (const ImportError& e) {
        EXPECT_EQ(e.issue().line, 3);
        EXPECT_EQ(e.issue().column, 2);
        EXPECT_NE(e.issue().reason.find("0xC3 is not valid UTF-8"), std::string::npos);
    }
    EXPECT_EQ(reader.encoding(), "utf-8");
    EXPECT_FALSE(reader.next(record));

    // Bytes that are no character in Windows-1252, and a NUL.
    static const char cp1252_bytes[] = "a,b\r\nx\x81y,z\r\nok,\0\r\nlast,row\r\n";
    MemoryByteSource undefined(std::string_view(cp1252_bytes, sizeof cp1252_bytes - 1));
    CsvReader cp1252(undefined, CsvOptions{0, "windows-1252"});
    cp1252.next(record);
    try {
        cp1252.next(record);
        FAIL();
    } catch (const ImportError& e) {
        EXPECT_EQ(e.issue().line, 2);
        EXPECT_EQ(e.issue().column, 1);
        EXPECT_NE(e.issue().reason.find("0x81"), std::string::npos);
    }
    try {
        cp1252.next(record);
        FAIL();
    } catch (const ImportError& e) {
        EXPECT_EQ(e.issue().line, 3);
        EXPECT_EQ(e.issue().column, 2);
        EXPECT_NE(e.issue().reason.find("NUL"), std::string::npos);
    }
    ASSERT_TRUE(cp1252.next(record));
    EXPECT_EQ(record.cells, cells({"last", "row"}));
}

TEST(CsvReader, UnpairedUtf16SurrogateAndOddLength) {
    std::string bytes = "\xFF\xFE";
    for (char c : std::string("a,b\n")) bytes += std::string{c, '\0'};
    bytes += std::string("\x00\xD8,\x00x\x00\n\x00", 8); // a lone high surrogate, then ",x"
    bytes += "y";                                        // one byte too many
    MemoryByteSource source(bytes);
    CsvReader reader(source);
    CsvRecord record;
    reader.next(record);
    try {
        reader.next(record);
        FAIL();
    } catch (const ImportError& e) {
        EXPECT_EQ(e.issue().line, 2);
        EXPECT_NE(e.issue().reason.find("surrogate"), std::string::npos);
    }
    try {
        reader.next(record);
        FAIL();
    } catch (const ImportError& e) {
        EXPECT_NE(e.issue().reason.find("ends inside a character of utf-16le"), std::string::npos);
    }
}

TEST(CsvReader, UnterminatedQuoteNamesTheLineItOpened) {
    const std::string bytes = data_bytes("unterminated_quote.csv");
    MemoryByteSource source(bytes);
    CsvReader reader(source);
    CsvRecord record;
    reader.next(record);
    reader.next(record);
    try {
        reader.next(record);
        FAIL();
    } catch (const ImportError& e) {
        EXPECT_EQ(e.issue().line, 3);
        EXPECT_EQ(e.issue().column, 2);
        EXPECT_NE(e.issue().reason.find("never closed"), std::string::npos);
    }
    EXPECT_FALSE(reader.next(record));
}

TEST(CsvReader, OverlongCellsAndRowsAreErrorsNotMemory) {
    CsvOptions limits;
    limits.max_cell_bytes = 10;
    limits.max_cells = 3;
    MemoryByteSource source("a,b\n12345678901,x\n1,2,3,4,5\nok,fine\n");
    CsvReader reader(source, limits);
    CsvRecord record;
    reader.next(record);
    EXPECT_THROW(reader.next(record), ImportError);
    try {
        reader.next(record);
        FAIL();
    } catch (const ImportError& e) {
        EXPECT_EQ(e.issue().line, 3);
        EXPECT_NE(e.issue().reason.find("more than 3 cells"), std::string::npos);
    }
    ASSERT_TRUE(reader.next(record));
    EXPECT_EQ(record.cells, cells({"ok", "fine"}));
}

TEST(CsvReader, EmptyInputHasNoRecords) {
    EXPECT_TRUE(read_all("").empty());
    EXPECT_TRUE(read_all("\r\n\n").empty());
    EXPECT_TRUE(read_all("\xEF\xBB\xBF").empty());
}

TEST(CsvReader, EncodingIsDecidedByTheFirstChunkWithNonAsciiBytes) {
    // 100 KiB of ASCII rows first: the decision waits for the first accent.
    std::string ascii = "name,city\r\n";
    while (ascii.size() < 100 * 1024) ascii += "Plain Name,Springfield\r\n";
    const std::string cp1252 = ascii + "Jos\xE9,M\xFCnchen\r\n";
    auto records = read_all(cp1252);
    EXPECT_EQ(records.back().cells, cells({"José", "München"}));

    const std::string utf8 = ascii + "Jos\xC3\xA9,M\xC3\xBCnchen\r\n";
    EXPECT_EQ(read_all(utf8).back().cells, cells({"José", "München"}));

    // Once UTF-8, a later byte that is not UTF-8 is an error, not a reason
    // to read the file again as Windows-1252.
    const std::string damaged = utf8 + ascii.substr(11) + "Caf\xE9,x\r\n";
    MemoryByteSource source(damaged);
    CsvReader reader(source);
    CsvRecord record;
    std::int64_t errors = 0, last_line = 0;
    while (true) {
        try {
            if (!reader.next(record)) break;
            last_line = record.line;
        } catch (const ImportError& e) {
            ++errors;
            EXPECT_EQ(e.issue().column, 1);
            EXPECT_EQ(e.issue().reason, "byte 0xE9 is not valid UTF-8");
        }
    }
    EXPECT_EQ(errors, 1);
    EXPECT_EQ(reader.encoding(), "utf-8");
    EXPECT_GT(last_line, 8000);
}
