// A lead's status (open, qualified by conversion, disqualified with a
// reason) and the editable list of disqualify reasons.
#include "rules.hpp"

#include "../case_fold.hpp"
#include "unique_name.hpp"

namespace leadbook::detail {

namespace {

constexpr std::string_view reasons_installed_key = "disqualify_reasons_installed";

std::string reason_list(RuleContext& context) {
    std::string out;
    for (const auto& name : context.disqualify_reasons())
        out += (out.empty() ? "'" : ", '") + name + "'";
    return out.empty() ? std::string("(the list is empty; add a reason first)") : out;
}

} // namespace

const std::vector<std::string>& RuleContext::disqualify_reasons() {
    if (!reasons_) {
        reasons_.emplace();
        for (auto& r : facade::read_where<DisqualifyReason>(storage(), {.order_by = {"id"}}))
            reasons_->push_back(std::move(r.name));
    }
    return *reasons_;
}

void check_lead_status(RuleContext& context, Lead& lead, const Lead* previous) {
    if (enum_name(lead.status) == "?")
        invalid("'status' is not a lead status; use one of: " + enum_names<LeadStatus>());
    if (lead.status == LeadStatus::qualified)
        invalid("'status': a lead becomes qualified by its conversion into a business contact");
    const bool changed = previous && (previous->status != lead.status ||
                                      previous->status_reason != lead.status_reason);
    if (changed && !context.status_change)
        invalid("'status' and 'status_reason' change only by disqualifying or reopening the "
                "lead");
    if (lead.status == LeadStatus::open) {
        if (!lead.status_reason.empty())
            invalid("'status_reason' is for a disqualified lead; this lead is open");
        return;
    }
    // Disqualified: a reason of the list, unless it is the one stored
    // before (a reason deleted from the list since stays on its leads).
    if (previous && previous->status == LeadStatus::disqualified &&
        previous->status_reason == lead.status_reason)
        return;
    if (is_blank(lead.status_reason))
        invalid("'status_reason': disqualifying a lead needs a reason; use one of: " +
                reason_list(context));
    // Any case, any surrounding spaces.
    std::string_view given = lead.status_reason;
    while (!given.empty() && (given.front() == ' ' || given.front() == '\t'))
        given.remove_prefix(1);
    while (!given.empty() && (given.back() == ' ' || given.back() == '\t')) given.remove_suffix(1);
    const std::string folded = fold_case(given);
    for (const auto& name : context.disqualify_reasons())
        if (fold_case(name) == folded) {
            lead.status_reason = name;
            return;
        }
    invalid("'status_reason': '" + lead.status_reason +
            "' is not a disqualify reason; use one of: " + reason_list(context));
}

void derive_contact_status(Lead& contact) {
    contact.status = LeadStatus::qualified;
    contact.status_reason.clear();
}

void Rules<DisqualifyReason>::check(RuleContext& context, DisqualifyReason& reason,
                                    const DisqualifyReason* previous) {
    check_text(reason);
    if (is_blank(reason.name)) invalid("'name' is required and cannot be blank");
    if (auto other = name_taken(context.storage(), reason.name, previous))
        fail(ErrorCode::conflict, "a disqualify reason named '" + other->name + "' exists already");
}

void install_default_disqualify_reasons_once(LeadBook& book) {
    const std::string key(reasons_installed_key);
    if (book.storage().setting(key)) return;
    book.write_transaction([&] {
        if (book.storage().setting(key)) return;
        for (const char* name :
             {"no budget", "lost to a competitor", "no response", "duplicate", "not a fit"})
            book.disqualify_reasons().add(DisqualifyReason{.name = name});
        book.storage().set_setting(key, "1");
    });
}

} // namespace leadbook::detail
