"""The one analyzer: the same terms for passages and questions."""

from __future__ import annotations

import pytest

from retrieval.analyzer import normalize, surface_tokens, terms, version_variants


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("third", ["#3"]),
        ("3rd", ["#3"]),
        ("the 5th SPD", ["#5", "spd"]),
        ("P5+1 talks", ["p5+1", "talk"]),
        ("the C5+1 framework", ["c5+1", "framework"]),
        ("Nur-Sultan", ["nur", "sultan", "nursultan"]),
        ("U.S. relations", ["us", "relat"]),
        ("Kazakhstan’s independence", ["kazakhstan", "independ"]),
        ("recognized", ["recogn"]),
        ("recognize", ["recogn"]),
        ("as you found them", ["find"]),
        ("was founded in 1887", ["found", "1887"]),
    ],
    ids=["word-ordinal", "numeric-ordinal", "ordinal-in-phrase", "p5+1", "c5+1", "hyphenated",
         "dotted-abbreviation", "curly-possessive", "stem-past", "stem-base",
         "found-of-find", "founded"],
)
def test_terms(text: str, expected: list[str]) -> None:
    assert terms(text) == expected


@pytest.mark.parametrize(("text", "expected"), [("\u2791", ["\u2791"]), ("\u0663", ["#3"])],
                         ids=["dingbat-digit-is-a-word", "arabic-indic-digit-is-a-number"])
def test_only_decimal_digits_are_numbers(text: str, expected: list[str]) -> None:
    assert terms(text) == expected


def test_stopwords_are_dropped_but_us_is_kept() -> None:
    assert terms("When was it held in the US?") == ["held", "us"]


def test_normalize_folds_case_quotes_and_dashes() -> None:
    assert normalize("Kazakh – U.S. “Relations”") == 'kazakh - us "relations"'


def test_surface_tokens_keep_words_as_written() -> None:
    assert surface_tokens("Washington, D.C. on March 9") == ["washington", "dc", "on", "march", "9"]


def test_same_path_for_documents_and_questions() -> None:
    sentence = "The third SPD took place in Washington, D.C."
    question = "where did the 3rd SPD take place in washington dc"
    assert set(terms(sentence)) <= set(terms(question)) | {"took"}


def test_remembered_terms_are_the_same_terms_and_fresh_lists() -> None:
    from retrieval.analyzer import _building, remembered_terms

    text = "The third SPD's well-known co-chairs met in Washington, D.C."
    plain = terms(text)
    with remembered_terms():
        first = terms(text)
        first.append("changed")  # a caller's own list: the memo is not touched
        assert terms(text) == plain
    assert first[:-1] == plain
    assert _building.memo is None  # forgotten once the block ends


@pytest.mark.parametrize(
    ("token", "variants"),
    [
        ("2.1", {"2.1.0", "2.1.0.0"}),
        ("2.1.0", {"2.1", "2.1.0.0"}),
        ("v2.1", {"v2.1.0", "v2.1.0.0", "2.1", "2.1.0", "2.1.0.0"}),
        ("1.4.2", {"1.4.2.0"}),
        ("2", set()),
        ("route", set()),
    ],
)
def test_a_version_is_written_with_or_without_its_trailing_zeros(token: str, variants: set[str]) -> None:
    assert version_variants(token) == variants


@pytest.mark.parametrize(("text", "expected"), [
    ("What is P&C?", ["p&c"]),
    ("AT&T and R&D", ["at&t", "r&d"]),
    ("salt & pepper", ["salt", "pepper"]),
])
def test_an_ampersand_between_letters_joins_one_term(text: str, expected: list[str]) -> None:
    assert terms(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Terminals A & B", ["termin", "b"]),  # two letters ("a" a stopword; the engine joins them where documents do)
    ("Shipping&Returns", ["ship", "return"]),  # two words, not an abbreviation
    ("B&Bs and T&Cs", ["b&b", "t&c"]),  # their plurals
])
def test_an_abbreviation_with_an_ampersand_however_written(text: str, expected: list[str]) -> None:
    assert terms(text) == expected
