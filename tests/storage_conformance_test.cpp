// The storage conformance suite: every backend must pass it. Backends are
// listed in `backends` below; a new backend adds one line.
#include <leadbook/leadbook.hpp>
#include <leadbook/postgres_storage.hpp>
#include <leadbook/sqlite_storage.hpp>

#include "postgres_support.hpp"
#include "test_support.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

using namespace leadbook;

namespace {

struct Backend {
    std::string name;
    std::function<std::unique_ptr<Storage>(const test::TempDir&)> open;
};

/// Failure messages name the backend instead of dumping its bytes.
void PrintTo(const Backend& backend, std::ostream* out) { *out << backend.name; }

const std::vector<Backend>& backends() {
    static const std::vector<Backend> list = {
        {"sqlite_file",
         [](const test::TempDir& dir) {
             return open_sqlite_storage(dir.file("conformance.db"), LeadBook::schema_tables());
         }},
        {"sqlite_memory",
         [](const test::TempDir&) {
             return open_sqlite_storage(":memory:", LeadBook::schema_tables());
         }},
        // A database of its own on the server CTest starts.
        {"postgres",
         [](const test::TempDir&) {
             return open_postgres_storage(test::new_postgres_conninfo(), LeadBook::schema_tables());
         }},
    };
    return list;
}

const TableDef& table_named(std::string_view name) {
    for (const TableDef* t : LeadBook::schema_tables())
        if (t->name == name) return *t;
    throw std::runtime_error("no table");
}

/// A row for `table` with every column set to a value of its type.
Row sample_row(const TableDef& table, const std::string& text, std::int64_t number) {
    Row row;
    for (const auto& c : table.columns) {
        switch (c.type) {
        case ColumnType::integer: row.emplace_back(number); break;
        case ColumnType::real: row.emplace_back(double(number) + 0.5); break;
        case ColumnType::text: row.emplace_back(text); break;
        case ColumnType::blob:
            row.emplace_back(c.nullable ? Value{} : Value{Bytes{{1, 2, 3}}});
            break;
        }
    }
    return row;
}

Row child_row(const ChildTableDef& child, const std::string& text) {
    Row row;
    for (const auto& c : child.columns) {
        if (c.type == ColumnType::text)
            row.emplace_back(text);
        else
            row.emplace_back(std::int64_t{1});
    }
    return row;
}

Query by_id(std::int64_t id) {
    Query q;
    q.where.push_back(Condition{"id", CompareOp::eq, Value(id), {}});
    return q;
}

/// Every row a cursor returns.
std::vector<ReadRow> all_rows(RowCursor& cursor) {
    std::vector<ReadRow> out;
    ReadRow row;
    while (cursor.next(row)) out.push_back(row);
    return out;
}

class StorageConformance : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override { storage = GetParam().open(dir); }

    /// The row `id` of `table` (every column), read by id, or nullopt.
    std::optional<Row> get(const TableDef& table, std::int64_t id) {
        auto rows = all_rows(*storage->read(table, by_id(id), ReadShape::whole(table)));
        EXPECT_LE(rows.size(), 1u);
        if (rows.empty()) return std::nullopt;
        return rows[0].values;
    }
    /// The rows of `child` (a child table of records) of owner `id`.
    std::vector<Row> children(const ChildTableDef& child, std::int64_t id) {
        int index = -1;
        for (std::size_t i = 0; i < records.children.size(); ++i)
            if (records.children[i].name == child.name) index = int(i);
        EXPECT_GE(index, 0);
        auto rows = all_rows(*storage->read(records, by_id(id), ReadShape::of({}, {index})));
        if (rows.empty()) return {};
        EXPECT_TRUE(rows[0].values.empty());
        return rows[0].children.at(0);
    }
    /// The ids `query` finds, in order.
    std::vector<std::int64_t> find_ids(const Query& query) {
        std::vector<std::int64_t> ids;
        for (const auto& row : all_rows(*storage->read(records, query, ReadShape::of({}))))
            ids.push_back(row.id);
        return ids;
    }

    test::TempDir dir;
    std::unique_ptr<Storage> storage;
    const TableDef& records = table_named("records");
    const TableDef& users = table_named("users");
};

} // namespace

TEST_P(StorageConformance, InsertThenGetReturnsTheSameRow) {
    Row row = sample_row(records, "Jane", 3);
    auto id = storage->insert(records, row);
    EXPECT_GT(id, 0);
    auto back = get(records, id);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, row);
    EXPECT_TRUE(storage->exists(records, id));
    EXPECT_FALSE(get(records, id + 1000));
}

TEST_P(StorageConformance, ValuesOfEveryTypeSurvive) {
    Row row = sample_row(records, "", 0);
    int photo = records.column_index("photo");
    ASSERT_GE(photo, 0);
    std::vector<std::uint8_t> bytes(100000);
    for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = std::uint8_t(i * 7);
    row[std::size_t(photo)] = Bytes{bytes};
    row[std::size_t(records.column_index("full_name"))] = std::string("Zoë \"quoted\" 'x' \n日本");
    row[std::size_t(records.column_index("assigned_to"))] = std::monostate{};
    row[std::size_t(records.column_index("created_at"))] = std::int64_t{-9000000000000};
    auto id = storage->insert(records, row);
    EXPECT_EQ(*get(records, id), row);
}

TEST_P(StorageConformance, UpdateChecksTheExpectedVersion) {
    const int version = records.version_column;
    ASSERT_GE(version, 0);
    Row row = sample_row(records, "A", 1);
    auto id = storage->insert(records, row);
    Row changed = sample_row(records, "B", 2);
    EXPECT_EQ(storage->update(records, id, changed, 5), UpdateResult::stale_version);
    EXPECT_EQ(*get(records, id), row);
    EXPECT_EQ(storage->update(records, id, changed, 1), UpdateResult::updated);
    EXPECT_EQ(*get(records, id), changed);
    EXPECT_EQ(storage->update(records, id + 99, changed, 1), UpdateResult::not_found);
    EXPECT_EQ(storage->update(records, id, row, std::nullopt), UpdateResult::updated);
}

TEST_P(StorageConformance, RemoveDeletesRowAndChildren) {
    const auto& emails = records.children.at(0);
    auto id = storage->insert(records, sample_row(records, "A", 1));
    storage->insert_children(emails, id, std::vector<Row>{child_row(emails, "a@b.example")});
    EXPECT_EQ(children(emails, id).size(), 1u);
    EXPECT_TRUE(storage->remove(records, id));
    EXPECT_FALSE(storage->exists(records, id));
    EXPECT_TRUE(children(emails, id).empty());
    EXPECT_FALSE(storage->remove(records, id));
}

TEST_P(StorageConformance, ChildrenKeepTheirOrderAndAreReplacedWhole) {
    const auto& phones = records.children.at(2);
    auto id = storage->insert(records, sample_row(records, "A", 1));
    std::vector<Row> rows = {child_row(phones, "3"), child_row(phones, "1"),
                             child_row(phones, "2")};
    storage->insert_children(phones, id, rows);
    EXPECT_EQ(children(phones, id), rows);
    std::vector<Row> fewer = {child_row(phones, "9")};
    storage->replace_children(phones, id, fewer);
    EXPECT_EQ(children(phones, id), fewer);
    storage->replace_children(phones, id, {});
    EXPECT_TRUE(children(phones, id).empty());
}

TEST_P(StorageConformance, IdsAreNeverReused) {
    auto a = storage->insert(records, sample_row(records, "A", 1));
    storage->remove(records, a);
    auto b = storage->insert(records, sample_row(records, "B", 1));
    EXPECT_GT(b, a);
    auto u = storage->insert(users, sample_row(users, "U", 1));
    storage->remove(users, u);
    EXPECT_GT(storage->insert(users, sample_row(users, "V", 1)), u);
}

TEST_P(StorageConformance, RecordIdsAreSharedAcrossRecordTables) {
    const auto& accounts = table_named("accounts");
    auto lead = storage->insert(records, sample_row(records, "A", 1));
    auto account = storage->insert(accounts, sample_row(accounts, "B", 1));
    EXPECT_NE(lead, account);
    EXPECT_FALSE(storage->exists(accounts, lead));
    EXPECT_FALSE(storage->exists(records, account));
    EXPECT_FALSE(storage->remove(accounts, lead));
    EXPECT_TRUE(storage->exists(records, lead));
}

TEST_P(StorageConformance, FindFiltersSortsAndPages) {
    const std::string company = "company";
    for (int i = 0; i < 20; ++i) {
        Row row = sample_row(records, "n" + std::to_string(i % 5), i);
        row[std::size_t(records.column_index("company"))] = std::string(i % 2 ? "Acme" : "Globex");
        storage->insert(records, row);
    }
    Query q;
    q.where.push_back(Condition{company, CompareOp::eq, std::string("acme"), {}}); // NOCASE
    q.order_by.push_back(SortKey{"version", true});
    q.limit = 3;
    q.offset = 1;
    auto cursor = storage->read(records, q, ReadShape::whole(records));
    std::vector<std::int64_t> versions;
    for (const auto& row : all_rows(*cursor))
        versions.push_back(std::get<std::int64_t>(row.values[std::size_t(records.version_column)]));
    EXPECT_EQ(versions, (std::vector<std::int64_t>{17, 15, 13}));
    EXPECT_EQ(storage->count(records, q), 3);
    q.limit = -1;
    q.offset = 0;
    EXPECT_EQ(storage->count(records, q), 10);

    Query in;
    in.where.push_back(Condition{"version", CompareOp::in, {}, {std::int64_t{2}, std::int64_t{4}}});
    EXPECT_EQ(storage->count(records, in), 2);
    Query like;
    like.where.push_back(Condition{"company", CompareOp::contains, std::string("LOB"), {}});
    EXPECT_EQ(storage->count(records, like), 10);
    Query starts;
    starts.where.push_back(Condition{"company", CompareOp::starts_with, std::string("%"), {}});
    EXPECT_EQ(storage->count(records, starts), 0); // wildcards are literal
    Query empty;
    empty.where.push_back(Condition{"assigned_to", CompareOp::is_empty, {}, {}});
    EXPECT_EQ(storage->count(records, empty), 0);
}

TEST_P(StorageConformance, UnknownColumnsAreRefused) {
    Query q;
    q.where.push_back(Condition{"no_such_column", CompareOp::eq, std::int64_t{1}, {}});
    test::expect_error(ErrorCode::validation, "no_such_column",
                       [&] { storage->count(records, q); });
    Query s;
    s.order_by.push_back(SortKey{"bogus; DROP TABLE records", false});
    test::expect_error(ErrorCode::validation, "bogus",
                       [&] { storage->read(records, s, ReadShape::whole(records)); });
    test::expect_error(ErrorCode::internal, "column",
                       [&] { storage->read(records, Query{}, ReadShape::of({9999})); });
}

TEST_P(StorageConformance, RollbackUndoesAndSavepointsNest) {
    storage->begin(true);
    auto kept = storage->insert(records, sample_row(records, "kept", 1));
    storage->begin(true);
    auto dropped = storage->insert(records, sample_row(records, "dropped", 1));
    storage->rollback();
    storage->commit();
    EXPECT_TRUE(storage->exists(records, kept));
    EXPECT_FALSE(storage->exists(records, dropped));

    storage->begin(true);
    auto gone = storage->insert(records, sample_row(records, "gone", 1));
    storage->rollback();
    EXPECT_FALSE(storage->exists(records, gone));
}

TEST_P(StorageConformance, CursorStreamsManyRows) {
    storage->begin(true);
    for (int i = 0; i < 5000; ++i) storage->insert(records, sample_row(records, "x", i));
    storage->commit();
    auto cursor = storage->read(records, Query{}, ReadShape::whole(records));
    std::int64_t previous = 0, n = 0;
    ReadRow row;
    while (cursor->next(row)) {
        EXPECT_GT(row.id, previous);
        previous = row.id;
        ++n;
    }
    EXPECT_EQ(n, 5000);
    // A cursor at its end stays there: asking again does not start over.
    EXPECT_FALSE(cursor->next(row));
    EXPECT_FALSE(cursor->next(row));
}

TEST_P(StorageConformance, SelectProjectsColumnsAndFirstChildValues) {
    const auto& emails = records.children.at(0);
    std::vector<std::int64_t> ids;
    for (int i = 0; i < 4; ++i) {
        Row row = sample_row(records, "n" + std::to_string(i), i);
        row[std::size_t(records.column_index("company"))] = std::string(i < 3 ? "Acme" : "Globex");
        auto id = storage->insert(records, row);
        ids.push_back(id);
        if (i != 1)
            storage->insert_children(
                emails, id,
                std::vector<Row>{child_row(emails, "first" + std::to_string(i)),
                                 child_row(emails, "second")});
    }
    Query q;
    q.where.push_back(Condition{"company", CompareOp::eq, std::string("Acme"), {}});
    q.order_by.push_back(SortKey{"full_name", true});
    q.limit = 2;
    std::vector<Projection> columns = {{"full_name", ""}, {"label", "emails"}, {"id", ""}};
    auto cursor = storage->select(records, q, columns);
    ReadRow row;
    ASSERT_TRUE(cursor->next(row));
    EXPECT_EQ(row.id, ids[2]);
    EXPECT_EQ(row.values.at(0), Value(std::string("n2")));
    EXPECT_EQ(row.values.at(1), Value(std::string("first2")));
    EXPECT_EQ(row.values.at(2), Value(ids[2]));
    ASSERT_TRUE(cursor->next(row));
    EXPECT_EQ(row.id, ids[1]);
    EXPECT_EQ(row.values.at(1), Value()); // no e-mail: NULL
    EXPECT_FALSE(cursor->next(row));
    EXPECT_FALSE(cursor->next(row)); // a finished cursor stays finished
    std::vector<Projection> bad = {{"nope", "emails"}};
    test::expect_error(ErrorCode::validation, "nope", [&] { storage->select(records, q, bad); });
}

TEST_P(StorageConformance, GroupCountsAreComputedInTheDatabase) {
    for (int i = 0; i < 10; ++i) {
        Row row = sample_row(records, "x", i);
        row[std::size_t(records.column_index("company"))] = std::string(i % 3 ? "Acme" : "Globex");
        row[std::size_t(records.column_index("assigned_to"))] =
            i < 4 ? Value() : Value(std::int64_t{i % 2});
        storage->insert(records, row);
    }
    std::vector<std::string> by = {"assigned_to", "company"};
    auto groups = storage->group_counts(records, Query{}, by);
    ASSERT_EQ(groups.size(), 6u); // (none|0|1) x (Acme|Globex)
    EXPECT_EQ(groups[0].key, (Row{Value(), Value(std::string("Acme"))})); // NULL first
    EXPECT_EQ(groups[0].count, 2);
    std::int64_t total = 0;
    for (const auto& g : groups) total += g.count;
    EXPECT_EQ(total, 10);
    auto all = storage->group_counts(records, Query{}, {});
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].count, 10);
}

TEST_P(StorageConformance, InsertManyWritesRowsAndChildRowsInOrder) {
    const auto& phones = records.children.at(2);
    auto before = storage->insert(records, sample_row(records, "before", 0));
    std::vector<Row> rows;
    std::vector<std::vector<Row>> lists;
    for (int i = 0; i < 150; ++i) { // more than one statement's worth
        rows.push_back(sample_row(records, "r" + std::to_string(i), i));
        std::vector<Row> list;
        for (int p = 0; p < i % 3; ++p)
            list.push_back(child_row(phones, std::to_string(i * 10 + p)));
        lists.push_back(std::move(list));
    }
    storage->begin(true);
    const auto ids = storage->insert_many(records, rows);
    storage->insert_children_many(phones, ids, lists);
    storage->commit();
    ASSERT_EQ(ids.size(), rows.size());
    std::int64_t previous = before;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        EXPECT_GT(ids[i], previous);
        previous = ids[i];
        EXPECT_EQ(*get(records, ids[i]), rows[i]);
        EXPECT_EQ(children(phones, ids[i]), lists[i]);
    }
    EXPECT_GT(storage->insert(records, sample_row(records, "after", 0)), ids.back());
    EXPECT_TRUE(storage->insert_many(records, {}).empty());
}

TEST_P(StorageConformance, HasFindsRowsByAColumnOfTheirChildRows) {
    const ChildTableDef* emails = nullptr;
    for (const auto& c : records.children)
        if (c.name == "emails") emails = &c;
    ASSERT_TRUE(emails);
    const int address = 1;
    ASSERT_EQ(emails->columns[std::size_t(address)].name, "address");
    std::vector<std::int64_t> ids;
    for (int i = 0; i < 5; ++i) {
        ids.push_back(storage->insert(records, sample_row(records, "n" + std::to_string(i), i)));
        Row first = child_row(*emails, "home");
        first[std::size_t(address)] = std::string("person" + std::to_string(i) + "@example.com");
        Row shared = child_row(*emails, "work");
        shared[std::size_t(address)] =
            std::string(i % 2 ? "Team@Example.com" : "other@example.com");
        storage->insert_children(*emails, ids.back(), std::vector<Row>{first, shared});
    }
    auto matching = [&](const std::string& value, bool exact) {
        Query q;
        q.where.push_back(Condition{"emails.address", CompareOp::has, value, {}, exact});
        return find_ids(q);
    };
    EXPECT_EQ(matching("person3@example.com", false), (std::vector<std::int64_t>{ids[3]}));
    EXPECT_EQ(matching("PERSON3@EXAMPLE.COM", false), (std::vector<std::int64_t>{ids[3]}));
    EXPECT_EQ(matching("team@example.com", false), (std::vector<std::int64_t>{ids[1], ids[3]}));
    EXPECT_TRUE(matching("team@example.com", true).empty());
    EXPECT_TRUE(matching("nobody@example.com", false).empty());
    Query bad;
    bad.where.push_back(Condition{"emails.nothing", CompareOp::has, std::string("x"), {}});
    test::expect_error(ErrorCode::validation, "emails.nothing",
                       [&] { storage->count(records, bad); });
}

TEST_P(StorageConformance, BulkLoadKeepsQueriesRightAndFinishes) {
    const auto& emails = records.children.at(0);
    storage->begin(true);
    auto load = storage->bulk_load(records, BulkLoadHint{.outgrows_table = true});
    for (int i = 0; i < 50; ++i) {
        Row row = sample_row(records, "n" + std::to_string(i), i);
        row[std::size_t(records.column_index("company"))] = std::string(i % 2 ? "Acme" : "Globex");
        auto id = storage->insert(records, row);
        Row email = child_row(emails, "work");
        email[1] = std::string("p" + std::to_string(i) + "@example.com");
        storage->insert_children(emails, id, std::vector<Row>{email});
    }
    Query acme;
    acme.where.push_back(Condition{"company", CompareOp::eq, std::string("ACME"), {}});
    EXPECT_EQ(storage->count(records, acme), 25); // still answered during the load
    load->finish();
    load->finish(); // a second finish does nothing
    storage->commit();
    load.reset();
    EXPECT_EQ(storage->count(records, acme), 25);
    Query by_address;
    by_address.where.push_back(
        Condition{"emails.address", CompareOp::has, std::string("P7@example.com"), {}});
    EXPECT_EQ(storage->count(records, by_address), 1);

    // A rolled back load leaves the table (and what serves its queries) as it was.
    storage->begin(true);
    load = storage->bulk_load(records, BulkLoadHint{.outgrows_table = true});
    storage->insert(records, sample_row(records, "gone", 1));
    storage->rollback();
    load.reset();
    EXPECT_EQ(storage->count(records, acme), 25);
    EXPECT_EQ(storage->count(records, Query{}), 50);
    EXPECT_EQ(storage->count(records, by_address), 1);

    // A guard dropped without finish() still leaves a committed table whole.
    storage->begin(true);
    load = storage->bulk_load(records, BulkLoadHint{.outgrows_table = true});
    storage->insert(records, sample_row(records, "kept", 1));
    load.reset();
    storage->commit();
    EXPECT_EQ(storage->count(records, Query{}), 51);
    EXPECT_EQ(storage->count(records, by_address), 1);
}

TEST_P(StorageConformance, BulkLoadAnnouncedBeforeTheTransactionEndsWithIt) {
    const auto& emails = records.children.at(0);
    const Row orphan = child_row(emails, "nobody@example.com");
    auto refuses_orphans = [&] {
        storage->begin(true);
        try {
            storage->insert_children(emails, 987654321, {&orphan, 1});
        } catch (const Error&) {
            storage->rollback();
            return true;
        }
        storage->rollback();
        return false;
    };
    ASSERT_TRUE(refuses_orphans());
    {
        auto load = storage->bulk_load(records, {});
        storage->begin(true);
        const std::vector<Row> rows = {sample_row(records, "a", 1), sample_row(records, "b", 2)};
        const auto ids = storage->insert_many(records, rows);
        const std::vector<std::vector<Row>> lists = {{child_row(emails, "a@x")}, {}};
        storage->insert_children_many(emails, ids, lists);
        load->finish();
        storage->commit();
        EXPECT_EQ(storage->count(records, Query{}), 2);
    }
    EXPECT_TRUE(refuses_orphans()); // checks are back once the load has ended

    // A guard that ends inside the transaction: checks come back when it ends.
    auto load = storage->bulk_load(records, {});
    storage->begin(true);
    load.reset();
    storage->commit();
    EXPECT_TRUE(refuses_orphans());
}

// ---- read: records with their lists, one view --------------------------------

namespace {

/// A records row named `name`, of company `company`, version `v`.
Row named_row(const TableDef& records, const std::string& name, Value company, std::int64_t v) {
    Row row = sample_row(records, name, v);
    row[std::size_t(records.column_index("company"))] = std::move(company);
    return row;
}

} // namespace

TEST_P(StorageConformance, ReadByIdReturnsTheRowWithEveryList) {
    auto id = storage->insert(records, named_row(records, "Jane", std::string("Acme"), 1));
    auto other = storage->insert(records, named_row(records, "Other", std::string("Acme"), 1));
    std::vector<std::vector<Row>> lists(records.children.size());
    for (std::size_t c = 0; c < records.children.size(); ++c) {
        const auto& child = records.children[c];
        for (std::size_t i = 0; i < c % 3 + (c == 1 ? 0 : 1); ++i)
            lists[c].push_back(child_row(child, child.name + std::to_string(2 - i)));
        storage->insert_children(child, id, lists[c]);
        storage->insert_children(child, other, std::vector<Row>{child_row(child, "x")});
    }
    auto rows = all_rows(*storage->read(records, by_id(id), ReadShape::whole(records)));
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].id, id);
    EXPECT_EQ(rows[0].values, *get(records, id));
    EXPECT_EQ(rows[0].children, lists);

    // Some columns and some lists, in the order asked.
    const int name = records.column_index("full_name");
    const int company = records.column_index("company");
    const int last = int(records.children.size()) - 1;
    rows = all_rows(*storage->read(records, by_id(id), ReadShape::of({company, name}, {last, 0})));
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].values, (Row{std::string("Acme"), std::string("Jane")}));
    EXPECT_EQ(rows[0].children,
              (std::vector<std::vector<Row>>{lists[std::size_t(last)], lists[0]}));

    // The same record found by another query comes with the same lists.
    Query named;
    named.where.push_back(Condition{"full_name", CompareOp::eq, std::string("Jane"), {}});
    rows = all_rows(*storage->read(records, named, ReadShape::whole(records)));
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].children, lists);

    // No such row, or a row of another record type: nothing.
    EXPECT_TRUE(
        all_rows(*storage->read(records, by_id(id + 1000), ReadShape::whole(records))).empty());
    const auto& accounts = table_named("accounts");
    EXPECT_TRUE(all_rows(*storage->read(accounts, by_id(id), ReadShape::whole(accounts))).empty());
}

TEST_P(StorageConformance, ReadStreamsListsAlongsideRowsInAnyOrder) {
    const auto& emails = records.children.at(0);
    const auto& phones = records.children.at(2);
    std::map<std::int64_t, std::pair<std::vector<Row>, std::vector<Row>>> expected;
    const char* companies[] = {"acme", "Acme", "ACME", "Globex", "Émile", "émile", ""};
    storage->begin(true);
    for (int i = 0; i < 60; ++i) {
        Row row =
            named_row(records, "n" + std::to_string(i % 9), std::string(companies[i % 7]), i % 5);
        row[std::size_t(records.column_index("assigned_to"))] =
            i % 8 == 7 ? Value() : Value(std::int64_t{i % 3});
        auto id = storage->insert(records, row);
        std::vector<Row> e, p;
        for (int k = 0; k < i % 3; ++k) e.push_back(child_row(emails, "e" + std::to_string(k)));
        for (int k = 0; k < (i / 3) % 4; ++k)
            p.push_back(child_row(phones, "p" + std::to_string(i) + "-" + std::to_string(k)));
        storage->insert_children(emails, id, e);
        storage->insert_children(phones, id, p);
        expected[id] = {e, p};
    }
    storage->commit();
    auto check = [&](const Query& q) {
        const auto order = find_ids(q);
        auto rows = all_rows(*storage->read(records, q, ReadShape::of({}, {2, 0})));
        EXPECT_EQ(rows.size(), order.size());
        if (rows.size() != order.size()) return std::size_t{0};
        for (std::size_t i = 0; i < rows.size(); ++i) {
            EXPECT_EQ(rows[i].id, order[i]);
            EXPECT_EQ(rows[i].children.at(0), expected.at(rows[i].id).second) << "row " << i;
            EXPECT_EQ(rows[i].children.at(1), expected.at(rows[i].id).first) << "row " << i;
        }
        return rows.size();
    };
    Query all;
    EXPECT_EQ(check(all), 60u); // by id: each list read in one pass
    Query sorted;
    sorted.order_by = {SortKey{"company", true}, SortKey{"assigned_to", false},
                       SortKey{"version", false}};
    EXPECT_EQ(check(sorted), 60u); // NOCASE keys, NULLs, ties broken by id
    Query page = sorted;
    page.limit = 7;
    page.offset = 11;
    EXPECT_EQ(check(page), 7u);
    Query filtered;
    filtered.where.push_back(Condition{"company", CompareOp::eq, std::string("ACME"), {}});
    filtered.where.push_back(Condition{"version", CompareOp::ge, std::int64_t{2}, {}});
    EXPECT_GT(check(filtered), 0u);
    Query unindexed; // a condition no index answers: the lists are read whole
    unindexed.where.push_back(Condition{"version", CompareOp::eq, std::int64_t{3}, {}});
    EXPECT_EQ(check(unindexed), 12u);
    Query none;
    none.where.push_back(Condition{"full_name", CompareOp::eq, std::string("nobody"), {}});
    EXPECT_EQ(check(none), 0u);
}

TEST_P(StorageConformance, ACursorKeepsItsViewWhileTheSameStorageWrites) {
    for (int i = 0; i < 100; ++i)
        storage->insert(records, named_row(records, "n" + std::to_string(i), std::string("A"), i));
    const int version = records.version_column;
    const int name = records.column_index("full_name");
    Query by_version;
    by_version.order_by = {SortKey{"version", false}};
    auto cursor = storage->read(records, by_version, ReadShape::whole(records));
    ReadRow row;
    ASSERT_TRUE(cursor->next(row));
    Row changed = row.values;
    changed[std::size_t(version)] = std::int64_t{1000};
    // Moving each row to the end of the order while reading: every row
    // once, as it was when the read began; a row added meanwhile is not seen.
    std::set<std::int64_t> seen;
    std::int64_t bump = 1000;
    do {
        EXPECT_TRUE(seen.insert(row.id).second) << "row " << row.id << " came twice";
        EXPECT_LT(std::get<std::int64_t>(row.values[std::size_t(version)]), 100);
        Row moved = row.values;
        moved[std::size_t(version)] = bump++;
        moved[std::size_t(name)] = std::string("changed");
        EXPECT_EQ(storage->update(records, row.id, moved, std::nullopt), UpdateResult::updated);
        if (seen.size() == 50)
            storage->insert(records, named_row(records, "new", std::string("A"), -1));
    } while (cursor->next(row) && seen.size() < 1000);
    EXPECT_EQ(seen.size(), 100u);
    Query changed_rows;
    changed_rows.where.push_back(Condition{"full_name", CompareOp::eq, std::string("changed"), {}});
    EXPECT_EQ(storage->count(records, changed_rows), 100);
    EXPECT_EQ(storage->count(records, Query{}), 101);
}

TEST_P(StorageConformance, WritingInsideATransactionWhileACursorIsOpenFailsAtOnce) {
    for (int i = 0; i < 5; ++i)
        storage->insert(records, named_row(records, "n", std::string("A"), i));
    storage->begin(true);
    auto kept = storage->insert(records, named_row(records, "kept", std::string("A"), 9));
    {
        auto cursor = storage->read(records, Query{}, ReadShape::whole(records));
        ReadRow row;
        ASSERT_TRUE(cursor->next(row));
        test::expect_error(ErrorCode::conflict, "still being read", [&] {
            storage->insert(records, named_row(records, "refused", std::string("A"), 0));
        });
        test::expect_error(ErrorCode::conflict, "still being read",
                           [&] { storage->remove(records, row.id); });
        std::size_t n = 1;
        while (cursor->next(row)) ++n;
        EXPECT_EQ(n, 6u); // the transaction's own row is in its view
        // Read to its end, the cursor no longer holds the connection.
        storage->insert(records, named_row(records, "after", std::string("A"), 0));
    }
    {
        auto cursor = storage->read(records, Query{}, ReadShape::whole(records));
        ReadRow row;
        ASSERT_TRUE(cursor->next(row));
    } // let go before its end
    storage->insert(records, named_row(records, "after", std::string("A"), 0));
    storage->commit();
    EXPECT_TRUE(storage->exists(records, kept));
    EXPECT_EQ(storage->count(records, Query{}), 8);
}

// ---- the contract, operator by operator (storage.hpp) --------------------------

namespace {

/// Inserts one records row per value of `company` (full_name "n<i>") and
/// returns their ids in order.
std::vector<std::int64_t> companies(Storage& storage, const TableDef& records,
                                    const std::vector<Value>& values) {
    std::vector<std::int64_t> ids;
    for (std::size_t i = 0; i < values.size(); ++i)
        ids.push_back(storage.insert(
            records, named_row(records, "n" + std::to_string(i), values[i], std::int64_t(i))));
    return ids;
}

} // namespace

TEST_P(StorageConformance, CaseInsensitiveColumnsFoldAsciiLettersOnly) {
    const auto ids = companies(*storage, records,
                               {std::string("Émile"), std::string("émile"), std::string("ACME"),
                                std::string("acme"), std::string("Zoë"), std::string("ZOË")});
    auto found = [&](CompareOp op, const std::string& value, bool exact = false) {
        Query q;
        q.where.push_back(Condition{"company", op, value, {}, exact});
        return find_ids(q);
    };
    using Ids = std::vector<std::int64_t>;
    // É and é are different letters to both backends; A and a are not.
    EXPECT_EQ(found(CompareOp::eq, "émile"), (Ids{ids[1]}));
    EXPECT_EQ(found(CompareOp::eq, "ÉMILE"), (Ids{ids[0]}));
    EXPECT_EQ(found(CompareOp::eq, "Acme"), (Ids{ids[2], ids[3]}));
    EXPECT_EQ(found(CompareOp::eq, "Acme", true), Ids{});
    EXPECT_EQ(found(CompareOp::eq, "ACME", true), (Ids{ids[2]}));
    EXPECT_EQ(found(CompareOp::eq, "zoë"), (Ids{ids[4]})); // ë is not Ë
    EXPECT_EQ(found(CompareOp::ne, "acme").size(), 4u);
    // contains and starts_with ignore ASCII case, on every column.
    EXPECT_EQ(found(CompareOp::contains, "MIL"), (Ids{ids[0], ids[1]}));
    EXPECT_EQ(found(CompareOp::contains, "ÉMI"), (Ids{ids[0]}));
    EXPECT_EQ(found(CompareOp::starts_with, "ac"), (Ids{ids[2], ids[3]}));
    EXPECT_EQ(found(CompareOp::starts_with, "cme"), Ids{});
    EXPECT_EQ(found(CompareOp::contains, "_"), Ids{}); // wildcards are literal
    Query job;
    job.where.push_back(Condition{"job_title", CompareOp::contains, std::string("N0"), {}});
    EXPECT_EQ(find_ids(job), (Ids{ids[0]})); // a column compared by bytes elsewhere
    Query same_job;
    same_job.where.push_back(Condition{"job_title", CompareOp::eq, std::string("N0"), {}});
    EXPECT_EQ(find_ids(same_job), Ids{}); // ... is compared by bytes with eq
    // In and ranges fold the same way; order is by folded bytes, then id.
    Query in;
    in.where.push_back(
        Condition{"company", CompareOp::in, {}, {std::string("ACME"), std::string("ZOË")}});
    EXPECT_EQ(find_ids(in), (Ids{ids[2], ids[3], ids[5]}));
    Query range;
    range.where.push_back(Condition{"company", CompareOp::ge, std::string("B"), {}});
    range.where.push_back(Condition{"company", CompareOp::lt, std::string("zz"), {}});
    EXPECT_EQ(find_ids(range), (Ids{ids[4], ids[5]}));
    Query sorted;
    sorted.order_by = {SortKey{"company", false}};
    EXPECT_EQ(find_ids(sorted), (Ids{ids[2], ids[3], ids[5], ids[4], ids[0], ids[1]}));
}

TEST_P(StorageConformance, NullsCompareAndSortAsTheContractSays) {
    const int assigned = records.column_index("assigned_to");
    std::vector<std::int64_t> ids;
    const std::vector<Value> values = {Value(std::int64_t{2}), Value(), Value(std::int64_t{1}),
                                       Value()};
    for (const auto& v : values) {
        Row row = sample_row(records, "x", 1);
        row[std::size_t(assigned)] = v;
        ids.push_back(storage->insert(records, row));
    }
    using Ids = std::vector<std::int64_t>;
    auto where = [&](CompareOp op, Value v) {
        Query q;
        q.where.push_back(Condition{"assigned_to", op, std::move(v), {}});
        return find_ids(q);
    };
    EXPECT_EQ(where(CompareOp::eq, Value()), (Ids{ids[1], ids[3]}));
    EXPECT_EQ(where(CompareOp::ne, Value(std::int64_t{2})), (Ids{ids[1], ids[2], ids[3]}));
    EXPECT_EQ(where(CompareOp::lt, Value(std::int64_t{5})), (Ids{ids[0], ids[2]}));
    EXPECT_EQ(where(CompareOp::is_empty, Value()), (Ids{ids[1], ids[3]}));
    Query up;
    up.order_by = {SortKey{"assigned_to", false}};
    EXPECT_EQ(find_ids(up), (Ids{ids[1], ids[3], ids[2], ids[0]})); // NULL first
    Query down;
    down.order_by = {SortKey{"assigned_to", true}};
    EXPECT_EQ(find_ids(down), (Ids{ids[0], ids[2], ids[1], ids[3]})); // NULL last
    Query in;
    in.where.push_back(Condition{"assigned_to", CompareOp::in, {}, {}});
    EXPECT_EQ(find_ids(in), Ids{}); // an empty list matches nothing
}

TEST_P(StorageConformance, GoingOnAfterAnErrorInsideASavepoint) {
    const auto& emails = records.children.at(0);
    const Row orphan = child_row(emails, "nobody@example.com");
    storage->begin(true);
    const auto kept = storage->insert(records, sample_row(records, "kept", 1));
    storage->begin(true);
    EXPECT_THROW(storage->insert_children(emails, 987654321, {&orphan, 1}), Error);
    storage->rollback(); // back to the savepoint: the transaction goes on
    const auto after = storage->insert(records, sample_row(records, "after", 1));
    storage->commit();
    EXPECT_TRUE(storage->exists(records, kept));
    EXPECT_TRUE(storage->exists(records, after));
    EXPECT_EQ(storage->count(records, Query{}), 2);
}

TEST_P(StorageConformance, BatchesOfAHundredThousandRows) {
    // 100,000 rows of dozens of columns: far more values than one statement
    // may carry (65,535 parameters in PostgreSQL, 32,766 in SQLite).
    std::vector<Row> rows;
    rows.reserve(100000);
    for (int i = 0; i < 100000; ++i)
        rows.push_back(sample_row(records, "r" + std::to_string(i), i));
    ASSERT_GT(rows.size() * records.columns.size(), 65535u);
    storage->begin(true);
    const auto ids = storage->insert_many(records, rows);
    storage->commit();
    ASSERT_EQ(ids.size(), rows.size());
    EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
    EXPECT_EQ(std::set<std::int64_t>(ids.begin(), ids.end()).size(), ids.size());
    EXPECT_EQ(storage->count(records, Query{}), 100000);
    EXPECT_EQ(*get(records, ids[54321]), rows[54321]);
    EXPECT_EQ(*get(records, ids.back()), rows.back());
}

TEST_P(StorageConformance, AnInListLongerThanAStatementMayCarry) {
    // 75,000 ids in one `in`: more than one statement may bind (65,535
    // parameters in PostgreSQL, 32,766 in SQLite by default).
    std::vector<Row> rows;
    for (int i = 0; i < 70000; ++i) rows.push_back(sample_row(records, "r" + std::to_string(i), i));
    storage->begin(true);
    const auto ids = storage->insert_many(records, rows);
    storage->commit();
    Query query;
    Condition in{.column = "id", .op = CompareOp::in};
    // (Built in place: GCC 12 at -O2 warns on moving a Value into the list.)
    for (std::size_t i = 0; i < ids.size(); i += 2)
        in.values.emplace_back(std::in_place_type<std::int64_t>, ids[i]);
    // And 40,000 ids no row has.
    for (std::int64_t k = 1; k <= 40000; ++k)
        in.values.emplace_back(std::in_place_type<std::int64_t>, ids.back() + k);
    ASSERT_GT(in.values.size(), 65535u);
    query.where.push_back(in);
    EXPECT_EQ(storage->count(records, query), 35000);
    auto cursor = storage->read(records, query, ReadShape::of({}));
    ReadRow row;
    std::size_t n = 0;
    while (cursor->next(row)) EXPECT_EQ(row.id, ids[2 * n++]);
    EXPECT_EQ(n, 35000u);

    // A long list compares as the column does: without case on a
    // case-insensitive column, byte for byte on another.
    const ColumnDef* folded = nullptr;
    const ColumnDef* binary = nullptr;
    for (const auto& c : records.columns) {
        if (c.type != ColumnType::text) continue;
        if (c.nocase && !folded) folded = &c;
        if (!c.nocase && !binary) binary = &c;
    }
    ASSERT_TRUE(folded && binary);
    Condition upper{.column = folded->name, .op = CompareOp::in};
    for (int i = 0; i < 100; ++i) upper.values.push_back("R" + std::to_string(i));
    EXPECT_EQ(storage->count(records, Query{.where = {upper}}), 100);
    upper.column = binary->name;
    EXPECT_EQ(storage->count(records, Query{.where = {upper}}), 0);
}

TEST(SqliteStorage, ACursorDoesNotSeeWhatAnotherConnectionCommitsMeanwhile) {
    test::TempDir dir;
    const auto path = dir.file("two.db");
    auto first = open_sqlite_storage(path, LeadBook::schema_tables());
    auto second = open_sqlite_storage(path, LeadBook::schema_tables());
    const TableDef& records = table_named("records");
    for (int i = 0; i < 10; ++i) first->insert(records, sample_row(records, "a", i));
    auto cursor = first->read(records, Query{}, ReadShape::whole(records));
    ReadRow row;
    ASSERT_TRUE(cursor->next(row));
    // The other connection writes and commits; this one writes too.
    for (int i = 0; i < 10; ++i) second->insert(records, sample_row(records, "b", i));
    first->insert(records, sample_row(records, "c", 0));
    std::size_t n = 1;
    while (cursor->next(row)) ++n;
    EXPECT_EQ(n, 10u);
    EXPECT_EQ(first->count(records, Query{}), 21);
}

INSTANTIATE_TEST_SUITE_P(Backends, StorageConformance, ::testing::ValuesIn(backends()),
                         [](const auto& info) { return info.param.name; });

// ---- two connections to one database ----------------------------------------

namespace {

/// A backend two connections can share: a new database's location, and
/// how to open it with a write-lock timeout.
struct SharedBackend {
    std::string name;
    std::function<std::string(const test::TempDir&)> location;
    std::function<std::unique_ptr<Storage>(const std::string&, int timeout_ms)> open;
};

void PrintTo(const SharedBackend& backend, std::ostream* out) { *out << backend.name; }

const std::vector<SharedBackend>& shared_backends() {
    static const std::vector<SharedBackend> list = {
        {"sqlite_file", [](const test::TempDir& dir) { return dir.file("shared.db"); },
         [](const std::string& path, int timeout_ms) {
             return open_sqlite_storage(path, LeadBook::schema_tables(),
                                        SqliteOptions{.busy_timeout_ms = timeout_ms});
         }},
        {"postgres", [](const test::TempDir&) { return test::new_postgres_conninfo(); },
         [](const std::string& conninfo, int timeout_ms) {
             return open_postgres_storage(conninfo, LeadBook::schema_tables(),
                                          PostgresOptions{.lock_timeout_ms = timeout_ms});
         }},
    };
    return list;
}

class TwoConnections : public ::testing::TestWithParam<SharedBackend> {
protected:
    void SetUp() override {
        const std::string location = GetParam().location(dir);
        first = GetParam().open(location, 10000);
        second = GetParam().open(location, 200);
    }
    test::TempDir dir;
    std::unique_ptr<Storage> first, second;
    const TableDef& records = table_named("records");
};

} // namespace

TEST_P(TwoConnections, AStaleVersionIsSeenAcrossConnections) {
    const Row original = sample_row(records, "A", 1);
    const auto id = first->insert(records, original);
    Row theirs = sample_row(records, "B", 2);
    EXPECT_EQ(second->update(records, id, theirs, 1), UpdateResult::updated);
    Row mine = sample_row(records, "C", 2);
    EXPECT_EQ(first->update(records, id, mine, 1), UpdateResult::stale_version);
    auto rows = all_rows(*first->read(records, by_id(id), ReadShape::whole(records)));
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].values, theirs); // the later writer changed nothing
}

TEST_P(TwoConnections, OneWriterAtATimeAndBusyAfterTheTimeout) {
    first->begin(true);
    const auto id = first->insert(records, sample_row(records, "A", 1));
    // The other connection waits its 200 ms for the write lock, then gives up.
    test::expect_error(ErrorCode::busy, "", [&] { second->begin(true); });
    test::expect_error(ErrorCode::busy, "",
                       [&] { second->insert(records, sample_row(records, "B", 1)); });
    // Readers never wait, and do not see what is not committed.
    EXPECT_EQ(second->count(records, Query{}), 0);
    first->commit();
    EXPECT_TRUE(second->exists(records, id));
    second->begin(true); // free again
    second->insert(records, sample_row(records, "B", 1));
    second->commit();
    EXPECT_EQ(first->count(records, Query{}), 2);
}

TEST_P(TwoConnections, ACursorDoesNotSeeWhatTheOtherConnectionCommits) {
    for (int i = 0; i < 10; ++i) first->insert(records, sample_row(records, "a", i));
    auto cursor = first->read(records, Query{}, ReadShape::whole(records));
    ReadRow row;
    ASSERT_TRUE(cursor->next(row));
    for (int i = 0; i < 10; ++i) second->insert(records, sample_row(records, "b", i));
    std::size_t n = 1;
    while (cursor->next(row)) ++n;
    EXPECT_EQ(n, 10u);
    EXPECT_EQ(first->count(records, Query{}), 20);
}

INSTANTIATE_TEST_SUITE_P(Backends, TwoConnections, ::testing::ValuesIn(shared_backends()),
                         [](const auto& info) { return info.param.name; });
