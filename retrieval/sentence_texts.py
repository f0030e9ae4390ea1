"""Sentences by their text: the dates and places found in a text at build time, and its id.

Answering asks of a text (a sentence's, or two joined) which dates and places it holds;
a sentence's were found when the knowledge base was built (``Sentence.dates``, ``.places``)
and are read rather than looked for again. A knowledge base in memory is looked up in
dicts by text, made at start. One opened from its store reads its sentences on demand
(knowledge.stored_rows), so its texts are looked up by a hash instead (``TextKeys``: the
CRC-32 of every sentence's text, sorted, with the sentences' positions, saved with the
analysis, ``retrieval.analysis_store``); the sentences of a matching hash are read and
their texts compared, so a collision costs a read, never a wrong answer. Either way, of
several sentences with the same text the last one answers, as the dicts' did.
"""

from __future__ import annotations

import sys
import zlib
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TypeVar

from knowledge.dates import DateMention
from knowledge.models import Sentence

T = TypeVar("T")


def text_key(text: str) -> int:
    return zlib.crc32(text.encode())


@dataclass(frozen=True)
class TextKeys:
    """Each sentence's text's ``text_key``, sorted (``keys``), and the sentence's position (``order``)."""

    keys: array  # type: ignore[type-arg]  # "I", 4 bytes each
    order: array  # type: ignore[type-arg]  # "I": positions in the knowledge base's sentences

    @classmethod
    def of(cls, sentences: Sequence[Sentence]) -> TextKeys:
        pairs = sorted((text_key(s.text), i) for i, s in enumerate(sentences))
        return cls(keys=array("I", [k for k, _ in pairs]), order=array("I", [i for _, i in pairs]))

    def to_bytes(self) -> tuple[bytes, bytes]:
        """Both arrays as little-endian bytes."""
        keys, order = array("I", self.keys), array("I", self.order)
        if sys.byteorder != "little":
            keys.byteswap()
            order.byteswap()
        return keys.tobytes(), order.tobytes()

    @classmethod
    def from_bytes(cls, keys: bytes, order: bytes, size: int) -> TextKeys:
        """The arrays ``to_bytes`` gave, for ``size`` sentences; a ValueError if they do not fit."""
        a, b = array("I"), array("I")
        if a.itemsize != 4:  # pragma: no cover - no such platform here
            raise ValueError("no 4-byte unsigned array type")
        a.frombytes(keys)
        b.frombytes(order)
        if sys.byteorder != "little":
            a.byteswap()
            b.byteswap()
        if len(a) != size or len(b) != size or (size and max(b) >= size):
            raise ValueError("the text keys do not fit the sentences")
        return cls(keys=a, order=b)

    def positions(self, text: str) -> list[int]:
        """The positions of the sentences whose text may be ``text``, in order."""
        key = text_key(text)
        low = bisect_left(self.keys, key)
        return sorted(self.order[low:bisect_right(self.keys, key, low)])


class SentenceTexts:
    """The sentences of a knowledge base by text: in dicts made now, or by ``TextKeys``."""

    def __init__(self, sentences: Sequence[Sentence], keys: TextKeys | None = None) -> None:
        self._sentences = sentences
        self._keys = keys
        self._dates: dict[str, list[DateMention]] = {}

    def _last(self, text: str, fits: Callable[[Sentence], bool]) -> Sentence | None:
        """The last sentence with this text that ``fits`` (by ``TextKeys``)."""
        for position in reversed(self._keys.positions(text) if self._keys is not None else []):
            s = self._sentences[position]
            if s.text == text and fits(s):
                return s
        return None

    @cached_property
    def _places_by_text(self) -> dict[str, list[str]]:
        return {s.text: s.places for s in self._sentences if s.places is not None}

    @cached_property
    def _dates_by_text(self) -> dict[str, list]:  # type: ignore[type-arg]
        return {s.text: s.dates for s in self._sentences if s.dates is not None}

    @cached_property
    def _id_by_text(self) -> dict[tuple[str, str], str]:
        return {(s.doc_id, s.text): s.id for s in self._sentences}

    def places(self, text: str) -> list[str] | None:
        """The places found in the sentence of this text at build time; None: no such sentence."""
        if self._keys is None:
            return self._places_by_text.get(text)
        found = self._last(text, lambda s: s.places is not None)
        return None if found is None else found.places

    def dates(self, text: str) -> list[DateMention] | None:
        """The dates found in the sentence of this text at build time; None: no such sentence."""
        known = self._dates.get(text)
        if known is not None:
            return known
        if self._keys is None:
            stored = self._dates_by_text.get(text)
        else:
            found = self._last(text, lambda s: s.dates is not None)
            stored = None if found is None else found.dates
        if stored is None:
            return None
        mentions = self._dates[text] = [DateMention(d.start, d.end, d.span) for d in stored]  # a sentence's: kept
        return mentions

    def sentence_id(self, doc_id: str, text: str) -> str | None:
        """The id of the sentence of document ``doc_id`` with this text, or None."""
        if self._keys is None:
            return self._id_by_text.get((doc_id, text))
        found = self._last(text, lambda s: s.doc_id == doc_id)
        return None if found is None else found.id
