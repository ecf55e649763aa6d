// Limits (leadbook/limits.hpp): input past a limit is a validation error
// that names the limit, on every path that writes or queries, and nothing
// stored changes. Also: no NUL characters in text, names unique without
// regard to case in every script.
#include "test_support.hpp"

#include "case_fold.hpp"

#include <leadbook/import.hpp>
#include <leadbook/reports.hpp>

#include <sstream>

using namespace leadbook;
using namespace leadbook::test;

namespace {

/// Every stored lead as JSON lines: equal snapshots, nothing changed.
std::string snapshot(LeadBook& book) {
    std::ostringstream out;
    export_jsonl(book, out);
    return out.str();
}

Lead named(std::string name) {
    Lead lead;
    lead.full_name = std::move(name);
    return lead;
}

const std::string too_long_name(limits::text_bytes + 1, 'n');
const std::string longest_name(limits::text_bytes, 'n');

} // namespace

TEST(Limits, ALongNameIsRefusedOnEveryWritePath) {
    auto book = LeadBook::open(":memory:");
    const Lead jane = book.leads().add(named("Jane Doe"));
    const std::string before = snapshot(book);

    expect_error(ErrorCode::validation, "(text_bytes) is 4096",
                 [&] { book.leads().add(named(too_long_name)); });
    expect_error(ErrorCode::validation, "'full_name' is 4097 bytes long",
                 [&] { book.leads().add(named(too_long_name)); });
    const std::vector<Lead> many = {named("Ada"), named(too_long_name)};
    expect_error(ErrorCode::validation, "record 1: 'full_name' is 4097 bytes long",
                 [&] { book.leads().add_many(std::span<const Lead>(many)); });
    expect_error(ErrorCode::validation, "text_bytes", [&] {
        book.leads().update(jane.id, jane.version, {{"full_name", too_long_name}});
    });
    expect_error(ErrorCode::validation, "text_bytes", [&] {
        book.leads().bulk_edit(Selection::of({jane.id}), "company",
                               boost::json::value(too_long_name));
    });
    expect_error(ErrorCode::validation, "'emails[0].address' is", [&] {
        Lead lead = named("Ada");
        lead.emails = {{"work", std::string(5000, 'a') + "@example.com"}};
        book.leads().add(lead);
    });
    expect_error(ErrorCode::validation, "'custom.note' is", [&] {
        Lead lead = named("Ada");
        lead.custom["note"] = std::string(limits::long_text_bytes + 1, 'x');
        book.leads().add(lead);
    });
    expect_error(ErrorCode::validation, "a key of 'custom' is 4097 bytes long", [&] {
        Lead lead = named("Ada");
        lead.custom[too_long_name] = std::string("x");
        book.leads().add(lead);
    });
    expect_error(ErrorCode::validation, "'name' is 4097 bytes long",
                 [&] { book.users().add(User{.name = too_long_name}); });
    EXPECT_EQ(snapshot(book), before);
    EXPECT_EQ(book.users().count(), 0);

    // At the limit is fine, and long text fields take more.
    Lead longest = named(longest_name);
    longest.notes = std::string(limits::long_text_bytes, 'x');
    EXPECT_NO_THROW(book.leads().add(longest));
    EXPECT_EQ(book.leads().count(), 2);
}

TEST(Limits, ImportRowsOverALimitAreBadRows) {
    auto book = LeadBook::open(":memory:");
    book.leads().add(named("Jane Doe"));
    const std::string before = snapshot(book);
    std::istringstream csv("Full Name,Company\r\n" + too_long_name + ",Acme\r\nAda,Engines\r\n");
    const ImportReport stopped = import_csv(book, csv);
    EXPECT_FALSE(stopped.committed);
    ASSERT_EQ(stopped.errors.size(), 1u);
    EXPECT_NE(stopped.errors[0].message.find("text_bytes"), std::string::npos)
        << stopped.errors[0].message;
    EXPECT_EQ(snapshot(book), before);
}

TEST(Limits, NulCharactersAreRefusedInEveryTextField) {
    auto book = LeadBook::open(":memory:");
    const Lead jane = book.leads().add(named("Jane Doe"));
    const std::string before = snapshot(book);
    const std::string with_nul("Ja\0ne", 5);
    expect_error(ErrorCode::validation, "'full_name' contains a NUL character",
                 [&] { book.leads().add(named(with_nul)); });
    expect_error(ErrorCode::validation, "'company' contains a NUL character", [&] {
        book.leads().update(jane.id, jane.version, {{"company", with_nul}});
    });
    expect_error(ErrorCode::validation, "'phones[0].number' contains a NUL", [&] {
        Lead lead = named("Ada");
        lead.phones = {{"work", with_nul}};
        book.leads().add(lead);
    });
    expect_error(ErrorCode::validation, "NUL", [&] {
        Lead lead = named("Ada");
        lead.custom[with_nul] = 1.0;
        book.leads().add(lead);
    });
    expect_error(ErrorCode::validation, "'company' contains a NUL", [&] {
        book.leads().bulk_edit(Selection::of({jane.id}), "company", boost::json::value(with_nul));
    });
    // JSON's \u0000 too (the C ABI and Python pass JSON).
    expect_error(ErrorCode::validation, "'full_name' contains a NUL",
                 [&] { book.leads().add_json(parse_json(R"({"full_name": "Ja\u0000ne"})")); });
    EXPECT_EQ(snapshot(book), before);
    // The export that used to break on such a name still works.
    EXPECT_NE(snapshot(book).find("Jane Doe"), std::string::npos);
}

TEST(Limits, AHugeDisplayNameInAnEmailMakesNoLead) {
    auto book = LeadBook::open(":memory:");
    book.leads().add(named("Jane Doe"));
    const std::string before = snapshot(book);
    auto message = [](std::size_t name_bytes) {
        return "From: \"" + std::string(name_bytes, 'A') +
               "\" <big@example.com>\r\nSubject: hi\r\n\r\nbody\r\n";
    };
    // A name as long as a header may be (1 MiB is read) is refused by the
    // limit on names, not stored as a lead's name.
    expect_error(ErrorCode::validation, "'full_name' is 900000 bytes long; the limit (text_bytes)",
                 [&] { lead_from_email(book, message(900000)); });
    // 10 MB: past the limit of a header, which the message names.
    expect_error(ErrorCode::validation, "longer than 1048576 bytes, the limit of a header",
                 [&] { lead_from_email(book, message(10 << 20)); });
    EXPECT_EQ(snapshot(book), before);
    EXPECT_EQ(book.history().count(), 0);
}

TEST(Limits, QueriesOverALimitAreValidationErrorsNotSqliteMessages) {
    auto book = LeadBook::open(":memory:");
    const Lead jane = book.leads().add(named("Jane Doe"));
    const std::string before = snapshot(book);
    auto expect_limit = [&](const std::string& limit, const RecordQuery& query) {
        expect_error(ErrorCode::validation, limit, [&] { book.leads().find(query).next(); });
        expect_error(ErrorCode::validation, limit, [&] { book.leads().count(query); });
        try {
            book.leads().count(query);
        } catch (const Error& e) {
            EXPECT_EQ(std::string(e.what()).find("SQLite"), std::string::npos) << e.what();
        }
    };
    RecordQuery contains;
    contains.where.push_back(
        Filter{"full_name", FilterOp::contains, boost::json::value(std::string(60000, 'j'))});
    expect_limit("query_text_bytes", contains);

    RecordQuery conditions;
    for (int i = 0; i < 2000; ++i)
        conditions.where.push_back(Filter{"full_name", FilterOp::ne, boost::json::value("x")});
    expect_limit("query_conditions", conditions);
    expect_error(ErrorCode::validation, "query_conditions", [&] {
        book.leads().bulk_edit(Selection{{}, conditions}, "company", boost::json::value("Acme"));
    });

    RecordQuery in_list;
    boost::json::array values;
    for (std::size_t i = 0; i <= limits::query_in_values; ++i) values.push_back(std::int64_t(i));
    in_list.where.push_back(Filter{"id", FilterOp::in, values});
    expect_limit("query_in_values", in_list);

    RecordQuery sort;
    for (int i = 0; i < 1000; ++i) sort.order_by.push_back("full_name");
    expect_limit("query_sort_keys", sort);

    // Within the limits, the same kinds of queries work.
    RecordQuery fine;
    fine.where.push_back(Filter{"full_name", FilterOp::contains, boost::json::value("Jane")});
    EXPECT_EQ(book.leads().count(fine), 1);
    EXPECT_EQ(snapshot(book), before);
    EXPECT_EQ(book.leads().get(jane.id).version, jane.version);
}

TEST(Limits, ReportsOverALimit) {
    auto book = LeadBook::open(":memory:");
    book.leads().add(named("Jane Doe"));
    Reports reports(book);
    ReportDefinition wide;
    for (int i = 0; i < 10000; ++i) wide.columns.push_back("full_name");
    expect_error(ErrorCode::validation, "report_columns", [&] { reports.run(wide); });
    expect_error(ErrorCode::validation, "report_columns", [&] { reports.save("Wide", wide); });
    ReportDefinition filtered;
    for (int i = 0; i < 2000; ++i)
        filtered.filters.push_back(Filter{"full_name", FilterOp::ne, boost::json::value("x")});
    expect_error(ErrorCode::validation, "query_conditions", [&] { reports.run(filtered); });
    ReportDefinition searching;
    searching.filters.push_back(
        Filter{"full_name", FilterOp::contains, boost::json::value(std::string(60000, 'j'))});
    expect_error(ErrorCode::validation, "query_text_bytes", [&] { reports.run(searching); });
    EXPECT_EQ(book.saved_reports().count(), 0);
}

// ---- names unique without regard to case ------------------------------------

TEST(CaseFolding, FullUnicodeFolding) {
    using detail::fold_case;
    EXPECT_EQ(fold_case("Ünïcödé"), fold_case("ÜNÏCÖDÉ"));
    EXPECT_EQ(fold_case("ÜNÏCÖDÉ"), "ünïcödé");
    EXPECT_EQ(fold_case("Straße"), "strasse"); // full folding: ß is ss
    EXPECT_EQ(fold_case("STRASSE"), "strasse");
    EXPECT_EQ(fold_case("ẞ"), "ss");
    EXPECT_EQ(fold_case("ΣΊΣΥΦΟΣ"), fold_case("σίσυφος")); // final sigma folds to σ
    EXPECT_EQ(fold_case("ǅ"), "ǆ");                        // title case
    EXPECT_EQ(fold_case("ПРИВЕТ"), "привет");
    EXPECT_EQ(fold_case("ﬃ"), "ffi");
    EXPECT_EQ(fold_case("𐐀"), "𐐨"); // outside the BMP (Deseret)
    EXPECT_EQ(fold_case("日本"), "日本");
    EXPECT_EQ(fold_case(std::string("a\xFF"
                                    "B")),
              std::string("a\xFF"
                          "b")); // not UTF-8: kept
}

TEST(CaseFolding, NamesAreUniqueWithoutCaseInEveryScript) {
    auto book = LeadBook::open(":memory:");
    // Users.
    book.users().add(User{.name = "Ünïcödé"});
    expect_error(ErrorCode::conflict, "there is a user 'Ünïcödé' already",
                 [&] { book.users().add(User{.name = "ÜNÏCÖDÉ"}); });
    expect_error(ErrorCode::conflict, "already",
                 [&] { book.users().add(User{.name = "ünïcödé"}); });
    const User strasse = book.users().add(User{.name = "Straße"});
    expect_error(ErrorCode::conflict, "already",
                 [&] { book.users().add(User{.name = "STRASSE"}); });
    // A user may change the case of their own name.
    EXPECT_EQ(book.users().update(strasse.id, strasse.version, {{"name", "STRASSE"}}).name,
              "STRASSE");
    EXPECT_EQ(book.users().count(), 2);

    // Sales stages.
    book.stages().add(SalesStage{.name = "Ünïcödé stage", .probability = 10});
    expect_error(ErrorCode::conflict, "there is a sales stage", [&] {
        book.stages().add(SalesStage{.name = "ÜNÏCÖDÉ STAGE", .probability = 10});
    });

    // User-defined fields, per record type, and their pick lists' choices.
    book.fields().add(FieldDefinition{.record_type = FieldOwner::lead, .name = "Größe"});
    expect_error(ErrorCode::conflict, "have a field 'Größe' already", [&] {
        book.fields().add(FieldDefinition{.record_type = FieldOwner::lead, .name = "GRÖSSE"});
    });
    EXPECT_NO_THROW(
        book.fields().add(FieldDefinition{.record_type = FieldOwner::account, .name = "GRÖSSE"}));
    expect_error(ErrorCode::validation, "'choices[1]': 'ÉTÉ' is listed already", [&] {
        book.fields().add(FieldDefinition{.record_type = FieldOwner::lead,
                                          .name = "Season",
                                          .type = FieldType::pick_list,
                                          .choices = {"été", "ÉTÉ"}});
    });

    // Saved reports, however they are saved.
    Reports reports(book);
    ReportDefinition definition;
    reports.save("Ünïcödé report", definition);
    expect_error(ErrorCode::conflict, "exists already",
                 [&] { reports.save("ÜNÏCÖDÉ REPORT", definition); });
    expect_error(ErrorCode::conflict, "exists already", [&] {
        book.saved_reports().add(
            SavedReport{.name = "ÜNÏCÖDÉ REPORT", .definition = "{\"record_type\": \"leads\"}"});
    });
    // Replacing finds it by the folded name, and opening too.
    definition.title = "Replaced";
    EXPECT_EQ(reports.save("ÜNÏCÖDÉ REPORT", definition, "Leads", true).name, "Ünïcödé report");
    EXPECT_EQ(reports.open("ünïcödé report").title, "Replaced");
    EXPECT_EQ(book.saved_reports().count(), 1);
    EXPECT_EQ(book.stages().count(RecordQuery{
                  .where = {{"name", FilterOp::eq, boost::json::value("Ünïcödé stage")}}}),
              1);
}
