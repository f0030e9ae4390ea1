"""Tables as one sentence per row (knowledge.tables), in HTML documents as in Markdown."""

from __future__ import annotations

import pytest

from knowledge.tables import proper_nouns, row_sentence
from knowledge.textformats import html_to_text

HEADER = ["Product", "Price", "Origin"]


@pytest.mark.parametrize(
    ("cells", "header", "proper", "expected"),
    [
        pytest.param(["Decaf", "$14", "Colombia"], HEADER, set(), "Decaf: price $14, origin Colombia.",
                     id="issue-example"),
        pytest.param(["Decaf", "D-1", "9"], ["Product", "SKU", "Roast Level"], set(),
                     "Decaf: SKU D-1, roast level 9.", id="acronym-kept-title-case-lowered"),
        pytest.param(["Decaf", "$14", "$15"], ["Product", "Colombia", "iPhone app"], {"Colombia"},
                     "Decaf: Colombia $14, iPhone app $15.", id="proper-noun-and-inner-capital-kept"),
        pytest.param(["Decaf", "", "Colombia"], HEADER, set(), "Decaf: origin Colombia.", id="empty-cell-left-out"),
        pytest.param(["Gift card", "", ""], HEADER, set(), "Gift card.", id="first-cell-only"),
        pytest.param(["", "$3", ""], HEADER, set(), "price $3.", id="no-first-cell"),
        pytest.param(["", "", ""], HEADER, set(), "", id="blank-row"),
        pytest.param(["Phone", "555-0100"], [], set(), "Phone: 555-0100.", id="no-header"),
        pytest.param(["Note", "Ask us first!"], ["Item", "Remark"], set(), "Note: remark Ask us first!",
                     id="no-second-full-stop"),
        pytest.param(["Decaf", "$14", "Colombia", "extra"], HEADER, set(), "Decaf: price $14, origin Colombia, extra.",
                     id="more-cells-than-headers"),
        pytest.param(["Central", "9:00 to 20:00", "Closed"], ["Branch", "Monday to Friday", "Sunday"], set(),
                     "Central: Monday to Friday 9:00 to 20:00, Sunday Closed.", id="days-keep-their-capitals"),
    ],
)
def test_row_sentence(cells: list[str], header: list[str], proper: set[str], expected: str) -> None:
    assert row_sentence(cells, header, proper) == expected


def test_proper_nouns_are_capitalized_mid_sentence_and_never_lower_case() -> None:
    prose = "We buy from Colombia and Brazil. Price lists change, and the price of Decaf rose. Origin matters."
    assert proper_nouns(prose) == {"Colombia", "Brazil", "Decaf"}


def lines(body: str) -> list[str]:
    return [line for line in body.splitlines() if line]


def test_html_table_with_a_head_and_unclosed_cells() -> None:
    title, body = html_to_text(
        "<html><head><title>Shop</title><style>td { color: red }</style><script>var t = 1;</script></head><body>"
        "<nav><a href='/'>Home</a></nav><p>We import beans from Colombia.</p>"
        "<table><caption>Price list</caption><thead><tr><th>Product<th>Price<th>Origin</tr></thead>"
        "<tbody><tr><td>Decaf<td>$14<td>Colombia<tr><td>House <b>blend</b></td><td><p>$12</p></td>"
        "<td>Brazil</td></tr></tbody></table><footer>Copyright</footer></body></html>")
    assert title == "Shop"
    assert lines(body) == ["We import beans from Colombia.", "Price list", "Decaf: price $14, origin Colombia.",
                           "House blend: price $12, origin Brazil."]


def test_html_first_row_of_th_cells_is_the_header() -> None:
    _, body = html_to_text("<table><tr><th>Size</th><th>Price</th></tr><tr><td>Large</td><td>$4</td></tr></table>")
    assert lines(body) == ["Large: price $4."]


def test_html_key_value_table_has_no_header() -> None:
    _, body = html_to_text("<table><tr><th>Phone</th><td>555-0100</td></tr>"
                           "<tr><th>Email</th><td>shop@example.org</td></tr></table>")
    assert lines(body) == ["Phone: 555-0100.", "Email: shop@example.org."]


@pytest.mark.parametrize(
    "html",
    [
        pytest.param("<table role='presentation'><tr><td>Cell one.</td><td>Cell two.</td></tr></table>",
                     id="role-presentation"),
        pytest.param("<table><tr><td><ul><li>Cell one.</li></ul></td><td>Cell two.</td></tr></table>",
                     id="list-in-cell"),
    ],
)
def test_html_layout_table_is_read_as_text(html: str) -> None:
    assert lines(html_to_text(html)[1]) == ["Cell one.", "Cell two."]


def test_html_data_table_inside_a_layout_table() -> None:
    _, body = html_to_text("<table><tr><td><h2>Menu</h2></td><td><table><tr><th>Drink</th><th>Price</th></tr>"
                           "<tr><td>Latte</td><td>$4</td></tr></table></td></tr></table>")
    assert lines(body) == ["Menu", "Latte: price $4."]


def test_html_table_inside_navigation_is_dropped() -> None:
    _, body = html_to_text("<nav><table><tr><td>Home</td><td>About</td></tr></table></nav><p>Open daily.</p>")
    assert lines(body) == ["Open daily."]
