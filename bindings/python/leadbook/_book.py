"""Opening a database: ``leadbook.open`` and the Book it returns."""

from __future__ import annotations

import ctypes
import json
import os
import re
import threading
import weakref
from collections.abc import Callable
from typing import Any

from . import _native
from ._activities import FieldCollection, HistoryCollection, OpportunityCollection
from ._collections import Collection
from ._errors import InvalidArgument
from ._handle import as_id, Handle
from ._leads import ContactCollection, CriterionCollection, LeadCollection, UserCollection
from ._pick_lists import PickListCollection
from ._native import lib
from ._records import (Account, BusinessContact, Criterion, DisqualifyReason, FieldDefinition,
                       HistoryItem, Lead, MatchingRule, Opportunity, PickListEntry, Record,
                       SavedReport, Stage, User, dumps, fields_for_new_record)
from ._reports import ReportCollection
from ._scoring import Scoring

__all__ = ["open", "copy", "Book", "ChangeListener"]


def open(path: str | os.PathLike[str], *, as_user: int | None = None,
         busy_timeout_ms: int | None = None, create: bool | None = None,
         read_only: bool | None = None) -> Book:
    """Opens (or creates) the SQLite database file ``path`` and returns its
    :class:`Book`.

    ``path`` is a file name (``str`` or path-like) or ``":memory:"`` for a
    private in-memory database, or a ``postgresql://`` (``postgres://``)
    URI of a PostgreSQL database (libpq reads it, with ``PGHOST``,
    ``PGPASSWORD``, ``.pgpass`` and service files); a URI of another scheme
    raises :class:`ValidationError`. ``as_user`` is the id of the user whose
    writes these are (recorded in ``modified_by``); ``busy_timeout_ms`` is how
    long to wait for another connection's lock; ``create=False`` makes a
    missing file :class:`NotFound` instead of creating it; ``read_only=True``
    opens it without ever writing (writes raise :class:`ReadOnly`).

    Raises :class:`NotADatabase` for a file that is not a database and
    :class:`SchemaTooNew` for one written by a newer leadbook; either way the
    file is left untouched. Use the book as a context manager to close it::

        with leadbook.open("crm.db") as book:
            book.leads.add(full_name="Jane Doe")
    """
    options = {}
    if as_user is not None:
        options["as_user"] = as_id(as_user, "as_user")
    if busy_timeout_ms is not None:
        options["busy_timeout_ms"] = as_id(busy_timeout_ms, "busy_timeout_ms")
    if create is not None:
        options["create"] = bool(create)
    if read_only is not None:
        options["read_only"] = bool(read_only)
    fspath = os.fspath(path)
    encoded = os.fsencode(fspath)
    if b"\0" in encoded:
        raise InvalidArgument(f"path {fspath!r} contains a NUL character")
    db = _native.DbPtr()
    lib.leadbook_open(encoded, dumps(options) if options else None, ctypes.byref(db))
    return Book(Handle(db, shown_location(os.fsdecode(fspath))))


def copy(source: str | os.PathLike[str], destination: str | os.PathLike[str]) -> dict[str, Any]:
    """Copies the book at ``source`` into the one at ``destination`` (each a
    file path or a ``postgresql://`` URI, as :func:`open` takes; the
    destination is created when missing) and returns what was copied:
    ``{"tables": [{"table": "lead", "rows": 3}, ...], "settings": 2}``.

    Every record of every type with its lists, under the same ids, and every
    setting: SQLite to PostgreSQL, back, or SQLite to SQLite. Raises
    :class:`NotFound` for a missing source and :class:`Conflict` for a
    destination that is not empty, which is left as it was; a copy that
    fails writes nothing (leadbook_copy)."""
    encoded: list[bytes] = []
    for location in (source, destination):
        raw = os.fsencode(os.fspath(location))
        if b"\0" in raw:
            raise InvalidArgument(f"path {os.fsdecode(raw)!r} contains a NUL character")
        encoded.append(raw)
    out = ctypes.c_void_p()
    try:
        lib.leadbook_copy(encoded[0], encoded[1], ctypes.byref(out))
    finally:
        text = _native.take_string(out)
    report: dict[str, Any] = json.loads(text or "{}")
    return report


def shown_location(location: str) -> str:
    """``location`` as messages and ``repr`` show it: a PostgreSQL URI
    without its password (``user:***@host``, ``password=***``)."""
    if not location.startswith(("postgresql://", "postgres://")):
        return location
    scheme, _, rest = location.partition("://")
    authority, sep, tail = rest.partition("/") if "/" in rest else (rest, "", "")
    user, at, host = authority.rpartition("@")
    if at and ":" in user:
        authority = user.split(":", 1)[0] + ":***@" + host
    tail = re.sub(r"([?&]password=)[^&]*", r"\1***", sep + tail)
    return f"{scheme}://{authority}{tail}"


class Book:
    """An open leadbook database. Get one from :func:`leadbook.open`.

    Its records are in the collections ``leads``, ``contacts``,
    ``accounts``, ``users``, ``criteria``, ``history``, ``opportunities``,
    ``stages``, ``fields`` and ``saved_reports``; ``reports`` runs and keeps
    reports; :meth:`on_change` reports what each write changed.
    Close it with :meth:`close` or a ``with`` block; a book that is dropped
    without being closed is closed when it is garbage collected. Using a
    closed book raises :class:`InvalidArgument` (a :class:`leadbook.Error`).
    A book may be shared between threads: calls on it take turns.
    """

    def __init__(self, handle: Handle) -> None:
        """Wraps an open handle; use :func:`leadbook.open` instead."""
        self._handle = handle
        self._finalizer = weakref.finalize(self, handle.close)

    @property
    def path(self) -> str:
        """The path the book was opened with (a PostgreSQL URI without its
        password)."""
        return self._handle.path

    @property
    def closed(self) -> bool:
        """True once the book is closed."""
        return not self._handle.db

    def close(self) -> None:
        """Closes the book, and any cursor still open on it. Closing again
        does nothing."""
        if self._handle.notifying_thread == threading.get_ident():
            # Checked before the finalizer, which runs only once.
            raise InvalidArgument(
                f"{self._handle.notifying_what} cannot close the book that called it")
        self._finalizer()

    def __enter__(self) -> Book:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self.closed else "open"
        return f"<leadbook.Book {self.path!r} ({state})>"

    def _call(self, function: Any, *args: Any) -> Any:
        return self._handle.call(function, *args)

    def set_acting_user(self, user_id: int | None) -> None:
        """Makes ``user_id`` the user recorded in ``modified_by`` of later
        writes; ``None`` clears it. :class:`NotFound` if there is no such
        user."""
        self._call(lib.leadbook_set_acting_user, 0 if user_id is None else as_id(user_id))

    def check(self) -> dict[str, Any]:
        """Checks the whole database without changing it (leadbook_check):
        damaged pages or indexes, references to missing records, values of
        the wrong type, objects leadbook did not create. Returns a dict
        ``{"ok": bool, "problems": [{"kind": ..., "message": ...}]}``;
        problems found are not raised. Reads every page: slow on a big
        database."""
        out = ctypes.c_void_p()
        try:
            self._call(lib.leadbook_check, ctypes.byref(out))
        finally:
            text = _native.take_string(out)
        report: dict[str, Any] = json.loads(text if text is not None else "{}")
        return report

    def on_change(self, callback: Callable[[list[Record]], object]) -> ChangeListener:
        """Calls ``callback(changes)`` once after each write transaction of
        this book commits, and returns a :class:`ChangeListener` whose
        :meth:`~ChangeListener.remove` stops it::

            listener = book.on_change(lambda changes: print(changes))
            book.leads.bulk_edit({"company": "Acme"}, "rating", "hot")
            # -> [Change(collection='leads', kind='updated', ids=[4, 5, 6])]
            listener.remove()

        ``changes`` is a list of Records with ``collection`` ("leads",
        "contacts", "history", ...), ``kind`` ("added", "updated",
        "deleted") and ``ids``; a bulk edit of many records is one call.
        The callback runs in the thread that wrote, before the write call
        returns, and must not use this book (that raises
        :class:`InvalidArgument`). An exception it raises is reported
        through ``sys.unraisablehook`` (printed by default) and neither
        undoes the write nor reaches the caller. Changes made by other books
        or processes are not reported. The listener stays registered until
        removed or the book is closed, even if the returned object is
        dropped."""
        if not callable(callback):
            raise TypeError(f"callback must be callable, not {type(callback).__name__}")
        handle = self._handle

        def notify(changes_json: bytes, user_data: Any) -> None:
            """Called by the library: decodes the changes for the callback."""
            # ctypes reports an exception escaping a callback through
            # sys.unraisablehook and returns to C normally; nothing may
            # unwind through the library.
            changes = [Record._from_json(item, "Change") for item in json.loads(changes_json)]
            handle.notifying_thread = threading.get_ident()
            handle.notifying_what = "a change listener"
            try:
                callback(changes)
            finally:
                handle.notifying_thread = None

        function = _native.CHANGE_FN(notify)
        token = ctypes.c_uint64()
        with handle.using() as db:
            lib.leadbook_add_change_listener(db, function, None, ctypes.byref(token))
            # The C library keeps only the function pointer: the ctypes
            # object must live as long as it is registered.
            handle.listeners[token.value] = function
        return ChangeListener(handle, token.value, callback)

    def remove_change_listener(self, listener: ChangeListener | int) -> None:
        """Stops a listener: the :class:`ChangeListener` :meth:`on_change`
        returned, or its ``token``. :class:`NotFound` if it is not
        registered (any more)."""
        if isinstance(listener, ChangeListener):
            if listener._handle is not self._handle:
                raise InvalidArgument("the listener belongs to another book")
            listener = listener.token
        if (isinstance(listener, bool) or not isinstance(listener, int)
                or not 0 <= listener < 2**64):
            raise TypeError(
                f"a listener is what on_change returned (or its token), not {listener!r}"
            )
        _remove_listener(self._handle, listener)

    @property
    def leads(self) -> LeadCollection:
        """The leads (prospects): a :class:`LeadCollection`."""
        return LeadCollection(self, _native.LEADS, Lead)

    @property
    def contacts(self) -> ContactCollection:
        """The business contacts (converted leads and others): a
        :class:`ContactCollection` of records with every field of a lead plus
        ``details`` (department, office, profession, manager_name,
        assistant_name, birthday, anniversary, nickname,
        spouse_or_partner)."""
        return ContactCollection(self, _native.CONTACTS, BusinessContact)

    @property
    def accounts(self) -> Collection[Account]:
        """The accounts (companies, organisations): a :class:`Collection`."""
        return Collection(self, _native.ACCOUNTS, Account)

    @property
    def users(self) -> UserCollection:
        """The users the database is shared with: a :class:`UserCollection`
        of records with ``name``, ``email`` and ``active``."""
        return UserCollection(self, _native.USERS, User)

    @property
    def scoring(self) -> Scoring:
        """Scoring jobs: :meth:`Scoring.tune` fits the criteria to outcomes."""
        return Scoring(self)

    @property
    def criteria(self) -> CriterionCollection:
        """The scoring criteria: a :class:`CriterionCollection`."""
        return CriterionCollection(self, _native.CRITERIA, Criterion)

    @property
    def history(self) -> HistoryCollection:
        """The communication history (notes, phone logs, appointments,
        tasks, e-mails, files): a :class:`HistoryCollection`."""
        return HistoryCollection(self, _native.HISTORY, HistoryItem)

    @property
    def opportunities(self) -> OpportunityCollection:
        """The opportunities with their line items: an
        :class:`OpportunityCollection`."""
        return OpportunityCollection(self, _native.OPPORTUNITIES, Opportunity)

    @property
    def stages(self) -> Collection[Stage]:
        """The editable list of sales stages opportunities move through: a
        :class:`Collection` of records with ``name`` (unique),
        ``probability`` (0-100, given to the opportunities in the stage) and
        ``position``. A new database has defaults; a stage in use cannot be
        deleted (:class:`ValidationError`)."""
        return Collection(self, _native.STAGES, Stage)

    @property
    def fields(self) -> FieldCollection:
        """The definitions of user-defined fields: a
        :class:`FieldCollection`."""
        return FieldCollection(self, _native.FIELDS, FieldDefinition)

    @property
    def saved_reports(self) -> Collection[SavedReport]:
        """Report definitions saved by name: a :class:`Collection` of
        records with ``name`` (unique, ignoring case), ``category`` and
        ``definition`` (JSON text of an object)."""
        return Collection(self, _native.SAVED_REPORTS, SavedReport)

    @property
    def matching_rules(self) -> Collection[MatchingRule]:
        """The rules that say when two leads or business contacts are the
        same: a :class:`Collection` of records with ``name`` (unique),
        ``fields`` (``[{"field": "company", "comparison": "text",
        "ignore_accents": False}]``; fields are ``emails``, ``phones`` or a
        text field of a lead), ``mode`` (``"exact"`` or ``"fuzzy"``),
        ``threshold`` (0 to 1, fuzzy rules), ``action`` (``"allow"``,
        ``"warn"``, ``"block"``) and ``active``. A new database has one:
        same e-mail address, warn. A write a ``block`` rule matches raises
        :class:`Conflict` naming the stored record; ``warn`` matches are in
        :meth:`possible_duplicates` after the write."""
        return Collection(self, _native.MATCHING_RULES, MatchingRule)

    @property
    def disqualify_reasons(self) -> Collection[DisqualifyReason]:
        """The editable list of reasons a lead is disqualified for
        (:meth:`LeadCollection.disqualify`): a :class:`Collection` of
        records with ``name`` (unique, ignoring case). A new database has
        "no budget", "lost to a competitor", "no response", "duplicate" and
        "not a fit"."""
        return Collection(self, _native.DISQUALIFY_REASONS, DisqualifyReason)

    @property
    def pick_lists(self) -> PickListCollection:
        """The rating and source lists of leads and business contacts: a
        :class:`PickListCollection`."""
        return PickListCollection(self, _native.PICK_LISTS, PickListEntry)

    def _json_call(self, function: Any, *args: Any) -> Any:
        out = ctypes.c_void_p()
        try:
            self._call(function, *args, ctypes.byref(out))
        finally:
            text = _native.take_string(out)
        return json.loads(text if text is not None else "null")

    def find_duplicates(self, record: int | Record | dict[str, Any]) -> list[dict[str, Any]]:
        """The stored leads and business contacts the active matching rules
        find the same as ``record``: a stored record's id, or the fields of
        a lead (a dict or a Record; it need not be stored). A list of dicts
        with ``id``, ``record_kind``, ``full_name``, ``rule_id``, ``rule``,
        ``action`` and ``score`` (0 to 1), best first per rule.
        :class:`NotFound` for an id that is not a lead or business
        contact."""
        if isinstance(record, int):
            matches: list[dict[str, Any]] = self._json_call(
                lib.leadbook_find_duplicates, as_id(record), None)
        elif isinstance(record, Record):  # with its id: a stored record is not its own match
            matches = self._json_call(lib.leadbook_find_duplicates, 0, dumps(dict(record._data)))
        else:
            matches = self._json_call(lib.leadbook_find_duplicates, 0,
                                      dumps(fields_for_new_record(record)))
        return matches

    def duplicate_groups(self) -> list[dict[str, Any]]:
        """Every group of stored records the active matching rules find the
        same: dicts with ``rule_id``, ``rule``, ``ids`` (at least two) and
        ``score`` (the lowest of the pairs that linked them). Found through
        blocking keys, not by comparing every pair."""
        groups: list[dict[str, Any]] = self._json_call(lib.leadbook_duplicate_groups)
        return groups

    def possible_duplicates(self) -> list[dict[str, Any]]:
        """What ``warn`` matching rules found in this book's last write (an
        add, add_many, update, import): dicts as :meth:`find_duplicates`
        gives, ``position`` being the record's index in an add_many. Empty
        when the write found nothing."""
        found: list[dict[str, Any]] = self._json_call(lib.leadbook_possible_duplicates)
        return found

    def merge(self, survivor: Record, others: list[Record],
              choose: dict[str, int] | None = None) -> dict[str, Any]:
        """Merges the leads or business contacts ``others`` into
        ``survivor`` (Records as read, whose versions must still be the
        stored ones: :class:`Conflict` otherwise), in one transaction:
        empty fields are filled from the others unless ``choose`` names the
        record a field comes from (``{"company": other.id}``), lists are
        united without repeats, history and opportunities move to the
        survivor, the others are deleted and the score is computed again.
        Returns what moved: a dict with ``survivor``, ``record_kind``,
        ``version``, ``deleted``, ``fields_taken``, ``entries_added``,
        ``history_moved`` and ``opportunities_moved``.
        :class:`ValidationError` for the survivor among the others or a
        record named twice; nothing changes then."""
        request = {
            "survivor": {"id": survivor.id, "version": survivor.version},
            "others": [{"id": o.id, "version": o.version} for o in others],
            "choose": dict(choose or {}),
        }
        result: dict[str, Any] = self._json_call(lib.leadbook_merge,
                                                 json.dumps(request).encode("utf-8"))
        return result

    @property
    def reports(self) -> ReportCollection:
        """Reports: run a built-in or saved one, or a definition, and
        keep definitions by name: a :class:`ReportCollection`::

            report = book.reports.run("leads_by_score")
            report.to_html("scores.html")
        """
        return ReportCollection(self)


def _remove_listener(handle: Handle, token: int) -> None:
    """Unregisters listener ``token`` of ``handle`` and lets its ctypes
    function go."""
    with handle.using() as db:
        lib.leadbook_remove_change_listener(db, token)
        del handle.listeners[token]


class ChangeListener:
    """A callback registered with :meth:`Book.on_change`. ``token`` is the
    library's number for it; ``callback`` is the function."""

    def __init__(self, handle: Handle, token: int,
                 callback: Callable[[list[Record]], object]) -> None:
        """Use :meth:`Book.on_change` instead."""
        self._handle = handle  # not the Book: a listener does not keep it open
        self.token = token
        self.callback = callback

    @property
    def active(self) -> bool:
        """True while the listener is registered (not removed, book open)."""
        return bool(self._handle.db) and self.token in self._handle.listeners

    def remove(self) -> None:
        """Stops the listener. Removing it again, or after the book was
        closed, does nothing."""
        if self.active:
            _remove_listener(self._handle, self.token)

    def __enter__(self) -> ChangeListener:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.remove()

    def __repr__(self) -> str:
        state = "active" if self.active else "removed"
        return f"<leadbook.ChangeListener {self.token} of {self.callback!r} ({state})>"
