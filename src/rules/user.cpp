// The rules of users: the colleagues records are assigned to.
#include "rules.hpp"

namespace leadbook::detail {

void Rules<User>::check(RuleContext&, User& user, const User*) {
    check_text(user);
    if (is_blank(user.name)) invalid("'name' is required and cannot be blank");
    if (!user.email.empty() && !is_valid_email(user.email))
        invalid("'email': '" + user.email + "' is not a valid e-mail address");
}

} // namespace leadbook::detail
