"""The update journal (SQLite) and the settings that place it."""

from __future__ import annotations

from pathlib import Path

import pytest
from telegram import Bot, Update
from telegram_support import TOKEN

from bot.telegram.inbox import Inbox
from bot.telegram.journal import KEEP_DONE, Journal, journal_path
from bot.telegram.settings import Settings
from bot.telegram.tuning import Tuning
from knowledge.errors import ConfigError


def update(update_id: int, text: str = "hello", chat_id: int = 1001) -> Update:
    return Update.de_json({"update_id": update_id, "message": {
        "message_id": update_id, "date": 0, "text": text,
        "chat": {"id": chat_id, "type": "private", "first_name": "A"}}}, Bot(TOKEN))


def test_recorded_updates_survive_a_reopening_until_finished(tmp_path: Path) -> None:
    path = tmp_path / "state" / "journal.sqlite3"
    journal = Journal(path)
    assert [u.update_id for u in journal.record([update(1), update(2, chat_id=7)])] == [1, 2]
    journal.finish(1)
    journal.close()
    reopened = Journal(path)
    assert [(i, chat) for i, chat, _ in reopened.pending()] == [(2, 7)]
    assert reopened.oldest_pending(7) is not None and reopened.oldest_pending(1001) is None
    assert reopened.count_pending() == 1
    assert Update.de_json(reopened.pending()[0][2], None).message.text == "hello"


def test_an_update_sent_again_is_not_new_but_one_with_other_contents_is(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    journal.record([update(1), update(2)])
    journal.finish(1)
    assert journal.record([update(1), update(2), update(3)]) == [update(3)]
    # Telegram may start its ids afresh after a quiet week: same id, another message.
    assert [u.update_id for u in journal.record([update(1, "a new question")])] == [1]
    assert [i for i, _, _ in journal.pending()] == [1, 2, 3]


def test_tries_are_counted_and_done_rows_pruned(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    journal.record([update(1)])
    assert [journal.attempt(1), journal.attempt(1)] == [1, 2]
    journal.finish(1)
    journal.record([update(KEEP_DONE + 10)])
    assert journal.record([update(1)]) == [update(1)]  # forgotten, so new again


def test_an_unusable_journal_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "not-a-folder").write_text("x")
    with pytest.raises(ConfigError, match=r"cannot open the update journal .*--state-dir"):
        Journal(tmp_path / "not-a-folder" / "j.sqlite3")
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"this is not a database" * 100)
    with pytest.raises(ConfigError, match="cannot open the update journal"):
        Journal(broken)


@pytest.mark.parametrize(("environ", "given", "where"), [
    ({}, None, Path.home() / ".local" / "state" / "qabot"),
    ({"XDG_STATE_HOME": "/xdg"}, None, Path("/xdg/qabot")),
    ({"QABOT_STATE_DIR": "/srv/qabot", "XDG_STATE_HOME": "/xdg"}, None, Path("/srv/qabot")),
    ({"QABOT_STATE_DIR": "/srv/qabot"}, "/given", Path("/given")),
], ids=["home", "xdg", "env", "option"])
def test_the_state_folder_is_chosen_by_option_then_environment(
        environ: dict[str, str], given: str | None, where: Path) -> None:
    settings = Settings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN, **environ}, state_dir=given)
    assert settings.state_dir == where
    assert journal_path(settings.state_dir, settings.bot_id) == where / "telegram-123456789.sqlite3"


async def test_a_journalled_update_that_no_longer_reads_is_given_up(tmp_path: Path) -> None:
    journal = Journal(tmp_path / "j.sqlite3")
    journal.record([update(1), update(2)])
    journal._db.execute("UPDATE updates SET payload = ? WHERE update_id = 1",
                        ('{"update_id": 1, "message": {"text": "no date, no chat"}}',))
    inbox = Inbox(journal, Tuning())
    assert inbox.release_backlog() == 2
    assert [u.update_id for u in [inbox.get_nowait()]] == [2]
    assert inbox.empty() and inbox.room() == Tuning().max_ahead - 1
    assert [i for i, _, _ in journal.pending()] == [2]


async def test_an_update_put_by_the_webhook_server_is_journalled_before_it_is_queued(
        tmp_path: Path) -> None:
    """The webhook server answers Telegram's POST once ``put`` returns."""
    journal = Journal(tmp_path / "j.sqlite3")
    inbox = Inbox(journal, Tuning())
    await inbox.put(update(7))
    assert [i for i, _, _ in Journal(tmp_path / "j.sqlite3").pending()] == [7]  # on disk
    assert inbox.get_nowait().update_id == 7
    await inbox.put(update(7))  # Telegram sent it again: known, not queued twice
    assert inbox.empty()
    inbox.settle(update(7))
    assert journal.pending() == [] and inbox.room() == Tuning().max_ahead
