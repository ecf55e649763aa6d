// Reports: running definitions, and keeping them by name on top of
// LeadBook::saved_reports(). A definition is checked before it is stored
// and again when it is opened, so a stored report whose field has gone
// gives a clear error instead of a broken query.
#include "report_state.hpp"

#include "../case_fold.hpp"
#include "../rules/rules.hpp"

#include <algorithm>
#include <cctype>

namespace leadbook {

namespace {

bool iless(const std::string& a, const std::string& b) {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) <
               std::tolower(static_cast<unsigned char>(y));
    });
}

bool is_builtin(std::string_view name) { return detail::is_builtin_report_name(name); }

} // namespace

void Reports::validate(const ReportDefinition& definition) const {
    detail::plan_report(definition, detail::custom_field_types(*book_, definition.record_type));
}

Report Reports::run(const ReportDefinition& definition) {
    return Report(std::make_unique<Report::State>(*book_, definition));
}

Report Reports::run(std::string_view name) { return run(open(name)); }

Report Reports::run_text(std::string_view text) {
    auto start = text.find_first_not_of(" \t\r\n");
    if (start != std::string_view::npos && text[start] == '{')
        return run(parse_report_definition(text));
    return run(text);
}

std::optional<SavedReport> Reports::find_saved(std::string_view name) {
    // Names are compared as the rules of saved reports compare them:
    // without regard to case, in every script (not only A-Z).
    const std::string folded = detail::fold_case(name);
    for (auto& saved : book_->saved_reports().find())
        if (detail::fold_case(saved.name) == folded) return saved;
    return std::nullopt;
}

SavedReport Reports::save(const std::string& name, const ReportDefinition& definition,
                          const std::string& category, bool replace) {
    // The rules of saved reports (the name, the definition) are checked
    // when it is stored, as for any other way of saving one; a definition
    // is checked here first too, since one that is not valid may not
    // survive being written as JSON (an enum out of range).
    validate(definition);
    const std::string text = report_definition_to_json_text(definition);
    return book_->write_transaction([&] {
        auto existing = find_saved(name);
        if (!existing) {
            SavedReport report;
            report.name = name;
            report.category = category;
            report.definition = text;
            return book_->saved_reports().add(report);
        }
        if (!replace)
            fail(ErrorCode::conflict, "a report named '" + existing->name +
                                          "' exists already; save with replace to overwrite it");
        return book_->saved_reports().update(existing->id, existing->version,
                                             {{"definition", text}, {"category", category}});
    });
}

ReportDefinition Reports::open(std::string_view name) {
    for (auto builtin : builtin_report_names())
        if (detail::same_without_case(builtin, name)) return *builtin_report(builtin);
    auto saved = find_saved(name);
    if (!saved) fail(ErrorCode::not_found, "there is no report named '" + std::string(name) + "'");
    try {
        auto definition = parse_report_definition(saved->definition);
        validate(definition);
        return definition;
    } catch (const Error& e) {
        fail(ErrorCode::validation,
             "saved report '" + saved->name + "' does not fit its records any more: " + e.what());
    }
}

std::vector<ReportInfo> Reports::list(const std::optional<std::string>& category) {
    std::vector<ReportInfo> out;
    for (auto name : builtin_report_names()) {
        auto d = *builtin_report(name);
        if (!category || detail::same_without_case(*category, "Leads"))
            out.push_back(ReportInfo{std::string(name), "Leads", d.title, true, 0});
    }
    RecordQuery query;
    if (category)
        query.where.push_back(Filter{"category", FilterOp::eq, boost::json::value(*category)});
    for (const auto& saved : book_->saved_reports().find(query)) {
        std::string title;
        try {
            title = parse_report_definition(saved.definition).title;
        } catch (const Error&) {
            // listed all the same; opening it says what is wrong
        }
        out.push_back(ReportInfo{saved.name, saved.category, title.empty() ? saved.name : title,
                                 false, saved.id});
    }
    std::stable_sort(out.begin(), out.end(), [](const ReportInfo& a, const ReportInfo& b) {
        if (iless(a.category, b.category) || iless(b.category, a.category))
            return iless(a.category, b.category);
        return iless(a.name, b.name);
    });
    return out;
}

SavedReport Reports::rename(std::string_view old_name, const std::string& new_name) {
    if (is_builtin(old_name))
        fail(ErrorCode::validation,
             "'" + std::string(old_name) + "' is a built-in report and cannot be renamed");
    return book_->write_transaction([&] {
        auto saved = find_saved(old_name);
        if (!saved)
            fail(ErrorCode::not_found, "there is no report named '" + std::string(old_name) + "'");
        return book_->saved_reports().update(saved->id, saved->version, {{"name", new_name}});
    });
}

void Reports::remove(std::string_view name) {
    if (is_builtin(name))
        fail(ErrorCode::validation,
             "'" + std::string(name) + "' is a built-in report and cannot be deleted");
    book_->write_transaction([&] {
        auto saved = find_saved(name);
        if (!saved)
            fail(ErrorCode::not_found, "there is no report named '" + std::string(name) + "'");
        book_->saved_reports().remove(saved->id);
    });
}

} // namespace leadbook
