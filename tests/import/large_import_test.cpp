// Imports large enough for storage to rebuild the lead table's indexes at
// the end instead of updating them row by row: the file afterwards has
// every index, and a stopped import leaves them as they were.
#include "import/importer.hpp"
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

/// The first column of each row `sql` gives on the file, as text.
std::vector<std::string> rows_of(const std::string& path, const char* sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql, -1, &s, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    std::vector<std::string> rows;
    while (sqlite3_step(s) == SQLITE_ROW) {
        const auto* text = sqlite3_column_text(s, 0);
        rows.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
    }
    sqlite3_finalize(s);
    sqlite3_close(db);
    return rows;
}

/// One line per index: name and definition; the file must pass its
/// integrity check.
std::string indexes(const std::string& path) {
    EXPECT_EQ(rows_of(path, "PRAGMA integrity_check"), std::vector<std::string>{"ok"});
    std::string out;
    for (const auto& line : rows_of(path, "SELECT name || ': ' || sql FROM sqlite_master WHERE "
                                          "type = 'index' AND sql IS NOT NULL ORDER BY name"))
        out += line + "\n";
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

    EXPECT_EQ(book.leads().count({.where = {{"company", FilterOp::eq, "COMPANY 3"}}}),
              row_count / 7);
    auto found =
        book.leads().find({.where = {{"emails.address", FilterOp::has, "Lead4321@Example.com"}}});
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

namespace {

/// Rows of the file that refer to a row that does not exist.
std::size_t broken_references(const std::string& path) {
    return rows_of(path, "PRAGMA foreign_key_check").size();
}

} // namespace

TEST(LargeImport, ReferencesAreCheckedAgainWhenTheImportEnds) {
    TempDir dir;
    const std::string path = dir.file("references.db");
    auto book = LeadBook::open(path);
    ASSERT_TRUE(refuses_orphan_rows(book));

    auto report = import_text(book, csv_of(row_count));
    ASSERT_TRUE(report.committed);
    EXPECT_EQ(broken_references(path), 0u);
    EXPECT_TRUE(refuses_orphan_rows(book));

    // Stopped by a bad row, and dry: the checks are back all the same.
    auto stopped = import_text(book, csv_of(10, "Bad Row,Acme,not-an-address,\n"));
    EXPECT_FALSE(stopped.committed);
    EXPECT_TRUE(refuses_orphan_rows(book));
    ImportOptions dry;
    dry.dry_run = true;
    import_text(book, csv_of(10), dry);
    EXPECT_TRUE(refuses_orphan_rows(book));
    EXPECT_EQ(book.leads().count(), row_count);
}

TEST(LargeImport, AnImportInsideTheCallersTransactionKeepsCheckingReferences) {
    TempDir dir;
    const std::string path = dir.file("nested.db");
    auto book = LeadBook::open(path);
    book.write_transaction([&] {
        auto report = import_text(book, csv_of(row_count));
        EXPECT_TRUE(report.committed);
        EXPECT_TRUE(refuses_orphan_rows(book)); // inside the same transaction
    });
    EXPECT_EQ(book.leads().count(), row_count);
    EXPECT_EQ(broken_references(path), 0u);
    EXPECT_TRUE(refuses_orphan_rows(book));
}

// Readers refuse what they can see is wrong (no name, a bad e-mail
// address, a value a user-defined field cannot take); the book's own checks
// come last, when a batch is written. A lead only those refuse, given to
// the importer directly (a custom value of the wrong type), in the middle
// of a batch.
TEST(LargeImport, ALeadTheBookRefusesInTheMiddleOfABatch) {
    TempDir dir;
    const std::string path = dir.file("refused.db");
    auto book = LeadBook::open(path);
    FieldDefinition region;
    region.record_type = FieldOwner::lead;
    region.name = "Region";
    region.type = FieldType::pick_list;
    region.choices = {"North", "South"};
    book.fields().add(region);

    constexpr int rows = 1500, refused = 700;
    auto lead = [](const std::string& name, int n, const std::string& region) {
        Lead l;
        l.full_name = name;
        l.emails = {{"work", "lead" + std::to_string(n) + "@example.com"}};
        l.custom["Region"] = region;
        return l;
    };
    auto import = [&](const ImportOptions& options) {
        return formats::run_import(
            book, options, {}, ImportReport{}, [&](formats::LeadImporter& importer) {
                for (int i = 0; i < rows; ++i)
                    importer.add_row(i + 2, lead("Lead " + std::to_string(i), i,
                                                 i == refused ? "Mars" : "North"));
                // The refused lead's address again, on a good lead: it is
                // not a duplicate of a lead that was never stored.
                importer.add_row(rows + 2, lead("Second Try", refused, "South"));
            });
    };

    // All or nothing: nothing stored, the lead named.
    auto stopped = import(ImportOptions{});
    EXPECT_FALSE(stopped.committed);
    ASSERT_EQ(stopped.errors.size(), 1u);
    EXPECT_EQ(stopped.errors[0].line, refused + 2);
    EXPECT_EQ(stopped.errors[0].reason, "'custom.Region' must be one of: North, South");
    EXPECT_EQ(book.leads().count(), 0);
    EXPECT_TRUE(refuses_orphan_rows(book));

    // Skipping bad rows: every other lead is stored, once.
    ImportOptions skip;
    skip.skip_bad_rows = true;
    auto report = import(skip);
    EXPECT_TRUE(report.committed);
    EXPECT_EQ(report.read, rows + 1);
    EXPECT_EQ(report.added, rows);
    EXPECT_EQ(report.skipped, 1);
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].line, refused + 2);
    EXPECT_TRUE(report.duplicates.empty());
    EXPECT_EQ(book.leads().count(), rows);
    auto second =
        book.leads().find({.where = {{"emails.address", FilterOp::has, "lead700@example.com"}}});
    auto found = second.next();
    ASSERT_TRUE(found);
    EXPECT_EQ(found->full_name, "Second Try");
    EXPECT_FALSE(second.next());
    EXPECT_EQ(broken_references(path), 0u);
}
