// The C ABI of import and export (leadbook/import.hpp): options and reports
// as JSON, progress through a C callback that may cancel.
#include "capi_internal.hpp"

#include <leadbook/import.hpp>

#include <istream>
#include <streambuf>
#include <string>

namespace leadbook::capi {

namespace {

/// Reads caller-owned bytes in place, without copying them.
class MemoryBuffer : public std::streambuf {
public:
    MemoryBuffer(const void* data, std::size_t size) {
        // The get area is only read: istream never writes through it.
        char* begin = static_cast<char*>(const_cast<void*>(data));
        setg(begin, begin, begin + size);
    }
};

ImportOptions parse_import_options(const char* options_json) {
    if (!options_json) return {};
    return from_json<ImportOptions>(parse_json(options_json), "options");
}

/// The C++ progress function that calls `progress`; a non-zero answer
/// throws, which rolls the import back.
ImportProgressFn progress_function(leadbook_progress_fn progress, void* user_data) {
    if (!progress) return {};
    return [progress, user_data](const ImportProgress& counts) {
        std::string json = serialize_json(to_json(counts));
        if (progress(json.c_str(), user_data) != 0)
            fail(ErrorCode::cancelled, "the import was cancelled; nothing was stored");
    };
}

using StreamImport = ImportReport (*)(LeadBook&, std::istream&, const ImportOptions&,
                                      const ImportProgressFn&);
using FileImport = ImportReport (*)(LeadBook&, const std::string&, const ImportOptions&,
                                    const ImportProgressFn&);

leadbook_status import_file(const char* function, FileImport import, leadbook_db* db,
                            const char* path, const char* options_json,
                            leadbook_progress_fn progress, void* user_data,
                            char** out_report_json) {
    return guarded(db, [&] {
        require(db && path, (std::string(function) + ": db and path must not be NULL").c_str());
        auto options = parse_import_options(options_json);
        give(out_report_json,
             import(db->book, path, options, progress_function(progress, user_data)));
    });
}

leadbook_status import_buffer(const char* function, StreamImport import, leadbook_db* db,
                              const void* data, std::size_t size, const char* options_json,
                              leadbook_progress_fn progress, void* user_data,
                              char** out_report_json) {
    return guarded(db, [&] {
        require(db && (data || size == 0),
                (std::string(function) + ": db and data must not be NULL").c_str());
        auto options = parse_import_options(options_json);
        MemoryBuffer buffer(data, size);
        std::istream in(&buffer);
        give(out_report_json,
             import(db->book, in, options, progress_function(progress, user_data)));
    });
}

/// Fails unless `options_json` is NULL or an empty object.
void expect_no_options(const char* options_json, const char* format) {
    if (!options_json) return;
    auto v = parse_json(options_json);
    const auto* o = v.if_object();
    if (!o || !o->empty())
        fail(ErrorCode::validation,
             std::string("export to ") + format + " takes no options (NULL or {})");
}

} // namespace

} // namespace leadbook::capi

using namespace leadbook::capi;
using leadbook::ErrorCode;

extern "C" {

leadbook_status leadbook_import_csv_file(leadbook_db* db, const char* path,
                                         const char* options_json, leadbook_progress_fn progress,
                                         void* user_data, char** out_report_json) {
    return import_file("leadbook_import_csv_file", leadbook::import_csv_file, db, path,
                       options_json, progress, user_data, out_report_json);
}

leadbook_status leadbook_import_csv_buffer(leadbook_db* db, const void* data, size_t size,
                                           const char* options_json, leadbook_progress_fn progress,
                                           void* user_data, char** out_report_json) {
    return import_buffer("leadbook_import_csv_buffer", leadbook::import_csv, db, data, size,
                         options_json, progress, user_data, out_report_json);
}

leadbook_status leadbook_import_vcard_file(leadbook_db* db, const char* path,
                                           const char* options_json, leadbook_progress_fn progress,
                                           void* user_data, char** out_report_json) {
    return import_file("leadbook_import_vcard_file", leadbook::import_vcard_file, db, path,
                       options_json, progress, user_data, out_report_json);
}

leadbook_status leadbook_import_vcard_buffer(leadbook_db* db, const void* data, size_t size,
                                             const char* options_json,
                                             leadbook_progress_fn progress, void* user_data,
                                             char** out_report_json) {
    return import_buffer("leadbook_import_vcard_buffer", leadbook::import_vcard, db, data, size,
                         options_json, progress, user_data, out_report_json);
}

leadbook_status leadbook_import_workbook_file(leadbook_db* db, const char* path,
                                              const char* options_json,
                                              leadbook_progress_fn progress, void* user_data,
                                              char** out_report_json) {
    return import_file("leadbook_import_workbook_file", leadbook::import_workbook_file, db, path,
                       options_json, progress, user_data, out_report_json);
}

leadbook_status leadbook_import_workbook_buffer(leadbook_db* db, const void* data, size_t size,
                                                const char* options_json,
                                                leadbook_progress_fn progress, void* user_data,
                                                char** out_report_json) {
    return import_buffer("leadbook_import_workbook_buffer", leadbook::import_workbook, db, data,
                         size, options_json, progress, user_data, out_report_json);
}

leadbook_status leadbook_export_file(leadbook_db* db, leadbook_format format, const char* path,
                                     const char* query_json, const char* options_json,
                                     int64_t* out_count) {
    return guarded(db, [&] {
        require(db && path, "leadbook_export_file: db and path must not be NULL");
        auto query = read_query(query_json);
        std::int64_t count = 0;
        switch (format) {
        case LEADBOOK_FORMAT_CSV: {
            leadbook::CsvExportOptions options;
            if (options_json)
                options = leadbook::from_json<leadbook::CsvExportOptions>(
                    leadbook::parse_json(options_json), "options");
            count = leadbook::export_csv_file(db->book, path, query, options);
            break;
        }
        case LEADBOOK_FORMAT_JSONL:
            expect_no_options(options_json, "JSON lines");
            count = leadbook::export_jsonl_file(db->book, path, query);
            break;
        case LEADBOOK_FORMAT_VCARD:
            expect_no_options(options_json, "vCard");
            count = leadbook::export_vcard_file(db->book, path, query);
            break;
        case LEADBOOK_FORMAT_XLSX:
            expect_no_options(options_json, "an .xlsx workbook");
            count = leadbook::export_xlsx_file(db->book, path, query);
            break;
        default:
            leadbook::fail(ErrorCode::invalid_argument,
                           "unknown export format " + std::to_string(static_cast<int>(format)));
        }
        if (out_count) *out_count = count;
    });
}

leadbook_status leadbook_lead_from_email_file(leadbook_db* db, const char* path, char** out_json) {
    return guarded(db, [&] {
        require(db && path, "leadbook_lead_from_email_file: db and path must not be NULL");
        give(out_json, leadbook::lead_from_email_file(db->book, path));
    });
}

leadbook_status leadbook_lead_from_email_buffer(leadbook_db* db, const void* message, size_t size,
                                                char** out_json) {
    return guarded(db, [&] {
        require(db && (message || size == 0),
                "leadbook_lead_from_email_buffer: db and message must not be NULL");
        std::string_view text(static_cast<const char*>(message), message ? size : 0);
        give(out_json, leadbook::lead_from_email(db->book, text));
    });
}

} // extern "C"
