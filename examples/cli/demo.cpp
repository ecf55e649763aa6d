// demo.cpp: leadbook demo: a database filled with a realistic sample.
//
// The sample is fixed data (no randomness): five colleagues and 36 leads at
// fictional companies, with e-mail addresses, phones, a few postal addresses
// and web pages, sources, hot/warm/cold ratings, the scoring criteria each
// meets, assignments, and notes with time stamps; a few leads have
// communication history (notes, phone logs, appointments) dated around
// today, one has an opportunity with line items, and one is converted into
// a business contact. It is added in one transaction, and only when the
// database has no leads and no contacts, so running the command again
// changes nothing.
#include "cli.hpp"

#include <array>
#include <filesystem>
#include <map>
#include <ostream>

namespace leadbook_cli {

const std::string_view demo_help = R"(Usage: leadbook [global options] demo

  Creates the database file (or reuses it) and, when it has no leads and no
  contacts yet, fills it with a sample: five users and 36 leads with
  companies, e-mail addresses, phones, sources, ratings, scoring criteria
  met, assignments and notes; communication history (notes, phone logs,
  appointments) for a few of them, an opportunity with line items, and one
  lead converted into a business contact. Running it again adds nothing.
  Then prints the leads (with their stars), a count by assigned user and by
  rating, the history and opportunities of the first lead, the business
  contacts, and last the built-in report leads_by_score as a table, after
  writing it as an HTML page next to the database file
  (leadbook.db: leadbook-leads_by_score.html).
)";

namespace {

struct SampleUser {
    const char* name;
    const char* email;
};

constexpr std::array<SampleUser, 5> sample_users = {{
    {"Ana Silva", "ana.silva@northwind.example"},
    {"Ben Okafor", "ben.okafor@northwind.example"},
    {"Chloé Martin", "chloe.martin@northwind.example"},
    {"David Kim", "david.kim@northwind.example"},
    {"Emma Larsen", "emma.larsen@northwind.example"},
}};

struct SampleLead {
    const char* name;
    const char* title;
    const char* company;
    const char* email;  ///< "" for none
    const char* phone;  ///< work phone, "" for none
    const char* mobile; ///< "" for none
    const char* source;
    const char* rating;
    const char* met;   ///< scoring criteria met, as letters (see criterion_letters)
    int assignee;      ///< index into sample_users, -1 for unassigned
    const char* notes; ///< "" for none
    const char* stamp; ///< text of a time stamp added after the notes, or nullptr
};

// clang-format off
constexpr std::array<SampleLead, 36> sample_leads = {{
    {"Jane Doe", "Purchasing Manager", "Contoso Pharmaceuticals", "jane.doe@contoso.example", "+1 206 555 0142", "+1 206 555 0199", "Trade show", "hot", "NBDQ", 0, "Met at the BioTech Expo; wants a quote for 40 seats.", "Sent the quote"},
    {"José Müller", "CTO", "Fabrikam Inc.", "jose.mueller@fabrikam.example", "+49 30 5550 1234", "", "Web site", "warm", "NQ", 1, "", nullptr},
    {"Zoë Ørsted", "Head of Operations", "Østfold Marine AS", "zoe.orsted@ostfold-marine.example", "+47 22 55 01 23", "", "Referral", "hot", "NBDTQ", 2, "Referred by Tom Becker at Coho Winery.", "Called; demo booked for next week"},
    {"Raj Patel", "IT Director", "Woodgrove Bank", "raj.patel@woodgrove.example", "+44 20 7946 0958", "", "E-mail campaign", "warm", "NC", 3, "", nullptr},
    {"Mary O'Neil", "Office Manager", "Fourth Coffee", "mary.oneil@fourthcoffee.example", "+1 425 555 0110", "", "Cold call", "cold", "", 4, "", nullptr},
    {"Liu Wei", "Procurement Lead", "Wide World Importers", "liu.wei@wideworld.example", "+86 21 5555 0188", "", "Trade show", "warm", "DQ", 0, "", nullptr},
    {"田中 由紀", "Sales Director", "Sakura Robotics K.K.", "yuki.tanaka@sakura-robotics.example", "+81 3 5555 0123", "", "Partner", "hot", "NBQ", 1, "", nullptr},
    {"Ahmed Hassan", "Facilities Manager", "Humongous Insurance", "ahmed.hassan@humongous.example", "+1 312 555 0175", "", "Advertisement", "cold", "C", -1, "", nullptr},
    {"Sofia Rossi", "Marketing Director", "Alpine Ski House", "sofia.rossi@alpineskihouse.example", "+39 02 5555 0147", "+39 333 555 0147", "Web site", "hot", "NBDT", 2, "Interested in the enterprise plan.", nullptr},
    {"Tom Becker", "Owner", "Coho Winery", "tom.becker@cohowinery.example", "+1 707 555 0133", "", "Referral", "warm", "NT", 3, "", nullptr},
    {"Priya Sharma", "VP Engineering", "Trey Research", "priya.sharma@treyresearch.example", "+1 650 555 0161", "+1 650 555 0162", "Trade show", "hot", "NDQ", 4, "", "Asked for a security review"},
    {"Łukasz Nowak", "Project Manager", "Litware Inc.", "lukasz.nowak@litware.example", "+48 22 555 01 90", "", "E-mail campaign", "cold", "X", 0, "", nullptr},
    {"Emily Chen", "Buyer", "Tailspin Toys", "emily.chen@tailspintoys.example", "+1 503 555 0120", "", "Web site", "warm", "C", -1, "", nullptr},
    {"Carlos García", "Managing Director", "Proseware", "carlos.garcia@proseware.example", "+34 91 555 0134", "", "Partner", "warm", "NDC", 1, "", nullptr},
    {"Hannah Schmidt", "Head of HR", "Adventure Works", "hannah.schmidt@adventure-works.example", "+49 89 5550 4411", "", "Cold call", "cold", "Z", 2, "", nullptr},
    {"Oliver Smith", "Operations Analyst", "Lucerne Publishing", "oliver.smith@lucernepublishing.example", "+44 161 496 0123", "", "Advertisement", "cold", "", 3, "", nullptr},
    {"Fatima Zahra", "CFO", "Margie's Travel", "fatima.zahra@margiestravel.example", "+212 522 55 01 01", "", "Referral", "hot", "NBDTQC", 4, "Budget approved for the third quarter.", nullptr},
    {"Noah Williams", "IT Manager", "Blue Yonder Airlines", "noah.williams@blueyonder.example", "+1 214 555 0190", "", "Trade show", "warm", "Q", 0, "", nullptr},
    {"Amélie Dubois", "Directrice commerciale", "Graphic Design Institute", "amelie.dubois@graphicdesign.example", "+33 1 55 55 01 77", "", "Web site", "warm", "NBX", 1, "", nullptr},
    {"Kenji Watanabe", "Plant Manager", "Sakura Robotics K.K.", "kenji.watanabe@sakura-robotics.example", "+81 3 5555 0124", "", "Partner", "warm", "QC", 1, "", nullptr},
    {"Isabella Costa", "Founder", "Costa Design Studio", "isabella.costa@costadesign.example", "+55 11 5555 0142", "", "Web site", "cold", "ZC", -1, "", nullptr},
    {"Michael Brown", "Purchasing Agent", "Contoso Pharmaceuticals", "michael.brown@contoso.example", "+1 206 555 0143", "", "Trade show", "warm", "N", 0, "", nullptr},
    {"Anna Kowalska", "Office Administrator", "Litware Inc.", "anna.kowalska@litware.example", "+48 22 555 01 91", "", "Cold call", "cold", "", 2, "", nullptr},
    {"Daniel Lee", "Sales Operations", "Woodgrove Bank", "daniel.lee@woodgrove.example", "+44 20 7946 0959", "", "E-mail campaign", "hot", "NBT", 3, "Wants to move 12,000 contacts out of a spreadsheet.", "Sent the import guide"},
    {"Grace Johnson", "COO", "Fourth Coffee", "grace.johnson@fourthcoffee.example", "+1 425 555 0111", "", "Referral", "hot", "NDQC", 4, "", nullptr},
    {"Mateo Fernández", "Logistics Manager", "Wide World Importers", "mateo.fernandez@wideworld.example", "+52 55 5555 0166", "", "Trade show", "cold", "X", -1, "", nullptr},
    {"Sarah O'Brien", "Head of IT", "Humongous Insurance", "sarah.obrien@humongous.example", "+1 312 555 0176", "", "Web site", "warm", "NT", 2, "", nullptr},
    {"Erik Johansson", "Product Owner", "Østfold Marine AS", "erik.johansson@ostfold-marine.example", "+47 22 55 01 24", "", "Partner", "warm", "DC", 2, "", nullptr},
    {"Aisha Bello", "Procurement Officer", "Trey Research", "aisha.bello@treyresearch.example", "+1 650 555 0163", "", "Advertisement", "cold", "C", 4, "", nullptr},
    {"William Taylor", "General Manager", "Alpine Ski House", "william.taylor@alpineskihouse.example", "+1 970 555 0102", "", "Cold call", "cold", "", 3, "", nullptr},
    {"Mia Hoffmann", "Team Lead Sales", "Adventure Works", "mia.hoffmann@adventure-works.example", "+49 89 5550 4412", "", "E-mail campaign", "warm", "NQZ", 0, "", nullptr},
    {"Lucas Martin", "CEO", "Proseware", "lucas.martin@proseware.example", "+33 4 55 55 01 88", "", "Referral", "hot", "NBDQ", 1, "", "Signed the NDA"},
    {"Olivia Davis", "Customer Success Manager", "Tailspin Toys", "", "+1 503 555 0121", "", "Trade show", "warm", "C", -1, "No e-mail address yet; call in the mornings.", nullptr},
    {"Ethan Wright", "Finance Director", "Blue Yonder Airlines", "ethan.wright@blueyonder.example", "+1 214 555 0191", "", "Web site", "cold", "N", 4, "", nullptr},
    {"Nora Lindqvist", "Head of Purchasing", "Coho Winery", "nora.lindqvist@cohowinery.example", "", "", "E-mail campaign", "warm", "ND", 3, "", nullptr},
    {"Samuel Adeyemi", "Director of IT", "Margie's Travel", "samuel.adeyemi@margiestravel.example", "+234 1 555 0123", "", "Partner", "hot", "NBQT", 0, "", nullptr},
}};
// clang-format on

/// The default lead criteria of a new database, by the letter the sample
/// uses for each. A criterion someone renamed or deleted is skipped.
struct CriterionLetter {
    char letter;
    const char* description;
};
constexpr std::array<CriterionLetter, 8> criterion_letters = {{
    {'N', "Need identified"},
    {'B', "Budget confirmed"},
    {'D', "Decision maker reached"},
    {'T', "Timeline under three months"},
    {'Q', "Asked for a quote or a demo"},
    {'C', "Responded to a campaign"},
    {'X', "Competitor already chosen"},
    {'Z', "No budget this year"},
}};

std::vector<leadbook::Id> criteria_ids(const std::map<char, leadbook::Id>& by_letter,
                                       std::string_view letters) {
    std::vector<leadbook::Id> ids;
    for (char letter : letters)
        if (auto it = by_letter.find(letter); it != by_letter.end()) ids.push_back(it->second);
    return ids;
}

/// Extras a few sample leads have: postal addresses, web pages, a home
/// e-mail address.
void add_extras(std::size_t index, leadbook::Lead& lead) {
    switch (index) {
    case 0:
        lead.addresses.push_back(
            {"work", "4567 Main Street", "Redmond", "WA", "98052", "United States", true});
        lead.web_pages.push_back({"work", "https://www.contoso.example"});
        break;
    case 2:
        lead.addresses.push_back(
            {"work", "Strandveien 12", "Fredrikstad", "", "1601", "Norway", true});
        break;
    case 8:
        lead.emails.push_back({"home", "sofia.rossi@mail.example"});
        lead.addresses.push_back(
            {"work", "Via Roma 21", "Cortina d'Ampezzo", "BL", "32043", "Italy", false});
        lead.web_pages.push_back({"work", "https://www.alpineskihouse.example"});
        break;
    case 16: lead.web_pages.push_back({"work", "https://www.margiestravel.example"}); break;
    default: break;
    }
}

std::optional<leadbook::Id> find_user(leadbook::LeadBook& book, const char* name) {
    for (const auto& user :
         book.users().find({.where = {{"name", FilterOp::eq, name}}, .limit = 1}))
        return user.id;
    return std::nullopt;
}

/// Times of the sample history, relative to now so it looks current: whole
/// hours, in UTC.
struct DemoClock {
    std::int64_t hour; ///< now, down to the hour, in ms since 1970
    DemoClock() {
        const std::int64_t now = leadbook::Timestamp::now().millis;
        hour = now - now % 3'600'000;
    }
    /// `days` from today (negative: in the past) at `hour_of_day`:00 UTC.
    boost::json::value at(std::int64_t days, std::int64_t hour_of_day) const {
        const std::int64_t day = hour - hour % 86'400'000 + days * 86'400'000;
        return leadbook::to_json(leadbook::Timestamp{day + hour_of_day * 3'600'000});
    }
    /// `hours` ago, on the hour.
    boost::json::value ago(std::int64_t hours) const {
        return leadbook::to_json(leadbook::Timestamp{hour - hours * 3'600'000});
    }
};

/// Who did it: history items record the acting user, like the leads.
void add_history(leadbook::LeadBook& book, std::optional<leadbook::Id> by,
                 boost::json::object item) {
    book.set_acting_user(by);
    book.history().add_json(item);
}

/// History, an opportunity and a conversion on top of the leads:
/// `leads` are the ids of the sample leads in order, `users` of the users.
void fill_activities(leadbook::LeadBook& book, const std::vector<leadbook::Id>& leads,
                     const std::array<leadbook::Id, sample_users.size()>& users) {
    const DemoClock clock;
    const leadbook::Id jane = leads[0], zoe = leads[2], fatima = leads[16];
    const auto ana = users[0], chloe = users[2], emma = users[4];
    using boost::json::array;
    using boost::json::object;

    add_history(
        book, ana,
        object{{"kind", "business_note"},
               {"links", array{jane}},
               {"subject", "Met at the BioTech Expo"},
               {"body", "Runs purchasing for 40 people; the quote should cover onboarding."},
               {"occurred_at", clock.at(-9, 15)}});
    add_history(book, ana,
                object{{"kind", "phone_log"},
                       {"links", array{jane}},
                       {"subject", "Called about the quote"},
                       {"direction", "outgoing"},
                       {"duration", 12 * 60 + 30},
                       {"occurred_at", clock.ago(50)},
                       {"body", "She wants 10% off for 40 seats; sending a revised quote."}});
    add_history(book, ana,
                object{{"kind", "appointment"},
                       {"links", array{jane}},
                       {"subject", "Product demo for Contoso purchasing"},
                       {"start", clock.at(5, 10)},
                       {"end", clock.at(5, 11)},
                       {"location", "Contoso, 4567 Main Street, Redmond"}});
    add_history(book, chloe,
                object{{"kind", "phone_log"},
                       {"links", array{zoe}},
                       {"subject", "Booked a demo"},
                       {"direction", "incoming"},
                       {"duration", 7 * 60},
                       {"occurred_at", clock.ago(26)}});
    add_history(book, chloe,
                object{{"kind", "appointment"},
                       {"links", array{zoe}},
                       {"subject", "Demo for Østfold Marine"},
                       {"start", clock.at(8, 9)},
                       {"end", clock.at(8, 10)},
                       {"location", "Video call"}});
    add_history(book, emma,
                object{{"kind", "business_note"},
                       {"links", array{fatima}},
                       {"subject", "Budget approved"},
                       {"body", "The board approved the budget for the third quarter."},
                       {"occurred_at", clock.at(-3, 11)}});

    book.set_acting_user(ana);
    book.opportunities().add_json(object{
        {"title", "Leadbook for Contoso purchasing"},
        {"linked_to", jane},
        {"items",
         array{
             object{{"item", "Seat licence (1 year)"},
                    {"quantity", 40},
                    {"unit_price", "29.00"},
                    {"discount", 10}},
             object{{"item", "Onboarding workshop"}, {"quantity", 1}, {"unit_price", "1500.00"}}}},
        {"stage", "qualified"},
        {"expected_close", leadbook::to_json(leadbook::Date{
                               static_cast<std::int32_t>(clock.hour / 86'400'000 + 30)})},
        {"assigned_to", ana}});

    // Fatima Zahra's budget is approved: she becomes a business contact,
    // keeping her id, history and score.
    book.set_acting_user(emma);
    book.convert_lead(fatima, book.leads().get(fatima).version);
}

/// Adds the sample in one transaction. Users of the same names are reused.
void fill_sample(leadbook::LeadBook& book) {
    const auto previous_user = book.acting_user();
    book.write_transaction([&] {
        std::array<leadbook::Id, sample_users.size()> user_ids{};
        for (std::size_t i = 0; i < sample_users.size(); ++i) {
            if (auto id = find_user(book, sample_users[i].name)) {
                user_ids[i] = *id;
            } else {
                leadbook::User user;
                user.name = sample_users[i].name;
                user.email = sample_users[i].email;
                user_ids[i] = book.users().add(user).id;
            }
        }
        std::map<char, leadbook::Id> criteria;
        for (const auto& criterion : book.criteria_of(leadbook::RecordType::lead))
            for (const auto& [letter, description] : criterion_letters)
                if (criterion.description == description) criteria.emplace(letter, criterion.id);

        std::vector<leadbook::Id> lead_ids;
        for (std::size_t i = 0; i < sample_leads.size(); ++i) {
            const SampleLead& sample = sample_leads[i];
            std::optional<leadbook::Id> owner;
            if (sample.assignee >= 0) owner = user_ids[static_cast<std::size_t>(sample.assignee)];
            // The colleague who owns a lead is the one who writes it down.
            book.set_acting_user(owner ? owner : previous_user);

            leadbook::Lead lead;
            lead.full_name = sample.name;
            lead.job_title = sample.title;
            lead.company = sample.company;
            if (*sample.email) lead.emails.push_back({"work", sample.email});
            if (*sample.phone) lead.phones.push_back({"work", sample.phone});
            if (*sample.mobile) lead.phones.push_back({"mobile", sample.mobile});
            lead.source = sample.source;
            lead.rating = sample.rating;
            lead.criteria_met = criteria_ids(criteria, sample.met);
            lead.assigned_to = owner;
            lead.notes = sample.notes;
            add_extras(i, lead);
            auto stored = book.leads().add(lead);
            if (sample.stamp) book.add_time_stamp(stored.id, stored.version, sample.stamp);
            lead_ids.push_back(stored.id);
        }
        fill_activities(book, lead_ids, user_ids);
    });
    book.set_acting_user(previous_user);
}

void print_summary(std::ostream& out, leadbook::LeadBook& book) {
    out << "\nLeads by assigned user:\n";
    TablePrinter table(out, {{"Assigned to", 30}, {"Leads", 6, true}});
    for (const auto& user : book.users().find({.order_by = {"name"}})) {
        auto count = book.leads().count({.where = {{"assigned_to", FilterOp::eq, user.id}}});
        table.add_row({user.name, std::to_string(count)});
    }
    table.add_row(
        {"(unassigned)", std::to_string(book.leads().count(
                             {.where = {{"assigned_to", FilterOp::is_empty, nullptr}}}))});
    table.finish();

    out << "\nLeads by rating:";
    const char* separator = " ";
    for (const char* rating : {"hot", "warm", "cold"}) {
        out << separator << rating << " "
            << book.leads().count({.where = {{"rating", FilterOp::eq, rating}}});
        separator = ", ";
    }
    out << '\n';
}

/// The history and opportunities of the first sample lead (if it is still
/// a lead), then the business contacts.
void print_activities(std::ostream& out, leadbook::LeadBook& book, bool converted_now) {
    UserNames users(book);
    RecordNames records(book);
    for (const auto& lead : book.leads().find(
             {.where = {{"full_name", FilterOp::eq, sample_leads[0].name}}, .limit = 1})) {
        out << "\nHistory of lead " << lead.id << " (" << lead.full_name << "), newest first:\n";
        auto items = book.history().find(
            {.where = {{"links", FilterOp::has, lead.id}}, .order_by = {"-occurred_at"}});
        print_history_table(out, items, users);
        for (const auto& opportunity :
             book.opportunities().find({.where = {{"linked_to", FilterOp::eq, lead.id}}})) {
            out << '\n';
            print_opportunity_card(out, opportunity, users, records);
        }
    }
    if (converted_now) {
        for (const auto& contact : book.contacts().find({.limit = 1})) {
            out << "\nConverted lead " << contact.id << " (" << contact.full_name
                << ") into a business contact; its id, history and score stay:\n";
            print_contact_card(out, contact, users);
        }
    } else {
        out << "\nBusiness contacts:\n";
        auto contacts = book.contacts().find({.order_by = {"id"}});
        print_contact_table(out, contacts, users);
    }
}

/// Where the demo writes the HTML report: next to the database file, named
/// after it ("crm.db": "crm-leads_by_score.html").
std::filesystem::path html_report_path(const std::string& db_path) {
    if (db_path == ":memory:" || leadbook::is_postgres_uri(db_path)) return "leads_by_score.html";
    std::filesystem::path db(db_path);
    return db.parent_path() / cat(db.stem().string(), "-leads_by_score.html");
}

/// The leads by score, written as HTML and then printed as a table: the
/// last thing the demo shows.
void print_score_report(std::ostream& out, leadbook::LeadBook& book, const std::string& db_path) {
    auto report = leadbook::Reports(book).run("leads_by_score");
    const auto html = html_report_path(db_path);
    report.write("html", html.string());
    out << "\nThe report below is also an HTML page with a chart: "
        << std::filesystem::absolute(html).string() << "\n\n";
    print_report_table(out, report);
}

} // namespace

int demo_command(const Context& ctx, const Args& args) {
    auto options = parse_options("demo", args, {});
    expect_positionals("demo", options, 0, 0, "");
    auto book = open_book(ctx, true);
    std::ostream& out = *ctx.out;

    const auto leads = book.leads().count();
    const auto contacts = book.contacts().count();
    const bool fill = leads == 0 && contacts == 0;
    if (fill) {
        fill_sample(book);
        if (!ctx.json)
            out << "Filled " << db_shown(ctx) << " with " << sample_users.size() << " users and "
                << sample_leads.size()
                << " sample leads (with history and an opportunity; one converted into a "
                   "business contact).\n\n";
    } else if (!ctx.json) {
        out << db_shown(ctx) << " already has " << leads << (leads == 1 ? " lead" : " leads")
            << " and " << contacts << (contacts == 1 ? " business contact" : " business contacts")
            << "; added nothing.\n\n";
    }

    auto lead_rows = book.leads().find({.order_by = {"id"}});
    if (ctx.json) {
        print_lead_json_lines(ctx, lead_rows);
        return 0;
    }
    UserNames users(book);
    print_lead_table(out, lead_rows, users);
    print_summary(out, book);
    print_activities(out, book, fill);
    print_score_report(out, book, ctx.db_path);
    return 0;
}

} // namespace leadbook_cli
