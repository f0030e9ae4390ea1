"""Run scripted conversations against an engine and report each turn.

Matching is case-insensitive, after Unicode NFKC, with whitespace collapsed and en and
em dashes (and their relatives) read as hyphens, on both the reply and the expectation.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.render import clean
from bot.script import Expect, LoadedConversation

if TYPE_CHECKING:
    from retrieval.engine import Engine
    from retrieval.models import Answer

log = logging.getLogger(__name__)

_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"))
_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """The form both sides are compared in."""
    text = unicodedata.normalize("NFKC", text).translate(_DASHES).casefold()
    return _SPACE.sub(" ", text).strip()


def check(expect: Expect, answer: Answer) -> list[str]:
    """Why ``answer`` fails ``expect``; an empty list when it passes."""
    reply = normalize(answer.text)
    failures = [f"contains: missing {_q(p)}" for p in expect.contains if normalize(p) not in reply]
    if expect.contains_any and not any(normalize(p) in reply for p in expect.contains_any):
        failures.append(f"contains_any: none of {_q(expect.contains_any)}")
    failures += [
        f"not_contains: found {_q(p)}" for p in expect.not_contains if normalize(p) in reply
    ]
    if expect.found is not None and answer.found != expect.found:
        want, got = _yaml_bool(expect.found), _yaml_bool(answer.found)
        failures.append(f"found: expected {want}, got {got}")
    return failures


def _q(value: object) -> str:
    """Quote a phrase or a list of them as the YAML file could have written it."""
    return json.dumps(value, ensure_ascii=False)


def _yaml_bool(value: bool) -> str:
    return "true" if value else "false"


@dataclass(frozen=True)
class TurnResult:
    source: LoadedConversation
    number: int  # 1-based
    user: str
    expect: Expect
    reply: str
    found: bool | None  # None when the engine failed
    failures: list[str]

    @property
    def passed(self) -> bool:
        return not self.failures

    @property
    def conversation(self) -> str:
        return self.source.conversation.name

    @property
    def line(self) -> int:
        return self.source.turn_lines[self.number - 1]

    def to_json(self) -> str:
        return json.dumps(
            {
                "conversation": self.conversation,
                "turn": self.number,
                "user": self.user,
                "reply": self.reply,
                "found": self.found,
                "passed": self.passed,
                "failures": self.failures,
            },
            ensure_ascii=False,
        )


def run(engine: Engine, conversations: Iterable[LoadedConversation]) -> Iterator[TurnResult]:
    """Play each conversation with fresh dialogue state, yielding one result per turn."""
    from retrieval.dialogue import Dialogue

    for source in conversations:
        dialogue = Dialogue()
        for number, turn in enumerate(source.conversation.turns, start=1):
            try:
                answer = engine.answer(turn.user, dialogue)
            except Exception as err:  # one broken turn must not hide the others
                log.debug("engine failed on %r", turn.user, exc_info=True)
                reason = f"engine error: {type(err).__name__}: {err}"
                yield TurnResult(source, number, turn.user, turn.expect, "", None, [reason])
                continue
            failures = check(turn.expect, answer)
            yield TurnResult(
                source, number, turn.user, turn.expect, answer.text, answer.found, failures
            )


def _expected(expect: Expect) -> str:
    parts = [
        f"found: {_yaml_bool(value)}" if key == "found" else f"{key}: {_q(value)}"
        for key, value in expect.model_dump(exclude_defaults=True).items()
    ]
    return "; ".join(parts) or "(nothing)"


def format_failure(result: TurnResult) -> str:
    """A readable block for one failing turn: where, what was asked, expected, and got."""
    found = "?" if result.found is None else _yaml_bool(result.found)
    return "\n".join(
        [
            f"FAIL {clean(result.conversation)} — turn {result.number}"
            f" ({result.source.path}:{result.line})",
            f"  user:     {clean(result.user)}",
            f"  expected: {clean(_expected(result.expect))}",
            f"  reply:    {clean(result.reply) or '(none)'}",
            f"  found:    {found}",
            *(f"  - {clean(f)}" for f in result.failures),
        ]
    )


def summary(passed: int, failed: int) -> str:
    return f"{passed} passed, {failed} failed"
