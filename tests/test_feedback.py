"""The feedback log: unanswered questions and 👎 answers, appended whole, summarized by their words."""

from __future__ import annotations

from pathlib import Path

from bot import feedback
from tests.conftest import Result


def test_records_are_appended_and_read_back(tmp_path: Path) -> None:
    path = feedback.feedback_path(tmp_path)
    assert path == tmp_path / ".qabot" / "feedback.jsonl"
    assert feedback.record(path, "unanswered", "Is there parking?", "I'm not sure…", chat=42)
    assert feedback.record(path, "disliked", "When do you open?", "At 9 am.", chat=7)
    records, bad = feedback.read_records(path)
    assert [(r.kind, r.question, r.chat) for r in records] == [("unanswered", "Is there parking?", 42),
                                                               ("disliked", "When do you open?", 7)]
    assert bad == 0


def test_a_half_written_line_is_skipped_and_counted(tmp_path: Path) -> None:
    path = feedback.feedback_path(tmp_path)
    feedback.record(path, "unanswered", "Is there parking?")
    with path.open("a", encoding="utf-8") as f:
        f.write('{"time": "2026-12-01T10:00:00Z", "kind": "unans')
    records, bad = feedback.read_records(path)
    assert len(records) == 1 and bad == 1


def test_questions_with_the_same_words_are_one_group_most_frequent_first(tmp_path: Path) -> None:
    path = feedback.feedback_path(tmp_path)
    for q in ["When are you open on Sunday?", "when are you open sunday", "Is there parking?",
              "WHEN ARE YOU OPEN ON SUNDAY"]:
        feedback.record(path, "unanswered", q)
    groups = feedback.summarize(feedback.read_records(path)[0])
    assert [g.count for g in groups] == [3, 1]
    assert groups[0].example in {"When are you open on Sunday?", "when are you open sunday",
                                 "WHEN ARE YOU OPEN ON SUNDAY"}


def test_a_long_message_is_logged_cut(tmp_path: Path) -> None:
    path = feedback.feedback_path(tmp_path)
    feedback.record(path, "unanswered", "why " * 5000)
    [entry], _ = feedback.read_records(path)
    assert len(entry.question) == feedback.MAX_FIELD_CHARS


def test_an_unwritable_log_is_a_warning_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / ".qabot").write_text("a file where the folder should be", encoding="utf-8")
    assert not feedback.record(feedback.feedback_path(tmp_path), "unanswered", "Is there parking?")


def test_qabot_feedback_prints_the_summary(cli, tmp_path: Path) -> None:
    (tmp_path / "hours.txt").write_text("Hours\n\nWe open at 9 am.\n", encoding="utf-8")
    path = feedback.feedback_path(tmp_path)
    for q in ["Is there parking?", "is there parking", "Do you sell tea?"]:
        feedback.record(path, "unanswered", q)
    result: Result = cli("feedback", "--kb", str(tmp_path))
    assert result.code == 0
    assert "3 recorded question(s)" in result.out
    assert "2×  " in result.out and "1×  Do you sell tea?" in result.out


def test_qabot_feedback_with_nothing_recorded(cli, tmp_path: Path) -> None:
    (tmp_path / "hours.txt").write_text("Hours\n\nWe open at 9 am.\n", encoding="utf-8")
    result: Result = cli("feedback", "--kb", str(tmp_path))
    assert result.code == 0 and "No unanswered questions" in result.out
