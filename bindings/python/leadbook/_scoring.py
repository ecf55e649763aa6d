"""Scoring data the caller keeps itself, without a database
(leadbook_scorer_* of the C API), with the same formulas as stored records
(docs/scoring.md)."""

from __future__ import annotations

import ctypes
import json
import operator
import threading
import weakref
from collections import namedtuple
from collections.abc import Iterable
from typing import Any

from . import _native
from ._errors import InvalidArgument, ValidationError
from ._handle import Closable
from ._native import lib

__all__ = ["Score", "Scorer"]

_INT32_MIN = -(2**31)
_INT32_MAX = 2**31 - 1
_WORD_BITS = 64
_WORD_MASK = (1 << _WORD_BITS) - 1

Score = namedtuple("Score", ["stars", "points", "percent"])
Score.__doc__ = """The score of one record: ``stars`` (0 to 5), ``points``
(met raising weights minus met lowering weights) and ``percent`` (0 to
100)."""


class _ScorerHandle:
    """The native scorer; no reference to the Scorer, so it can be its
    finalizer."""

    def __init__(self, pointer: Any) -> None:
        self.pointer = pointer
        self.lock = threading.Lock()

    def close(self) -> None:
        with self.lock:
            if self.pointer:
                lib.leadbook_scorer_free(self.pointer)
                self.pointer = None


class Scorer(Closable):
    """A compiled list of scoring criteria, for scoring many records at once
    without storing them::

        scorer = leadbook.Scorer([3, 2, -2])   # high raise, normal raise, normal lower
        scorer.max_points                      # 5
        scorer.score({0, 2})                   # Score(stars=1, points=1, percent=20)
        scorer.score_many([[0], [0, 1], 0b100])

    Each criterion is given as signed points, -100 to 100: 1, 2 or 3 (the
    weight low, normal or high) or any other positive number for one that
    raises the score, a negative one for one that lowers it, 0 for one that
    counts nothing. A record is described by the criteria it meets: an iterable of
    criterion positions (0-based), or an ``int`` bit mask (bit i set: it
    meets criterion i). Close the scorer with :meth:`close` or ``with``; a
    dropped scorer is freed when garbage collected.
    """

    def __init__(self, signed_points: Iterable[int]) -> None:
        """Compiles the criteria; :class:`ValidationError` for a value outside
        -100..100."""
        points = list(signed_points)
        for value in points:
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"signed points are ints, not {type(value).__name__}")
            if not _INT32_MIN <= value <= _INT32_MAX:
                raise ValidationError(f"signed points {value} is not -100..100")
        array = (ctypes.c_int32 * len(points))(*points)
        pointer = _native.ScorerPtr()
        lib.leadbook_scorer_new(array, len(points), ctypes.byref(pointer))
        self._count = len(points)
        self._handle = _ScorerHandle(pointer)
        self._finalizer = weakref.finalize(self, self._handle.close)
        self._words = lib.leadbook_scorer_words_per_record(pointer)
        self._max_points: int = lib.leadbook_scorer_max_points(pointer)

    def __len__(self) -> int:
        """The number of criteria."""
        return self._count

    @property
    def max_points(self) -> int:
        """The sum of the points of the raising criteria."""
        return self._max_points

    @property
    def closed(self) -> bool:
        """True once the scorer is closed."""
        return not self._handle.pointer

    def __repr__(self) -> str:
        state = "closed" if self.closed else f"max_points={self._max_points}"
        return f"<leadbook.Scorer of {self._count} criteria ({state})>"

    def _mask_words(self, met: int | Iterable[int]) -> list[int]:
        """The mask words of one record."""
        if isinstance(met, bool):
            raise TypeError("the criteria a record meets are a bit mask or positions, not bool")
        if isinstance(met, int):
            mask = met
            if mask < 0 or mask >> self._count:
                raise ValueError(f"bit mask {mask:#x} names criteria this scorer does not have "
                                 f"({self._count} criteria)")
        else:
            mask = 0
            for position in met:
                index = operator.index(position)
                if not 0 <= index < self._count:
                    raise IndexError(f"criterion {index} out of range (this scorer has "
                                     f"{self._count})")
                mask |= 1 << index
        return [(mask >> (_WORD_BITS * w)) & _WORD_MASK for w in range(self._words)]

    def score_many(self, records: Iterable[int | Iterable[int]]) -> list[Score]:
        """Scores many records in one call: ``records`` is an iterable of the
        criteria each meets (positions or bit masks). Returns a list of
        :class:`Score`, in order."""
        words = []
        count = 0
        for met in records:
            words.extend(self._mask_words(met))
            count += 1
        masks = (ctypes.c_uint64 * len(words))(*words)
        stars = (ctypes.c_int32 * count)()
        points = (ctypes.c_int32 * count)()
        percent = (ctypes.c_int32 * count)()
        with self._handle.lock:
            if not self._handle.pointer:
                raise InvalidArgument("the scorer is closed")
            lib.leadbook_scorer_score(self._handle.pointer, masks, count, stars, points,
                                      percent)
        return [Score(stars[r], points[r], percent[r]) for r in range(count)]

    def score(self, met: int | Iterable[int]) -> Score:
        """The :class:`Score` of one record that meets the criteria ``met``
        (positions or a bit mask)."""
        return self.score_many([met])[0]


def _array(data: Any, ctype: Any, name: str) -> tuple[Any, int]:
    """A ctypes array of ``ctype`` from any buffer with items of its size
    (a numpy array, ``array.array``, ``bytes``) or from an iterable of ints;
    and its length."""
    try:
        view = memoryview(data)
    except TypeError:
        values = [operator.index(v) for v in data]
        return (ctype * len(values))(*values), len(values)
    size = ctypes.sizeof(ctype)
    if view.itemsize != size:
        raise InvalidArgument(f"{name}: a buffer of {size}-byte items is needed, "
                              f"not {view.itemsize}-byte ones")
    count = view.nbytes // size
    return (ctype * count).from_buffer_copy(view.tobytes()), count


def tune_weights(masks: Any, outcomes: Any, current_points: Any) -> dict[str, Any]:
    """Fits the criteria's points to outcomes, from plain arrays, without a
    database (leadbook_tune_weights; docs/scoring.md, "Tuning")::

        report = leadbook.tune_weights(masks, outcomes, [3, 2, -2])
        report["cv_auc_current"], report["cv_auc_points"], report["points"]

    ``masks`` holds each record's criteria as 64-bit bit masks
    (``(len(current_points) + 63) // 64`` words a record), ``outcomes`` one
    value a record (1 converted, 0 lost), ``current_points`` the criteria's
    signed points today. Each may be any buffer of the right item size
    (8 bytes, 1 byte, 4 bytes; e.g. numpy ``uint64``, ``uint8``, ``int32``
    arrays) or an iterable of ints. Returns the report as a dict;
    :class:`ValidationError` for too few outcomes of either kind (fewer than
    30) or outcomes all of one kind."""
    mask_array, words = _array(masks, ctypes.c_uint64, "masks")
    outcome_array, count = _array(outcomes, ctypes.c_uint8, "outcomes")
    points_array, criteria = _array(current_points, ctypes.c_int32, "current_points")
    per_record = max(1, (criteria + 63) // 64)
    if words != count * per_record:
        raise InvalidArgument(f"{count} outcomes need {count * per_record} mask words, "
                              f"not {words}")
    out = ctypes.c_void_p()
    try:
        lib.leadbook_tune_weights(mask_array, outcome_array, count, points_array, criteria,
                                  ctypes.byref(out))
    finally:
        text = _native.take_string(out)
    report: dict[str, Any] = json.loads(text if text is not None else "{}")
    return report


class Scoring:
    """Scoring jobs of a book (``book.scoring``)."""

    def __init__(self, book: Any) -> None:
        self._book = book

    def tune(self, labels: Any, converted: Any = None, *, record_type: str = "lead",
             dry_run: bool = True) -> dict[str, Any]:
        """Tunes the criteria of ``record_type`` from the outcomes of its
        records (leadbook_scoring_tune)::

            report = book.scoring.tune({7: True, 8: False, ...})          # dry run
            book.scoring.tune(ids, converted, dry_run=False)               # apply

        ``labels`` is a mapping of record id to converted (True) or lost
        (False), an iterable of ``(id, converted)`` pairs, or, with
        ``converted``, the record ids as any buffer of 8-byte items (or
        iterable) and ``converted`` their outcomes as any buffer of bytes (or
        iterable). A dry run (the default) changes nothing; otherwise the
        fitted criteria get the tuned points and records are rescored, in
        one transaction. Returns the report as a dict."""
        if converted is None:
            pairs = list(labels.items()) if hasattr(labels, "items") else list(labels)
            ids_array, count = _array([p[0] for p in pairs], ctypes.c_int64, "ids")
            flags, _ = _array([1 if p[1] else 0 for p in pairs], ctypes.c_uint8, "converted")
        else:
            ids_array, count = _array(labels, ctypes.c_int64, "ids")
            flags, flag_count = _array(converted, ctypes.c_uint8, "converted")
            if flag_count != count:
                raise InvalidArgument(f"{count} ids but {flag_count} outcomes")
        out = ctypes.c_void_p()
        try:
            self._book._call(lib.leadbook_scoring_tune, record_type.encode(), ids_array, flags,
                             count, 1 if dry_run else 0, ctypes.byref(out))
        finally:
            text = _native.take_string(out)
        report: dict[str, Any] = json.loads(text if text is not None else "{}")
        return report

    def grade_bands(self, record_type: str = "lead") -> list[dict[str, Any]]:
        """The grade bands of ``record_type`` (leadbook_grade_bands): a list
        of ``{"name": "A", "from": 75, "to": 100}``; a record's grade is the
        band its percent falls in (a manual score's stars times 20). The
        defaults are A 75..100, B 50..74, C 25..49 and D 0..24."""
        bands: list[dict[str, Any]] = self._book._json_call(
            lib.leadbook_grade_bands, record_type.encode())
        return bands

    def set_grade_bands(self, bands: Iterable[dict[str, Any]], *,
                        record_type: str = "lead") -> int:
        """Replaces the grade bands of ``record_type`` and grades its records
        again, in one transaction (leadbook_set_grade_bands)::

            book.scoring.set_grade_bands([{"name": "Hot", "from": 70, "to": 100},
                                          {"name": "Cold", "from": 0, "to": 69}])

        Returns how many grades changed. :class:`ValidationError`, and
        nothing changes, for bands that overlap or leave a gap in 0..100."""
        regraded = ctypes.c_int64()
        self._book._call(lib.leadbook_set_grade_bands, record_type.encode(),
                         json.dumps(list(bands)).encode(), ctypes.byref(regraded))
        return int(regraded.value)
