"""The records of one type in a book (``book.leads``, ...), the queries
that select them, and the cursors that stream them."""

from __future__ import annotations

import ctypes
import importlib
import json
import weakref
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, Optional, Tuple, TypeVar, Union, cast

from . import _native
from ._errors import InvalidArgument
from ._handle import Closable, as_id
from ._native import lib
from ._records import Record, dumps, fields_for_new_record, record_from_json

if TYPE_CHECKING:
    from ._book import Book

_R = TypeVar("_R", bound=Record)

#: One condition of a find: ``(field, op, value)``, ``(field, op)`` for ops
#: without a value, or ``{"field": ..., "op": ..., "value": ...}``.
Condition = Union[Tuple[str, str], Tuple[str, str, Any], Mapping[str, Any]]
#: The ``where`` of a find: one condition or several.
Where = Union[Condition, Iterable[Condition]]
#: The ``order_by`` of a find: a field name ("-" first: descending) or several.
OrderBy = Union[str, Iterable[str]]
#: The records a bulk operation touches: ids, equality filters, or conditions.
Selection = Union[Iterable[int], Mapping[str, Any], Condition, Iterable[Condition]]

__all__ = ["Collection", "Cursor", "all_of", "any_of", "linked", "not_"]


_GROUP_KEYS = {"any", "all", "linked", "negate"}


def _condition(item: Any) -> dict[str, Any]:
    if isinstance(item, Mapping):
        unknown = set(item) - {"field", "op", "value"} - _GROUP_KEYS
        if unknown or not ("field" in item or "any" in item or "all" in item):
            raise TypeError(
                'a where condition dict has the keys "field", "op" and "value" '
                '(a group: "any", "all", "linked"; and "negate"), '
                f"not {sorted(item)}"
            )
        out = dict(item)  # the library's default op is eq
        for key in ("any", "all"):
            if key in out:
                out[key] = [_condition(member) for member in out[key]]
        return out
    if isinstance(item, (tuple, list)) and len(item) in (2, 3):
        if len(item) == 2:
            # (field, "is_empty"): the op takes no value.
            return {"field": item[0], "op": item[1]}
        return {"field": item[0], "op": item[1], "value": item[2]}
    raise TypeError(
        "a where condition is a (field, op, value) tuple or a dict "
        f'{{"field", "op", "value"}}, not {item!r}'
    )


def any_of(*conditions: Condition) -> dict[str, Any]:
    """Either/or: a where condition true when one of ``conditions`` is
    (each a ``(field, op, value)`` tuple, a dict, or another group)."""
    return {"any": [_condition(c) for c in conditions]}


def all_of(*conditions: Condition) -> dict[str, Any]:
    """A where condition true when each of ``conditions`` is (inside any_of)."""
    return {"all": [_condition(c) for c in conditions]}


def not_(condition: Condition) -> dict[str, Any]:
    """The opposite of ``condition`` (records without a value match too)."""
    out = _condition(condition)
    out["negate"] = not out.get("negate", False)
    return out


def linked(kind: str, *conditions: Condition) -> dict[str, Any]:
    """A where condition true for records with a linked record of ``kind``
    ("history", "opportunities" or "account") for which each of
    ``conditions`` (on the linked record's fields) holds."""
    return {"linked": kind, "all": [_condition(c) for c in conditions]}


def _query(where: Optional[Where], order_by: Optional[OrderBy], limit: Optional[int],
           offset: Optional[int], equals: Mapping[str, Any]) -> bytes | None:
    """The query JSON of leadbook_find / leadbook_count, or None for all."""
    conditions = [{"field": f, "op": "eq", "value": v} for f, v in equals.items()]
    if where is not None:
        if isinstance(where, (Mapping, tuple)) and (
            isinstance(where, Mapping) or (where and isinstance(where[0], str))
        ):
            where = [where]  # type: ignore[list-item]  # one condition on its own
        conditions.extend(_condition(item) for item in where)
    query: dict[str, Any] = {}
    if conditions:
        query["where"] = conditions
    if order_by is not None:
        query["order_by"] = [order_by] if isinstance(order_by, str) else list(order_by)
    if limit is not None:
        query["limit"] = as_id(limit, "limit")
    if offset is not None:
        query["offset"] = as_id(offset, "offset")
    return dumps(query) if query else None


def _is_condition(item: Any) -> bool:
    """True for one where condition: a (field, op[, value]) tuple whose first
    item is a field name, or a dict with "field" (or a group: "any", "all")."""
    if isinstance(item, Mapping):
        return "field" in item or "any" in item or "all" in item
    return isinstance(item, (tuple, list)) and len(item) in (2, 3) and isinstance(item[0], str)


def _selection(records: Selection) -> bytes:
    """The selection JSON of leadbook_bulk_edit / leadbook_assign from their
    ``records`` argument: a list of ids, a dict of equality filters, or a
    list of where conditions (one condition tuple on its own is fine too)."""
    if isinstance(records, (str, bytes)):
        raise TypeError(f"name the records by a list of ids, a dict of field=value filters "
                        f"or a list of (field, op, value) conditions, not {records!r}")
    if isinstance(records, Mapping) and not _is_condition(records):
        # {} has no conditions: every record.
        return _where_selection(_query(None, None, None, None, dict(records)))
    if _is_condition(records):
        return _where_selection(_query([cast(Condition, records)], None, None, None, {}))
    try:
        items = list(records)
    except TypeError:
        raise TypeError(
            "name the records by a list of ids, a dict of field=value filters or a list "
            f"of (field, op, value) conditions, not {type(records).__name__}"
        ) from None
    conditions = [_is_condition(item) for item in items]
    if items and all(conditions):
        return _where_selection(_query(items, None, None, None, {}))
    if any(conditions):
        raise TypeError("a selection is a list of ids or a list of conditions, not both")
    # An empty list is no ids: it selects nothing, never every record.
    return dumps({"ids": [as_id(i) for i in items]})


def _where_selection(query: bytes | None) -> bytes:
    """A query of conditions only as a selection; no conditions is every
    record."""
    return query if query is not None else dumps({"where": []})


class Collection(Generic[_R]):
    """The records of one type in a book: ``book.accounts``,
    ``book.contacts``, ``book.stages`` and, with operations of their own,
    ``book.leads``, ``book.users``, ``book.criteria``, ``book.history``,
    ``book.opportunities`` and ``book.fields``.

    Records go in as keyword arguments named like the JSON fields (see
    docs/architecture.md) and come back as :class:`Record` objects. Every
    write checks the record and stores all of it or nothing.
    """

    def __init__(self, book: Book, collection: int, kind: type[_R]) -> None:
        """Use ``book.leads`` and friends instead."""
        self._book = book
        self._collection = collection
        self._kind = kind

    def __repr__(self) -> str:
        return f"<leadbook.Collection {self._kind.__name__} of {self._book!r}>"

    def _record_call(self, function: Any, *args: Any, kind: type[Record] | str | None = None,
                     optional: bool = False) -> Any:
        """Calls a function whose last argument is a ``char **out_json`` and
        returns the record it gave. ``optional``: the function may give no
        record (NULL), and then the result is None."""
        out = ctypes.c_void_p()
        try:
            self._book._call(function, *args, ctypes.byref(out))
        finally:
            # Only set on success, and then copied and freed here whatever
            # happens next.
            text = _native.take_string(out)
        if text is None:
            if optional:
                return None
            raise InvalidArgument("the library returned no record")
        return record_from_json(text, kind or self._kind)

    def add(self, **fields: Any) -> _R:
        """Adds a record from its fields and returns the stored record (with
        its id, version and timestamps)::

            lead = book.leads.add(full_name="Jane Doe", company="Acme",
                                  emails=[{"label": "work",
                                           "address": "jane@acme.example"}])

        ``bytes`` (a photo), aware ``datetime`` (a naive one is a
        :class:`ValidationError`), ``date`` and ``Decimal`` values are
        converted. Raises
        :class:`ValidationError` naming the field for input that breaks a
        rule (including unknown fields and the fields leadbook keeps: id,
        version, created_at, modified_at, modified_by), :class:`NotFound` or
        :class:`ValidationError` for a link to a missing user or account.
        """
        record: _R = self._record_call(lib.leadbook_add, self._collection, dumps(fields))
        return record

    def add_many(self, records: Iterable[Mapping[str, Any] | Record]) -> list[int]:
        """Adds every record of ``records`` (dicts of fields, or Records such
        as ones read from another book) in one transaction: all are stored,
        or none is and the error names the failing one. Returns the new ids
        in input order."""
        array = [fields_for_new_record(record) for record in records]
        ids = ctypes.POINTER(ctypes.c_int64)()
        count = ctypes.c_size_t()
        try:
            self._book._call(
                lib.leadbook_add_many,
                self._collection,
                dumps(array),
                ctypes.byref(ids),
                ctypes.byref(count),
            )
        finally:
            result = _native.take_ids(ids, count.value)
        return result

    def get(self, id: int) -> _R:
        """The record ``id``; :class:`NotFound` (a ``KeyError``) if there is
        none."""
        record: _R = self._record_call(lib.leadbook_get, self._collection, as_id(id))
        return record

    def update(self, id: int, *, version: int, **changes: Any) -> _R:
        """Changes the named fields of record ``id`` and returns the stored
        record. ``version`` is the version the change was based on; if the
        record was saved since, :class:`Conflict` is raised and nothing
        changes::

            lead = book.leads.update(lead.id, version=lead.version, company="Acme Corp")

        ``custom`` changes only the user-defined fields it names (``None``
        removes one): ``update(7, version=3, custom={"Region": "EMEA"})``
        keeps the record's other user-defined fields.
        """
        record: _R = self._record_call(
            lib.leadbook_update,
            self._collection,
            as_id(id),
            as_id(version, "version"),
            dumps(changes),
        )
        return record

    def update_latest(self, id: int, **changes: Any) -> _R:
        """Changes the named fields of record ``id`` as it is now, whatever
        its version, and returns the stored record (the last writer wins)::

            book.users.update_latest(ana.id, active=False)

        The library reads and writes the record in one transaction that
        holds the database's write lock, so no one else's write comes in
        between and there is no :class:`Conflict`. Use it for changes that
        do not depend on what the record held; an edit made from a record
        read earlier belongs in :meth:`update`, whose version check keeps it
        from undoing someone else's change. :class:`NotFound` if there is
        no such record."""
        record: _R = self._record_call(
            lib.leadbook_update_latest,
            self._collection,
            as_id(id),
            dumps(changes),
        )
        return record

    def delete(self, id: int) -> None:
        """Deletes record ``id``; :class:`NotFound` if there is none."""
        self._book._call(lib.leadbook_delete, self._collection, as_id(id))

    def bulk_edit(self, records: Selection, field: str, value: Any) -> int:
        """Sets one field on many records. Returns how many records changed
        (ones that had the value already do not count)::

            book.leads.bulk_edit([4, 5, 6], "rating", "hot")
            book.leads.bulk_edit({"company": "Acme"}, "rating", "warm")
            book.leads.bulk_edit([("full_name", "starts_with", "C")], "source", "fair")
            book.leads.bulk_edit({}, "rating", None)      # every lead; None clears
            book.leads.bulk_edit([4, 5], "score.stars", 4)  # manual, 4 stars
            book.leads.bulk_edit([4, 5], "score.stars", None)  # automatic again
            book.leads.bulk_edit([4, 5], "custom.Region", "EMEA")  # that field only
            book.leads.bulk_edit([4, 5], "criteria_met", {"add": 2})  # or {"remove": 2}

        A user-defined field (``custom.NAME``) is read by its definition's
        type ("12.5" for a number field) and ``None`` removes it; the other
        user-defined fields stay as they are.

        ``records`` is a list of ids (an empty list changes nothing), a dict
        of equality filters, or a list of ``(field, op, value)`` conditions
        as in :meth:`find` (``{}`` or a list of no conditions is every
        record). It all happens in one transaction, with the checks of a
        single update: if one record fails, none changes (:class:`NotFound`
        for a listed id that does not exist, :class:`ValidationError` for a
        bad value, a list field or one leadbook keeps).
        """
        selection = _selection(records)
        if not isinstance(field, str):
            raise TypeError(f"the field to edit is a name, not {type(field).__name__}")
        changed = ctypes.c_int64()
        self._book._call(
            lib.leadbook_bulk_edit,
            self._collection,
            selection,
            field.encode("utf-8"),
            dumps(value),
            ctypes.byref(changed),
        )
        return changed.value

    def assign(self, records: Selection, user_id: int | None) -> int:
        """Assigns records to a user, with ``records`` as for
        :meth:`bulk_edit` and ``user_id`` ``None`` to assign them to
        nobody::

            book.leads.assign([4, 5, 6], ana.id)
            book.leads.assign({"company": "Acme"}, ana.id)

        One transaction; the user must exist and be active
        (:class:`ValidationError` otherwise, and nothing changes). Returns
        how many records changed.
        """
        selection = _selection(records)
        changed = ctypes.c_int64()
        self._book._call(
            lib.leadbook_assign,
            self._collection,
            selection,
            0 if user_id is None else as_id(user_id, "user_id"),
            ctypes.byref(changed),
        )
        return changed.value

    def find(self, *, where: Optional[Where] = None, order_by: Optional[OrderBy] = None,
             limit: Optional[int] = None, offset: Optional[int] = None,
             **equals: Any) -> Cursor[_R]:
        """Finds records; returns a :class:`Cursor` to iterate over::

            for lead in book.leads.find(assigned_to=ana.id, order_by="-modified_at",
                                        limit=50):
                print(lead.full_name)

        Keyword arguments named like fields are equality conditions. ``where``
        adds others, as ``(field, op, value)`` tuples or dicts with "field",
        "op" (default "eq") and "value"; ops are the library's: eq ne lt le
        gt ge contains starts_with in is_empty has (``("notes", "is_empty")``
        needs no value; ``has`` is for list fields: ``("links", "has",
        lead.id)``), and any other is a :class:`ValidationError` that lists
        them. Nested fields use dots ("score.stars"). ``order_by`` is a field
        name or a list of them, "-" in front for descending. Conditions are
        combined with AND.
        """
        query = _query(where, order_by, limit, offset, equals)
        handle = self._book._handle
        pointer = _native.CursorPtr()
        with handle.using() as db:
            # Registered under the lock, so a close() from another thread
            # frees it before the database.
            lib.leadbook_find(db, self._collection, query, ctypes.byref(pointer))
            key = handle.add_cursor(pointer)
        return Cursor(self._book, key, self._kind)

    def count(self, *, where: Optional[Where] = None, order_by: Optional[OrderBy] = None,
              limit: Optional[int] = None, offset: Optional[int] = None, **equals: Any) -> int:
        """The number of records :meth:`find` would return for the same
        arguments (limit and offset apply)."""
        query = _query(where, order_by, limit, offset, equals)
        count = ctypes.c_int64()
        self._book._call(lib.leadbook_count, self._collection, query, ctypes.byref(count))
        return count.value


class Cursor(Closable, Generic[_R]):
    """The records a :meth:`Collection.find` found, read as they are
    iterated over::

        for lead in book.leads.find(company="Acme"):
            print(lead.full_name)
        leads = book.leads.find(rating="hot").all()        # a list
        newest = book.leads.find(order_by="-created_at").first()
        frame = book.leads.find().to_dataframe()           # with pandas

    The native cursor is freed when the records run out, on :meth:`close`
    (iterating afterwards finds nothing more), at the end of a ``with``
    block, or when the cursor is garbage collected.
    """

    def __init__(self, book: Book, key: int, kind: type[_R]) -> None:
        """Use :meth:`Collection.find` instead."""
        self._book = book  # keeps the book open while records are read
        self._kind = kind
        self._key = key
        self._finalizer = weakref.finalize(self, book._handle.free_cursor, key)

    def __iter__(self) -> Cursor[_R]:
        return self

    def _next_data(self) -> dict[str, Any] | None:
        """The next record as a decoded JSON object, or None at the end
        (and then the cursor is closed)."""
        if not self._finalizer.alive:
            return None
        text = self._book._handle.call(self._next_text)
        if text is None:
            self.close()
            return None
        data: dict[str, Any] = json.loads(text)
        return data

    def _next_text(self, db: Any) -> bytes | None:
        """Reads the next record's JSON text (with the handle's lock held)."""
        handle = self._book._handle
        pointer = handle.cursors.get(self._key)
        if pointer is None:
            raise InvalidArgument("the cursor was closed with its book")
        out = ctypes.c_char_p()
        try:
            lib.leadbook_cursor_next(pointer, ctypes.byref(out))
        except BaseException:
            # A failed cursor ends the iteration; free it now.
            self._finalizer.detach()
            handle.pending.append(self._key)
            handle.free_pending()
            raise
        # Borrowed until the next call on the cursor: .value copies it.
        return out.value

    def __next__(self) -> _R:
        data = self._next_data()
        if data is None:
            raise StopIteration
        return self._kind._from_json(data)

    def all(self) -> list[_R]:
        """The records not read yet, as a list (the cursor is then at its
        end and closed)."""
        return list(self)

    def first(self) -> _R | None:
        """The next record, or ``None`` when there is none; the cursor is
        closed either way, so ``find(...).first()`` leaves nothing open."""
        try:
            return next(self, None)
        finally:
            self.close()

    def dicts(self) -> Iterator[dict[str, Any]]:
        """The records not read yet as plain dicts of Python values
        (:meth:`Record.as_dict`): rows for ``pandas.DataFrame(...)``, the
        ``csv`` module or anything else that takes dicts."""
        for record in self:
            yield record.as_dict()

    def to_dataframe(self) -> Any:
        """The records not read yet as a ``pandas.DataFrame``, one row per
        record and one column per field (nested records are dicts, lists
        are lists). Needs pandas: without it, ``ImportError`` says so."""
        try:
            pandas: Any = importlib.import_module("pandas")
        except ImportError as error:
            raise ImportError(
                "Cursor.to_dataframe needs pandas, which is not installed (pip install pandas, "
                "or apt-get install python3-pandas); Cursor.dicts() gives the rows as dicts "
                "without it",
                name="pandas",
            ) from error
        columns = list(self._kind._fields or ()) or None
        return pandas.DataFrame(list(self.dicts()), columns=columns)

    def __repr__(self) -> str:
        state = "open" if self._finalizer.alive else "closed"
        name = self._kind.__name__
        return f"<leadbook.Cursor of {name} records ({state})>"
