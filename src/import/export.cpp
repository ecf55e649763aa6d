// Export of leads: CSV with Outlook's columns, JSON lines, vCard 4.0. Each
// streams the leads a query finds and writes in large pieces.
#include "../formats/charsets.hpp"
#include "column_presets.hpp"
#include "../formats/csv_writer.hpp"
#include "file_output.hpp"
#include "vcard_leads.hpp"

#include <leadbook/import.hpp>

#include <xlsxwriter.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <ostream>
#include <set>

namespace leadbook {

namespace {

using namespace formats;

constexpr std::size_t write_every = 256 * 1024;

void write_out(std::ostream& out, std::string& buffer, bool force) {
    if (buffer.size() < write_every && !force) return;
    out.write(buffer.data(), std::streamsize(buffer.size()));
    buffer.clear();
    if (!out) fail(ErrorCode::storage, "writing the export failed (disk full?)");
}

template <class F> std::int64_t for_each_lead(LeadBook& book, const RecordQuery& query, F&& write) {
    std::int64_t count = 0;
    auto cursor = book.leads().find(query);
    while (auto lead = cursor.next()) {
        write(*lead);
        ++count;
    }
    return count;
}

/// Where the parts of a lead go among Outlook's columns.
class OutlookRow {
public:
    OutlookRow() {
        for (const auto& column : outlook_export_columns()) {
            targets_.push_back(parse_target(column.target));
            headers_.emplace_back(column.header);
        }
        cells_.resize(targets_.size());
    }

    const std::vector<std::string>& headers() const { return headers_; }

    const std::vector<std::string>& cells(const Lead& lead) {
        for (auto& c : cells_) c.clear();
        const auto names = split_full_name(lead.full_name);
        std::size_t email = 0;
        for (std::size_t i = 0; i < targets_.size(); ++i) {
            const FieldTarget& t = targets_[i];
            if (t.kind == FieldTarget::Kind::name_part) {
                cells_[i] = names[std::size_t(t.name_part)];
            } else if (t.kind == FieldTarget::Kind::text) {
                if (const std::string* v = lead_text_field(lead, t.field)) cells_[i] = *v;
            } else if (t.kind == FieldTarget::Kind::list && t.field == "emails") {
                if (email < lead.emails.size())
                    cells_[i] = lead.emails[email++].address; // by position
            }
        }
        for (const auto& phone : lead.phones)
            place(phone_label(phone.label), "phones", "number", phone.number);
        for (const auto& a : lead.addresses) {
            std::string slot = address_label(a.label);
            if (!slot_free("addresses", slot))
                for (const char* other : {"business", "home", "other"})
                    if (slot_free("addresses", other)) {
                        slot = other;
                        break;
                    }
            if (!slot_free("addresses", slot)) continue;
            set("addresses", slot, "street", a.street);
            set("addresses", slot, "city", a.city);
            set("addresses", slot, "state", a.state);
            set("addresses", slot, "postal_code", a.postal_code);
            set("addresses", slot, "country", a.country);
            set("addresses", slot, "label", "-"); // marks the slot as taken
        }
        for (const auto& w : lead.web_pages) place("business", "web_pages", "url", w.url);
        return cells_;
    }

private:
    static std::string phone_label(const std::string& label) {
        std::string key = match_key(label);
        if (key == "work") return "business";
        if (key == "cell") return "mobile";
        if (key == "fax" || key == "work fax") return "business fax";
        return key;
    }
    static std::string address_label(const std::string& label) {
        std::string key = match_key(label);
        return key == "work" ? "business" : key;
    }
    int column(std::string_view list, std::string_view slot, std::string_view member) const {
        for (std::size_t i = 0; i < targets_.size(); ++i) {
            const auto& t = targets_[i];
            if (t.kind == FieldTarget::Kind::list && t.field == list && t.slot == slot &&
                t.member == member)
                return int(i);
        }
        return -1;
    }
    bool slot_free(std::string_view list, std::string_view slot) {
        bool exists = false;
        for (std::size_t i = 0; i < targets_.size(); ++i) {
            const auto& t = targets_[i];
            if (t.kind != FieldTarget::Kind::list || t.field != list || t.slot != slot) continue;
            exists = true;
            if (!cells_[i].empty()) return false;
        }
        return exists && !taken_.contains(std::string(list) + "." + std::string(slot));
    }
    void set(std::string_view list, std::string_view slot, std::string_view member,
             const std::string& value) {
        if (member == "label") {
            taken_.insert(std::string(list) + "." + std::string(slot));
            return;
        }
        int c = column(list, slot, member);
        if (c >= 0) cells_[std::size_t(c)] = value;
    }
    /// Into the column of its label, else the first free of the others.
    void place(const std::string& slot, std::string_view list, std::string_view member,
               const std::string& value) {
        if (value.empty()) return;
        int c = column(list, slot, member);
        if (c < 0 || !cells_[std::size_t(c)].empty()) {
            c = -1;
            for (const char* other :
                 {"other", "primary", "business 2", "home 2", "business", "home", "mobile"}) {
                int candidate = column(list, other, member);
                if (candidate >= 0 && cells_[std::size_t(candidate)].empty()) {
                    c = candidate;
                    break;
                }
            }
        }
        if (c >= 0 && cells_[std::size_t(c)].empty()) cells_[std::size_t(c)] = value;
    }

    std::vector<FieldTarget> targets_;
    std::vector<std::string> headers_;
    std::vector<std::string> cells_;
    std::set<std::string> taken_;

public:
    void reset() { taken_.clear(); }
};

} // namespace

std::int64_t export_csv(LeadBook& book, std::ostream& out, const RecordQuery& query,
                        const CsvExportOptions& options) {
    const std::string& d = options.delimiter;
    if (d != "," && d != ";" && d != "\t")
        fail(ErrorCode::validation, "delimiter '" + d + "' is not one of \",\", \";\" or a tab");
    const char delimiter = d[0];
    std::string buffer;
    if (options.byte_order_mark) buffer += "\xEF\xBB\xBF";
    OutlookRow row;
    append_csv_row(buffer, row.headers(), delimiter);
    const std::int64_t count = for_each_lead(book, query, [&](const Lead& lead) {
        row.reset();
        append_csv_row(buffer, row.cells(lead), delimiter);
        write_out(out, buffer, false);
    });
    write_out(out, buffer, true);
    return count;
}

std::int64_t export_jsonl(LeadBook& book, std::ostream& out, const RecordQuery& query) {
    std::string buffer;
    const std::int64_t count = for_each_lead(book, query, [&](const Lead& lead) {
        buffer += serialize_json(to_json(lead));
        buffer += '\n';
        write_out(out, buffer, false);
    });
    write_out(out, buffer, true);
    return count;
}

std::int64_t export_vcard(LeadBook& book, std::ostream& out, const RecordQuery& query) {
    std::string buffer;
    const std::int64_t count = for_each_lead(book, query, [&](const Lead& lead) {
        append_vcard(buffer, lead);
        write_out(out, buffer, false);
    });
    write_out(out, buffer, true);
    return count;
}

namespace {

/// A temporary file that is removed when it goes.
struct TemporaryPath {
    TemporaryPath() {
        const int fd = mkstemp(path);
        if (fd < 0) fail(ErrorCode::storage, "cannot create a temporary file for the workbook");
        ::close(fd);
    }
    ~TemporaryPath() { ::unlink(path); }
    TemporaryPath(const TemporaryPath&) = delete;
    TemporaryPath& operator=(const TemporaryPath&) = delete;
    char path[32] = "/tmp/leadbook-xlsx-XXXXXX";
};

/// Text a workbook cell holds: up to 32,767 characters (UTF-16 units, as
/// Excel counts; libxlsxwriter counts UTF-8 characters).
constexpr std::size_t workbook_cell_characters = 32767;

std::size_t utf8_characters(const std::string& text) {
    std::size_t n = 0;
    for (unsigned char c : text) n += (c & 0xC0) != 0x80;
    return n;
}

/// Writes the leads `query` finds as a workbook at `path` (libxlsxwriter
/// writes files only).
std::int64_t write_xlsx(LeadBook& book, const char* path, const RecordQuery& query) {
    lxw_workbook_options workbook_options{};
    workbook_options.constant_memory = LXW_TRUE; // rows go to disk as they are written
    lxw_workbook* workbook = workbook_new_opt(path, &workbook_options);
    if (!workbook) fail(ErrorCode::storage, "cannot create the workbook");
    struct Closer {
        lxw_workbook* w;
        bool closed = false;
        ~Closer() {
            if (!closed) workbook_close(w);
        }
    } closer{workbook};
    lxw_worksheet* sheet = workbook_add_worksheet(workbook, "Leads");
    lxw_format* bold = workbook_add_format(workbook);
    format_set_bold(bold);
    OutlookRow row;
    lxw_row_t r = 0;
    for (std::size_t c = 0; c < row.headers().size(); ++c)
        worksheet_write_string(sheet, r, lxw_col_t(c), row.headers()[c].c_str(), bold);
    const std::int64_t count = for_each_lead(book, query, [&](const Lead& lead) {
        row.reset();
        const auto& cells = row.cells(lead);
        ++r;
        if (r >= LXW_ROW_MAX)
            fail(ErrorCode::validation, "a workbook sheet holds at most " +
                                            std::to_string(LXW_ROW_MAX - 1) +
                                            " leads below its header; export fewer (a query)");
        for (std::size_t c = 0; c < cells.size(); ++c) {
            if (cells[c].empty()) continue;
            if (utf8_characters(cells[c]) > workbook_cell_characters)
                fail(ErrorCode::validation,
                     "lead " + std::to_string(lead.id) + "'s '" + row.headers()[c] + "' is " +
                         std::to_string(utf8_characters(cells[c])) +
                         " characters long; a workbook cell holds at most 32767 (export it as CSV "
                         "or JSON lines)");
            const lxw_error e =
                worksheet_write_string(sheet, r, lxw_col_t(c), cells[c].c_str(), nullptr);
            if (e != LXW_NO_ERROR)
                fail(ErrorCode::storage,
                     std::string("writing the workbook failed: ") + lxw_strerror(e));
        }
    });
    closer.closed = true;
    const lxw_error e = workbook_close(workbook);
    if (e != LXW_NO_ERROR)
        fail(ErrorCode::storage, std::string("writing the workbook failed: ") + lxw_strerror(e));
    return count;
}

} // namespace

std::int64_t export_xlsx_file(LeadBook& book, const std::string& path, const RecordQuery& query) {
    return detail::write_file_replacing(path, [&](std::ostream& out) {
        TemporaryPath temporary;
        const std::int64_t count = write_xlsx(book, temporary.path, query);
        std::ifstream in(temporary.path, std::ios::binary);
        out << in.rdbuf();
        if (!in || !out) fail(ErrorCode::storage, "writing the export failed (disk full?)");
        return count;
    });
}

std::int64_t export_csv_file(LeadBook& book, const std::string& path, const RecordQuery& query,
                             const CsvExportOptions& options) {
    return detail::write_file_replacing(
        path, [&](std::ostream& out) { return export_csv(book, out, query, options); });
}

std::int64_t export_jsonl_file(LeadBook& book, const std::string& path, const RecordQuery& query) {
    return detail::write_file_replacing(
        path, [&](std::ostream& out) { return export_jsonl(book, out, query); });
}

std::int64_t export_vcard_file(LeadBook& book, const std::string& path, const RecordQuery& query) {
    return detail::write_file_replacing(
        path, [&](std::ostream& out) { return export_vcard(book, out, query); });
}

} // namespace leadbook
