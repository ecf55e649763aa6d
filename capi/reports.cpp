// The C ABI of reports (the "reports" section of leadbook.h): converts
// arguments, calls leadbook::Reports / leadbook::Report inside one
// try/catch, maps leadbook::Error codes to leadbook_status one to one.
#include "capi_internal.hpp"

#include <leadbook/reports.hpp>

#include <optional>
#include <sstream>
#include <string>

struct leadbook_report {
    leadbook_db* db;
    leadbook::Report report;
    std::string current_row; ///< borrowed by leadbook_report_next_row's caller
};

using namespace leadbook::capi;

namespace {

leadbook_db* db_of(const leadbook_report* report) { return report ? report->db : nullptr; }

} // namespace

extern "C" {

leadbook_status leadbook_report_run(leadbook_db* db, const char* name_or_definition_json,
                                    leadbook_report** out) {
    return guarded(db, [&] {
        require(db && name_or_definition_json && out,
                "leadbook_report_run: db, name_or_definition_json and out must not be NULL");
        leadbook::Reports reports(db->book);
        *out = new leadbook_report{db, reports.run_text(name_or_definition_json), {}};
    });
}

void leadbook_report_free(leadbook_report* report) { delete report; }

const char* leadbook_report_errmsg(const leadbook_report* report) {
    return report ? report->db->errmsg.c_str() : last_error().c_str();
}

leadbook_status leadbook_report_info_json(leadbook_report* report, char** out_json) {
    return guarded(db_of(report), [&] {
        require(report && out_json,
                "leadbook_report_info_json: report and out_json must not be NULL");
        *out_json = owned_copy(leadbook::serialize_json(report->report.summary_json()));
    });
}

leadbook_status leadbook_report_groups_json(leadbook_report* report, char** out_json) {
    return guarded(db_of(report), [&] {
        require(report && out_json,
                "leadbook_report_groups_json: report and out_json must not be NULL");
        give(out_json, report->report.groups());
    });
}

leadbook_status leadbook_report_definition_json(leadbook_report* report, char** out_json) {
    return guarded(db_of(report), [&] {
        require(report && out_json,
                "leadbook_report_definition_json: report and out_json must not be NULL");
        *out_json =
            owned_copy(leadbook::report_definition_to_json_text(report->report.definition()));
    });
}

leadbook_status leadbook_report_next_row(leadbook_report* report, const char** out_row_json) {
    return guarded(db_of(report), [&] {
        require(report && out_row_json,
                "leadbook_report_next_row: report and out_row_json must not be NULL");
        auto row = report->report.next_row();
        if (!row) {
            report->current_row.clear();
            *out_row_json = nullptr;
            return;
        }
        report->current_row = leadbook::serialize_json(report->report.row_json(*row));
        *out_row_json = report->current_row.c_str();
    });
}

leadbook_status leadbook_report_rewind(leadbook_report* report) {
    return guarded(db_of(report), [&] {
        require(report != nullptr, "leadbook_report_rewind: report is NULL");
        report->report.rewind();
    });
}

leadbook_status leadbook_report_write(leadbook_report* report, const char* format,
                                      const char* path) {
    return guarded(db_of(report), [&] {
        require(report && format && path,
                "leadbook_report_write: report, format and path must not be NULL");
        report->report.write(format, std::string(path));
    });
}

leadbook_status leadbook_report_render(leadbook_report* report, const char* format,
                                       char** out_text) {
    return guarded(db_of(report), [&] {
        require(report && format && out_text,
                "leadbook_report_render: report, format and out_text must not be NULL");
        std::ostringstream text;
        report->report.write(format, text);
        *out_text = owned_copy(text.str());
    });
}

leadbook_status leadbook_report_validate(leadbook_db* db, const char* definition_json) {
    return guarded(db, [&] {
        require(db && definition_json,
                "leadbook_report_validate: db and definition_json must not be NULL");
        leadbook::Reports(db->book).validate(leadbook::parse_report_definition(definition_json));
    });
}

leadbook_status leadbook_report_save(leadbook_db* db, const char* name, const char* definition_json,
                                     const char* category, int replace, char** out_json) {
    return guarded(db, [&] {
        require(db && name && definition_json,
                "leadbook_report_save: db, name and definition_json must not be NULL");
        auto definition = leadbook::parse_report_definition(definition_json);
        auto saved = leadbook::Reports(db->book).save(name, definition,
                                                      category ? category : "Leads", replace != 0);
        give(out_json, saved);
    });
}

leadbook_status leadbook_report_open(leadbook_db* db, const char* name,
                                     char** out_definition_json) {
    return guarded(db, [&] {
        require(db && name && out_definition_json,
                "leadbook_report_open: db, name and out_definition_json must not be NULL");
        auto definition = leadbook::Reports(db->book).open(name);
        *out_definition_json = owned_copy(leadbook::report_definition_to_json_text(definition));
    });
}

leadbook_status leadbook_report_list(leadbook_db* db, const char* category, char** out_json) {
    return guarded(db, [&] {
        require(db && out_json, "leadbook_report_list: db and out_json must not be NULL");
        auto infos = leadbook::Reports(db->book).list(
            category ? std::optional<std::string>(category) : std::nullopt);
        give(out_json, infos);
    });
}

leadbook_status leadbook_report_rename(leadbook_db* db, const char* old_name,
                                       const char* new_name) {
    return guarded(db, [&] {
        require(db && old_name && new_name,
                "leadbook_report_rename: db, old_name and new_name must not be NULL");
        leadbook::Reports(db->book).rename(old_name, new_name);
    });
}

leadbook_status leadbook_report_delete(leadbook_db* db, const char* name) {
    return guarded(db, [&] {
        require(db && name, "leadbook_report_delete: db and name must not be NULL");
        leadbook::Reports(db->book).remove(name);
    });
}

} // extern "C"
