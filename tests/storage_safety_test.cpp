// Opening files safely: read-only books, untrusted files (objects leadbook
// did not create, damaged values, a tampered schema version), check(), and
// a file moved or deleted while open. Each bad file is refused with a clear
// error and left as it was.
#include <leadbook/leadbook.hpp>
#include <leadbook/reports.hpp>
#include <leadbook/sqlite_storage.hpp>

#include "test_support.hpp"

#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <random>

using namespace leadbook;
using test::expect_error;

namespace {

/// Runs SQL on the file with SQLite directly, as another program would.
void alter(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    const std::string message = error ? error : "";
    sqlite3_free(error);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << message;
}

std::string scalar(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr);
    std::string out;
    if (sqlite3_step(s) == SQLITE_ROW) {
        const auto* text = sqlite3_column_text(s, 0);
        out = text ? reinterpret_cast<const char*>(text) : "";
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    return out;
}

/// A book with `n` leads, closed (checkpointed into the main file).
std::vector<Id> make_book(const std::string& path, int n = 3) {
    auto book = LeadBook::open(path);
    std::vector<Lead> leads;
    for (int i = 0; i < n; ++i) leads.push_back(test::sample_lead("Lead " + std::to_string(i), i));
    return book.leads().add_many(leads);
}

bool has_problem(const CheckReport& report, const std::string& kind) {
    for (const auto& p : report.problems)
        if (p.kind == kind) return true;
    return false;
}

} // namespace

// ---- opening ----------------------------------------------------------------

TEST(Opening, EmptyPathIsRefused) {
    expect_error(ErrorCode::validation, "\":memory:\"", [] { LeadBook::open(""); });
    auto book = LeadBook::open(":memory:");
    EXPECT_EQ(book.leads().count(), 0);
}

TEST(Opening, UnknownVfsIsRefused) {
    test::TempDir dir;
    expect_error(ErrorCode::validation, "no SQLite VFS named 'nowhere'",
                 [&] { LeadBook::open(dir.file("x.db"), {.vfs = "nowhere"}); });
    EXPECT_FALSE(std::filesystem::exists(dir.file("x.db")));
}

TEST(Opening, ReadOnlyOptionReadsAndRefusesWrites) {
    test::TempDir dir;
    const std::string path = dir.file("ro.db");
    const auto ids = make_book(path);
    const auto before = test::read_file(path);
    {
        auto book = LeadBook::open(path, {.read_only = true});
        EXPECT_EQ(book.leads().count(), 3);
        Lead lead = book.leads().get(ids[0]);
        expect_error(ErrorCode::read_only, "open read-only; nothing was written",
                     [&] { book.leads().add(test::sample_lead("New")); });
        expect_error(ErrorCode::read_only, "read-only", [&] {
            book.leads().update(lead.id, lead.version, {{"company", "X"}});
        });
        expect_error(ErrorCode::read_only, "read-only", [&] { book.leads().remove(ids[1]); });
        expect_error(ErrorCode::read_only, "read-only", [&] {
            book.leads().bulk_edit(Selection::of({ids[0], ids[1]}), "rating", "hot");
        });
        EXPECT_EQ(to_json(book.leads().get(ids[0])), to_json(lead));
        EXPECT_TRUE(book.check().ok);
    }
    EXPECT_EQ(test::read_file(path), before);
    // Writable again without the option.
    auto book = LeadBook::open(path);
    book.leads().add(test::sample_lead("New"));
    EXPECT_EQ(book.leads().count(), 4);
}

TEST(Opening, ReadOnlyFileThatNeedsItsTablesIsRefused) {
    test::TempDir dir;
    const std::string path = dir.file("empty.db");
    test::write_file(path, "");
    expect_error(ErrorCode::read_only, "needs leadbook's tables",
                 [&] { LeadBook::open(path, {.read_only = true}); });
    EXPECT_EQ(std::filesystem::file_size(path), 0u);
    expect_error(ErrorCode::not_found, "does not exist",
                 [&] { LeadBook::open(dir.file("absent.db"), {.read_only = true}); });
}

// ---- untrusted files ----------------------------------------------------------

TEST(UntrustedFiles, TriggerInTheFileIsRefusedAndNeverRuns) {
    test::TempDir dir;
    const std::string path = dir.file("trigger.db");
    make_book(path);
    // A trigger that would copy every new lead's notes elsewhere.
    alter(path, "PRAGMA journal_mode = DELETE;"
                "CREATE TABLE loot (what TEXT);"
                "CREATE TRIGGER steal AFTER INSERT ON records BEGIN "
                "INSERT INTO loot VALUES (new.notes); END;");
    const auto before = test::read_file(path);
    expect_error(ErrorCode::corrupt, "trigger 'steal' on table 'records'",
                 [&] { LeadBook::open(path); });
    expect_error(ErrorCode::corrupt, "table 'loot'", [&] { LeadBook::open(path); });
    EXPECT_EQ(test::read_file(path), before);
    EXPECT_EQ(scalar(path, "SELECT count(*) FROM loot"), "0");
}

TEST(UntrustedFiles, ViewsAndExtraObjectsAreRefused) {
    for (const std::string sql :
         {"CREATE VIEW everyone AS SELECT * FROM records", "CREATE TABLE records_extra (x)",
          "CREATE INDEX my_index ON records (notes)"}) {
        SCOPED_TRACE(sql);
        test::TempDir dir;
        const std::string path = dir.file("extra.db");
        make_book(path);
        alter(path, "PRAGMA journal_mode = DELETE;" + sql);
        const auto before = test::read_file(path);
        expect_error(ErrorCode::corrupt, "objects leadbook did not create",
                     [&] { LeadBook::open(path); });
        EXPECT_EQ(test::read_file(path), before);
    }
}

TEST(UntrustedFiles, BlobWhereTextBelongsIsCorrupt) {
    test::TempDir dir;
    const std::string path = dir.file("blob.db");
    const auto ids = make_book(path);
    alter(path, "UPDATE records SET company = x'00ff10' WHERE id = " + std::to_string(ids[1]));
    auto book = LeadBook::open(path);
    EXPECT_EQ(book.leads().get(ids[0]).full_name, "Lead 0");
    expect_error(ErrorCode::corrupt, "not text", [&] { book.leads().get(ids[1]); });
    Reports reports(book);
    SCOPED_TRACE("the report");
    expect_error(ErrorCode::corrupt, "not text", [&] {
        ReportDefinition definition;
        definition.columns = {"full_name", "company"};
        auto report = reports.run(definition);
        while (report.next_row()) {}
    });
    const auto report = book.check();
    EXPECT_FALSE(report.ok);
    ASSERT_TRUE(has_problem(report, "value"));
    bool named = false;
    for (const auto& p : report.problems)
        named = named || p.message.find("column 'company'") != std::string::npos;
    EXPECT_TRUE(named);
    // What else is stored is still there.
    EXPECT_EQ(book.leads().count(), 3);
    EXPECT_EQ(book.leads().get(ids[2]).full_name, "Lead 2");
}

TEST(UntrustedFiles, TamperedSchemaVersionIsCorrupt) {
    for (const std::string version : {"2", "1", "0", "-4"}) {
        SCOPED_TRACE("user_version " + version);
        test::TempDir dir;
        const std::string path = dir.file("version.db");
        make_book(path);
        alter(path, "PRAGMA journal_mode = DELETE; PRAGMA user_version = " + version);
        const auto before = test::read_file(path);
        expect_error(ErrorCode::corrupt, "schema version " + version,
                     [&] { LeadBook::open(path); });
        EXPECT_EQ(test::read_file(path), before);
    }
}

TEST(UntrustedFiles, MissingColumnIsCorrupt) {
    test::TempDir dir;
    const std::string path = dir.file("column.db");
    make_book(path);
    alter(path, "PRAGMA journal_mode = DELETE; ALTER TABLE records DROP COLUMN notes");
    const auto before = test::read_file(path);
    expect_error(ErrorCode::corrupt, "has no column 'notes'", [&] { LeadBook::open(path); });
    EXPECT_EQ(test::read_file(path), before);
}

// ---- check() -------------------------------------------------------------------

TEST(Check, CleanBookIsOk) {
    test::TempDir dir;
    const std::string path = dir.file("clean.db");
    make_book(path, 50);
    auto book = LeadBook::open(path);
    const auto report = book.check();
    EXPECT_TRUE(report.ok);
    EXPECT_TRUE(report.problems.empty());
    auto memory = LeadBook::open(":memory:");
    EXPECT_TRUE(memory.check().ok);
}

TEST(Check, RandomBytesInAnIndexPageAreFound) {
    test::TempDir dir;
    const std::string path = dir.file("damaged.db");
    make_book(path, 2000);
    const long page_size = std::stol(scalar(path, "PRAGMA page_size"));
    const long root = std::stol(
        scalar(path, "SELECT rootpage FROM sqlite_master WHERE name = 'records_full_name'"));
    ASSERT_GT(root, 1);
    {
        // Random bytes over the whole page but its first eight (the page
        // type and where its cells start).
        std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
        file.seekp((root - 1) * page_size + 8);
        std::mt19937 rng(7);
        for (long i = 8; i < page_size; ++i) file.put(char(rng() & 0xff));
    }
    auto book = LeadBook::open(path);
    const auto report = book.check();
    EXPECT_FALSE(report.ok);
    EXPECT_TRUE(has_problem(report, "integrity"));
    // The table itself is intact: its rows are all there.
    EXPECT_EQ(scalar(path, "SELECT count(*) FROM records NOT INDEXED"), "2000");
}

TEST(Check, DanglingReferenceIsFound) {
    test::TempDir dir;
    const std::string path = dir.file("dangling.db");
    const auto ids = make_book(path);
    alter(path,
          "PRAGMA foreign_keys = OFF; DELETE FROM entities WHERE id = " + std::to_string(ids[0]));
    auto book = LeadBook::open(path);
    const auto report = book.check();
    EXPECT_FALSE(report.ok);
    EXPECT_TRUE(has_problem(report, "foreign_key"));
}

// ---- moved or deleted while open -------------------------------------------------

TEST(MovedFile, WritesAfterARenameAreRefused) {
    test::TempDir dir;
    const std::string path = dir.file("moving.db");
    const std::string moved = dir.file("moved.db");
    auto book = LeadBook::open(path);
    const Id first = book.leads().add(test::sample_lead("Before")).id;
    std::filesystem::rename(path, moved);
    for (int i = 0; i < 5; ++i)
        expect_error(ErrorCode::storage, "moved, renamed or deleted",
                     [&] { book.leads().add(test::sample_lead("After")); });
    // Nothing was reported written that is not: the file has the first lead only.
    EXPECT_EQ(book.leads().count(), 1);
    std::filesystem::rename(moved, path);
    EXPECT_EQ(book.leads().add(test::sample_lead("Back")).full_name, "Back");
    book = LeadBook::open(":memory:"); // closes the file
    auto again = LeadBook::open(path);
    EXPECT_EQ(again.leads().count(), 2);
    EXPECT_EQ(again.leads().get(first).full_name, "Before");
}

TEST(MovedFile, WritesAfterADeleteAreRefused) {
    test::TempDir dir;
    const std::string path = dir.file("deleted.db");
    auto book = LeadBook::open(path);
    book.leads().add(test::sample_lead("Before"));
    std::filesystem::remove(path);
    int refused = 0;
    for (int i = 0; i < 1000; ++i) {
        try {
            book.leads().add(test::sample_lead("Lost " + std::to_string(i)));
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), ErrorCode::storage);
            ++refused;
        }
    }
    EXPECT_EQ(refused, 1000);
}
