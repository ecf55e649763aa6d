// leadbook/types.hpp: the record types, each described once.
//
// Every record is a plain aggregate described with BOOST_DESCRIBE_STRUCT.
// JSON conversion (leadbook/json.hpp), SQL columns and bindings
// (src/record_schema.hpp), filters and sorting all derive a type's fields
// from that one description: adding a field is a one-line change here plus a
// schema migration.
//
// Field names are the JSON names. The fields id, created_at, modified_at,
// modified_by and version are kept by leadbook; callers never set them.
#pragma once

#include <leadbook/values.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace leadbook {

/// A labelled e-mail address ("work", "home", ...).
struct EmailAddress {
    std::string label;
    std::string address;
    bool operator==(const EmailAddress&) const = default;
};
BOOST_DESCRIBE_STRUCT(EmailAddress, (), (label, address))

struct WebPage {
    std::string label;
    std::string url;
    bool operator==(const WebPage&) const = default;
};
BOOST_DESCRIBE_STRUCT(WebPage, (), (label, url))

struct Phone {
    std::string label;
    std::string number;
    bool operator==(const Phone&) const = default;
};
BOOST_DESCRIBE_STRUCT(Phone, (), (label, number))

/// A postal address. At most one address of a record is the mailing address.
struct PostalAddress {
    std::string label;
    std::string street;
    std::string city;
    std::string state;
    std::string postal_code;
    std::string country;
    bool mailing = false;
    bool operator==(const PostalAddress&) const = default;
};
BOOST_DESCRIBE_STRUCT(PostalAddress, (),
                      (label, street, city, state, postal_code, country, mailing))

enum class ScoreMode { automatic, manual };
BOOST_DESCRIBE_ENUM(ScoreMode, automatic, manual)

/// A record's score (see docs/scoring.md). In automatic mode every field
/// is computed from the criteria the record meets; in manual mode the user
/// sets `stars` and the rest is zero. `grade` is the name of the grade band
/// (ScoringGrades in scoring.hpp) the percent falls in (the stars times 20
/// for a manual score), always computed.
struct Score {
    ScoreMode mode = ScoreMode::automatic;
    std::int32_t stars = 0;      ///< 0 to 5
    std::int32_t points = 0;     ///< met raising weights minus met lowering weights
    std::int32_t max_points = 0; ///< sum of the weights of all raising criteria
    std::int32_t percent = 0;    ///< 0 to 100
    std::string grade;           ///< the grade band's name ("A"), kept by leadbook
    bool operator==(const Score&) const = default;
};
BOOST_DESCRIBE_STRUCT(Score, (), (mode, stars, points, max_points, percent, grade))

/// Where a lead stands: open (being worked), qualified (converted into a
/// business contact: every business contact is qualified) or disqualified
/// with a reason from the book's list (LeadBook::disqualify_reasons()).
enum class LeadStatus { open, qualified, disqualified };
BOOST_DESCRIBE_ENUM(LeadStatus, open, qualified, disqualified)

/// User-defined fields of a record, by name.
using CustomFields = std::map<std::string, CustomValue>;

/// A sales lead (prospect).
struct Lead {
    Id id = 0;
    std::string full_name; ///< required, not blank
    std::string job_title;
    std::string file_as;
    std::optional<Id> assigned_to; ///< a User id
    Bytes photo;                   ///< PNG or JPEG, at most 5 MiB
    std::string company;
    std::optional<Id> account_id; ///< an Account id
    std::vector<EmailAddress> emails;
    std::vector<WebPage> web_pages;
    std::vector<Phone> phones;
    std::vector<PostalAddress> addresses;
    /// An entry of the record type's source list, or empty; a source not
    /// in the list joins it (leadbook/pick_lists.hpp).
    std::string source;
    std::string initiated_by; ///< who referred the lead
    /// An entry of the record type's rating list (Hot, Warm, Cold by
    /// default; any case), or empty (leadbook/pick_lists.hpp).
    std::string rating;
    Score score;
    std::vector<Id> criteria_met; ///< scoring criteria ids
    std::string notes;
    CustomFields custom;
    /// Changed by LeadBook::disqualify_lead, reopen_lead and convert_lead
    /// only; a new lead may be added disqualified (with a reason).
    LeadStatus status = LeadStatus::open;
    /// Why a disqualified lead was disqualified: a name of the reason list
    /// (as the list spells it); empty unless disqualified.
    std::string status_reason;
    Timestamp created_at;
    Timestamp modified_at;
    std::optional<Id> modified_by; ///< the acting user of the last write
    std::int64_t version = 0;      ///< grows on every write
};
BOOST_DESCRIBE_STRUCT(Lead, (),
                      (id, full_name, job_title, file_as, assigned_to, photo, company, account_id,
                       emails, web_pages, phones, addresses, source, initiated_by, rating, score,
                       criteria_met, notes, custom, status, status_reason, created_at, modified_at,
                       modified_by, version))

/// The Details of a business contact.
struct ContactDetails {
    std::string department;
    std::string office;
    std::string profession;
    std::string manager_name;
    std::string assistant_name;
    std::optional<Date> birthday;
    std::optional<Date> anniversary;
    std::string nickname;
    std::string spouse_or_partner;
    bool operator==(const ContactDetails&) const = default;
};
BOOST_DESCRIBE_STRUCT(ContactDetails, (),
                      (department, office, profession, manager_name, assistant_name, birthday,
                       anniversary, nickname, spouse_or_partner))

/// A business contact: everything a lead has, plus its Details. Converting
/// a lead makes the same record (same id, history, score...) a contact.
struct BusinessContact : Lead {
    ContactDetails details;
};
BOOST_DESCRIBE_STRUCT(BusinessContact, (Lead), (details))

/// A company or organisation that leads and contacts link to.
struct Account {
    Id id = 0;
    std::string name; ///< required, not blank
    std::optional<Id> assigned_to;
    std::vector<EmailAddress> emails;
    std::vector<WebPage> web_pages;
    std::vector<Phone> phones;
    std::vector<PostalAddress> addresses;
    std::string notes;
    CustomFields custom;
    Timestamp created_at;
    Timestamp modified_at;
    std::optional<Id> modified_by;
    std::int64_t version = 0;
};
BOOST_DESCRIBE_STRUCT(Account, (),
                      (id, name, assigned_to, emails, web_pages, phones, addresses, notes, custom,
                       created_at, modified_at, modified_by, version))

/// A person the database is shared with. Only users can be assigned records.
struct User {
    Id id = 0;
    std::string name;  ///< required, not blank
    std::string email; ///< optional; valid when given
    bool active = true;
    Timestamp created_at;
    Timestamp modified_at;
    std::optional<Id> modified_by;
    std::int64_t version = 0;
};
BOOST_DESCRIBE_STRUCT(User, (),
                      (id, name, email, active, created_at, modified_at, modified_by, version))

/// A report definition saved under a name, to open again later. The
/// definition is JSON text in the format of leadbook/reports.hpp; names are
/// unique (ignoring case).
struct SavedReport {
    Id id = 0;
    std::string name;               ///< required, not blank, unique
    std::string category = "Leads"; ///< required, not blank
    std::string definition;         ///< a JSON object
    Timestamp created_at;
    Timestamp modified_at;
    std::optional<Id> modified_by;
    std::int64_t version = 0;
};
BOOST_DESCRIBE_STRUCT(SavedReport, (),
                      (id, name, category, definition, created_at, modified_at, modified_by,
                       version))

/// A reason a lead may be disqualified for, in the book's editable list
/// (a new book has "no budget", "lost to a competitor", "no response",
/// "duplicate" and "not a fit"). Names are unique (ignoring case).
/// Deleting or renaming one leaves the leads disqualified for it as they are.
struct DisqualifyReason {
    Id id = 0;
    std::string name; ///< required, not blank, unique
    Timestamp created_at;
    Timestamp modified_at;
    std::optional<Id> modified_by;
    std::int64_t version = 0;
};
BOOST_DESCRIBE_STRUCT(DisqualifyReason, (),
                      (id, name, created_at, modified_at, modified_by, version))

} // namespace leadbook
