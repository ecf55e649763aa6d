// Leads from e-mail: the From header in its forms, encoded words, errors.
#include "formats/email_message.hpp"
#include "import_test_support.hpp"

using namespace leadbook;
using namespace leadbook::formats;
using namespace leadbook::test;

TEST(EmailCapture, ParsesTheHeaderOfAMessage) {
    auto m = parse_email_message(data_bytes("from_plain.eml"));
    EXPECT_EQ(m.from_name, "Jane Doe");
    EXPECT_EQ(m.from_address, "jane@example.com");
    EXPECT_EQ(m.from, "Jane Doe <jane@example.com>");
    EXPECT_EQ(m.subject, "Angebot für Ihre Firma");
    EXPECT_EQ(m.message_id, "1234@mail.example.com");
    EXPECT_EQ(m.date_text, "Tue, 1 Jul 2003 10:52:37 +0200");
    ASSERT_TRUE(m.date);
    EXPECT_EQ(m.date->to_string(), "2003-07-01T08:52:37Z");
    EXPECT_EQ(m.to, (std::vector<std::string>{"Sales Team <sales@leadbook.example>",
                                              "bob@leadbook.example"}));
}

TEST(EmailCapture, FromForms) {
    struct Case {
        const char* file;
        const char* name;
        const char* address;
    };
    const Case cases[] = {
        {"from_quoted_comma.eml", "Doe, Jane", "jane.doe@example.com"},
        {"from_comment.eml", "Jane Doe", "jane@example.com"},
        {"from_encoded_q_utf8.eml", "Jürgen Müller", "jm@example.de"},
        {"from_encoded_b_latin1.eml", "João Conceição", "joao@example.pt"},
        {"from_encoded_windows1250.eml", "Pavel Dvořák", "pavel@example.cz"},
        {"from_folded.eml", "Dr. Maria Schmidt", "maria.schmidt@example.de"},
        {"from_address_only.eml", "", "john.roe-smith@example.org"},
    };
    for (const auto& c : cases) {
        auto m = parse_email_message(data_bytes(c.file));
        EXPECT_EQ(m.from_name, c.name) << c.file;
        EXPECT_EQ(m.from_address, c.address) << c.file;
    }
    std::ifstream file(data_file("from_quoted_comma.eml"), std::ios::binary);
    EXPECT_EQ(parse_email_message(file).from, "\"Doe, Jane\" <jane.doe@example.com>");
}

TEST(EmailCapture, CreatesALeadOnceAndFindsItAfterwards) {
    auto book = LeadBook::open(":memory:");
    auto first = lead_from_email_file(book, data_file("from_quoted_comma.eml"));
    EXPECT_TRUE(first.created);
    EXPECT_EQ(first.lead.full_name, "Jane Doe"); // "Doe, Jane" turned round
    EXPECT_EQ(first.lead.emails, (std::vector<EmailAddress>{{"email", "jane.doe@example.com"}}));
    EXPECT_EQ(first.message.subject, "Angebot für Ihre Firma");

    std::string again = data_bytes("from_quoted_comma.eml");
    again.replace(again.find("jane.doe@example.com"), 20, "JANE.DOE@Example.COM");
    auto second = lead_from_email(book, again);
    EXPECT_FALSE(second.created);
    EXPECT_EQ(second.lead.id, first.lead.id);
    EXPECT_EQ(book.leads().count(), 1);

    // The message is in the lead's history, once however often it is captured.
    ASSERT_NE(first.history_id, 0);
    EXPECT_EQ(second.history_id, first.history_id);
    const HistoryItem item = book.history().get(first.history_id);
    EXPECT_EQ(item.kind, HistoryKind::email);
    EXPECT_EQ(item.subject, "Angebot für Ihre Firma");
    EXPECT_EQ(item.from, "\"Doe, Jane\" <jane.doe@example.com>");
    EXPECT_EQ(item.to, "Sales Team <sales@leadbook.example>, bob@leadbook.example");
    EXPECT_EQ(item.message_id, "1234@mail.example.com");
    ASSERT_TRUE(item.sent_at);
    EXPECT_EQ(item.sent_at->to_string(), "2003-07-01T08:52:37Z");
    EXPECT_EQ(item.links, (std::vector<Id>{first.lead.id}));
    EXPECT_EQ(book.history().count(), 1);

    auto nameless = lead_from_email_file(book, data_file("from_address_only.eml"));
    EXPECT_TRUE(nameless.created);
    EXPECT_EQ(nameless.lead.full_name, "John Roe Smith");
    auto encoded = lead_from_email_file(book, data_file("from_encoded_q_utf8.eml"));
    EXPECT_EQ(encoded.lead.full_name, "Jürgen Müller");
    auto json = to_json(encoded).as_object();
    EXPECT_EQ(json.at("created").as_bool(), true);
    EXPECT_EQ(json.at("message").at("message_id").as_string(), "1234@mail.example.com");
}

TEST(EmailCapture, FindsLeadsStoredWithTheAddressAmongOthers) {
    auto book = LeadBook::open(":memory:");
    Lead lead;
    lead.full_name = "Jane D.";
    lead.emails = {{"home", "jd@home.example"}, {"work", "Jane@Example.COM"}};
    const Lead stored = book.leads().add(lead);
    auto found = lead_from_email_file(book, data_file("from_plain.eml"));
    EXPECT_FALSE(found.created);
    EXPECT_EQ(found.lead.id, stored.id);
}

TEST(EmailCapture, FindsTheFirstRecordWithTheAddressAmongMany) {
    auto book = LeadBook::open(":memory:");
    std::vector<Lead> leads(2000);
    for (std::size_t i = 0; i < leads.size(); ++i) {
        leads[i].full_name = "Lead " + std::to_string(i);
        leads[i].emails = {{"work", "lead" + std::to_string(i) + "@example.com"}};
    }
    leads[1500].emails.push_back({"home", "JANE@example.com"});
    leads[1700].emails = {{"work", "jane@EXAMPLE.com"}};
    const auto ids = book.leads().add_many(leads);
    auto found = lead_from_email_file(book, data_file("from_plain.eml")); // jane@example.com
    EXPECT_FALSE(found.created);
    EXPECT_EQ(found.lead.id, ids[1500]); // the lowest id, as before
    EXPECT_EQ(found.lead.full_name, "Lead 1500");
    EXPECT_EQ(book.leads().count(), 2000);
}

TEST(EmailCapture, FindsBusinessContactsToo) {
    auto book = LeadBook::open(":memory:");
    BusinessContact contact;
    contact.full_name = "Maria Schmidt";
    contact.emails = {{"work", "Maria.Schmidt@example.de"}};
    const auto stored = book.contacts().add(contact);
    auto found = lead_from_email_file(book, data_file("from_folded.eml"));
    EXPECT_FALSE(found.created);
    EXPECT_EQ(found.record_kind, "business_contact");
    EXPECT_EQ(found.lead.id, stored.id);
    EXPECT_EQ(found.lead.full_name, "Maria Schmidt");
    EXPECT_EQ(book.leads().count(), 0);
    EXPECT_EQ(book.history().get(found.history_id).links, (std::vector<Id>{stored.id}));
}

TEST(EmailCapture, BadMessagesSayWhyAndStoreNothing) {
    auto book = book_with_one_lead();
    const auto before = snapshot(book);
    struct Case {
        const char* file;
        std::int64_t line;
        const char* reason;
    };
    const Case cases[] = {
        {"no_from.eml", 0, "the message has no From header"},
        {"empty_from.eml", 4, "the From header is empty"},
        {"malformed_encoded_word.eml", 4, "malformed encoded word '=?utf-8?B?not*base64?='"},
        {"several_from.eml", 4, "the From header has 2 addresses (a@example.com, b@example.com)"},
    };
    for (const auto& c : cases) {
        auto issue = import_error([&] { lead_from_email_file(book, data_file(c.file)); });
        EXPECT_EQ(issue.line, c.line) << c.file;
        EXPECT_EQ(issue.column_name, "From") << c.file;
        EXPECT_NE(issue.reason.find(c.reason), std::string::npos) << c.file << ": " << issue.reason;
    }
    EXPECT_EQ(
        describe_issue(import_error([&] { lead_from_email_file(book, data_file("no_from.eml")); })),
        "From: the message has no From header");
    EXPECT_EQ(describe_issue({.line = 4, .column_name = "From", .reason = "empty"}),
              "line 4 (From): empty");
    auto issue =
        import_error([&] { lead_from_email(book, "From: a@x.com\r\nFrom: b@y.com\r\n\r\n"); });
    EXPECT_NE(issue.reason.find("more than one From header"), std::string::npos);
    issue = import_error([&] { lead_from_email(book, "From: Jane Doe jane@example.com\r\n\r\n"); });
    EXPECT_NE(issue.reason.find("not an address"), std::string::npos);
    issue = import_error([&] { lead_from_email(book, "From: <not-an-address>\r\n\r\n"); });
    EXPECT_NE(issue.reason.find("not a valid e-mail address"), std::string::npos);
    expect_error(ErrorCode::not_found, "cannot open",
                 [&] { lead_from_email_file(book, "/no/such.eml"); });
    EXPECT_EQ(snapshot(book), before);
    EXPECT_EQ(book.history().count(), 0);
}

TEST(EmailCapture, EncodedWords) {
    EXPECT_EQ(decode_encoded_words("=?utf-8?q?a?= =?utf-8?q?b?= c", true), "ab c");
    // A character split across two B-encoded words.
    EXPECT_EQ(decode_encoded_words("=?UTF-8?B?w6k=?= =?UTF-8?B?w6k=?=", true), "éé");
    EXPECT_EQ(decode_encoded_words("=?UTF-8?B?4oI=?= =?UTF-8?B?rA==?=", true), "€");
    EXPECT_EQ(decode_encoded_words("=?iso-8859-15?Q?=A4uro?=", true), "€uro");
    EXPECT_EQ(decode_encoded_words("=?windows-1251?B?yuvo5e3y?=", true), "Клиент");
    EXPECT_EQ(decode_encoded_words("=?utf-8*de?Q?Gr=C3=BC=C3=9Fe?=", true), "Grüße");
    EXPECT_EQ(decode_encoded_words("=?x-unknown?Q?a?= kept", false), "=?x-unknown?Q?a?= kept");
    expect_error(ErrorCode::validation, "unknown charset",
                 [] { decode_encoded_words("=?x-unknown?Q?a?=", true); });
    expect_error(ErrorCode::validation, "not an encoding",
                 [] { decode_encoded_words("=?utf-8?X?a?=", true); });
    expect_error(ErrorCode::validation, "not closed",
                 [] { decode_encoded_words("=?utf-8?Q?open", true); });
    expect_error(ErrorCode::validation, "not valid UTF-8",
                 [] { decode_encoded_words("=?utf-8?Q?=FF?=", true); });
}

TEST(EmailCapture, AddressListsAndDates) {
    auto list = parse_address_list(
        "Team: a@x.com, \"B, C\" <b@x.com>;, (only a comment) d@x.com (Dee)", true);
    ASSERT_EQ(list.size(), 3u);
    EXPECT_EQ(list[1].display_name, "B, C");
    EXPECT_EQ(list[2].display_name, "Dee");
    EXPECT_TRUE(parse_address_list("undisclosed-recipients:;", true).empty());
    EXPECT_EQ(parse_address_list("<@relay.example:jane@example.com>", true).at(0).address,
              "jane@example.com");
    EXPECT_EQ(parse_mail_date("1 Jul 03 10:52 EST")->to_string(), "2003-07-01T15:52:00Z");
    EXPECT_EQ(parse_mail_date("Mon, 29 Feb 2016 23:59:59 -0130 (comment)")->to_string(),
              "2016-03-01T01:29:59Z");
    EXPECT_FALSE(parse_mail_date("yesterday"));
    EXPECT_EQ(full_name_from_display_name("Acme, Inc."), "Acme, Inc.");
    EXPECT_EQ(name_from_address("mary_ann.o-neil+news@example.com"), "Mary Ann O Neil");
}

TEST(EmailCapture, Rfc5322CommentsObsoleteSyntaxAndGroups) {
    // RFC 5322 appendix A.5: comments anywhere white space may be.
    auto m =
        parse_email_message("From: Pete(A nice \\) chap) <pete(his account)@silly.test(his "
                            "host)>\r\n"
                            "To:A Group(Some people)\r\n"
                            "     :Chris Jones <c@(Chris's host.)public.example>,\r\n"
                            "         joe@example.org,\r\n"
                            "  John <jdoe@one.test> (my dear friend); (the end of the group)\r\n"
                            "Cc:(Empty list)(start)Hidden recipients  :(nobody(that I know))  ;\r\n"
                            "\r\n");
    EXPECT_EQ(m.from_name, "Pete");
    EXPECT_EQ(m.from_address, "pete@silly.test");
    EXPECT_EQ(m.to, (std::vector<std::string>{"Chris Jones <c@public.example>", "joe@example.org",
                                              "John <jdoe@one.test>"}));

    // A comment inside a bare address is not a name; one after it is.
    auto bare = parse_address_list("pete(his account)@silly.test", true);
    ASSERT_EQ(bare.size(), 1u);
    EXPECT_EQ(bare[0].address, "pete@silly.test");
    EXPECT_EQ(bare[0].display_name, "");
    bare = parse_address_list("pete(his account)@silly.test (Pete)", true);
    EXPECT_EQ(bare[0].display_name, "Pete");

    // The obsolete "From  :" with white space before the colon (RFC 5322 4.5.1).
    auto obsolete = parse_email_message("From  : Jane Doe <jane@example.com>\r\n"
                                        "Subject\t: Hello\r\n\r\n");
    EXPECT_EQ(obsolete.from_address, "jane@example.com");
    EXPECT_EQ(obsolete.subject, "Hello");

    // obs-local-part and obs-domain: words with white space around the dots
    // and the @, and quoted words that need no quotes.
    auto obs = parse_address_list("john . \"q\" . public @ example . com", true);
    ASSERT_EQ(obs.size(), 1u);
    EXPECT_EQ(obs[0].address, "john.q.public@example.com");
    // A group in From: its one mailbox.
    auto group = parse_email_message("From: Sales team: Ann Lee <ann@example.com>;\r\n\r\n");
    EXPECT_EQ(group.from_address, "ann@example.com");
    EXPECT_EQ(group.from_name, "Ann Lee");

    // Still refused: two words with no dot between them, an open comment.
    expect_error(ErrorCode::validation, "is not an address",
                 [] { parse_address_list("jane doe@example.com", true); });
    expect_error(ErrorCode::validation, "unterminated comment",
                 [] { parse_address_list("<jane(open@example.com>", true); });
    auto book = book_with_one_lead();
    const auto before = snapshot(book);
    auto issue =
        import_error([&] { lead_from_email(book, "From  : <jane(open@example.com>\r\n\r\n"); });
    EXPECT_NE(issue.reason.find("unterminated comment"), std::string::npos);
    EXPECT_EQ(snapshot(book), before);
}
