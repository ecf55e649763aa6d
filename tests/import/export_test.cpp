// Export: Outlook CSV with formula protection, JSON lines, vCard 4.0, and
// reading each back.
#include "import_test_support.hpp"

#include <leadbook/json.hpp>

#include <algorithm>
#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace leadbook;
using namespace leadbook::test;

namespace {

Lead rich_lead() {
    Lead lead;
    lead.full_name = "Ana Maria da Silva";
    lead.company = "Acme; \"Quotes\", Inc.";
    lead.job_title = "Head of Sales";
    lead.emails = {{"work", "ana@acme.example"}, {"home", "ana@home.example"}};
    lead.phones = {
        {"business", "+1 555 0100"}, {"mobile", "+1 555 0199"}, {"business fax", "+1 555 0101"}};
    lead.addresses = {
        {"business", "1 Main St\nSuite 5", "Springfield", "IL", "62701", "USA", false},
        {"home", "2 Elm St", "Shelbyville", "IL", "62565", "USA", false}};
    lead.web_pages = {{"business", "https://acme.example"}};
    lead.notes =
        "Line one, with comma; and semicolon\nLine two: a longer note that goes on and on so "
        "that the vCard line must be folded at seventy-five octets, naïvely.";
    lead.initiated_by = "Bob";
    return lead;
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find("\r\n", start);
        if (end == std::string::npos) end = text.size();
        out.push_back(text.substr(start, end - start));
        start = end + 2;
    }
    return out;
}

} // namespace

TEST(Export, CsvHasOutlooksColumnsBomAndCrlf) {
    auto book = LeadBook::open(":memory:");
    book.leads().add(rich_lead());
    std::ostringstream out;
    EXPECT_EQ(export_csv(book, out), 1);
    const std::string text = out.str();
    ASSERT_TRUE(text.starts_with("\xEF\xBB\xBF"
                                 "First Name,Middle Name,Last Name,Company,Job Title,"));
    auto rows = lines(text.substr(3));
    ASSERT_EQ(rows.size(), 2u); // header and lead; line breaks inside cells are LF, quoted
    EXPECT_TRUE(rows[1].starts_with(
        "Ana,Maria da,Silva,\"Acme; \"\"Quotes\"\", Inc.\",Head of Sales,\"1 Main St"));
    EXPECT_NE(text.find("ana@acme.example,ana@home.example"), std::string::npos);
}

TEST(Export, CsvCellsThatLookLikeFormulasAreDefused) {
    auto book = LeadBook::open(":memory:");
    Lead lead;
    lead.full_name = "Eve Hacker";
    lead.company = "=HYPERLINK(\"http://evil.example\",\"click\")";
    lead.job_title = "-2+3";
    lead.notes = "@SUM(A1:A9)";
    lead.initiated_by = "\tTabbed";
    lead.phones = {{"business", "+1 555 0100"}};
    lead.addresses = {{"home", "\rcarriage", "", "", "", "", false}};
    book.leads().add(lead);
    std::ostringstream out;
    export_csv(book, out);
    const std::string text = out.str();
    EXPECT_NE(text.find("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\""),
              std::string::npos);
    EXPECT_NE(text.find("\"'-2+3\""), std::string::npos);
    EXPECT_NE(text.find("\"'@SUM(A1:A9)\""), std::string::npos);
    EXPECT_NE(text.find("\"'\tTabbed\""), std::string::npos);
    EXPECT_NE(text.find("\"'+1 555 0100\""), std::string::npos);
    EXPECT_NE(text.find("\"'\rcarriage\""), std::string::npos);
    for (const std::string bad : {",=", ",-", ",@", ",+", ",\t"})
        EXPECT_EQ(text.find(bad), std::string::npos) << bad;

    // leadbook reads its own export back to the original values.
    auto other = LeadBook::open(":memory:");
    std::istringstream in(text);
    auto report = import_csv(other, in);
    ASSERT_EQ(report.added, 1);
    const Lead back = all_leads(other).at(0);
    EXPECT_EQ(back.company, lead.company);
    EXPECT_EQ(back.job_title, lead.job_title);
    EXPECT_EQ(back.notes, lead.notes);
    EXPECT_EQ(back.phones.at(0).number, "+1 555 0100");
}

TEST(Export, CsvReadsBackAsOutlookFormat) {
    auto book = LeadBook::open(":memory:");
    const Lead stored = book.leads().add(rich_lead());
    std::ostringstream out;
    export_csv(book, out);
    auto other = LeadBook::open(":memory:");
    std::istringstream in(out.str());
    auto report = import_csv(other, in);
    EXPECT_EQ(report.preset, "outlook");
    ASSERT_EQ(report.added, 1);
    const Lead back = all_leads(other).at(0);
    EXPECT_EQ(back.full_name, stored.full_name);
    EXPECT_EQ(back.company, stored.company);
    EXPECT_EQ(back.job_title, stored.job_title);
    EXPECT_EQ(back.notes, stored.notes);
    EXPECT_EQ(back.initiated_by, stored.initiated_by);
    ASSERT_EQ(back.emails.size(), 2u);
    EXPECT_EQ(back.emails[1].address, "ana@home.example");
    EXPECT_EQ(back.phones, (std::vector<Phone>{{"business fax", "+1 555 0101"},
                                               {"business", "+1 555 0100"},
                                               {"mobile", "+1 555 0199"}}));
    ASSERT_EQ(back.addresses.size(), 2u);
    EXPECT_EQ(back.addresses[0].street, "1 Main St\nSuite 5");
    EXPECT_EQ(back.addresses[1].label, "home");
    EXPECT_EQ(back.addresses[1].postal_code, "62565");
    EXPECT_EQ(back.web_pages, stored.web_pages);
}

TEST(Export, OneRecordASelectionOrAll) {
    auto book = LeadBook::open(":memory:");
    std::vector<Id> ids;
    for (int i = 0; i < 5; ++i)
        ids.push_back(book.leads().add(sample_lead("Lead " + std::to_string(i), i)).id);
    std::ostringstream one, some, all;
    EXPECT_EQ(export_jsonl(book, one, {.where = {{"id", FilterOp::eq, ids[2]}}}), 1);
    EXPECT_EQ(export_jsonl(book, some,
                           {.where = {{"id", FilterOp::in, boost::json::array{ids[0], ids[4]}}}}),
              2);
    EXPECT_EQ(export_jsonl(book, all), 5);
    auto first = from_json<Lead>(parse_json(one.str()));
    EXPECT_EQ(json_text(first), json_text(book.leads().get(ids[2]))); // every field
    std::istringstream in(all.str());
    std::string line;
    int count = 0;
    while (std::getline(in, line)) {
        EXPECT_NO_THROW(parse_json(line));
        ++count;
    }
    EXPECT_EQ(count, 5);
}

TEST(Export, VCardRoundTrip) {
    auto book = LeadBook::open(":memory:");
    Lead lead = rich_lead();
    lead.emails.push_back({"email 2", "third@acme.example"}); // a label vCard has no TYPE for
    const Lead stored = book.leads().add(lead);
    std::ostringstream out;
    EXPECT_EQ(export_vcard(book, out), 1);
    const std::string card = out.str();
    EXPECT_TRUE(card.starts_with("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ana Maria da Silva\r\n"));
    EXPECT_NE(card.find("N:Silva;Ana;Maria da;;\r\n"), std::string::npos);
    EXPECT_NE(card.find("ORG:Acme\\; \"Quotes\"\\, Inc.\r\n"), std::string::npos);
    EXPECT_NE(card.find("TEL;TYPE=cell:+1 555 0199\r\n"), std::string::npos);
    EXPECT_NE(card.find("TEL;TYPE=\"work,fax\":+1 555 0101\r\n"), std::string::npos);
    EXPECT_NE(card.find("EMAIL;X-LABEL=\"email 2\":third@acme.example"), std::string::npos);
    EXPECT_NE(card.find("EMAIL;TYPE=work;X-LABEL=work:ana@acme.example"), std::string::npos);
    for (const auto& l : lines(card)) EXPECT_LE(l.size(), 75u) << l;

    auto other = LeadBook::open(":memory:");
    std::istringstream in(card);
    auto report = import_vcard(other, in);
    ASSERT_EQ(report.added, 1);
    const Lead back = all_leads(other).at(0);
    EXPECT_EQ(back.full_name, stored.full_name);
    EXPECT_EQ(back.company, stored.company);
    EXPECT_EQ(back.job_title, stored.job_title);
    EXPECT_EQ(back.notes, stored.notes);
    EXPECT_EQ(back.emails, stored.emails); // labels too: "work" by TYPE and X-LABEL
    EXPECT_EQ(back.phones, stored.phones);
    EXPECT_EQ(back.addresses, stored.addresses);
    EXPECT_EQ(back.web_pages, stored.web_pages);
}

TEST(Export, FilesAndBadOptions) {
    auto book = LeadBook::open(":memory:");
    book.leads().add(rich_lead());
    TempDir dir;
    EXPECT_EQ(export_csv_file(book, dir.file("leads.csv"), {},
                              {.byte_order_mark = false, .delimiter = ";"}),
              1);
    const auto bytes = read_file(dir.file("leads.csv"));
    EXPECT_TRUE(std::string(bytes.begin(), bytes.end()).starts_with("First Name;Middle Name;"));
    EXPECT_EQ(export_vcard_file(book, dir.file("leads.vcf")), 1);
    EXPECT_EQ(export_jsonl_file(book, dir.file("leads.jsonl")), 1);
    expect_error(ErrorCode::not_found, "cannot create",
                 [&] { export_csv_file(book, dir.file("no/such/dir/leads.csv")); });
    std::ostringstream out;
    expect_error(ErrorCode::validation, "delimiter",
                 [&] { export_csv(book, out, {}, {.delimiter = "|"}); });
    expect_error(ErrorCode::validation, "unknown field", [&] {
        export_csv(book, out, {.where = {{"colour", FilterOp::eq, "red"}}});
    });
}

// A file export that fails on its options or its query must leave the file
// as it was: a mistyped --where must not wipe yesterday's export.
TEST(Export, BadOptionsOrQueryLeaveAnExistingFileAlone) {
    auto book = LeadBook::open(":memory:");
    book.leads().add(rich_lead());
    TempDir dir;
    const std::string path = dir.file("leads.csv");
    ASSERT_EQ(export_csv_file(book, path), 1);
    const auto before = read_file(path);
    ASSERT_FALSE(before.empty());
    expect_error(ErrorCode::validation, "delimiter",
                 [&] { export_csv_file(book, path, {}, {.delimiter = "|"}); });
    EXPECT_EQ(read_file(path), before);
    expect_error(ErrorCode::validation, "unknown field", [&] {
        export_csv_file(book, path, {.where = {{"colour", FilterOp::eq, "red"}}});
    });
    EXPECT_EQ(read_file(path), before);
    expect_error(ErrorCode::validation, "unknown field", [&] {
        export_vcard_file(book, path, {.where = {{"colour", FilterOp::eq, "red"}}});
    });
    EXPECT_EQ(read_file(path), before);
    // And a file that did not exist is not created.
    expect_error(ErrorCode::validation, "unknown field", [&] {
        export_jsonl_file(book, dir.file("new.jsonl"),
                          {.where = {{"colour", FilterOp::eq, "red"}}});
    });
    EXPECT_FALSE(std::filesystem::exists(dir.file("new.jsonl")));
}

// ---- what an export does to the file at its path --------------------------

namespace {

namespace fs = std::filesystem;

std::string text_of(const std::string& path) {
    const auto bytes = read_file(path);
    return {bytes.begin(), bytes.end()};
}

struct stat stat_of(const std::string& path) {
    struct stat st {};
    EXPECT_EQ(::lstat(path.c_str(), &st), 0) << path;
    return st;
}

/// The names in a directory: no temporary file may stay behind.
std::vector<std::string> names_in(const std::string& directory) {
    std::vector<std::string> out;
    for (const auto& entry : fs::directory_iterator(directory))
        out.push_back(entry.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

TEST(ExportFile, ASymbolicLinkStaysALinkAndItsTargetIsReplaced) {
    auto book = LeadBook::open(":memory:");
    book.leads().add(rich_lead());
    TempDir dir;
    fs::create_directories(dir.file("real"));
    write_file(dir.file("real/leads.jsonl"), "old\n");
    fs::create_symlink("real/leads.jsonl", dir.file("link.jsonl"));
    fs::create_symlink("link.jsonl", dir.file("link2.jsonl")); // a chain of two
    EXPECT_EQ(export_jsonl_file(book, dir.file("link2.jsonl")), 1);
    EXPECT_TRUE(S_ISLNK(stat_of(dir.file("link.jsonl")).st_mode));
    EXPECT_TRUE(S_ISLNK(stat_of(dir.file("link2.jsonl")).st_mode));
    EXPECT_EQ(text_of(dir.file("real/leads.jsonl")), snapshot(book));
    EXPECT_EQ(names_in(dir.file("real")), std::vector<std::string>{"leads.jsonl"});
    // A link to a file that does not exist yet creates that file.
    fs::create_symlink("real/new.jsonl", dir.file("dangling.jsonl"));
    EXPECT_EQ(export_jsonl_file(book, dir.file("dangling.jsonl")), 1);
    EXPECT_TRUE(S_ISLNK(stat_of(dir.file("dangling.jsonl")).st_mode));
    EXPECT_EQ(text_of(dir.file("real/new.jsonl")), snapshot(book));
    // A loop of links is an error, not a hang.
    fs::create_symlink("loop-b", dir.file("loop-a"));
    fs::create_symlink("loop-a", dir.file("loop-b"));
    expect_error(ErrorCode::validation, "too many symbolic links",
                 [&] { export_jsonl_file(book, dir.file("loop-a")); });
    EXPECT_EQ(book.leads().count(), 1);
}

TEST(ExportFile, AReplacedFileKeepsItsModeANewOneGetsTheUsualMode) {
    auto book = LeadBook::open(":memory:");
    book.leads().add(rich_lead());
    TempDir dir;
    const std::string secret = dir.file("secret.csv");
    write_file(secret, "old");
    ASSERT_EQ(::chmod(secret.c_str(), 0600), 0);
    EXPECT_EQ(export_csv_file(book, secret), 1);
    EXPECT_EQ(stat_of(secret).st_mode & 07777, 0600u);
    EXPECT_EQ(stat_of(secret).st_uid, ::geteuid());
    EXPECT_NE(text_of(secret), "old");
    ASSERT_EQ(::chmod(secret.c_str(), 0640), 0);
    EXPECT_EQ(export_vcard_file(book, secret), 1);
    EXPECT_EQ(stat_of(secret).st_mode & 07777, 0640u);

    const mode_t mask = ::umask(022);
    EXPECT_EQ(export_csv_file(book, dir.file("fresh.csv")), 1);
    ::umask(mask);
    EXPECT_EQ(stat_of(dir.file("fresh.csv")).st_mode & 07777, 0644u);
}

TEST(ExportFile, AHardLinkIsKept) {
    auto book = LeadBook::open(":memory:");
    book.leads().add(rich_lead());
    TempDir dir;
    const std::string first = dir.file("first.jsonl"), second = dir.file("second.jsonl");
    write_file(first, "old\n");
    fs::create_hard_link(first, second);
    EXPECT_EQ(export_jsonl_file(book, first), 1);
    EXPECT_EQ(stat_of(first).st_ino, stat_of(second).st_ino);
    EXPECT_EQ(stat_of(first).st_nlink, 2u);
    EXPECT_EQ(text_of(second), snapshot(book));
    // A bad query still leaves both names as they were.
    expect_error(ErrorCode::validation, "unknown field", [&] {
        export_jsonl_file(book, second, {.where = {{"colour", FilterOp::eq, "red"}}});
    });
    EXPECT_EQ(text_of(first), snapshot(book));
    EXPECT_EQ(names_in(dir.file("")), (std::vector<std::string>{"first.jsonl", "second.jsonl"}));
}

TEST(ExportFile, TheLongestNameTheFileSystemTakes) {
    auto book = LeadBook::open(":memory:");
    book.leads().add(rich_lead());
    TempDir dir;
    const std::string name = std::string(255 - 4, 'n') + ".csv";
    ASSERT_EQ(name.size(), 255u);
    EXPECT_EQ(export_csv_file(book, dir.file(name)), 1);
    EXPECT_EQ(export_csv_file(book, dir.file(name)), 1); // and replacing it
    EXPECT_EQ(names_in(dir.file("")), std::vector<std::string>{name});
}

TEST(ExportFile, AFifoIsRefusedAndNotOpened) {
    auto book = LeadBook::open(":memory:");
    book.leads().add(rich_lead());
    TempDir dir;
    const std::string fifo = dir.file("pipe");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    // A reader that never blocks: should the FIFO be opened for writing
    // after all, the test fails instead of hanging.
    const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
    ASSERT_GE(reader, 0);
    expect_error(ErrorCode::validation, "a FIFO", [&] { export_csv_file(book, fifo); });
    fs::create_symlink("pipe", dir.file("to-pipe"));
    expect_error(ErrorCode::validation, "a FIFO",
                 [&] { export_csv_file(book, dir.file("to-pipe")); });
    char byte = 0;
    EXPECT_LE(::read(reader, &byte, 1), 0); // nothing was written to it
    ::close(reader);
    EXPECT_TRUE(S_ISFIFO(stat_of(fifo).st_mode));
    EXPECT_EQ(names_in(dir.file("")), (std::vector<std::string>{"pipe", "to-pipe"}));
    EXPECT_EQ(book.leads().count(), 1);
}

TEST(ExportFile, DevicesAndDirectoriesAreRefused) {
    auto book = LeadBook::open(":memory:");
    book.leads().add(rich_lead());
    expect_error(ErrorCode::validation, "a character device",
                 [&] { export_vcard_file(book, "/dev/null"); });
    EXPECT_TRUE(S_ISCHR(stat_of("/dev/null").st_mode));
    TempDir dir;
    fs::create_directories(dir.file("folder"));
    expect_error(ErrorCode::validation, "a directory",
                 [&] { export_vcard_file(book, dir.file("folder")); });
    EXPECT_TRUE(fs::is_directory(dir.file("folder")));
    EXPECT_TRUE(fs::is_empty(dir.file("folder")));
    EXPECT_EQ(book.leads().count(), 1);
}
