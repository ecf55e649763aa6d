// duplicates.hpp: matching rules at work (leadbook/duplicates.hpp says what
// they mean). The compared form of a value, the similarity of two forms,
// the blocking keys of a record, and the check every write of a lead or
// business contact runs: write_path.hpp is its caller, and the import's
// own duplicate look-up (import/duplicate_index.cpp) makes its keys with
// CompiledRule as well, so both compare values one way.
#pragma once

#include "rules.hpp"

#include "../facade.hpp"

#include <leadbook/duplicates.hpp>

#include <cstddef>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace leadbook::detail {

/// `value` as `comparison` compares it (`automatic` must be resolved
/// first): surrounding spaces gone, then case folded (text), digits kept
/// (digits), accents stripped when asked.
std::string compared_form(std::string_view value, MatchComparison comparison, bool ignore_accents);

/// 1 - Levenshtein distance / length of the longer text, in characters;
/// 1 for two empty texts.
double similarity(std::string_view a, std::string_view b);

/// The fields rules can compare: "emails", "phones", then the text fields
/// of a lead in their order.
const std::vector<std::string>& matchable_fields();

/// A checked rule, ready to compare records.
class CompiledRule {
public:
    /// Per field of the rule, the compared forms of the record's values
    /// (empty values left out; several for emails and phones).
    using Forms = std::vector<std::vector<std::string>>;

    /// `rule` must have passed Rules<MatchingRule>::check.
    explicit CompiledRule(MatchingRule rule);

    const MatchingRule& rule() const noexcept { return rule_; }
    bool uses_field(std::string_view field) const;

    Forms forms(const Lead& record) const;
    /// The blocking keys of a record with these forms; none when a field
    /// has no value. Each begins with the rule's id, so keys of different
    /// rules never meet.
    std::vector<std::string> keys(const Forms& forms) const;
    /// How alike two records are, 0 to 1 (see leadbook/duplicates.hpp); a
    /// field without a value on either side counts 0.
    double score(const Forms& a, const Forms& b) const;
    /// Whether a pair with this score matches: exact rules need 1.
    bool matches(double score) const;

private:
    struct Field {
        enum class Source { emails, phones, text } source = Source::text;
        std::string text_member;
        MatchComparison comparison = MatchComparison::text;
        bool ignore_accents = false;
    };
    MatchingRule rule_;
    std::vector<Field> fields_;
    std::string prefix_;
};

/// The active matching rules of a book, compiled (RuleContext::matcher()).
class Matcher {
public:
    explicit Matcher(const std::vector<MatchingRule>& rules);

    bool empty() const noexcept { return rules_.empty(); }
    const std::vector<CompiledRule>& rules() const noexcept { return rules_; }
    /// Whether a rule compares `field`, so that editing it moves keys.
    bool uses_field(std::string_view field) const;
    /// The keys of `record` under every rule (record_id left 0).
    std::vector<MatchKey> keys_of(const Lead& record) const;
    /// The stored leads and business contacts other than `self` that
    /// `record` (with `keys`) duplicates, best score first per rule.
    std::vector<DuplicateMatch> stored_matches(Storage& storage, const Lead& record, Id self,
                                               std::span<const MatchKey> keys) const;

private:
    std::vector<CompiledRule> rules_;
};

/// A lead or business contact by id, whichever it is, and its kind.
std::optional<Lead> read_person(Storage& storage, Id id, std::string* kind = nullptr);

/// The duplicate checks of one write of leads or business contacts: each
/// record against the stored ones and the records of the same write
/// checked before it. Block matches throw; warn matches go to the book's
/// possible_duplicates() when the write is done; the keys of what was
/// written are stored.
class DuplicateCheck {
public:
    /// `kind`: what the write's records are ("lead", "business_contact").
    DuplicateCheck(RuleContext& context, std::string_view kind);

    /// Checks record `position` of the write (`self`: its id when it is
    /// stored already). ErrorCode::conflict for a block rule's match,
    /// naming the record it duplicates.
    void check(const Lead& record, Id self, std::size_t position);
    /// Makes the keys of record `position` without comparing it.
    void remember(const Lead& record, std::size_t position);
    /// Record `position` was written under `id`: its keys go to storage
    /// (replacing the keys it had when `replace`), in batches: store_keys
    /// writes what is left.
    void written(std::size_t position, Id id, bool replace);
    /// Writes the keys written() holds back, in one batch.
    void store_keys();
    /// Stores the keys held back, then hands the warn matches to the book's
    /// possible_duplicates(), with the position of the record of the write
    /// when it had several.
    void report(bool several_records);

private:
    RuleContext& context_;
    const Matcher& matcher_;
    std::string kind_;
    std::unordered_map<std::string, std::vector<std::size_t>> batch_keys_;
    std::map<std::size_t, const Lead*> checked_;
    std::map<std::size_t, std::vector<MatchKey>> keys_;
    std::vector<DuplicateMatch> warnings_;
    /// Key rows of written records, not yet stored: one insert_many for a
    /// batch, not one statement a record (a round trip each on a server).
    std::vector<Row> pending_keys_;
};

/// Removes every stored key of record `id`.
void remove_match_keys(Storage& storage, Id record_id);
/// Stores the keys of every lead and business contact under `rule` (its
/// old keys removed first): a rule added or changed.
void rebuild_match_keys(LeadBook& book, const MatchingRule& rule);
/// Removes every key of the rule `rule_id`.
void remove_rule_keys(Storage& storage, Id rule_id);
/// The records `ids`, just changed outside update_record (a bulk edit),
/// get keys that fit their fields again.
void refresh_match_keys(RuleContext& context, std::span<const Id> ids);

} // namespace leadbook::detail
