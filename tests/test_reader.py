"""The open-question reader: question kinds, ellipsis, the learned weights, and its answers."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from knowledge.build import build_from_documents
from knowledge.models import Document
from retrieval.answer_spans import short_answer
from retrieval.answer_window import FINISH_CHARS, LIMIT, focus
from retrieval.dialogue import Dialogue
from retrieval.engine import Engine
from retrieval.followups import elliptic, there_named
from retrieval.number_values import value_kind
from retrieval.reader import (
    RERANK,
    Weights,
    candidate_units,
    load_weights,
    paragraph_shares,
    ranked,
    retrieve,
    with_neighbour,
)
from retrieval.reader_decision import DECISION_FEATURES, decision_features, opposites
from retrieval.reader_features import FEATURES, RERANK_FEATURES, QuestionFeatures, features, name_shares
from retrieval.reader_question import asks_whether, expected_kind, read_question
from retrieval.trace import Trace
from retrieval.word_vectors import word_similarity
from tests.engine_support import engine_of, suite_engine

if TYPE_CHECKING:
    from conftest import Result

BRIGHTLEAF = """Brightleaf

Brightleaf is a tea company in Leeds. It was founded in 2014 by Daniel Okafor and Priya Shah.

The chief executive officer is Amara Lewis, who joined the company in 2019.

The Tea Guild of Yorkshire gave the company its gold medal in 2021.

The shop in Leeds opens at 9 am and closes at 6 pm. It sells 40 kinds of tea.

Its best seller is a black tea from Ethiopia, sold at 9 pounds a box.

Orders ship within two days. Shipping to France costs 12 euros and shipping to Germany costs 15 euros.
"""


@pytest.fixture(scope="module")
def brightleaf() -> Engine:
    doc = Document(id="brightleaf", title="Brightleaf", path="brightleaf.txt", sha256="", text=BRIGHTLEAF)
    return Engine(build_from_documents([doc], {}, source="test"))


@pytest.mark.parametrize(("question", "kind"), [
    ("When was Harvard founded?", "date"),
    ("In what year did the war end?", "date"),
    ("How many students attend?", "number"),
    ("What is the population of Warsaw?", "number"),
    ("Who designed the building?", "person"),
    ("Which city hosts the parliament?", "place"),
    ("Why did the empire fall?", "reason"),
    ("What is formed when a phagosome fuses with a lysosome?", "other"),
    ("When B cells replicate, what do their offspring become?", "other"),
])
def test_the_question_word_decides_the_expected_kind(question: str, kind: str) -> None:
    assert expected_kind(question) == kind


@pytest.mark.parametrize(("question", "previous", "read_as"), [
    ("And on Monday?", "When are you open on Saturday?", "When are you open on Monday?"),
    ("And in England?", "How many people live in France?", "How many people live in England?"),
    ("What about 1990?", "What was the population in 1980?", "What was the population in 1990?"),
    ("Who founded it?", "When was Brightleaf founded?", "Who founded it?"),
    ("And mammals?", "How many bird species have been classified in the region?",
     "How many mammals have been classified in the region?"),
    ("And reptiles?", "How many people live in the basin?", "How many reptiles live in the basin?"),
    ("And your email address?", "What is your phone number?", "What is your email address?"),
    ("And Chile?", "What is the GDP of Brazil?", "What is the GDP of Chile?"),
    ("And the second law?", "What does Newton's first law state?", "What does Newton's second law state?"),
    ("What about the third one?", "What does Newton's first law state?", "What does Newton's third law state?"),
    ("And what about Bergen?", "Where was the kontor in Novgorod?", "Where was the kontor in Bergen?"),
    ("And how deep?", "How wide was the canal?", "How wide was the canal how deep?"),
    ("And part-time employees?", "How many days of holiday do employees get?",
     "How many days of holiday do part-time employees get?"),  # the noun both end with
    ("What about adult members?", "How much do junior members pay?", "How much do adult members pay?"),
    ("And for students?", "How much is the membership for adults?", "How much is the membership for students?"),
    ("What about on a kid's card?", "How many books can I take out at once on an adult card?",
     "How many books can I take out at once on a kid's card?"),  # the phrase of its preposition
    # a question of its own after "and" stays as it is
    ("And what did it cost?", "How long did it take to build?", "And what did it cost?"),
    ("And who led it?", "When was the League founded?", "And who led it?"),
    ("And when did it end?", "When did the war begin?", "And when did it end?"),
])
def test_an_ellipsis_reuses_the_previous_question(question: str, previous: str, read_as: str) -> None:
    assert elliptic(question, previous) == read_as


def test_the_shipped_weights_fit_the_features() -> None:
    weights = load_weights()
    assert len(weights.ranker) == len(FEATURES)
    assert len(weights.reranker) == len(RERANK_FEATURES)
    assert len(weights.decision) == len(DECISION_FEATURES)
    assert 0 < weights.threshold < 1


def test_the_decision_counts_the_question_terms_the_sentence_holds_and_lacks(brightleaf: Engine) -> None:
    reader = brightleaf.open.reader
    index = reader.index
    on_topic = read_question("How many kinds of tea does the shop in Leeds sell?", (), index.family, index.spelled_out)
    off_topic = read_question("Which enzyme lets immune cells of the shop react faster to a pathogen?", (),
                              index.family, index.spelled_out)
    values = {}
    for name, question in (("on", on_topic), ("off", off_topic)):
        reading = reader.read(question)
        assert reading is not None
        row = decision_features(question, index, [1.0, 0.5], [0.0] * len(RERANK_FEATURES), reading.entry)
        values[name] = dict(zip(DECISION_FEATURES, row, strict=True))
    on, off = values["on"], values["off"]
    assert on["unmatched_terms"] < off["unmatched_terms"] and off["matched_terms"] <= math.log1p(2)
    assert off["unknown_share_cubed"] == pytest.approx(off["unknown_share"] ** 3) and off["unknown_share"] > 0.5
    assert on["unknown_share_cubed"] == 0.0


ACADEMY = """The Academy

The academy was constructed by three monks in a valley.

The academy sells bread to the people of the valley.

The academy's pupils study music.
"""


def test_the_alignment_counts_a_missing_word_by_its_nearest_word_in_the_sentence() -> None:
    doc = Document(id="academy", title="The Academy", path="academy.txt", sha256="", text=ACADEMY)
    index = Engine(build_from_documents([doc], {}, source="test")).open.reader.index
    built, sells, pupils = (next(e for e in index.entries if e.text.startswith(start)) for start in
                            ("The academy was", "The academy sells", "The academy's"))
    scorer = QuestionFeatures(read_question("Who built the academy?"), index)
    coverage = {e.id: scorer.row(e, 1.0, 1.0, 0, 1.0)[FEATURES.index("coverage")] for e in (built, sells, pupils)}
    assert len(set(coverage.values())) == 1 and coverage[built.id] < 0.2  # "academy" alone, in every sentence
    assert scorer.alignment(built) > max(scorer.alignment(sells), scorer.alignment(pupils)) + 0.2  # "constructed"
    assert scorer.alignment(built) > coverage[built.id]
    studies = QuestionFeatures(read_question("What do the students of the academy learn?"), index)
    assert studies.alignment(pupils) > max(studies.alignment(built), studies.alignment(sells)) + 0.2
    # A follow-up's borrowed term counts only where the sentence has it: "monk" in one sentence.
    borrowed = QuestionFeatures(read_question("Who built it?", ("monk",)), index)
    own, monk = borrowed.weights
    assert borrowed.spelled == [("built",), ()]
    nearest = max(max(0.0, word_similarity("built", w)) for w in index.words(sells))
    assert borrowed.alignment(sells) == pytest.approx(own * nearest / (own + monk))
    assert borrowed.alignment(built) > borrowed.alignment(sells) + monk / (own + monk) - 1e-9


def test_the_reranker_reorders_the_rankers_best_few_and_extends_only_their_rows() -> None:
    ranker = tuple(1.0 if f == "coverage" else 0.0 for f in FEATURES)
    reranker = tuple(1.0 if f == "alignment" else 0.0 for f in RERANK_FEATURES)
    weights = Weights(ranker, (), 0.0, 0.5, reranker=reranker)
    coverage = FEATURES.index("coverage")
    rows = [[0.0] * len(FEATURES) for _ in range(RERANK + 2)]
    for i, row in enumerate(rows):
        row[coverage] = 1.0 - i / 10  # the ranker's order: 0, 1, 2, …
    aligned = {i: (0.9 if i == 1 else 0.5 - i / 10) for i in range(RERANK)}
    scores, order = ranked(rows, weights, aligned.__getitem__)
    assert order == [*sorted(range(RERANK), key=lambda i: -aligned[i]), RERANK, RERANK + 1]
    assert scores == sorted(scores, reverse=True) and len(scores) == RERANK
    assert [len(r) for r in rows] == [len(RERANK_FEATURES)] * RERANK + [len(FEATURES)] * 2
    assert ranked(rows, weights, aligned.__getitem__) == (scores, order)  # read again: the same, not extended twice
    assert [len(r) for r in rows] == [len(RERANK_FEATURES)] * RERANK + [len(FEATURES)] * 2
    with pytest.raises(ValueError, match="do not fit"):
        ranked(rows, Weights(ranker[:-1], (), 0.0, 0.5, reranker=reranker), aligned.__getitem__)


def test_a_name_of_several_words_weighs_as_one_term() -> None:
    question = read_question("Who founded Hollow Oak Roasters in Duluth?")
    shares = dict(zip(question.terms, name_shares(question.terms, question.name_pairs), strict=True))
    assert shares == {"found": 1.0, "hollow": 1 / 3, "oak": 1 / 3, "roaster": 1 / 3, "duluth": 1.0}


def test_a_name_in_the_question_does_not_outweigh_what_is_asked_of_it() -> None:
    docs = [Document(id="about", title="About Hollow Oak Roasters", path="about.md", sha256="",
                     text="About Hollow Oak Roasters\n\nThe company was founded in 2011 by Marta Lindqvist and "
                          "Daniel Okafor. They started by selling beans at the Saturday farmers' market.\n"),
            Document(id="hours", title="Opening hours", path="hours.md", sha256="",
                     text="Opening hours\n\nThe Hollow Oak Roasters café at 214 Ferry Street is open six days "
                          "a week.\n\nSaturday: hours 8:00 am to 5:00 pm.\n")]
    engine = Engine(build_from_documents(docs, {}, source="test"))
    assert "Marta Lindqvist" in engine.answer("Who founded Hollow Oak Roasters?").text
    assert "8:00 am" in engine.answer("When are you open on Saturday?").text  # "open" is not "started"


def test_a_best_sentence_without_an_answer_of_the_kind_is_read_with_its_neighbour() -> None:
    person = FEATURES.index("typed_person")
    rows = [[0.0] * len(FEATURES) for _ in range(4)]
    rows[2][person] = rows[3][person] = 1.0
    ids = [("a#s1",), ("a#s7",), ("a#s1", "a#s2"), ("a#s7", "a#s8")]
    assert with_neighbour([0, 1, 2, 3], ids, rows, "person") == 2  # its own pair, not another's
    assert with_neighbour([0, 1, 3], ids, rows, "person") == 0  # no pair of its own holds one
    rows[0][person] = 1.0
    assert with_neighbour([0, 1, 2, 3], ids, rows, "person") == 0  # it holds one itself
    assert with_neighbour([0, 2], ids, rows, "reason") == 0  # no kind to look for


def test_a_short_answer_is_a_value_of_the_kind_asked() -> None:
    question = read_question("How long is the Amazon River?")
    assert short_answer(question, "The first European to travel the length of the Amazon River was "
                                  "Francisco de Orellana in 1542.") == ""  # a year is no length
    assert short_answer(question, "In 1542 it was found that the Amazon River is 6,400 km long.") == "6,400 km"


def test_one_as_a_pronoun_is_no_count() -> None:
    question = read_question("How many groups practise civil disobedience?")
    assert short_answer(question, "If one cannot justify it, civil disobedience is practised by groups.") == ""
    assert short_answer(question, "Civil disobedience is practised by one of the groups.") == ""
    assert short_answer(question, "Civil disobedience is practised by one group.") == "one group"


@pytest.mark.parametrize(("sentence", "short"), [
    ("The company was founded in Rotterdam in 2009 by Maarten Tallis and Ines Carvalho.",
     "Maarten Tallis and Ines Carvalho"),  # the list whole, not the one name the given names know
    ("It was founded by Daniel Okafor, Priya Shah and Tom Berg in 2014.", "Daniel Okafor, Priya Shah and Tom Berg"),
    ("It was founded by Assistant Secretary Nisha Biswal and Deputy Foreign Minister Yerzhan Ashikbayev.",
     "Nisha Biswal and Yerzhan Ashikbayev"),  # without their titles
    ("In Paris and London Daniel Okafor founded it.", "Daniel Okafor"),  # no list of names
    ("It was founded by Daniel Okafor and MF Global Holdings.", "Daniel Okafor"),  # no person's name
    ("Yesterday Maarten Tallis and Ines Carvalho founded a new company.", "Maarten Tallis and Ines Carvalho"),
    ("Maarten Tallis founded the company in 2009, and Ines Carvalho and Tom Berg ran it.", ""),  # another clause's
    ("It was founded by Maarten Tallis, whose partners Ines Carvalho and Tom Berg joined later.", ""),
    ("Maarten Tallis founded the company and sold it to Sarah Green and Tom Berg.", ""),  # the buyers: an object
    ("The company was founded by its first partners, Maarten Tallis and Ines Carvalho.",
     "Maarten Tallis and Ines Carvalho"),
])
def test_who_is_answered_with_every_name_of_a_list(sentence: str, short: str) -> None:
    assert short_answer(read_question("Who founded the company?"), sentence) == short


def test_a_short_answer_is_one_value_of_the_expected_kind() -> None:
    question = read_question("When was Brightleaf founded?")
    assert short_answer(question, "It was founded in 2014 by Daniel Okafor and Priya Shah.") == "2014"
    two = "It was founded in 2014 and sold in 2019 by the founders."
    assert short_answer(question, two) == ""  # two years near the words: no guess


def test_a_month_is_no_name_a_who_is_answered_with() -> None:
    question = read_question("Who is the security officer?")
    text = "The 1.x series reached end of life on June 30, 2024 and gets no security fixes."
    assert short_answer(question, text) == ""


def test_the_questions_own_number_is_no_answer() -> None:
    question = read_question("How many newtons are in one pound-force?")
    assert short_answer(question, "The kilogram-force is the force of standard gravity on one kilogram of mass.") == ""
    tickets = read_question("How many raffle tickets did the club sell in one year?")
    sold = "The club sold one million raffle tickets in one year."
    assert short_answer(tickets, sold) == "one million raffle tickets"


def test_a_year_is_no_amount_but_a_number_after_of_is() -> None:
    assert short_answer(read_question("What is the population of the town?"),
                        "The town has a population of 1800.") == "1800"


def test_a_count_is_the_number_written_with_the_counted_noun() -> None:
    question = read_question("How many bird species have been classified in the region?")
    text = ("At least 40,000 plant species, 1,294 birds, 427 mammals and 378 reptiles have been classified "
            "in the region.")
    assert short_answer(question, text) == "1,294 birds"
    assert short_answer(read_question("How many lizards have been classified in the region?"), text) == ""


def test_a_long_reply_keeps_the_short_answer_where_it_is_written() -> None:
    text = ("To date, at least 40,000 plant species, 2,200 fishes, 1,294 birds, 427 mammals, 428 amphibians, "
            "and 378 reptiles have been scientifically classified in the region, which is one of the richest "
            "on Earth. One in five of all the bird species in the world live in the rainforests of the Amazon, "
            "and one in five of the fish species live in Amazonian rivers and streams.")
    wanted = [frozenset({t}) for t in ("bird", "speci", "scientif", "classifi", "region")]
    assert "1,294 birds" not in focus(text, wanted, lambda alts: 1.0)
    assert "1,294 birds" in focus(text, wanted, lambda alts: 1.0, keep="1,294 birds")


def test_an_open_question_is_answered_from_the_sentence_that_holds_it(brightleaf: Engine) -> None:
    answer = brightleaf.answer("How much does shipping to Germany cost?")
    assert answer.found and "15 euros" in answer.text
    assert answer.citations and "Germany" in answer.citations[0].quote


def test_an_ellipsis_of_a_plain_noun_counts_it_instead() -> None:
    text = ("To date, at least 40,000 plant species, 2,200 fishes, 1,294 birds, 427 mammals and 378 reptiles have "
            "been scientifically classified in the region. The region is also home to some 2,000 birds and mammals "
            "that nobody has counted.")
    doc = Document(id="amazon", title="Wildlife", path="amazon.txt", sha256="", text=text)
    engine = Engine(build_from_documents([doc], {}, source="test"))
    dialogue = Dialogue()
    first = engine.answer("How many bird species have been scientifically classified in the region?", dialogue)
    assert first.found and first.text.startswith("1,294 birds")
    second = engine.answer("And mammals?", dialogue)
    assert second.found and second.text.startswith("427 mammals")


def test_an_ordinal_of_a_noun_must_be_in_the_sentence_but_not_one_of_a_verb() -> None:
    text = ("In Japan, pharmacists were highly respected. The place of pharmacists in society was expressly "
            "defined in the Taihō Code in 701. The second European to travel the river was Pedro Teixeira.")
    doc = Document(id="notes", title="Notes", path="notes.txt", sha256="", text=text)
    engine = Engine(build_from_documents([doc], {}, source="test"))
    adverb = engine.answer("Which code first defined the place of pharmacists in society?", Dialogue())
    assert adverb.found and "Taihō Code" in adverb.text
    noun = engine.answer("Who was the first European to travel the river?", Dialogue())
    assert not noun.found  # the sentence names the second


def test_a_count_asked_for_must_be_in_the_sentence_a_measure_is_only_evidence() -> None:
    text = "The old bridge crosses the river at Tolmin. Workers built the old bridge over the river from stone."
    doc = Document(id="notes", title="Notes", path="notes.txt", sha256="", text=text)
    reader = Engine(build_from_documents([doc], {}, source="test")).open.reader
    count = reader.read(read_question("How many workers built the old bridge over the river?"))
    assert count is not None and count.value == "count" and not count.typed
    assert not reader.confident(count)  # vetoed, however likely the sentence
    measure = reader.read(read_question("How long did workers take to build the old bridge over the river?"))
    assert measure is not None and measure.value == "measure" and not measure.typed
    assert reader.confident(measure) is (measure.probability >= reader.weights.threshold)
    assert reader.confident(replace(count, value="measure")) is (count.probability >= reader.weights.threshold)


def test_a_follow_up_ellipsis_replaces_the_slot(brightleaf: Engine) -> None:
    dialogue = Dialogue()
    assert "12 euros" in brightleaf.answer("How much does shipping to France cost?", dialogue).text
    assert "15 euros" in brightleaf.answer("And to Germany?", dialogue).text


def test_the_trace_records_each_stage(brightleaf: Engine) -> None:
    trace = Trace()
    brightleaf.answer("How many kinds of tea does the shop sell?", trace=trace)
    stages = [stage for stage, _ in trace.steps]
    assert stages[0] == "parse" and "reader" in stages
    assert any("threshold" in note for stage, note in trace.steps if stage == "reader")


def test_ask_explain_prints_the_stages_to_stderr(cli: Callable[..., Result]) -> None:
    result = cli("ask", "--explain", "What were the P5+1 talks about?")
    assert result.code == 0 and "Iran" in result.out
    assert "parse" in result.err and "route" in result.err


def test_a_long_candidate_is_cut_to_the_clauses_around_the_question_words() -> None:
    filler = "the river rose and fell with the seasons, " * 12
    text = f"In the old days {filler}but the bridge over the Selva was built in 1932 by the county, and {filler}."
    wanted = [frozenset({"bridg"}), frozenset({"built"})]
    window = focus(text, wanted, lambda alts: 1.0)
    assert "bridge over the Selva was built in 1932" in window
    assert window.startswith("…") and window.endswith("…")
    assert len(window) <= LIMIT + FINISH_CHARS + 2
    assert focus("Short enough.", wanted, lambda alts: 1.0) == "Short enough."


def test_the_window_leaves_room_on_both_sides_of_the_question_words() -> None:
    lead = ("In the old days the river rose and fell with the seasons and the boats came and went all year long "
            "while the town grew slowly along the water" + " and" * 20)
    after = (f"{lead}, and in time the largest projects of the county came to be known as megaprojects, while the "
             "rest of the county kept building small bridges and roads for its farms and its villages and its many "
             "churches.")
    wanted = [frozenset({"largest"}), frozenset({"project"}), frozenset({"known"})]
    assert "megaprojects" in focus(after, wanted, lambda alts: 1.0)[:LIMIT]  # as a reply is read (and graded)
    before = ("The United States, on December 25, 1991, was the first to recognize the republic, and "
              + "the river rose and fell with the seasons, " * 8 + ".")
    wanted = [frozenset({"first"}), frozenset({"recogn"}), frozenset({"republ"})]
    assert focus(before, wanted, lambda alts: 1.0).startswith("The United States")


def test_opposites_come_from_the_antonym_table() -> None:
    assert opposites("largest") == {"smallest"}
    assert "north" in opposites("south")
    assert opposites("zucchini") == frozenset()


def test_a_name_the_documents_never_use_is_refused_at_once(brightleaf: Engine) -> None:
    answer = brightleaf.answer("How much is the Peruvian tea?")
    assert not answer.found and "Peruvian" in answer.text


@pytest.mark.parametrize(("question", "expected"), [
    ("How much is the Ethiopian tea?", "9 pounds"),  # a word of the family of "Ethiopia"
    ("When did the TGY give Brightleaf its medal?", "2021"),  # the Tea Guild of Yorkshire
    ("Who is the CEO?", "Amara Lewis"),  # a synonym: "chief executive officer"
], ids=["family", "abbreviation", "synonym"])
def test_a_word_the_documents_hold_another_way_is_known(brightleaf: Engine, question: str, expected: str) -> None:
    answer = brightleaf.answer(question)
    assert "could not find anything" not in answer.text
    assert answer.found and expected in answer.text


@pytest.mark.parametrize("question", [
    "Where is the store?",  # a WordNet synonym: "shop"
    "If I'm in Leeds and don't know, when does the shop open?",  # "I'm", "don't": no words to know
])
def test_an_ordinary_word_said_another_way_is_no_grounds_for_refusal(brightleaf: Engine, question: str) -> None:
    assert "could not find anything" not in brightleaf.answer(question).text


def test_numbered_streets_are_no_series_of_events() -> None:
    text = ("Riverton\n\nThe market is on Fifth Street. The First Street bridge opened in 1990. "
            "Second Street runs north to the old mill, where the river bends.\n")
    doc = Document(id="riverton", title="Riverton", path="riverton.txt", sha256="", text=text)
    engine = Engine(build_from_documents([doc], {}, source="test"))
    answer = engine.answer("Where does Second Street run to?")
    assert "edition" not in answer.text and "mill" in answer.text


def test_a_role_asked_with_more_to_it_is_read_from_the_sentences() -> None:
    text = ("Lakeside College\n\nPresident Ada Moore led the college from 1950. President Tom Reyes "
            "followed her in 1971.\n\nThe college was founded in 1890, and its first president was "
            "William Harper, a teacher from Ohio.\n")
    doc = Document(id="lakeside", title="Lakeside College", path="lakeside.txt", sha256="", text=text)
    answer = Engine(build_from_documents([doc], {}, source="test")).answer("Who was the first president?")
    assert answer.found and "William Harper" in answer.text


def test_the_features_of_a_question_kept_for_all_its_candidates_are_each_candidates_own(brightleaf: Engine) -> None:
    index = brightleaf.open.reader.index
    question = read_question("Who founded the tea company in Leeds, and when?", (), index.family, index.spelled_out)
    hits = retrieve(index, question)
    units = candidate_units(index, hits)
    shares = paragraph_shares(index, hits)
    kept = QuestionFeatures(question, index)
    rows = [kept.row(e, s, hits[0][1], r, shares[e.paragraph]) for e, s, r in units]
    assert len(units) > 3 and all(len(row) == len(FEATURES) for row in rows)
    assert rows == [features(question, index, e, s, hits[0][1], r, shares[e.paragraph]) for e, s, r in units]
    coverage = FEATURES.index("coverage")
    assert max(row[coverage] for row in rows) > 0.5  # "founded", "tea", "company", "leeds" in the first sentence


def test_a_count_short_answer_holds_the_noun_it_counts() -> None:
    question = read_question("How many city blocks did it sweep through?")
    text = "In just eight hours, it swept through 146 city blocks, destroyed over 2,000 buildings."
    assert short_answer(question, text) == "146 city blocks"


def test_a_year_of_the_next_century_is_a_year() -> None:
    question = read_question("By what year could the basin lose its forest cover?")
    assert short_answer(question, "A model shows a complete loss of forest cover by 2100.") == "2100"


@pytest.mark.parametrize(("text", "whether"), [
    ("Can I return coffee?", True), ("Do you ship abroad?", True), ("Is the café open on Sundays?", True),
    ("Was the school ever affiliated with a church?", True), ("Is what industry attracted?", False),
    ("Where can I return coffee?", False), ("Canada's capital?", False), ("When is it free?", False),
])
def test_a_yes_or_no_question_is_known_by_its_opening(text: str, whether: bool) -> None:
    assert asks_whether(text) is whether


def test_a_count_is_not_read_inside_another_number() -> None:
    question = read_question("How many city blocks did it sweep through?")
    assert short_answer(question, "In 2014 it swept through 14 city blocks.") == "14 city blocks"


HOURS = """Opening hours

Saturday: 8 am to 5 pm. Sunday: 9 am to 2 pm.

We are closed on Mondays and on public holidays.

Our roastery ships coffee to every state.
"""


def test_a_yes_or_no_question_is_answered_by_the_opposite_of_its_word() -> None:
    """"Are you open on Monday?": "closed" answers it; to a wh-question an opposite is no match."""
    assert "close" in read_question("Are you open on Monday?").alternatives[0]
    assert "close" not in read_question("When do you open on Monday?").alternatives[0]
    doc = Document(id="hours", title="Opening hours", path="hours.txt", sha256="", text=HOURS)
    answer = Engine(build_from_documents([doc], {}, source="test")).answer("Are you open on Monday?", Dialogue())
    assert answer.found and "closed on Mondays" in answer.text


PARTNERS = """Contracts

Other forms include Public-Private Partnering (PPPs), in which a private company builds and runs
a public road for a fee.

Two engineers of the firm are Fields Medalists. The firm rebuilt the parish hall.
"""


def test_a_name_the_documents_write_longer_is_no_unknown_name() -> None:
    """"PPP" where the documents write "PPPs" (an abbreviation's plural, which the analyzer reads
    as the abbreviation) is read as it; "Fields Medal" where they write "Fields Medalists" is not
    refused as never mentioned."""
    doc = Document(id="contracts", title="Contracts", path="contracts.txt", sha256="", text=PARTNERS)
    engine = Engine(build_from_documents([doc], {}, source="test"))
    assert "ppp" in engine.open.reader.index.vocabulary
    answer = engine.answer("What is PPP?", Dialogue())
    assert answer.found and "Public-Private Partnering" in answer.text
    trace = Trace()
    engine.answer("Which Fields Medal winners work at the firm?", Dialogue(), trace)
    assert not any(stage == "unknown" for stage, _ in trace.steps)
    paris = engine.answer("Where is Paris?", Dialogue())  # "parish" is no form of the name
    assert not paris.found and "Paris" in paris.text


def test_a_document_whose_name_holds_a_plus_is_cited_and_read_by_its_own_words() -> None:
    doc = Document(id="c++notes", title="C++ Notes", path="c++notes.txt", sha256="",
                   text="C++ Notes\n\nThe compiler was written by Ada Brown.\n\nThe linker was written by Tom Green.\n")
    engine = Engine(build_from_documents([doc], {}, source="test"))
    answer = engine.answer("Who wrote the linker?")
    assert "Tom Green" in answer.text
    assert [c.quote for c in answer.citations] == ["The linker was written by Tom Green."]
    index = engine.open.reader.index
    alone = next(e for e in index.entries if e.text.startswith("The linker"))
    assert not alone.joined and index.words(alone) == frozenset({"linker", "written", "tom", "green"})


def test_an_ordinal_ellipsis_replaces_only_an_ordinal_of_something() -> None:
    assert "per first" not in elliptic("And the first?", "What is the speed in meters per second?")
    # "in 1687" is no noun of the ordinal: it is not dropped ("What does Newton's second in state?")
    assert "1687" in elliptic("And the second in 1687?", "What does Newton's first law state?")


def test_a_phone_or_an_email_asked_for_must_be_in_the_sentence(tmp_path: Path) -> None:
    (tmp_path / "offices.md").write_text(
        "# Offices\n\nThe Lisbon office is at Rua da Prata 120, 1100-420 Lisboa. It opened in 2021.\n\n"
        "The Hamburg office is at Am Sandtorkai 41. Its phone number is +49 40 555 0142.\n\n"
        "Karim Haddad is the Payroll Lead. He answers questions about salary slips at payroll@example.org.\n",
        encoding="utf-8")
    engine = Engine.from_folder(tmp_path)
    hamburg = engine.answer("What is the phone number of the Hamburg office?")
    assert hamburg.found and "+49 40 555 0142" in hamburg.text, hamburg.text
    email = engine.answer("What is the email address of the Payroll Lead?")
    assert email.found and "payroll@example.org" in email.text, email.text
    (tmp_path / "offices.md").write_text("# Offices\n\nThe Lisbon office is at Rua da Prata 120, 1100-420 Lisboa. "
                                         "It opened on 15 April 2021 and is our newest office.\n", encoding="utf-8")
    lisbon = Engine.from_folder(tmp_path).answer("What is the phone number of the Lisbon office?")
    assert not lisbon.found, lisbon.text  # its address is no number to call


def test_a_when_asked_with_a_year_needs_another_word_of_it(tmp_path: Path) -> None:
    (tmp_path / "newton.txt").write_text(
        "Newton\n\nSir Isaac Newton formulated laws of motion that were not improved on for three hundred years. "
        "By the early 20th century, Einstein had developed a theory of relativity.\n", encoding="utf-8")
    answer = Engine.from_folder(tmp_path).answer("In what year was Isaac Newton born?")
    assert not answer.found, answer.text  # "years" is how it asks, not what about


@pytest.mark.parametrize(("question", "previous", "named"), [
    ("Who is the People Partner there?", "Who is the office manager in Lisbon?", "Lisbon"),
    ("Who is the office manager there?", "Who joined the company in March?", ""),  # a month says when
    ("Who is the People Partner?", "Who is the office manager in Lisbon?", ""),  # no "there"
])
def test_there_is_the_last_place_the_previous_question_named(question: str, previous: str, named: str) -> None:
    assert there_named(question, previous) == named


def test_only_a_question_asking_for_the_address_or_number_needs_one(tmp_path: Path) -> None:
    (tmp_path / "it.md").write_text(
        "# IT\n\nEmail messages are kept for 90 days. The monthly phone allowance is €30.\n\n"
        "The reception desk can be reached on 555-0199. In an emergency, dial 112.\n", encoding="utf-8")
    engine = Engine.from_folder(tmp_path)
    for question, value in (("How long are email messages kept?", "90 days"),
                            ("What is the monthly phone allowance?", "€30"),
                            ("What is the phone number of the reception desk?", "555-0199"),
                            ("What number should I call in an emergency?", "112")):
        answer = engine.answer(question)
        assert answer.found and value in answer.text, (question, answer.text)


def test_an_allowance_asked_how_much_is_a_sum_written_with_its_currency_code(tmp_path: Path) -> None:
    (tmp_path / "remote.md").write_text(
        "# Remote work\n\nEmployees who work remotely at least one day a week receive a monthly remote-work "
        "allowance.\n\nFrom 1 March 2025 the remote-work allowance rose from EUR 25 to EUR 40 per month.\n",
        encoding="utf-8")
    answer = Engine.from_folder(tmp_path).answer("How much is the remote-work allowance?")
    assert answer.found and "EUR 40" in answer.text and not answer.text.startswith("one day"), answer.text


@pytest.mark.parametrize(("question", "asked"), [
    ("Which one is lighter?", ("lighter",)),
    ("What about the cheaper one?", ("cheaper",)),
    ("How many sessions were held in one day?", ("session", "held", "#1", "day")),  # a count
    ("What happens after one year?", ("happen", "#1", "year")),
    ("When was the last one held?", ("last", "held")),
    ("And the one in London?", ("london",)),
    ("How much is the one-way ticket?", ("#1", "way", "oneway", "ticket")),  # "one-way" is no pronoun
    ("Which one's cheaper?", ("cheaper",)),
    ("Where was it at first?", ()),  # "at first": once, no ordinal
])
def test_one_that_stands_for_a_thing_counts_nothing(question: str, asked: tuple[str, ...]) -> None:
    assert read_question(question).terms == asked


@pytest.mark.parametrize(("question", "kind"), [
    ("How much is the home working allowance now?", "money"),
    ("How much fine sand do I need per square metre?", ""),  # "fine" is no sum of money
    ("How long does a refund take?", "measure"),
])
def test_a_sum_of_money_is_asked_for_by_how_much_and_its_noun(question: str, kind: str) -> None:
    assert value_kind(question) == kind


def test_a_day_of_the_month_says_when() -> None:
    from retrieval.dialogue import Dialogue
    from tests.engine_support import engine_of

    engine = engine_of("From 1 March 2025 the remote-work allowance rose to EUR 40 per month. The allowance is paid "
                       "with the salary.\n\nSalaries are paid monthly, on the 25th of each month.")
    answer = engine.answer("On what day of the month do we get paid?", Dialogue())
    assert answer.found and "25th" in answer.text, answer.text


@pytest.mark.parametrize(("document", "question", "said"), [
    ("Every new employee starts with a probation of two months.\n\nAfter it, the notice period is one month.",
     "How long is the trial period?", "two months"),
    ("Questions about your salary slip go to Karim Haddad. Parking is in the garage.",
     "Who do I ask about my payslip?", "Karim Haddad"),
    ("Meals are refunded up to EUR 50 per day. Hotels up to EUR 150 per night.",
     "How much can I claim for food?", "50"),
], ids=["probation", "payslip", "meals"])
def test_everyday_words_the_documents_say_otherwise(document: str, question: str, said: str) -> None:
    answer = engine_of(document).answer(question, Dialogue())
    assert answer.found and said in answer.text, answer.text


def test_what_an_abbreviation_with_an_ampersand_stands_for() -> None:
    engine = engine_of("Departments\n\nThe People and Culture department (P&C) is headed by Jonas Richter.\n\n"
                       "3. Meet your buddy, who is assigned by P&C.")
    answer = engine.answer("What is P&C?", Dialogue())
    assert answer.found and "People and Culture" in answer.text, answer.text


@pytest.mark.parametrize(("question", "said"), [
    ("When does the Q&A start?", "16:00"),
    ("Who leads R&D?", "Mei Tanaka"),
    ("Who do we run a recycling scheme with?", "H&M"),
])
def test_an_ampersand_abbreviation_is_one_name(question: str, said: str) -> None:
    engine = engine_of("Company notes\n\nThe Friday Q&A session with the CEO starts at 16:00.\n\nMei Tanaka leads "
                       "R&D at the company.\n\nWe run a recycling scheme with H&M in three cities.")
    answer = engine.answer(question, Dialogue())
    assert answer.found and said in answer.text, answer.text


@pytest.mark.parametrize(("question", "said"), [
    ("Who started the company?", "Maarten Tallis"),  # a body is founded, not started
])
def test_a_body_started_is_one_founded(question: str, said: str) -> None:
    engine = engine_of("About us\n\nThe budget must be used within six months of your start date.\n\nThe company was "
                       "founded in Rotterdam in 2009 by Maarten Tallis and Ines Carvalho.")
    answer = engine.answer(question, Dialogue())
    assert answer.found and said in answer.text, answer.text


def test_when_the_war_started_is_no_founding() -> None:
    assert "found" not in read_question("When did the war start?").alternatives[1]


@pytest.mark.parametrize(("question", "founding"), [
    ("What time do I start at the company?", False), ("When does sick leave start at the company?", False),
    ("When was the club started?", True),
    ("When did the clinic open?", True), ("When does the clinic open?", False),  # its opening, not its hours
    ("Is the library open on Sundays?", False),
])
def test_starting_at_a_body_is_no_founding(question: str, founding: bool) -> None:
    assert any("found" in alts for alts in read_question(question).alternatives) is founding


@pytest.mark.parametrize(("document", "question", "said"), [
    ("Terminals\n\nTerminals A & B are in the north building. Terminal C is in the south building.",
     "Where is terminal B?", "north"),  # two letters
    ("Departments\n\nThe People and Culture department (P&C) is headed by Jonas Richter.\n\nSales is in Lyon.",
     "What does P & C do?", "People and Culture"),  # the documents' "P&C", spaced
])
def test_a_spaced_ampersand_joins_letters_only_where_the_documents_write_them_joined(
        document: str, question: str, said: str) -> None:
    answer = engine_of(document).answer(question, Dialogue())
    assert said in answer.text, answer.text


def test_when_a_body_opened_is_when_it_was_founded(tmp_path: Path) -> None:
    answer = suite_engine("clinic", tmp_path).answer("When did the clinic open?", Dialogue())
    assert answer.found and "1998" in answer.text and "opening hours" not in answer.text, answer.text
