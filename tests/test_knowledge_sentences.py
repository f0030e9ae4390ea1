"""Sentence splitting and block detection (knowledge.sentences)."""

from __future__ import annotations

import pytest

from knowledge.sentences import split_blocks, split_sentences


def sentences(text: str) -> list[str]:
    return [text[s.start:s.end] for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "The third SPD took place on December 10, 2014 in Washington, D.C. The two sides met.",
            ["The third SPD took place on December 10, 2014 in Washington, D.C.", "The two sides met."],
            id="dc-then-sentence-starter",
        ),
        pytest.param(
            "The next session of the fourth SPD was in Washington, D.C. on March 9, 2016. It was short.",
            ["The next session of the fourth SPD was in Washington, D.C. on March 9, 2016.", "It was short."],
            id="dc-mid-sentence",
        ),
        pytest.param(
            "The U.S. welcomed Kazakhstan's progress. The U.S. Congress agreed.",
            ["The U.S. welcomed Kazakhstan's progress.", "The U.S. Congress agreed."],
            id="us-abbreviation",
        ),
        pytest.param(
            "Talks were held on Dec. 5, 2014 in Vienna. Nothing was signed.",
            ["Talks were held on Dec. 5, 2014 in Vienna.", "Nothing was signed."],
            id="month-abbreviation",
        ),
        pytest.param(
            "Mr. Smith arrived in Almaty. He spoke briefly.",
            ["Mr. Smith arrived in Almaty.", "He spoke briefly."],
            id="mr",
        ),
        pytest.param(
            "President John F. Kennedy spoke in Berlin. The crowd cheered.",
            ["President John F. Kennedy spoke in Berlin.", "The crowd cheered."],
            id="initial",
        ),
        pytest.param(
            "Very informative discussion of #KZUS issues. pic.twitter.com/5O8X9MNm3L",
            ["Very informative discussion of #KZUS issues. pic.twitter.com/5O8X9MNm3L"],
            id="twitter-link-lowercase",
        ),
        pytest.param(
            "See the photos at pic.twitter.com/abc. Next came the talks.",
            ["See the photos at pic.twitter.com/abc.", "Next came the talks."],
            id="url-inside-token",
        ),
        pytest.param(
            "Is it over? Yes! The talks ended in 2016.",
            ["Is it over?", "Yes!", "The talks ended in 2016."],
            id="question-exclamation",
        ),
        pytest.param(
            "Growth was 3.5 percent in 2015. It doubled later.",
            ["Growth was 3.5 percent in 2015.", "It doubled later."],
            id="decimal-number",
        ),
        pytest.param(
            "The key case is Runyon v. McCrary, decided in 1976. Others followed.",
            ["The key case is Runyon v. McCrary, decided in 1976.", "Others followed."],
            id="versus-in-a-case-name",
        ),
        pytest.param(
            "It was shown by Smith et al. (2004) and Jones et al. The result held. The award went to Al. It was short.",
            ["It was shown by Smith et al. (2004) and Jones et al.", "The result held.", "The award went to Al.",
             "It was short."],
            id="et-al",
        ),
        pytest.param(
            "A session lasts 45 min. 10 sessions are offered. Capacity: max. 50 guests. Book early.",
            ["A session lasts 45 min.", "10 sessions are offered.", "Capacity: max. 50 guests.", "Book early."],
            id="min-and-max-before-a-number-not-after-one",
        ),
        pytest.param(
            "It was large.[citation needed] Next it fell. It rose.[3] Then it stayed.",
            ["It was large.[citation needed]", "Next it fell.", "It rose.[3]", "Then it stayed."],
            id="a-note-after-the-stop",
        ),
        pytest.param(
            "It grew to c. 1,300,000 people. It took 30 min. Then it ended.",
            ["It grew to c. 1,300,000 people.", "It took 30 min.", "Then it ended."],
            id="circa-before-a-number",
        ),
        pytest.param(
            "Trams, buses etc. The city grew. Trams etc. Warsaw has them.",
            ["Trams, buses etc.", "The city grew.", "Trams etc. Warsaw has them."],
            id="etc-before-a-sentence-starter",
        ),
        pytest.param(
            'He said "We agree." Then the meeting closed.',
            ['He said "We agree."', "Then the meeting closed."],
            id="closing-quote",
        ),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_sentence_spans_are_offsets_into_the_text() -> None:
    text = "First one here. Second one here."
    spans = split_sentences(text)
    assert [(s.start, s.end) for s in spans] == [(0, 15), (16, 32)]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        pytest.param("— Secretary Pompeo (@SecPompeo) December 13, 2019", "attribution", id="em-dash-attribution"),
        pytest.param("— Kazakh Embassy DC (@KazakhEmbassy) December 9, 2020", "attribution", id="embassy-attribution"),
        pytest.param("-- Jane Doe, 1999", "attribution", id="double-hyphen-attribution"),
        pytest.param("Strategic Partnership Dialogue", "heading", id="heading"),
        pytest.param("US Relations | Political Cooperation", "heading", id="heading-with-bar"),
        pytest.param("The fifth SPD took place on September 20, 2016 in New York City.", "paragraph",
                     id="sentence-is-paragraph"),
        pytest.param("A short line that ends with a colon:", "paragraph", id="colon-is-not-heading"),
    ],
)
def test_block_kind(line: str, kind: str) -> None:
    blocks = split_blocks(line)
    assert [b.kind for b in blocks] == [kind]


def test_one_block_per_line_when_not_hard_wrapped() -> None:
    body = "Commercial Ties\nThe first paragraph. It has two sentences.\n\nThe second paragraph."
    blocks = split_blocks(body)
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Commercial Ties"),
        ("paragraph", "The first paragraph. It has two sentences."),
        ("paragraph", "The second paragraph."),
    ]
    assert [body[b.start:b.end] for b in blocks] == [b.text for b in blocks]


def test_hard_wrapped_paragraphs_are_joined() -> None:
    body = (
        "This is a hard-wrapped paragraph that goes on for a while and\n"
        "continues on the next line without ending the sentence until\n"
        "here. Another sentence.\n"
        "\n"
        "Second paragraph starts here and is also wrapped at about sixty\n"
        "characters per line.\n"
    )
    blocks = split_blocks(body)
    assert [b.text for b in blocks] == [
        "This is a hard-wrapped paragraph that goes on for a while and continues on the next line "
        "without ending the sentence until here. Another sentence.",
        "Second paragraph starts here and is also wrapped at about sixty characters per line.",
    ]
    assert all(b.kind == "paragraph" for b in blocks)
    assert blocks[1].start == body.index("Second")


TWEET = ("Good meeting with Kazakhstani Foreign Minister Tileuberdi yesterday. The U.S. – #Kazakhstan strategic "
         "partnership has never been stronger. pic.twitter.com/eapFi0jMeq")
ATTRIBUTION = "— Secretary Pompeo (@SecPompeo) December 13, 2019"


def test_attribution_line_in_a_document_of_lines() -> None:
    body = "\n".join([
        "The fifth SPD took place on September 20, 2016 in New York City.",
        "The ESPD convened on December 4, 2019 in Washington, D.C., preceeding a visit.",
        TWEET,
        ATTRIBUTION,
    ])
    assert [b.kind for b in split_blocks(body)] == ["paragraph", "paragraph", "paragraph", "attribution"]


def test_short_quotation_ending_in_a_link_is_not_a_heading() -> None:
    line = "Good meeting with Foreign Minister Tileuberdi yesterday. pic.twitter.com/eapFi0jMeq"
    body = "\n".join(["The ESPD convened on December 4, 2019 in Washington, D.C., preceeding a visit.",
                      line, "The talks went well.", ATTRIBUTION])
    assert [b.kind for b in split_blocks(body)][1] == "paragraph"


def test_attribution_after_a_quotation_ending_in_a_link() -> None:
    assert [b.kind for b in split_blocks(TWEET + "\n" + ATTRIBUTION)] == ["paragraph", "attribution"]


@pytest.mark.parametrize("line", ["Phone: (218) 555-0147", "Email: hello@example.com", "Fax: +1 218 555 0100"])
def test_a_labelled_figure_or_address_is_a_statement_not_a_heading(line: str) -> None:
    blocks = split_blocks(f"Contact\n\n{line}\n\nWe answer within a day.")
    assert [b.kind for b in blocks if b.text == line] == ["paragraph"]


def test_a_line_break_inside_a_sentence_does_not_end_it() -> None:
    body = ("Diatomic oxygen gas makes up a fifth of the air, with the formula O\n2. It is more reactive than "
            "either O\n2 or N\n2 and was named in 1777.\n\nOpening hours\n9am to 5pm")
    blocks = split_blocks(body)
    assert [b.text for b in blocks] == [body.split("\n\n")[0].replace("\n", " "), "Opening hours", "9am to 5pm"]
    assert body[blocks[0].start:blocks[0].end].replace("\n", " ") == blocks[0].text  # offsets kept


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param("Uptake of O\n2 from the air is the purpose of respiration.",
                     ["Uptake of O 2 from the air is the purpose of respiration."], id="short-line-before-subscript"),
        pytest.param("Crust: silica SiO\n2, and alumina Al\n2O\n3, in bauxite.",
                     ["Crust: silica SiO 2, and alumina Al 2O 3, in bauxite."], id="formula-in-parts"),
        pytest.param("Trioxygen (O\n3) is known as ozone.", ["Trioxygen (O 3) is known as ozone."], id="open-bracket"),
        pytest.param("Part A\n2 cups of flour", ["Part A", "2 cups of flour"], id="a-heading-is-no-formula"),
        pytest.param("- Option B\n2 more options follow.", ["- Option B", "2 more options follow."], id="list-item"),
        pytest.param("Staff FAQ\n1. How do I reset my password?", ["Staff FAQ", "1. How do I reset my password?"],
                     id="an-acronym-before-a-numbered-list"),
        pytest.param("We ship to the USA\n10 days after the order.", ["We ship to the USA", "10 days after the order."],
                     id="an-acronym-is-no-formula"),
    ],
)
def test_a_subscript_broken_onto_its_own_line_goes_on_with_its_formula(body: str, expected: list[str]) -> None:
    blocks = split_blocks(body)
    assert [b.text for b in blocks] == expected
    assert all(body[b.start:b.end].replace("\n", " ") == b.text for b in blocks)  # offsets kept


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        pytest.param('"Address already in use"', "heading", id="quoted-message"),
        pytest.param("“Permission denied: /var/lib/app”", "heading", id="curly-quoted-message"),
        pytest.param("“We will win.”", "paragraph", id="quoted-sentence"),
        pytest.param('He answered "no"', "paragraph", id="ends-in-a-quote"),
        pytest.param('"Stop!"', "paragraph", id="quoted-exclamation"),
    ],
)
def test_a_quoted_line_without_a_stop_heads_the_prose_after_it(line: str, kind: str) -> None:
    text = f"Known errors\n\n{line}\n\nThis error means the disk is full. Delete old files.\n"
    blocks = split_blocks(text)
    assert [b.kind for b in blocks if b.text == line] == [kind]


def test_a_lone_quotation_among_prose_is_no_heading() -> None:
    text = 'We deliver across the city.\n\n"Delivery took only twenty minutes"\n\nOrders ship daily.\n'
    assert [b.kind for b in split_blocks(text)] == ["paragraph", "paragraph", "paragraph"]
