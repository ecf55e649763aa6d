// Every bad input the library names: a clear error, and nothing stored lost.
#include <leadbook/leadbook.hpp>

#include "test_support.hpp"

#include <sqlite3.h>

using namespace leadbook;
using test::expect_error;

namespace {

/// Everything stored, as JSON text, to compare before and after.
std::string snapshot(LeadBook& book) {
    std::string out;
    for (const auto& u : book.users().find()) out += serialize_json(to_json(u)) + "\n";
    for (const auto& a : book.accounts().find()) out += serialize_json(to_json(a)) + "\n";
    for (const auto& l : book.leads().find()) out += serialize_json(to_json(l)) + "\n";
    return out;
}

class BadInput : public ::testing::Test {
protected:
    void SetUp() override {
        ana = book.users().add(User{.name = "Ana", .email = "ana@example.com"}).id;
        account = book.accounts().add(Account{.name = "Acme"}).id;
        Lead l = test::sample_lead("Jane Doe");
        l.assigned_to = ana;
        l.account_id = account;
        lead = book.leads().add(l);
        before = snapshot(book);
    }
    void TearDown() override { EXPECT_EQ(snapshot(book), before) << "stored data changed"; }

    Lead add_json(std::string_view json) { return book.leads().add_json(parse_json(json)); }
    Lead update_json(std::string_view json) {
        return book.leads().update(lead.id, lead.version, parse_json(json).as_object());
    }

    test::TempDir dir;
    LeadBook book = LeadBook::open(dir.file("crm.db"));
    Id ana = 0, account = 0;
    Lead lead;
    std::string before;
};

} // namespace

TEST_F(BadInput, MissingOrBlankFullName) {
    expect_error(ErrorCode::validation, "'full_name' is required",
                 [&] { add_json(R"({"company": "X"})"); });
    expect_error(ErrorCode::validation, "'full_name' is required",
                 [&] { add_json(R"({"full_name": " \t"})"); });
    expect_error(ErrorCode::validation, "'full_name' is required",
                 [&] { update_json(R"({"full_name": ""})"); });
}

TEST_F(BadInput, MalformedJson) {
    expect_error(ErrorCode::validation, "malformed JSON",
                 [&] { add_json(R"({"full_name": "J")"); });
    expect_error(ErrorCode::validation, "must be a JSON object", [&] { add_json(R"(["J"])"); });
}

TEST_F(BadInput, FieldOfTheWrongType) {
    expect_error(ErrorCode::validation, "'company' must be a string",
                 [&] { add_json(R"({"full_name": "J", "company": 3})"); });
    expect_error(ErrorCode::validation, "'emails' must be an array",
                 [&] { update_json(R"({"emails": "a@b.example"})"); });
}

TEST_F(BadInput, UnknownField) {
    expect_error(ErrorCode::validation, "unknown field 'nickname'",
                 [&] { add_json(R"({"full_name": "J", "nickname": "JJ"})"); });
    expect_error(ErrorCode::validation, "unknown field 'nickname'",
                 [&] { update_json(R"({"nickname": "JJ"})"); });
}

TEST_F(BadInput, FieldsLeadbookKeeps) {
    expect_error(ErrorCode::validation, "'id' is kept by leadbook",
                 [&] { add_json(R"({"full_name": "J", "id": 5})"); });
    expect_error(ErrorCode::validation, "'version' is kept by leadbook",
                 [&] { update_json(R"({"version": 9})"); });
}

TEST_F(BadInput, InvalidEmail) {
    expect_error(
        ErrorCode::validation, "'emails[1].address': 'jane at acme' is not a valid e-mail", [&] {
            add_json(
                R"({"full_name": "J", "emails": [{"address": "j@acme.example"}, {"address": "jane at acme"}]})");
        });
    expect_error(ErrorCode::validation, "not a valid e-mail",
                 [&] { book.users().add(User{.name = "Bo", .email = "bo@"}); });
}

TEST_F(BadInput, UnknownUserInAssignedTo) {
    expect_error(ErrorCode::validation, "'assigned_to': user 999 does not exist",
                 [&] { add_json(R"({"full_name": "J", "assigned_to": 999})"); });
    expect_error(ErrorCode::validation, "user 999 does not exist",
                 [&] { update_json(R"({"assigned_to": 999})"); });
}

TEST_F(BadInput, InactiveUserCannotBeGivenNewLeads) {
    Id bo = book.users().add(User{.name = "Bo", .active = false}).id;
    before = snapshot(book);
    expect_error(ErrorCode::validation, "is inactive", [&] {
        add_json(R"({"full_name": "J", "assigned_to": )" + std::to_string(bo) + "}");
    });
}

TEST_F(BadInput, UnknownAccount) {
    expect_error(ErrorCode::validation, "'account_id': account 12345 does not exist",
                 [&] { add_json(R"({"full_name": "J", "account_id": 12345})"); });
    // A lead's id is not an account id.
    expect_error(ErrorCode::validation, "does not exist",
                 [&] { update_json(R"({"account_id": )" + std::to_string(lead.id) + "}"); });
}

TEST_F(BadInput, PhotoThatIsNotAnImage) {
    Lead l = test::sample_lead("J");
    l.photo.data = {'G', 'I', 'F', '8', '9', 'a', 0, 0, 0, 0};
    expect_error(ErrorCode::validation, "'photo' must be a PNG or JPEG",
                 [&] { book.leads().add(l); });
    l.photo.data = std::vector<std::uint8_t>(100, 0);
    expect_error(ErrorCode::validation, "'photo' must be a PNG or JPEG",
                 [&] { book.leads().add(l); });
}

TEST_F(BadInput, PhotoOverFiveMiB) {
    Lead l = test::sample_lead("J");
    l.photo.data = test::tiny_png();
    l.photo.data.resize(max_photo_bytes + 1);
    expect_error(ErrorCode::validation, "the limit is 5 MiB", [&] { book.leads().add(l); });
}

TEST_F(BadInput, StaleVersion) {
    Lead fresh = book.leads().update(lead.id, lead.version,
                                     parse_json(R"({"company": "Acme Corp"})").as_object());
    before = snapshot(book);
    expect_error(ErrorCode::conflict, "at version 2, the update was for version 1", [&] {
        book.leads().update(lead.id, lead.version,
                            parse_json(R"({"company": "Globex"})").as_object());
    });
    EXPECT_EQ(book.leads().get(lead.id).company, "Acme Corp");
    EXPECT_EQ(fresh.version, 2);
}

TEST_F(BadInput, MissingIds) {
    expect_error(ErrorCode::not_found, "lead 777 does not exist", [&] { book.leads().get(777); });
    expect_error(ErrorCode::not_found, "lead 777 does not exist", [&] {
        book.leads().update(777, 1, parse_json(R"({"company": "X"})").as_object());
    });
    expect_error(ErrorCode::not_found, "lead 777 does not exist",
                 [&] { book.leads().remove(777); });
    expect_error(ErrorCode::not_found, "lead " + std::to_string(account),
                 [&] { book.leads().remove(account); });
}

TEST_F(BadInput, TwoMailingAddresses) {
    Lead l = test::sample_lead("J");
    l.addresses.push_back(l.addresses.front());
    expect_error(ErrorCode::validation, "only one address can be the mailing address",
                 [&] { book.leads().add(l); });
}

TEST_F(BadInput, TextThatIsNotUtf8) {
    Lead l = test::sample_lead("J\xC3");
    expect_error(ErrorCode::validation, "'full_name' is not valid UTF-8",
                 [&] { book.leads().add(l); });
}

TEST_F(BadInput, ManualStarsOutOfRange) {
    expect_error(ErrorCode::validation, "'score.stars' must be from 0 to 5",
                 [&] { update_json(R"({"score": {"mode": "manual", "stars": 6}})"); });
}

TEST(BadFiles, NotADatabaseIsLeftUntouched) {
    test::TempDir dir;
    std::string path = dir.file("notes.txt");
    std::string text(5000, 'x');
    text.insert(0, "These are my notes, not a database.\n");
    test::write_file(path, text);
    expect_error(ErrorCode::not_a_database, "is not a leadbook database",
                 [&] { LeadBook::open(path); });
    auto bytes = test::read_file(path);
    EXPECT_EQ(std::string(bytes.begin(), bytes.end()), text);
    EXPECT_FALSE(std::filesystem::exists(path + "-wal"));
}

TEST(BadFiles, ForeignSqliteDatabaseIsLeftUntouched) {
    test::TempDir dir;
    std::string path = dir.file("other.db");
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_exec(db, "CREATE TABLE photos (id INTEGER)", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    auto before = test::read_file(path);
    expect_error(ErrorCode::not_a_database, "not a leadbook one", [&] { LeadBook::open(path); });
    EXPECT_EQ(test::read_file(path), before);
}

TEST(BadFiles, NewerSchemaIsLeftUntouched) {
    test::TempDir dir;
    std::string path = dir.file("future.db");
    {
        auto book = LeadBook::open(path);
        book.leads().add(test::sample_lead("Jane"));
    }
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    sqlite3_exec(db, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 99", nullptr, nullptr,
                 nullptr);
    sqlite3_close(db);
    auto before = test::read_file(path);
    expect_error(ErrorCode::schema_too_new, "schema version 99, newer than this leadbook",
                 [&] { LeadBook::open(path); });
    EXPECT_EQ(test::read_file(path), before);
}

TEST(BadFiles, MissingFileWithoutCreate) {
    test::TempDir dir;
    expect_error(ErrorCode::not_found, "does not exist",
                 [&] { LeadBook::open(dir.file("absent.db"), {.create = false}); });
    EXPECT_FALSE(std::filesystem::exists(dir.file("absent.db")));
}
