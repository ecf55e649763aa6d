#include "column_presets.hpp"

#include "../formats/charsets.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace leadbook::formats {

namespace {

struct Alias {
    std::string_view header;
    std::string_view target;
};

struct OutlookColumn {
    std::string_view header;
    std::string_view target;
    bool exported; ///< a column of the CSV export
};

// Outlook's contact export ("Export to a file", comma separated values), in
// Outlook's column order. The import reads every header below; the CSV
// export writes the columns marked `exported`, in this order (one column
// per target, in Outlook's English names).
constexpr OutlookColumn outlook[] = {
    {"First Name", "first_name", true},
    {"Middle Name", "middle_name", true},
    {"Last Name", "last_name", true},
    {"Company", "company", true},
    {"Job Title", "job_title", true},
    {"Business Street", "addresses.business.street", true},
    {"Business Street 2", "addresses.business.street", false},
    {"Business Street 3", "addresses.business.street", false},
    {"Business City", "addresses.business.city", true},
    {"Business State", "addresses.business.state", true},
    {"Business Postal Code", "addresses.business.postal_code", true},
    {"Business Country/Region", "addresses.business.country", true},
    {"Business Country", "addresses.business.country", false},
    {"Home Street", "addresses.home.street", true},
    {"Home Street 2", "addresses.home.street", false},
    {"Home Street 3", "addresses.home.street", false},
    {"Home City", "addresses.home.city", true},
    {"Home State", "addresses.home.state", true},
    {"Home Postal Code", "addresses.home.postal_code", true},
    {"Home Country/Region", "addresses.home.country", true},
    {"Home Country", "addresses.home.country", false},
    {"Other Street", "addresses.other.street", true},
    {"Other Street 2", "addresses.other.street", false},
    {"Other Street 3", "addresses.other.street", false},
    {"Other City", "addresses.other.city", true},
    {"Other State", "addresses.other.state", true},
    {"Other Postal Code", "addresses.other.postal_code", true},
    {"Other Country/Region", "addresses.other.country", true},
    {"Other Country", "addresses.other.country", false},
    {"Assistant's Phone", "phones.assistant", false},
    {"Business Fax", "phones.business fax", true},
    {"Business Phone", "phones.business", true},
    {"Business Phone 2", "phones.business 2", true},
    {"Callback", "phones.callback", false},
    {"Car Phone", "phones.car", false},
    {"Company Main Phone", "phones.company", false},
    {"Home Fax", "phones.home fax", true},
    {"Home Phone", "phones.home", true},
    {"Home Phone 2", "phones.home 2", true},
    {"ISDN", "phones.isdn", false},
    {"Mobile Phone", "phones.mobile", true},
    {"Other Fax", "phones.other fax", false},
    {"Other Phone", "phones.other", true},
    {"Pager", "phones.pager", true},
    {"Primary Phone", "phones.primary", true},
    {"Radio Phone", "phones.radio", false},
    {"TTY/TDD Phone", "phones.tty/tdd", false},
    {"Telex", "phones.telex", false},
    {"E-mail Address", "emails.email", true},
    {"E-mail 2 Address", "emails.email 2", true},
    {"E-mail 3 Address", "emails.email 3", true},
    {"Notes", "notes", true},
    {"Referred By", "initiated_by", true},
    {"Web Page", "web_pages.business", true},
    // German Outlook
    {"Vorname", "first_name", false},
    {"Weitere Vornamen", "middle_name", false},
    {"Nachname", "last_name", false},
    {"Firma", "company", false},
    {"Position", "job_title", false},
    {"Straße geschäftlich", "addresses.business.street", false},
    {"Ort geschäftlich", "addresses.business.city", false},
    {"Region geschäftlich", "addresses.business.state", false},
    {"Postleitzahl geschäftlich", "addresses.business.postal_code", false},
    {"Land/Region geschäftlich", "addresses.business.country", false},
    {"Telefon geschäftlich", "phones.business", false},
    {"Mobiltelefon", "phones.mobile", false},
    {"Telefon privat", "phones.home", false},
    {"Fax geschäftlich", "phones.business fax", false},
    {"E-Mail-Adresse", "emails.email", false},
    {"E-Mail 2: Adresse", "emails.email 2", false},
    {"E-Mail 3: Adresse", "emails.email 3", false},
    {"Webseite", "web_pages.business", false},
    {"Notizen", "notes", false},
    // French Outlook
    {"Prénom", "first_name", false},
    {"Deuxième prénom", "middle_name", false},
    {"Nom", "last_name", false},
    {"Société", "company", false},
    {"Fonction", "job_title", false},
    {"Rue (bureau)", "addresses.business.street", false},
    {"Ville (bureau)", "addresses.business.city", false},
    {"Code postal (bureau)", "addresses.business.postal_code", false},
    {"Pays/Région (bureau)", "addresses.business.country", false},
    {"Téléphone (bureau)", "phones.business", false},
    {"Tél. mobile", "phones.mobile", false},
    {"Adresse de messagerie", "emails.email", false},
    {"Adresse de messagerie 2", "emails.email 2", false},
};

// Google Contacts: the fixed columns of both export formats; the numbered
// ones ("E-mail 1 - Value") are read by google_numbered().
constexpr Alias google[] = {
    {"Name", "full_name"},
    {"Given Name", "first_name"},
    {"Additional Name", "middle_name"},
    {"Family Name", "last_name"},
    {"First Name", "first_name"},
    {"Middle Name", "middle_name"},
    {"Last Name", "last_name"},
    {"File As", "file_as"},
    {"Organization Name", "company"},
    {"Organization Title", "job_title"},
    {"Notes", "notes"},
};

// Thunderbird's address-book export (comma or tab separated, the same
// columns). Nickname, screen name, birthday and the Custom columns have no
// lead field: the report warns about them when they hold values.
constexpr Alias thunderbird[] = {
    {"First Name", "first_name"},
    {"Last Name", "last_name"},
    {"Display Name", "full_name"},
    {"Primary Email", "emails.email"},
    {"Secondary Email", "emails.email 2"},
    {"Work Phone", "phones.work"},
    {"Home Phone", "phones.home"},
    {"Fax Number", "phones.fax"},
    {"Pager Number", "phones.pager"},
    {"Mobile Number", "phones.mobile"},
    {"Home Address", "addresses.home.street"},
    {"Home Address 2", "addresses.home.street"},
    {"Home City", "addresses.home.city"},
    {"Home State", "addresses.home.state"},
    {"Home ZipCode", "addresses.home.postal_code"},
    {"Home Country", "addresses.home.country"},
    {"Work Address", "addresses.work.street"},
    {"Work Address 2", "addresses.work.street"},
    {"Work City", "addresses.work.city"},
    {"Work State", "addresses.work.state"},
    {"Work ZipCode", "addresses.work.postal_code"},
    {"Work Country", "addresses.work.country"},
    {"Job Title", "job_title"},
    {"Organization", "company"},
    {"Web Page 1", "web_pages.work"},
    {"Web Page 2", "web_pages.home"},
    {"Notes", "notes"},
};

// Windows Address Book / Windows Contacts (and Outlook Express) export:
// Outlook's columns plus these.
constexpr Alias windows_contacts[] = {
    {"Name", "full_name"},
    {"Personal Web Page", "web_pages.personal"},
    {"Business Web Page", "web_pages.business"},
};

// Yahoo! Mail's contact export (US and UK column names).
constexpr Alias yahoo[] = {
    {"First", "first_name"},
    {"Middle", "middle_name"},
    {"Last", "last_name"},
    {"Email", "emails.email"},
    {"Alternate Email 1", "emails.email 2"},
    {"Alternate Email 2", "emails.email 3"},
    {"Home", "phones.home"},
    {"Work", "phones.work"},
    {"Pager", "phones.pager"},
    {"Fax", "phones.fax"},
    {"Mobile", "phones.mobile"},
    {"Other", "phones.other"},
    {"Yahoo! Phone", "phones.yahoo"},
    {"Primary", "phones.primary"},
    {"Personal Website", "web_pages.personal"},
    {"Business Website", "web_pages.business"},
    {"Title", "job_title"},
    {"Company", "company"},
    {"Work Address", "addresses.work.street"},
    {"Work City", "addresses.work.city"},
    {"Work State", "addresses.work.state"},
    {"Work County", "addresses.work.state"},
    {"Work ZIP", "addresses.work.postal_code"},
    {"Work Post Code", "addresses.work.postal_code"},
    {"Work Country", "addresses.work.country"},
    {"Home Address", "addresses.home.street"},
    {"Home City", "addresses.home.city"},
    {"Home Town", "addresses.home.city"},
    {"Home State", "addresses.home.state"},
    {"Home County", "addresses.home.state"},
    {"Home ZIP", "addresses.home.postal_code"},
    {"Home Post Code", "addresses.home.postal_code"},
    {"Home Country", "addresses.home.country"},
    {"Comments", "notes"},
};

// Plain names people give columns, for the generic preset.
constexpr Alias generic[] = {
    {"name", "full_name"},
    {"full name", "full_name"},
    {"first name", "first_name"},
    {"firstname", "first_name"},
    {"given name", "first_name"},
    {"middle name", "middle_name"},
    {"last name", "last_name"},
    {"lastname", "last_name"},
    {"surname", "last_name"},
    {"family name", "last_name"},
    {"email", "emails.email"},
    {"e-mail", "emails.email"},
    {"email address", "emails.email"},
    {"e-mail address", "emails.email"},
    {"mail", "emails.email"},
    {"phone", "phones.phone"},
    {"telephone", "phones.phone"},
    {"phone number", "phones.phone"},
    {"mobile", "phones.mobile"},
    {"cell", "phones.mobile"},
    {"organization", "company"},
    {"organisation", "company"},
    {"company name", "company"},
    {"title", "job_title"},
    {"job title", "job_title"},
    {"position", "job_title"},
    {"website", "web_pages.website"},
    {"web site", "web_pages.website"},
    {"url", "web_pages.website"},
    {"street", "addresses.address.street"},
    {"address", "addresses.address.street"},
    {"city", "addresses.address.city"},
    {"state", "addresses.address.state"},
    {"region", "addresses.address.state"},
    {"zip", "addresses.address.postal_code"},
    {"zip code", "addresses.address.postal_code"},
    {"postal code", "addresses.address.postal_code"},
    {"postcode", "addresses.address.postal_code"},
    {"country", "addresses.address.country"},
    {"note", "notes"},
    {"comments", "notes"},
    {"lead source", "source"},
    {"file as", "file_as"},
    {"referred by", "initiated_by"},
};

template <class Entry>
std::optional<FieldTarget> from_table(std::span<const Entry> table, std::string_view header) {
    header = trim(header);
    for (const auto& alias : table)
        if (match_key(alias.header) == match_key(header)) return parse_target(alias.target);
    return std::nullopt;
}

/// "E-mail 3 - Value" -> ("E-mail", 3, "Value").
bool split_numbered(std::string_view header, std::string& kind, int& number, std::string& part) {
    auto dash = header.find(" - ");
    if (dash == std::string_view::npos) return false;
    std::string_view left = header.substr(0, dash);
    part = std::string(trim(header.substr(dash + 3)));
    auto space = left.rfind(' ');
    if (space == std::string_view::npos) return false;
    std::string_view digits = left.substr(space + 1);
    if (digits.empty() || digits.size() > 3) return false;
    number = 0;
    for (char c : digits) {
        if (c < '0' || c > '9') return false;
        number = number * 10 + (c - '0');
    }
    kind = ascii_lower(trim(left.substr(0, space)));
    part = ascii_lower(part);
    return true;
}

std::optional<FieldTarget> google_numbered(std::string_view header) {
    std::string kind, part;
    int n = 0;
    if (!split_numbered(trim(header), kind, n, part)) return std::nullopt;
    const std::string number = std::to_string(n);
    auto entry = [&](std::string list, std::string slot, std::string member) {
        return list_target(std::move(list), slot + "#" + number, std::move(member));
    };
    const bool label = part == "label" || part == "type";
    if (kind == "e-mail") {
        if (label) return entry("emails", "email", "label");
        if (part == "value") return entry("emails", "email", "address");
    } else if (kind == "phone") {
        if (label) return entry("phones", "phone", "label");
        if (part == "value") return entry("phones", "phone", "number");
    } else if (kind == "website") {
        if (label) return entry("web_pages", "website", "label");
        if (part == "value") return entry("web_pages", "website", "url");
    } else if (kind == "address") {
        if (label) return entry("addresses", "address", "label");
        if (part == "street") return entry("addresses", "address", "street");
        if (part == "city") return entry("addresses", "address", "city");
        if (part == "region") return entry("addresses", "address", "state");
        if (part == "postal code") return entry("addresses", "address", "postal_code");
        if (part == "country") return entry("addresses", "address", "country");
    } else if (kind == "organization" && n == 1) {
        if (part == "name") return text_target("company");
        if (part == "title") return text_target("job_title");
    }
    return FieldTarget{}; // a Google column leadbook has no field for
}

std::optional<FieldTarget> generic_target(std::string_view header) {
    header = trim(header);
    if (auto t = from_table(std::span<const Alias>(generic), header)) return t;
    // custom.<Name> keeps the name as written.
    if (header.size() > 7 && iequals_ascii(header.substr(0, 7), "custom."))
        return custom_target(std::string(trim(header.substr(7))));
    std::string text = ascii_lower(header);
    if (auto t = try_parse_target(text); t && t->kind != FieldTarget::Kind::ignore) return t;
    for (char& c : text)
        if (c == ' ' || c == '-') c = '_';
    if (auto t = try_parse_target(text); t && t->kind != FieldTarget::Kind::ignore) return t;
    return std::nullopt;
}

bool gives_name(const FieldTarget& t) {
    return t.kind == FieldTarget::Kind::name_part ||
           (t.kind == FieldTarget::Kind::text && t.field == "full_name");
}

} // namespace

std::optional<FieldTarget> preset_target(std::string_view preset, std::string_view header) {
    if (preset == "outlook") return from_table(std::span<const OutlookColumn>(outlook), header);
    if (preset == "google") {
        if (auto t = from_table(std::span<const Alias>(google), header)) return t;
        return google_numbered(header);
    }
    if (preset == "windows") {
        if (auto t = from_table(std::span<const Alias>(windows_contacts), header)) return t;
        return from_table(std::span<const OutlookColumn>(outlook), header);
    }
    if (preset == "thunderbird") return from_table(std::span<const Alias>(thunderbird), header);
    if (preset == "yahoo") return from_table(std::span<const Alias>(yahoo), header);
    if (preset == "generic") return generic_target(header);
    return std::nullopt;
}

std::vector<ExportColumn> outlook_export_columns() {
    std::vector<ExportColumn> columns;
    for (const auto& column : outlook)
        if (column.exported) columns.push_back(ExportColumn{column.header, column.target});
    return columns;
}

ColumnPlan plan_columns(const std::vector<std::string>& header, std::int64_t header_line,
                        const ImportOptions& options) {
    static constexpr std::array<std::string_view, 6> presets = {"outlook",     "windows", "google",
                                                                "thunderbird", "generic", "yahoo"};
    ColumnPlan plan;
    plan.preset = ascii_lower(trim(options.preset));
    if (plan.preset.empty()) plan.preset = "auto";
    if (plan.preset != "auto" &&
        std::find(presets.begin(), presets.end(), plan.preset) == presets.end())
        fail(ErrorCode::validation,
             "preset '" + options.preset +
                 "' is not one of auto, outlook, windows, google, thunderbird, yahoo, generic");
    // The caller's mapping: every target must exist and every column too.
    std::vector<std::optional<FieldTarget>> mapped(header.size());
    for (const auto& [column, target_text] : options.mapping) {
        FieldTarget target;
        try {
            target = parse_target(target_text);
        } catch (const Error& e) {
            fail(ErrorCode::validation, "mapping for column '" + column + "': " + e.what());
        }
        bool found = false;
        for (std::size_t i = 0; i < header.size(); ++i)
            if (match_key(header[i]) == match_key(column)) {
                mapped[i] = target;
                found = true;
            }
        if (!found)
            fail(ErrorCode::validation,
                 "mapping names column '" + column + "', which the header does not have");
    }
    if (plan.preset == "auto") {
        // The preset that knows the most columns (Thunderbird's header has
        // Outlook's "First Name" and "Notes", but its e-mail columns are
        // its own); on a tie the earlier in `presets` (generic before
        // Yahoo!'s plain "Email", "Company", "Title").
        std::size_t best = 0;
        plan.preset = "generic";
        for (auto preset : presets) {
            std::size_t known = 0;
            for (const auto& cell : header) {
                auto t = preset_target(preset, cell);
                if (t && t->kind != FieldTarget::Kind::ignore) ++known;
            }
            if (known > best) {
                best = known;
                plan.preset = preset;
            }
        }
    }
    for (std::size_t i = 0; i < header.size(); ++i) {
        std::optional<FieldTarget> t =
            mapped[i] ? mapped[i] : preset_target(plan.preset, header[i]);
        if (!t && options.unmapped_to_custom && !trim(header[i]).empty())
            t = custom_target(std::string(trim(header[i])));
        // Columns nothing reads, unless the caller mapped them to "".
        plan.unread.push_back(!mapped[i] && (!t || t->kind == FieldTarget::Kind::ignore));
        plan.targets.push_back(t.value_or(FieldTarget{}));
    }
    for (std::size_t i = 0; i < plan.targets.size() && plan.name_source < 0; ++i)
        if (gives_name(plan.targets[i]) && plan.targets[i].kind == FieldTarget::Kind::text)
            plan.name_source = int(i);
    for (std::size_t i = 0; i < plan.targets.size() && plan.name_source < 0; ++i)
        if (gives_name(plan.targets[i])) plan.name_source = int(i);
    if (plan.name_source < 0) {
        std::string cells;
        for (const auto& cell : header) cells += (cells.empty() ? "" : ", ") + ("'" + cell + "'");
        throw ImportError(
            ImportIssue{header_line, 0, "",
                        "no column gives a name (read as " + plan.preset + " columns: " + cells +
                            "); name a full name or first/last name column, or give a mapping"});
    }
    return plan;
}

} // namespace leadbook::formats
