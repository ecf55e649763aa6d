// The rules of users: the colleagues records are assigned to.
#include "rules.hpp"

#include "../facade.hpp"
#include "unique_name.hpp"

namespace leadbook::detail {

using namespace facade;

namespace {

/// How many records of type T are assigned to `user`.
template <class T> std::int64_t assigned_to(Storage& storage, Id user) {
    RecordQuery q;
    q.where.push_back(Filter{"assigned_to", FilterOp::eq, boost::json::value(user)});
    return count_where<T>(storage, q);
}

} // namespace

void Rules<User>::check(RuleContext& context, User& user, const User* previous) {
    check_text(user);
    if (is_blank(user.name)) invalid("'name' is required and cannot be blank");
    if (auto other = name_taken(context.storage(), user.name, previous))
        fail(ErrorCode::conflict, "'name': there is a user '" + other->name + "' already (user " +
                                      std::to_string(other->id) + ")");
    if (!user.email.empty() && !is_valid_email(user.email))
        invalid("'email': '" + user.email + "' is not a valid e-mail address");
}

void Rules<User>::before_remove(LeadBook& book, const User& user) {
    // Records keep pointing at whom they are assigned to: deleting that
    // user would make every later edit of them fail the assignee check.
    Storage& storage = book.storage();
    const std::int64_t records =
        assigned_to<Lead>(storage, user.id) + assigned_to<BusinessContact>(storage, user.id) +
        assigned_to<Account>(storage, user.id) + assigned_to<Opportunity>(storage, user.id);
    if (records > 0)
        fail(ErrorCode::validation, "user " + std::to_string(user.id) + " (" + user.name +
                                        ") has " + std::to_string(records) +
                                        " records assigned; give them to someone else first, "
                                        "or make the user inactive");
    if (book.acting_user() == user.id)
        fail(ErrorCode::validation, "user " + std::to_string(user.id) + " (" + user.name +
                                        ") is the acting user of this book and cannot be deleted");
}

} // namespace leadbook::detail
