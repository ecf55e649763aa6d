"""Scoring data the caller keeps itself, without a database
(leadbook_scorer_* of the C API), with the same formulas as stored records
(docs/scoring.md)."""

from __future__ import annotations

import ctypes
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

    Each criterion is given as signed points: 1, 2 or 3 (the weight low,
    normal or high) for one that raises the score, -1, -2 or -3 for one that
    lowers it. A record is described by the criteria it meets: an iterable of
    criterion positions (0-based), or an ``int`` bit mask (bit i set: it
    meets criterion i). Close the scorer with :meth:`close` or ``with``; a
    dropped scorer is freed when garbage collected.
    """

    def __init__(self, signed_points: Iterable[int]) -> None:
        """Compiles the criteria; :class:`ValidationError` for a value other
        than -3..-1 or 1..3."""
        points = list(signed_points)
        for value in points:
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"signed points are ints, not {type(value).__name__}")
            if not _INT32_MIN <= value <= _INT32_MAX:
                raise ValidationError(f"signed points {value} is not -3..-1 or 1..3")
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
        """The sum of the weights of the raising criteria."""
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
