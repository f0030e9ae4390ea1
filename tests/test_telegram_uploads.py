"""Adding and removing documents from Telegram, through the real Application.process_update,
against the fake Bot API on 127.0.0.1: getFile and the file download go over loopback, to
the file URL the settings build from TELEGRAM_API_BASE_URL."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from document_files import make_docx, make_pdf
from fake_bot_api import FakeBotApi
from telegram.ext import Application
from telegram_support import ALICE, BOB, BOT_USERNAME, FRUIT_DOCUMENTS, GROUP, TOKEN, UpdateFactory, write_documents

from bot.telegram import kb_changes, texts, uploads
from bot.telegram.app import build_application
from bot.telegram.render_html import format_html
from bot.telegram.settings import Settings
from bot.telegram.state import ENGINE
from bot.telegram.tuning import Backoff, Tuning
from bot.telegram.uploads import UploadRefused, check_content, safe_name
from knowledge.errors import KnowledgeBaseError
from knowledge.models import SkippedFile
from retrieval.dialogue import Dialogue
from retrieval.engine import Engine

FAST = Tuning(send_backoff=Backoff(first=0.001, most=0.005))
CHERRIES = b"# Cherries\n\nCherries ripen in June in Turkey.\n\nCherry orchards cover the hills of Izmir.\n"
MakeApp = Callable[..., Awaitable[Application]]


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    return write_documents(tmp_path / "kb", FRUIT_DOCUMENTS)


@pytest.fixture
async def make_app(bot_api: tuple[FakeBotApi, str], kb: Path, tmp_path: Path,
                   monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[MakeApp]:
    """The real application on its real HTTP transport, settings read as from the environment."""
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    _, base_url = bot_api
    apps: list[Application] = []

    async def factory(folder: Path | None = kb) -> Application:
        settings = Settings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": base_url,
                                      "QABOT_ADMINS": str(ALICE["id"])}, state_dir=tmp_path / "state")
        app = build_application(settings, Engine.from_folder(folder), kb_folder=folder, tuning=FAST)
        await app.initialize()
        await app.start()
        apps.append(app)
        return app

    yield factory
    for app in apps:
        await app.stop()
        await app.shutdown()


@pytest.fixture
def api(bot_api: tuple[FakeBotApi, str]) -> FakeBotApi:
    return bot_api[0]


_file_ids = itertools.count(1)


async def send_document(app: Application, api: FakeBotApi, name: str, data: bytes, *,
                        user: dict[str, Any] = ALICE, chat: dict[str, Any] | None = None,
                        caption: str | None = None, stated_size: int | None = None,
                        state_size: bool = True) -> list[str]:
    """Send ``data`` as the document ``name``; return the bot's replies to it."""
    file_id = f"doc{next(_file_ids)}"
    api.offer_file(file_id, data, state_size=state_size)
    document = {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": name,
                "file_size": len(data) if stated_size is None else stated_size}
    extra: dict[str, Any] = {"document": document}
    if caption is not None:
        extra["caption"] = caption
    before = len(api.sent())
    await app.process_update(UpdateFactory(app.bot).message(None, user=user, chat=chat, **extra))
    return [p["text"] for p in api.sent()[before:]]


async def ask(app: Application, api: FakeBotApi, text: str, user: dict[str, Any] = ALICE) -> list[str]:
    before = len(api.sent())
    await app.process_update(UpdateFactory(app.bot).message(text, user=user))
    return [p["text"] for p in api.sent()[before:]]


def answered(app: Application, question: str) -> tuple[str, bool]:
    answer = app.bot_data[ENGINE].answer(question, Dialogue())
    return format_html(answer)[0], answer.found


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


# Adding ----------------------------------------------------------------------------------


async def test_an_admin_adds_markdown_and_it_is_answered_without_a_restart(
        make_app: MakeApp, api: FakeBotApi, kb: Path) -> None:
    app = await make_app()
    old = app.bot_data[ENGINE]
    [reply] = await send_document(app, api, "cherries.md", CHERRIES)
    assert reply.startswith("Added <b>cherries.md</b> (Cherries): ")
    assert "passage" in reply and "Facts found in it:" in reply and "3 documents" in reply
    assert (kb / "cherries.md").read_bytes() == CHERRIES
    assert not [p for p in kb.iterdir() if p.name.endswith(".tmp")]
    assert api.downloads == [f"/file/bot{TOKEN}/documents/{api.sent('getFile')[0]['file_id']}"]
    assert app.bot_data[ENGINE] is not old
    expected, found = answered(app, "When do cherries ripen?")
    assert found and "June" in expected
    assert await ask(app, api, "When do cherries ripen?") == [expected]


async def test_an_admin_adds_a_pdf_and_it_is_answered(
        make_app: MakeApp, api: FakeBotApi, kb: Path, tmp_path: Path) -> None:
    pdf = make_pdf(tmp_path / "warranty.pdf", [["Grinder warranty",
                                                "The grinder warranty lasts two years from the day of purchase."]],
                   title="Grinder warranty")
    app = await make_app()
    [reply] = await send_document(app, api, "warranty.pdf", pdf.read_bytes())
    assert reply.startswith("Added <b>warranty.pdf</b>"), reply
    assert (kb / "warranty.pdf").read_bytes() == pdf.read_bytes()
    expected, found = answered(app, "How long does the grinder warranty last?")
    assert found and "two years" in expected
    assert await ask(app, api, "How long does the grinder warranty last?") == [expected]


async def test_a_document_sent_again_replaces_the_old_one(
        make_app: MakeApp, api: FakeBotApi, kb: Path) -> None:
    app = await make_app()
    new = b"Bananas\nBananas are grown on plantations in Colombia.\n"
    [reply] = await send_document(app, api, "bananas.txt", new)
    assert reply.startswith("Replaced <b>bananas.txt</b>") and "2 documents" in reply
    assert (kb / "bananas.txt").read_bytes() == new


async def test_an_admin_adds_in_a_group_with_the_caption_add(
        make_app: MakeApp, api: FakeBotApi, kb: Path) -> None:
    app = await make_app()
    assert await send_document(app, api, "cherries.md", CHERRIES, chat=GROUP) == []  # not for the bot
    [reply] = await send_document(app, api, "cherries.md", CHERRIES, chat=GROUP,
                                  caption=f"/add@{BOT_USERNAME}")
    assert reply.startswith("Added <b>cherries.md</b>")
    assert (kb / "cherries.md").is_file()


@pytest.mark.parametrize("chat", [None, GROUP], ids=["private", "group"])
async def test_a_non_admin_upload_is_refused_and_nothing_is_written(
        make_app: MakeApp, api: FakeBotApi, kb: Path, chat: dict[str, Any] | None) -> None:
    app = await make_app()
    before, engine = files(kb), app.bot_data[ENGINE]
    replies = await send_document(app, api, "cherries.md", CHERRIES, user=BOB, chat=chat,
                                  caption="/add" if chat else None)
    assert replies == [texts.NOT_ADMIN_ADD]
    assert files(kb) == before and app.bot_data[ENGINE] is engine
    assert not api.sent("getFile") and not api.downloads


async def test_uploads_need_a_folder(make_app: MakeApp, api: FakeBotApi) -> None:
    app = await make_app(folder=None)
    assert await send_document(app, api, "cherries.md", CHERRIES) == [texts.NO_FOLDER]
    assert not api.downloads


async def test_a_file_stated_too_large_is_refused_before_download(
        make_app: MakeApp, api: FakeBotApi, kb: Path) -> None:
    app = await make_app()
    before = files(kb)
    [reply] = await send_document(app, api, "cherries.md", CHERRIES,
                                  stated_size=uploads.MAX_UPLOAD_BYTES + 1)
    assert reply.startswith("I did not add that file: the file is 20.0 MB, over the limit of 20.0 MB")
    assert not api.sent("getFile") and not api.downloads and files(kb) == before


async def test_a_file_whose_bytes_are_too_many_is_refused_after_download(
        make_app: MakeApp, api: FakeBotApi, kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 40)
    app = await make_app()
    before = files(kb)
    [reply] = await send_document(app, api, "cherries.md", CHERRIES, stated_size=10, state_size=False)
    assert reply.startswith("I did not add that file: the file is 89 bytes, over the limit of 40 bytes")
    assert len(api.downloads) == 1 and files(kb) == before


async def test_a_file_named_pdf_that_is_not_one_is_refused(
        make_app: MakeApp, api: FakeBotApi, kb: Path) -> None:
    app = await make_app()
    before, engine = files(kb), app.bot_data[ENGINE]
    [reply] = await send_document(app, api, "warranty.pdf", b"<html><body>Not a PDF at all</body></html>")
    assert reply == "I did not add that file: warranty.pdf is not a PDF (it does not start with %PDF-)."
    assert files(kb) == before and app.bot_data[ENGINE] is engine


async def test_an_unsafe_name_is_refused_before_download(make_app: MakeApp, api: FakeBotApi, kb: Path) -> None:
    app = await make_app()
    before = files(kb)
    [reply] = await send_document(app, api, "../escape.md", CHERRIES)
    assert reply == "I did not add that file: the file name must not contain a path."
    assert not api.downloads and files(kb) == before and not (kb.parent / "escape.md").exists()


async def test_a_document_whose_id_another_has_is_refused(make_app: MakeApp, api: FakeBotApi, kb: Path) -> None:
    app = await make_app()
    before = files(kb)
    [reply] = await send_document(app, api, "apples.md", CHERRIES)
    assert "apples.txt already has the id &#x27;apples&#x27;; remove it first (/remove apples.txt)" in reply
    assert files(kb) == before


@pytest.mark.parametrize("name", ["../x.md", "a/b.md", "a\\b.md", ".hidden.md", "notes.md~", "~$doc.docx",
                                  "run.exe", "noextension", "", ".md", "bad\x00name.md"],
                         ids=repr)
def test_unsafe_or_unknown_names_are_refused(name: str) -> None:
    with pytest.raises(UploadRefused):
        safe_name(name)


@pytest.mark.parametrize("name", ["notes.md", "Price list (2024).PDF", "Ürün listesi.docx", "page.html"])
def test_ordinary_names_are_kept(name: str) -> None:
    assert safe_name(name) == name


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("a.docx", b"PK\x03\x04 not really a zip", "is not a Word document"),
    ("a.txt", b"%PDF-1.4 a pdf renamed", "is a binary file"),
    ("a.md", b"\x00\x01\x02binary", "binary file"),
    ("a.txt", b"", "the file is empty"),
    ("a.md", b"# Only a title\n", "no text after the title"),
], ids=["docx-not-zip", "pdf-as-txt", "nul-bytes", "empty", "title-only"])
def test_content_that_does_not_fit_its_name_is_refused(name: str, data: bytes, reason: str) -> None:
    with pytest.raises(UploadRefused, match=reason):
        check_content(name, data)


def test_a_real_docx_passes_the_content_check(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "terms.docx", [("heading", "Terms"), ("paragraph", "Refunds take ten days.")])
    assert check_content("terms.docx", path.read_bytes()) == "Terms"


# Removing --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["bananas", "bananas.txt"], ids=["by-id", "by-path"])
async def test_an_admin_removes_a_document(make_app: MakeApp, api: FakeBotApi, kb: Path, name: str) -> None:
    app = await make_app()
    [reply] = await ask(app, api, f"/remove {name}")
    assert reply == "Removed <b>bananas.txt</b> (Bananas). I now answer from 1 document."
    assert not (kb / "bananas.txt").exists() and (kb / "apples.txt").is_file()
    assert [d for d, _ in app.bot_data[ENGINE].documents] == ["apples"]
    answer = app.bot_data[ENGINE].answer("Where are bananas grown?", Dialogue())
    assert "bananas" not in {c.document for c in answer.citations} and "Ecuador" not in answer.text


async def test_a_non_admin_cannot_remove(make_app: MakeApp, api: FakeBotApi, kb: Path) -> None:
    app = await make_app()
    before, engine = files(kb), app.bot_data[ENGINE]
    assert await ask(app, api, "/remove bananas", user=BOB) == [texts.NOT_ADMIN_REMOVE]
    assert files(kb) == before and app.bot_data[ENGINE] is engine


@pytest.mark.parametrize("name", ["cherries", "../kb/bananas.txt", "/etc/passwd"])
async def test_removing_an_unknown_name_removes_nothing(
        make_app: MakeApp, api: FakeBotApi, kb: Path, name: str) -> None:
    app = await make_app()
    before = files(kb)
    [reply] = await ask(app, api, f"/remove {name}")
    assert reply.startswith("I have no document called ") and "/sources" in reply
    assert files(kb) == before


async def test_removing_the_last_document_is_undone(make_app: MakeApp, api: FakeBotApi, tmp_path: Path) -> None:
    folder = write_documents(tmp_path / "one", {"apples": FRUIT_DOCUMENTS["apples"]})
    app = await make_app(folder=folder)
    engine = app.bot_data[ENGINE]
    [reply] = await ask(app, api, "/remove apples")
    assert reply.startswith("That did not work, so I put everything back as it was:") and "no documents" in reply
    assert (folder / "apples.txt").read_text(encoding="utf-8") == FRUIT_DOCUMENTS["apples"]
    assert app.bot_data[ENGINE] is engine


async def test_remove_without_a_name_and_add_without_a_file_explain_themselves(
        make_app: MakeApp, api: FakeBotApi) -> None:
    app = await make_app()
    assert await ask(app, api, "/remove") == [texts.REMOVE_USAGE]
    assert await ask(app, api, "/add") == [texts.ADD_USAGE]
    assert await ask(app, api, "/add", user=BOB) == [texts.NOT_ADMIN_ADD]


async def test_admins_see_the_curation_commands_in_help(make_app: MakeApp, api: FakeBotApi) -> None:
    app = await make_app()
    [admin_help] = await ask(app, api, "/help")
    [user_help] = await ask(app, api, "/help", user=BOB)
    assert "/add" in admin_help and "/remove" in admin_help
    assert "/remove" not in user_help


async def test_sources_gives_admins_the_names_remove_takes(make_app: MakeApp, api: FakeBotApi) -> None:
    app = await make_app()
    [admin_list] = await ask(app, api, "/sources")
    [user_list] = await ask(app, api, "/sources", user=BOB)
    assert "• Bananas (bananas.txt)" in admin_list
    assert "• Bananas" in user_list and "bananas.txt" not in user_list


# Undoing, and the folder's edges ---------------------------------------------------------


def failing_rebuild(folder: Path | None = None) -> Engine:
    raise KnowledgeBaseError("kb: the rebuild broke")


@pytest.mark.parametrize("name", ["cherries.md", "apples.txt"], ids=["new", "replacing"])
async def test_a_failed_rebuild_puts_the_folder_back_and_keeps_the_old_engine(
        make_app: MakeApp, api: FakeBotApi, kb: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    app = await make_app()
    before, engine = files(kb), app.bot_data[ENGINE]
    monkeypatch.setattr(kb_changes.Engine, "from_folder", staticmethod(failing_rebuild))
    [reply] = await send_document(app, api, name, CHERRIES)
    assert reply == "That did not work, so I put everything back as it was:\nkb: the rebuild broke"
    assert files(kb) == before and app.bot_data[ENGINE] is engine


async def test_a_document_in_a_subfolder_is_removed_by_its_path(
        make_app: MakeApp, api: FakeBotApi, kb: Path) -> None:
    (kb / "shop").mkdir()
    (kb / "shop" / "prices.md").write_bytes(b"# Prices\n\nThe decaf costs 14 dollars.\n")
    app = await make_app()
    [reply] = await ask(app, api, "/remove shop/prices.md")
    assert reply.startswith("Removed <b>shop/prices.md</b> (Prices).")
    assert not (kb / "shop" / "prices.md").exists()


async def test_a_link_out_of_the_folder_is_never_removed_or_written_through(
        make_app: MakeApp, api: FakeBotApi, kb: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("Outside\nThis file lives outside the knowledge base.\n", encoding="utf-8")
    (kb / "outside.txt").symlink_to(outside)
    app = await make_app()
    [reply] = await ask(app, api, "/remove outside")
    assert reply.startswith("I have no document called outside.")
    [reply] = await send_document(app, api, "outside.txt", b"Overwritten\nNew text here.\n")
    assert reply == "I did not add that file: outside.txt exists in the folder and is not a plain file."
    assert outside.read_text(encoding="utf-8").startswith("Outside") and (kb / "outside.txt").is_symlink()


def test_a_document_the_rebuild_skips_is_taken_out_again(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = Engine.from_folder

    def skipping(folder: Path | None = None) -> Engine:
        engine = real(folder)
        engine.kb.documents = [d for d in engine.kb.documents if d.path != "cherries.md"]
        engine.kb.skipped.append(SkippedFile(path="cherries.md", reason="corrupt"))
        return engine

    monkeypatch.setattr(kb_changes.Engine, "from_folder", staticmethod(skipping))
    current = real(kb).kb.documents
    with pytest.raises(UploadRefused, match=r"cherries\.md: corrupt"):
        kb_changes.add_document(kb, "cherries.md", CHERRIES, current)
    assert not (kb / "cherries.md").exists()
