"""Records as Python objects, and Python values as the library's JSON.

The library speaks JSON (see docs/architecture.md, "The domain model"). A
record keeps the JSON object it was read from and converts a field to its
Python type when the field is read: timestamps to aware ``datetime`` (UTC),
dates to ``date``, money to ``Decimal``, binary data to ``bytes``, objects
to records. Which field is which comes from the library's field schema
(``leadbook_field_schema``): the typed record classes (:class:`Lead`,
:class:`BusinessContact`, ...) list no fields of their own.

Values going in are written as JSON by the C-accelerated ``json`` encoder
with one ``default`` hook for the types JSON does not have (aware
datetimes, dates, Decimals, bytes, records); a naive ``datetime`` is
refused everywhere, as the library keeps UTC and a naive time names none.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import decimal
import json
from collections.abc import Callable, Iterator, KeysView, Mapping
from typing import Any, ClassVar, TypeVar

from . import _native
from ._errors import ValidationError

__all__ = [
    "Record",
    "Lead",
    "BusinessContact",
    "Account",
    "User",
    "Criterion",
    "HistoryItem",
    "Opportunity",
    "Stage",
    "MatchingRule",
    "DisqualifyReason",
    "PickListEntry",
    "FieldDefinition",
    "SavedReport",
    "RECORD_CLASSES",
]

JsonObject = dict[str, Any]
_R = TypeVar("_R", bound="Record")

_UTC = datetime.timezone.utc


def _field_names(fields: list[JsonObject], flag: str, nested: bool) -> Iterator[str]:
    """The names of the fields (and, when ``nested``, of their members)
    whose ``flag`` is set in the library's field schema."""
    for field in fields:
        if field[flag]:
            yield field["name"]
        if nested:
            yield from _field_names(field["fields"], flag, nested)


# Both lists come from the library's description of its records
# (leadbook_field_schema), over every record type.
_SCHEMA: list[JsonObject] = _native.field_schema()
# Fields that hold binary data, base64 in JSON and bytes in Python (a lead's
# or contact's photo, a file history item's contents), at any depth.
BYTES_FIELDS = frozenset(
    name for record in _SCHEMA for name in _field_names(record["fields"], "bytes", True))
# Fields leadbook keeps (id, version, timestamps); a new record never names them.
SYSTEM_FIELDS = frozenset(
    name for record in _SCHEMA for name in _field_names(record["fields"], "system", False))

_EMPTY: tuple[Any, ...] = (None, "", b"")


# ---- JSON values to Python values -------------------------------------------


def parse_timestamp(text: str) -> datetime.datetime:
    """The library's ISO 8601 UTC text ("2026-11-27T09:30:00Z") as an aware
    ``datetime`` in UTC."""
    return datetime.datetime.fromisoformat(text).astimezone(_UTC)


def _decode_bytes(text: str) -> bytes:
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        # Not ours to fix: show what the library sent.
        return text.encode("utf-8")


def _read_bytes(value: Any) -> Any:
    # No photo is null in JSON; in Python it is empty bytes, as in C++.
    if value is None:
        return b""
    return _decode_bytes(value) if isinstance(value, str) else value


def _read_timestamp(value: Any) -> Any:
    return parse_timestamp(value) if isinstance(value, str) and value else value


def _read_date(value: Any) -> Any:
    return datetime.date.fromisoformat(value) if isinstance(value, str) and value else value


def _read_money(value: Any) -> Any:
    return decimal.Decimal(value) if isinstance(value, str) and value else value


def _read_custom_value(value: Any) -> Any:
    """A user-defined field's value: a date is {"date": "YYYY-MM-DD"} in
    JSON and a ``date`` here."""
    if isinstance(value, dict):
        if len(value) == 1 and isinstance(value.get("date"), str):
            return datetime.date.fromisoformat(value["date"])
        return Record._from_json(value)
    if isinstance(value, list):
        return [_read_custom_value(item) for item in value]
    return value


_FORMAT_READERS: dict[str, Callable[[Any], Any]] = {
    "timestamp": _read_timestamp,
    "date": _read_date,
    "money": _read_money,
}


class _Field:
    """How one field of a typed record reads: ``read`` converts its JSON
    value (None: as it is)."""

    __slots__ = ("name", "read", "schema")

    def __init__(self, name: str, read: Callable[[Any], Any] | None, schema: JsonObject):
        self.name = name
        self.read = read
        self.schema = schema


def _generic_value(name: str | None, value: Any) -> Any:
    """A JSON value as a record without a schema shows it: objects as
    Records, lists as lists, binary fields (by name) as bytes."""
    if isinstance(value, dict):
        return Record._from_json(value)
    if isinstance(value, list):
        return [_generic_value(None, item) for item in value]
    if name in BYTES_FIELDS:
        return _read_bytes(value)
    return value


# ---- records --------------------------------------------------------------------


class Record:
    """One stored record or a part of one (an e-mail address, a score, a
    line item). The record types have classes of their own (:class:`Lead`,
    :class:`BusinessContact`, :class:`Account`, :class:`User`,
    :class:`Criterion`, :class:`HistoryItem`, :class:`Opportunity`,
    :class:`Stage`, :class:`FieldDefinition`, :class:`SavedReport`); other
    results (an import report, a score breakdown, a change) are plain
    Records.

    Fields read as attributes or items: ``lead.full_name``,
    ``lead["full_name"]``, ``lead.emails[0].address``, ``lead.score.stars``.
    Values are Python types: timestamps are aware ``datetime`` objects in
    UTC, dates are ``datetime.date``, money is ``decimal.Decimal``, binary
    data (``photo``, ``file_bytes``) is ``bytes`` (``b""`` when there is
    none), nested objects are records and lists are lists. A name that is
    not a field raises ``AttributeError`` (``KeyError`` for items).

    Records are read-only snapshots, equal when they are of the same type
    and hold the same values. :meth:`replace` makes a changed copy (to pass
    to ``add_many``, say); change a stored record with the collection's
    ``update``. :meth:`to_dict` gives the JSON data, :meth:`as_dict` the
    Python values (plain dicts and lists, what ``pandas.DataFrame`` takes).
    """

    __slots__ = ("_data", "_kind")

    #: The record type's fields, by name, from the library's field schema;
    #: None for records without a schema.
    _fields: ClassVar[dict[str, _Field] | None] = None
    #: The collection of leadbook_field_schema this class stands for.
    _collection: ClassVar[str | None] = None

    _data: JsonObject
    _kind: str

    def __init__(self, fields: Mapping[str, Any] | Record | None = None, /, *,
                 kind: str = "Record", **more: Any) -> None:
        """Makes a record from a mapping of fields and/or keywords, as they
        would be given to ``add``. A typed record (``Lead(full_name="Jane
        Doe")``) takes only its type's fields (``TypeError`` naming any
        other); ``kind`` names a plain record's type in ``repr``."""
        data: JsonObject = {}
        if fields is not None:
            if isinstance(fields, Record):
                data.update(fields._data)
            else:
                data.update(fields)
        data.update(more)
        if self._fields is not None:
            _check_names(type(self), data)
        else:
            object.__setattr__(self, "_kind", kind)
        object.__setattr__(self, "_data", to_json_value(data))

    @classmethod
    def _from_json(cls: type[_R], data: JsonObject, kind: str = "Record") -> _R:
        """Wraps a decoded JSON object without copying it."""
        record = cls.__new__(cls)
        _set_data(record, data)
        if cls._fields is None:
            _set_kind(record, kind)
        return record

    @property
    def _type_name(self) -> str:
        return self._kind

    def _read(self, name: str, value: Any) -> Any:
        fields = self._fields
        if fields is None:
            return _generic_value(name, value)
        field = fields.get(name)
        if field is None or field.read is None:
            return _generic_value(None, value) if isinstance(value, (dict, list)) else value
        return field.read(value)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        try:
            value = self._data[name]
        except KeyError:
            raise AttributeError(
                f"{self._type_name} record has no field {name!r}", name=name, obj=self
            ) from None
        return self._read(name, value)

    def __getitem__(self, name: str) -> Any:
        """The field ``name``; ``KeyError`` when there is none."""
        try:
            value = self._data[name]
        except KeyError:
            raise KeyError(name) from None
        return self._read(name, value)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(
            f"{self._type_name} records are read-only; use replace() for a changed copy, "
            "or the collection's update() to change a stored record"
        )

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{self._type_name} records are read-only")

    def __contains__(self, name: object) -> bool:
        return name in self._data

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | {k for k in self._data if k.isidentifier()})

    def get(self, name: str, default: Any = None) -> Any:
        """The field ``name``, or ``default`` when there is none."""
        if name in self._data:
            return self[name]
        return default

    def keys(self) -> KeysView[str]:
        """The names of the record's fields, in the library's order."""
        return self._data.keys()

    def to_dict(self) -> JsonObject:
        """The record as plain JSON data (a copy): what ``json.dumps``
        accepts and the library returned, so ``photo`` is base64 text and
        timestamps are ISO 8601 text here."""
        copied: JsonObject = json.loads(json.dumps(self._data))
        return copied

    def as_dict(self) -> dict[str, Any]:
        """The record as a plain dict of Python values (a copy): datetimes,
        dates, Decimals, bytes, and nested records as dicts. Rows like these
        make a ``pandas.DataFrame``."""
        return {name: _plain(self[name]) for name in self._data}

    def replace(self: _R, **changes: Any) -> _R:
        """A copy of the record with ``changes`` made (the record itself
        stays as it is)::

            copy = lead.replace(company="Acme Corp", rating="hot")

        A typed record takes only its type's fields: another name is a
        ``TypeError`` naming it. Values are checked as for ``add``
        (a naive ``datetime`` or a ``float`` amount of money is refused)."""
        if self._fields is not None:
            _check_names(type(self), changes)
        elif any(not isinstance(name, str) for name in changes):
            raise TypeError("field names are strings")
        data = dict(self._data)
        data.update(to_json_value(changes))
        copy = type(self)._from_json(data, self._type_name)
        return copy

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Record):
            # Records of two types differ; a plain Record (a part of a
            # result without a schema) equals a typed one with its values.
            plain = type(self) is Record or type(other) is Record
            return ((plain or type(self) is type(other)) and self._data == other._data)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        parts = []
        for name, value in self._data.items():
            if value in _EMPTY or value == [] or value == {}:
                continue
            shown = self[name]
            parts.append(f"{name}=<{len(shown)} bytes>" if isinstance(shown, bytes)
                         else f"{name}={shown!r}")
        return f"{self._type_name}({', '.join(parts)})"

    def __copy__(self: _R) -> _R:
        return self

    def __deepcopy__(self: _R, memo: dict[int, Any]) -> _R:
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self._data, self._type_name))


_set_data = Record.__dict__["_data"].__set__
_set_kind = Record.__dict__["_kind"].__set__


def _rebuild(cls: type[Record], data: JsonObject, kind: str) -> Record:
    return cls._from_json(data, kind)


def _plain(value: Any) -> Any:
    if isinstance(value, Record):
        return value.as_dict()
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _check_names(cls: type[Record], names: Mapping[str, Any]) -> None:
    fields = cls._fields
    assert fields is not None
    for name in names:
        if name not in fields:
            raise TypeError(
                f"{cls.__name__} has no field {name!r}; its fields are: {', '.join(fields)}")


class CustomValues(Record):
    """The values of a record's user-defined fields (``lead.custom``):
    text, numbers, yes/no as ``bool``, dates as ``datetime.date``."""

    __slots__ = ()

    def _read(self, name: str, value: Any) -> Any:
        return _read_custom_value(value)


class _TypedRecord(Record):
    """A record type with a schema: its kind is its class name."""

    __slots__ = ()

    @property
    def _type_name(self) -> str:
        return type(self).__name__


def _class_name(field_name: str, is_list: bool) -> str:
    """The class name of a nested record: "emails" -> "Email",
    "addresses" -> "Address", "score" -> "Score"."""
    if is_list:
        if field_name.endswith("sses"):
            field_name = field_name[:-2]
        elif field_name.endswith("s") and not field_name.endswith("ss"):
            field_name = field_name[:-1]
    return "".join(part.capitalize() for part in field_name.split("_"))


#: The classes of nested records (Email, Address, Score, Item, ...), by
#: name: one class per shape, shared by every record type that has it, so a
#: lead's e-mail address equals a contact's with the same values.
_NESTED: dict[str, tuple[str, type[Record]]] = {}


def _nested_class(owner: str, field: JsonObject, is_list: bool) -> type[Record]:
    name = _class_name(field["name"], is_list)
    shape = json.dumps(field["fields"], sort_keys=True)
    known = _NESTED.get(name)
    if known is not None and known[0] != shape:
        name = f"{owner}{name}"  # another shape under the same name
        known = _NESTED.get(name)
    if known is not None:
        return known[1]
    cls = type(name, (_TypedRecord,), {"__slots__": (), "__module__": __name__,
                                        "__qualname__": name,
                                        "__doc__": f"A {field['name']} entry of a record."})
    _set_fields(cls, field["fields"])
    _NESTED[name] = (shape, cls)
    globals()[name] = cls  # found by pickle as leadbook._records.<name>
    return cls


def _reader(owner: str, field: JsonObject) -> Callable[[Any], Any] | None:
    """How the JSON value of ``field`` (a field schema entry) becomes its
    Python value; None when it stays as it is."""
    if field["bytes"]:
        return _read_bytes
    members = field["fields"]
    if field["type"] == "object":
        if not members:
            # Custom fields: names the user chose.
            def read_custom(value: Any) -> Any:
                return None if value is None else CustomValues._from_json(value, "Custom")
            return read_custom
        nested = _nested_class(owner, field, False)

        def read_object(value: Any) -> Any:
            return None if value is None else nested._from_json(value)
        return read_object
    if field["type"] == "array":
        if not members:
            def read_list(value: Any) -> Any:
                return None if value is None else list(value)
            return read_list
        element = _nested_class(owner, field, True)
        wrap = element._from_json

        def read_records(value: Any) -> Any:
            return None if value is None else [wrap(item) for item in value]
        return read_records
    return _FORMAT_READERS.get(field.get("format", "none"))


def _set_fields(cls: type[Record], fields: list[JsonObject]) -> None:
    cls._fields = {field["name"]: _Field(field["name"], _reader(cls.__qualname__, field), field)
                   for field in fields}


_COLLECTIONS: dict[str, JsonObject] = {record["collection"]: record for record in _SCHEMA}


def _record_type(cls: type[_R]) -> type[_R]:
    """Gives a record class the fields of its collection in the schema."""
    assert cls._collection is not None
    _set_fields(cls, _COLLECTIONS[cls._collection]["fields"])
    return cls


@_record_type
class Lead(_TypedRecord):
    """A lead (a prospect): a record of ``book.leads``."""

    __slots__ = ()
    _collection = "leads"


@_record_type
class BusinessContact(_TypedRecord):
    """A business contact (a converted lead, or one added as such): a
    record of ``book.contacts``, with the fields of a lead plus ``details``."""

    __slots__ = ()
    _collection = "contacts"


@_record_type
class Account(_TypedRecord):
    """An account (a company or organisation): a record of ``book.accounts``."""

    __slots__ = ()
    _collection = "accounts"


@_record_type
class User(_TypedRecord):
    """A user the database is shared with: a record of ``book.users``."""

    __slots__ = ()
    _collection = "users"


@_record_type
class Criterion(_TypedRecord):
    """A scoring criterion: a record of ``book.criteria``."""

    __slots__ = ()
    _collection = "criteria"


@_record_type
class HistoryItem(_TypedRecord):
    """A communication history item (note, phone log, appointment, task,
    e-mail, file): a record of ``book.history``."""

    __slots__ = ()
    _collection = "history"


@_record_type
class Opportunity(_TypedRecord):
    """An opportunity with its line items: a record of
    ``book.opportunities``; amounts are ``Decimal``."""

    __slots__ = ()
    _collection = "opportunities"


@_record_type
class Stage(_TypedRecord):
    """A sales stage: a record of ``book.stages``."""

    __slots__ = ()
    _collection = "stages"


@_record_type
class FieldDefinition(_TypedRecord):
    """The definition of a user-defined field: a record of ``book.fields``."""

    __slots__ = ()
    _collection = "fields"


@_record_type
class SavedReport(_TypedRecord):
    """A report definition saved by name: a record of ``book.saved_reports``."""

    __slots__ = ()
    _collection = "reports"


@_record_type
class PickListEntry(_TypedRecord):
    """An entry of a pick list (the rating or source list of leads or of
    business contacts): a record of ``book.pick_lists``."""

    __slots__ = ()
    _collection = "pick_lists"


@_record_type
class MatchingRule(_TypedRecord):
    """A rule that says when two leads or business contacts are the same:
    a record of ``book.matching_rules``."""

    __slots__ = ()
    _collection = "matching_rules"


@_record_type
class DisqualifyReason(_TypedRecord):
    """A reason a lead may be disqualified for (``name``): a record of
    ``book.disqualify_reasons``."""

    __slots__ = ()
    _collection = "disqualify_reasons"


#: The record class of each collection of the field schema.
RECORD_CLASSES: dict[str, type[Record]] = {
    cls._collection: cls
    for cls in (Lead, BusinessContact, Account, User, Criterion, HistoryItem, Opportunity, Stage,
                FieldDefinition, SavedReport, MatchingRule, DisqualifyReason, PickListEntry)
    if cls._collection is not None
}
_missing = set(_COLLECTIONS) - set(RECORD_CLASSES)
if _missing:  # a record type the library has and this package has no class for
    raise ImportError(f"leadbook: no record class for the collections {sorted(_missing)}")


def record_from_json(text: str, kind: str | type[Record]) -> Record:
    """A record from the library's JSON text: of class ``kind``, or a plain
    Record of kind ``kind``."""
    if isinstance(kind, type):
        return kind._from_json(json.loads(text))
    return Record._from_json(json.loads(text), kind)


# ---- Python values to JSON ---------------------------------------------------------


def format_timestamp(moment: datetime.datetime) -> str:
    """An aware ``datetime`` as the library's ISO 8601 UTC text,
    "2026-11-27T09:30:00Z" (".123" only when there are milliseconds). A naive
    datetime is a :class:`ValidationError`: it names no time zone, and
    leadbook does not guess one."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValidationError(
            f"{moment.isoformat()} is a naive datetime (no time zone); give an aware one, "
            "for example datetime.datetime(2026, 11, 27, 9, 30, tzinfo=datetime.timezone.utc)"
        )
    moment = moment.astimezone(_UTC)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    millis = moment.microsecond // 1000
    if millis:
        text += f".{millis:03d}"
    return text + "Z"


def _money_text(value: decimal.Decimal) -> str:
    if not value.is_finite():
        raise ValidationError(f"{value} is not an amount")
    return format(value, "f")


def _default(value: Any) -> Any:
    """The ``default`` hook of the JSON encoder: the types JSON lacks."""
    if isinstance(value, Record):
        return value._data
    if isinstance(value, datetime.datetime):
        return format_timestamp(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return _money_text(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, (set, frozenset)):
        return list(value)
    raise TypeError(
        f"a {type(value).__name__} cannot be stored (use str, int, float, bool, bytes, "
        "Decimal, datetime, date, list, dict or None)"
    )


_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False, check_circular=False,
                            default=_default)


def _custom_values(custom: Any) -> Any:
    """A ``custom`` mapping with dates as the library writes custom dates,
    {"date": "YYYY-MM-DD"}."""
    if not isinstance(custom, Mapping):
        return custom
    converted = {}
    for key, value in custom.items():
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            value = {"date": value.isoformat()}
        converted[key] = value
    return converted


def prepare(fields: Mapping[str, Any]) -> Mapping[str, Any]:
    """The fields of a record or change ready for the encoder: only
    ``custom`` needs a look of its own."""
    custom = fields.get("custom")
    if custom and isinstance(custom, Mapping):
        fields = dict(fields)
        fields["custom"] = _custom_values(custom)
    return fields


def to_json_value(value: Any) -> Any:
    """``value`` as plain JSON data (through the encoder, so the rules are
    those of :func:`dumps`)."""
    if isinstance(value, Mapping):
        value = prepare(value)
    return json.loads(_encode(value))


def _encode(value: Any) -> str:
    try:
        return _ENCODER.encode(value)
    except ValueError as error:
        if isinstance(error, ValidationError):
            raise
        # allow_nan=False: NaN and infinities.
        raise ValidationError(f"{error}: NaN and infinity are not numbers JSON can hold") from None
    except RecursionError:
        raise ValidationError("the value nests too deeply (or contains itself)") from None


def dumps(value: Any) -> bytes:
    """``value`` as UTF-8 JSON bytes for the C API."""
    if isinstance(value, Mapping):
        value = prepare(value)
    try:
        return _encode(value).encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValidationError(f"text is not valid Unicode: {error}") from None


def fields_for_new_record(record: Mapping[str, Any] | Record) -> Mapping[str, Any]:
    """The fields of a new record from a mapping or a Record. A Record read
    from a book brings the fields leadbook keeps (id, version, timestamps);
    they are dropped, so a stored record can be copied."""
    if type(record) is dict:  # the usual case, without an ABC check
        return prepare(record)
    if isinstance(record, Record):
        return {k: v for k, v in record._data.items() if k not in SYSTEM_FIELDS}
    if isinstance(record, Mapping):
        return prepare(record)
    raise TypeError(f"a record is a dict or a Record, not {type(record).__name__}")
