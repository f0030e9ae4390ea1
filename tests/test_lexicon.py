"""The one lexicon: every list of event words is derived from one table, with documented parts."""

from __future__ import annotations

from knowledge import lexicon
from knowledge.lexicon import EVENT_LEXICON, EVENT_PARTS, EVENT_UNITS, EVENT_WORDS, PART_UNITS, event_words


def test_every_part_in_the_table_is_one_the_lexicon_documents() -> None:
    for word, parts in EVENT_LEXICON.items():
        assert parts.split(), word
        assert set(parts.split()) <= EVENT_PARTS, word


def test_the_lists_are_read_off_the_table() -> None:
    assert EVENT_UNITS[:3] == ("meeting", "session", "round")
    assert {"session", "sitting", "part"} == PART_UNITS
    assert {"summit", "summits", "festival", "festivals"} <= EVENT_WORDS
    assert set(event_words("suffix")) == {"meeting", "session", "summit", "round"}


def test_the_extractors_and_the_reader_share_it() -> None:
    from knowledge import event_assembly
    from retrieval import understand

    assert event_assembly.EVENT_HEADS is lexicon.EVENT_HEADS
    assert understand.EVENT_WORDS is lexicon.EVENT_WORDS
