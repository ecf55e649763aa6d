// Moving a book (leadbook/copy.hpp): SQLite to PostgreSQL and back, SQLite
// to SQLite; every table compared; a destination that is not empty refused.
#include <leadbook/copy.hpp>
#include <leadbook/leadbook.hpp>
#include <leadbook/postgres_storage.hpp>
#include <leadbook/reports.hpp>
#include <leadbook/sqlite_storage.hpp>

#include "postgres_support.hpp"
#include "test_support.hpp"

#include <sqlite3.h>

#include <map>

using namespace leadbook;
using test::expect_error;

namespace {

boost::json::value json(std::string_view text) { return parse_json(text); }

/// A book with rows in every table: every record type, lists, custom
/// fields, a gap in the ids (a deleted lead), a converted lead, settings.
void fill(LeadBook& book) {
    const Id ana = book.users().add(User{.name = "Ana Silva", .email = "ana@example.com"}).id;
    const Id acme = book.accounts().add(Account{.name = "Acme"}).id;
    book.fields().add_json(json(R"({"record_type": "lead", "name": "budget", "type": "number"})"));
    book.fields().add_json(json(
        R"({"record_type": "lead", "name": "tier", "type": "pick_list", "choices": ["gold", "silver"]})"));
    std::vector<Lead> leads;
    for (int i = 0; i < 6; ++i) {
        Lead lead = test::sample_lead("Lead " + std::to_string(i), i);
        lead.assigned_to = ana;
        lead.account_id = acme;
        if (i == 0) lead.photo.data = test::tiny_png();
        lead.web_pages = {{"home", "https://lead" + std::to_string(i) + ".example"}};
        leads.push_back(book.leads().add(lead));
    }
    book.leads().update(leads[1].id, leads[1].version,
                        json(R"({"custom": {"budget": 12.5}, "notes": "É é"})").as_object());
    book.leads().remove(leads[2].id);
    book.convert_lead(leads[3].id, leads[3].version);
    const auto criterion = book.criteria_of(RecordType::lead).front();
    book.leads().update(
        leads[4].id, leads[4].version,
        json(R"({"criteria_met": [)" + std::to_string(criterion.id) + "]}").as_object());
    book.history().add_json(json(R"({"kind": "business_note", "subject": "Call back", "links": [)" +
                                 std::to_string(leads[0].id) + "]}"));
    book.opportunities().add_json(
        json(R"({"title": "Deal", "items": [{"item": "Seat", "quantity": 3, "unit_price": )"
             R"("19.99", "discount": 12.5}], "linked_to": )" +
             std::to_string(leads[0].id) + "}"));
    Reports(book).save("Hot leads", *builtin_report("leads_by_score"));
}

/// Every row of every table of the SQLite file `path`, as text, by table
/// (sqlite_sequence aside: a copy keeps ids, not the counter of deleted ones).
std::map<std::string, std::vector<std::string>> dump(const std::string& path) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    std::vector<std::string> tables;
    sqlite3_stmt* s = nullptr;
    sqlite3_prepare_v2(db,
                       "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> "
                       "'sqlite_sequence' ORDER BY name",
                       -1, &s, nullptr);
    while (sqlite3_step(s) == SQLITE_ROW)
        tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(s, 0)));
    sqlite3_finalize(s);
    std::map<std::string, std::vector<std::string>> out;
    for (const auto& table : tables) {
        auto& rows = out[table];
        sqlite3_prepare_v2(db, ("SELECT * FROM \"" + table + "\" ORDER BY 1, 2").c_str(), -1, &s,
                           nullptr);
        while (sqlite3_step(s) == SQLITE_ROW) {
            std::string row;
            for (int i = 0; i < sqlite3_column_count(s); ++i) {
                row += std::to_string(sqlite3_column_type(s, i)) + ":";
                const auto* bytes = static_cast<const char*>(sqlite3_column_blob(s, i));
                if (bytes) row.append(bytes, std::size_t(sqlite3_column_bytes(s, i)));
                row += "|";
            }
            rows.push_back(std::move(row));
        }
        sqlite3_finalize(s);
    }
    sqlite3_close(db);
    return out;
}

std::vector<Lead> leads_of(LeadBook& book) {
    std::vector<Lead> out;
    for (auto& lead : book.leads().find()) out.push_back(lead);
    return out;
}

std::int64_t rows_of(const CopyReport& report, const std::string& table) {
    for (const auto& t : report.tables)
        if (t.table == table) return t.rows;
    return -1;
}

} // namespace

TEST(CopyBook, SqliteToPostgresAndBackKeepsEveryTable) {
    test::TempDir dir;
    const std::string source = dir.file("source.db");
    {
        auto book = LeadBook::open(source);
        fill(book);
    }
    const std::string uri = test::new_postgres_uri();
    const CopyReport there = copy_book(source, uri);
    EXPECT_EQ(rows_of(there, "lead"), 4);
    EXPECT_EQ(rows_of(there, "business_contact"), 1);
    EXPECT_GT(there.settings, 0);
    const std::string back = dir.file("back.db");
    const CopyReport again = copy_book(uri, back);
    EXPECT_EQ(serialize_json(to_json(again)), serialize_json(to_json(there)));

    // Every table of the file, found in the file itself: one not copied
    // (or copied wrongly) shows here, whoever added it.
    const auto before = dump(source);
    const auto after = dump(back);
    ASSERT_EQ(before.size(), after.size());
    for (const auto& [table, rows] : before) {
        EXPECT_FALSE(rows.empty())
            << "table " << table << " has no rows in this test: add some to fill()";
        EXPECT_EQ(rows, after.at(table)) << "table " << table << " differs after the copy";
    }

    // Ids made after the copy come after the copied ones, on both backends.
    Id largest = 0;
    {
        auto book = LeadBook::open(source);
        for (const auto& lead : leads_of(book)) largest = std::max(largest, lead.id);
    }
    for (const std::string& where : {uri, back}) {
        auto book = LeadBook::open(where);
        EXPECT_GT(book.leads().add(test::sample_lead("New")).id, largest) << where;
        EXPECT_GT(book.users().add(User{.name = "Bo"}).id, 1) << where;
    }
}

TEST(CopyBook, SqliteToSqliteAndEveryCountReported) {
    test::TempDir dir;
    const std::string source = dir.file("source.db");
    {
        auto book = LeadBook::open(source);
        fill(book);
    }
    const CopyReport report = copy_book(source, dir.file("copy.db"));
    for (const TableDef* table : LeadBook::schema_tables()) {
        const std::string name = table->kind.empty() ? table->name : table->kind;
        EXPECT_GE(rows_of(report, name), 0) << name << " was not copied";
    }
    const auto before = dump(source);
    const auto after = dump(dir.file("copy.db"));
    EXPECT_EQ(before, after);
    auto copy = LeadBook::open(dir.file("copy.db"));
    EXPECT_EQ(leads_of(copy).size(), 4u);
    EXPECT_TRUE(copy.check().ok);
}

TEST(CopyBook, RefusesADestinationThatIsNotEmpty) {
    test::TempDir dir;
    const std::string source = dir.file("source.db");
    {
        auto book = LeadBook::open(source);
        fill(book);
    }
    // A book opened once holds its default criteria, stages and rules.
    const std::string target = dir.file("target.db");
    {
        auto book = LeadBook::open(target);
        book.leads().add(test::sample_lead("Kept"));
    }
    const auto before = dump(target);
    expect_error(ErrorCode::conflict, "is not empty", [&] { copy_book(source, target); });
    EXPECT_EQ(dump(target), before);

    const std::string uri = test::new_postgres_uri();
    {
        auto book = LeadBook::open(uri);
        book.leads().add(test::sample_lead("Kept"));
    }
    try {
        copy_book(source, uri);
        ADD_FAILURE() << "copied into a book that is not empty";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::conflict);
        EXPECT_NE(std::string(e.what()).find("lead: 1"), std::string::npos) << e.what();
    }
    auto book = LeadBook::open(uri);
    const auto leads = leads_of(book);
    ASSERT_EQ(leads.size(), 1u);
    EXPECT_EQ(leads[0].full_name, "Kept");
}

TEST(CopyBook, RefusesAMissingSourceAndAnUnknownScheme) {
    test::TempDir dir;
    const std::string target = dir.file("target.db");
    expect_error(ErrorCode::not_found, "cannot copy from",
                 [&] { copy_book(dir.file("missing.db"), target); });
    EXPECT_FALSE(std::filesystem::exists(dir.file("missing.db")));
    expect_error(ErrorCode::validation, "mysql://",
                 [&] { copy_book("mysql://localhost/leads", target); });
    // A wrong password names the place, never the password.
    {
        auto book = LeadBook::open(dir.file("source.db"));
        fill(book);
    }
    const std::string bad =
        "postgresql://nobody:s3cret-word@/no_such_db?host=" + test::postgres_server_field("host") +
        "&port=" + test::postgres_server_field("port");
    try {
        copy_book(dir.file("source.db"), bad);
        ADD_FAILURE() << "copied into a database that cannot be reached";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::storage);
        EXPECT_EQ(std::string(e.what()).find("s3cret-word"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("no_such_db"), std::string::npos) << e.what();
    }
}
