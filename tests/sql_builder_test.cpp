// The SQLite backend's SQL text: what each builder writes and binds for a
// small hand-made table, and what it refuses.
#include "storage/sqlite/sql_builder.hpp"

#include "test_support.hpp"

using namespace leadbook;
using namespace leadbook::sqlite;

namespace {

/// "people": a shared-id record table with two columns and a list of
/// e-mail entries, like the lead table but small enough to spell out.
TableDef people() {
    TableDef t;
    t.name = "people";
    t.kind = "person";
    t.columns = {ColumnDef{"name", ColumnType::text, false, true, true},
                 ColumnDef{"age", ColumnType::integer, true, false, false},
                 ColumnDef{"version", ColumnType::integer, false, false, false}};
    t.version_column = 2;
    t.children = {ChildTableDef{"people_emails",
                                {ColumnDef{"label", ColumnType::text},
                                 ColumnDef{"address", ColumnType::text, false, true, true}}},
                  ChildTableDef{"people_tags", {ColumnDef{"tag", ColumnType::integer}}}};
    return t;
}

TableDef settings_like() {
    TableDef t;
    t.name = "things";
    t.columns = {ColumnDef{"title", ColumnType::text}};
    return t;
}

} // namespace

TEST(SqlBuilder, QuotesNamesAndNumbersParameters) {
    EXPECT_EQ(quote("full_name"), "\"full_name\"");
    EXPECT_EQ(column_list(people().columns), "\"name\", \"age\", \"version\"");
    EXPECT_EQ(placeholders(3, 2), "?3, ?4");
    EXPECT_EQ(placeholders(1, 0), "");
    EXPECT_EQ(kind_clause(people(), 4), " AND record_kind = ?4");
    EXPECT_EQ(kind_clause(settings_like(), 4), "");
}

TEST(SqlBuilder, WhereBindsEveryValueAndTheRecordType) {
    Query q;
    q.where.push_back(Condition{"name", CompareOp::eq, std::string("Ann"), {}});
    q.where.push_back(Condition{"age", CompareOp::ge, std::int64_t{30}, {}});
    q.where.push_back(
        Condition{"age", CompareOp::in, {}, {Value(std::int64_t{1}), Value(std::int64_t{2})}});
    std::vector<Value> binds;
    EXPECT_EQ(where_sql(people(), q, binds), " WHERE 1 AND record_kind = ?1 AND \"name\" = ?2 AND "
                                             "\"age\" >= ?3 AND \"age\" IN (?4, ?5)");
    EXPECT_EQ(binds, (std::vector<Value>{Value(std::string("person")), Value(std::string("Ann")),
                                         Value(std::int64_t{30}), Value(std::int64_t{1}),
                                         Value(std::int64_t{2})}));
}

TEST(SqlBuilder, WhereSpellsEachOperator) {
    auto one = [](Condition c) {
        Query q;
        q.where.push_back(std::move(c));
        std::vector<Value> binds;
        std::string sql = where_sql(settings_like(), q, binds, "t");
        return std::pair{sql, binds};
    };
    EXPECT_EQ(one({"title", CompareOp::eq, Value(), {}}).first, " WHERE 1 AND t.\"title\" IS NULL");
    EXPECT_EQ(one({"title", CompareOp::eq, std::string("A"), {}, true}).first,
              " WHERE 1 AND t.\"title\" = ?1 COLLATE BINARY");
    EXPECT_EQ(one({"title", CompareOp::ne, std::string("A"), {}}).first,
              " WHERE 1 AND t.\"title\" IS NOT ?1");
    EXPECT_EQ(one({"title", CompareOp::is_empty, Value(), {}}).first,
              " WHERE 1 AND (t.\"title\" IS NULL OR t.\"title\" = '')");
    EXPECT_EQ(one({"title", CompareOp::in, Value(), {}}).first, " WHERE 1 AND 0");
    // LIKE patterns escape the wildcards of the value itself.
    auto contains = one({"title", CompareOp::contains, std::string("50%_off"), {}});
    EXPECT_EQ(contains.first, " WHERE 1 AND t.\"title\" LIKE ?1 ESCAPE '\\'");
    EXPECT_EQ(contains.second.at(0), Value(std::string("%50\\%\\_off%")));
    auto starts = one({"title", CompareOp::starts_with, std::string("a\\b"), {}});
    EXPECT_EQ(starts.second.at(0), Value(std::string("a\\\\b%")));
    test::expect_error(ErrorCode::validation, "need text", [&] {
        one({"title", CompareOp::contains, std::int64_t{5}, {}});
    });
}

TEST(SqlBuilder, HasLooksInTheChildTable) {
    Query q;
    q.where.push_back(Condition{"people_emails.address", CompareOp::has, std::string("a@b.c"), {}});
    q.where.push_back(Condition{"people_tags", CompareOp::has, std::int64_t{7}, {}, true});
    std::vector<Value> binds;
    EXPECT_EQ(where_sql(people(), q, binds),
              " WHERE 1 AND +record_kind = ?1 AND id IN (SELECT owner_id FROM \"people_emails\" "
              "WHERE \"address\" = ?2) AND id IN (SELECT owner_id FROM \"people_tags\" WHERE "
              "\"tag\" = ?3 COLLATE BINARY)");
    EXPECT_EQ(binds.size(), 3u);
}

TEST(SqlBuilder, UnknownColumnsAreRefusedBeforeAnySqlExists) {
    std::vector<Value> binds;
    Query where;
    where.where.push_back(Condition{"salary", CompareOp::eq, std::int64_t{1}, {}});
    test::expect_error(ErrorCode::validation, "no field 'salary' in people",
                       [&] { where_sql(people(), where, binds); });
    Query order;
    order.order_by.push_back(SortKey{"\"; DROP TABLE people; --", false});
    test::expect_error(ErrorCode::validation, "DROP TABLE", [&] { order_sql(people(), order); });
    Query has;
    has.where.push_back(Condition{"people_emails.nope", CompareOp::has, std::string("x"), {}});
    test::expect_error(ErrorCode::validation, "people_emails.nope",
                       [&] { where_sql(people(), has, binds); });
    Query list_of_entries; // a list of entries needs a member named
    list_of_entries.where.push_back(
        Condition{"people_emails", CompareOp::has, std::string("x"), {}});
    test::expect_error(ErrorCode::validation, "people_emails",
                       [&] { where_sql(people(), list_of_entries, binds); });
    const std::vector<std::string> group_by = {"nope"};
    test::expect_error(ErrorCode::validation, "nope",
                       [&] { group_counts_sql(people(), Query{}, group_by); });
}

TEST(SqlBuilder, OrderEndsWithTheIdAndPages) {
    Query q;
    q.order_by = {SortKey{"age", true}, SortKey{"name", false}};
    EXPECT_EQ(order_sql(people(), q), " ORDER BY \"age\" DESC, \"name\", id");
    q.limit = 10;
    q.offset = 20;
    EXPECT_EQ(order_sql(people(), q, "t"),
              " ORDER BY t.\"age\" DESC, t.\"name\", t.id LIMIT 10 OFFSET 20");
    Query offset_only;
    offset_only.offset = 5;
    EXPECT_EQ(order_sql(people(), offset_only), " ORDER BY id LIMIT -1 OFFSET 5");
}

TEST(SqlBuilder, CountAndGroupCounts) {
    Query q;
    q.where.push_back(Condition{"age", CompareOp::lt, std::int64_t{18}, {}});
    Sql count = count_sql(people(), q);
    EXPECT_EQ(count.text,
              "SELECT count(*) FROM \"people\" WHERE 1 AND record_kind = ?1 AND \"age\" < ?2");
    EXPECT_EQ(count.binds.size(), 2u);
    q.limit = 3;
    EXPECT_EQ(count_sql(people(), q).text,
              "SELECT count(*) FROM (SELECT id FROM \"people\" WHERE 1 AND record_kind = ?1 AND "
              "\"age\" < ?2 LIMIT 3 OFFSET 0)");
    const std::vector<std::string> by = {"age", "name"};
    EXPECT_EQ(group_counts_sql(settings_like(), Query{}, {}).text,
              "SELECT count(*) FROM \"things\" WHERE 1");
    EXPECT_EQ(group_counts_sql(people(), Query{}, by).text,
              "SELECT \"age\", \"name\", count(*) FROM \"people\" WHERE 1 AND record_kind = ?1 "
              "GROUP BY \"age\", \"name\" ORDER BY \"age\", \"name\"");
}

TEST(SqlBuilder, UpdateWhereSetsBindsFirstThenFilters) {
    Query q;
    q.where.push_back(Condition{"name", CompareOp::eq, std::string("Ann"), {}});
    const std::vector<int> columns = {1};
    Sql sql = update_where_sql(people(), q, columns, Row{std::int64_t{40}}, true);
    EXPECT_EQ(sql.text, "UPDATE \"people\" SET \"age\" = ?1, \"version\" = \"version\" + 1 WHERE 1 "
                        "AND record_kind = ?2 AND \"name\" = ?3");
    EXPECT_EQ(sql.binds, (std::vector<Value>{Value(std::int64_t{40}), Value(std::string("person")),
                                             Value(std::string("Ann"))}));
    EXPECT_TRUE(update_where_sql(people(), q, {}, Row{}, false).text.empty());
    const std::vector<int> out_of_range = {9};
    test::expect_error(ErrorCode::internal, "out of range",
                       [&] { update_where_sql(people(), q, out_of_range, Row{Value()}, false); });
}

TEST(SqlBuilder, FixedStatements) {
    const TableDef t = people();
    EXPECT_EQ(insert_sql(t), "INSERT INTO \"people\" (id, record_kind, \"name\", \"age\", "
                             "\"version\") VALUES (?1, ?2, ?3, ?4, ?5)");
    EXPECT_EQ(insert_sql(settings_like()), "INSERT INTO \"things\" (\"title\") VALUES (?1)");
    EXPECT_EQ(insert_many_sql(t, 2),
              "INSERT OR FAIL INTO \"people\" (id, record_kind, \"name\", \"age\", \"version\") "
              "VALUES (?2, ?1, ?3, ?4, ?5), (?6, ?1, ?7, ?8, ?9)");
    EXPECT_EQ(insert_entities_sql(3),
              "INSERT OR FAIL INTO entities (record_kind) VALUES (?1), (?1), (?1)");
    EXPECT_EQ(exists_sql(t), "SELECT 1 FROM \"people\" WHERE id = ?1 AND record_kind = ?2");
    EXPECT_EQ(update_sql(t, true),
              "UPDATE \"people\" SET \"name\" = ?1, \"age\" = ?2, \"version\" = ?3 WHERE id = ?4 "
              "AND \"version\" = ?5 AND record_kind = ?6");
    const std::vector<int> columns = {1, 0};
    EXPECT_EQ(
        update_columns_sql(t, columns),
        "UPDATE \"people\" SET \"age\" = ?1, \"name\" = ?2 WHERE id = ?3 AND record_kind = ?4");
    EXPECT_EQ(remove_sql(t), "DELETE FROM entities WHERE id = ?1 AND record_kind = ?2");
    EXPECT_EQ(remove_sql(settings_like()), "DELETE FROM \"things\" WHERE id = ?1");
    const ChildTableDef& emails = t.children[0];
    EXPECT_EQ(insert_child_sql(emails), "INSERT INTO \"people_emails\" (owner_id, position, "
                                        "\"label\", \"address\") VALUES (?1, ?2, ?3, ?4)");
    EXPECT_EQ(insert_children_sql(emails, 2),
              "INSERT OR FAIL INTO \"people_emails\" (owner_id, position, \"label\", \"address\") "
              "VALUES (?1, ?2, ?3, ?4), (?5, ?6, ?7, ?8)");
    EXPECT_EQ(delete_children_sql(emails), "DELETE FROM \"people_emails\" WHERE owner_id = ?1");
    EXPECT_EQ(delete_children_where_sql(emails, 1),
              "DELETE FROM \"people_emails\" WHERE \"address\" = ?1");
    test::expect_error(ErrorCode::internal, "out of range",
                       [&] { delete_children_where_sql(emails, 2); });
}

TEST(SqlBuilder, RowsPerInsertStayWithinTheParameterLimit) {
    EXPECT_EQ(rows_per_insert(1), 64u);
    EXPECT_EQ(rows_per_insert(40), 24u); // 24 * 40 = 960 <= 999
    EXPECT_EQ(rows_per_insert(2000), 1u);
    EXPECT_EQ(rows_per_insert(0), 64u);
}

TEST(SqlBuilder, ReadOneRecordIsOneStatementWithItsLists) {
    const TableDef t = people();
    EXPECT_EQ(read_one_sql(t, ReadShape::whole(t)),
              "SELECT 0, 0, \"name\", \"age\", \"version\" FROM \"people\" WHERE id = ?1 AND "
              "record_kind = ?2 UNION ALL SELECT 1, position, \"label\", \"address\", NULL FROM "
              "\"people_emails\" WHERE owner_id = ?1 UNION ALL SELECT 2, position, \"tag\", NULL, "
              "NULL FROM \"people_tags\" WHERE owner_id = ?1");
    // Fewer columns than a list is wide: the row is padded instead.
    EXPECT_EQ(read_one_sql(t, ReadShape::of({1}, {0})),
              "SELECT 0, 0, \"age\", NULL FROM \"people\" WHERE id = ?1 AND record_kind = ?2 "
              "UNION ALL SELECT 1, position, \"label\", \"address\" FROM \"people_emails\" WHERE "
              "owner_id = ?1");
    test::expect_error(ErrorCode::internal, "child table",
                       [&] { read_one_sql(t, ReadShape::of({}, {5})); });
    test::expect_error(ErrorCode::internal, "column", [&] { read_one_sql(t, ReadShape::of({7})); });
}

TEST(SqlBuilder, IdLookupsAreRecognised) {
    Query q;
    q.where.push_back(Condition{"id", CompareOp::eq, std::int64_t{4}, {}});
    EXPECT_TRUE(is_id_lookup(q));
    Query paged = q;
    paged.offset = 1;
    EXPECT_FALSE(is_id_lookup(paged));
    Query two = q;
    two.where.push_back(Condition{"age", CompareOp::eq, std::int64_t{4}, {}});
    EXPECT_FALSE(is_id_lookup(two));
    Query text;
    text.where.push_back(Condition{"id", CompareOp::eq, std::string("4"), {}});
    EXPECT_FALSE(is_id_lookup(text));
}

TEST(SqlBuilder, ReadStreamsListsInTheOrderOfTheRows) {
    const TableDef t = people();
    Query q;
    q.where.push_back(Condition{"name", CompareOp::eq, std::string("Ann"), {}});
    q.order_by.push_back(SortKey{"age", true});
    Sql rows = read_sql(t, q, ReadShape::of({0}));
    EXPECT_EQ(rows.text, "SELECT t.id, t.\"name\" FROM \"people\" AS t WHERE 1 AND t.record_kind = "
                         "?1 AND t.\"name\" = ?2 ORDER BY t.\"age\" DESC, t.id");
    Sql list = read_children_sql(t, q, 0);
    EXPECT_EQ(list.text, "SELECT t.id, c.\"label\", c.\"address\" FROM \"people\" AS t JOIN "
                         "\"people_emails\" AS c ON c.owner_id = t.id WHERE 1 AND t.record_kind = "
                         "?1 AND t.\"name\" = ?2 ORDER BY t.\"age\" DESC, t.id, c.position");
    EXPECT_EQ(list.binds, rows.binds);
    // A page: the lists of the page's rows only, chosen as the rows are.
    q.limit = 10;
    q.offset = 20;
    list = read_children_sql(t, q, 1);
    EXPECT_EQ(list.text,
              "SELECT t.id, c.\"tag\" FROM \"people\" AS t JOIN \"people_tags\" AS c ON c.owner_id "
              "= t.id WHERE 1 AND t.record_kind = ?1 AND t.\"name\" = ?2 AND t.id IN (SELECT p.id "
              "FROM \"people\" AS p WHERE 1 AND p.record_kind = ?3 AND p.\"name\" = ?4 ORDER BY "
              "p.\"age\" DESC, p.id LIMIT 10 OFFSET 20) ORDER BY t.\"age\" DESC, t.id, c.position");
    EXPECT_EQ(list.binds.size(), 4u);
}
