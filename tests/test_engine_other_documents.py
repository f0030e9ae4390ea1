"""The same mechanisms on documents written for this test: nothing is specific to the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.dialogue import Dialogue
from retrieval.engine import Engine
from retrieval.table_rows import other_row
from retrieval.understand import understand
from tests.engine_support import suite_engine

HISTORY = """Harbour Chess Open: A Short History

The Harbour Chess Open (HCO) is an annual tournament held in Brightwater, the town known
until 2012 as Gullhaven. It was founded by teacher Amelia Rowe.

The first tournament was held on 3–5 June 2010 in Gullhaven, with 40 players. The second
edition ran from 2 to 4 June 2011 and introduced a junior section.

The 3rd HCO (June 8-10, 2012) was the first held under the new town name. Grandmaster Ivo Petrov won it.

Registrations for the fourth edition closed on 1 May 2013. The fourth tournament took place
on 7–9 June 2013 in Brightwater.
"""

KBS = Path(__file__).parent / "data" / "kbs"


def copy_kb(folder: Path, name: str, *files: str) -> None:
    """The files of ``tests/data/kbs/<name>`` (all of them if none is named), copied into ``folder``."""
    for doc in [KBS / name / f for f in files] or sorted((KBS / name).iterdir()):
        (folder / doc.name).write_bytes(doc.read_bytes())


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp("chess")
    (folder / "history.txt").write_text(HISTORY, encoding="utf-8")
    (folder / "aliases.yaml").write_text("Brightwater: [Gullhaven]\n", encoding="utf-8")
    return Engine.from_folder(Path(folder))


def ask(engine: Engine, *questions: str) -> list:
    dialogue = Dialogue()
    return [engine.answer(q, dialogue) for q in questions]


def test_editions_named_by_their_noun_belong_to_the_series(engine: Engine) -> None:
    first, second = ask(engine, "When was the first tournament?", "and the next one?")
    assert first.found and "June 3-5, 2010" in first.text and "Gullhaven" in first.text
    assert second.found and "June 2-4, 2011" in second.text


def test_a_deadline_is_not_the_event_date(engine: Engine) -> None:
    [answer] = ask(engine, "When was the fourth HCO?")
    assert "June 7-9, 2013" in answer.text and "May 1, 2013" not in answer.text
    [deadline] = ask(engine, "When did registrations for the fourth edition close?")
    assert deadline.found and deadline.text.startswith("May 1, 2013")


def test_sixth_edition_does_not_exist(engine: Engine) -> None:
    [answer] = ask(engine, "When was the sixth tournament?")
    assert not answer.found and "fourth" in answer.text


def test_people_with_roles_in_lower_case(engine: Engine) -> None:
    [founder] = ask(engine, "Who is Amelia Rowe?")
    assert founder.found and "teacher" in founder.text


def test_old_town_name_is_an_alias(engine: Engine) -> None:
    [answer] = ask(engine, "What happened in Brightwater in 2010?")
    assert answer.found and "first tournament" in answer.text


def test_acronym_defined_in_parentheses(engine: Engine) -> None:
    [answer] = ask(engine, "What does HCO stand for?")
    assert answer.text.startswith("HCO stands for Harbour Chess Open.")


def test_questions_outside_the_documents(engine: Engine) -> None:
    assert not ask(engine, "Who won the 2014 World Cup?")[0].found


def test_winner_named_in_the_event_sentence(engine: Engine) -> None:
    third, who = ask(engine, "When was the third HCO?", "Who won it?")
    assert "June 8-10, 2012" in third.text
    assert who.found and who.text == "The third HCO: Grandmaster Ivo Petrov won it."


def test_documents_that_disagree_are_both_reported(tmp_path: Path) -> None:
    (tmp_path / "news.txt").write_text(
        "City News\nThe Orlen Bridge was opened to traffic on May 4, 2019 after three years of work.\n")
    (tmp_path / "guide.txt").write_text(
        "Bridge Guide\nThe Orlen Bridge was opened to traffic on June 1, 2019, a month later than planned.\n")
    answer = Engine.from_folder(tmp_path).answer("When was the Orlen Bridge opened to traffic?")
    assert answer.found and answer.text.startswith("The documents differ")
    assert "May 4, 2019" in answer.text and "June 1, 2019" in answer.text
    assert {c.title for c in answer.citations} == {"City News", "Bridge Guide"}


def test_a_name_written_once_with_an_ordinal_is_no_series_to_find_missing(tmp_path: Path) -> None:
    """"The First Coast" is a region's name, not a meeting: "Which president visited the coast
    in 1888?" is read, not refused as a Coast edition the documents do not mention in 1888."""
    (tmp_path / "town.txt").write_text(
        "Harbourton\n\nHarbourton is in the First Coast region of the north, on the Grey River.\n\n"
        "The strongest storm to hit Harbourton was Hurricane Dora in 1964, the only recorded storm to hit"
        " the First Coast with hurricane-force winds.\n\n"
        "President Grover Cleveland visited Harbourton in 1888 for the Winter Exposition. The port handles"
        " timber and grain.\n", encoding="utf-8")
    answer = Engine.from_folder(tmp_path).answer("Which president visited the coast in 1888?")
    assert answer.found and "Grover Cleveland" in answer.text


def test_a_numbered_role_is_answered_by_the_one_numbered_so(tmp_path: Path) -> None:
    """"The seventh President of the United States" is no event of a series, and not the President
    the documents name without a number (Grover Cleveland, who visited in 1888)."""
    answer = suite_engine("jacksonville", tmp_path).answer("Who was the seventh President of the United States?")
    assert answer.found and "Andrew Jackson" in answer.text, answer.text


def test_what_happened_in_a_year_to_something_named_is_only_what_happened_to_it(tmp_path: Path) -> None:
    (tmp_path / "club.txt").write_text(
        "Club history\n\nIn 2003 the club opened a new stadium on the river. The club has 400 members.\n\n"
        "The club was founded in 1901. In 2003 the rowing team won the national title.\n", encoding="utf-8")
    engine = Engine.from_folder(tmp_path)
    answer = engine.answer("What event did the rowing team win in 2003?")
    assert answer.found and "national title" in answer.text and "stadium" not in answer.text, answer.text
    assert "stadium" in engine.answer("What happened in 2003?").text  # asked of nothing else: all of it


def test_what_happened_in_a_year_is_dated_by_that_year(tmp_path: Path) -> None:
    (tmp_path / "club.txt").write_text(
        "Club history\n\nThe club opened a stadium in 2003 and rebuilt it in 2011. The club has 400 members.\n\n"
        "The club was founded in 1901. In 2011 the rowing team won the national title.\n", encoding="utf-8")
    answer = Engine.from_folder(tmp_path).answer("What happened in 2011?")
    assert answer.found and answer.text.startswith("In 2011: The club opened") and "2003:" not in answer.text, \
        answer.text


def test_an_amount_asked_of_a_numbered_event_is_not_its_date(tmp_path: Path) -> None:
    """"How much did the third summit say the wall would rise?" is not answered with when and
    where the third summit took place."""
    (tmp_path / "summit.txt").write_text(
        "Harbour Summit\n\nThe first Harbour Summit was held in 1999 in Gullhaven. The second Harbour Summit was "
        "held in 2000 in Brightwater.\n\nThe third Harbour Summit was held in 2001 in Brightwater. It was opened "
        "by the mayor.\n\nAt that meeting the engineers said the harbour wall would rise by 2 metres.\n",
        encoding="utf-8")
    question = "How much did the third Harbour Summit say the harbour wall would rise?"
    answer = Engine.from_folder(tmp_path).answer(question)
    assert "took place" not in answer.text and not answer.text.startswith("2001"), answer.text  # no year as an amount


def test_a_series_of_events_written_once_is_still_one_to_find_missing(tmp_path: Path) -> None:
    """"The first Harbour Festival" is an event by its noun, though written once: none in 2021."""
    (tmp_path / "festival.txt").write_text(
        "Harbour Festival\n\nThe first Harbour Festival took place in June 2019 in Dover. It drew 5,000 visitors.\n\n"
        "A book fair was held in Dover in 2021.\n", encoding="utf-8")
    answer = Engine.from_folder(tmp_path).answer("How many Harbour Festivals were held in 2021?")
    assert not answer.found and "5,000" not in answer.text, answer.text


def test_a_vice_president_is_not_the_president(tmp_path: Path) -> None:
    (tmp_path / "board.txt").write_text(
        "Board\n\nIn 1962 President George Beadle opened the new library. The board met twice that year.\n",
        encoding="utf-8")
    engine = Engine.from_folder(tmp_path)
    answer = engine.answer("Who was the vice president in 1962?")
    assert not answer.found and "George Beadle is the President" not in answer.text, answer.text
    assert engine.answer("Who was the president in 1962?").found
    (tmp_path / "club").mkdir()
    (tmp_path / "club" / "club.txt").write_text("Club\n\nPeter Nash led the club as president until 2015.\n",
                                                encoding="utf-8")
    former = Engine.from_folder(tmp_path / "club").answer("Who was the former president of the club?")
    assert "Peter Nash" in former.text, former.text  # "former" says when, not another role


def test_it_refers_to_what_the_last_passage_was_about(tmp_path: Path) -> None:
    (tmp_path / "expeditions.txt").write_text(
        "Field Expeditions\n"
        "The Atacama Expedition set out on the 3rd of May 2019 and returned to Bergen in early July 2019. "
        "It was led by Prof. Tomas Echeverria together with Dr. Henrik Aas.\n"
        "Her predecessor, Prof. Arne Dahl, led the museum from 1998 to 2015.\n", encoding="utf-8")
    engine = Engine.from_folder(tmp_path)
    dialogue = Dialogue()
    start = engine.answer("When did the Atacama Expedition set out?", dialogue)
    assert start.text.startswith("May 3, 2019")
    led = engine.answer("who led it?", dialogue)
    assert led.found and "Echeverria" in led.text and "Dahl" not in led.text
    back = engine.answer("when did it return?", dialogue)
    assert back.text.startswith("early July 2019")


CUP = """Steppe Ice Hockey Cup

The Steppe Ice Hockey Cup (SIHC) is an annual club tournament.

The 1st Steppe Ice Hockey Cup was held in 2006 in Astana and won by Barys Akmola, coached by Viktor Shalimov.

The second edition in 2007 moved to Ufa, where Salavat Uralets defeated Barys Akmola 3-2 in the final.

The fourth edition was held in 2009 in Kazan and was won again by Salavat Uralets.
"""


@pytest.fixture(scope="module")
def cup(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp("cup")
    (folder / "cup.txt").write_text(CUP, encoding="utf-8")
    return Engine.from_folder(Path(folder))


def test_who_won_finds_the_agent_active_or_passive(cup: Engine) -> None:
    first, coach, second = ask(cup, "Where was the first Steppe Ice Hockey Cup held?", "who won it?",
                               "and the next one?")[0:3]
    assert "Astana" in first.text
    assert coach.found and "Barys Akmola" in coach.text
    assert "2007" in second.text and "Ufa" in second.text
    [winner] = ask(cup, "Who won the second edition?")
    assert winner.found and "Salavat Uralets defeated" in winner.text  # "won" ~ "defeated"
    [again] = ask(cup, "Who won the fourth edition?")
    assert again.found and "won again by Salavat Uralets" in again.text


def test_role_given_by_a_verb(cup: Engine) -> None:
    [coach] = ask(cup, "Who is Viktor Shalimov?")
    assert coach.found and "coach" in coach.text


def test_a_short_name_of_the_series(cup: Engine) -> None:
    [answer] = ask(cup, "Where was the fourth Steppe Cup?")
    assert answer.found and "Kazan" in answer.text


def test_a_sentence_under_a_title_naming_the_series_speaks_of_it(tmp_path: Path) -> None:
    (tmp_path / "cup.txt").write_text(
        "Steppe Ice Hockey Cup\n"
        "The first Steppe Ice Hockey Cup was held in 2006 in Astana.\n"
        "The second Steppe Ice Hockey Cup was held in 2007 in Ufa.\n"
        "It was founded in 2006 by the regional hockey federations.\n", encoding="utf-8")
    answer = Engine.from_folder(tmp_path).answer("When was the Steppe Ice Hockey Cup founded?")
    assert answer.found and answer.text.startswith("2006:") and "founded" in answer.text


def test_a_cancelled_edition_did_not_take_place(tmp_path: Path) -> None:
    (tmp_path / "cup.txt").write_text(
        "Riverton Chess Cup\n"
        "The first Riverton Chess Cup was held in 2019 in Riverton.\n"
        "The second Riverton Chess Cup was held in 2020 in Oakport.\n"
        "The third Riverton Chess Cup was cancelled in 2021 because of floods.\n", encoding="utf-8")
    engine = Engine.from_folder(tmp_path)
    assert not engine.answer("Was the third Riverton Chess Cup held in 2021?").text.startswith("Yes")
    assert "2 " in engine.answer("How many Riverton Chess Cups were held?").text


def test_a_count_of_something_else_than_editions_is_not_guessed(cup: Engine) -> None:
    [answer] = ask(cup, "How many Steppe Ice Hockey Cups did Barys Akmola win?")
    assert not (answer.found and "editions" in answer.text)


def test_a_count_follow_up_is_not_answered_by_a_date(tmp_path: Path) -> None:
    (tmp_path / "fire.txt").write_text(
        "The Great Fire\n\nOn May 3, 1901, downtown Riverton was ravaged by a fire that started in a kitchen. "
        "The fire spread quickly. In just eight hours, it swept through 146 city blocks.\n", encoding="utf-8")
    engine = Engine.from_folder(tmp_path)
    dialogue = Dialogue()
    assert engine.answer("When was downtown Riverton ravaged by a fire?", dialogue).found
    answer = engine.answer("How many city blocks did it sweep through?", dialogue)
    assert answer.found and "146" in answer.text, answer.text


def test_a_yes_or_no_question_is_answered_by_the_whole_rule(tmp_path: Path) -> None:
    (tmp_path / "policies.txt").write_text(
        "Returns\n\nReturns: unused tickets can be returned within 30 days for a full refund. "
        "Used tickets cannot be returned, but we will exchange them within 7 days.\n\n"
        "Members get a discount of 10% on every ticket.\n", encoding="utf-8")
    answer = Engine.from_folder(tmp_path).answer("Can I return tickets?", Dialogue())
    assert answer.found and "30 days" in answer.text and "cannot be returned" in answer.text, answer.text


def test_a_when_is_answered_only_by_a_sentence_that_says_when(tmp_path: Path) -> None:
    (tmp_path / "council.txt").write_text(
        "The Council\n\nThe council hosted the harbour talks with the fishing unions. "
        "Subject committees are established at the beginning of each session.\n", encoding="utf-8")
    engine = Engine.from_folder(tmp_path)
    hosted = engine.answer("When did the council host the harbour talks?", Dialogue())
    assert not hosted.found and "harbour talks" in hosted.text  # the closest sentence, as a quote
    established = engine.answer("When are subject committees established?", Dialogue())
    assert established.found and "beginning of each session" in established.text


def test_a_where_is_answered_only_by_a_sentence_that_says_where(tmp_path: Path) -> None:
    (tmp_path / "club.txt").write_text(
        "The Club\n\nthe chess club's annual tournament draws many players. "
        "members meet every week.\n", encoding="utf-8")
    answer = Engine.from_folder(tmp_path).answer("Where is the chess club's annual tournament held?", Dialogue())
    assert not answer.found, answer.text


def test_a_date_of_something_else_at_the_same_place_is_no_disagreement(tmp_path: Path) -> None:
    copy_kb(tmp_path, "club", "about.md", "events.md", "rules.txt")
    # events.md: "The Christmas Doubles tournament is on December 19, 2026 in the indoor hall."
    answer = Engine.from_folder(tmp_path).answer("When was the indoor hall opened?")
    assert answer.found and answer.text.startswith("March 14, 2009") and "2026" not in answer.text


def test_a_time_of_day_says_when(tmp_path: Path) -> None:
    (tmp_path / "cafe.txt").write_text("Café hours\nThe café opens at 9:00 and the owner is José Müller.\n")
    engine = Engine.from_folder(tmp_path)
    opens = engine.answer("When does the café open?")
    assert opens.found and "9:00" in opens.text


def test_an_ellipsis_naming_another_row_of_a_table_asks_of_that_row(tmp_path: Path) -> None:
    copy_kb(tmp_path, "club", "prices.md")
    engine = Engine.from_folder(tmp_path)
    dialogue = Dialogue()
    replies = [engine.answer(q, dialogue).text for q in (
        "How much is an adult membership?", "And for students?", "What about seniors?", "And family?")]
    # the row, or its cell the question asks for ("Student — price: €…")
    assert [r.split(":")[0].split(" — ")[0] for r in replies] == ["Adult", "Student", "Senior (65+)", "Family"]
    assert "€790" in replies[3]


def test_follow_ups_on_a_text_without_series(tmp_path: Path) -> None:
    (tmp_path / "uni.txt").write_text(
        "The University\n\nThe university is governed by a board of trustees of 50 members. In December 2013 it "
        "was announced that the Director of the laboratory, Eric Isaacs, would become Provost. Isaacs was "
        "replaced as Provost in March 2016 by Daniel Diermeier. In fall 2010 the university opened a center in "
        "Beijing.\n\nNewton's First Law states that objects keep their velocity. Sir Isaac Newton wrote it.\n")
    engine = Engine.from_folder(tmp_path)
    dialogue = Dialogue()
    engine.answer("How many members does the board of trustees have?", dialogue)
    assert "mani" not in dialogue.topic  # "how many" asks; it is no topic of a follow-up
    assert engine.answer("When did the university open its Beijing center?", dialogue).found
    assert engine.answer("Where exactly?", dialogue).found  # "exactly" is no unknown word
    dialogue = Dialogue()
    assert engine.answer("Who replaced Eric Isaacs as Provost?", dialogue).text.startswith("Daniel Diermeier")
    assert engine.answer("When?", dialogue).text.startswith("March 2016")  # the answer's sentence, not the first
    dialogue = Dialogue()
    engine.answer("Who wrote Newton's First Law?", dialogue)
    assert "is the Sir" not in engine.answer("What about the third one?", dialogue).text


def test_per_second_is_a_unit_not_an_ordinal(tmp_path: Path) -> None:
    (tmp_path / "light.txt").write_text("Light\n\nLight travels at about 300,000 kilometres per second.\n")
    engine = Engine.from_folder(tmp_path)
    assert understand("What is its speed in kilometres per second?", engine.tables, engine.vocab).ordinal is None


def test_a_row_that_leads_with_the_value_is_not_led_twice(tmp_path: Path) -> None:
    copy_kb(tmp_path, "clinic")
    engine = Engine.from_folder(tmp_path)
    dialogue = Dialogue()
    engine.answer("When are you open on Wednesday?", dialogue)
    assert not engine.answer("Until when?", dialogue).text.startswith("Wednesday: Wednesday")
    suggestions = engine.answer("Who won the world cup?").suggestions
    assert not any("About About" in s or "about About" in s for s in suggestions)


def test_an_ordinal_of_a_noun_is_of_that_noun(tmp_path: Path) -> None:
    (tmp_path / "uni.txt").write_text(
        "The University\n\nThe university was incorporated in 1890; William Rainey Harper became the university's "
        "first president in 1891, and the first classes were held in 1892.\n\nOther early benefactors included "
        "Martin Ryerson (president of the board of trustees) and Silas Cobb, who provided the funds for the "
        "campus' first building.\n")
    engine = Engine.from_folder(tmp_path)
    dialogue = Dialogue()
    engine.answer("When was the university incorporated?", dialogue)
    first = engine.answer("Who was its first president?", dialogue)
    assert "Harper" in first.text and "Ryerson" not in first.text  # "first building" is no first president
    assert engine.answer("When did he take office?", dialogue).text.startswith("1891")  # the last question's date


def test_a_month_that_begins_a_name_is_no_date(tmp_path: Path) -> None:
    (tmp_path / "w.txt").write_text(
        "Warsaw\n\nThe Warsaw Citadel, a 19th-century fortification built after the defeat of the November "
        "Uprising, was a place of martyrdom for the Poles.\n")
    answer = Engine.from_folder(tmp_path).answer("When was the Warsaw Citadel built?")
    assert not answer.text.startswith("November")  # "the November Uprising" is a name


def test_every_mention_of_the_row_is_replaced() -> None:
    from knowledge.models import Sentence
    rows = {f"p#s{i}": Sentence(id=f"p#s{i}", doc_id="p", paragraph=i, text=t, start=0, end=len(t))
            for i, t in enumerate(["Adult: price €420, court booking 7 days ahead.",
                                   "Student: price €180, court booking not allowed."], 1)}
    read = other_row("for students", "How much is an adult membership for adults?", rows, ["p#s1"])
    assert read == "How much is an Student membership for Student?"


def test_a_heading_s_date_is_its_items_date(tmp_path: Path) -> None:
    (tmp_path / "changelog.md").write_text(
        "# Changelog\n\n## 2.3.0 — 2024-05-14\n\n- Added the Kafka output plugin.\n- Fixed a memory leak.\n\n"
        "## 2.2.0 — 2023-11-02\n\n- Added TLS support for connections to the central server.\n")
    engine = Engine.from_folder(tmp_path)
    assert engine.answer("When was TLS support added?").text.startswith("November 2, 2023")
    assert engine.answer("When was the Kafka output plugin added?").text.startswith("May 14, 2024")


def test_since_when_and_a_department_in_capitals(tmp_path: Path) -> None:
    (tmp_path / "wiki.md").write_text(
        "# Company\n\nIn 2021 Nadia Petrov became chief executive officer. The IT department is headed by "
        "Jonas Berg.\n")
    engine = Engine.from_folder(tmp_path)
    dialogue = Dialogue()
    engine.answer("Who became chief executive officer?", dialogue)
    assert engine.answer("Since when?", dialogue).text.startswith("2021")  # "since" is no unknown word
    assert understand("Who heads it?", engine.tables, engine.vocab).places == []  # "it" is not IT


def test_a_year_in_a_heading_dates_nothing_under_it(tmp_path: Path) -> None:
    (tmp_path / "r.md").write_text("# Report\n\n## 2019 Annual Report\n\nThe company was founded by Anna Berg.\n")
    assert not Engine.from_folder(tmp_path).answer("When was the company founded?").text.startswith("2019")


RELEASE_NOTES = """# Release notes

## 3.2.0 — 2025-03-11

- Added the CSV export.
- Removed the legacy XML reader.

## 3.1.0 — 2024-12-02

- Added a dark theme.
"""

TROUBLE = """# Known errors

## "Disk quota exceeded"

This error means the account has used all of its storage.
Delete old backups or ask for a larger quota.

## "Token expired"

The login session ended after twelve hours of inactivity.
"""


def test_a_heading_says_what_its_sentences_leave_out(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text(RELEASE_NOTES, encoding="utf-8")
    engine = Engine.from_folder(tmp_path)
    which = engine.answer("In which version was the CSV export added?", Dialogue())
    assert which.found and which.text.startswith("3.2.0 — March 11, 2025: "), which.text
    assert "CSV export" in which.text
    when = engine.answer("When was the dark theme added?", Dialogue())
    assert when.found and "December 2, 2024" in when.text, when.text
    # A question that asks for neither is answered by the sentence alone.
    what = engine.answer("What was removed?", Dialogue())
    assert what.text.startswith("Removed the legacy XML reader"), what.text


def test_a_version_without_its_trailing_zero_is_the_same_version(tmp_path: Path) -> None:
    (tmp_path / "upgrade.md").write_text("# Upgrade notes\n\nVersion 3.9.1 replaced the theme engine.\n\n"
                                         "Version 4.0.0 replaced the plugin API.\n", encoding="utf-8")
    answer = Engine.from_folder(tmp_path).answer("What about 4.0?", Dialogue())  # no unknown number
    assert answer.found and "plugin API" in answer.text and "theme" not in answer.text, answer.text


def test_a_quoted_message_heads_the_section_that_explains_it(tmp_path: Path) -> None:
    (tmp_path / "errors.md").write_text(TROUBLE, encoding="utf-8")
    engine = Engine.from_folder(tmp_path)
    answer = engine.answer('What does "Disk quota exceeded" mean?', Dialogue())
    assert answer.found and "used all of its storage" in answer.text, answer.text
    assert answer.citations[0].quote != '"Disk quota exceeded"'


def test_an_abbreviation_is_answered_with_what_it_is(tmp_path: Path) -> None:
    (tmp_path / "guild.txt").write_text(
        "The Guild\n\nEvery new bookbinder has to join the Northern Bookbinders' Guild (NBG) within a year. "
        "The NBG is the regulator of bookbinding in the northern counties. It was founded in 1903.\n",
        encoding="utf-8")
    answer = Engine.from_folder(tmp_path).answer("What is the NBG?", Dialogue())
    assert answer.found and answer.text.startswith("NBG stands for Northern Bookbinders' Guild."), answer.text
    assert "regulator of bookbinding" in answer.text


def test_a_version_only_a_heading_writes_names_its_section(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text(RELEASE_NOTES, encoding="utf-8")
    engine = Engine.from_folder(tmp_path)
    dialogue = Dialogue()
    changed = engine.answer("What changed in 3.2?", dialogue)
    assert changed.found and changed.text == ("3.2.0 — March 11, 2025: Added the CSV export. "
                                              "Removed the legacy XML reader."), changed.text
    then = engine.answer("And in 3.1.0?", dialogue)  # the last question, of another version
    assert then.found and then.text == "3.1.0 — December 2, 2024: Added a dark theme.", then.text
    released = engine.answer("When was 3.1 released?", Dialogue())
    assert released.found and "December 2, 2024" in released.text, released.text
    assert not engine.answer("What changed in 3.3?", Dialogue()).found  # no such version


def test_a_follow_up_on_a_sentence_of_a_dated_issue_is_not_the_whole_issue(tmp_path: Path) -> None:
    (tmp_path / "news.md").write_text(
        "# Company newsletter\n\n## Issue of 14 March 2024\n\nVersion 3.0 of the expense app was released on "
        "2 February 2024.\nIt adds receipt scanning and mileage tracking.\nThe canteen now opens at 8:00.\n",
        encoding="utf-8")
    engine = Engine.from_folder(tmp_path)
    dialogue = Dialogue()
    engine.answer("What does the expense app add?", dialogue)
    released = engine.answer("When was that released?", dialogue)
    assert "February 2, 2024" in released.text and "canteen" not in released.text, released.text


def test_the_latest_and_the_next_version_are_in_version_order(tmp_path: Path) -> None:
    notes = RELEASE_NOTES + "\n## 3.10.0 — 2025-06-30\n\n- Added the PDF export.\n"  # after 3.2, though written last
    (tmp_path / "notes.md").write_text(notes, encoding="utf-8")
    engine = Engine.from_folder(tmp_path)
    dialogue = Dialogue()
    latest = engine.answer("What is the latest version?", dialogue)
    assert latest.found and latest.text.startswith("3.10.0 — June 30, 2025"), latest.text
    before = engine.answer("And the previous release?", dialogue)
    assert before.found and before.text.startswith("3.2.0"), before.text
    dialogue = Dialogue()
    engine.answer("What changed in 3.1?", dialogue)
    after = engine.answer("And in the next version?", dialogue)
    assert after.found and after.text.startswith("3.2.0"), after.text
    when = engine.answer("When did it come out?", dialogue)
    assert when.found and "March 11, 2025" in when.text, when.text


def test_the_latest_of_versions_written_in_sentences(tmp_path: Path) -> None:
    (tmp_path / "firmware.md").write_text(
        "# Firmware\n\nThe Pro weighs 11.2 kg.\n\n- Version 1.2 was released on September 9, 2024.\n"
        "- Version 2.1 was released on June 2, 2025.\n- Version 1.10 was released on December 1, 2024.\n",
        encoding="utf-8")
    engine = Engine.from_folder(tmp_path)
    for question in ("What is the latest firmware?", "When was the latest firmware released?"):
        answer = engine.answer(question, Dialogue())
        assert answer.found and answer.text.endswith("Version 2.1 was released on June 2, 2025."), answer.text


def test_only_what_is_written_as_a_version_is_one(tmp_path: Path) -> None:
    (tmp_path / "router.md").write_text(
        "# Router\n\n## 1.1 Setup\n\nOpen 192.168.1.1 in a browser. The office moved on 2024.05.17.\n\n"
        "## 2.3 Firmware\n\nFirmware 1.4 added guest networks. Firmware 2.1 was released on 3 June 2025.\n",
        encoding="utf-8")
    (tmp_path / "CHANGELOG.md").write_text(
        "# Changelog\n\n## 2.0.0-rc1 — 2025-01-10\n\n- Release candidate.\n\n## 2.0.0 — 2025-02-01\n\n"
        "- Stable release.\n\n## 1.9.0 — 2024-11-05\n\n- Added the export.\n", encoding="utf-8")
    engine = Engine.from_folder(tmp_path)
    latest = engine.answer("What is the latest version?", Dialogue())
    assert latest.found and latest.text.startswith("2.0.0 —"), latest.text  # not the release candidate
    (tmp_path / "CHANGELOG.md").unlink()
    engine = Engine.from_folder(tmp_path)
    firmware = engine.answer("What is the latest firmware?", Dialogue())
    assert firmware.found and firmware.text.startswith("Firmware 2.1"), firmware.text  # not the IP, the date, "2.3"
    other = engine.answer("What is the latest update on the office move?", Dialogue())
    assert "Firmware" not in other.text, other.text


def test_a_modal_may_or_a_fall_is_no_date(tmp_path: Path) -> None:
    (tmp_path / "remote.md").write_text(
        "# Remote work\n\nEmployees may work remotely for up to three days a week, in agreement with their "
        "manager. If you fall ill at home, tell your manager before nine.\n", encoding="utf-8")
    engine = Engine.from_folder(tmp_path)
    for question in ("Since when can employees work remotely?", "When do I tell my manager that I am ill?"):
        answer = engine.answer(question, Dialogue())
        assert not answer.text.lower().startswith(("may", "fall")), answer.text


def test_the_fall_of_a_city_is_no_season(tmp_path: Path) -> None:
    (tmp_path / "city.md").write_text(
        "# Museums\n\nA fine tribute to the fall of Warsaw can be found in the Uprising Museum.\n\n"
        "The uprising began on 1 August 1944 and lasted 63 days.\n", encoding="utf-8")
    answer = Engine.from_folder(tmp_path).answer("When did the Warsaw Uprising begin?", Dialogue())
    assert not answer.text.lower().startswith("fall"), answer.text


def test_it_after_an_answer_from_a_versions_section_is_that_section(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text(RELEASE_NOTES + "\n## Support\n\nAsk Mira Holt about the CSV export.\n",
                                       encoding="utf-8")
    engine = Engine.from_folder(tmp_path)
    dialogue = Dialogue()
    first = engine.answer("In which version was the dark theme added?", dialogue)
    assert first.found and "3.1.0" in first.text, first.text
    changed = engine.answer("What else changed in it?", dialogue)
    assert changed.found and changed.text == "3.1.0 — December 2, 2024: Added a dark theme.", changed.text
    dialogue = Dialogue()
    engine.answer("What changed in 3.2?", dialogue)
    released = engine.answer("When was that released?", dialogue)
    assert released.found and released.text.startswith("3.2.0 — March 11, 2025"), released.text
    # a word of its own the section does not hold: asked of something else than the section
    assert not engine.answer("Who maintains it?", dialogue).text.startswith("3.2.0")
    dialogue = Dialogue()
    engine.answer("Whom do I ask about the CSV export?", dialogue)  # a section no version heads
    assert not engine.answer("What changed in it?", dialogue).text.startswith("Support")


OFFICES = """# Our offices

## Hamburg

The Hamburg office opened in 2017. The office manager is Lukas Brandt. Joost van Dijk is the People Partner for Hamburg.

## Lisbon

The Lisbon office opened in 2021. The office manager is Marta Sousa. Beatriz Moura is the People Partner for Lisbon.
"""


def test_an_abbreviation_is_known_only_by_its_words_written_together(tmp_path: Path) -> None:
    (tmp_path / "staff.md").write_text(
        "# Staff\n\nSanne de Wit is the Chief Financial Officer.\n\nThe Executive tier includes a company car.\n",
        encoding="utf-8")
    answer = Engine.from_folder(tmp_path).answer("Who is the CEO?", Dialogue())
    assert not answer.found and "Sanne" not in answer.text, answer.text


LEAVE = """# Leave

## Paid Time Off

Every employee receives 27 days of PTO per calendar year. After five full years of service, PTO rises to 29 days.

## Public holidays

The offices close on these public holidays every year.

- New Year's Day: 1 January
- Christmas Day: 25 December
- Boxing Day: 26 December
"""


def test_a_follow_up_is_read_first_in_the_last_answers_paragraph(tmp_path: Path) -> None:
    (tmp_path / "leave.md").write_text(LEAVE, encoding="utf-8")
    engine = Engine.from_folder(tmp_path)
    dialogue = Dialogue()
    first = engine.answer("How many vacation days do I get a year?", dialogue)
    assert first.found and "27 days" in first.text, first.text
    then = engine.answer("Does that go up after a few years?", dialogue)
    assert then.found and "29 days" in then.text and "New Year" not in then.text, then.text


def test_there_is_the_name_the_last_question_was_asked_in(tmp_path: Path) -> None:
    (tmp_path / "offices.md").write_text(OFFICES, encoding="utf-8")
    engine = Engine.from_folder(tmp_path)
    dialogue = Dialogue()
    first = engine.answer("Who is the office manager in Hamburg?", dialogue)
    assert first.found and "Lukas Brandt" in first.text, first.text
    then = engine.answer("And in Lisbon?", dialogue)
    assert then.found and "Marta Sousa" in then.text, then.text
    there = engine.answer("Who is the People Partner there?", dialogue)
    assert there.found and "Beatriz Moura" in there.text and "Joost" not in there.text, there.text


STUDIOS = """# Studio locations

Our studios are in three towns.

| Town | Address | Phone | Opening hours |
|---|---|---|---|
| Arnhem | Molenstraat 4 | +31 26 555 0101 | 7:00 to 21:00 |
| Breda | Ginnekenweg 19 | +31 76 555 0202 | 8:00 to 20:00 |
| Delft | Oude Delft 77 | +31 15 555 0303 | 9:00 to 17:00 |

The Arnhem studio is the largest. The Breda studio opened on April 2, 2016.
"""


def test_a_cell_is_named_by_its_row_and_its_column(tmp_path: Path) -> None:
    (tmp_path / "studios.md").write_text(STUDIOS, encoding="utf-8")
    engine = Engine.from_folder(tmp_path)
    phone = engine.answer("What is the phone number of the Breda studio?", Dialogue())
    assert phone.found and phone.text == "Breda — phone: +31 76 555 0202.", phone.text
    dialogue = Dialogue()
    hours = engine.answer("What are the opening hours in Delft?", dialogue)
    assert hours.text == "Delft — opening hours: 9:00 to 17:00.", hours.text
    where = engine.answer("Where is the Arnhem studio?", Dialogue())  # "where" asks for the address
    assert where.text == "Arnhem — address: Molenstraat 4.", where.text


def test_a_cell_does_not_answer_what_the_row_does_not_say(tmp_path: Path) -> None:
    (tmp_path / "studios.md").write_text(STUDIOS, encoding="utf-8")
    engine = Engine.from_folder(tmp_path)
    opened = engine.answer("When did the Breda studio open?", Dialogue())  # a date, not its hours
    assert "April 2, 2016" in opened.text and "8:00" not in opened.text, opened.text
    whether = engine.answer("Is the Delft studio open at 8:00?", Dialogue())  # the whole row, not one cell
    assert "— opening hours" not in whether.text, whether.text
    other = engine.answer("What was the phone number of Delft in 2019?", Dialogue())
    assert not other.text.startswith("Delft — phone"), other.text


SETTINGS = """# Settings

| Setting | Default | Meaning |
|---|---|---|
| cache | on | whether answers are kept between runs |
| port | 5120 | the port the server listens on |
| Compression | off | whether replies are compressed |
"""


def test_a_yes_or_no_question_of_a_cell_gets_a_verdict(tmp_path: Path) -> None:
    (tmp_path / "settings.md").write_text(SETTINGS, encoding="utf-8")
    engine = Engine.from_folder(tmp_path)
    assert engine.answer("Is the default port 8080?", Dialogue()).text == "No: port — default: 5120."
    assert engine.answer("Is the default port 5120?", Dialogue()).text == "Yes: port — default: 5120."
    assert engine.answer("Is Compression enabled by default?", Dialogue()).text == \
        "No: Compression — default: off."
    assert engine.answer("Is Compression off by default?", Dialogue()).text == "Yes: Compression — default: off."


def test_a_cell_is_asked_for_by_its_question_word(tmp_path: Path) -> None:
    (tmp_path / "prices.md").write_text(
        "# Prices\n\n| Treatment | Price | Duration |\n|---|---|---|\n| Polishing (hygienist) | €60 | 30 minutes |\n"
        "| Filling | €95 | 45 minutes |\n", encoding="utf-8")
    engine = Engine.from_folder(tmp_path)
    assert engine.answer("How much is a polishing?", Dialogue()).text == "Polishing (hygienist) — price: €60."
    assert engine.answer("What does a filling cost?", Dialogue()).text == "Filling — price: €95."


def test_a_when_is_not_answered_by_a_sentence_that_shares_only_its_names(tmp_path: Path) -> None:
    (tmp_path / "harbour.txt").write_text(
        "The Harbour\n\nThe Tarn Bridge carried trams across the harbour from 1910 to 1954. "
        "Mayor Ellen Voss opened the fish market in 1932.\n", encoding="utf-8")
    engine = Engine.from_folder(tmp_path)
    born = engine.answer("When was Ellen Voss born?", Dialogue())  # a person the tables know
    assert not born.found and "fish market" in born.text, born.text
    painted = engine.answer("When was the Tarn Bridge painted?", Dialogue())
    assert not painted.found, painted.text
    carried = engine.answer("When did the Tarn Bridge carry trams?", Dialogue())
    assert carried.found and carried.text.startswith("1910"), carried.text
    opened = engine.answer("When did Ellen Voss open the fish market?", Dialogue())
    assert opened.found and opened.text.startswith("1932"), opened.text


def test_a_verdict_is_given_only_where_one_value_settles_it(tmp_path: Path) -> None:
    (tmp_path / "settings.md").write_text(SETTINGS + "| retries | 3 | how often a request is tried again |\n",
                                          encoding="utf-8")
    (tmp_path / "rooms.md").write_text(
        "# Rooms\n\n| Room | Pets | Delivery |\n|---|---|---|\n| Oak | not allowed | no |\n"
        "| Elm | not allowed | yes |\n",
        encoding="utf-8")
    engine = Engine.from_folder(tmp_path)
    for question in ("Is the default port not 5120?", "Is the default port below 6000?",
                     "Is the default port 5120 or 8080?", "Are the default retries more than 3?",
                     "Is delivery unavailable in the Oak room?"):
        reply = engine.answer(question, Dialogue()).text
        assert not reply.startswith(("Yes:", "No:")), (question, reply)
    pets = engine.answer("Are pets allowed in the Oak room?", Dialogue()).text
    assert not pets.startswith("Yes"), pets  # the header is "pets", its value "not allowed"


def test_a_cell_is_not_the_answer_to_a_question_of_something_else(tmp_path: Path) -> None:
    (tmp_path / "prices.md").write_text(
        "# Prices\n\n| Treatment | Price |\n|---|---|\n| Cleaning | €60 |\n| Filling | €95 |\n\n"
        "A cleaning for children under 12 costs €30.\n", encoding="utf-8")
    answer = Engine.from_folder(tmp_path).answer("How much is a cleaning for children?", Dialogue())
    assert not answer.text.startswith("Cleaning — price"), answer.text


def test_a_section_is_named_only_for_a_question_about_what_it_holds(tmp_path: Path) -> None:
    (tmp_path / "wiki.md").write_text(
        "# Staff wiki\n\n## Berlin office\n\nThe office is on the third floor. Reception opens at eight.\n\n"
        "## Holidays\n\nStaff get 25 days of paid leave.\n\n## Newsletter — 2024-05-02\n\n"
        "The summer party is on the lawn.\n\n## Parking\n\nParking costs 3 euros per hour.\n\n"
        "## Rule 4 — Guests\n\nGuests must sign the visitors' book.\n", encoding="utf-8")
    engine = Engine.from_folder(tmp_path)
    leave = engine.answer("How many days of leave do staff in Berlin get?", Dialogue()).text
    assert not leave.startswith("Berlin office"), leave
    parking = engine.answer("How much is parking for 2 hours?", Dialogue()).text
    assert "summer party" not in parking, parking
    guests = engine.answer("How many guests can sign the visitors' book?", Dialogue()).text
    assert not guests.startswith("Rule 4"), guests
