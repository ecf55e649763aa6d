// column_presets.hpp: which column of a CSV header fills which field.
//
// Presets know the headers Outlook's contact export writes (English, plus
// the German and French names of the main columns), both forms of Google
// Contacts' export ("E-mail 1 - Value" and the older "Given Name"),
// Windows Address Book / Windows Contacts (Outlook's plus "Name" and the web
// pages), Thunderbird's address-book export (CSV or tab separated), Yahoo!
// Mail's, and a
// generic one for columns named like leadbook's JSON fields ("full_name",
// "emails.work") or plainly ("Name", "Email", "Phone", "City"). The
// caller's mapping overrides them.
#pragma once

#include "lead_fields.hpp"

#include <leadbook/import.hpp>

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace leadbook::formats {

/// How the columns of one CSV file are read.
struct ColumnPlan {
    std::string preset;               ///< "outlook", "google", "thunderbird", "yahoo", "generic"
    std::vector<FieldTarget> targets; ///< one per header cell
    int name_source = -1;             ///< the column to blame for a missing name
    /// Per header cell: nothing reads it (no preset or mapping knows it and
    /// the caller did not map it to ""), so its values would be dropped.
    std::vector<bool> unread;
};

/// Chooses targets for `header` (line `header_line` of the file). Throws
/// Error(validation) for a bad preset or mapping, ImportError when no
/// column gives a name.
ColumnPlan plan_columns(const std::vector<std::string>& header, std::int64_t header_line,
                        const ImportOptions& options);

/// The target a preset gives a header cell; nullopt when it does not know it.
std::optional<FieldTarget> preset_target(std::string_view preset, std::string_view header);

/// A column of the CSV export: Outlook's header and the target it shows.
struct ExportColumn {
    std::string_view header;
    std::string_view target;
};
/// Outlook's contact columns a lead can fill, in Outlook's order: the
/// columns of the Outlook preset that are marked for export.
std::vector<ExportColumn> outlook_export_columns();

} // namespace leadbook::formats
