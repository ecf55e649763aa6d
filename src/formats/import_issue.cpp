#include <leadbook/formats.hpp>

namespace leadbook {

std::string describe_issue(const ImportIssue& issue) {
    std::string out;
    if (issue.line > 0) out = "line " + std::to_string(issue.line);
    if (issue.column > 0)
        out += (out.empty() ? "" : ", ") + ("column " + std::to_string(issue.column));
    // "line 3, column 2 (E-mail Address)", or the name alone: "From: ..."
    if (!issue.column_name.empty())
        out += out.empty() ? issue.column_name : " (" + issue.column_name + ")";
    if (!out.empty()) out += ": ";
    return out + issue.reason;
}

ImportIssue with_message(ImportIssue issue) {
    issue.message = describe_issue(issue);
    return issue;
}

} // namespace leadbook
