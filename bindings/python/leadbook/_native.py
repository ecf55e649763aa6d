"""The C library: finding and loading it once, and the signature of every
function of capi/leadbook.h.

Nothing outside this module touches ctypes function objects' declarations,
and every status code is turned into an exception here, in ``_check``.
"""

import ctypes
import glob
import json
import os

from ._errors import error_for_status

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


def _decode(raw):
    return raw.decode("utf-8", errors="replace") if raw else ""


def _check_with(message_of):
    """An errcheck that raises the exception of a failed status, with the
    message ``message_of(args)`` returns."""

    def check(result, func, args):
        if result != 0:
            raise error_for_status(result, _decode(message_of(args)), status_name(result))
        return result

    return check


_CHECKS = {
    # Functions whose first argument is a leadbook_db.
    "db": _check_with(lambda args: lib.leadbook_errmsg(args[0])),
    # Functions whose first argument is a leadbook_report.
    "report": _check_with(lambda args: lib.leadbook_report_errmsg(args[0])),
    # Functions that report through the thread's last error.
    "thread": _check_with(lambda args: lib.leadbook_last_error()),
}


def status_name(status):
    """The stable name of a status code ("not_found")."""
    return _decode(lib.leadbook_status_name(status))


def _declare(library, path):
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


def _package_dir():
    return os.path.dirname(os.path.abspath(__file__))


def _sanitizer_runtime_loaded():
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            text = maps.read()
    except OSError:
        return False
    return "libasan" in text or "libclang_rt.asan" in text


def _needs_sanitizer_runtime(path):
    # An AddressSanitizer build dlopen'ed into a plain python aborts the whole
    # process ("ASan runtime does not come first"), so such a build is only
    # picked from the build tree when its runtime is already loaded.
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError:
        return False
    return b"libasan.so" in data or b"libclang_rt.asan" in data


def _candidates():
    """Yields (path, None) to try in order, or (path, reason) for places that
    were looked at and skipped."""
    env = os.environ.get(LIBRARY_ENV)
    if env:
        # An explicit choice is authoritative: never fall back silently.
        yield env, None
        return
    yield f"${LIBRARY_ENV}", "not set"
    package_dir = _package_dir()
    beside = sorted(glob.glob(os.path.join(package_dir, "libleadbook.so*")), key=len)
    if not beside:
        yield os.path.join(package_dir, "libleadbook.so*"), "no such file"
    for path in beside:
        yield path, None
    root = os.path.normpath(os.path.join(package_dir, "..", "..", ".."))
    pattern = os.path.join(root, "build", "*", "libleadbook.so")
    built = glob.glob(pattern)
    if not built:
        yield pattern, "no such file"
    # The most recently built first.
    built.sort(key=lambda p: os.path.getmtime(p), reverse=True)
    sanitizer_loaded = None
    for path in built:
        if _needs_sanitizer_runtime(path):
            if sanitizer_loaded is None:
                sanitizer_loaded = _sanitizer_runtime_loaded()
            if not sanitizer_loaded:
                yield path, "a sanitizer build, and libasan is not preloaded"
                continue
        yield path, None


def _load():
    looked = []
    for path, skipped in _candidates():
        if skipped is not None:
            looked.append(f"  {path}: {skipped}")
            continue
        try:
            library = ctypes.CDLL(path)
        except OSError as error:
            looked.append(f"  {path}: {error}")
            continue
        # The ABI only grows, so a library that has every function this
        # package declares is one it can use: that is the version check.
        _declare(library, path)
        return library, path
    raise ImportError(
        "cannot load the leadbook C library (libleadbook.so); set "
        f"{LIBRARY_ENV} to its path. Looked in:\n" + "\n".join(looked)
    )


lib, library_path = _load()


def take_string(pointer):
    """Copies an owned ``char *`` returned through an out-parameter into a
    ``str`` and frees it with leadbook_free at once. ``None`` for NULL."""
    if not pointer.value:
        return None
    try:
        return ctypes.string_at(pointer.value).decode("utf-8")
    finally:
        lib.leadbook_free(pointer.value)
        pointer.value = None


def take_ids(pointer, count):
    """Copies an owned ``int64_t`` array of ``count`` ids into a list and
    frees it at once."""
    if not pointer:
        return []
    try:
        return pointer[:count]
    finally:
        lib.leadbook_free(ctypes.cast(pointer, ctypes.c_void_p))


def field_schema():
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
    return json.loads(text)
