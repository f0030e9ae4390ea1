"""The bundled knowledge base cached in the user's cache folder (knowledge.bundled_cache):
opened instead of built when current, never trusted when stale or damaged, never an error
when the folder cannot be written; answers are the same either way."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import retrieval.engine as engine_module
from knowledge import bundled_cache, loader
from knowledge.models import KnowledgeBase
from retrieval.analysis import Analysis
from retrieval.engine import Engine

if TYPE_CHECKING:
    from conftest import Result

QUESTIONS = [
    "When was the third SPD?",
    "What about the fourth?",
    "When was the most recent ESPD meeting?",
    "What were the P5+1 talks about?",
    "Who is Secretary Kerry?",
    "Who won the 2018 World Cup?",
]


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of the test's own; the bundled files go to ``qabot/bundled`` in it."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("QABOT_BUNDLED_CACHE", raising=False)
    monkeypatch.delenv("QABOT_SAVED_ANALYSIS", raising=False)
    return tmp_path / "cache" / "qabot" / "bundled"


def replies(engine: Engine) -> list[dict[str, object]]:
    from retrieval.dialogue import Dialogue

    dialogue = Dialogue()
    return [engine.answer(q, dialogue).model_dump() for q in QUESTIONS]


@pytest.fixture(scope="module")
def expected() -> list[dict[str, object]]:
    """The answers of an engine on the bundled documents built and analysed in memory."""
    return replies(Engine(loader.build(None)))


def files(cache: Path, kind: str) -> list[Path]:
    return sorted(cache.glob(f"{kind}-*.sqlite"))


def no_building(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> KnowledgeBase:
        raise AssertionError("the cached knowledge base should have been opened")

    def refuse_analysis(*args: object) -> Analysis:
        raise AssertionError("the cached analysis should have been read")

    monkeypatch.setattr(loader, "build", refuse)
    monkeypatch.setattr(engine_module, "analyse", refuse_analysis)


def test_the_first_start_caches_and_the_next_opens_the_cache_with_the_same_answers(
        cache: Path, expected: list[dict[str, object]], monkeypatch: pytest.MonkeyPatch) -> None:
    assert replies(Engine.from_folder(None)) == expected
    assert len(files(cache, "store")) == 1 and len(files(cache, "analysis")) == 1
    no_building(monkeypatch)
    assert replies(Engine.from_folder(None)) == expected
    assert loader.load_knowledge_base(None).source == str(loader.BUNDLED)


def test_the_cached_knowledge_base_holds_what_a_build_holds(cache: Path) -> None:
    built = loader.load_knowledge_base(None)
    cached = loader.load_knowledge_base(None)
    assert files(cache, "store")
    assert cached.model_dump() == built.model_dump()


@pytest.mark.parametrize("damage", ["garbage", "cut short", "empty"])
def test_a_damaged_cache_file_is_built_again_quietly(
        cache: Path, expected: list[dict[str, object]], damage: str, caplog: pytest.LogCaptureFixture) -> None:
    Engine.from_folder(None)
    for path in [*files(cache, "store"), *files(cache, "analysis")]:
        data = path.read_bytes()
        path.write_bytes({"garbage": b"not a store " * 100, "cut short": data[: len(data) // 2],
                          "empty": b""}[damage])
    with caplog.at_level(logging.INFO):
        assert replies(Engine.from_folder(None)) == expected
    assert not [r for r in caplog.records if r.levelno >= logging.INFO and r.name.startswith("knowledge")]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    # ... and written again whole
    assert bundled_cache.load(str(loader.BUNDLED), loader.input_hashes(loader.BUNDLED)) is not None


def test_a_cache_folder_that_cannot_be_written_builds_in_memory(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, expected: list[dict[str, object]],
        caplog: pytest.LogCaptureFixture) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be\n")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    with caplog.at_level(logging.INFO):
        assert replies(Engine.from_folder(None)) == expected
        assert replies(Engine.from_folder(None)) == expected
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert blocker.read_text() == "a file where the cache folder would be\n"


def test_a_store_of_other_inputs_is_not_used(cache: Path, monkeypatch: pytest.MonkeyPatch,
                                             expected: list[dict[str, object]]) -> None:
    loader.load_knowledge_base(None)
    [path] = files(cache, "store")
    hashes = loader.input_hashes(loader.BUNDLED)
    other = {**hashes, loader.EXTRACTOR_KEY: "another extractor"}
    # The file the other inputs would be cached as holds this extractor's store: it is refused.
    path.rename(bundled_cache.cache_file("store", bundled_cache.store_key(str(loader.BUNDLED), other)))
    assert bundled_cache.load(str(loader.BUNDLED), other) is None
    assert bundled_cache.load(str(loader.BUNDLED), hashes) is None  # (renamed away)


def test_another_extractor_builds_its_own_cache_and_stale_files_are_pruned(
        cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = loader.input_hashes

    def version(n: int) -> dict[str, str]:
        hashes = {**real(loader.BUNDLED), loader.EXTRACTOR_KEY: f"version {n}"}
        monkeypatch.setattr(loader, "input_hashes", lambda *args: hashes)
        return hashes

    for n in range(bundled_cache.KEEP + 2):
        hashes = version(n)
        assert loader.load_knowledge_base(None).inputs == hashes
        path = bundled_cache.cache_file("store", bundled_cache.store_key(str(loader.BUNDLED), hashes))
        os.utime(path, ns=((n + 1) * 10**9, (n + 1) * 10**9))  # in order, whatever the clock's resolution
        assert len(files(cache, "store")) == min(n + 1, bundled_cache.KEEP)
    built: list[int] = []
    build = loader.build
    monkeypatch.setattr(loader, "build", lambda *args, **kwargs: built.append(1) or build(*args, **kwargs))
    version(bundled_cache.KEEP + 1)  # the newest: opened
    loader.load_knowledge_base(None)
    assert not built
    version(0)  # the oldest: pruned, so built again
    loader.load_knowledge_base(None)
    assert built


def test_the_cache_can_be_turned_off(cache: Path, monkeypatch: pytest.MonkeyPatch,
                                     expected: list[dict[str, object]]) -> None:
    monkeypatch.setenv("QABOT_BUNDLED_CACHE", "0")
    assert replies(Engine.from_folder(None)) == expected
    assert not cache.exists()


def test_qabot_ask_answers_the_same_from_the_cache(cache: Path, cli: Callable[..., Result]) -> None:
    first = cli("ask", "When was the third SPD?", "--json")
    assert files(cache, "store")
    second = cli("ask", "When was the third SPD?", "--json")
    assert (first.code, first.out, first.err) == (second.code, second.out, second.err) == (0, first.out, "")


def test_a_data_file_is_parsed_once_then_read_as_json(cache: Path) -> None:
    parsed: list[bytes] = []

    def parse(source: bytes) -> object:
        parsed.append(source)
        return {"event": {"when": source.decode()}, "list": [1, 2.5, None, True]}

    first = bundled_cache.cached_data("templates", b"The {event} took place {when}.", parse)
    assert bundled_cache.cached_data("templates", b"The {event} took place {when}.", parse) == first
    assert len(parsed) == 1 and len(list(cache.glob("templates-*.json"))) == 1
    bundled_cache.cached_data("templates", b"edited", parse)  # other bytes: parsed, kept beside
    assert len(parsed) == 2 and len(list(cache.glob("templates-*.json"))) == 2


def _counting_parser(result: object) -> tuple[list[bytes], object]:
    parsed: list[bytes] = []

    def parse(source: bytes) -> object:
        parsed.append(source)
        return result

    return parsed, parse


@pytest.mark.parametrize("damage", [b"{not json", b"\xff\xfe", b"", b"{}", b'{"event": "x"}', b"[]"])
def test_a_damaged_data_file_is_parsed_again(cache: Path, damage: bytes) -> None:
    parsed, parse = _counting_parser([["won", "defeated"]])
    bundled_cache.cached_data("synonyms", b"- [won, defeated]", parse)
    [path] = cache.glob("synonyms-*.json")
    path.write_bytes(damage)  # cut short, not JSON, or JSON that is not what was kept
    assert bundled_cache.cached_data("synonyms", b"- [won, defeated]", parse) == [["won", "defeated"]]
    assert bundled_cache.cached_data("synonyms", b"- [won, defeated]", parse) == [["won", "defeated"]]
    assert len(parsed) == 2  # parsed again once, then read from the file written again


def test_another_parser_does_not_read_what_one_kept(cache: Path) -> None:
    def old(source: bytes) -> object:
        return [["won", "defeated"]]

    def newer(source: bytes) -> object:  # a later version's: another shape of the same file
        return {"won": ["defeated"]}

    bundled_cache.cached_data("synonyms", b"- [won, defeated]", old)
    assert bundled_cache.cached_data("synonyms", b"- [won, defeated]", newer) == {"won": ["defeated"]}


def test_data_that_json_would_change_is_not_kept(cache: Path) -> None:
    parsed: list[bytes] = []

    def parse(source: bytes) -> object:
        parsed.append(source)
        return {1: ("a", "b")}  # an int key and a tuple: JSON would give "1" and a list

    assert bundled_cache.cached_data("odd", b"1: [a, b]", parse) == {1: ("a", "b")}
    assert bundled_cache.cached_data("odd", b"1: [a, b]", parse) == {1: ("a", "b")}
    assert len(parsed) == 2 and not list(cache.glob("odd-*"))


def test_data_files_are_parsed_when_the_cache_cannot_be_written(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert bundled_cache.cached_data("antonyms", b"- [more, less]", lambda source: [["more", "less"]]) == [
        ["more", "less"]]


def test_a_question_answered_from_the_cache_imports_no_yaml_parser(cache: Path) -> None:
    import subprocess
    import sys

    code = ("import sys; from bot.cli import main; main(['ask', 'When was the third SPD?']); "
            "print(sorted(m for m in ('yaml', 'knowledge.build', 'knowledge.extraction_pool') if m in sys.modules))")
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           cwd=Path(__file__).parent.parent) for _ in range(2)]
    assert runs[0].stdout.splitlines()[0] == runs[1].stdout.splitlines()[0]
    assert runs[0].stdout.splitlines()[-1] == "['knowledge.build', 'knowledge.extraction_pool', 'yaml']"
    assert runs[1].stdout.splitlines()[-1] == "[]"


@pytest.mark.parametrize("xdg", ["", "relative/cache"])
def test_without_an_absolute_xdg_cache_home_the_cache_is_in_the_home_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, xdg: str) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("QABOT_BUNDLED_CACHE", raising=False)
    assert bundled_cache.cache_folder() == tmp_path / ".cache" / "qabot" / "bundled"


def test_other_retrieval_code_analyses_again_beside_the_cached_store(
        cache: Path, monkeypatch: pytest.MonkeyPatch, expected: list[dict[str, object]]) -> None:
    from retrieval import analysis_store

    Engine.from_folder(None)
    [before] = files(cache, "analysis")
    analysed: list[int] = []
    analyse = engine_module.analyse
    monkeypatch.setattr(engine_module, "analyse", lambda *args: analysed.append(1) or analyse(*args))
    monkeypatch.setattr(analysis_store, "code_fingerprint", lambda: "other retrieval code")
    assert replies(Engine.from_folder(None)) == expected
    assert analysed and len(files(cache, "store")) == 1
    assert before in files(cache, "analysis") and len(files(cache, "analysis")) == 2
