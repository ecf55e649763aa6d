"""leadbook: track and score sales leads, from Python.

A thin, Pythonic layer over leadbook's C library (libleadbook.so, loaded with
ctypes)::

    import leadbook

    with leadbook.open("crm.db") as book:           # or ":memory:"
        ana = book.users.add(name="Ana Silva", email="ana@example.com")
        lead = book.leads.add(full_name="Jane Doe", company="Acme",
                              assigned_to=ana.id)
        lead = book.leads.update(lead.id, version=lead.version,
                                 company="Acme Corp")
        for lead in book.leads.find(assigned_to=ana.id, order_by="-modified_at"):
            print(lead.full_name, lead.company)

Records are typed (:class:`Lead`, :class:`BusinessContact`, ...
:class:`Record` subclasses) with attribute access and Python values:
aware ``datetime`` (UTC), ``date``, ``Decimal`` for money, ``bytes``. A book also has
``book.contacts`` (``book.leads.convert`` turns a lead into one),
``book.history``, ``book.opportunities`` (money as ``Decimal``),
``book.stages``, ``book.fields`` (user-defined fields) and
``book.criteria`` (scoring), ``book.reports`` (grouped reports as rows,
CSV, JSON or HTML); ``book.on_change`` reports every write.
``book.leads.import_csv``, ``import_vcard``, ``export_csv``,
``export_jsonl``, ``export_vcard`` and ``from_email`` move leads in and
out of files.
:class:`Scorer` scores data kept outside a book. Failures raise
:class:`Error` subclasses that also inherit the matching builtin exception
(:class:`NotFound` is a ``KeyError``, :class:`ValidationError` a
``ValueError``).

The library is looked for, in order, at the path in the ``LEADBOOK_LIBRARY``
environment variable (only there, when it is set), next to this package
(``libleadbook.so*``), in the source tree's ``build/*/`` directories, and
by the system loader (``libleadbook.so.0``). A library of another major
or minor version is passed over (refused, when ``LEADBOOK_LIBRARY`` names
it). ``python -m leadbook`` says which library the package found. See
docs/python.md.
"""

from . import _errors
from ._errors import *  # noqa: F401,F403 (every exception class, listed in _errors.__all__)
from ._native import lib as _lib
from ._native import library_path
from ._native import library_version as _library_version
from ._version import __version__
from ._activities import FieldCollection, HistoryCollection, OpportunityCollection
from ._book import Book, ChangeListener, copy, open
from ._collections import Collection, Cursor, all_of, any_of, linked, not_
from ._leads import ContactCollection, CriterionCollection, LeadCollection, UserCollection
from ._pick_lists import PickListCollection
from ._records import (Account, BusinessContact, Criterion, DisqualifyReason, FieldDefinition,
                       HistoryItem, Lead, MatchingRule, Opportunity, PickListEntry, Record,
                       SavedReport, Stage, User)
from ._reports import Report, ReportCollection, ReportGroup
from ._scoring import Score, Scorer, Scoring, tune_weights

__all__ = [
    "open",
    "copy",
    "Book",
    "ChangeListener",
    "Collection",
    "LeadCollection",
    "ContactCollection",
    "UserCollection",
    "CriterionCollection",
    "HistoryCollection",
    "OpportunityCollection",
    "FieldCollection",
    "Cursor",
    "any_of",
    "all_of",
    "not_",
    "linked",
    "Record",
    "Lead",
    "BusinessContact",
    "Account",
    "User",
    "Criterion",
    "HistoryItem",
    "Opportunity",
    "Stage",
    "FieldDefinition",
    "SavedReport",
    "MatchingRule",
    "DisqualifyReason",
    "PickListCollection",
    "PickListEntry",
    "Report",
    "ReportCollection",
    "ReportGroup",
    "Score",
    "Scorer",
    "Scoring",
    "tune_weights",
    "library_version",
    "library_path",
    "__version__",
    *_errors.__all__,
]


def library_version() -> str:
    """The version of the loaded C library, "major.minor.patch" (the same
    major and minor version as ``leadbook.__version__``, the package's)."""
    return _library_version


# Public classes show (and pickle) as leadbook.X, not leadbook._errors.X.
for _name in __all__:
    _object = globals()[_name]
    if isinstance(_object, type):
        _object.__module__ = __name__
del _name, _object
