// validation.hpp: the rules a record must meet before it is stored.
#pragma once

#include <leadbook/leadbook.hpp>

#include <map>

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
    void check(ScoringCriterion& criterion, const ScoringCriterion* previous);
    void check(BusinessContact& contact, const BusinessContact* previous);
    void check(HistoryItem& item, const HistoryItem* previous);
    void check(Opportunity& opportunity, const Opportunity* previous);
    void check(SalesStage& stage, const SalesStage* previous);
    void check(FieldDefinition& field, const FieldDefinition* previous);
    void check(SavedReport& report, const SavedReport* previous);

    /// The compiled criteria of `type`, loaded once per Validator.
    const ScoreCalculator& calculator(RecordType type);
    /// The user-defined fields of `owner`'s records, loaded once per Validator.
    const std::vector<FieldDefinition>& definitions(FieldOwner owner);

private:
    void check_assignee(const std::optional<Id>& user, const std::optional<Id>& before);
    void check_person(Lead& lead, const Lead* previous, RecordType type, FieldOwner owner);
    void check_score(RecordType type, const std::vector<Id>& met, Score& score,
                     const std::vector<Id>* carried);
    void check_defined_fields(const CustomFields& custom, FieldOwner owner);
    bool record_exists(Id id);
    bool account_exists(Id id);
    LeadBook& book_;
    std::optional<ScoreCalculator> calculators_[2];
    // Lookups repeated across the records of one bulk operation.
    std::map<Id, std::optional<User>> users_;
    std::map<Id, bool> accounts_;
    std::optional<std::vector<FieldDefinition>> definitions_[4];
};

/// Whether `data` is a PNG or JPEG image (by its signature and first block).
bool is_png_or_jpeg(const std::vector<std::uint8_t>& data);

} // namespace leadbook::detail
