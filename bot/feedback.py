"""What people asked that the bot could not answer, and answers they marked 👎: the list a
curator works through, adding documents or ``facts.yaml`` entries.

Each record is one JSON line in ``.qabot/feedback.jsonl`` of the knowledge-base folder (for
the bundled documents, in the state folder): the time, the chat, the kind ("unanswered" or
"disliked"), the question and the reply. A line is appended whole, in one write to a file
opened for appending, so two writers do not interleave and a crash leaves at most one
unreadable last line, which reading skips and counts.

``summarize`` groups the questions by their index terms ("When do you open on Sunday?" and
"when are you open sunday" are one group), the most frequent first.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ValidationError

from retrieval.analyzer import terms

log = logging.getLogger(__name__)

FeedbackKind = Literal["unanswered", "disliked"]
FILE_NAME = "feedback.jsonl"
MAX_FIELD_CHARS = 2000  # a 10,000-character message is logged, not in full


class FeedbackRecord(BaseModel):
    time: dt.datetime
    kind: FeedbackKind
    question: str
    reply: str = ""
    chat: int | None = None


def feedback_path(folder: Path | None, state_dir: Path | None = None) -> Path:
    """Where the log of ``folder`` lives: its ``.qabot`` folder, or the state folder for the
    bundled documents (``$QABOT_STATE_DIR``, else ``$XDG_STATE_HOME/qabot``, else
    ``~/.local/state/qabot``)."""
    if folder is not None:
        return folder / ".qabot" / FILE_NAME
    from bot.telegram.settings import state_dir_from  # the Telegram bot's own state folder

    return (state_dir or state_dir_from(os.environ, None)) / FILE_NAME


def record(path: Path, kind: FeedbackKind, question: str, reply: str = "", chat: int | None = None) -> bool:
    """Append one record; False (and a warning) if the log cannot be written."""
    entry = FeedbackRecord(time=dt.datetime.now(dt.UTC), kind=kind, question=question[:MAX_FIELD_CHARS],
                           reply=reply[:MAX_FIELD_CHARS], chat=chat)
    line = entry.model_dump_json() + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line.encode("utf-8"))
        finally:
            os.close(fd)
    except OSError as err:
        log.warning("%s: cannot record feedback (%s)", path, err.strerror or err)
        return False
    return True


def read_records(path: Path) -> tuple[list[FeedbackRecord], int]:
    """The records of the log, and how many lines could not be read (a crash's half line)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return [], 0
    records, bad = [], 0
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            records.append(FeedbackRecord.model_validate(json.loads(line)))
        except (ValueError, ValidationError):
            bad += 1
    return records, bad


@dataclass(frozen=True)
class Group:
    """Questions with the same terms: how often they came, and how one of them was written."""

    terms: tuple[str, ...]
    count: int
    example: str
    disliked: int  # how many of them were answers marked 👎
    last: dt.datetime


def summarize(records: list[FeedbackRecord], limit: int = 20) -> list[Group]:
    """The ``limit`` most frequent groups of questions, most frequent (then latest) first."""
    grouped: dict[tuple[str, ...], list[FeedbackRecord]] = {}
    for r in records:
        key = tuple(sorted(set(terms(r.question)))) or (r.question.strip().lower(),)
        grouped.setdefault(key, []).append(r)
    groups = [Group(terms=key, count=len(rs), example=Counter(r.question for r in rs).most_common(1)[0][0],
                    disliked=sum(r.kind == "disliked" for r in rs), last=max(r.time for r in rs))
              for key, rs in grouped.items()]
    groups.sort(key=lambda g: (-g.count, -g.last.timestamp(), g.example))
    return groups[:limit]


def format_summary(groups: list[Group], total: int, unreadable: int = 0) -> list[str]:
    """Plain lines: a heading, then one line per group ("3×  When are you open on Sunday?")."""
    if not total:
        return ["No unanswered questions or 👎 answers recorded yet."]
    lines = [f"{total} recorded question(s) in {len(groups)} most frequent group(s):"]
    for g in groups:
        marks = f" ({g.disliked} marked 👎)" if g.disliked else ""
        lines.append(f"  {g.count}×  {g.example}{marks}")
    if unreadable:
        lines.append(f"({unreadable} unreadable line(s) skipped)")
    return lines
