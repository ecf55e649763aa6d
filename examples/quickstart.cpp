// quickstart.cpp: leadbook's C++ API in one page.
//
//   leadbook_quickstart [DATABASE]      (default: a private in-memory database)
//
// Build against the installed package with
//   find_package(leadbook 0.4 REQUIRED)
//   target_link_libraries(app PRIVATE leadbook::leadbook)
#include <leadbook/leadbook.hpp>

#include <iostream>

int main(int argc, char** argv) {
    try {
        auto book = leadbook::LeadBook::open(argc > 1 ? argv[1] : ":memory:");

        // Users are the colleagues leads are assigned to.
        leadbook::User ana;
        ana.name = "Ana Silva";
        ana.email = "ana.silva@example.com";
        ana = book.users().add(ana);
        book.set_acting_user(ana.id); // recorded in modified_by

        // Only full_name is required; add() returns the stored record with its
        // id, version and timestamps.
        leadbook::Lead jane;
        jane.full_name = "Jane Doe";
        jane.company = "Contoso Pharmaceuticals";
        jane.emails.push_back({"work", "jane.doe@contoso.example"});
        jane.rating = "warm";
        jane.assigned_to = ana.id;
        jane = book.leads().add(jane);

        // Records also come from JSON, with the same field names.
        auto jose = book.leads().add_json(leadbook::parse_json(
            R"({"full_name": "José Müller", "company": "Fabrikam", "rating": "hot"})"));

        // Updates name the version they start from: if someone saved in
        // between, update() throws ErrorCode::conflict and changes nothing.
        jane = book.leads().update(jane.id, jane.version, {{"rating", "hot"}});
        jane = book.add_time_stamp(jane.id, jane.version, "called, sent a quote");

        // Queries run in the database; the cursor streams the results.
        leadbook::RecordQuery hot;
        hot.where = {{"rating", leadbook::FilterOp::eq, "hot"}};
        hot.order_by = {"full_name"};
        for (const auto& lead : book.leads().find(hot))
            std::cout << lead.id << "  " << lead.full_name << "  " << lead.company << '\n';
        std::cout << book.leads().count(hot) << " hot leads\n";

        std::cout << leadbook::serialize_json(leadbook::to_json(jose)) << '\n';

        // Bad input is an Error that names the field; nothing is stored.
        try {
            book.leads().add_json(leadbook::parse_json(R"({"full_name": "X", "emails": 5})"));
        } catch (const leadbook::Error& e) {
            std::cout << "rejected: " << e.what() << '\n';
        }
        return 0;
    } catch (const leadbook::Error& e) {
        std::cerr << "quickstart: " << leadbook::error_code_name(e.code()) << ": " << e.what()
                  << '\n';
        return 1;
    }
}
