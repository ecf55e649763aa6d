"""The exceptions leadbook raises, one per status code of the C API.

Each class also inherits the builtin exception a Python programmer would
catch for the same situation, as pygit2 does: a missing record is a
``KeyError``, input that breaks a rule is a ``ValueError``.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "Error",
    "InvalidArgument",
    "NotFound",
    "ValidationError",
    "Conflict",
    "Busy",
    "StorageError",
    "NotADatabase",
    "SchemaTooNew",
    "InternalError",
    "OutOfMemory",
    "Cancelled",
    "ReadOnly",
    "Corrupt",
    "Misuse",
    "ImportFailed",
]


class Error(Exception):
    """Base class of every error leadbook raises.

    ``status`` is the stable name of the C API's status code (for example
    ``"not_found"``) and ``message`` says in words what went wrong, naming
    the field, record or file involved. ``str(error)`` is the message.
    """

    #: The status name of this class; instances may carry a more exact one.
    status = "error"

    def __init__(self, message: str = "", status: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status

    def __str__(self) -> str:
        # KeyError.__str__ would quote the message; read it as written.
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.message, self.status))


class InvalidArgument(Error, ValueError):
    """A call leadbook cannot make sense of: a closed book, a bad id, a NULL
    handle reaching the C library."""

    status = "invalid_argument"


class NotFound(Error, KeyError):
    """No such record, user or file."""

    status = "not_found"


class ValidationError(Error, ValueError):
    """The input breaks a rule: a blank name, an unknown field, a field of
    the wrong type, an invalid e-mail address, malformed JSON."""

    status = "validation"


class Conflict(Error):
    """The record changed since it was read: the update named a stale
    ``version``, and nothing was written (read the record again and retry);
    or the name given (of a saved report, a sales stage, a user-defined
    field) is taken already."""

    status = "conflict"


class Busy(Error):
    """The database stayed locked by another connection past the busy
    timeout."""

    status = "busy"


class StorageError(Error):
    """The database failed: I/O error, corruption, a constraint."""

    status = "storage"


class NotADatabase(StorageError):
    """The file is not a SQLite database. It was left untouched."""

    status = "not_a_database"


class SchemaTooNew(StorageError):
    """The file was written by a newer leadbook. It was left untouched."""

    status = "schema_too_new"


class InternalError(Error):
    """A bug in leadbook; please report it with the message."""

    status = "internal"


class OutOfMemory(Error, MemoryError):
    """The library ran out of memory."""

    status = "out_of_memory"


class Cancelled(Error):
    """A callback asked to stop (an import's ``on_progress`` returned False):
    the operation rolled back and nothing was stored."""

    status = "cancelled"


class ReadOnly(StorageError):
    """A write to a book opened read-only (``read_only=True``, or a file or
    medium that cannot be written). Nothing was written."""

    status = "read_only"


class Corrupt(StorageError):
    """The file is damaged, or carries objects (triggers, views, tables) or
    values leadbook did not write. ``Book.check()`` says what is wrong."""

    status = "corrupt"


class Misuse(Error):
    """A call that breaks the C ABI's rules and was not run: a book that was
    closed, or a call on a book from inside a change listener or progress
    function of a call on that same book."""

    status = "misuse"


class ImportFailed(ValidationError):
    """A bad row stopped an import (``skip_bad_rows`` was off), so nothing
    was stored. ``report`` is the import's report; its ``errors`` say which
    rows were bad, with ``line``, ``column``, ``reason`` and ``message``."""

    def __init__(self, message: str = "", status: str | None = None, report: Any = None) -> None:
        super().__init__(message, status)
        self.report = report

    @property
    def errors(self) -> list[Any]:
        """The problems found, as in ``report.errors``."""
        errors: list[Any] = self.report.errors if self.report is not None else []
        return errors

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.message, self.status, self.report))


# Status codes of leadbook.h (fixed, never renumbered) to exception classes.
ERRORS_BY_STATUS: dict[int, type[Error]] = {
    1: InvalidArgument,
    2: NotFound,
    3: ValidationError,
    4: Conflict,
    5: Busy,
    6: StorageError,
    7: NotADatabase,
    8: SchemaTooNew,
    9: InternalError,
    10: OutOfMemory,
    11: Cancelled,
    12: ReadOnly,
    13: Corrupt,
    14: Misuse,
}


def error_for_status(status: int, message: str, status_name: str) -> Error:
    """The exception for a failed call: its class from the status code (a
    code newer than this package becomes a plain ``Error``)."""
    cls = ERRORS_BY_STATUS.get(status, Error)
    return cls(message or status_name, status_name)
