// Helpers shared by the test suites: a temporary folder per test, file
// snapshots, small valid images.
#pragma once

#include <leadbook/leadbook.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

namespace leadbook::test {

/// A fresh folder under the system temp dir, removed at the end of the test.
class TempDir {
public:
    TempDir() {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() /
                ("leadbook-test-" + std::to_string(rd()) + "-" + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

inline std::vector<char> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_file(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
}

/// A valid 1x1 PNG.
inline std::vector<std::uint8_t> tiny_png() {
    return {0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48,
            0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
            0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78,
            0x9C, 0x63, 0x60, 0x00, 0x02, 0x00, 0x00, 0x05, 0x00, 0x01, 0xE9, 0xFA, 0xDC, 0xD8,
            0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82};
}

/// Runs `body` and checks it throws leadbook::Error with `code` and a
/// message containing `words`.
template <class F> void expect_error(ErrorCode code, const std::string& words, F&& body) {
    try {
        body();
        ADD_FAILURE() << "expected an error containing '" << words << "'";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), code) << e.what();
        EXPECT_NE(std::string(e.what()).find(words), std::string::npos)
            << "message '" << e.what() << "' lacks '" << words << "'";
    }
}

/// A lead with the usual lists filled, for tests and examples.
/// The e-mail addresses' table: a list table of leads.
inline const ChildTableDef& emails_table() {
    for (const TableDef* t : LeadBook::schema_tables())
        if (t->kind == "lead")
            for (const auto& child : t->children)
                if (child.name == "emails") return child;
    throw std::logic_error("no e-mail table");
}

/// Whether storage refuses a list row whose owner does not exist (the
/// reference check imports and add_many switch off while they write).
inline bool refuses_orphan_rows(LeadBook& book) {
    const Row orphan{Value(std::string("work")), Value(std::string("nobody@example.com"))};
    try {
        book.write_transaction([&] {
            book.storage().insert_children(emails_table(), 987654321, {&orphan, 1});
        });
    } catch (const Error&) {
        return true;
    }
    return false;
}

inline Lead sample_lead(const std::string& name, int n = 0) {
    Lead lead;
    lead.full_name = name;
    lead.company = "Company " + std::to_string(n % 17);
    lead.job_title = "Buyer";
    lead.emails = {{"work", "lead" + std::to_string(n) + "@example.com"},
                   {"home", "lead" + std::to_string(n) + "@home.example"}};
    lead.phones = {{"business", "+1 555 0100"}, {"mobile", "+1 555 0199"}};
    lead.addresses = {{"business", "1 Main St", "Springfield", "IL", "62701", "US", true}};
    lead.source = n % 2 ? "Web" : "Trade show";
    lead.rating = n % 3 == 0 ? "hot" : (n % 3 == 1 ? "warm" : "cold");
    return lead;
}

} // namespace leadbook::test
