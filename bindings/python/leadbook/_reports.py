"""Reports (``book.reports``): running built-in, saved and ad hoc reports,
reading their groups and rows, writing them as CSV, JSON or HTML, and
keeping report definitions by name."""

from __future__ import annotations

import ctypes
import dataclasses
import json
import os
import weakref
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from . import _native
from ._errors import InvalidArgument, ValidationError
from ._handle import Closable
from ._native import lib
from ._records import Record, dumps, record_from_json

if TYPE_CHECKING:
    from ._book import Book

__all__ = ["ReportCollection", "Report", "ReportGroup"]

_FORMATS = ("csv", "json", "html")


def _text_argument(value: Any, what: str) -> bytes:
    """A str argument as UTF-8 bytes for the C API: TypeError for another
    type, InvalidArgument for a NUL character (C would cut the text there)."""
    if not isinstance(value, str):
        raise TypeError(f"{what} is a str, not {type(value).__name__}")
    if "\0" in value:
        raise InvalidArgument(f"{what} {value!r} contains a NUL character")
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValidationError(f"{what} is not valid Unicode: {error}") from None


def _definition_argument(definition: Any) -> bytes:
    """A report definition (a dict, as :meth:`ReportCollection.open`
    returns) as JSON bytes."""
    if not isinstance(definition, Mapping):
        raise TypeError(
            "a report definition is a dict such as {\"columns\": [\"full_name\"]}, "
            f"not {type(definition).__name__}"
        )
    return dumps(definition)


def _path_argument(path: str | os.PathLike[str]) -> bytes:
    """A file path (str or path-like) as bytes for the C API."""
    encoded = os.fsencode(os.fspath(path))
    if b"\0" in encoded:
        raise InvalidArgument(f"path {os.fsdecode(encoded)!r} contains a NUL character")
    return encoded


def _take_text(function: Any, *args: Any) -> str | None:
    """Calls a C function whose last argument is a ``char **`` of owned
    text and returns the text, freed on the C side at once."""
    out = ctypes.c_void_p()
    try:
        function(*args, ctypes.byref(out))
    finally:
        text = _native.take_string(out)
    return text


def _take_json(function: Any, *args: Any) -> Any:
    """The same for owned JSON text, decoded."""
    return json.loads(_take_text(function, *args) or "null")


@dataclasses.dataclass(frozen=True)
class ReportGroup:
    """One group of a report: ``key`` is the grouped field's value (a user
    id for ``assigned_to``, ``None`` for records without one, a period's
    label such as "2026-11" for a field grouped by period), ``label`` how
    people read it ("Ana Silva"), ``count`` how many records it holds
    (limit and offset aside), ``subgroups`` the groups of the next level
    inside it (empty on the last level), and ``totals`` the report's
    totals over the group by name (``{"sum_total": "1250.50"}``: money as
    its exact decimal text, numbers as numbers, ``None`` when the group had
    no value)."""

    key: object
    label: str
    count: int
    subgroups: tuple[ReportGroup, ...] = ()
    totals: dict[str, Any] = dataclasses.field(default_factory=dict)

    @classmethod
    def _from_json(cls, data: dict[str, Any]) -> ReportGroup:
        return cls(
            key=data["key"],
            label=data["label"],
            count=data["count"],
            subgroups=tuple(cls._from_json(item) for item in data.get("subgroups", ())),
            totals=dict(data.get("totals", {})),
        )


class Report(Closable):
    """A report being run, from :meth:`ReportCollection.run`.

    ``title``, ``description`` (the filters in words), ``record_type``,
    ``columns`` and ``group_by`` (lists of ``(field, heading)`` pairs),
    ``total`` (the matching records), ``totals`` (the definition's totals
    over every matching record, a dict by total name: money as its exact
    decimal text, numbers as numbers), ``total_fields`` (``(name,
    heading)`` pairs of the totals) and ``groups`` (a list of
    :class:`ReportGroup`, each with its own totals) describe it;
    :meth:`rows` streams its rows and :meth:`to_csv`, :meth:`to_json` and
    :meth:`to_html` write it. The native report is freed by :meth:`close`,
    a ``with`` block, closing the book, or garbage collection.
    """

    def __init__(self, book: Book, key: int) -> None:
        """Use :meth:`ReportCollection.run` instead."""
        self._book = book  # keeps the book open while the report is used
        self._key = key
        self._finalizer = weakref.finalize(self, book._handle.free_cursor, key)
        self._iteration = 0
        info = self._call_json(lib.leadbook_report_info_json)
        self.title = info["title"]
        self.description = info["description"]
        self.record_type = info["record_type"]
        self.columns = [(column["field"], column["heading"]) for column in info["columns"]]
        self.group_by = [(group["field"], group["heading"]) for group in info["group_by"]]
        self.total = info["total"]
        self.totals: dict[str, Any] = dict(info.get("totals", {}))
        self.total_fields = [(total["field"], total["heading"])
                             for total in info.get("total_fields", ())]
        self.groups = [ReportGroup._from_json(group) for group in info["groups"]]

    @property
    def closed(self) -> bool:
        """True once the report (or its book) is closed."""
        return not self._finalizer.alive or self._key not in self._book._handle.cursors

    def _call(self, function: Any, *args: Any) -> Any:
        """Calls ``function(report, *args)`` with the book's lock held."""
        handle = self._book._handle
        with handle.using():
            if self.closed:
                raise InvalidArgument("the report is closed")
            return function(handle.cursors[self._key], *args)

    def _call_json(self, function: Any) -> Any:
        return self._call(lambda pointer: _take_json(function, pointer))

    @property
    def definition(self) -> dict[str, Any]:
        """The definition that runs, as a dict (every key filled in)."""
        definition: dict[str, Any] = self._call_json(lib.leadbook_report_definition_json)
        return definition

    def rows(self, *, text: bool = False) -> Iterator[dict[str, Any]]:
        """Iterates over the rows, in group order and then sort order, read
        from the database one at a time. Each row is a dict: ``"id"`` (the
        record's id), then the group fields and the columns by field name
        (``{"id": 7, "score.stars": 4, "full_name": "Jane Doe", ...}``).
        With ``text=True`` the values are what people read instead (user
        names for ``assigned_to``, "yes"/"no", "2026-11-27 09:30").

        Each call starts again from the first row; an iterator from an
        earlier call then stops with :class:`InvalidArgument`."""
        self._iteration += 1
        iteration = self._iteration
        self._call(lib.leadbook_report_rewind)
        return self._row_iterator(iteration, "text" if text else "values")

    def _row_iterator(self, iteration: int, part: str) -> Iterator[dict[str, Any]]:
        out = ctypes.c_char_p()
        while True:
            if iteration != self._iteration:
                raise InvalidArgument("a later rows() call started this report's rows again")
            self._call(lib.leadbook_report_next_row, ctypes.byref(out))
            # Borrowed until the next call on the report: decode it now.
            if out.value is None:
                return
            row = json.loads(out.value)
            values = {"id": row["id"]}
            for group in row.get("group", ()):
                values[group["field"]] = group["label" if part == "text" else "key"]
            values.update(row[part])
            yield values

    def _output(self, format: str, path: str | os.PathLike[str] | None) -> Any:
        """Writes the whole report as ``format`` to ``path`` (and returns
        the path), or returns it as text when ``path`` is None."""
        if format not in _FORMATS:
            raise ValueError(f"format is one of {', '.join(_FORMATS)}, not {format!r}")
        if path is None:
            return self._call(
                lambda pointer: _take_text(lib.leadbook_report_render, pointer, format.encode())
            )
        self._call(lib.leadbook_report_write, format.encode(), _path_argument(path))
        return path

    def to_csv(self, path: str | os.PathLike[str] | None = None) -> Any:
        """The report as CSV (a header row, then one row per record with the
        group fields first; cells a spreadsheet would run as a formula are
        written as text): written to the file ``path`` (replaced, and
        returned), or returned as a str when no path is given.
        :class:`NotFound` when the file cannot be written."""
        return self._output("csv", path)

    def to_json(self, path: str | os.PathLike[str] | None = None) -> Any:
        """The report as JSON text: what :attr:`groups` and the other
        attributes say plus a ``"rows"`` array (each row as the C API gives
        it: ``id``, ``group``, ``values``, ``text``). Written to ``path`` as
        :meth:`to_csv` does, or returned as a str (``json.loads`` reads
        it)."""
        return self._output("json", path)

    def to_html(self, path: str | os.PathLike[str] | None = None) -> Any:
        """The report as one self-contained HTML page: the title, the
        filters in words, an SVG bar chart of the group counts and the
        grouped table, no script. Written to ``path`` as :meth:`to_csv`
        does, or returned as a str."""
        return self._output("html", path)

    def __repr__(self) -> str:
        state = "closed" if self.closed else "open"
        return f"<leadbook.Report {self.title!r}, {self.total} records ({state})>"


class ReportCollection:
    """The reports of a book (``book.reports``)::

        report = book.reports.run("leads_by_score")
        for group in report.groups:
            print(group.label, group.count)
        for row in report.rows():
            print(row["full_name"], row["score.stars"])
        report.to_html("scores.html")

        book.reports.save("Hot leads", {
            "columns": ["full_name", "company", "assigned_to"],
            "filters": [{"field": "rating", "op": "eq", "value": "hot"}],
            "group_by": ["assigned_to"]})
        book.reports.run("Hot leads")

    A definition is a dict with the optional keys ``record_type`` ("leads",
    "business_contacts", "accounts", "opportunities"), ``title``,
    ``columns`` (field names; "emails.address" is the first e-mail's
    address), ``filters`` (``{"field", "op", "value"}`` with op eq ne lt le
    gt ge contains starts_with in is_empty has, combined with AND),
    ``sort`` (``{"field", "descending"}``), ``group_by`` (at most two
    fields, or ``{"field", "descending"}``), ``limit`` and ``offset``.
    Unknown fields, operators, record types or keys, values of the wrong
    type, an empty ``in`` list and grouping by a list field are a
    :class:`ValidationError` naming what is wrong.

    The built-in reports are "leads_by_assigned_to",
    "leads_by_assigned_to_and_rating" and "leads_by_score". Saved reports
    have a name (unique ignoring case) and a category ("Leads" unless
    given).
    """

    def __init__(self, book: Book) -> None:
        """Use ``book.reports`` instead."""
        self._book = book

    def __repr__(self) -> str:
        return f"<leadbook.ReportCollection of {self._book!r}>"

    def run(self, report: str | Mapping[str, Any]) -> Report:
        """Runs a report and returns its :class:`Report`: ``report`` is the
        name of a built-in or saved report, or a definition dict.
        :class:`NotFound` for a name that is neither; :class:`ValidationError`
        for a bad definition (or a saved one naming a field that has
        gone)."""
        if isinstance(report, Mapping):
            argument = _definition_argument(report)
        else:
            argument = _text_argument(report, "a report")
        handle = self._book._handle
        pointer = _native.ReportPtr()
        with handle.using() as db:
            # Registered under the lock, so a close() from another thread
            # frees it before the database.
            lib.leadbook_report_run(db, argument, ctypes.byref(pointer))
            key = handle.add_cursor(pointer)
        return Report(self._book, key)

    def validate(self, definition: Mapping[str, Any]) -> None:
        """Checks a definition dict without running or saving it
        (:class:`ValidationError` naming what is wrong)."""
        self._book._call(lib.leadbook_report_validate, _definition_argument(definition))

    def save(self, name: str, definition: Mapping[str, Any], category: str = "Leads",
             replace: bool = False) -> Record:
        """Checks ``definition`` (a dict) and saves it as ``name`` in
        ``category``; returns the saved report (a Record with ``id``,
        ``name``, ``category``, ``definition`` as JSON text, ...).

        An existing name (ignoring case) or a built-in report's name is a
        :class:`Conflict` unless ``replace=True``, which overwrites the
        saved report's definition and category. A blank name or a bad
        definition is a :class:`ValidationError`; nothing is stored then."""
        arguments = (
            _text_argument(name, "name"),
            _definition_argument(definition),
            _text_argument(category, "category"),
            1 if replace else 0,
        )
        text = self._book._call(
            lambda db: _take_text(lib.leadbook_report_save, db, *arguments)
        )
        return record_from_json(text, "SavedReport")

    def open(self, name: str) -> dict[str, Any]:
        """The definition of a built-in or saved report as a dict.
        :class:`NotFound` when there is no such report."""
        argument = _text_argument(name, "name")
        definition: dict[str, Any] = self._book._call(
            lambda db: _take_json(lib.leadbook_report_open, db, argument))
        return definition

    def list(self, category: str | None = None) -> list[Record]:
        """The built-in and saved reports, by category and then name, as
        Records with ``name``, ``category``, ``title``, ``builtin`` and
        ``id`` (0 for built-ins). ``category`` (any case) keeps only its
        reports."""
        argument = None if category is None else _text_argument(category, "category")
        items = self._book._call(lambda db: _take_json(lib.leadbook_report_list, db, argument))
        return [Record._from_json(item, "ReportInfo") for item in items]

    def rename(self, old_name: str, new_name: str) -> None:
        """Renames a saved report. :class:`NotFound` if there is none,
        :class:`Conflict` if ``new_name`` is taken, :class:`ValidationError`
        for a blank name or a built-in report."""
        self._book._call(
            lib.leadbook_report_rename,
            _text_argument(old_name, "old_name"),
            _text_argument(new_name, "new_name"),
        )

    def delete(self, name: str) -> None:
        """Deletes a saved report. :class:`NotFound` if there is none;
        built-in reports cannot be deleted (:class:`ValidationError`)."""
        self._book._call(lib.leadbook_report_delete, _text_argument(name, "name"))
