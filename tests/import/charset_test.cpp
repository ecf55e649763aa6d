// Character sets: every encoding iconv converts, named or detected, how sure
// detection was, bad names and bytes, and encoded words in mail headers.
#include "formats/csv_reader.hpp"
#include "formats/email_message.hpp"
#include "import_test_support.hpp"

using namespace leadbook;
using namespace leadbook::formats;
using namespace leadbook::test;

namespace {

// Polish names in Windows-1250, as Excel on a Polish Windows saves them.
const std::string polish_cp1250 = "full_name,company,city\r\nPawe\xB3 W\xF3jcik,Zak\xB3"
                                  "ad Us\xB3ug \xA3\xB9"
                                  "czno\x9C"
                                  "ci,\xA3\xF3"
                                  "d\x9F\r\nMa\xB3gorzata Szcz\xEAsna,Przedsi\xEA"
                                  "biorstwo Handlowe,Krak\xF3w\r\nGrzegorz Brz\xEA"
                                  "czyszczykiewicz,Sp\xF3\xB3ka Akcyjna,Gda\xF1sk\r\n";

// Japanese names and addresses in CP932 (Shift_JIS as Windows writes it,
// with an NEC circled digit).
const std::string japanese_cp932 =
    "full_name,company,address\r\n\x8ER\x93"
    "c\x91\xBE\x98Y,\x8A\x94\x8E\xAE\x89\xEF\x8E\xD0\x93\x8C\x8B\x9E\x8F\xA4\x8E\x96,"
    "\x93\x8C\x8B\x9E\x93s\x90\xE7\x91\xE3\x93"
    "c\x8B\xE6\x8A\xDB\x82\xCC\x93\xE0\x88\xEA\x92\x9A\x96\xDA\r\n\x8D\xB2\x93\xA1\x89\xD4\x8Eq,"
    "\x91\xE5\x8D\xE3\x8F\xA4\x8E\x96\x8A\x94\x8E\xAE\x89\xEF\x8E\xD0,\x91\xE5\x8D\xE3\x95{"
    "\x91\xE5\x8D\xE3\x8Es\x96k\x8B\xE6\x94~\x93"
    "c\x93\xF1\x92\x9A\x96\xDA\r\n\x97\xE9\x96\xD8\x88\xEA\x98Y,"
    "\x96\xBC\x8C\xC3\x89\xAE\x95\xA8\x8EY,"
    "\x88\xA4\x92m\x8C\xA7\x96\xBC\x8C\xC3\x89\xAE\x8Es\x92\x86\x8B\xE6\x89h\x8EO\x92\x9A\x96\xDA\r"
    "\n\x87@\x94\xD4,\x8B\x9E\x93s\x8F\xA4\x93X,\x8B\x9E\x93s\x95{\x8B\x9E\x93s\x8Es\r\n";

// A row with half-width katakana ("ｶﾀｶﾅ商店"), which statistics on bytes may
// not tell from a single-byte set.
const std::string half_width_row = "\x93"
                                   "c\x92\x86,\xB6\xC0\xB6\xC5\x8F\xA4\x93X,\x8B\x9E\x93s\x95{\r\n";

std::vector<std::string> names(LeadBook& book) {
    std::vector<std::string> out;
    for (const auto& lead : all_leads(book)) out.push_back(lead.full_name);
    return out;
}

} // namespace

TEST(Charsets, DetectsWindows1250AndCp932AndSaysHowSure) {
    auto book = LeadBook::open(":memory:");
    auto polish = import_text(book, polish_cp1250);
    EXPECT_EQ(polish.encoding, "windows-1250");
    EXPECT_EQ(polish.encoding_confidence, "high");
    EXPECT_TRUE(polish.warnings.empty());
    EXPECT_EQ(polish.added, 3);
    auto japanese = import_text(book, japanese_cp932);
    EXPECT_EQ(japanese.encoding, "cp932");
    EXPECT_EQ(japanese.encoding_confidence, "high");
    EXPECT_EQ(japanese.added, 4);
    EXPECT_EQ(names(book), (std::vector<std::string>{"Paweł Wójcik", "Małgorzata Szczęsna",
                                                     "Grzegorz Brzęczyszczykiewicz", "山田太郎",
                                                     "佐藤花子", "鈴木一郎", "①番"}));
    const auto leads = all_leads(book);
    EXPECT_EQ(leads[0].company, "Zakład Usług Łączności");
    EXPECT_EQ(leads[3].company, "株式会社東京商事");

    // ASCII, a byte order mark and valid UTF-8 leave no doubt.
    auto ascii = import_text(book, "full_name\nPlain Name\n");
    EXPECT_EQ(ascii.encoding, "utf-8");
    EXPECT_EQ(ascii.encoding_confidence, "certain");
    auto utf8 = import_text(book, "full_name\nZoë Ørsted\n");
    EXPECT_EQ(utf8.encoding_confidence, "certain");
}

TEST(Charsets, AnyEncodingIconvKnowsByName) {
    struct Case {
        const char* encoding;
        std::string bytes;
        const char* name;
    };
    const Case cases[] = {
        {"Windows-1250",
         "\xAF"
         "aneta",
         "Żaneta"},
        {"windows-1253", "\xC5\xEB\xDD\xED\xE7", "Ελένη"},
        {"ISO-8859-2",
         "\xAF"
         "aneta",
         "Żaneta"},
        {"KOI8-R", "\xE9\xD7\xC1\xCE \xF0\xC5\xD4\xD2\xCF\xD7", "Иван Петров"},
        {"shift_jis",
         "\x8ER\x93"
         "c\x91\xBE\x98Y",
         "山田太郎"},
        {"cp932", "\x87@\x94\xD4", "①番"},
        {"EUC-JP", "\xBB\xB3\xC5\xC4\xC2\xC0\xCF\xBA", "山田太郎"},
        {"gb18030", "\xD5\xC5\xCE\xB0", "张伟"},
        {"GBK", "\xD5\xC5\xCE\xB0", "张伟"},
        {"Big5", "\xB3\xAF\xA4j\xA4\xE5", "陳大文"},
        {"EUC-KR", "\xB1\xE8\xB9\xCE\xC1\xD8", "김민준"},
        {"utf-32le", std::string("J\0\0\0o\0\0\0\xEB\0\0\0", 12), "Joë"},
    };
    for (const auto& c : cases) {
        auto book = LeadBook::open(":memory:");
        std::string file = "full_name\r\n" + c.bytes + "\r\n";
        if (std::string_view(c.encoding).starts_with("utf-32")) {
            file.clear();
            for (char ch : std::string("full_name\n")) file += std::string{ch, 0, 0, 0};
            file += c.bytes + std::string("\n\0\0\0", 4);
        }
        auto report = import_text(book, file, ImportOptions{.encoding = c.encoding});
        EXPECT_EQ(report.encoding, ascii_lower(c.encoding));
        EXPECT_EQ(report.encoding_confidence, "certain") << c.encoding;
        EXPECT_EQ(report.added, 1) << c.encoding;
        EXPECT_EQ(names(book), std::vector<std::string>{c.name}) << c.encoding;
    }
}

TEST(Charsets, AGuessThatGivesControlCharactersIsAWarning) {
    // Whatever the statistics guess for this file, a guess that does not
    // give the names back must not pass as a sure one.
    auto book = LeadBook::open(":memory:");
    auto report = import_text(book, japanese_cp932 + half_width_row);
    if (report.encoding != "cp932") {
        EXPECT_EQ(report.encoding_confidence, "low");
        ASSERT_EQ(report.warnings.size(), 1u);
        EXPECT_NE(report.warnings[0].reason.find("control characters"), std::string::npos)
            << report.warnings[0].reason;
    }
    // Named, it is read right.
    auto named_book = LeadBook::open(":memory:");
    auto named = import_text(named_book, japanese_cp932 + half_width_row,
                             ImportOptions{.encoding = "cp932"});
    EXPECT_EQ(named.encoding_confidence, "certain");
    EXPECT_EQ(all_leads(named_book).back().company, "ｶﾀｶﾅ商店");
}

TEST(Charsets, AGuessFromFewBytesIsAWarningNotSilence) {
    auto book = LeadBook::open(":memory:");
    auto report = import_text(book, "full_name\r\n\xAF"
                                    "aneta Kowalczyk\r\n");
    EXPECT_EQ(report.encoding_confidence, "low");
    ASSERT_EQ(report.warnings.size(), 1u);
    EXPECT_EQ(report.warnings[0].line, 0);
    EXPECT_NE(report.warnings[0].reason.find("guessed as " + report.encoding + " from only 1"),
              std::string::npos)
        << report.warnings[0].reason;
    EXPECT_NE(report.warnings[0].message.find("naming the encoding"), std::string::npos);
    // Named, the same bytes are certain.
    auto named = import_text(book,
                             "full_name\r\n\xAF"
                             "aneta Nowak\r\n",
                             ImportOptions{.encoding = "windows-1250"});
    EXPECT_EQ(named.encoding_confidence, "certain");
    EXPECT_TRUE(named.warnings.empty());
    EXPECT_EQ(all_leads(book).back().full_name, "Żaneta Nowak");
}

TEST(Charsets, AnEncodingIconvDoesNotKnowIsNamedAndNothingIsStored) {
    auto book = book_with_one_lead();
    const auto before = snapshot(book);
    for (const char* name : {"x-no-such-set", "utf-8//IGNORE", "latin-7"})
        expect_error(ErrorCode::validation, std::string("encoding '") + name + "'", [&] {
            import_text(book, "full_name\nJane\n", ImportOptions{.encoding = name});
        });
    EXPECT_EQ(snapshot(book), before);
}

TEST(Charsets, BytesInvalidInTheNamedEncodingGiveLineAndColumn) {
    auto book = book_with_one_lead();
    const auto before = snapshot(book);
    // 0xFF starts no character in EUC-JP; 0x81 is none in Windows-1252.
    const std::string file = "full_name,company\r\nJane Roe,Acme\r\nJohn Doe,Bad\xFF"
                             "Byte\r\nAnn Lee,Fine\r\n";
    auto report = import_text(book, file, ImportOptions{.encoding = "euc-jp"});
    EXPECT_FALSE(report.committed);
    expect_one_issue(report, 3, 2, "company", "byte 0xFF is not a character in euc-jp");
    EXPECT_EQ(snapshot(book), before);

    report =
        import_text(book, "full_name\nOk\nx\x81y\n", ImportOptions{.encoding = "windows-1252"});
    EXPECT_FALSE(report.committed);
    expect_one_issue(report, 3, 1, "full_name", "byte 0x81 is not a character in windows-1252");
    EXPECT_EQ(snapshot(book), before);

    // Skipping bad rows imports the others.
    report = import_text(book, file, ImportOptions{.skip_bad_rows = true, .encoding = "euc-jp"});
    EXPECT_TRUE(report.committed);
    EXPECT_EQ(report.added, 2);
    EXPECT_EQ(report.skipped, 1);
}

TEST(Charsets, StatefulAndMultiByteSetsAcrossChunks) {
    // ISO-2022-JP switches sets with escape sequences; Shift_JIS pairs are
    // cut by 16-byte chunks.
    std::string iso2022 = "a,b\n\x1B$B;3ED\x42@O:\x1B(B,x\n\x1B$B;3ED\x42@O:;3ED\x42@O:\x1B(B,y\n";
    CsvOptions options;
    options.chunk_bytes = 16;
    options.encoding = "iso-2022-jp";
    MemoryByteSource source(iso2022);
    CsvReader reader(source, options);
    CsvRecord record;
    ASSERT_TRUE(reader.next(record));
    ASSERT_TRUE(reader.next(record));
    EXPECT_EQ(record.cells, (std::vector<std::string>{"山田太郎", "x"}));
    ASSERT_TRUE(reader.next(record));
    EXPECT_EQ(record.cells, (std::vector<std::string>{"山田太郎山田太郎", "y"}));
    EXPECT_FALSE(reader.next(record));

    options.encoding = "cp932";
    MemoryByteSource japanese(japanese_cp932);
    CsvReader cut(japanese, options);
    std::vector<std::string> first_cells;
    while (cut.next(record)) first_cells.push_back(record.cells[0]);
    EXPECT_EQ(first_cells,
              (std::vector<std::string>{"full_name", "山田太郎", "佐藤花子", "鈴木一郎", "①番"}));
}

TEST(Charsets, EncodedWordsInAnyCharsetIconvKnows) {
    EXPECT_EQ(decode_encoded_words("=?ISO-2022-JP?B?GyRCOzNFREJATzobKEI=?=", true), "山田太郎");
    EXPECT_EQ(decode_encoded_words("=?Shift_JIS?B?jlKTY5G+mFk=?=", true), "山田太郎");
    EXPECT_EQ(decode_encoded_words("=?GB2312?B?1cXOsA==?=", true), "张伟");
    EXPECT_EQ(decode_encoded_words("=?Big5?B?s6+kaqTl?=", true), "陳大文");
    auto m =
        parse_email_message("From: =?ISO-2022-JP?B?GyRCOzNFREJATzobKEI=?= <taro@example.jp>\r\n"
                            "Subject: =?Shift_JIS?B?jlKTY5G+mFk=?=\r\n\r\n");
    EXPECT_EQ(m.from_name, "山田太郎");
    EXPECT_EQ(m.subject, "山田太郎");
    expect_error(ErrorCode::validation, "not characters in big5",
                 [] { decode_encoded_words("=?Big5?Q?=FF=FF?=", true); });
}
