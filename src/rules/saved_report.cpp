// The rules of saved reports, however a report is saved (Reports::save,
// saved_reports().add, the C collection): a name that is not blank, not a
// built-in report's and not taken; a category; a definition that parses
// and fits the records it reports on.
#include "rules.hpp"

#include "../facade.hpp"
#include "../write_path.hpp"
#include "unique_name.hpp"
#include "../reports/report_plan.hpp"

#include <leadbook/reports.hpp>

#include <algorithm>
#include <cctype>

namespace leadbook::detail {

using namespace facade;

bool is_builtin_report_name(std::string_view name) {
    const auto names = builtin_report_names();
    return std::any_of(names.begin(), names.end(),
                       [&](std::string_view b) { return same_without_case(b, name); });
}

void Rules<SavedReport>::check(RuleContext& context, SavedReport& report,
                               const SavedReport* previous) {
    check_text(report);
    if (is_blank(report.name)) invalid("'name' is required and cannot be blank");
    if (is_builtin_report_name(report.name))
        fail(ErrorCode::conflict, "'" + report.name + "' is the name of a built-in report");
    if (is_blank(report.category)) invalid("'category' is required and cannot be blank");
    if (!previous || previous->definition != report.definition) {
        // A stored definition is checked when it is opened too: what was
        // stored before and no longer fits stays until it is edited.
        if (!parse_json(report.definition).is_object())
            invalid("'definition' must be a JSON object");
        const auto definition = parse_report_definition(report.definition);
        std::vector<CustomFieldType> custom;
        for (const auto& f : context.definitions(field_owner(definition.record_type)))
            custom.push_back(CustomFieldType{f.name, f.type});
        plan_report(definition, custom);
    }
    if (auto other = name_taken(context.storage(), report.name, previous))
        fail(ErrorCode::conflict, "a report named '" + other->name + "' exists already");
}

void edit_saved_reports(LeadBook& book, const std::function<bool(ReportDefinition&)>& edit) {
    for (const SavedReport& report : read_where<SavedReport>(book.storage(), RecordQuery{})) {
        ReportDefinition definition;
        try {
            definition = parse_report_definition(report.definition);
        } catch (const Error&) {
            continue;
        }
        if (!edit(definition)) continue;
        SavedReport edited = report;
        edited.definition = report_definition_to_json_text(definition);
        write_checked_update(book, report, std::move(edited), nullptr);
    }
}

} // namespace leadbook::detail
