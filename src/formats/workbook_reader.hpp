// workbook_reader.hpp: the rows of one sheet of an Excel workbook, as text.
//
//   auto sheet = formats::open_workbook(bytes, "Leads"); // "" : the first sheet
//   formats::CsvRecord row;
//   while (sheet->next(row)) use(row.line, row.cells);   // line: the sheet's row number
//
// .xlsx (Office Open XML: a zip of XML parts, read with libzip and expat)
// and .xls (BIFF in an OLE container, read with FreeXL) are told apart by
// their first bytes, not by a name. Cells come out as the sheet shows
// them: shared and inline strings as written, numbers in the cell's number
// format (general: up to 15 significant digits, no binary noise; fixed
// decimals, thousands separators, percent), dates stored as serial numbers
// (1900 or 1904 date system) as ISO 8601 text ("2026-11-27",
// "2026-11-27 09:30:00", "09:30:00"), booleans as TRUE / FALSE. Rows come
// out in sheet order; rows with no cell are not rows.
//
// Limits, checked before anything is read (limits.hpp): the uncompressed
// size each zip entry claims (limits::workbook_entry_bytes; and reading
// stops there should an entry hold more than it claims), the rows a sheet
// declares (limits::workbook_rows; rows read past it are refused too). XML
// with a document type declaration (where entity expansion comes from) is
// refused. A password-protected workbook (an encrypted OLE container, or
// an .xls with a password) is refused as such; so is a corrupt one. Each
// refusal is an ImportError (line 0 unless about a row), nothing read.
#pragma once

#include "csv_reader.hpp"

#include <cstdint>
#include <memory>
#include <string>

namespace leadbook::formats {

/// A workbook, or a sheet, that cannot be read at all (as opposed to an
/// ImportError about one row, after which reading goes on).
class WorkbookError : public ImportError {
public:
    using ImportError::ImportError;
};

class WorkbookReader {
public:
    virtual ~WorkbookReader() = default;
    /// The next row with a cell; false at the end. Throws ImportError about
    /// one row (reading may go on), WorkbookError when the sheet cannot be
    /// read further. cells[i] is column i+1
    /// (A, B, ...); the row has as many cells as its last column with one.
    virtual bool next(CsvRecord& row) = 0;
    /// "xlsx" or "xls".
    virtual std::string format() const = 0;
    /// The sheet read.
    virtual const std::string& sheet() const = 0;
    /// Bytes of the sheet read so far (uncompressed), for progress.
    virtual std::int64_t bytes_read() const = 0;
};

/// Opens the sheet named `sheet` (the first when empty) of the workbook
/// whose bytes are `bytes`. ImportError when it cannot be read (see above).
std::unique_ptr<WorkbookReader> open_workbook(std::string bytes, const std::string& sheet = {});

/// `serial` (a spreadsheet date: days since 1899-12-30, or since 1904-01-01
/// when `date1904`) as "YYYY-MM-DD", with " HH:MM:SS" when `with_time`.
std::string workbook_date(double serial, bool date1904, bool with_date, bool with_time);

} // namespace leadbook::formats
