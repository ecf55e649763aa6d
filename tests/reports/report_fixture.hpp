// A small, hand-counted data set for the report tests.
//
//   lead           assigned  rating  stars  company  source
//   Alice Archer   Ana       hot     5      Acme     Web
//   Bob Brown      Ana       warm    3      Beta     Web
//   Carla Cruz     Ana       hot     4      Acme     Trade show
//   Dan Diaz       Ben       cold    1      Gamma    Referral
//   Eve Evans      Ben       hot     5      Beta     Web
//   Fay Fox        (nobody)  warm    0      (none)   (none), no e-mail or phone
//   Gus Gray       Ben       warm    3      Acme     Referral
//
// Ana's id is lower than Ben's, so groups by assigned_to come as
// (not assigned) 1, Ana 3, Ben 3.
#pragma once

#include <leadbook/leadbook.hpp>
#include <leadbook/reports.hpp>

#include "../test_support.hpp"

#include <string>
#include <vector>

namespace leadbook::test {

/// Everything stored, as JSON text, to compare before and after.
inline std::string snapshot(LeadBook& book) {
    std::string out;
    for (const auto& u : book.users().find()) out += serialize_json(to_json(u)) + "\n";
    for (const auto& l : book.leads().find()) out += serialize_json(to_json(l)) + "\n";
    for (const auto& r : book.saved_reports().find()) out += serialize_json(to_json(r)) + "\n";
    return out;
}

class ReportData : public ::testing::Test {
protected:
    void SetUp() override {
        ana = book.users().add(User{.name = "Ana Silva", .email = "ana@example.com"}).id;
        ben = book.users().add(User{.name = "Ben Okafor", .email = "ben@example.com"}).id;
        add("Alice Archer", ana, "hot", 5, "Acme", "Web");
        add("Bob Brown", ana, "warm", 3, "Beta", "Web");
        add("Carla Cruz", ana, "hot", 4, "Acme", "Trade show");
        add("Dan Diaz", ben, "cold", 1, "Gamma", "Referral");
        add("Eve Evans", ben, "hot", 5, "Beta", "Web");
        add("Fay Fox", std::nullopt, "warm", 0, "", "", false);
        add("Gus Gray", ben, "warm", 3, "Acme", "Referral");
    }

    Lead add(const std::string& name, std::optional<Id> assigned, const std::string& rating,
             int stars, const std::string& company, const std::string& source,
             bool reachable = true) {
        Lead l;
        l.full_name = name;
        l.assigned_to = assigned;
        l.rating = rating;
        l.score.mode = ScoreMode::manual;
        l.score.stars = stars;
        l.company = company;
        l.source = source;
        if (reachable) {
            std::string first = name.substr(0, name.find(' '));
            for (auto& c : first) c = char(std::tolower(static_cast<unsigned char>(c)));
            l.emails = {{"work", first + "@work.example"}, {"home", first + "@home.example"}};
            l.phones = {{"business", "+1 555 01" + std::to_string(10 + leads.size())}};
        }
        leads.push_back(book.leads().add(l));
        return leads.back();
    }

    /// Every row's text in one column, in report order.
    static std::vector<std::string> column_texts(Report& report, std::size_t column) {
        std::vector<std::string> out;
        report.rewind();
        while (auto row = report.next_row()) out.push_back(row->texts.at(column));
        return out;
    }

    TempDir dir;
    LeadBook book = LeadBook::open(dir.file("crm.db"));
    Reports reports{book};
    Id ana = 0, ben = 0;
    std::vector<Lead> leads;
};

} // namespace leadbook::test
