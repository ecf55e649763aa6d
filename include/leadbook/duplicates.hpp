// leadbook/duplicates.hpp: matching rules, the duplicates they find, merge.
//
//   leadbook::MatchingRule rule;                 // e-mail exact is there already
//   rule.name = "same person at the same company";
//   rule.fields = {{.field = "full_name"}, {.field = "company"}};
//   rule.mode = leadbook::MatchMode::fuzzy;
//   rule.threshold = 0.85;
//   rule.action = leadbook::MatchAction::block;
//   book.matching_rules().add(rule);
//   book.leads().add(jane);                      // a conflict naming the lead it duplicates
//   for (auto& match : book.find_duplicates(jane_id)) ...   // match.id, match.score
//   for (auto& group : book.duplicate_groups()) ...         // group.ids
//
// Matching rules are records like the others (book.matching_rules()). Each
// names fields of a lead or business contact and how each is compared:
//
// - "emails": any address of one record equals any of the other's, without
//   case and surrounding spaces;
// - "phones": any number of one equals any of the other's by its digits
//   alone ("+1 (555) 010-2030" is "15550102030");
// - any text field of a lead ("full_name", "company", "job_title", ...):
//   without case (Unicode case folding) and surrounding spaces.
//
// Accents count (Müller is not Muller) unless the field says
// `ignore_accents`. A rule is `exact` (every field equal) or `fuzzy`: each
// field gets a similarity from 0 to 1, one minus the Levenshtein distance
// of the two compared forms (in characters) over the longer one's length
// (for lists, the best pair of entries), and two records match when the
// mean over the rule's fields is at least `threshold`. An exact match
// scores 1.
//
// Rules apply to leads and business contacts alike, on every write of one
// (add, add_many, update, replace, import, a lead from an e-mail): `allow`
// only remembers the record's keys (for find_duplicates and
// duplicate_groups), `warn` stores the record and lists what it may
// duplicate in LeadBook::possible_duplicates(), `block` refuses it with
// ErrorCode::conflict naming the stored record it duplicates. Within one
// add_many or import, records are compared with the earlier ones of the
// same batch too.
//
// Candidates are found by blocking keys, never by comparing every pair: an
// exact rule's key is the compared form of its fields; a fuzzy rule has two
// keys per record, the first three and the last three characters of every
// field's compared form. Two records whose fields all differ at both ends
// are not compared by a fuzzy rule. The keys are stored next to the records
// and kept up to date by the write path.
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

/// How a field of a matching rule is compared (see the top of this header).
enum class MatchComparison {
    automatic, ///< what fits the field: text for emails and text fields, digits for phones
    text,      ///< without case and surrounding spaces
    digits,    ///< the digits alone
    exact,     ///< byte for byte, after removing surrounding spaces
};
BOOST_DESCRIBE_ENUM(MatchComparison, automatic, text, digits, exact)

/// One field a matching rule compares.
struct MatchField {
    std::string field; ///< "emails", "phones" or a text field of a lead
    MatchComparison comparison = MatchComparison::automatic;
    bool ignore_accents = false; ///< "Müller" matches "Muller"
    bool operator==(const MatchField&) const = default;
};
BOOST_DESCRIBE_STRUCT(MatchField, (), (field, comparison, ignore_accents))

enum class MatchMode { exact, fuzzy };
BOOST_DESCRIBE_ENUM(MatchMode, exact, fuzzy)

/// What a write does with a record a rule matches to a stored one.
enum class MatchAction {
    allow, ///< store it and say nothing
    warn,  ///< store it and list the match in LeadBook::possible_duplicates()
    block, ///< refuse it: ErrorCode::conflict naming the stored record
};
BOOST_DESCRIBE_ENUM(MatchAction, allow, warn, block)

/// A rule that says when two leads or business contacts are the same. New
/// databases get one: "Same e-mail address" (emails, exact, warn).
struct MatchingRule {
    Id id = 0;
    std::string name;               ///< required, unique without regard to case
    std::vector<MatchField> fields; ///< at least one, each field once
    MatchMode mode = MatchMode::exact;
    double threshold = 0.85; ///< fuzzy rules: the least mean similarity, 0 to 1
    MatchAction action = MatchAction::warn;
    bool active = true; ///< inactive rules are kept but not applied
    Timestamp created_at;
    Timestamp modified_at;
    std::optional<Id> modified_by;
    std::int64_t version = 0;
};
BOOST_DESCRIBE_STRUCT(MatchingRule, (),
                      (id, name, fields, mode, threshold, action, active, created_at, modified_at,
                       modified_by, version))

/// A stored record a matching rule found the same as another.
struct DuplicateMatch {
    Id id = 0;                        ///< the stored record
    std::string record_kind = "lead"; ///< "lead" or "business_contact"
    std::string full_name;
    Id rule_id = 0;
    std::string rule; ///< the rule's name
    MatchAction action = MatchAction::warn;
    double score = 1; ///< 1 for an exact rule; the mean similarity for a fuzzy one
    /// The record of the write it duplicates, when the write had several
    /// (its position in an add_many); 0 otherwise.
    std::int64_t position = 0;
    bool operator==(const DuplicateMatch&) const = default;
};
BOOST_DESCRIBE_STRUCT(DuplicateMatch, (),
                      (id, record_kind, full_name, rule_id, rule, action, score, position))

/// Records that are all the same by one rule (linked pair by pair).
struct DuplicateGroup {
    Id rule_id = 0;
    std::string rule;
    std::vector<Id> ids; ///< in id order, at least two
    double score = 1;    ///< the lowest score of the pairs that linked them
};
BOOST_DESCRIBE_STRUCT(DuplicateGroup, (), (rule_id, rule, ids, score))

/// A record named in a merge, at the version the caller read (a stale
/// version is ErrorCode::conflict and nothing is merged).
struct MergeRecord {
    Id id = 0;
    std::int64_t version = 0;
};
BOOST_DESCRIBE_STRUCT(MergeRecord, (), (id, version))

/// A merge as one value (the C ABI's and Python's form of LeadBook::merge):
/// {"survivor": {"id": 3, "version": 2}, "others": [{"id": 9, "version": 1}],
///  "choose": {"company": 9}}.
struct MergeRequest {
    MergeRecord survivor;
    std::vector<MergeRecord> others;
    std::map<std::string, Id> choose;
};
BOOST_DESCRIBE_STRUCT(MergeRequest, (), (survivor, others, choose))

/// What LeadBook::merge did.
struct MergeResult {
    Id survivor = 0;
    std::string record_kind;  ///< the survivor's: "lead" or "business_contact"
    std::int64_t version = 0; ///< the survivor's new version
    std::vector<Id> deleted;  ///< the other records, gone
    /// Fields the survivor took from another record: field -> that record.
    std::map<std::string, Id> fields_taken;
    /// Entries the survivor gained per list ("emails": 2, "custom": 1).
    std::map<std::string, std::int64_t> entries_added;
    std::vector<Id> history_moved;       ///< history items now linked to the survivor
    std::vector<Id> opportunities_moved; ///< opportunities now the survivor's
};
BOOST_DESCRIBE_STRUCT(MergeResult, (),
                      (survivor, record_kind, version, deleted, fields_taken, entries_added,
                       history_moved, opportunities_moved))

} // namespace leadbook
