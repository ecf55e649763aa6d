"""The pick lists of leads and business contacts (``book.pick_lists``): the
rating list (Hot, Warm, Cold by default) and the source list of each record
type."""

from __future__ import annotations

import ctypes
import json
from collections.abc import Iterable

from . import _native
from ._collections import Collection
from ._handle import as_id
from ._native import lib
from ._records import PickListEntry, dumps

__all__ = ["PickListCollection"]


def _text(value: str, what: str) -> bytes:
    if not isinstance(value, str):
        raise TypeError(f"{what} is a str, not {type(value).__name__}")
    return value.encode("utf-8")


class PickListCollection(Collection[PickListEntry]):
    """The entries of every pick list: records with ``record_type``
    ("lead" or "business_contact"), ``list`` ("rating" or "source"),
    ``name`` (unique in its list, ignoring case) and ``position``.

    A lead's or contact's ``rating`` must be in its type's rating list
    (:class:`ValidationError` naming the choices); a ``source`` that is not
    in the list joins it. Renaming an entry (``update(id, version=...,
    name=...)``) renames it on every record that holds it, in the same
    transaction; a name taken in the list is a :class:`Conflict`."""

    def of(self, record_type: str, list: str) -> list[PickListEntry]:
        """The entries of one list, in list order::

            [e.name for e in book.pick_lists.of("lead", "rating")]  # ['Hot', 'Warm', 'Cold']
        """
        out = ctypes.c_void_p()
        try:
            self._book._call(lib.leadbook_pick_list, _text(record_type, "record_type"),
                             _text(list, "list"), ctypes.byref(out))
        finally:
            text = _native.take_string(out)
        return [PickListEntry._from_json(entry) for entry in json.loads(text or "[]")]

    def add_entry(self, record_type: str, list: str, name: str) -> PickListEntry:
        """Adds ``name`` at the end of one list and returns the entry."""
        return self.add(record_type=record_type, list=list, name=name)

    def reorder(self, record_type: str, list: str, names: Iterable[str]) -> list[PickListEntry]:
        """Puts the entries of one list in the order of ``names`` (every entry
        once, any case) and returns the list in its new order.
        :class:`ValidationError` for a name not in the list, named twice or
        left out; nothing changes then."""
        if isinstance(names, (str, bytes)):
            raise TypeError("names is a list of strings, not one string")
        out = ctypes.c_void_p()
        try:
            self._book._call(lib.leadbook_pick_list_reorder, _text(record_type, "record_type"),
                             _text(list, "list"), dumps([str(n) for n in names]),
                             ctypes.byref(out))
        finally:
            text = _native.take_string(out)
        return [PickListEntry._from_json(entry) for entry in json.loads(text or "[]")]

    def delete(self, id: int, replacement: str | None = None) -> int:  # type: ignore[override]
        """Deletes entry ``id``. The records that hold it move to
        ``replacement`` (another entry of the same list; ``""`` clears the
        field), each with a new version, in one transaction; returns how many
        moved. Without a replacement an entry in use is a
        :class:`ValidationError` saying how many records hold it."""
        moved = ctypes.c_int64()
        self._book._call(lib.leadbook_pick_list_delete, as_id(id),
                         None if replacement is None else _text(replacement, "replacement"),
                         ctypes.byref(moved))
        return moved.value
