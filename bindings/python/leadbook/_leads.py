"""Collections with operations of their own around leads: ``book.leads``
(time stamps, score breakdowns, conversion into business contacts, import
and export),
``book.users`` and ``book.criteria``."""

from __future__ import annotations

from typing import Any

from ._collections import Collection
from ._handle import as_id
from ._import import ImportExport
from ._native import lib
from ._records import BusinessContact, Criterion, Lead, Record, User

__all__ = ["LeadCollection", "ContactCollection", "UserCollection", "CriterionCollection"]


class LeadCollection(ImportExport, Collection[Lead]):
    """The leads of a book (``book.leads``): a :class:`Collection` with the
    operations only leads have, including import from CSV and vCard files,
    export to CSV, JSON lines and vCard, and capture from an e-mail."""

    def add_time_stamp(self, id: int, *, version: int, text: str = "") -> Lead:
        """Appends a dated line ("2026-11-27 09:30 UTC Ana Silva: text") to
        the notes of lead ``id``, which must still be at ``version``
        (:class:`Conflict` otherwise). Returns the stored lead."""
        encoded = text.encode("utf-8") if text else None  # NULL: no text
        lead: Lead = self._record_call(
            lib.leadbook_lead_add_time_stamp,
            as_id(id),
            as_id(version, "version"),
            encoded,
        )
        return lead

    def disqualify(self, id: int, *, version: int, reason: str) -> Lead:
        """Disqualifies lead ``id`` (still at ``version``, else
        :class:`Conflict`) for ``reason``, a name of
        ``book.disqualify_reasons`` in any case (stored as the list spells
        it); returns the lead, whose ``status`` is ``"disqualified"`` and
        ``status_reason`` the reason. A business note linked to the lead
        records the change. A reason not in the list, or none, is
        :class:`ValidationError` naming the choices; nothing changes then."""
        lead: Lead = self._record_call(
            lib.leadbook_lead_disqualify,
            as_id(id),
            as_id(version, "version"),
            reason.encode("utf-8"),
        )
        return lead

    def reopen(self, id: int, *, version: int) -> Lead:
        """Opens disqualified lead ``id`` again (``status`` ``"open"``, no
        reason), with a business note; an open lead is
        :class:`ValidationError`."""
        lead: Lead = self._record_call(
            lib.leadbook_lead_reopen,
            as_id(id),
            as_id(version, "version"),
        )
        return lead

    def score_breakdown(self, id: int) -> Record:
        """Why lead ``id`` has its score: a Record with ``record_id``,
        ``score`` (the stored score, perhaps set by hand) and ``met``, the
        criteria it meets, each with ``criterion_id``, ``description``,
        ``weight``, ``effect``, the ``points`` it adds (or takes away, when
        negative) and ``counts``; then the totals the criteria give, even
        when the score is manual: ``points`` (may be negative),
        ``max_points``, ``automatic_stars`` and ``automatic_percent``."""
        return score_breakdown(self, id)

    def convert(self, id: int, *, version: int) -> BusinessContact:
        """Turns lead ``id`` into a business contact and returns the contact
        (a Record of ``book.contacts``, with ``details``)::

            contact = book.leads.convert(lead.id, version=lead.version)

        The record keeps its id, and with it its history, photo, custom
        fields, score (an automatic score computed from lead criteria
        becomes a manual score with the same stars, since lead criteria
        count nothing among a contact's), criteria, opportunities and
        account link; afterwards
        it is in ``book.contacts`` and no longer in ``book.leads``. The
        lead must still be at ``version`` (:class:`Conflict` otherwise).
        :class:`ValidationError` if ``id`` is a business contact already,
        :class:`NotFound` if there is no such lead. Nothing changes on
        failure."""
        contact: BusinessContact = self._record_call(
            lib.leadbook_lead_convert,
            as_id(id),
            as_id(version, "version"),
            kind=BusinessContact,
        )
        return contact


def score_breakdown(collection: Collection[Any], id: int) -> Record:
    """The score breakdown of lead or business contact ``id``."""
    breakdown: Record = collection._record_call(lib.leadbook_lead_score_breakdown, as_id(id),
                                                kind="ScoreBreakdown")
    return breakdown


class ContactCollection(Collection[BusinessContact]):
    """The business contacts of a book (``book.contacts``): a
    :class:`Collection` with a score breakdown."""

    def score_breakdown(self, id: int) -> Record:
        """Why business contact ``id`` has its score, as for leads; the lead
        criteria a converted contact still meets are listed last with
        ``counts`` False and 0 points."""
        return score_breakdown(self, id)


class UserCollection(Collection[User]):
    """The users the database is shared with (``book.users``): a
    :class:`Collection` with shortcuts for the usual edits."""

    def deactivate(self, id: int) -> User:
        """Marks user ``id`` inactive (they can no longer be assigned
        records; records assigned to them stay) and returns the stored user.
        Works on the user's current version; :class:`NotFound` if there is
        no such user."""
        return self.update_latest(id, active=False)

    def rename(self, id: int, name: str) -> User:
        """Changes the name of user ``id`` and returns the stored user.
        Works on the user's current version; :class:`ValidationError` for a
        blank name, :class:`NotFound` if there is no such user."""
        if not isinstance(name, str):
            raise TypeError(f"a user's name is a str, not {type(name).__name__}")
        return self.update_latest(id, name=name)


class CriterionCollection(Collection[Criterion]):
    """The scoring criteria (``book.criteria``): records with
    ``record_type`` ("lead", "business_contact"), ``description``,
    ``weight`` ("low", "normal", "high") and ``effect`` ("raise", "lower"),
    or explicit signed ``points`` (-100..100; they replace the weight and
    effect, ``None`` goes back to them).

    A new database has defaults. Adding, changing or deleting a criterion
    rescores every automatically scored record of its type in the same
    transaction."""

    def update(self, id: int, *, version: int | None = None,
               **changes: Any) -> Criterion:
        """Changes criterion ``id`` and returns it::

            book.criteria.update(criterion.id, weight="high")

        Without ``version`` the change applies to the criterion as it is
        now (:meth:`~Collection.update_latest`). With ``version``, the criterion must still
        be at that version (:class:`Conflict` otherwise), as for other
        records."""
        if version is None:
            return self.update_latest(id, **changes)
        return super().update(id, version=version, **changes)

    def list(self, record_type: str | None = None) -> list[Criterion]:
        """The criteria of ``record_type`` ("lead" or "business_contact";
        ``None``: of every type), in the order they were added, as a list."""
        if record_type is None:
            return [*self.find(order_by="id")]
        return [*self.find(record_type=record_type, order_by="id")]
