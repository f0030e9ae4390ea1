"""Sequences and mappings whose items are made on first access, then kept.

The engine's per-sentence entries (``reader_index.SentenceEntry``) and term sets are
needed for the few dozen sentences a question touches, never for all of a large knowledge
base at once. Made on access from plain data (a record in memory, or its JSON text read from
the saved analysis), a fresh process pays for the sentences it reads and nothing else.
Making an item twice (two threads at once) is harmless: the result is the same.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Generic, TypeVar, overload

S = TypeVar("S")
T = TypeVar("T")
K = TypeVar("K")


class LazyList(Sequence[T], Generic[S, T]):
    """``make(source[i])`` for each ``i``, made when first read."""

    def __init__(self, source: Sequence[S], make: Callable[[S], T]) -> None:
        self._source = source
        self._make = make
        self._made: list[T | None] = [None] * len(source)

    def __len__(self) -> int:
        return len(self._made)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        item = self._made[index]
        if item is None:
            item = self._made[index] = self._make(self._source[index])
        return item


class LazyMapping(Mapping[K, T], Generic[K, S, T]):
    """``make(source[key])`` for each key of ``source``, made when first read."""

    def __init__(self, source: Mapping[K, S], make: Callable[[S], T]) -> None:
        self._source = source
        self._make = make
        self._made: dict[K, T] = {}

    def __getitem__(self, key: K) -> T:
        item = self._made.get(key)
        if item is None:
            item = self._made[key] = self._make(self._source[key])
        return item

    def __contains__(self, key: object) -> bool:
        return key in self._source

    def __iter__(self) -> Iterator[K]:
        return iter(self._source)

    def __len__(self) -> int:
        return len(self._source)
