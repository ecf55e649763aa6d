"""What happens around records: communication history (``book.history``),
opportunities with their money amounts (``book.opportunities``) and the
definitions of user-defined fields (``book.fields``)."""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable, Mapping
from typing import Any

from ._collections import Collection, Cursor
from ._errors import ValidationError
from ._handle import as_id
from ._native import lib
from ._records import (FieldDefinition, HistoryItem, Opportunity, Record, fields_for_new_record,
                       format_timestamp)

__all__ = ["HistoryCollection", "OpportunityCollection", "FieldCollection", "money_text"]

_CENT = decimal.Decimal("0.01")


def money_text(value: Any, what: str = "amount") -> str:
    """An amount of money as the library's decimal text ("19.99").

    ``str`` passes as it is (the library checks it); ``int`` and
    :class:`decimal.Decimal` are written with at most two decimals, and a
    Decimal with more (nonzero) decimals is a :class:`ValidationError`
    rather than being rounded. A ``float`` is a ``TypeError``: binary
    floating point cannot hold most cent amounts (19.99 is
    19.989999999999998...), so money is never taken from one."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise TypeError(f"{what}: an amount is a str, int or decimal.Decimal, not bool")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            raise ValidationError(f"{what}: {value} is not an amount")
        exact = decimal.Context(prec=40, traps=[decimal.InvalidOperation])
        try:
            cents = value.quantize(_CENT, context=exact)
        except decimal.InvalidOperation:
            raise ValidationError(f"{what}: {value} is too large an amount") from None
        if cents != value:
            raise ValidationError(
                f"{what}: {value} has more than two decimals; round it first "
                "(for example with Decimal.quantize)"
            )
        return format(cents, "f")
    if isinstance(value, float):
        raise TypeError(
            f"{what}: money is not taken from a float ({value!r}), which cannot hold most "
            'cent amounts exactly; pass a str ("19.99") or a decimal.Decimal'
        )
    raise TypeError(
        f"{what}: an amount is a str, int or decimal.Decimal, not {type(value).__name__}"
    )


def _percent_value(value: Any, what: str) -> Any:
    """A discount as a JSON number: a Decimal becomes an int or float (two
    decimals survive the trip; the library checks the range)."""
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            raise ValidationError(f"{what}: {value} is not a percentage")
        return int(value) if value == value.to_integral_value() else float(value)
    return value


# Money fields of an opportunity and of its line items. Totals are computed
# by the library; they are converted too so a Record read back can be
# written again.
_MONEY_FIELDS = ("unit_price", "total")


def _line_item(item: Any, index: int) -> dict[str, Any]:
    """One line item with its money as decimal text."""
    if isinstance(item, Record):
        item = item.to_dict()
    if not isinstance(item, Mapping):
        raise TypeError(f"items[{index}]: a line item is a dict, not {type(item).__name__}")
    converted = dict(item)
    for name in _MONEY_FIELDS:
        if name in converted and converted[name] is not None:
            converted[name] = money_text(converted[name], f"items[{index}].{name}")
    if "discount" in converted:
        converted["discount"] = _percent_value(converted["discount"], f"items[{index}].discount")
    return converted


def _opportunity_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of an opportunity with the money of it and of its items
    as decimal text."""
    converted = dict(fields)
    items = converted.get("items")
    if items is not None:
        if isinstance(items, (str, bytes, Mapping)):
            raise TypeError(f"items is a list of line items, not {type(items).__name__}")
        converted["items"] = [_line_item(item, i) for i, item in enumerate(items)]
    if converted.get("total") is not None:
        converted["total"] = money_text(converted["total"], "total")
    return converted


class OpportunityCollection(Collection[Opportunity]):
    """The opportunities of a book (``book.opportunities``): products and
    services a lead, contact or account is interested in::

        deal = book.opportunities.add(
            title="Seats for 2027", linked_to=lead.id,
            items=[{"item": "Seat", "quantity": 3, "unit_price": "19.99",
                    "discount": 12.5}])
        deal.total                                  # Decimal('52.47')
        book.opportunities.find(linked_to=lead.id)

    Money travels as decimal text with at most two decimals: give
    ``unit_price`` as a ``str``, an ``int`` or a :class:`decimal.Decimal`
    (a ``float`` is a ``TypeError``, as floats cannot hold cents exactly).
    Amounts read back (``unit_price``, the computed line ``total`` and the
    opportunity's ``total``) are :class:`decimal.Decimal` values, exactly
    the library's decimal text, and go in again as they are. ``discount`` is a
    percentage from 0 to 100 (a number, two decimals at most), ``quantity``
    a whole number, not negative. ``stage`` is a name from
    ``book.stages`` (the first stage when not given) and sets the
    computed ``probability``. Deleting the linked record deletes its
    opportunities."""

    def add(self, **fields: Any) -> Opportunity:
        """Adds an opportunity (see the class) and returns it with its
        computed totals. :class:`ValidationError` for a missing or blank
        title, a negative quantity, an amount with more than two decimals,
        an unknown stage or a ``linked_to`` that is no lead, contact or
        account."""
        return super().add(**_opportunity_fields(fields))

    def add_many(self, records: Iterable[Mapping[str, Any] | Record]) -> list[int]:
        """Adds opportunities in one transaction, as
        :meth:`Collection.add_many`, with money converted as for
        :meth:`add`."""
        return super().add_many(
            _opportunity_fields(fields_for_new_record(record)) for record in records
        )

    def update(self, id: int, *, version: int, **changes: Any) -> Opportunity:
        """Changes opportunity ``id`` at ``version`` (:class:`Conflict` if it
        was saved since); ``items`` replaces the whole list. Money is
        converted as for :meth:`add`."""
        return super().update(id, version=version, **_opportunity_fields(changes))


def _time_text(value: Any, what: str) -> str:
    """A bound of a history query: an aware datetime, a date (midnight
    UTC), or ISO 8601 text."""
    if isinstance(value, datetime.datetime):
        return format_timestamp(value)
    if isinstance(value, datetime.date):
        return format_timestamp(
            datetime.datetime(value.year, value.month, value.day, tzinfo=datetime.timezone.utc))
    if isinstance(value, str):
        return value
    raise TypeError(f"{what} is a datetime, a date or ISO 8601 text, not {type(value).__name__}")


class HistoryCollection(Collection[HistoryItem]):
    """The communication history of a book (``book.history``): items linked
    to one or more records (leads, contacts, accounts, opportunities)::

        book.history.add(kind="phone_log", subject="Called about prices",
                         links=[lead.id], direction="outgoing", duration=300)
        book.history.add(kind="appointment", subject="Demo", links=[lead.id],
                         start=datetime(2026, 12, 1, 10), end="2026-12-01T11:00:00Z",
                         location="Lisbon office")
        for item in book.history.for_record(lead.id, kind="phone_log"):
            print(item.occurred_at, item.subject)

    Every item has ``kind``, ``subject``, ``body``, ``links`` (ids, at
    least one) and ``occurred_at`` (when it happened; now unless given).
    Each kind has fields of its own, given as keywords:

    - ``business_note``: nothing more.
    - ``phone_log``: ``direction`` ("incoming", "outgoing"), ``duration``
      (seconds).
    - ``appointment``: ``start``, ``end`` (ISO text or datetimes; the end
      may not come before the start), ``location``.
    - ``task``: ``due_date`` (a date or "YYYY-MM-DD"), ``status``
      ("not_started", "in_progress", "completed", "waiting", "deferred"),
      ``priority`` ("low", "normal", "high"), ``percent_complete`` (0-100).
    - ``email``: ``from``, ``to``, ``sent_at``, ``message_id`` (``from`` is
      a Python keyword: pass ``**{"from": ...}`` or read ``item["from"]``).
    - ``file``: ``file_name``, ``file_size``, ``media_type``,
      ``file_path``, ``file_bytes`` (bytes).

    A field of another kind, a link to a missing record or a record linked
    twice is a :class:`ValidationError`, and nothing is stored."""

    def for_record(self, record_id: int, kind: str | None = None,
                   since: datetime.datetime | datetime.date | str | None = None,
                   until: datetime.datetime | datetime.date | str | None = None,
                   limit: int | None = None) -> Cursor[HistoryItem]:
        """The history of record ``record_id``, newest first, as a
        :class:`Cursor`. ``kind`` keeps one kind of item; ``since`` (from,
        inclusive) and ``until`` (before, exclusive) bound ``occurred_at``
        and are aware datetimes (a naive one is a :class:`ValidationError`),
        dates (midnight UTC) or ISO 8601 text;
        ``limit`` is the most items to return."""
        where: list[tuple[str, str, Any]] = [("links", "has", as_id(record_id, "record_id"))]
        if kind is not None:
            where.append(("kind", "eq", kind))
        if since is not None:
            where.append(("occurred_at", "ge", _time_text(since, "since")))
        if until is not None:
            where.append(("occurred_at", "lt", _time_text(until, "until")))
        return self.find(where=where, order_by=["-occurred_at", "-id"], limit=limit)

    def unlink(self, item_id: int, record_id: int) -> HistoryItem | None:
        """Unlinks history item ``item_id`` from record ``record_id`` and
        returns the item as it is now, or ``None`` when unlinking deleted it
        (a business note or phone log left linked to nothing goes;
        appointments, tasks, e-mails and files stay). :class:`NotFound` if
        there is no such item or it is not linked to the record."""
        item: HistoryItem | None = self._record_call(
            lib.leadbook_history_unlink,
            as_id(item_id, "item_id"),
            as_id(record_id, "record_id"),
            optional=True,
        )
        return item


class FieldCollection(Collection[FieldDefinition]):
    """The definitions of user-defined fields (``book.fields``): records
    with ``record_type`` ("lead", "business_contact", "account",
    "opportunity"), ``name``, ``type`` ("text", "number", "date", "yes_no",
    "pick_list") and ``choices`` (pick lists only).

    A record of that type then holds a value under the name in ``custom``,
    checked against the type: a pick list value must be one of the
    choices (:class:`ValidationError` otherwise)."""

    def define(self, record_type: str, name: str, type: str = "text", *,
               choices: Iterable[str] | None = None) -> FieldDefinition:
        """Defines a user-defined field and returns its definition::

            book.fields.define(record_type="lead", name="tier", type="pick_list",
                               choices=["gold", "silver"])
            book.leads.add(full_name="Jane Doe", custom={"tier": "gold"})

        :class:`ValidationError` for an unknown record type or field type, a
        blank name, a name already defined for the record type, or choices
        for a type that is not a pick list."""
        fields: dict[str, Any] = {"record_type": record_type, "name": name, "type": type}
        if choices is not None:
            if isinstance(choices, (str, bytes)):
                raise TypeError("choices is a list of strings, not one string")
            fields["choices"] = list(choices)
        return self.add(**fields)
