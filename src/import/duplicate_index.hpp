// duplicate_index.hpp: finding the stored lead an imported one duplicates.
//
// Keys are made of the fields named in match_on ("email" stands for any of
// a lead's e-mail addresses, "phone" for any of its numbers), compared as
// an exact matching rule compares them (rules/duplicates.hpp: no case, no
// surrounding spaces, accents kept; phones by their digits): the same
// code makes a matching rule's keys. An import checks every row, so
// the index is built once by one streaming pass over the stored leads (id
// and key fields only) and then grows with the leads the import adds.
#pragma once

#include <leadbook/leadbook.hpp>

#include "../rules/duplicates.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace leadbook::formats {

class DuplicateIndex {
public:
    /// Checks the field names (Error(validation) for unknown ones).
    explicit DuplicateIndex(std::vector<std::string> match_on);

    /// Reads the keys of every stored lead. Call it inside the transaction.
    void load(LeadBook& book);

    /// The keys of `lead` (none when it lacks the fields matched on).
    std::vector<std::string> keys_of(const Lead& lead) const;

    /// The id remembered for one of `keys`: a stored lead's (the lowest)
    /// before a placeholder.
    std::optional<Id> find(const std::vector<std::string>& keys) const;
    std::optional<Id> find(const Lead& lead) const { return find(keys_of(lead)); }

    /// A new placeholder: an id (negative) for a lead not written yet.
    Id placeholder();
    /// Remembers `keys` under `id`, a stored lead's or a placeholder; keys
    /// known already keep their id.
    void remember(const std::vector<std::string>& keys, Id id);
    /// The lead a placeholder stands for was written as `id`; 0: it was not
    /// written, and its keys are forgotten.
    void resolve(Id placeholder, Id id);

private:
    /// What a remembered id stands for now: itself, the id its placeholder
    /// was resolved to, or nothing (forgotten).
    std::optional<Id> current(Id id) const;

    detail::CompiledRule rule_; ///< an exact rule of the match_on fields
    std::unordered_map<std::string, Id> ids_;
    /// By placeholder (-1, -2, ...): 0 not written yet, > 0 its id, -1 forgotten.
    std::vector<Id> placeholders_;
};

} // namespace leadbook::formats
