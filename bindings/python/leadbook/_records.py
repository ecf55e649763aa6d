"""Records as Python objects, and Python values as the library's JSON.

The library speaks JSON (see docs/architecture.md, "The domain model"). A
``Record`` keeps the JSON object it was read from and shows it with
attribute access; values going in are turned into JSON here: ``bytes``
become base64 text, datetimes become ISO 8601 UTC text, Records become
their fields.
"""

import base64
import binascii
import datetime
import json
import math
from collections.abc import Mapping

from . import _native
from ._errors import ValidationError

__all__ = ["Record"]


def _field_names(fields, flag, nested):
    """The names of the fields (and, when ``nested``, of their members)
    whose ``flag`` is set in the library's field schema."""
    for field in fields:
        if field[flag]:
            yield field["name"]
        if nested:
            yield from _field_names(field["fields"], flag, nested)


# Both lists come from the library's description of its records
# (leadbook_field_schema), over every record type.
_SCHEMA = _native.field_schema()
# Fields that hold binary data, base64 in JSON and bytes in Python (a lead's
# or contact's photo, a file history item's contents), at any depth.
BYTES_FIELDS = frozenset(
    name for record in _SCHEMA for name in _field_names(record["fields"], "bytes", True))
# Fields leadbook keeps (id, version, timestamps); a new record never names them.
SYSTEM_FIELDS = frozenset(
    name for record in _SCHEMA for name in _field_names(record["fields"], "system", False))

_EMPTY = (None, "", b"")


class Record:
    """One stored record (a lead, a contact, an account, a user, a history
    item, an opportunity...) or a part of one (an e-mail address, a score,
    a line item).

    Fields read as attributes or items: ``lead.full_name``,
    ``lead["full_name"]``, ``lead.emails[0].address``, ``lead.score.stars``.
    Nested objects are Records too, lists are lists. ``photo`` (and a file
    history item's ``file_bytes``) reads as ``bytes`` (``b""`` when there is
    none); amounts of money are decimal strings ("52.47":
    ``decimal.Decimal(amount)`` converts one exactly); timestamps are ISO 8601 UTC
    strings ("2026-11-27T09:30:00Z"). A name that is not a field raises
    ``AttributeError`` (``KeyError`` for items). Records are read-only
    snapshots: change a stored record with the collection's ``update``.
    """

    __slots__ = ("_data", "_kind")

    def __init__(self, fields=None, /, *, kind="Record", **more):
        """Makes a record from a mapping of JSON fields and/or keywords.
        ``kind`` names the record type in ``repr`` ("Lead")."""
        data = {}
        if fields is not None:
            data.update(fields.to_dict() if isinstance(fields, Record) else to_json_value(fields))
        data.update(to_json_value(more))
        object.__setattr__(self, "_data", data)
        object.__setattr__(self, "_kind", kind)

    @classmethod
    def _from_json(cls, data, kind="Record"):
        """Wraps a decoded JSON object without copying it."""
        record = cls.__new__(cls)
        object.__setattr__(record, "_data", data)
        object.__setattr__(record, "_kind", kind)
        return record

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        try:
            return _python_value(name, self._data[name])
        except KeyError:
            raise AttributeError(
                f"{self._kind} record has no field {name!r}", name=name, obj=self
            ) from None

    def __getitem__(self, name):
        """The field ``name``; ``KeyError`` when there is none."""
        try:
            value = self._data[name]
        except KeyError:
            raise KeyError(name) from None
        return _python_value(name, value)

    def __setattr__(self, name, value):
        raise AttributeError(
            f"{self._kind} records are read-only; change stored records with update()"
        )

    def __delattr__(self, name):
        raise AttributeError(f"{self._kind} records are read-only")

    def __contains__(self, name):
        return name in self._data

    def __dir__(self):
        return sorted(set(super().__dir__()) | {k for k in self._data if k.isidentifier()})

    def get(self, name, default=None):
        """The field ``name``, or ``default`` when there is none."""
        if name in self._data:
            return self[name]
        return default

    def keys(self):
        """The names of the record's fields, in the library's order."""
        return self._data.keys()

    def to_dict(self):
        """The record as plain JSON-compatible dicts and lists (a copy): what
        ``json.dumps`` accepts and the library returned, so ``photo`` is
        base64 text here."""
        return json.loads(json.dumps(self._data))

    def __eq__(self, other):
        if isinstance(other, Record):
            return self._data == other._data
        return NotImplemented

    __hash__ = None

    def __repr__(self):
        parts = []
        for name, value in self._data.items():
            if value in _EMPTY or value == [] or value == {}:
                continue
            if name in BYTES_FIELDS and isinstance(value, str):
                shown = f"<{len(_decode_bytes(name, value))} bytes>"
            else:
                shown = repr(_python_value(name, value))
            parts.append(f"{name}={shown}")
        return f"{self._kind}({', '.join(parts)})"

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __reduce__(self):
        return (_rebuild, (self._data, self._kind))


def _rebuild(data, kind):
    return Record._from_json(data, kind)


def _python_value(name, value):
    """A JSON value as a record shows it: objects as Records, lists as lists,
    binary fields as bytes."""
    if isinstance(value, dict):
        return Record._from_json(value)
    if isinstance(value, list):
        return [_python_value(None, item) for item in value]
    if name in BYTES_FIELDS:
        # No photo is null in JSON; in Python it is empty bytes, as in C++.
        if value is None:
            return b""
        if isinstance(value, str):
            return _decode_bytes(name, value)
    return value


def _decode_bytes(name, text):
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        # Not ours to fix: show what the library sent.
        return text.encode("utf-8")


def record_from_json(text, kind):
    """A Record from the library's JSON text."""
    return Record._from_json(json.loads(text), kind)


def format_timestamp(moment):
    """A ``datetime`` as the library's ISO 8601 UTC text,
    "2026-11-27T09:30:00Z" (".123" only when there are milliseconds). A naive
    datetime is taken to be UTC already."""
    if moment.tzinfo is not None and moment.utcoffset() is not None:
        moment = moment.astimezone(datetime.timezone.utc)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    millis = moment.microsecond // 1000
    if millis:
        text += f".{millis:03d}"
    return text + "Z"


def to_json_value(value, field=None):
    """``value`` as plain JSON data. ``field`` is the name the value belongs
    to, which decides how a ``datetime.date`` inside ``custom`` is written
    ({"date": "YYYY-MM-DD"})."""
    if isinstance(value, Record):
        return value.to_dict()
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValidationError(
                f"{field or 'value'}: {value!r} is not a number JSON can hold"
            )
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, datetime.datetime):
        return format_timestamp(value)
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()} if field == "custom" else value.isoformat()
    if isinstance(value, Mapping):
        converted = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"field names are strings, not {type(key).__name__}: {key!r}")
            # Inside `custom`, every value is a custom field value.
            converted[key] = to_json_value(item, "custom" if field == "custom" else key)
        return converted
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_json_value(item, field) for item in value]
    raise TypeError(
        f"{field or 'value'}: a {type(value).__name__} cannot be stored "
        "(use str, int, float, bool, bytes, datetime, list, dict or None)"
    )


def dumps(value):
    """``value`` as UTF-8 JSON bytes for the C API."""
    text = json.dumps(to_json_value(value), ensure_ascii=False, allow_nan=False)
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValidationError(f"text is not valid Unicode: {error}") from None


def fields_for_new_record(record):
    """The fields of a new record from a mapping or a Record. A Record read
    from a book brings the fields leadbook keeps (id, version, timestamps);
    they are dropped, so a stored record can be copied."""
    if isinstance(record, Record):
        return {k: v for k, v in record.to_dict().items() if k not in SYSTEM_FIELDS}
    if isinstance(record, Mapping):
        return record
    raise TypeError(f"a record is a dict or a Record, not {type(record).__name__}")
