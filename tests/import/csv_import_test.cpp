// CSV import: presets, encodings, mappings, options and the report.
#include "import/lead_fields.hpp"
#include "import_test_support.hpp"

#include <leadbook/json.hpp>

using namespace leadbook;
using namespace leadbook::test;

namespace {

const Lead& by_name(const std::vector<Lead>& leads, const std::string& name) {
    for (const auto& lead : leads)
        if (lead.full_name == name) return lead;
    ADD_FAILURE() << "no lead named " << name;
    static const Lead none;
    return none;
}

} // namespace

TEST(CsvImport, OutlookExportInWindows1252) {
    auto book = LeadBook::open(":memory:");
    auto report = import_csv_file(book, data_file("outlook_contacts.csv"));
    EXPECT_TRUE(report.committed);
    EXPECT_EQ(report.preset, "outlook");
    EXPECT_EQ(report.encoding, "windows-1252");
    EXPECT_EQ(report.delimiter, ",");
    EXPECT_EQ(report.read, 3);
    EXPECT_EQ(report.added, 3);
    EXPECT_TRUE(report.errors.empty());
    EXPECT_EQ(report.mapping.at("E-mail 2 Address"), "emails.email 2");
    EXPECT_EQ(report.mapping.at("Title"), "");

    auto leads = all_leads(book);
    const Lead& jean = by_name(leads, "Jean Claude Dupré");
    EXPECT_EQ(jean.company, "Société Générale, Paris");
    EXPECT_EQ(jean.job_title, "Directeur");
    EXPECT_EQ(jean.emails, (std::vector<EmailAddress>{{"email", "jean.dupre@example.fr"},
                                                      {"email 2", "jc@example.org"}}));
    EXPECT_EQ(jean.phones, (std::vector<Phone>{{"business", "+33 1 23 45 67 89"},
                                               {"mobile", "+33 6 12 34 56 78"}}));
    ASSERT_EQ(jean.addresses.size(), 1u);
    EXPECT_EQ(jean.addresses[0].label, "business");
    EXPECT_EQ(jean.addresses[0].street, "12 rue de la Paix\nBâtiment B");
    EXPECT_EQ(jean.addresses[0].city, "Paris");
    EXPECT_EQ(jean.addresses[0].postal_code, "75002");
    EXPECT_EQ(jean.addresses[0].country, "France");
    EXPECT_EQ(jean.notes, "Met at the fair.\nWants a quote for \"Pro\" plan.");
    EXPECT_EQ(jean.initiated_by, "Ana Silva");
    EXPECT_EQ(jean.web_pages, (std::vector<WebPage>{{"business", "https://example.fr"}}));

    const Lead& jurgen = by_name(leads, "Jürgen Müller");
    EXPECT_EQ(jurgen.company, "Müller & Söhne GmbH");
    ASSERT_EQ(jurgen.addresses.size(), 1u);
    EXPECT_EQ(jurgen.addresses[0].label, "home");
    EXPECT_EQ(jurgen.addresses[0].street, "Hauptstraße 5");
    EXPECT_EQ(jurgen.addresses[0].city, "München");

    const Lead& ana = by_name(leads, "Ana Silva");
    EXPECT_EQ(ana.phones,
              (std::vector<Phone>{{"business fax", "+1 555 0100"}, {"other", "555 0199"}}));
}

TEST(CsvImport, GoogleContactsExport) {
    auto book = LeadBook::open(":memory:");
    auto report = import_csv_file(book, data_file("google_contacts.csv"));
    EXPECT_EQ(report.preset, "google");
    EXPECT_EQ(report.encoding, "utf-8");
    EXPECT_EQ(report.added, 2);
    auto leads = all_leads(book);
    const Lead& zoe = by_name(leads, "Zoë Łukasiewicz");
    EXPECT_EQ(zoe.company, "Politechnika Warszawska");
    EXPECT_EQ(zoe.job_title, "Researcher");
    EXPECT_EQ(zoe.notes, "Likes jazz");
    EXPECT_EQ(zoe.emails, (std::vector<EmailAddress>{{"work", "zoe@pw.example.pl"},
                                                     {"home", "zoe.home@example.com"},
                                                     {"home", "zoe2@example.com"}}));
    EXPECT_EQ(zoe.phones,
              (std::vector<Phone>{{"mobile", "+48 600 100 200"}, {"work", "+48 22 123 45 67"}}));
    ASSERT_EQ(zoe.addresses.size(), 1u);
    EXPECT_EQ(zoe.addresses[0].label, "work");
    EXPECT_EQ(zoe.addresses[0].street, "ul. Koszykowa 75");
    EXPECT_EQ(zoe.addresses[0].state, "Mazowieckie");
    EXPECT_EQ(zoe.addresses[0].postal_code, "00-662");
    EXPECT_EQ(zoe.web_pages, (std::vector<WebPage>{{"homepage", "https://zoe.example.pl"}}));
    const Lead& oleg = by_name(leads, "Олег Иванов");
    EXPECT_EQ(oleg.company, "ООО Ромашка");
    EXPECT_EQ(oleg.emails, (std::vector<EmailAddress>{{"other", "oleg@example.ru"}}));
}

TEST(CsvImport, OlderGoogleExport) {
    auto book = LeadBook::open(":memory:");
    auto report = import_csv_file(book, data_file("google_contacts_old.csv"));
    EXPECT_EQ(report.preset, "google");
    ASSERT_EQ(report.added, 1);
    const Lead lead = all_leads(book).at(0);
    EXPECT_EQ(lead.full_name, "María José García");
    EXPECT_EQ(lead.company, "Telefónica");
    EXPECT_EQ(lead.job_title, "Ingeniera");
    EXPECT_EQ(lead.emails, (std::vector<EmailAddress>{{"work", "mj.garcia@example.es"}}));
    EXPECT_EQ(lead.phones, (std::vector<Phone>{{"mobile", "+34 600 000 000"}}));
}

TEST(CsvImport, GermanExcelWithSemicolonsInWindows1252) {
    auto book = LeadBook::open(":memory:");
    auto report = import_csv_file(book, data_file("excel_semicolon_1252.csv"));
    EXPECT_EQ(report.delimiter, ";");
    EXPECT_EQ(report.encoding, "windows-1252");
    EXPECT_EQ(report.preset, "outlook");
    EXPECT_EQ(report.added, 2);
    auto leads = all_leads(book);
    const Lead& renee = by_name(leads, "Renée Böhm");
    EXPECT_EQ(renee.company, "Café Zürich");
    EXPECT_EQ(renee.notes, "Preis: 5€; Termin am Dienstag");
    EXPECT_EQ(renee.emails.at(0).address, "renee@cafe.example");
    by_name(leads, "André Weiß");
}

TEST(CsvImport, UnicodeTextUtf8BomAndWindows1252Files) {
    auto book = LeadBook::open(":memory:");
    auto utf16 = import_csv_file(book, data_file("unicode_text_utf16le.txt"));
    EXPECT_EQ(utf16.encoding, "utf-16le");
    EXPECT_EQ(utf16.delimiter, "\t");
    EXPECT_EQ(utf16.preset, "generic");
    EXPECT_EQ(utf16.added, 2);
    auto bom = import_csv_file(book, data_file("utf8_bom.csv"));
    EXPECT_EQ(bom.encoding, "utf-8");
    auto cp1252 = import_csv_file(book, data_file("windows1252_e_acute.csv"));
    EXPECT_EQ(cp1252.encoding, "windows-1252");
    auto be = import_csv_file(book, data_file("utf16be_bom.csv"));
    EXPECT_EQ(be.encoding, "utf-16be");
    auto leads = all_leads(book);
    EXPECT_EQ(by_name(leads, "Chloé Dubois").company, "École 😀");
    EXPECT_EQ(by_name(leads, "李小龍").company, "香港電影");
    EXPECT_EQ(by_name(leads, "Åsa Öberg").company, "Ørsted");
    EXPECT_EQ(by_name(leads, "José Martínez").company, "Café €uro");
    by_name(leads, "Søren Kierkegaard");
    // Stored once as UTF-8: no second conversion garbles the accents.
    EXPECT_EQ(by_name(leads, "José Martínez").full_name, "Jos\xC3\xA9 Mart\xC3\xADnez");
}

TEST(CsvImport, GenericColumnsAndUnmappedColumnsAsCustomFields) {
    auto book = LeadBook::open(":memory:");
    auto report = import_csv_file(book, data_file("generic.csv"));
    EXPECT_EQ(report.preset, "generic");
    EXPECT_EQ(report.mapping.at("Favourite Colour"), "");
    const Lead jane = all_leads(book).at(0);
    EXPECT_EQ(jane.full_name, "Jane Doe");
    EXPECT_EQ(jane.job_title, "CEO");
    EXPECT_EQ(jane.emails, (std::vector<EmailAddress>{{"work", "jane@acme.example"}}));
    EXPECT_EQ(jane.phones, (std::vector<Phone>{{"mobile", "555-1234"}}));
    EXPECT_EQ(jane.addresses.at(0).label, "home");
    EXPECT_EQ(jane.addresses.at(0).city, "Springfield");
    EXPECT_EQ(jane.custom, (CustomFields{{"Region", std::string("West")}}));

    auto other = LeadBook::open(":memory:");
    ImportOptions options;
    options.unmapped_to_custom = true;
    auto with_custom = import_csv_file(other, data_file("generic.csv"), options);
    EXPECT_EQ(with_custom.mapping.at("Favourite Colour"), "custom.Favourite Colour");
    EXPECT_EQ(all_leads(other).at(1).custom,
              (CustomFields{{"Region", std::string("East")},
                            {"Favourite Colour", std::string("green")}}));
}

TEST(CsvImport, ExplicitMappingOverridesThePreset) {
    auto book = LeadBook::open(":memory:");
    ImportOptions options;
    options.preset = "generic";
    options.mapping = {
        {"job_title", "notes"}, {"Favourite Colour", "custom.Colour"}, {"company", ""}};
    auto report = import_csv_file(book, data_file("generic.csv"), options);
    EXPECT_EQ(report.added, 2);
    const Lead jane = all_leads(book).at(0);
    EXPECT_EQ(jane.notes, "CEO");
    EXPECT_EQ(jane.job_title, "");
    EXPECT_EQ(jane.company, ""); // mapped to "": ignored
    EXPECT_EQ(std::get<std::string>(jane.custom.at("Colour")), "blue");

    // A mapping alone can make sense of headers no preset knows.
    auto other = LeadBook::open(":memory:");
    ImportOptions mapping_only;
    mapping_only.mapping = {{"Kunde", "full_name"}, {"Mail", "emails.work"}};
    auto r =
        import_text(other, "Kunde,Mail,Sonstiges\nKarl Klein,karl@example.de,x\n", mapping_only);
    EXPECT_EQ(r.added, 1);
    EXPECT_EQ(all_leads(other).at(0).emails.at(0).address, "karl@example.de");
}

TEST(CsvImport, FormulaGuardFromOurExportIsRemoved) {
    auto book = LeadBook::open(":memory:");
    import_text(book, "full_name,phones.business,notes\nJane,'+1 555 0100,'=not a formula\n");
    const Lead jane = all_leads(book).at(0);
    EXPECT_EQ(jane.phones.at(0).number, "+1 555 0100");
    EXPECT_EQ(jane.notes, "=not a formula");
}

TEST(CsvImport, OptionsAndReportAreJson) {
    auto options = from_json<ImportOptions>(parse_json(
        R"({"preset": "outlook", "duplicates": "update", "match_on": ["full_name", "company"],
            "dry_run": true, "skip_bad_rows": true, "mapping": {"Notes": "custom.Notes"}})"));
    EXPECT_EQ(options.duplicates, DuplicateAction::update);
    EXPECT_EQ(options.match_on, (std::vector<std::string>{"full_name", "company"}));
    EXPECT_TRUE(options.dry_run);
    expect_error(ErrorCode::validation, "duplicates",
                 [] { from_json<ImportOptions>(parse_json(R"({"duplicates": "merge"})")); });

    auto book = LeadBook::open(":memory:");
    auto report = import_text(book, "full_name,emails.work\nJane,bad@\nJohn,john@example.com\n",
                              ImportOptions{.skip_bad_rows = true});
    auto json = to_json(report).as_object();
    EXPECT_EQ(json.at("read").as_int64(), 2);
    EXPECT_EQ(json.at("added").as_int64(), 1);
    EXPECT_EQ(json.at("skipped").as_int64(), 1);
    const auto& error = json.at("errors").as_array().at(0).as_object();
    EXPECT_EQ(error.at("line").as_int64(), 2);
    EXPECT_EQ(error.at("column").as_int64(), 2);
    EXPECT_EQ(error.at("column_name").as_string(), "emails.work");
    EXPECT_EQ(error.at("reason").as_string(), "'bad@' is not a valid e-mail address");
    EXPECT_EQ(error.at("message").as_string(),
              "line 2, column 2 (emails.work): 'bad@' is not a valid e-mail address");
}

TEST(CsvImport, BadOptionsFailBeforeAnythingIsRead) {
    auto book = book_with_one_lead();
    const auto before = snapshot(book);
    expect_error(ErrorCode::validation, "preset 'excel'",
                 [&] { import_text(book, "full_name\nJane\n", ImportOptions{.preset = "excel"}); });
    expect_error(ErrorCode::validation, "encoding 'latin-7'", [&] {
        import_text(book, "full_name\nJane\n", ImportOptions{.encoding = "latin-7"});
    });
    expect_error(ErrorCode::validation, "delimiter '|'",
                 [&] { import_text(book, "full_name\nJane\n", ImportOptions{.delimiter = "|"}); });
    // ("phone" is a field match_on knows: compared by its digits.)
    expect_error(ErrorCode::validation, "match_on: 'shoe_size'", [&] {
        import_text(book, "full_name\nJane\n", ImportOptions{.match_on = {"shoe_size"}});
    });
    EXPECT_EQ(snapshot(book), before);
}

TEST(CsvImport, ProgressIsToldAtLeastEvery10000Rows) {
    std::string csv = "full_name,emails.work\n";
    for (int i = 0; i < 25000; ++i)
        csv += "Lead " + std::to_string(i) + ",lead" + std::to_string(i) + "@example.com\n";
    auto book = LeadBook::open(":memory:");
    std::vector<ImportProgress> calls;
    std::istringstream in(csv);
    auto report = import_csv(book, in, {}, [&](const ImportProgress& p) { calls.push_back(p); });
    EXPECT_EQ(report.added, 25000);
    ASSERT_GE(calls.size(), 3u);
    std::int64_t last = 0;
    for (const auto& p : calls) {
        EXPECT_LE(p.read - last, 10000);
        last = p.read;
    }
    EXPECT_EQ(calls.back().read, 25000);
    EXPECT_EQ(calls.back().added, 25000);
    EXPECT_GT(calls.back().bytes_read, 0);
}

TEST(CsvImport, ThrowingFromProgressCancelsAndRollsBack) {
    std::string csv = "full_name\n";
    for (int i = 0; i < 3000; ++i) csv += "Lead " + std::to_string(i) + "\n";
    auto book = book_with_one_lead();
    const auto before = snapshot(book);
    std::istringstream in(csv);
    EXPECT_THROW(import_csv(book, in, {},
                            [](const ImportProgress& p) {
                                if (p.read >= 2000) throw std::runtime_error("cancelled");
                            }),
                 std::runtime_error);
    EXPECT_EQ(snapshot(book), before);
}

TEST(CsvImport, RowsBecomeTheLeadsTheirJsonWouldGive) {
    using namespace leadbook::formats;
    LeadBuilder builder;
    builder.set_split_lists(true);
    builder.add(list_target("emails", "work"), "jane@acme.example ::: j@acme.example", 0);
    builder.add(list_target("emails", "work", "label"), "* Work", 1);
    builder.add(parse_target("first_name"), " Jane ", 2);
    builder.add(parse_target("last_name"), "Doe", 3);
    builder.add(text_target("company"), "Acme", 4);
    builder.add(text_target("company"), "Ignored, the first value wins", 5);
    builder.add(list_target("addresses", "home", "street"), "1 Main St", 6);
    builder.add(list_target("addresses", "home", "street"), "Flat 2", 7);
    builder.add(list_target("addresses", "home", "city"), "Springfield", 8);
    builder.add(list_target("addresses", "business", "label"), "Office", 9); // no value: no entry
    builder.add(list_target("phones", "mobile"), "+1 555 0100", 10);
    builder.add(custom_target("Region"), "North", 11);
    builder.add(parse_target("notes"), "Line one\nline two", 12);
    std::vector<FieldProblem> problems;
    auto lead = builder.build(problems);
    ASSERT_TRUE(lead);
    EXPECT_TRUE(problems.empty());
    EXPECT_EQ(lead->full_name, "Jane Doe");
    ASSERT_EQ(lead->emails.size(), 2u);
    EXPECT_EQ(lead->emails[1].label, "work");
    EXPECT_EQ(lead->addresses.size(), 1u);
    EXPECT_EQ(lead->addresses[0].street, "1 Main St\nFlat 2");

    builder.clear();
    builder.add(list_target("emails", "work"), "not-an-address", 0);
    problems.clear();
    EXPECT_FALSE(builder.build(problems));
    EXPECT_EQ(problems.size(), 2u); // no name, a bad address
}

namespace {

FieldDefinition defined(const std::string& name, FieldType type,
                        std::vector<std::string> choices = {}) {
    FieldDefinition d;
    d.record_type = FieldOwner::lead;
    d.name = name;
    d.type = type;
    d.choices = std::move(choices);
    return d;
}

} // namespace

TEST(CsvImport, CellsAreReadByTheTypeOfTheirUserDefinedField) {
    using formats::custom_cell;
    const auto number = defined("Budget", FieldType::number);
    auto as_number = [&](std::string_view text) -> std::optional<double> {
        auto cell = custom_cell(number, text);
        if (!cell.value) return std::nullopt;
        return std::get<double>(*cell.value);
    };
    EXPECT_EQ(as_number("1200"), 1200.0);
    EXPECT_EQ(as_number(" -3.5 "), -3.5);
    EXPECT_EQ(as_number("+7"), 7.0);
    EXPECT_EQ(as_number("1,200.50"), 1200.5); // US Excel
    EXPECT_EQ(as_number("1.200,50"), 1200.5); // German Excel
    EXPECT_EQ(as_number("1 200,5"), 1200.5);  // French Excel
    EXPECT_EQ(as_number("1\xC2\xA0"
                        "200,5"),
              1200.5);                       // no-break space
    EXPECT_EQ(as_number("1'200.5"), 1200.5); // Swiss
    EXPECT_EQ(as_number("12,5"), 12.5);
    EXPECT_EQ(as_number("1,200"), 1200.0); // three digits after a lone ',': thousands
    EXPECT_EQ(as_number("1.200.000"), 1200000.0);
    for (std::string_view bad : {"", "abc", "12abc", "€12", "1-2", ",5,", "1,,2", "1.2.3,4,5", "-"})
        EXPECT_EQ(custom_cell(number, bad).problem, "'" + std::string(bad) + "' is not a number")
            << bad;

    const auto date = defined("Met", FieldType::date);
    auto as_date = [&](std::string_view text) -> std::string {
        auto cell = custom_cell(date, text);
        if (!cell.problem.empty()) return "problem: " + cell.problem;
        if (!cell.value) return "none";
        return std::get<Date>(*cell.value).to_string();
    };
    EXPECT_EQ(as_date("2026-03-01"), "2026-03-01");
    EXPECT_EQ(as_date("3/1/2026"), "2026-03-01"); // Outlook, US Excel: month first
    EXPECT_EQ(as_date("1.3.2026"), "2026-03-01"); // day first
    EXPECT_EQ(as_date("3/1/26"), "2026-03-01");
    EXPECT_EQ(as_date("12/31/1999 0:00"), "1999-12-31");
    EXPECT_EQ(as_date("0/0/00"), "none"); // Outlook's empty date
    EXPECT_EQ(as_date("2/30/2026"),
              "problem: '2/30/2026' is not a date (YYYY-MM-DD, M/D/YYYY or D.M.YYYY)");
    EXPECT_EQ(as_date("soon"), "problem: 'soon' is not a date (YYYY-MM-DD, M/D/YYYY or D.M.YYYY)");

    const auto yes_no = defined("Hot", FieldType::yes_no);
    for (std::string_view yes : {"yes", "YES", "True", "y", "1"})
        EXPECT_EQ(custom_cell(yes_no, yes).value, CustomValue(true)) << yes;
    for (std::string_view no : {"no", "False", "N", "0"})
        EXPECT_EQ(custom_cell(yes_no, no).value, CustomValue(false)) << no;
    EXPECT_EQ(custom_cell(yes_no, "maybe").problem, "'maybe' is not yes or no");

    const auto region = defined("Region", FieldType::pick_list, {"North", "South"});
    EXPECT_EQ(custom_cell(region, "north").value, CustomValue(std::string("North")));
    EXPECT_EQ(custom_cell(region, "Mars").problem, "'Mars' is not one of: North, South");
    EXPECT_EQ(custom_cell(defined("Notes", FieldType::text), "12").value,
              CustomValue(std::string("12")));
}

TEST(CsvImport, UserDefinedFieldsGetTypedValuesAndBadCellsAreNamed) {
    TempDir dir;
    auto book = LeadBook::open(dir.file("defined.db"));
    book.fields().add(defined("Budget", FieldType::number));
    book.fields().add(defined("Met", FieldType::date));
    book.fields().add(defined("Hot", FieldType::yes_no));
    book.fields().add(defined("Region", FieldType::pick_list, {"North", "South"}));

    // Names in any case are the defined fields; a name nobody defined stays text.
    const std::string header =
        "full_name,custom.budget,custom.Met,custom.HOT,custom.Region,custom.Other\n";
    auto report = import_text(book, header + "Jane Doe,\"1 200,50\",3/1/2026,yes,north,12\n"
                                             "John Roe,,0/0/00,no,,\n");
    ASSERT_TRUE(report.committed);
    EXPECT_EQ(report.added, 2);
    const auto leads = all_leads(book);
    EXPECT_EQ(by_name(leads, "Jane Doe").custom, (CustomFields{{"Budget", 1200.5},
                                                               {"Met", Date::from_ymd(2026, 3, 1)},
                                                               {"Hot", true},
                                                               {"Region", std::string("North")},
                                                               {"Other", std::string("12")}}));
    EXPECT_EQ(by_name(leads, "John Roe").custom, (CustomFields{{"Hot", false}}));

    // A cell its field cannot take is the row's error, with its column;
    // nothing is stored.
    const std::string before = snapshot(book);
    auto bad = import_text(book, header + "Ann Poe,lots,2026-01-02,yes,South,\n");
    EXPECT_FALSE(bad.committed);
    expect_one_issue(bad, 2, 2, "custom.budget", "'custom.Budget': 'lots' is not a number");
    EXPECT_EQ(snapshot(book), before);
}

TEST(CsvImport, CompanyOnlyRowsAreFiledUnderTheCompany) {
    auto book = LeadBook::open(":memory:");
    const std::string file = "First Name,Last Name,Company,Business Phone,File As\r\n"
                             ",,Acer America,408-533-7700,\r\n"
                             ",,Globex,555-0100,\"Globex, Inc.\"\r\n"
                             "Jane,Roe,Acme,555-0199,\r\n";
    auto report = import_text(book, file, ImportOptions{.mapping = {{"File As", "file_as"}}});
    EXPECT_TRUE(report.committed);
    EXPECT_EQ(report.added, 3);
    auto leads = all_leads(book);
    const Lead& acer = by_name(leads, "Acer America");
    EXPECT_EQ(acer.company, "Acer America");
    EXPECT_EQ(acer.file_as, "Acer America");
    EXPECT_EQ(acer.phones.at(0).number, "408-533-7700");
    EXPECT_EQ(by_name(leads, "Globex").file_as, "Globex, Inc."); // a file-as of its own stays
    EXPECT_EQ(by_name(leads, "Jane Roe").file_as, "");

    // No name and no company is still an error, and stores nothing.
    auto other = book_with_one_lead();
    const auto other_before = snapshot(other);
    auto bad = import_text(other, "First Name,Last Name,Company,E-mail Address\r\n"
                                  ",,,nobody@example.com\r\n");
    EXPECT_FALSE(bad.committed);
    expect_one_issue(bad, 2, 1, "First Name", "nor a company");
    EXPECT_EQ(snapshot(other), other_before);
}

namespace {

const std::string thunderbird_header =
    "First Name,Last Name,Display Name,Nickname,Primary Email,Secondary Email,Screen Name,"
    "Work Phone,Home Phone,Fax Number,Pager Number,Mobile Number,Home Address,Home Address 2,"
    "Home City,Home State,Home ZipCode,Home Country,Work Address,Work Address 2,Work City,"
    "Work State,Work ZipCode,Work Country,Job Title,Department,Organization,Web Page 1,"
    "Web Page 2,Birth Year,Birth Month,Birth Day,Custom 1,Custom 2,Custom 3,Custom 4,Notes";

std::string thunderbird_file(char delimiter) {
    std::string file = thunderbird_header + "\r\n";
    file += "Ann,Lee,Ann Lee,annie,ann@example.com,ann.lee@home.example,,555-0101,555-0102,,,"
            "555-0103,1 Home St,Flat 2,Springfield,IL,62701,USA,9 Work Rd,,Chicago,IL,60601,USA,"
            "Buyer,Purchasing,Acme Corp,https://acme.example,,1980,5,17,,,,,Met at the fair\r\n";
    file += ",,\"Acer America\",,,,,\"(800) 000-0000\",,,,,,,,,,,,,,,,,,,\"Acer America\",,,,,,,,,,"
            "\r\n";
    file += "Bob,Roe,Bob Roe,bobby,bob@example.com,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,\r\n";
    if (delimiter != ',')
        for (char& c : file)
            if (c == ',') c = delimiter;
    return file;
}

const std::string yahoo_file =
    "\"First\",\"Middle\",\"Last\",\"Nickname\",\"Email\",\"Category\",\"Distribution Lists\","
    "\"Yahoo! ID\",\"Home\",\"Work\",\"Pager\",\"Fax\",\"Mobile\",\"Other\",\"Yahoo! Phone\","
    "\"Primary\",\"Alternate Email 1\",\"Alternate Email 2\",\"Personal Website\","
    "\"Business Website\",\"Title\",\"Company\",\"Work Address\",\"Work City\",\"Work County\","
    "\"Work Post Code\",\"Work Country\",\"Home Address\",\"Home Town\",\"Home County\","
    "\"Home Post Code\",\"Home Country\",\"Birthday\",\"Anniversary\",\"Custom 1\",\"Custom 2\","
    "\"Custom 3\",\"Custom 4\",\"Comments\"\r\n"
    "\"Dana\",\"Q\",\"Scully\",\"starbuck\",\"dana@example.com\",\"\",\"\",\"dscully\",\"555-1\","
    "\"555-2\",\"\",\"\",\"555-3\",\"\",\"\",\"\",\"dana@home.example\",\"\",\"\","
    "\"https://fbi.example\",\"Agent\",\"FBI\",\"935 Pennsylvania Ave\",\"Washington\",\"DC\","
    "\"20535\",\"USA\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"\",\"Trusts no one\r\n"
    "at all.\"\r\n";

const ImportIssue* warning_for(const ImportReport& report, const std::string& column) {
    for (const auto& w : report.warnings)
        if (w.column_name == column) return &w;
    return nullptr;
}

} // namespace

TEST(CsvImport, ThunderbirdCsvAndTabSeparated) {
    for (char delimiter : {',', '\t', ';'}) {
        auto book = LeadBook::open(":memory:");
        auto report = import_text(book, thunderbird_file(delimiter));
        EXPECT_EQ(report.preset, "thunderbird");
        EXPECT_EQ(report.delimiter, std::string(1, delimiter));
        EXPECT_EQ(report.added, 3);
        auto leads = all_leads(book);
        const Lead& ann = by_name(leads, "Ann Lee");
        EXPECT_EQ(ann.emails, (std::vector<EmailAddress>{{"email", "ann@example.com"},
                                                         {"email 2", "ann.lee@home.example"}}));
        EXPECT_EQ(ann.company, "Acme Corp");
        EXPECT_EQ(ann.job_title, "Buyer");
        EXPECT_EQ(ann.phones.size(), 3u);
        ASSERT_EQ(ann.addresses.size(), 2u);
        EXPECT_EQ(ann.addresses[0].label, "home");
        EXPECT_EQ(ann.addresses[0].city, "Springfield");
        EXPECT_EQ(ann.web_pages.at(0).url, "https://acme.example");
        EXPECT_EQ(ann.notes, "Met at the fair");
        EXPECT_EQ(by_name(leads, "Acer America").company, "Acer America");
        // What no field takes is told, with how many rows have it.
        const ImportIssue* nickname = warning_for(report, "Nickname");
        ASSERT_NE(nickname, nullptr);
        EXPECT_EQ(nickname->column, 4);
        EXPECT_NE(nickname->reason.find("2 rows have a value"), std::string::npos);
        const ImportIssue* year = warning_for(report, "Birth Year");
        ASSERT_NE(year, nullptr);
        EXPECT_NE(year->reason.find("1 row has a value"), std::string::npos);
        EXPECT_EQ(warning_for(report, "Custom 1"), nullptr); // empty everywhere
        EXPECT_EQ(warning_for(report, "Primary Email"), nullptr);

        // Duplicates are found by the e-mail the layout now reads.
        auto again = import_text(book, thunderbird_file(delimiter));
        EXPECT_EQ(again.added, 1); // only the company without an address
        EXPECT_EQ(again.skipped, 2);
    }
}

TEST(CsvImport, YahooCsv) {
    auto book = LeadBook::open(":memory:");
    auto report = import_text(book, yahoo_file);
    EXPECT_EQ(report.preset, "yahoo");
    EXPECT_EQ(report.added, 1);
    const Lead dana = all_leads(book).at(0);
    EXPECT_EQ(dana.full_name, "Dana Q Scully");
    EXPECT_EQ(dana.emails, (std::vector<EmailAddress>{{"email", "dana@example.com"},
                                                      {"email 2", "dana@home.example"}}));
    EXPECT_EQ(dana.company, "FBI");
    EXPECT_EQ(dana.job_title, "Agent");
    EXPECT_EQ(dana.addresses.at(0).city, "Washington");
    EXPECT_EQ(dana.addresses.at(0).postal_code, "20535");
    EXPECT_EQ(dana.notes, "Trusts no one\nat all.");
    EXPECT_EQ(dana.phones.size(), 3u);
    ASSERT_NE(warning_for(report, "Yahoo! ID"), nullptr);
    ASSERT_NE(warning_for(report, "Nickname"), nullptr);

    // Unmapped columns into user-defined fields: no warnings for them.
    auto custom_book = LeadBook::open(":memory:");
    auto custom = import_text(custom_book, yahoo_file, ImportOptions{.unmapped_to_custom = true});
    EXPECT_EQ(warning_for(custom, "Nickname"), nullptr);
    EXPECT_EQ(all_leads(custom_book).at(0).custom.count("Nickname"), 1u);
    // A column mapped to "" on purpose is not warned about either.
    auto ignored_book = LeadBook::open(":memory:");
    auto ignored =
        import_text(ignored_book, yahoo_file, ImportOptions{.mapping = {{"Nickname", ""}}});
    EXPECT_EQ(warning_for(ignored, "Nickname"), nullptr);
    EXPECT_NE(warning_for(ignored, "Yahoo! ID"), nullptr);
}

TEST(CsvImport, WindowsAddressBookLayout) {
    auto book = LeadBook::open(":memory:");
    auto report = import_text(
        book, "First Name,Last Name,Middle Name,Name,Nickname,E-mail Address,Home City,"
              "Personal Web Page,Business Web Page,Company,Department\r\n"
              ",,,Firman Wandayandi,firman,firman@example.net,Bandung,https://home.example,"
              "https://work.example,Foo,Foo Net\r\n");
    EXPECT_EQ(report.preset, "windows");
    const Lead lead = all_leads(book).at(0);
    EXPECT_EQ(lead.full_name, "Firman Wandayandi");
    EXPECT_EQ(lead.emails.at(0).address, "firman@example.net");
    EXPECT_EQ(lead.web_pages.size(), 2u);
    const ImportIssue* department = warning_for(report, "Department");
    ASSERT_NE(department, nullptr);
    EXPECT_EQ(department->message,
              "line 1, column 11 (Department): 1 row has a value in this column, which nothing "
              "imports (map it to a field, or import unmapped columns into user-defined fields)");
}
