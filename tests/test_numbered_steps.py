"""A numbered list keeps its item numbers when read, and its steps are answered by number."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.html_text import html_to_text
from knowledge.markdown_text import markdown_to_text
from knowledge.sentences import split_sentences
from retrieval.dialogue import Dialogue
from retrieval.engine import Engine

SETUP = """# Kettle manual

## Setup steps

1. Remove the tape and the protective film.
2. Rinse the water tank in warm water.
3. Soak the filter cartridge in cold water for 5 minutes.
4. Fill the tank up to the MAX line.
5. Plug the kettle in and press the power button. The light flashes while it heats up.

## Cleaning

- Wipe the outside with a damp cloth
- Never put the kettle in the dishwasher
"""

DESCALING = """Descaling

To descale the kettle:

1. Fill the tank with one litre of white vinegar.
2. Boil it twice and leave it to stand overnight.
3. Rinse the tank three times with fresh water.
"""


def test_markdown_keeps_an_ordered_lists_numbers_and_not_a_bullet_lists() -> None:
    _, body = markdown_to_text(SETUP)
    assert "3. Soak the filter cartridge in cold water for 5 minutes." in body.splitlines()
    assert "Wipe the outside with a damp cloth." in body.splitlines()
    assert "1. Wipe" not in body


def test_markdown_numbers_an_ordered_list_from_its_start() -> None:
    _, body = markdown_to_text("# T\n\n7. Seventh thing\n8. Eighth thing\n")
    assert body.splitlines()[-3:] == ["7. Seventh thing.", "", "8. Eighth thing."]


def test_html_numbers_the_items_of_an_ordered_list_from_its_start() -> None:
    page = ("<html><body><h2>Resetting</h2><ol start='2'><li>Unplug the router.</li>"
            "<li>Wait 30 seconds.</li></ol><ul><li>A tip.</li></ul></body></html>")
    _, body = html_to_text(page)
    lines = [line for line in body.splitlines() if line]
    assert "2. Unplug the router." in lines and "3. Wait 30 seconds." in lines
    assert "A tip." in lines


def test_a_numbered_line_is_one_sentence_with_its_number() -> None:
    text = "1. Fill the tank with vinegar."
    assert [text[s.start:s.end] for s in split_sentences(text)] == [text]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    folder = tmp_path_factory.mktemp("kettle")
    (folder / "setup.md").write_text(SETUP, encoding="utf-8")
    (folder / "descaling.txt").write_text(DESCALING, encoding="utf-8")
    return Engine.from_folder(Path(folder))


def test_a_step_is_answered_by_its_number_and_list(engine: Engine) -> None:
    answer = engine.answer("What is step 3 of the setup?", Dialogue())
    assert answer.found
    assert answer.text.startswith("Step 3 of 5 (Setup steps): Soak the filter cartridge")
    assert answer.citations[0].quote.startswith("3. Soak")


def test_a_follow_up_asks_of_the_same_list(engine: Engine) -> None:
    dialogue = Dialogue()
    engine.answer("What is the first step to descale the kettle?", dialogue)
    assert "Step 2 of 3" in engine.answer("And step 2?", dialogue).text
    after = engine.answer("What comes next?", dialogue)
    assert after.found and "Rinse the tank three times" in after.text
    assert "Step 3 of 3" in engine.answer("What is the last step?", dialogue).text


def test_an_item_goes_on_with_the_sentences_of_its_paragraph(engine: Engine) -> None:
    answer = engine.answer("What do I do after step 4 of the setup?", Dialogue())
    assert "Step 5 of 5" in answer.text and "The light flashes while it heats up." in answer.text


def test_how_many_steps(engine: Engine) -> None:
    answer = engine.answer("How many steps are there to descale it?", Dialogue())
    assert answer.found and answer.text.startswith("3 steps")


def test_a_step_past_the_end_is_no_step(engine: Engine) -> None:
    answer = engine.answer("What is step 9 of the setup?", Dialogue())
    assert not answer.found
    assert "5 steps" in answer.text and "no step 9" in answer.text


@pytest.mark.parametrize("question", [
    "What is step 2?",  # two lists, and no earlier answer says which
    "What is the second step of making tea?",  # no list is about tea
])
def test_a_step_no_list_is_chosen_for_is_not_answered_from_a_list(engine: Engine, question: str) -> None:
    assert not engine.answer(question, Dialogue()).text.startswith("Step 2 of")


RECIPE = """# Pancakes

## Method

1. Whisk the flour, eggs and milk.
2. Rest the batter for 10 minutes.
3. Heat a pan with a little butter.
"""

INSTALL = """# Foo manual

## Installation

1. Download the archive from the website.
2. Open a terminal and run the installer:

    ./install.sh --prefix /opt/foo

3. Add Foo to your PATH.
   - On Linux, edit your .bashrc file.
   - On macOS, edit your .zshrc file.
4. Restart the terminal.

That is all.
"""

PRINTER = ("<html><head><title>Printer</title></head><body><h2>Installing the printer</h2><ol>"
           "<li>Unpack it.</li><li>Load paper:<ol><li>Open the tray.</li><li>Insert the paper.</li></ol></li>"
           "<li>Switch it on.</li><li>Print a test page.</li></ol></body></html>")


def test_a_step_is_asked_of_documents_that_never_write_the_word(tmp_path: Path) -> None:
    (tmp_path / "pancakes.md").write_text(RECIPE, encoding="utf-8")
    answer = Engine.from_folder(tmp_path).answer("What is step 2?", Dialogue())
    assert answer.found and answer.text == "Step 2 of 3 (Method): Rest the batter for 10 minutes."


def test_an_items_code_block_and_sub_points_go_on_with_it(tmp_path: Path) -> None:
    (tmp_path / "install.md").write_text(INSTALL, encoding="utf-8")
    (tmp_path / "printer.html").write_text(PRINTER, encoding="utf-8")
    engine = Engine.from_folder(tmp_path)
    assert engine.answer("How many steps are there to install Foo?", Dialogue()).text.startswith("4 steps")
    second = engine.answer("What is step 2 of the installation?", Dialogue()).text
    assert second.startswith("Step 2 of 4 (Installation)") and "./install.sh" in second
    third = engine.answer("What is step 3 of the installation?", Dialogue()).text
    assert "Add Foo to your PATH." in third and "edit your .zshrc file" in third
    last = engine.answer("What is the last step of installing Foo?", Dialogue()).text
    assert last == "Step 4 of 4 (Installation): Restart the terminal."  # not "That is all."


def test_an_ordered_list_inside_an_item_is_that_items_sub_steps(tmp_path: Path) -> None:
    (tmp_path / "printer.html").write_text(PRINTER, encoding="utf-8")
    engine = Engine.from_folder(tmp_path)
    answer = engine.answer("What is step 2 of installing the printer?", Dialogue())
    assert answer.text == "Step 2 of 4 (Installing the printer): Load paper: Open the tray. Insert the paper."
    assert engine.answer("What is step 3 of installing the printer?", Dialogue()).text.endswith("Switch it on.")
