"""The C library: finding and loading it once, and the signature of every
function of capi/leadbook.h.

Nothing outside this module touches ctypes function objects' declarations,
and every status code is turned into an exception here, in ``_check``.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import glob
import importlib
import json
import os
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple, Optional, cast

from ._errors import error_for_status
from ._version import __version__

LIBRARY_ENV = "LEADBOOK_LIBRARY"

# Collections of leadbook.h (leadbook_collection); fixed values.
LEADS = 1
ACCOUNTS = 2
USERS = 3
CRITERIA = 4
CONTACTS = 5
HISTORY = 6
OPPORTUNITIES = 7
STAGES = 8
FIELDS = 9
SAVED_REPORTS = 10
MATCHING_RULES = 11
DISQUALIFY_REASONS = 12
PICK_LISTS = 13


class _Db(ctypes.Structure):
    """Opaque struct leadbook_db."""


class _Cursor(ctypes.Structure):
    """Opaque struct leadbook_cursor."""


class _Scorer(ctypes.Structure):
    """Opaque struct leadbook_scorer."""


class _Report(ctypes.Structure):
    """Opaque struct leadbook_report."""


# Distinct pointer types, so a cursor can never be passed where a database
# handle is expected.
DbPtr = ctypes.POINTER(_Db)
CursorPtr = ctypes.POINTER(_Cursor)
ScorerPtr = ctypes.POINTER(_Scorer)
ReportPtr = ctypes.POINTER(_Report)

_status = ctypes.c_int
_c_char_p_p = ctypes.POINTER(ctypes.c_char_p)  # const char ** (borrowed)
_owned_p = ctypes.POINTER(ctypes.c_void_p)  # char ** (owned): kept as a raw pointer
_int64_p_p = ctypes.POINTER(ctypes.POINTER(ctypes.c_int64))
_int32_p = ctypes.POINTER(ctypes.c_int32)
# leadbook_change_fn: void (*)(const char *changes_json, void *user_data)
CHANGE_FN = ctypes.CFUNCTYPE(None, ctypes.c_char_p, ctypes.c_void_p)
# leadbook_progress_fn: int (*)(const char *progress_json, void *user_data)
PROGRESS_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p)

# File formats of leadbook_export_file (leadbook_format); fixed values.
FORMAT_CSV = 1
FORMAT_JSONL = 2
FORMAT_VCARD = 3
FORMAT_XLSX = 4

# The arguments of an import: from a path, or from bytes in memory.
_IMPORT_FILE = [DbPtr, ctypes.c_char_p, ctypes.c_char_p, PROGRESS_FN, ctypes.c_void_p, _owned_p]
_IMPORT_BUFFER = [DbPtr, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, PROGRESS_FN,
                  ctypes.c_void_p, _owned_p]

# name: (restype, argtypes, how errors are reported). "db": status, message
# from leadbook_errmsg(first argument); "report": status, message from
# leadbook_report_errmsg(first argument); "thread": status, message from
# leadbook_last_error(); None: no status to check.
_SIGNATURES = {
    "leadbook_version": (ctypes.c_char_p, [], None),
    "leadbook_version_number": (ctypes.c_int, [], None),
    "leadbook_status_name": (ctypes.c_char_p, [ctypes.c_int], None),
    "leadbook_last_error": (ctypes.c_char_p, [], None),
    "leadbook_free": (None, [ctypes.c_void_p], None),
    "leadbook_field_schema": (_status, [_owned_p], "thread"),
    "leadbook_open": (_status, [ctypes.c_char_p, ctypes.c_char_p, ctypes.POINTER(DbPtr)], "thread"),
    "leadbook_close": (None, [DbPtr], None),
    "leadbook_copy": (_status, [ctypes.c_char_p, ctypes.c_char_p, _owned_p], "thread"),
    "leadbook_errmsg": (ctypes.c_char_p, [DbPtr], None),
    "leadbook_errcode": (ctypes.c_int, [DbPtr], None),
    "leadbook_set_acting_user": (_status, [DbPtr, ctypes.c_int64], "db"),
    "leadbook_check": (_status, [DbPtr, _owned_p], "db"),
    "leadbook_add": (_status, [DbPtr, ctypes.c_int, ctypes.c_char_p, _owned_p], "db"),
    "leadbook_add_many": (
        _status,
        [DbPtr, ctypes.c_int, ctypes.c_char_p, _int64_p_p, ctypes.POINTER(ctypes.c_size_t)],
        "db",
    ),
    "leadbook_get": (_status, [DbPtr, ctypes.c_int, ctypes.c_int64, _owned_p], "db"),
    "leadbook_update": (
        _status,
        [DbPtr, ctypes.c_int, ctypes.c_int64, ctypes.c_int64, ctypes.c_char_p, _owned_p],
        "db",
    ),
    "leadbook_update_latest": (
        _status,
        [DbPtr, ctypes.c_int, ctypes.c_int64, ctypes.c_char_p, _owned_p],
        "db",
    ),
    "leadbook_delete": (_status, [DbPtr, ctypes.c_int, ctypes.c_int64], "db"),
    "leadbook_find": (
        _status,
        [DbPtr, ctypes.c_int, ctypes.c_char_p, ctypes.POINTER(CursorPtr)],
        "db",
    ),
    # Errors of a cursor are reported through its database handle, which the
    # cursor does not give back; the thread's last error holds the same words.
    "leadbook_cursor_next": (_status, [CursorPtr, _c_char_p_p], "thread"),
    "leadbook_cursor_free": (None, [CursorPtr], None),
    "leadbook_count": (
        _status,
        [DbPtr, ctypes.c_int, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int64)],
        "db",
    ),
    "leadbook_bulk_edit": (
        _status,
        [DbPtr, ctypes.c_int, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
         ctypes.POINTER(ctypes.c_int64)],
        "db",
    ),
    "leadbook_assign": (
        _status,
        [DbPtr, ctypes.c_int, ctypes.c_char_p, ctypes.c_int64, ctypes.POINTER(ctypes.c_int64)],
        "db",
    ),
    "leadbook_add_change_listener": (
        _status,
        [DbPtr, CHANGE_FN, ctypes.c_void_p, ctypes.POINTER(ctypes.c_uint64)],
        "db",
    ),
    "leadbook_remove_change_listener": (_status, [DbPtr, ctypes.c_uint64], "db"),
    "leadbook_lead_add_time_stamp": (
        _status,
        [DbPtr, ctypes.c_int64, ctypes.c_int64, ctypes.c_char_p, _owned_p],
        "db",
    ),
    "leadbook_lead_score_breakdown": (_status, [DbPtr, ctypes.c_int64, _owned_p], "db"),
    "leadbook_find_duplicates": (
        _status, [DbPtr, ctypes.c_int64, ctypes.c_char_p, _owned_p], "db"),
    "leadbook_duplicate_groups": (_status, [DbPtr, _owned_p], "db"),
    "leadbook_pick_list": (
        _status, [DbPtr, ctypes.c_char_p, ctypes.c_char_p, _owned_p], "db"),
    "leadbook_pick_list_reorder": (
        _status, [DbPtr, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, _owned_p], "db"),
    "leadbook_pick_list_delete": (
        _status, [DbPtr, ctypes.c_int64, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int64)],
        "db"),
    "leadbook_possible_duplicates": (_status, [DbPtr, _owned_p], "db"),
    "leadbook_merge": (_status, [DbPtr, ctypes.c_char_p, _owned_p], "db"),
    "leadbook_lead_disqualify": (
        _status,
        [DbPtr, ctypes.c_int64, ctypes.c_int64, ctypes.c_char_p, _owned_p],
        "db",
    ),
    "leadbook_lead_reopen": (
        _status,
        [DbPtr, ctypes.c_int64, ctypes.c_int64, _owned_p],
        "db",
    ),
    "leadbook_lead_convert": (
        _status,
        [DbPtr, ctypes.c_int64, ctypes.c_int64, _owned_p],
        "db",
    ),
    "leadbook_history_unlink": (
        _status,
        [DbPtr, ctypes.c_int64, ctypes.c_int64, _owned_p],
        "db",
    ),
    "leadbook_import_csv_file": (_status, _IMPORT_FILE, "db"),
    "leadbook_import_csv_buffer": (_status, _IMPORT_BUFFER, "db"),
    "leadbook_import_vcard_file": (_status, _IMPORT_FILE, "db"),
    "leadbook_import_vcard_buffer": (_status, _IMPORT_BUFFER, "db"),
    "leadbook_import_workbook_file": (_status, _IMPORT_FILE, "db"),
    "leadbook_import_workbook_buffer": (_status, _IMPORT_BUFFER, "db"),
    "leadbook_export_file": (
        _status,
        [DbPtr, ctypes.c_int, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p,
         ctypes.POINTER(ctypes.c_int64)],
        "db",
    ),
    "leadbook_lead_from_email_file": (_status, [DbPtr, ctypes.c_char_p, _owned_p], "db"),
    "leadbook_lead_from_email_buffer": (
        _status,
        [DbPtr, ctypes.c_char_p, ctypes.c_size_t, _owned_p],
        "db",
    ),
    "leadbook_scorer_new": (
        _status,
        [_int32_p, ctypes.c_size_t, ctypes.POINTER(ScorerPtr)],
        "thread",
    ),
    "leadbook_scorer_free": (None, [ScorerPtr], None),
    "leadbook_scorer_words_per_record": (ctypes.c_size_t, [ScorerPtr], None),
    "leadbook_scorer_max_points": (ctypes.c_int32, [ScorerPtr], None),
    "leadbook_scorer_score": (
        _status,
        [ScorerPtr, ctypes.POINTER(ctypes.c_uint64), ctypes.c_size_t, _int32_p, _int32_p,
         _int32_p],
        "thread",
    ),
    "leadbook_tune_weights": (
        _status,
        [ctypes.POINTER(ctypes.c_uint64), ctypes.POINTER(ctypes.c_uint8), ctypes.c_size_t,
         _int32_p, ctypes.c_size_t, _owned_p],
        "thread",
    ),
    "leadbook_scoring_tune": (
        _status,
        [DbPtr, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int64), ctypes.POINTER(ctypes.c_uint8),
         ctypes.c_size_t, ctypes.c_int, _owned_p],
        "db",
    ),
    "leadbook_grade_bands": (_status, [DbPtr, ctypes.c_char_p, _owned_p], "db"),
    "leadbook_set_grade_bands": (
        _status,
        [DbPtr, ctypes.c_char_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int64)],
        "db",
    ),
    "leadbook_report_run": (
        _status,
        [DbPtr, ctypes.c_char_p, ctypes.POINTER(ReportPtr)],
        "db",
    ),
    "leadbook_report_free": (None, [ReportPtr], None),
    "leadbook_report_errmsg": (ctypes.c_char_p, [ReportPtr], None),
    "leadbook_report_info_json": (_status, [ReportPtr, _owned_p], "report"),
    "leadbook_report_groups_json": (_status, [ReportPtr, _owned_p], "report"),
    "leadbook_report_definition_json": (_status, [ReportPtr, _owned_p], "report"),
    "leadbook_report_next_row": (_status, [ReportPtr, _c_char_p_p], "report"),
    "leadbook_report_rewind": (_status, [ReportPtr], "report"),
    "leadbook_report_write": (_status, [ReportPtr, ctypes.c_char_p, ctypes.c_char_p], "report"),
    "leadbook_report_render": (_status, [ReportPtr, ctypes.c_char_p, _owned_p], "report"),
    "leadbook_report_validate": (_status, [DbPtr, ctypes.c_char_p], "db"),
    "leadbook_report_save": (
        _status,
        [DbPtr, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int, _owned_p],
        "db",
    ),
    "leadbook_report_open": (_status, [DbPtr, ctypes.c_char_p, _owned_p], "db"),
    "leadbook_report_list": (_status, [DbPtr, ctypes.c_char_p, _owned_p], "db"),
    "leadbook_report_rename": (_status, [DbPtr, ctypes.c_char_p, ctypes.c_char_p], "db"),
    "leadbook_report_delete": (_status, [DbPtr, ctypes.c_char_p], "db"),
}


def _decode(raw: bytes | None) -> str:
    return raw.decode("utf-8", errors="replace") if raw else ""


def _check_with(message_of: Callable[[tuple[Any, ...]], bytes | None]) -> Callable[..., int]:
    """An errcheck that raises the exception of a failed status, with the
    message ``message_of(args)`` returns."""

    def check(result: int, func: Any, args: tuple[Any, ...]) -> int:
        if result != 0:
            raise error_for_status(result, _decode(message_of(args)), status_name(result))
        return result

    return check


_CHECKS = {
    # Functions whose first argument is a leadbook_db.
    "db": _check_with(lambda args: cast(Optional[bytes], lib.leadbook_errmsg(args[0]))),
    # Functions whose first argument is a leadbook_report.
    "report": _check_with(lambda args: cast(Optional[bytes], lib.leadbook_report_errmsg(args[0]))),
    # Functions that report through the thread's last error.
    "thread": _check_with(lambda args: cast(Optional[bytes], lib.leadbook_last_error())),
}


def status_name(status: int) -> str:
    """The stable name of a status code ("not_found")."""
    return _decode(lib.leadbook_status_name(status))


def _declare(library: ctypes.CDLL, path: str) -> None:
    for name, (restype, argtypes, check) in _SIGNATURES.items():
        try:
            function = getattr(library, name)
        except AttributeError:
            raise ImportError(
                f"{path} has no function {name}: the leadbook library is older than "
                "this Python package",
                path=path,
            ) from None
        function.restype = restype
        function.argtypes = argtypes
        if check is not None:
            function.errcheck = _CHECKS[check]


def package_dir() -> str:
    """The directory of this package."""
    return os.path.dirname(os.path.abspath(__file__))


def _sanitizer_runtime_loaded() -> bool:
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            text = maps.read()
    except OSError:
        return False
    return "libasan" in text or "libclang_rt.asan" in text


def _needs_sanitizer_runtime(path: str) -> bool:
    # An AddressSanitizer build dlopen'ed into a plain python aborts the whole
    # process ("ASan runtime does not come first"), so such a build is only
    # picked when its runtime is already loaded.
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError:
        return False
    return b"libasan.so" in data or b"libclang_rt.asan" in data


#: The soname the system loader knows the library by.
SONAME = "libleadbook.so.0"


def _candidates() -> Iterator[tuple[str, str | None]]:
    """Yields (path, None) to try in order, or (path, reason) for places that
    were looked at and skipped: $LEADBOOK_LIBRARY (alone when set), the
    package's directory, the library `cmake --install` installed with the
    package, the source tree's build directories, then the system loader."""
    env = os.environ.get(LIBRARY_ENV)
    if env:
        # An explicit choice is authoritative: never fall back silently.
        yield env, None
        return
    yield f"${LIBRARY_ENV}", "not set"
    here = package_dir()
    beside = sorted(glob.glob(os.path.join(here, "libleadbook.so*")), key=len)
    if not beside:
        yield os.path.join(here, "libleadbook.so*"), "no such file"
    yield from ((path, None) for path in beside)
    # Where `cmake --install` put the library, when it installed this package.
    try:
        installed: Any = importlib.import_module(f"{__package__}._installed")
    except ImportError:
        yield os.path.join(here, "_installed.py"), "not installed by CMake"
    else:
        yield str(installed.LIBRARY), None
    root = os.path.normpath(os.path.join(here, "..", "..", ".."))
    pattern = os.path.join(root, "build", "*", "libleadbook.so")
    built = glob.glob(pattern)
    if not built:
        yield pattern, "no such file"
    # The most recently built first.
    built.sort(key=os.path.getmtime, reverse=True)
    sanitizer_loaded = None
    for path in built:
        if _needs_sanitizer_runtime(path):
            if sanitizer_loaded is None:
                sanitizer_loaded = _sanitizer_runtime_loaded()
            if not sanitizer_loaded:
                yield path, "a sanitizer build, and libasan is not preloaded"
                continue
        yield path, None
    # The system loader: LD_LIBRARY_PATH, ldconfig's cache, the usual
    # directories.
    yield SONAME, None
    found = ctypes.util.find_library("leadbook")
    if found and found != SONAME:
        yield found, None


def compatible(library_version: str, package_version: str) -> bool:
    """True when a library of ``library_version`` can serve this package
    of ``package_version``: the same major and minor version (the patch
    may differ)."""
    return library_version.split(".")[:2] == package_version.split(".")[:2]


def _library_version(library: ctypes.CDLL, path: str) -> str:
    """The version a loaded library reports, or ImportError when it is not
    a leadbook library at all."""
    try:
        version_function = library.leadbook_version
    except AttributeError:
        raise ImportError(
            f"{path} is not the leadbook library: it has no function leadbook_version",
            path=path,
        ) from None
    version_function.restype = ctypes.c_char_p
    version_function.argtypes = []
    raw: bytes | None = version_function()
    return raw.decode("ascii", errors="replace") if raw else "?"


class Loaded(NamedTuple):
    """The library the package runs on: the handle, where it was found,
    its version and what was looked at before it."""

    library: ctypes.CDLL
    path: str
    version: str
    looked: list[str]


def _load() -> Loaded:
    looked: list[str] = []
    explicit = bool(os.environ.get(LIBRARY_ENV))
    for path, skipped in _candidates():
        if skipped is not None:
            looked.append(f"  {path}: {skipped}")
            continue
        try:
            library = ctypes.CDLL(path)
        except OSError as error:
            if explicit:
                raise ImportError(
                    f"{LIBRARY_ENV}={path} cannot be loaded as the leadbook library: {error}",
                    path=path,
                ) from None
            looked.append(f"  {path}: {error}")
            continue
        try:
            version = _library_version(library, path)
        except ImportError as error:
            if explicit:
                raise ImportError(f"{LIBRARY_ENV}={error}", path=path) from None
            looked.append(f"  {path}: {error}")
            continue
        if not compatible(version, __version__):
            message = (f"{path} is leadbook {version}, and this Python package is leadbook "
                       f"{__version__}; the two need the same major and minor version")
            if explicit:
                raise ImportError(f"{LIBRARY_ENV}={message}", path=path)
            looked.append(f"  {path}: version {version}, not {__version__}")
            continue
        _declare(library, path)
        return Loaded(library, path, version, looked)
    raise ImportError(
        f"cannot load the leadbook C library {__version__} (libleadbook.so) for the leadbook "
        f"Python package {__version__}; set {LIBRARY_ENV} to its path. Looked in:\n"
        + "\n".join(looked)
    )


_loaded = _load()
lib: Any = _loaded.library
free = lib.leadbook_free
library_path: str = _loaded.path
library_version: str = _loaded.version
#: What was looked at, and why it was passed over, before the library was
#: found ("  path: reason" lines).
looked_at: list[str] = _loaded.looked


def take_string(pointer: ctypes.c_void_p) -> str | None:
    """Copies an owned ``char *`` returned through an out-parameter into a
    ``str`` and frees it with leadbook_free at once. ``None`` for NULL."""
    address = pointer.value
    if not address:
        return None
    try:
        return ctypes.string_at(address).decode("utf-8")
    finally:
        pointer.value = None
        free(address)


def take_ids(pointer: Any, count: int) -> list[int]:
    """Copies an owned ``int64_t`` array of ``count`` ids into a list and
    frees it at once."""
    if not pointer:
        return []
    try:
        ids: list[int] = pointer[:count]
        return ids
    finally:
        lib.leadbook_free(ctypes.cast(pointer, ctypes.c_void_p))


def field_schema() -> list[dict[str, Any]]:
    """The fields of every record type, as the library describes them
    (leadbook_field_schema): a list of ``{"collection": "leads", "fields":
    [...]}`` dicts, each field a dict with ``name``, ``type`` (the JSON
    type), ``nullable``, ``system`` (kept by leadbook), ``bytes`` (binary,
    base64 in JSON) and ``fields`` (the members of an object, or of each
    element of an array of objects)."""
    out = ctypes.c_void_p()
    try:
        lib.leadbook_field_schema(ctypes.byref(out))
    finally:
        text = take_string(out)
    schema: list[dict[str, Any]] = json.loads(text or "[]")
    return schema
