// leadbook/formats.hpp: what the file-format readers (CSV, vCard, e-mail
// headers, character sets) say about a file, with no record store behind
// them: where a problem is (ImportIssue, ImportError) and an e-mail's
// header (EmailMessage, parse_email_message). leadbook/import.hpp maps files
// to records on top of this.
#pragma once

#include <leadbook/error.hpp>
#include <leadbook/values.hpp>

#include <boost/describe/class.hpp>

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leadbook {

/// A problem found in an input: where it is and why.
struct ImportIssue {
    std::int64_t line = 0;   ///< 1-based line of the file where the row or card starts (0: none)
    std::int32_t column = 0; ///< 1-based cell of a CSV row; 0 when not about one cell
    std::string column_name; ///< that cell's header, or the vCard property ("EMAIL")
    std::string reason;
    /// The whole text, describe_issue() of the members above: set on the
    /// issues of an ImportReport and of an ImportError, so that every
    /// language shows the words leadbook chose.
    std::string message;
};
BOOST_DESCRIBE_STRUCT(ImportIssue, (), (line, column, column_name, reason, message))

/// "line 12, column 3 (E-mail Address): 'x@' is not a valid e-mail address"
/// (made of line, column, column_name and reason; `message` is not read).
std::string describe_issue(const ImportIssue& issue);

/// `issue` with its message set from the other members.
ImportIssue with_message(ImportIssue issue);

/// A validation Error that happened at a place in a file (a malformed file,
/// a header nothing can be made of). code() is ErrorCode::validation.
class ImportError : public Error {
public:
    explicit ImportError(ImportIssue issue)
        : Error(ErrorCode::validation, describe_issue(issue)),
          issue_(with_message(std::move(issue))) {}
    const ImportIssue& issue() const noexcept { return issue_; }

private:
    ImportIssue issue_;
};

/// The header fields of an e-mail message, decoded (RFC 2047) to UTF-8.
struct EmailMessage {
    std::string subject;
    std::optional<Timestamp> date; ///< nullopt when Date is missing or unreadable
    std::string date_text;         ///< the Date header as written
    std::string message_id;        ///< without the angle brackets
    std::string from;              ///< "Jane Doe <jane@example.com>"
    std::string from_name;         ///< display name, "" if none
    std::string from_address;
    std::vector<std::string> to; ///< each "Name <address>" or "address"
};
BOOST_DESCRIBE_STRUCT(EmailMessage, (),
                      (subject, date, date_text, message_id, from, from_name, from_address, to))

/// Parses the header of an RFC 5322 message (the body is not read). Throws
/// ImportError (validation; column_name "From", line of that header) for a
/// message without one usable From address: none, empty, several,
/// malformed, or with a malformed encoded word.
EmailMessage parse_email_message(std::string_view message);
EmailMessage parse_email_message(std::istream& message);

} // namespace leadbook
