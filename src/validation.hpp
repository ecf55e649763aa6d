// validation.hpp: the rules a record must meet before it is stored.
#pragma once

#include <leadbook/leadbook.hpp>

namespace leadbook::detail {

/// Checks a record about to be stored. `previous` is the stored version for
/// an update, nullptr for a new record. Throws Error(validation) naming the
/// field; may normalise computed fields (the score).
class Validator {
public:
    explicit Validator(LeadBook& book) : book_(book) {}

    void check(Lead& lead, const Lead* previous);
    void check(Account& account, const Account* previous);
    void check(User& user, const User* previous);

private:
    void check_assignee(const std::optional<Id>& user, const std::optional<Id>& before);
    LeadBook& book_;
};

/// Whether `data` is a PNG or JPEG image (by its signature and first block).
bool is_png_or_jpeg(const std::vector<std::uint8_t>& data);

} // namespace leadbook::detail
