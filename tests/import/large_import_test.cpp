// Imports large enough for storage to rebuild the lead table's indexes at
// the end instead of updating them row by row: the file afterwards has
// every index, and a stopped import leaves them as they were.
#include "import_test_support.hpp"

#include <sqlite3.h>

using namespace leadbook;
using namespace leadbook::test;

namespace {

constexpr int row_count = 6000; // past the point where indexes are rebuilt

std::string csv_of(int rows, const std::string& last_row = {}) {
    std::string csv = "full_name,company,emails.work,phones.mobile\n";
    for (int i = 0; i < rows; ++i)
        csv += "Lead " + std::to_string(i) + ",Company " + std::to_string(i % 7) + ",lead" +
               std::to_string(i) + "@example.com,+1 555 " + std::to_string(1000 + i) + "\n";
    return csv + last_row;
}

/// One line per index: name and definition.
std::string indexes(const std::string& path) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db,
                       "SELECT name || ': ' || sql FROM sqlite_master WHERE type = 'index' AND "
                       "sql IS NOT NULL ORDER BY name",
                       -1, &s, nullptr);
    std::string out;
    while (sqlite3_step(s) == SQLITE_ROW)
        out += std::string(reinterpret_cast<const char*>(sqlite3_column_text(s, 0))) + "\n";
    sqlite3_finalize(s);
    sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, nullptr);
    sqlite3_step(s);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)), "ok");
    sqlite3_finalize(s);
    sqlite3_close(db);
    return out;
}

} // namespace

TEST(LargeImport, RebuildsEveryIndexOfTheLeadTable) {
    TempDir dir;
    const std::string path = dir.file("large.db");
    auto book = LeadBook::open(path);
    const std::string before = indexes(path);
    ASSERT_NE(before.find("records_company"), std::string::npos);
    ASSERT_NE(before.find("emails_address"), std::string::npos);

    auto report = import_text(book, csv_of(row_count));
    EXPECT_TRUE(report.committed);
    EXPECT_EQ(report.added, row_count);
    EXPECT_EQ(indexes(path), before);

    EXPECT_EQ(book.leads().count({.where = {{"company", "eq", "COMPANY 3"}}}), row_count / 7);
    auto found = book.leads().find({.where = {{"emails.address", "has", "Lead4321@Example.com"}}});
    auto lead = found.next();
    ASSERT_TRUE(lead);
    EXPECT_EQ(lead->full_name, "Lead 4321");
    EXPECT_FALSE(found.next());

    // Importing the same file again finds every row a duplicate.
    auto again = import_text(book, csv_of(row_count));
    EXPECT_EQ(again.added, 0);
    EXPECT_EQ(again.skipped, row_count);
    EXPECT_EQ(indexes(path), before);
}

TEST(LargeImport, AStoppedImportLeavesTheIndexesAsTheyWere) {
    TempDir dir;
    const std::string path = dir.file("stopped.db");
    auto book = LeadBook::open(path);
    const std::string before = indexes(path);
    auto report = import_text(book, csv_of(row_count, "Bad Row,Acme,not-an-address,\n"));
    EXPECT_FALSE(report.committed);
    EXPECT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(book.leads().count(), 0);
    EXPECT_EQ(indexes(path), before);

    ImportOptions dry;
    dry.dry_run = true;
    auto checked = import_text(book, csv_of(row_count), dry);
    EXPECT_EQ(checked.added, row_count);
    EXPECT_EQ(book.leads().count(), 0);
    EXPECT_EQ(indexes(path), before);
}
