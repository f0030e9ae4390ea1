"""bot.render: pure functions from an Answer to text."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.render import (
    clean,
    format_documents,
    format_plain,
    format_sources,
    format_terminal,
    shorten,
)
from retrieval.models import Answer, Citation

LONG_QUOTE = ("The third Strategic Partnership Dialogue was held in Washington, D.C. on "
              "December 10, 2014, with delegations led by the foreign ministers of both countries.")


def answer(**kwargs: object) -> Answer:
    fields: dict[str, object] = {
        "text": "It was held on December 10, 2014.",
        "found": True,
        "confidence": 0.9,
        "citations": [Citation(document="relations", title="Relations", quote=LONG_QUOTE)],
    }
    fields.update(kwargs)
    return Answer.model_validate(fields)


def test_plain_has_text_then_one_compact_source_line() -> None:
    lines = format_plain(answer()).splitlines()
    assert lines[0] == "It was held on December 10, 2014."
    assert lines[1].startswith('Source: Relations — "The third Strategic')
    assert lines[1].endswith('…"')
    assert len(lines) == 2
    assert "\x1b" not in format_plain(answer())


def test_plain_lists_suggestions_only_when_not_found() -> None:
    unsure = answer(text="I don't know.", found=False, citations=[],
                    suggestions=["When was the third SPD?"])
    assert format_plain(unsure).splitlines() == [
        "I don't know.", "You could ask:", "  - When was the third SPD?",
    ]
    assert "You could ask" not in format_plain(answer(suggestions=["x?"]))


def test_terminal_is_coloured_and_says_the_same() -> None:
    coloured = format_terminal(answer())
    assert "\x1b[" in coloured
    assert "December 10, 2014" in coloured and "Relations" in coloured


@pytest.mark.parametrize("render", [format_plain, format_terminal], ids=["plain", "terminal"])
def test_control_characters_from_documents_are_dropped(render: Callable[[Answer], str]) -> None:
    hostile = answer(text="Safe\x1b]0;pwned\x07 text", citations=[
        Citation(document="d", title="T\x1b[2J", quote="q\x00uote")])
    out = render(hostile)
    assert "\x1b]0" not in out and "\x07" not in out and "\x00" not in out and "[2J" in out
    assert "\x1b[2J" not in out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("short quote", "short quote"),
        ("spread   over\nlines", "spread over lines"),
        ("word " * 40, None),
    ],
    ids=["short", "whitespace", "long"],
)
def test_shorten(text: str, expected: str | None) -> None:
    out = shorten(text, limit=50)
    assert len(out) <= 50
    if expected is not None:
        assert out == expected
    else:
        assert out.endswith("…") and not out.endswith(" …")


def test_sources_are_given_in_full() -> None:
    out = format_sources(answer())
    assert out.startswith("[relations] Relations")
    assert LONG_QUOTE in out
    assert "no source" in format_sources(answer(citations=[]))


def test_documents_one_per_line() -> None:
    assert format_documents([("a", "A"), ("b", "B")]) == "[a] A\n[b] B"


def test_clean_keeps_newlines_and_tabs() -> None:
    assert clean("a\nb\tc\x1b") == "a\nb\tc"
