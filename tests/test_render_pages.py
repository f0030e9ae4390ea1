"""A citation of a paged document (PDF) names its page in every rendering: "p. 3"."""

from __future__ import annotations

import pytest

from bot.render import format_plain, format_sources
from bot.telegram.render_html import citation_line, format_quotes
from retrieval.models import Answer, Citation

PAGED = Citation(document="manuals/warranty", title="Grinder Warranty", quote="It lasts two years.", page=3)
UNPAGED = Citation(document="prices", title="Prices", quote="Decaf: price $14.")


@pytest.mark.parametrize(
    ("citation", "line"),
    [
        pytest.param(PAGED, 'Source: Grinder Warranty, p. 3 — "It lasts two years."', id="paged"),
        pytest.param(UNPAGED, 'Source: Prices — "Decaf: price $14."', id="unpaged"),
    ],
)
def test_plain_source_line(citation: Citation, line: str) -> None:
    answer = Answer(text="Two years.", found=True, confidence=0.9, citations=[citation])
    assert format_plain(answer).splitlines()[1] == line


def test_full_sources_name_the_page() -> None:
    answer = Answer(text="Two years.", found=True, confidence=0.9, citations=[PAGED])
    assert format_sources(answer).splitlines()[0] == "[manuals/warranty] Grinder Warranty, p. 3"


def test_telegram_citation_line_and_quotes_name_the_page() -> None:
    assert citation_line([PAGED, UNPAGED]) == "<i>Sources: Grinder Warranty, p. 3; Prices</i>"
    assert format_quotes([PAGED])[0] == "<b>Grinder Warranty, p. 3</b>"
