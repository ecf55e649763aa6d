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

Records are :class:`Record` objects with attribute access. A book also has
``book.contacts`` (``book.leads.convert`` turns a lead into one),
``book.history``, ``book.opportunities`` (money as decimal strings),
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
environment variable, next to this package (``libleadbook.so*``), and in the
source tree's ``build/*/`` directories.
"""

from . import _errors
from ._errors import *  # noqa: F401,F403 (every exception class, listed in _errors.__all__)
from ._native import lib as _lib
from ._native import library_path
from ._activities import FieldCollection, HistoryCollection, OpportunityCollection
from ._book import Book, ChangeListener, open
from ._collections import Collection, Cursor
from ._leads import CriterionCollection, LeadCollection, UserCollection
from ._records import Record
from ._reports import Report, ReportCollection, ReportGroup
from ._scoring import Score, Scorer

#: The version of the leadbook library this package runs on ("major.minor.patch"),
#: asked of the library when the package is imported: the package and the
#: library are one release, and its version is stated in one place.
__version__ = _lib.leadbook_version().decode("ascii")

__all__ = [
    "open",
    "Book",
    "ChangeListener",
    "Collection",
    "LeadCollection",
    "UserCollection",
    "CriterionCollection",
    "HistoryCollection",
    "OpportunityCollection",
    "FieldCollection",
    "Cursor",
    "Record",
    "Report",
    "ReportCollection",
    "ReportGroup",
    "Score",
    "Scorer",
    "library_version",
    "library_path",
    *_errors.__all__,
]


def library_version():
    """The version of the loaded C library, "major.minor.patch" (the same as
    ``leadbook.__version__``)."""
    return __version__


# Public classes show (and pickle) as leadbook.X, not leadbook._errors.X.
for _name in __all__:
    _object = globals()[_name]
    if isinstance(_object, type):
        _object.__module__ = __name__
del _name, _object
