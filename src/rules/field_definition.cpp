// The rules of user-defined field definitions: a name unique per record
// type, a type that never changes, choices only for pick lists.
#include "rules.hpp"

#include "../facade.hpp"

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
    RecordQuery same;
    same.where.push_back(
        Filter{"record_type", FilterOp::eq, boost::json::value(enum_name(field.record_type))});
    same.where.push_back(Filter{"name", FilterOp::eq, boost::json::value(field.name)});
    for (const auto& other : read_where<FieldDefinition>(context.storage(), same))
        if (!previous || other.id != previous->id)
            fail(ErrorCode::conflict, "'name': " + std::string(enum_name(field.record_type)) +
                                          " records have a field '" + field.name + "' already");
}

} // namespace leadbook::detail
