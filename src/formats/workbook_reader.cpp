// The workbook readers: .xlsx through libzip and expat, .xls through FreeXL.
#include "workbook_reader.hpp"

#include <leadbook/limits.hpp>

#include <expat.h>
#include <freexl.h>
#include <zip.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

namespace leadbook::formats {

namespace {

[[noreturn]] void refuse(std::string reason) {
    throw WorkbookError(ImportIssue{0, 0, "", std::move(reason)});
}

std::string_view local_name(const char* name) {
    std::string_view n(name);
    const auto colon = n.find(':');
    return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

const char* attribute(const char** attributes, std::string_view wanted) {
    for (std::size_t i = 0; attributes[i]; i += 2)
        if (local_name(attributes[i]) == wanted) return attributes[i + 1];
    return nullptr;
}

std::string with_commas(std::string number) {
    const std::size_t start = number[0] == '-' ? 1 : 0;
    std::size_t end = number.find('.');
    if (end == std::string::npos) end = number.size();
    for (std::size_t i = end; i > start + 3; i -= 3) number.insert(i - 3, 1, ',');
    return number;
}

/// How a number format shows a number.
struct NumberStyle {
    enum class Kind { general, fixed, percent, scientific, date } kind = Kind::general;
    int decimals = 0;
    bool thousands = false;
    bool date = false; ///< date kind: shows the day
    bool time = false; ///< date kind: shows the time of day
};

NumberStyle style_of_code(std::string_view code) {
    NumberStyle style;
    std::string plain; // the first section without literals
    bool in_quotes = false;
    for (std::size_t i = 0; i < code.size(); ++i) {
        const char c = code[i];
        if (in_quotes) {
            in_quotes = c != '"';
        } else if (c == '"') {
            in_quotes = true;
        } else if (c == '\\' || c == '_' || c == '*') {
            ++i;
        } else if (c == '[') {
            const auto close = code.find(']', i);
            if (close == std::string_view::npos) break;
            const std::string_view inner = code.substr(i + 1, close - i - 1);
            if (!inner.empty() && std::strchr("hHmMsS", inner[0])) plain += "h"; // elapsed time
            i = close;
        } else if (c == ';') {
            break;
        } else {
            plain += c;
        }
    }
    std::string lower;
    for (char c : plain) lower += char(c >= 'A' && c <= 'Z' ? c + 32 : c);
    if (lower == "general" || lower == "@" || lower.empty()) return style;
    const bool has_day = lower.find_first_of("yd") != std::string::npos;
    const bool has_time = lower.find_first_of("hs") != std::string::npos;
    const bool has_m = lower.find('m') != std::string::npos;
    if (has_day || has_time || (has_m && lower.find_first_of("0#") == std::string::npos)) {
        style.kind = NumberStyle::Kind::date;
        style.date = has_day || (has_m && !has_time);
        style.time = has_time;
        return style;
    }
    const auto point = lower.find('.');
    if (point != std::string::npos)
        for (std::size_t i = point + 1; i < lower.size() && (lower[i] == '0' || lower[i] == '#');
             ++i)
            ++style.decimals;
    style.thousands = lower.find(',') != std::string::npos;
    if (lower.find("e+") != std::string::npos || lower.find("e-") != std::string::npos)
        style.kind = NumberStyle::Kind::scientific;
    else if (lower.find('%') != std::string::npos)
        style.kind = NumberStyle::Kind::percent;
    else if (lower.find_first_of("0#") != std::string::npos)
        style.kind = NumberStyle::Kind::fixed;
    return style;
}

NumberStyle builtin_style(int id) {
    switch (id) {
    case 1: return style_of_code("0");
    case 2: return style_of_code("0.00");
    case 3: return style_of_code("#,##0");
    case 4: return style_of_code("#,##0.00");
    case 9: return style_of_code("0%");
    case 10: return style_of_code("0.00%");
    case 11: return style_of_code("0.00E+00");
    case 14:
    case 15:
    case 16:
    case 17: return style_of_code("yyyy-mm-dd");
    case 18:
    case 19:
    case 20:
    case 21:
    case 45:
    case 46:
    case 47: return style_of_code("hh:mm:ss");
    case 22: return style_of_code("yyyy-mm-dd hh:mm:ss");
    case 37:
    case 38: return style_of_code("#,##0");
    case 39:
    case 40: return style_of_code("#,##0.00");
    case 48: return style_of_code("##0.0E+0");
    default: break;
    }
    if ((id >= 27 && id <= 36) || (id >= 50 && id <= 58)) return style_of_code("yyyy-mm-dd");
    return {};
}

std::string general_number(double value) {
    char buffer[64];
    if (std::fabs(value) < 1e15 && value == std::floor(value))
        std::snprintf(buffer, sizeof buffer, "%.0f", value);
    else
        std::snprintf(buffer, sizeof buffer, "%.15g", value);
    return buffer;
}

std::string shown_number(double value, const NumberStyle& style, bool date1904) {
    if (!std::isfinite(value)) return general_number(value);
    char buffer[400];
    switch (style.kind) {
    case NumberStyle::Kind::general: return general_number(value);
    case NumberStyle::Kind::fixed:
        if (std::fabs(value) >= 1e300) return general_number(value);
        std::snprintf(buffer, sizeof buffer, "%.*f", style.decimals, value);
        return style.thousands ? with_commas(buffer) : std::string(buffer);
    case NumberStyle::Kind::percent:
        if (std::fabs(value) >= 1e298) return general_number(value);
        std::snprintf(buffer, sizeof buffer, "%.*f%%", style.decimals, value * 100);
        return buffer;
    case NumberStyle::Kind::scientific:
        std::snprintf(buffer, sizeof buffer, "%.*E", style.decimals, value);
        return buffer;
    case NumberStyle::Kind::date:
        if (value < 0 || value >= 2958466) return general_number(value); // past 9999-12-31
        return workbook_date(value, date1904, style.date, style.time);
    }
    return general_number(value);
}

/// A zip archive in memory, every entry's claimed size checked on opening.
class ZipArchive {
public:
    explicit ZipArchive(const std::string& bytes) {
        zip_error_t error;
        zip_error_init(&error);
        zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
        if (source) {
            archive_.reset(zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error));
            if (!archive_) zip_source_free(source);
        }
        if (!archive_) {
            std::string why = zip_error_strerror(&error);
            zip_error_fini(&error);
            refuse("the workbook is corrupt (" + why + ")");
        }
        zip_error_fini(&error);
        const zip_int64_t entries = zip_get_num_entries(archive_.get(), 0);
        for (zip_int64_t i = 0; i < entries; ++i) {
            zip_stat_t st;
            if (zip_stat_index(archive_.get(), zip_uint64_t(i), 0, &st) != 0) continue;
            const std::string name = (st.valid & ZIP_STAT_NAME) && st.name ? st.name : "?";
            if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
                refuse("the workbook is password-protected (its part '" + name +
                       "' is encrypted); save it without a password and import it again");
            if ((st.valid & ZIP_STAT_SIZE) && st.size > limits::workbook_entry_bytes)
                refuse("the workbook's part '" + name + "' claims " + std::to_string(st.size) +
                       " bytes uncompressed; the limit (workbook_entry_bytes) is " +
                       std::to_string(limits::workbook_entry_bytes) + " bytes");
        }
    }

    /// Streams entry `name` to `sink` in pieces; false when there is no such entry.
    bool read(const std::string& name, const std::function<bool(const char*, std::size_t)>& sink) {
        const zip_int64_t index = zip_name_locate(archive_.get(), name.c_str(), 0);
        if (index < 0) return false;
        struct Close {
            void operator()(zip_file_t* f) const { zip_fclose(f); }
        };
        // Closed however reading ends (sink may throw).
        const std::unique_ptr<zip_file_t, Close> file(open(name));
        std::vector<char> buffer(64 * 1024);
        std::uint64_t total = 0;
        while (true) {
            const zip_int64_t n = zip_fread(file.get(), buffer.data(), buffer.size());
            if (n < 0)
                refuse("the workbook is corrupt: its part '" + name + "' cannot be read (" +
                       zip_error_strerror(zip_file_get_error(file.get())) + ")");
            total += std::uint64_t(n);
            if (total > limits::workbook_entry_bytes)
                refuse("the workbook's part '" + name + "' is longer than the limit " +
                       "(workbook_entry_bytes) of " + std::to_string(limits::workbook_entry_bytes) +
                       " bytes");
            if (!sink(buffer.data(), std::size_t(n)) || n == 0) break;
        }
        return true;
    }

    zip_file_t* open(const std::string& name) {
        const zip_int64_t index = zip_name_locate(archive_.get(), name.c_str(), 0);
        if (index < 0) refuse("the workbook is corrupt: its part '" + name + "' is missing");
        zip_file_t* file = zip_fopen_index(archive_.get(), zip_uint64_t(index), 0);
        if (!file)
            refuse("the workbook is corrupt: its part '" + name + "' cannot be read (" +
                   zip_strerror(archive_.get()) + ")");
        return file;
    }

private:
    struct Discard {
        void operator()(zip_t* z) const { zip_discard(z); }
    };
    std::unique_ptr<zip_t, Discard> archive_;
};

/// An expat parser that refuses document types (entity expansion) and
/// calls virtual handlers with names without their namespace prefix.
class XmlPart {
public:
    explicit XmlPart(std::string part)
        : part_(std::move(part)), parser_(XML_ParserCreate("UTF-8")) {
        if (!parser_) throw std::bad_alloc();
        XML_SetUserData(parser_, this);
        XML_SetElementHandler(
            parser_,
            [](void* self, const char* name, const char** attributes) {
                static_cast<XmlPart*>(self)->start(local_name(name), attributes);
            },
            [](void* self, const char* name) {
                static_cast<XmlPart*>(self)->end(local_name(name));
            });
        XML_SetCharacterDataHandler(parser_, [](void* self, const char* text, int length) {
            static_cast<XmlPart*>(self)->text(std::string_view(text, std::size_t(length)));
        });
        XML_SetStartDoctypeDeclHandler(parser_,
                                       [](void* self, const char*, const char*, const char*, int) {
                                           auto* me = static_cast<XmlPart*>(self);
                                           me->doctype_ = true;
                                           XML_StopParser(me->parser_, XML_FALSE);
                                       });
        XML_SetEntityDeclHandler(parser_, [](void* self, const char*, int, const char*, int,
                                             const char*, const char*, const char*, const char*) {
            auto* me = static_cast<XmlPart*>(self);
            me->doctype_ = true;
            XML_StopParser(me->parser_, XML_FALSE);
        });
    }
    virtual ~XmlPart() { XML_ParserFree(parser_); }
    XmlPart(const XmlPart&) = delete;
    XmlPart& operator=(const XmlPart&) = delete;

    void feed(const char* data, std::size_t size, bool last) {
        if (XML_Parse(parser_, data, int(size), last ? XML_TRUE : XML_FALSE) == XML_STATUS_OK)
            return;
        if (doctype_)
            refuse("the workbook's part '" + part_ +
                   "' declares a document type (<!DOCTYPE>); workbooks have none, and the entity "
                   "expansion it allows is refused");
        if (stopped_) refuse(stop_reason_);
        refuse("the workbook is corrupt: its part '" + part_ + "' is not well-formed XML (line " +
               std::to_string(XML_GetCurrentLineNumber(parser_)) + ": " +
               XML_ErrorString(XML_GetErrorCode(parser_)) + ")");
    }

    /// Parses the whole entry `part_` of `zip`; false if it has none.
    bool parse_all(ZipArchive& zip) {
        const bool found = zip.read(part_, [&](const char* data, std::size_t size) {
            feed(data, size, size == 0);
            return true;
        });
        return found;
    }

protected:
    virtual void start(std::string_view name, const char** attributes) = 0;
    virtual void end(std::string_view) {}
    virtual void text(std::string_view) {}
    /// Stops parsing; feed() then throws ImportError with `reason`.
    void stop(std::string reason) {
        stopped_ = true;
        stop_reason_ = std::move(reason);
        XML_StopParser(parser_, XML_FALSE);
    }

    std::string part_;
    XML_Parser parser_;

private:
    bool doctype_ = false;
    bool stopped_ = false;
    std::string stop_reason_;
};

/// Relationship id -> target, and targets by type, of a .rels part.
class RelsPart : public XmlPart {
public:
    RelsPart(std::string part, std::string base)
        : XmlPart(std::move(part)), base_(std::move(base)) {}
    std::map<std::string, std::string> targets; ///< by Id
    std::map<std::string, std::string> by_type; ///< last word of Type -> target
private:
    void start(std::string_view name, const char** a) override {
        if (name != "Relationship") return;
        const char* id = attribute(a, "Id");
        const char* target = attribute(a, "Target");
        const char* type = attribute(a, "Type");
        if (!target) return;
        std::string path = target[0] == '/' ? std::string(target + 1) : base_ + target;
        if (id) targets[id] = path;
        if (type) {
            std::string_view t(type);
            by_type[std::string(t.substr(t.rfind('/') + 1))] = path;
        }
    }
    std::string base_;
};

class WorkbookPart : public XmlPart {
public:
    using XmlPart::XmlPart;
    struct Sheet {
        std::string name, relationship;
    };
    std::vector<Sheet> sheets;
    bool date1904 = false;

private:
    void start(std::string_view name, const char** a) override {
        if (name == "sheet") {
            const char* n = attribute(a, "name");
            const char* id = attribute(a, "id");
            sheets.push_back(Sheet{n ? n : "", id ? id : ""});
        } else if (name == "workbookPr") {
            const char* d = attribute(a, "date1904");
            date1904 = d && (std::strcmp(d, "1") == 0 || std::strcmp(d, "true") == 0);
        }
    }
};

class StylesPart : public XmlPart {
public:
    using XmlPart::XmlPart;
    std::vector<NumberStyle> cell_styles; ///< by the s attribute of a cell

private:
    void start(std::string_view name, const char** a) override {
        if (name == "numFmt") {
            const char* id = attribute(a, "numFmtId");
            const char* code = attribute(a, "formatCode");
            if (id && code) codes_[std::atoi(id)] = style_of_code(code);
        } else if (name == "cellXfs") {
            in_cell_xfs_ = true;
        } else if (name == "xf" && in_cell_xfs_) {
            const char* id = attribute(a, "numFmtId");
            const int n = id ? std::atoi(id) : 0;
            const auto custom = codes_.find(n);
            cell_styles.push_back(custom != codes_.end() ? custom->second : builtin_style(n));
        }
    }
    void end(std::string_view name) override {
        if (name == "cellXfs") in_cell_xfs_ = false;
    }
    std::map<int, NumberStyle> codes_;
    bool in_cell_xfs_ = false;
};

class SharedStringsPart : public XmlPart {
public:
    using XmlPart::XmlPart;
    std::vector<std::string> strings;

private:
    void start(std::string_view name, const char**) override {
        if (name == "si") {
            strings.emplace_back();
            in_si_ = true;
        } else if (name == "rPh") {
            in_phonetic_ = true;
        } else if (name == "t" && in_si_ && !in_phonetic_) {
            in_text_ = true;
        }
    }
    void end(std::string_view name) override {
        if (name == "si") in_si_ = false;
        if (name == "rPh") in_phonetic_ = false;
        if (name == "t") in_text_ = false;
    }
    void text(std::string_view t) override {
        if (!in_text_) return;
        if (strings.back().size() + t.size() > limits::long_text_bytes)
            stop("the workbook's shared string " + std::to_string(strings.size()) +
                 " is longer than " + std::to_string(limits::long_text_bytes) + " bytes");
        else
            strings.back() += t;
    }
    bool in_si_ = false, in_phonetic_ = false, in_text_ = false;
};

/// 0-based column of a cell reference ("C12" -> 2); -1 if it has none.
int column_of(const char* reference) {
    long column = 0;
    const char* p = reference;
    for (; *p >= 'A' && *p <= 'Z'; ++p) {
        column = column * 26 + (*p - 'A' + 1);
        if (column > 16384) return -2;
    }
    return p == reference ? -1 : int(column - 1);
}

/// The rows of a sheet part, parsed as they are read.
class SheetPart final : public XmlPart, public WorkbookReader {
public:
    SheetPart(std::string bytes, std::string part, std::string sheet)
        : XmlPart(part), bytes_(std::move(bytes)), zip_(bytes_), sheet_(std::move(sheet)) {}

    /// Finds the workbook part (the package's officeDocument) and loads it.
    void load_from_package() {
        RelsPart package("_rels/.rels", "");
        package.parse_all(zip_);
        const auto office = package.by_type.find("officeDocument");
        load(office != package.by_type.end() ? office->second : "xl/workbook.xml");
    }

    void load(const std::string& workbook_part) {
        const auto slash = workbook_part.rfind('/');
        const std::string dir =
            slash == std::string::npos ? "" : workbook_part.substr(0, slash + 1);
        const std::string file = workbook_part.substr(dir.size());
        WorkbookPart workbook(workbook_part);
        if (!workbook.parse_all(zip_))
            refuse("the workbook is corrupt: it has no part '" + workbook_part + "'");
        RelsPart rels(dir + "_rels/" + file + ".rels", dir);
        rels.parse_all(zip_);
        date1904_ = workbook.date1904;
        if (workbook.sheets.empty()) refuse("the workbook has no sheet");
        const WorkbookPart::Sheet* chosen = nullptr;
        std::string names;
        for (const auto& s : workbook.sheets) {
            names += (names.empty() ? "'" : ", '") + s.name + "'";
            if (!chosen && (sheet_.empty() || s.name == sheet_)) chosen = &s;
        }
        if (!chosen)
            refuse("the workbook has no sheet named '" + sheet_ + "' (its sheets: " + names + ")");
        sheet_ = chosen->name;
        const auto target = rels.targets.find(chosen->relationship);
        if (target == rels.targets.end())
            refuse("the workbook is corrupt: sheet '" + sheet_ + "' has no part");
        part_ = target->second;
        if (auto s = rels.by_type.find("styles"); s != rels.by_type.end()) {
            StylesPart styles(s->second);
            styles.parse_all(zip_);
            styles_ = std::move(styles.cell_styles);
        }
        if (auto s = rels.by_type.find("sharedStrings"); s != rels.by_type.end()) {
            SharedStringsPart strings(s->second);
            strings.parse_all(zip_);
            strings_ = std::move(strings.strings);
        }
        file_ = zip_.open(part_);
    }
    ~SheetPart() override {
        if (file_) zip_fclose(file_);
    }

    bool next(CsvRecord& row) override {
        while (rows_.empty()) {
            if (done_) return false;
            const zip_int64_t n = zip_fread(file_, buffer_.data(), buffer_.size());
            if (n < 0)
                refuse("the workbook is corrupt: its part '" + part_ + "' cannot be read (" +
                       zip_error_strerror(zip_file_get_error(file_)) + ")");
            read_ += n;
            if (std::uint64_t(read_) > limits::workbook_entry_bytes)
                refuse("the workbook's part '" + part_ + "' is longer than the limit " +
                       "(workbook_entry_bytes) of " + std::to_string(limits::workbook_entry_bytes) +
                       " bytes");
            done_ = n == 0;
            feed(buffer_.data(), std::size_t(n), done_);
        }
        Pending pending = std::move(rows_.front());
        rows_.pop_front();
        row = std::move(pending.row);
        if (pending.problem) throw ImportError(std::move(*pending.problem));
        return true;
    }
    std::string format() const override { return "xlsx"; }
    const std::string& sheet() const override { return sheet_; }
    std::int64_t bytes_read() const override { return read_; }

private:
    void start(std::string_view name, const char** a) override {
        if (name == "row") {
            const char* r = attribute(a, "r");
            row_number_ = r ? std::atoll(r) : row_number_ + 1;
            if (row_number_ < 1 || row_number_ <= last_row_) row_number_ = last_row_ + 1;
            check_row(row_number_);
            current_ = Pending{};
            current_.row.line = row_number_;
            next_column_ = 0;
        } else if (name == "c") {
            const char* r = attribute(a, "r");
            int column = r ? column_of(r) : -1;
            if (column == -2) {
                problem(next_column_ + 1, "the cell reference '" + std::string(r) +
                                              "' is past the last column (XFD)");
                column = -1;
            }
            cell_column_ = column >= 0 ? column : next_column_;
            next_column_ = cell_column_ + 1;
            const char* t = attribute(a, "t");
            cell_type_ = t ? t : "n";
            const char* s = attribute(a, "s");
            cell_style_ = s ? std::atoi(s) : 0;
            value_.clear();
        } else if (name == "v") {
            in_value_ = true;
        } else if (name == "is") {
            in_inline_ = true;
        } else if (name == "rPh") {
            in_phonetic_ = true;
        } else if (name == "t" && in_inline_ && !in_phonetic_) {
            in_value_ = true;
        } else if (name == "dimension") {
            // "A1:K1048576": the rows the sheet says it has, before any is read.
            if (const char* ref = attribute(a, "ref")) {
                std::string_view last(ref);
                last =
                    last.substr(last.find(':') == std::string_view::npos ? 0 : last.find(':') + 1);
                while (!last.empty() && last.front() >= 'A' && last.front() <= 'Z')
                    last.remove_prefix(1);
                const long long rows = std::atoll(std::string(last).c_str());
                if (rows > 0) check_row(rows);
            }
        }
    }
    void end(std::string_view name) override {
        if (name == "v" || name == "t") {
            in_value_ = false;
        } else if (name == "is") {
            in_inline_ = false;
        } else if (name == "rPh") {
            in_phonetic_ = false;
        } else if (name == "c") {
            std::string shown = cell_text();
            if (!shown.empty()) {
                auto& cells = current_.row.cells;
                if (cells.size() <= std::size_t(cell_column_))
                    cells.resize(std::size_t(cell_column_) + 1);
                cells[std::size_t(cell_column_)] = std::move(shown);
            }
        } else if (name == "row") {
            last_row_ = row_number_;
            if (!current_.row.cells.empty() || current_.problem)
                rows_.push_back(std::move(current_));
            current_ = Pending{};
        }
    }
    void text(std::string_view t) override {
        if (!in_value_) return;
        if (value_.size() + t.size() > limits::long_text_bytes) {
            problem(cell_column_ + 1, "the cell is longer than " +
                                          std::to_string(limits::long_text_bytes) + " bytes");
            return;
        }
        value_ += t;
    }

    void check_row(long long row) {
        // The header is a row of its own.
        if (row > std::int64_t(limits::workbook_rows) + 1)
            stop("the sheet '" + sheet_ + "' has " + std::to_string(row) +
                 " rows; the limit (workbook_rows) is " + std::to_string(limits::workbook_rows) +
                 " rows and a header; split it into several workbooks");
    }

    void problem(int column, std::string reason) {
        if (!current_.problem)
            current_.problem = ImportIssue{row_number_, column, "", std::move(reason)};
    }

    std::string cell_text() {
        if (cell_type_ == "s") {
            if (value_.empty()) return {};
            const long index = std::atol(value_.c_str());
            if (index < 0 || std::size_t(index) >= strings_.size()) {
                problem(cell_column_ + 1, "the cell refers to shared string " + value_ +
                                              ", which the workbook does not have");
                return {};
            }
            return strings_[std::size_t(index)];
        }
        if (cell_type_ == "inlineStr" || cell_type_ == "str" || cell_type_ == "e" ||
            cell_type_ == "d")
            return std::move(value_);
        if (cell_type_ == "b") return value_.empty() ? "" : value_ == "0" ? "FALSE" : "TRUE";
        if (value_.empty()) return {};
        char* end = nullptr;
        const double number = std::strtod(value_.c_str(), &end);
        if (end == value_.c_str() || *end != 0) return std::move(value_);
        const NumberStyle style = cell_style_ >= 0 && std::size_t(cell_style_) < styles_.size()
                                      ? styles_[std::size_t(cell_style_)]
                                      : NumberStyle{};
        return shown_number(number, style, date1904_);
    }

    struct Pending {
        CsvRecord row;
        std::optional<ImportIssue> problem;
    };

    std::string bytes_;
    ZipArchive zip_;
    std::string sheet_;
    zip_file_t* file_ = nullptr;
    std::vector<char> buffer_ = std::vector<char>(64 * 1024);
    std::int64_t read_ = 0;
    bool done_ = false;
    bool date1904_ = false;
    std::vector<NumberStyle> styles_;
    std::vector<std::string> strings_;
    std::deque<Pending> rows_;
    Pending current_;
    std::int64_t row_number_ = 0, last_row_ = 0;
    int next_column_ = 0, cell_column_ = 0, cell_style_ = 0;
    std::string cell_type_, value_;
    bool in_value_ = false, in_inline_ = false, in_phonetic_ = false;
};

/// An .xls workbook through FreeXL (which reads a file by its path).
class XlsReader final : public WorkbookReader {
public:
    XlsReader(const std::string& bytes, const std::string& sheet) {
        char path[] = "/tmp/leadbook-xls-XXXXXX";
        const int fd = mkstemp(path);
        if (fd < 0) fail(ErrorCode::storage, "cannot create a temporary file to read the workbook");
        const char* p = bytes.data();
        std::size_t left = bytes.size();
        while (left > 0) {
            const ssize_t n = ::write(fd, p, left);
            if (n <= 0) {
                ::close(fd);
                ::unlink(path);
                fail(ErrorCode::storage, "cannot write a temporary file to read the workbook");
            }
            p += n;
            left -= std::size_t(n);
        }
        ::close(fd);
        const void* handle = nullptr;
        const int opened = freexl_open(path, &handle);
        ::unlink(path);
        if (opened != FREEXL_OK) {
            if (handle) freexl_close(handle);
            refuse("the workbook is corrupt (FreeXL error " + std::to_string(opened) + ")");
        }
        handle_.reset(handle);
        unsigned int info = 0;
        if (freexl_get_info(handle_.get(), FREEXL_BIFF_PASSWORD, &info) == FREEXL_OK &&
            info == FREEXL_BIFF_OBFUSCATED)
            refuse("the workbook is password-protected; save it without a password and import "
                   "it again");
        unsigned int count = 0;
        freexl_get_info(handle_.get(), FREEXL_BIFF_SHEET_COUNT, &count);
        std::string names;
        int chosen = -1;
        for (unsigned int i = 0; i < count && i < 65535; ++i) {
            const char* name = nullptr;
            if (freexl_get_worksheet_name(handle_.get(), (unsigned short)i, &name) != FREEXL_OK ||
                !name)
                name = "";
            names += (names.empty() ? "'" : ", '") + std::string(name) + "'";
            if (chosen < 0 && (sheet.empty() || sheet == name)) {
                chosen = int(i);
                sheet_ = name;
            }
        }
        if (count == 0) refuse("the workbook has no sheet");
        if (chosen < 0)
            refuse("the workbook has no sheet named '" + sheet + "' (its sheets: " + names + ")");
        if (freexl_select_active_worksheet(handle_.get(), (unsigned short)chosen) != FREEXL_OK ||
            freexl_worksheet_dimensions(handle_.get(), &rows_, &columns_) != FREEXL_OK)
            refuse("the workbook is corrupt: sheet '" + sheet_ + "' cannot be read");
        if (rows_ > limits::workbook_rows + 1)
            refuse("the sheet '" + sheet_ + "' has " + std::to_string(rows_) +
                   " rows; the limit (workbook_rows) is " + std::to_string(limits::workbook_rows) +
                   " rows and a header; split it into several workbooks");
    }

    bool next(CsvRecord& row) override {
        while (row_ < rows_) {
            const unsigned int r = row_++;
            row.line = std::int64_t(r) + 1;
            row.cells.clear();
            for (unsigned short c = 0; c < columns_; ++c) {
                FreeXL_CellValue value;
                std::string text;
                if (freexl_get_cell_value(handle_.get(), r, c, &value) == FREEXL_OK) {
                    switch (value.type) {
                    case FREEXL_CELL_INT: text = std::to_string(value.value.int_value); break;
                    case FREEXL_CELL_DOUBLE: text = general_number(value.value.double_value); break;
                    case FREEXL_CELL_TEXT:
                    case FREEXL_CELL_SST_TEXT:
                    case FREEXL_CELL_DATE:
                    case FREEXL_CELL_DATETIME:
                    case FREEXL_CELL_TIME:
                        if (value.value.text_value) text = value.value.text_value;
                        break;
                    default: break;
                    }
                }
                if (!text.empty()) {
                    row.cells.resize(std::size_t(c) + 1);
                    row.cells[c] = std::move(text);
                }
            }
            bytes_ += std::int64_t(columns_) * 16;
            if (!row.cells.empty()) return true;
        }
        return false;
    }
    std::string format() const override { return "xls"; }
    const std::string& sheet() const override { return sheet_; }
    std::int64_t bytes_read() const override { return bytes_; }

private:
    struct Close {
        void operator()(const void* handle) const { freexl_close(handle); }
    };
    std::unique_ptr<const void, Close> handle_;
    std::string sheet_;
    unsigned int rows_ = 0, row_ = 0;
    unsigned short columns_ = 0;
    std::int64_t bytes_ = 0;
};

bool starts_with(const std::string& bytes, std::string_view magic) {
    return bytes.size() >= magic.size() &&
           std::memcmp(bytes.data(), magic.data(), magic.size()) == 0;
}

bool contains_utf16(const std::string& bytes, std::string_view ascii) {
    std::string wide;
    for (char c : ascii) {
        wide += c;
        wide += '\0';
    }
    return bytes.find(wide) != std::string::npos;
}

} // namespace

std::string workbook_date(double serial, bool date1904, bool with_date, bool with_time) {
    auto days = std::int64_t(std::floor(serial));
    auto seconds = std::int64_t(std::llround((serial - double(days)) * 86400.0));
    if (seconds >= 86400) {
        ++days;
        seconds -= 86400;
    }
    // Days since 1970-01-01. The 1900 system counts a 29 February 1900
    // that never was (serial 60): serials before it start a day later.
    std::int64_t z = date1904 ? days - 24107 : days - 25569;
    if (!date1904 && days < 61) ++z;
    // civil_from_days (H. Hinnant)
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = unsigned(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y0 = std::int64_t(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = y0 + (m <= 2 ? 1 : 0);
    char buffer[64];
    std::string out;
    if (with_date || !with_time) {
        std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
        out = buffer;
    }
    if (with_time) {
        std::snprintf(buffer, sizeof buffer, "%s%02lld:%02lld:%02lld", out.empty() ? "" : " ",
                      static_cast<long long>(seconds / 3600),
                      static_cast<long long>(seconds / 60 % 60),
                      static_cast<long long>(seconds % 60));
        out += buffer;
    }
    return out;
}

std::unique_ptr<WorkbookReader> open_workbook(std::string bytes, const std::string& sheet) {
    if (starts_with(bytes, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) {
        // An OLE container: an .xls, or an .xlsx encrypted with a password.
        if (contains_utf16(bytes, "EncryptedPackage") || contains_utf16(bytes, "EncryptionInfo"))
            refuse("the workbook is password-protected (encrypted); save it without a password "
                   "and import it again");
        return std::make_unique<XlsReader>(bytes, sheet);
    }
    if (!starts_with(bytes, "PK"))
        refuse("the file is not an Excel workbook (.xlsx or .xls): it does not start as one");
    auto reader = std::make_unique<SheetPart>(std::move(bytes), "", sheet);
    reader->load_from_package();
    return reader;
}

} // namespace leadbook::formats
