// Helpers of the import/export tests: data files, stored-state snapshots.
#pragma once

#include "test_support.hpp"

#include <leadbook/import.hpp>

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace leadbook::test {

inline std::string data_file(const std::string& name) {
    return std::string(LEADBOOK_IMPORT_TEST_DATA) + "/" + name;
}

inline std::string data_bytes(const std::string& name) {
    std::ifstream in(data_file(name), std::ios::binary);
    EXPECT_TRUE(in) << "missing test file " << name;
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

/// Every stored lead as JSON lines: equal snapshots, nothing changed.
inline std::string snapshot(LeadBook& book) {
    std::ostringstream out;
    export_jsonl(book, out);
    return out.str();
}

/// The report has exactly one issue, at `line` and `column` (under
/// `column_name`), whose reason contains `reason`.
inline void expect_one_issue(const ImportReport& report, std::int64_t line, std::int32_t column,
                             const std::string& column_name, const std::string& reason) {
    ASSERT_EQ(report.errors.size(), 1u);
    const ImportIssue& issue = report.errors[0];
    EXPECT_EQ(issue.line, line);
    EXPECT_EQ(issue.column, column);
    EXPECT_EQ(issue.column_name, column_name);
    EXPECT_NE(issue.reason.find(reason), std::string::npos) << issue.reason;
    EXPECT_EQ(issue.message, describe_issue(issue));
}

inline std::string json_text(const Lead& lead) { return serialize_json(to_json(lead)); }

inline std::vector<Lead> all_leads(LeadBook& book) {
    std::vector<Lead> out;
    for (const auto& lead : book.leads().find()) out.push_back(lead);
    return out;
}

inline ImportReport import_text(LeadBook& book, const std::string& csv,
                                const ImportOptions& options = {}) {
    std::istringstream in(csv);
    return import_csv(book, in, options);
}

/// Runs `body`, which must throw ImportError; returns its issue.
template <class F> ImportIssue import_error(F&& body) {
    try {
        body();
    } catch (const ImportError& e) {
        EXPECT_EQ(e.code(), ErrorCode::validation);
        return e.issue();
    }
    ADD_FAILURE() << "expected an ImportError";
    return {};
}

/// A fresh in-memory book with one stored lead, so that "nothing changed"
/// is checked against something.
inline LeadBook book_with_one_lead() {
    auto book = LeadBook::open(":memory:");
    Lead lead;
    lead.full_name = "Existing Lead";
    lead.emails = {{"work", "existing@example.com"}};
    book.leads().add(lead);
    return book;
}

} // namespace leadbook::test
