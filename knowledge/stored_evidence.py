"""A document's acronym evidence as the extraction cache keeps it: its phrases apart, read when asked for.

Of a document's evidence (knowledge.acronyms.AcronymEvidence), its capitalized phrases are
nearly all of it (16 a document, each with its first sentences), and ``merge_evidence`` reads
them only of a document with a phrase whose initials spell an all-capital token of the corpus.
So the cache keeps the explicit definitions, the tokens and the initials of the phrases
(``EvidenceIndex``, read at once) apart from the phrases (JSON text, read into objects when
first asked for: reading every document's was a tenth of a rebuild at 100,000 passages).
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from knowledge.acronyms import AcronymEvidence, phrase_initials

Phrases = dict[str, tuple[int, bool, list[str]]]
PHRASES: TypeAdapter[Phrases] = TypeAdapter(Phrases)


class EvidenceIndex(BaseModel):
    """A document's acronym evidence but its phrases, and the initials of those (sorted)."""

    explicit: list[tuple[str, str, str]] = Field(default_factory=list)
    shorts: dict[str, list[str]] = Field(default_factory=dict)
    initials: list[str] = Field(default_factory=list)


def evidence_rows(evidence: AcronymEvidence) -> tuple[str, str]:
    """The two texts the cache keeps of ``evidence``: its ``EvidenceIndex`` and its phrases, as JSON."""
    index = EvidenceIndex(explicit=evidence.explicit, shorts=evidence.shorts,
                          initials=sorted(phrase_initials(evidence.phrases)))
    return index.model_dump_json(), PHRASES.dump_json(evidence.phrases).decode()


class StoredEvidence:
    """A document's evidence from the cache's two texts (knowledge.acronyms.Evidence); its phrases
    are those of ``whole`` (its extraction's) when their text cannot be read."""

    def __init__(self, index: EvidenceIndex, phrases: str, whole: Callable[[], AcronymEvidence]) -> None:
        self._index = index
        self._text = phrases
        self._whole = whole
        self._phrases: Phrases | None = None

    @property
    def explicit(self) -> list[tuple[str, str, str]]:
        return self._index.explicit

    @property
    def shorts(self) -> dict[str, list[str]]:
        return self._index.shorts

    @property
    def phrases(self) -> Phrases:
        if self._phrases is None:
            try:
                self._phrases = PHRASES.validate_json(self._text)
            except ValidationError:
                self._phrases = self._whole().phrases
        return self._phrases

    def phrase_initials(self) -> set[str] | None:
        return set(self._index.initials)
