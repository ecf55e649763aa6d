"""Leads in and out of files: ``book.leads.import_csv``, ``import_vcard``,
``export_csv``, ``export_jsonl``, ``export_vcard`` and ``from_email``."""

from __future__ import annotations

import ctypes
import json
import os
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from . import _native
from ._collections import _is_condition, _query
from ._errors import Cancelled, ImportFailed, InvalidArgument
from ._handle import as_id
from ._native import lib
from ._records import Record, dumps, record_from_json

if TYPE_CHECKING:
    from ._book import Book

__all__ = ["ImportExport"]

_DUPLICATE_ACTIONS = ("add", "skip", "update")


def _encoded_path(path: str | os.PathLike[str]) -> bytes:
    """A path-like as the bytes the C library opens."""
    encoded = os.fsencode(os.fspath(path))
    if b"\0" in encoded:
        raise InvalidArgument(f"path {os.fsdecode(encoded)!r} contains a NUL character")
    return encoded


def _source(source: Any) -> tuple[str, bytes]:
    """("buffer", bytes) for bytes-like input, ("file", encoded path) for a
    path."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return "buffer", bytes(source)
    if isinstance(source, str) or hasattr(source, "__fspath__"):
        return "file", _encoded_path(source)
    raise TypeError(f"read from a path or bytes, not {type(source).__name__}")


def _import_options(preset: str | None, mapping: Mapping[str, str] | None, duplicates: str,
                    match_on: Iterable[str], dry_run: bool, skip_bad_rows: bool,
                    more: dict[str, Any]) -> bytes:
    if duplicates not in _DUPLICATE_ACTIONS:
        raise ValueError(f"duplicates must be one of {', '.join(_DUPLICATE_ACTIONS)}, "
                         f"not {duplicates!r}")
    if isinstance(match_on, str):
        match_on = [match_on]
    options = {
        "duplicates": duplicates,
        "match_on": list(match_on),
        "dry_run": bool(dry_run),
        "skip_bad_rows": bool(skip_bad_rows),
        **more,
    }
    if preset is not None:
        options["preset"] = preset
    if mapping:
        options["mapping"] = {header: ("" if target is None else target)
                              for header, target in dict(mapping).items()}
    return dumps(options)


class _Progress:
    """The C callback of an import, calling ``on_progress`` with the counts
    and remembering an exception it raised, so that it can be raised again
    once the library has rolled back."""

    def __init__(self, handle: Any, on_progress: Callable[[Record], object] | None) -> None:
        self.handle = handle
        self.on_progress = on_progress
        self.error: BaseException | None = None
        self.function = (_native.PROGRESS_FN(self._call) if on_progress
                         else _native.PROGRESS_FN())  # type: ignore[call-overload]

    def _call(self, progress_json: bytes, user_data: Any) -> int:
        # Nothing may unwind through the library: any exception cancels.
        try:
            counts = Record._from_json(json.loads(progress_json), "ImportProgress")
            self.handle.notifying_thread = threading.get_ident()
            self.handle.notifying_what = "on_progress"
            try:
                go_on = self.on_progress(counts) if self.on_progress else None
            finally:
                self.handle.notifying_thread = None
        except BaseException as error:  # noqa: B036 (KeyboardInterrupt too)
            self.error = error
            return 1
        return 1 if go_on is False else 0


class ImportExport:
    """The import and export operations of ``book.leads`` (a mixin of
    :class:`LeadCollection`)."""

    if TYPE_CHECKING:
        # What the mixin uses of the Collection it is mixed into.
        _book: Book

        def _record_call(self, function: Any, *args: Any,
                         kind: type[Record] | str | None = None, optional: bool = False) -> Any:
            ...

    def _import(self, file_function: Any, buffer_function: Any, source: Any, options: bytes,
                on_progress: Callable[[Record], object] | None) -> Record:
        if on_progress is not None and not callable(on_progress):
            raise TypeError(f"on_progress must be callable, not {type(on_progress).__name__}")
        kind, data = _source(source)
        progress = _Progress(self._book._handle, on_progress)
        out = ctypes.c_void_p()
        try:
            if kind == "file":
                self._book._call(file_function, data, options, progress.function, None,
                                 ctypes.byref(out))
            else:
                self._book._call(buffer_function, data, len(data), options, progress.function,
                                 None, ctypes.byref(out))
        except Cancelled:
            if progress.error is not None:
                raise progress.error from None
            raise
        finally:
            text = _native.take_string(out)
        report = record_from_json(text or "{}", "ImportReport")
        if not report.committed and not report.dry_run:
            # The library words each issue ("line 3, column 2 (Email): ...").
            first = report.errors[0].message if report.errors else "a bad row"
            raise ImportFailed(f"nothing was imported: {first}", "validation", report)
        return report

    def import_csv(self, path: str | os.PathLike[str] | bytes, preset: str | None = "auto",
                   mapping: Mapping[str, str] | None = None, duplicates: str = "skip",
                   match_on: Iterable[str] = ("email",), dry_run: bool = False,
                   skip_bad_rows: bool = False,
                   on_progress: Callable[[Record], object] | None = None,
                   *, encoding: str = "auto", delimiter: str = "auto",
                   unmapped_to_custom: bool = False) -> Record:
        """Imports leads from a CSV file (``path``, or the file's bytes) in one
        transaction, and returns the report::

            report = book.leads.import_csv("contacts.csv", duplicates="update")
            print(report.read, report.added, report.updated, report.skipped)
            for error in report.errors:
                print(error.line, error.column, error.reason)

        Files from Outlook, Google Contacts, Thunderbird, Yahoo! and Excel
        are recognised ("," ";" or tab). ``encoding`` is "auto" (UTF-8,
        UTF-16, or else a guess from the bytes) or any name iconv knows
        ("windows-1250", "shift_jis", "cp932", "gb18030", "big5",
        "koi8-r", ...); ``report.encoding`` says which was read and
        ``report.encoding_confidence`` how sure that is ("certain", "high",
        or "low", when ``report.warnings`` says why). Columns with values
        that nothing imports are in ``report.warnings`` too, with how many
        rows have one. ``preset`` is "auto", "outlook", "windows", "google",
        "thunderbird", "yahoo" or "generic" (columns named like the fields: "full_name",
        "emails.work", "phones.mobile", "addresses.home.city",
        "custom.Region"). ``mapping`` maps header texts to such targets (or
        to "first_name", "last_name", and None or "" to ignore a column),
        over the preset. A row that matches a stored lead on ``match_on``
        ("email", or text fields that must all be equal) is a duplicate:
        ``duplicates`` "skip" leaves it, "update" fills the stored lead from
        it, "add" imports it anyway. ``dry_run`` checks everything and
        stores nothing.

        A bad row stops the import and nothing is stored
        (:class:`ImportFailed`, a :class:`ValidationError`, whose ``report``
        lists the problems), unless ``skip_bad_rows``: then the other rows
        are imported and the bad ones are in ``report.errors`` (each with
        ``line``, ``column``, ``column_name``, ``reason`` and ``message``, the
        whole text: "line 3, column 2 (Email): ..."). A file nothing
        can be imported from (empty, header only, an unknown mapping target)
        is :class:`ValidationError`; a missing file :class:`NotFound`.

        ``on_progress(progress)`` is called every 1,000 rows and once at the
        end with ``read``, ``added``, ``updated``, ``skipped``, ``errors``
        and ``bytes_read``; returning False cancels the import
        (:class:`Cancelled`), and so does raising, after which the exception
        it raised propagates. Either way nothing is stored. It must not use
        the book.
        """
        options = _import_options(preset, mapping, duplicates, match_on, dry_run, skip_bad_rows,
                                  {"encoding": encoding, "delimiter": delimiter,
                                   "unmapped_to_custom": bool(unmapped_to_custom)})
        return self._import(lib.leadbook_import_csv_file, lib.leadbook_import_csv_buffer,
                            path, options, on_progress)

    def import_vcard(self, path: str | os.PathLike[str] | bytes, duplicates: str = "skip",
                     match_on: Iterable[str] = ("email",), dry_run: bool = False,
                     skip_bad_rows: bool = False,
                     on_progress: Callable[[Record], object] | None = None) -> Record:
        """Imports the cards of a vCard file (2.1, 3.0 or 4.0; ``path`` or
        the file's bytes) as leads, with the options and the report of
        :meth:`import_csv`."""
        options = _import_options(None, None, duplicates, match_on, dry_run, skip_bad_rows, {})
        return self._import(lib.leadbook_import_vcard_file, lib.leadbook_import_vcard_buffer,
                            path, options, on_progress)

    def import_workbook(self, path: str | os.PathLike[str] | bytes, sheet: str | None = None,
                        preset: str | None = "auto", mapping: Mapping[str, str] | None = None,
                        duplicates: str = "skip", match_on: Iterable[str] = ("email",),
                        dry_run: bool = False, skip_bad_rows: bool = False,
                        on_progress: Callable[[Record], object] | None = None,
                        *, unmapped_to_custom: bool = False) -> Record:
        """Imports leads from a sheet of an Excel workbook (.xlsx or .xls;
        ``path`` or the file's bytes), the first unless ``sheet`` names
        one, with the options and the report of :meth:`import_csv` (but no
        encoding or delimiter)::

            report = book.leads.import_workbook("contacts.xlsx", sheet="Leads")
            print(report.format, report.sheet, report.added)

        The first row with a cell is the header. Cells are read as the
        sheet shows them: numbers in their number format, dates stored as
        serial numbers as "2026-11-27" (or "2026-11-27 09:30:00"). A corrupt
        or password-protected workbook, a sheet it does not have, or one over
        the limits (a part larger than 512 MiB uncompressed, a sheet of more
        than 1,000,000 rows) is :class:`ValidationError`, and nothing is
        stored."""
        extra: dict[str, Any] = {"unmapped_to_custom": bool(unmapped_to_custom)}
        if sheet is not None:
            extra["sheet"] = sheet
        options = _import_options(preset, mapping, duplicates, match_on, dry_run, skip_bad_rows,
                                  extra)
        return self._import(lib.leadbook_import_workbook_file,
                            lib.leadbook_import_workbook_buffer, path, options, on_progress)

    def _export(self, format: int, path: str | os.PathLike[str], where: Any,
                ids: Iterable[int] | None, order_by: Any, options: dict[str, Any] | None) -> int:
        encoded = _encoded_path(path)
        conditions = []
        if ids is not None:
            conditions.append(("id", "in", [as_id(i) for i in ids]))
        if where is not None:
            # One condition on its own, or a list of them, as find takes.
            conditions.extend([where] if _is_condition(where) else where)
        query = _query(conditions or None, order_by, None, None, {})
        count = ctypes.c_int64()
        self._book._call(lib.leadbook_export_file, format, encoded, query,
                         dumps(options) if options else None, ctypes.byref(count))
        return count.value

    def export_csv(self, path: str | os.PathLike[str], where: Any = None, *,
                   ids: Iterable[int] | None = None, order_by: str | Iterable[str] | None = None,
                   byte_order_mark: bool = True, delimiter: str = ",") -> int:
        """Writes leads to the CSV file ``path`` (replaced) with Outlook's
        contact columns, and returns how many were written::

            book.leads.export_csv("hot.csv", where=[("rating", "eq", "hot")])
            book.leads.export_csv("two.csv", ids=[4, 7])

        Every lead by default; ``where`` takes conditions as
        :meth:`~Collection.find` does, ``ids`` a list of lead ids. A UTF-8
        byte order mark comes first unless ``byte_order_mark`` is False, so
        that Excel reads accents right; ``delimiter`` is ",", ";" or "\\t".
        Cells a spreadsheet would run as formulas get a leading apostrophe
        (import_csv removes it again)."""
        return self._export(_native.FORMAT_CSV, path, where, ids, order_by,
                            {"byte_order_mark": bool(byte_order_mark), "delimiter": delimiter})

    def export_jsonl(self, path: str | os.PathLike[str], where: Any = None, *,
                     ids: Iterable[int] | None = None,
                     order_by: str | Iterable[str] | None = None) -> int:
        """Writes leads to ``path`` as JSON lines (one lead per line, every
        field); selection as for :meth:`export_csv`. Returns the count."""
        return self._export(_native.FORMAT_JSONL, path, where, ids, order_by, None)

    def export_vcard(self, path: str | os.PathLike[str], where: Any = None, *,
                     ids: Iterable[int] | None = None,
                     order_by: str | Iterable[str] | None = None) -> int:
        """Writes leads to ``path`` as vCard 4.0, one card per lead;
        selection as for :meth:`export_csv`. Returns the count."""
        return self._export(_native.FORMAT_VCARD, path, where, ids, order_by, None)

    def export_xlsx(self, path: str | os.PathLike[str], where: Any = None, *,
                    ids: Iterable[int] | None = None,
                    order_by: str | Iterable[str] | None = None) -> int:
        """Writes leads to the Excel workbook ``path`` (replaced): one sheet,
        "Leads", with the columns of :meth:`export_csv`, every cell text.
        Selection as for :meth:`export_csv`. Returns the count."""
        return self._export(_native.FORMAT_XLSX, path, where, ids, order_by, None)

    def from_email(self, path_or_bytes: str | os.PathLike[str] | bytes) -> Record:
        """Captures a lead from an e-mail message: ``path_or_bytes`` is the
        path of an .eml file or the message's bytes. Returns a Record with
        ``lead`` (the lead or business contact whose addresses include the
        From address, or a new lead made from it), ``record_kind`` ("lead"
        or "business_contact"), ``created``, ``history_id`` (the e-mail
        history item recording the message, one per message id) and
        ``message`` (``subject``, ``from_name``, ``from_address``, ``to``,
        ``date``, ``message_id``). A message without one usable From
        address is :class:`ValidationError`, and nothing changes."""
        kind, data = _source(path_or_bytes)
        result: Record
        if kind == "file":
            result = self._record_call(lib.leadbook_lead_from_email_file, data,
                                       kind="LeadFromEmail")
        else:
            result = self._record_call(lib.leadbook_lead_from_email_buffer, data, len(data),
                                       kind="LeadFromEmail")
        return result
