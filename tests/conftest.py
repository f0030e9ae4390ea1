"""Shared fixtures: an isolated environment, the CLI run in-process, and a fake engine."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import fake_bot_api
import pytest
from fake_bot_api import FakeBotApi

from bot.cli import QUIET_LIBRARIES, main
from retrieval.dialogue import Dialogue
from retrieval.models import Answer, Citation

DATA = Path(__file__).parent / "data" / "cli"
PROJECT = Path(__file__).parent.parent


@pytest.fixture(autouse=True, scope="session")
def session_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A cache folder of this session's own (``$XDG_CACHE_HOME``, inherited by the processes
    tests start): no test reads or writes the user's cached bundled knowledge base
    (knowledge.bundled_cache), and the tests after the first open the one it cached."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(folder))
        patch.delenv("QABOT_BUNDLED_CACHE", raising=False)
        yield folder


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """No user settings leak in, and nothing is written to the user's home (a fresh HOME)."""
    home = tmp_path_factory.mktemp("home")
    for name in ("QABOT_KB", "XDG_STATE_HOME", "NO_COLOR", "TELEGRAM_BOT_TOKEN", "QABOT_LOG_LEVEL",
                 "QABOT_STATE_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))
    return home


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Iterator[Callable[..., Result]]:
    """Run ``qabot ARGS...`` through its real entry point, in-process."""
    root = logging.getLogger()
    level = root.level
    quiet = {name: logging.getLogger(name).level for name in QUIET_LIBRARIES}

    def run(*args: str) -> Result:
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    yield run
    root.setLevel(level)  # main() configures logging for the process; undo it for other tests
    for name, quiet_level in quiet.items():
        logging.getLogger(name).setLevel(quiet_level)


@pytest.fixture
def data() -> Path:
    return DATA


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A small knowledge base folder of one document, safe to build a store into."""
    folder = tmp_path / "kb"
    shutil.copytree(DATA / "kb", folder)
    return folder


@pytest.fixture
def notes_kb(tmp_path: Path) -> Callable[[str], Path]:
    """A folder to edit and rebuild: kb_other, the shop FAQ in a subfolder, and four notes of one
    SRBC summit each, ``extra`` after it."""

    def make(extra: str = "") -> Path:
        kb = tmp_path / "kb"
        shutil.copytree(PROJECT / "tests/data/kb_other", kb)
        shutil.copytree(PROJECT / "tests/data/kbs/faq_shop", kb / "shop")
        for i in range(4):
            (kb / f"note-{i}.txt").write_text(f"Note {i}\nThe {i + 2}th SRBC summit took place in 20{10 + i}.{extra}\n",
                                              encoding="utf-8")
        return kb

    return make


@dataclass
class FakeEngine:
    """Answers with an echo of the question; 'unknown' questions are not found."""

    documents: list[tuple[str, str]] = field(
        default_factory=lambda: [("doc-a", "Document A"), ("doc-b", "Document B")]
    )
    dialogues: list[Dialogue] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)

    def example_questions(self) -> list[str]:
        return ["What is A?", "What is B?"]

    def answer(self, question: str, dialogue: Dialogue | None = None) -> Answer:
        self.questions.append(question)
        if dialogue is not None:
            self.dialogues.append(dialogue)
            dialogue.turns += 1
        if question == "boom":
            raise RuntimeError("engine exploded")
        if "unknown" in question:
            return Answer(text="I don't know that.", found=False, confidence=0.0,
                          suggestions=self.example_questions())
        return Answer(
            text=f"Echo: {question} (turn {dialogue.turns if dialogue else 0})",
            found=True,
            confidence=0.9,
            citations=[Citation(document="doc-a", title="Document A", quote=question)],
        )


@pytest.fixture
def engine() -> FakeEngine:
    return FakeEngine()


@pytest.fixture
def bot_api() -> Iterator[tuple[FakeBotApi, str]]:
    """A fake Bot API on 127.0.0.1 with fault injection (tests/fake_bot_api.py), and its URL."""
    with fake_bot_api.running() as api_and_url:
        yield api_and_url
