// The rules of user-defined field definitions: a name unique per record
// type, a type that never changes, choices only for pick lists.
#include "rules.hpp"

#include "../facade.hpp"
#include "../reports/report_plan.hpp"
#include "../write_path.hpp"
#include "unique_name.hpp"

#include <leadbook/reports.hpp>

namespace leadbook::detail {

using namespace facade;

void Rules<FieldDefinition>::check(RuleContext& context, FieldDefinition& field,
                                   const FieldDefinition* previous) {
    check_text(field);
    if (is_blank(field.name)) invalid("'name' is required and cannot be blank");
    if (previous && (previous->record_type != field.record_type || previous->type != field.type))
        invalid("the record type and type of a field cannot change; define a new field");
    if (field.type == FieldType::pick_list && field.choices.empty())
        invalid("'choices': a pick list needs at least one choice");
    if (field.type != FieldType::pick_list && !field.choices.empty())
        invalid("'choices' are only for pick lists");
    for (std::size_t i = 0; i < field.choices.size(); ++i)
        if (is_blank(field.choices[i])) invalid("'choices[" + std::to_string(i) + "]' is blank");
    if (!previous || previous->choices != field.choices) {
        // A pick list offers each choice once, without regard to case.
        for (std::size_t i = 0; i < field.choices.size(); ++i)
            for (std::size_t j = 0; j < i; ++j)
                if (same_without_case(field.choices[i], field.choices[j]))
                    invalid("'choices[" + std::to_string(i) + "]': '" + field.choices[i] +
                            "' is listed already ('choices[" + std::to_string(j) + "]': '" +
                            field.choices[j] + "')");
    }
    RecordQuery same_type;
    same_type.where.push_back(
        Filter{"record_type", FilterOp::eq, boost::json::value(enum_name(field.record_type))});
    if (auto other = name_taken(context.storage(), field.name, previous, same_type))
        fail(ErrorCode::conflict, "'name': " + std::string(enum_name(field.record_type)) +
                                      " records have a field '" + other->name + "' already");
}

void Rules<FieldDefinition>::after_update(LeadBook& book, const FieldDefinition& previous,
                                          const FieldDefinition& updated) {
    if (previous.name == updated.name) return;
    // In the same transaction as the rename: saved reports never name a
    // field that is not there.
    edit_saved_reports(book, [&](ReportDefinition& definition) {
        return rename_custom_field(definition, updated.record_type, previous.name, updated.name);
    });
}

} // namespace leadbook::detail
