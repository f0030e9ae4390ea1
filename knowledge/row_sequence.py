"""The sequence protocol of rows made or read when first asked for (``StoredRows``,
``SplicedRows``, ``RowSpan``, ``retrieval.lazy.LazyList``): a subclass gives its length and
its ``i``-th row; slices, bounds, equality with any sequence of the same rows, and copies
(plain lists) are written once here."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any, TypeVar, overload

T = TypeVar("T")


class RowSequence(Sequence[T]):
    def _row(self, index: int) -> T:
        """The row at ``index``, 0 ≤ index < len(self)."""
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        length = len(self)
        if not -length <= index < length:
            raise IndexError(index)
        return self._row(index % length)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, str):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __deepcopy__(self, memo: dict[int, Any]) -> list[T]:
        return copy.deepcopy(list(self), memo)

    def __copy__(self) -> list[T]:
        return list(self)
