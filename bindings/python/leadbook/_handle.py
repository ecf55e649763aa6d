"""The native database handle a Book owns, shared with its collections
and cursors, and the id checks every call uses."""

from __future__ import annotations

import contextlib
import operator
import threading
import weakref
from collections.abc import Iterator
from typing import Any, TypeVar

from ._errors import InvalidArgument
from ._native import ReportPtr, lib

_C = TypeVar("_C", bound="Closable")

_INT64_MIN = -(2**63)
_INT64_MAX = 2**63 - 1


def as_id(value: Any, what: str = "id") -> int:
    """An int that fits the C API's int64_t, or TypeError / InvalidArgument."""
    if isinstance(value, bool):
        raise TypeError(f"{what} must be an int, not bool")
    try:
        number = operator.index(value)
    except TypeError:
        raise TypeError(f"{what} must be an int, not {type(value).__name__}") from None
    if not _INT64_MIN <= number <= _INT64_MAX:
        raise InvalidArgument(f"{what} {number} is out of range")
    return number


class Closable:
    """How cursors, reports and scorers are closed: ``close()``, a ``with``
    block, or garbage collection, all through ``self._finalizer`` (a
    ``weakref.finalize`` that frees the native object once)."""

    _finalizer: weakref.finalize

    def close(self) -> None:
        """Frees the native object; closing again does nothing."""
        self._finalizer()

    def __enter__(self: _C) -> _C:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class Handle:
    """The native database handle and the cursors and reports open on it.

    A leadbook_db is used by one thread at a time, and its error message is
    only valid until its next call, so every call goes through ``lock``.
    Cursors and reports must be freed before the database is closed; the
    handle keeps them so ``close`` can. It holds no reference to the Book, so it can be
    the Book's finalizer.
    """

    def __init__(self, db: Any, path: str) -> None:
        self.db = db
        self.path = path
        self.lock = threading.Lock()
        self.cursors: dict[int, Any] = {}  # key -> CursorPtr or ReportPtr, not yet freed
        self.pending: list[int] = []  # keys of cursors to free at the next call
        self._next_key = 0
        self.listeners: dict[int, Any] = {}  # token -> CHANGE_FN, kept alive while registered
        self.notifying_thread: int | None = None  # the thread running a callback of a call
        self.notifying_what = "a change listener"  # what that callback is

    @contextlib.contextmanager
    def using(self) -> Iterator[Any]:
        """Holds the lock and yields the open db pointer."""
        if self.notifying_thread == threading.get_ident():
            # The lock is held by the call that runs the callback.
            raise InvalidArgument(f"{self.notifying_what} cannot use the book that called it")
        with self.lock:
            yield self.open_db()

    def call(self, function: Any, *args: Any) -> Any:
        """``function(db, *args)`` with the lock held: what :meth:`using`
        does, without a generator, for the calls made most often."""
        notifying = self.notifying_thread
        if notifying is not None and notifying == threading.get_ident():
            raise InvalidArgument(f"{self.notifying_what} cannot use the book that called it")
        with self.lock:
            return function(self.open_db(), *args)

    def add_cursor(self, cursor: Any) -> int:
        """Registers a new cursor or report (with the lock held); returns its
        key."""
        self._next_key += 1
        self.cursors[self._next_key] = cursor
        return self._next_key

    def free_pending(self) -> None:
        """Frees the cursors queued by free_cursor. Call with the lock held."""
        while self.pending:
            pointer = self.cursors.pop(self.pending.pop(), None)
            if isinstance(pointer, ReportPtr):
                lib.leadbook_report_free(pointer)
            elif pointer:
                lib.leadbook_cursor_free(pointer)

    def free_cursor(self, key: int) -> None:
        """Frees a cursor; from a finalizer this may run in the middle of
        another call on this handle (garbage collection can start anywhere),
        so then the cursor is only queued and freed by the next call."""
        self.pending.append(key)
        if self.lock.acquire(blocking=False):
            try:
                self.free_pending()
            finally:
                self.lock.release()

    def open_db(self) -> Any:
        """The db pointer, checked open. Call with the lock held."""
        if not self.db:
            raise InvalidArgument(f"the book {self.path!r} is closed")
        self.free_pending()
        return self.db

    def close(self) -> None:
        """Frees the cursors, then closes the database. Safe to repeat."""
        with self.lock:
            self.pending.extend(self.cursors)
            self.free_pending()
            if self.db:
                lib.leadbook_close(self.db)
                self.db = None
            self.listeners.clear()
