// The rules of matching rules: what a rule must name, and the keys that
// move with it (duplicates.cpp keeps the keys of records).
#include "rules.hpp"

#include "duplicates.hpp"
#include "unique_name.hpp"

#include <algorithm>
#include <cmath>

namespace leadbook::detail {

namespace {

constexpr std::string_view rules_installed_key = "matching_rules_installed";

std::string field_list() {
    std::string out;
    for (const auto& f : matchable_fields()) out += (out.empty() ? "" : ", ") + f;
    return out;
}

} // namespace

void Rules<MatchingRule>::check(RuleContext& context, MatchingRule& rule,
                                const MatchingRule* previous) {
    check_text(rule);
    if (is_blank(rule.name)) invalid("'name' is required and cannot be blank");
    if (rule.fields.empty()) invalid("'fields': a matching rule compares at least one field");
    const auto& known = matchable_fields();
    for (std::size_t i = 0; i < rule.fields.size(); ++i) {
        MatchField& f = rule.fields[i];
        const std::string where = "'fields[" + std::to_string(i) + "]";
        // The singular is what people type; the list is what is stored.
        if (f.field == "email") f.field = "emails";
        if (f.field == "phone") f.field = "phones";
        if (std::find(known.begin(), known.end(), f.field) == known.end())
            invalid(where + ".field': '" + f.field +
                    "' is not a field matching rules compare; use one of: " + field_list());
        if (enum_name(f.comparison) == "?")
            invalid(where + ".comparison' is not a comparison; use one of: " +
                    enum_names<MatchComparison>());
        for (std::size_t j = 0; j < i; ++j)
            if (rule.fields[j].field == f.field)
                invalid(where + ".field': '" + f.field + "' is named twice");
    }
    if (enum_name(rule.mode) == "?")
        invalid("'mode' is not a mode; use one of: " + enum_names<MatchMode>());
    if (enum_name(rule.action) == "?")
        invalid("'action' is not an action; use one of: " + enum_names<MatchAction>());
    if (!std::isfinite(rule.threshold) || rule.threshold < 0 || rule.threshold > 1)
        invalid("'threshold' must be from 0 to 1 (a similarity); it is " +
                std::to_string(rule.threshold));
    if (auto other = name_taken(context.storage(), rule.name, previous))
        fail(ErrorCode::conflict, "a matching rule named '" + other->name + "' exists already");
}

void Rules<MatchingRule>::after_write(LeadBook& book, std::span<const MatchingRule> rules) {
    for (const auto& rule : rules) rebuild_match_keys(book, rule);
}

void Rules<MatchingRule>::before_remove(LeadBook& book, const MatchingRule& rule) {
    remove_rule_keys(book.storage(), rule.id);
}

void install_default_matching_rules_once(LeadBook& book) {
    const std::string key(rules_installed_key);
    if (book.storage().setting(key)) return;
    book.write_transaction([&] {
        if (book.storage().setting(key)) return;
        MatchingRule rule;
        rule.name = "Same e-mail address";
        rule.fields = {MatchField{"emails", MatchComparison::automatic, false}};
        rule.mode = MatchMode::exact;
        rule.action = MatchAction::warn;
        book.matching_rules().add(rule);
        book.storage().set_setting(key, "1");
    });
}

} // namespace leadbook::detail
