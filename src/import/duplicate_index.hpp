// duplicate_index.hpp: finding the stored lead an imported one duplicates.
//
// Keys are made of the fields named in match_on ("email" stands for any of
// a lead's e-mail addresses), compared after formats::match_key (no case,
// no surrounding spaces, accents kept). E-mail addresses live in a child
// table the facade cannot filter on yet, so the index is built by one
// streaming pass over the stored leads (id and key fields only) and then
// grows with the leads the import adds.
#pragma once

#include <leadbook/leadbook.hpp>

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

    /// Reads the keys of every stored lead (call inside the transaction).
    void load(LeadBook& book);

    /// The id remembered for a key of `lead` (the lowest id when several).
    std::optional<Id> find(const Lead& lead) const;
    /// Remembers the keys of `lead` under `id` (ids may be placeholders the
    /// caller replaces later with rename).
    void remember(const Lead& lead, Id id);
    /// Points every key remembered under `from` to `to` (0: forgets them).
    void rename(const Lead& lead, Id from, Id to);

    const std::vector<std::string>& fields() const noexcept { return fields_; }

private:
    std::vector<std::string> keys_of(const std::vector<std::string>& emails,
                                     const std::vector<std::string>& values) const;
    std::vector<std::string> keys_of(const Lead& lead) const;

    std::vector<std::string> fields_; ///< text fields, without "email"
    bool by_email_ = false;
    std::unordered_map<std::string, Id> ids_;
};

} // namespace leadbook::formats
