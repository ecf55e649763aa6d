// rules.hpp: each record type's rules, one file per type in src/rules/.
//
// The write path (write_path.hpp) is the only caller. For a record type T:
//
//   Rules<T>::check(context, record, previous)   refuses what may not be stored
//                                                 (Error naming the field)
//   Rules<T>::derive(context, record, previous)  computes the fields leadbook
//                                                 keeps (scores, totals, stages)
//   Rules<T>::after_write(book, records)          what else changes in the same
//                                                 transaction (rescoring, ...)
//   Rules<T>::before_remove(book, record)         what removing takes with it
//   Rules<T>::after_remove(book, record)          what moves once it is gone
//   Rules<T>::after_bulk_edit(book, field)        what a bulk edit of one field
//                                                 moves besides (a bulk edit
//                                                 writes that field only)
//
// `previous` is the stored record for an update, nullptr for a new one.
// Rules read other records through storage (records.hpp), never through the
// public collections, so a rule cannot start a write of its own by accident.
// A type leaves out what it does not need: NoRules supplies nothing-doing
// defaults.
#pragma once

#include <leadbook/leadbook.hpp>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace leadbook {
struct ReportDefinition;
}

namespace leadbook::detail {

class Matcher;

/// What rules look up while a batch is checked, each thing once: the
/// criteria of a record type, user-defined fields, users and accounts.
class RuleContext {
public:
    explicit RuleContext(LeadBook& book) : book_(book) {}

    LeadBook& book() noexcept { return book_; }
    Storage& storage() noexcept { return book_.storage(); }

    /// The compiled criteria of `type`.
    const ScoreCalculator& calculator(RecordType type);
    /// The grade bands of `type`.
    const std::vector<GradeBand>& grade_bands(RecordType type);
    /// The user-defined fields of `owner`'s records.
    const std::vector<FieldDefinition>& definitions(FieldOwner owner);
    /// The user with `id`, or nullopt.
    const std::optional<User>& user(Id id);
    bool account_exists(Id id);
    /// Whether `id` is a lead, a business contact or an account.
    bool record_exists(Id id);
    /// The active matching rules, compiled (duplicates.cpp).
    const Matcher& matcher();
    /// The names of the disqualify reasons, in list order (status.cpp).
    const std::vector<std::string>& disqualify_reasons();

    /// Set by LeadBook's status operations (disqualify, reopen): only they
    /// may change a stored lead's status or reason.
    bool status_change = false;
    /// The entries of one pick list, in list order (pick_list.cpp); a
    /// source that joins the list is added here too.
    std::vector<PickListEntry>& pick_list(RecordType type, PickList list);

private:
    LeadBook& book_;
    std::optional<ScoreCalculator> calculators_[2];
    std::optional<std::vector<GradeBand>> grade_bands_[2];
    std::optional<std::vector<FieldDefinition>> definitions_[4];
    std::map<Id, std::optional<User>> users_;
    std::map<Id, bool> accounts_;
    std::optional<std::vector<std::string>> reasons_;
    std::shared_ptr<const Matcher> matcher_;
    std::optional<std::vector<PickListEntry>> pick_lists_[2][2];
};

/// The record types that hold user-defined fields (a `custom` member).
template <class T>
concept HasCustomFields = requires(T t) {
    t.custom;
};

/// Which user-defined field definitions the records of type T are checked
/// against.
template <HasCustomFields T> constexpr FieldOwner field_owner() {
    if constexpr (std::is_same_v<T, Lead>) return FieldOwner::lead;
    if constexpr (std::is_same_v<T, BusinessContact>) return FieldOwner::business_contact;
    if constexpr (std::is_same_v<T, Account>) return FieldOwner::account;
    if constexpr (std::is_same_v<T, Opportunity>) return FieldOwner::opportunity;
}

/// `value` as the value of user-defined field `name` of `owner`'s records,
/// read by its definition's type when there is one: text is read as a
/// number, a day ("YYYY-MM-DD") or yes/no when the field holds one, and a
/// number is text for a text or pick-list field. Error(validation) naming
/// 'custom.NAME' when the text does not read as that type. What the
/// definition then refuses is check_custom's.
CustomValue custom_value_for(RuleContext& context, FieldOwner owner, const std::string& name,
                             const boost::json::value& value);

// ---- checks several record types share ---------------------------------------

/// Throws Error(validation) with `message`.
[[noreturn]] void invalid(const std::string& message);
/// Throws Error(validation) naming the field (`what`, as the message shows
/// it: "'notes'") and the limit when `text` is longer than
/// limits::text_bytes (limits::long_text_bytes if `long_text`).
void check_text_length(std::string_view text, const std::string& what, bool long_text);
bool is_blank(std::string_view text);
/// Every text member of the record is UTF-8, holds no NUL character and
/// is within its length limit (leadbook/limits.hpp): the one check of text
/// every write path runs.
void check_text(const Lead& record);
void check_text(const BusinessContact& record);
void check_text(const Account& record);
void check_text(const User& record);
void check_text(const ScoringCriterion& record);
void check_text(const HistoryItem& record);
void check_text(const Opportunity& record);
void check_text(const SalesStage& record);
void check_text(const FieldDefinition& record);
void check_text(const SavedReport& record);
void check_text(const MatchingRule& record);
void check_text(const DisqualifyReason& record);
void check_text(const PickListEntry& record);
void check_emails(const std::vector<EmailAddress>& emails);
void check_addresses(const std::vector<PostalAddress>& addresses);
/// Names are not blank, numbers finite, and values fit the field
/// definitions of `owner`.
void check_custom(RuleContext& context, const CustomFields& custom, FieldOwner owner);
/// `user` exists, and is active unless it was assigned before.
void check_assignee(RuleContext& context, const std::optional<Id>& user,
                    const std::optional<Id>& before);

// ---- the rules of each record type --------------------------------------------

struct NoRules {
    template <class T> static void derive(RuleContext&, T&, const std::type_identity_t<T>*) {}
    template <class T> static void after_write(LeadBook&, std::span<const T>) {}
    template <class T> static void before_remove(LeadBook&, const T&) {}
    template <class T> static void after_remove(LeadBook&, const T&) {}
    static void after_bulk_edit(LeadBook&, std::string_view) {}
};

template <class T> struct Rules;

/// person.cpp and scoring.cpp: leads and business contacts.
template <> struct Rules<Lead> : NoRules {
    static void check(RuleContext& context, Lead& lead, const Lead* previous);
    static void derive(RuleContext& context, Lead& lead, const Lead* previous);
    static void before_remove(LeadBook& book, const Lead& lead);
};
template <> struct Rules<BusinessContact> : NoRules {
    static void check(RuleContext& context, BusinessContact& contact,
                      const BusinessContact* previous);
    static void derive(RuleContext& context, BusinessContact& contact,
                       const BusinessContact* previous);
    static void before_remove(LeadBook& book, const BusinessContact& contact);
};

/// scoring.cpp: criteria rescore the records of their type when they change.
template <> struct Rules<ScoringCriterion> : NoRules {
    static void check(RuleContext& context, ScoringCriterion& criterion,
                      const ScoringCriterion* previous);
    static void after_write(LeadBook& book, std::span<const ScoringCriterion> criteria);
    static void before_remove(LeadBook& book, const ScoringCriterion& criterion);
    static void after_remove(LeadBook& book, const ScoringCriterion& criterion);
};

/// account.cpp
template <> struct Rules<Account> : NoRules {
    static void check(RuleContext& context, Account& account, const Account* previous);
    static void before_remove(LeadBook& book, const Account& account);
};

/// user.cpp
template <> struct Rules<User> : NoRules {
    static void check(RuleContext& context, User& user, const User* previous);
    /// A user who still has records assigned, or who is acting, stays.
    static void before_remove(LeadBook& book, const User& user);
};

/// history.cpp
template <> struct Rules<HistoryItem> : NoRules {
    static void check(RuleContext& context, HistoryItem& item, const HistoryItem* previous);
    static void derive(RuleContext& context, HistoryItem& item, const HistoryItem* previous);
};

/// opportunity.cpp: money and sales stages.
template <> struct Rules<Opportunity> : NoRules {
    static void check(RuleContext& context, Opportunity& opportunity, const Opportunity* previous);
    static void derive(RuleContext& context, Opportunity& opportunity, const Opportunity* previous);
    static void before_remove(LeadBook& book, const Opportunity& opportunity);
    /// A new stage brings its probability.
    static void after_bulk_edit(LeadBook& book, std::string_view field);
};
template <> struct Rules<SalesStage> : NoRules {
    static void check(RuleContext& context, SalesStage& stage, const SalesStage* previous);
    static void after_write(LeadBook& book, std::span<const SalesStage> stages);
    static void before_remove(LeadBook& book, const SalesStage& stage);
};

/// field_definition.cpp
template <> struct Rules<FieldDefinition> : NoRules {
    static void check(RuleContext& context, FieldDefinition& field,
                      const FieldDefinition* previous);
    /// A renamed field is renamed in the saved reports that use it.
    static void after_update(LeadBook& book, const FieldDefinition& previous,
                             const FieldDefinition& updated);
};

/// saved_report.cpp: the same rules however a report is saved.
template <> struct Rules<SavedReport> : NoRules {
    static void check(RuleContext& context, SavedReport& report, const SavedReport* previous);
};
/// saved_report.cpp: writes again, in the caller's transaction, each saved
/// report whose definition `edit` changes (it returns whether it did), so
/// saved reports follow a rename. A stored definition that no longer reads
/// is left as it is; opening it says why.
void edit_saved_reports(LeadBook& book, const std::function<bool(ReportDefinition&)>& edit);

/// matching_rule.cpp: rules that say when two people records are the same;
/// their keys move with them.
template <> struct Rules<MatchingRule> : NoRules {
    static void check(RuleContext& context, MatchingRule& rule, const MatchingRule* previous);
    static void after_write(LeadBook& book, std::span<const MatchingRule> rules);
    static void before_remove(LeadBook& book, const MatchingRule& rule);
};

/// status.cpp: the editable list of reasons a lead is disqualified for.
template <> struct Rules<DisqualifyReason> : NoRules {
    static void check(RuleContext& context, DisqualifyReason& reason,
                      const DisqualifyReason* previous);
};

/// status.cpp: a lead's status and reason are consistent (a disqualified
/// lead names a reason of the list, spelt as the list spells it; only the
/// status operations change them); a business contact is qualified.
void check_lead_status(RuleContext& context, Lead& lead, const Lead* previous);
void derive_contact_status(Lead& contact);

/// pick_list.cpp: entries unique per list; the records holding an entry
/// follow its rename; one in use is not removed.
template <> struct Rules<PickListEntry> : NoRules {
    static void check(RuleContext& context, PickListEntry& entry, const PickListEntry* previous);
    static void derive(RuleContext& context, PickListEntry& entry, const PickListEntry* previous);
    static void before_remove(LeadBook& book, const PickListEntry& entry);
};

/// Record types whose checks never look at other records of their own
/// type, so that a batch of them can be checked first and written at once.
template <class T>
inline constexpr bool checked_alone = std::is_same_v<T, Lead> || std::is_same_v<T, BusinessContact>;

// ---- rules that reach across types ---------------------------------------------

/// history.cpp: the history links to record `id` go; notes and phone logs
/// left linked to nothing go too; opportunities linked to `id` go.
void release_links(LeadBook& book, Id id);

/// scoring.cpp: every id in `met` is a criterion of `type`, listed once
/// (`carried`, a converted lead's criteria stored before, may stay), and
/// manual stars are from 0 to 5.
void check_score(RuleContext& context, RecordType type, const std::vector<Id>& met,
                 const Score& score, const std::vector<Id>* carried);
/// scoring.cpp: an automatic score computed from the criteria met; a
/// manual one keeps its stars (0 to 5) and nothing else; either way its
/// grade. `previous`, the stored score of record `id` for an update, is
/// compared with it: a change of grade is noted for the listeners.
void derive_score(RuleContext& context, RecordType type, const std::vector<Id>& met, Score& score,
                  const Score* previous, Id id);
/// scoring.cpp: the grade bands of `type` as stored (the defaults when
/// never set).
std::vector<GradeBand> stored_grade_bands(Storage& storage, RecordType type);

/// scoring.cpp: the score columns a converted lead's contact row gets
/// (stars earned as a lead are kept as a manual score), appended to
/// `columns` (indexes into the contact table) and `values`.
/// The contact's grade is read from its score by the contact's bands.
void carry_score_to_contact(LeadBook& book, const Lead& lead, std::vector<int>& columns,
                            Row& values);

/// pick_list.cpp: a rating of a lead or business contact must be in its
/// type's rating list (a stored one that left the list may stay while it
/// does not change: `previous_rating`).
void check_rating(RuleContext& context, RecordType type, const std::string& rating,
                  const std::string* previous_rating);
/// pick_list.cpp: a source not in its type's source list joins it.
void join_source_list(RuleContext& context, RecordType type, const std::string& source);
/// pick_list.cpp: LeadBook's pick-list operations.
std::vector<PickListEntry> read_pick_list(Storage& storage, RecordType type, PickList list);
std::int64_t delete_pick_list_entry(LeadBook& book, Id id,
                                    const std::optional<std::string>& replacement);
std::vector<PickListEntry> reorder_pick_list(LeadBook& book, RecordType type, PickList list,
                                             const std::vector<std::string>& names);

/// saved_report.cpp: whether `name` is a built-in report's (any case).
bool is_builtin_report_name(std::string_view name);

/// The default criteria (scoring.cpp) and sales stages (opportunity.cpp) a
/// new database gets, once: what a user deletes later does not come back.
void install_default_criteria_once(LeadBook& book);
/// scoring.cpp: grades every record once, for records stored before
/// scores had grades.
void compute_grades_once(LeadBook& book);
void install_default_stages_once(LeadBook& book);
/// pick_list.cpp: the rating and source lists of leads and business contacts.
void install_default_pick_lists_once(LeadBook& book);
/// matching_rule.cpp: the default matching rule (same e-mail address, warn).
void install_default_matching_rules_once(LeadBook& book);
/// status.cpp: the default disqualify reasons.
void install_default_disqualify_reasons_once(LeadBook& book);

} // namespace leadbook::detail
