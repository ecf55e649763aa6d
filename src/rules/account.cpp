// The rules of accounts: what one must be, and what deleting one takes
// with it.
#include "rules.hpp"

#include "../write_path.hpp"

namespace leadbook::detail {

using namespace facade;

namespace {

/// Leads or contacts of a deleted account lose the link (a new version).
template <class T> void drop_account_link(LeadBook& book, Id account) {
    const auto& s = schema<T>();
    Condition linked{s.field("account_id")->column, CompareOp::eq, Value(account), {}};
    auto ids = ids_where<T>(book.storage(), linked);
    if (ids.empty()) return;
    Query q;
    q.where.push_back(linked);
    update_selection<T>(book, q, {s.table.column_index(s.field("account_id")->column)},
                        Row{Value()}, stamp_now(book), ids);
}

} // namespace

void Rules<Account>::check(RuleContext& context, Account& account, const Account* previous) {
    check_text(account);
    check_custom(context, account.custom, FieldOwner::account);
    if (is_blank(account.name)) invalid("'name' is required and cannot be blank");
    check_emails(account.emails);
    check_addresses(account.addresses);
    check_assignee(context, account.assigned_to, previous ? previous->assigned_to : std::nullopt);
}

void Rules<Account>::before_remove(LeadBook& book, const Account& account) {
    release_links(book, account.id);
    drop_account_link<Lead>(book, account.id);
    drop_account_link<BusinessContact>(book, account.id);
}

} // namespace leadbook::detail
