"""Telegram HTML rendering (escaping, splitting) and token redaction in logs."""

from __future__ import annotations

import io
import logging

import pytest
from telegram_support import TOKEN, assert_safe_html

from bot.telegram import redaction
from bot.telegram.render_html import MAX_MESSAGE, format_html, format_quotes, html_len
from retrieval.models import Answer, Citation


def answer(text: str, **kwargs: object) -> Answer:
    citation = Citation(document="d", title="R&D <notes>", quote="Quote with <b> & co.")
    return Answer(**{"text": text, "found": True, "confidence": 0.9,
                     "citations": [citation], **kwargs})


def test_every_value_is_escaped() -> None:
    [html] = format_html(answer("Is <b>bold</b> & \"quoted\" safe?"))
    assert html == ("Is &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot; safe?\n\n"
                    "<i>Source: R&amp;D &lt;notes&gt;</i>")
    quotes = format_quotes(answer("x").citations)
    assert quotes == ["<b>R&amp;D &lt;notes&gt;</b>",
                      "<blockquote>Quote with &lt;b&gt; &amp; co.</blockquote>"]


def test_not_found_has_no_citation_line() -> None:
    [html] = format_html(Answer(text="I don't know.", found=False, confidence=0.0,
                                suggestions=["When was the third SPD?"]))
    assert html == "I don&#x27;t know."


def test_several_documents_make_one_sources_line() -> None:
    cites = [Citation(document=d, title=t, quote="q") for d, t in
             [("a", "Alpha"), ("b", "Beta"), ("a", "Alpha")]]
    [html] = format_html(Answer(text="x", found=True, confidence=1, citations=cites))
    assert html.endswith("<i>Sources: Alpha; Beta</i>")


PARAGRAPH = "This paragraph has & some <markup> in it. " * 30  # ~1300 characters
SPLITS = {
    "paragraphs": "\n\n".join([PARAGRAPH] * 8),
    "sentences": PARAGRAPH * 8,
    "words": "word&word " * 1000,
    "characters": "&" * 5000,
    "astral": "😀" * 3000,  # two UTF-16 units each
}


@pytest.mark.parametrize("text", SPLITS.values(), ids=SPLITS.keys())
def test_long_replies_are_split_under_the_limit_and_never_inside_markup(text: str) -> None:
    chunks = format_html(answer(text))
    assert len(chunks) >= 2
    for chunk in chunks:
        assert html_len(chunk) <= MAX_MESSAGE
        assert_safe_html(chunk)
    assert chunks[-1].endswith("<i>Source: R&amp;D &lt;notes&gt;</i>")
    rebuilt = "".join(chunks).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    assert rebuilt.count("&") == text.count("&") + 1  # nothing lost at the seams (+ "R&D")


def test_paragraph_boundaries_are_preferred() -> None:
    chunks = format_html(answer("\n\n".join(["A" * 3000, "B" * 3000])))
    assert chunks[0] == "A" * 3000 and chunks[1].startswith("B" * 3000)


def test_a_long_quote_is_split_into_balanced_blockquotes() -> None:
    blocks = format_quotes([Citation(document="d", title="T", quote="Long & <b> " * 800)])
    assert len(blocks) >= 3
    for block in blocks[1:]:
        assert block.startswith("<blockquote>") and block.endswith("</blockquote>")
        assert html_len(block) <= MAX_MESSAGE


# The token in logs ------------------------------------------------------------------------


@pytest.fixture
def debug_log() -> io.StringIO:
    """Everything logged at DEBUG, through a root handler as the CLI sets up."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield stream
    root.removeHandler(handler)
    root.setLevel(old_level)
    for name in redaction.NOISY_HTTP_LOGGERS:
        logging.getLogger(name).setLevel(logging.NOTSET)


def test_redaction_covers_messages_arguments_and_tracebacks(debug_log: io.StringIO) -> None:
    redactor = redaction.install([TOKEN, TOKEN.partition(":")[2]])
    try:
        logging.getLogger("httpx").warning("HTTP Request: POST https://x/bot%s/getMe", TOKEN)
        logging.getLogger("httpx").info("HTTP Request: POST https://x/bot%s/getMe", TOKEN)
        logging.getLogger("telegram.Bot").debug("Set Bot API URL: https://x/bot" + TOKEN)
        try:
            raise RuntimeError(f"failed at https://x/bot{TOKEN}/sendMessage")
        except RuntimeError:
            logging.getLogger("anything").exception("boom")
    finally:
        redaction.uninstall(redactor)
    text = debug_log.getvalue()
    assert TOKEN.partition(":")[2] not in text
    assert text.count(redaction.REDACTED) == 3  # warning, debug line, exception message
    assert "HTTP Request" in text and "getMe" in text
    assert logging.getLogger("httpx").getEffectiveLevel() == logging.WARNING  # INFO silenced


async def test_no_log_line_of_a_running_bot_contains_the_token(
        debug_log: io.StringIO, tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> None:
    from telegram_support import RecordingRequest, UpdateFactory

    from bot.telegram.app import build_application
    from bot.telegram.settings import Settings
    from retrieval.engine import Engine

    monkeypatch.setenv("PTB_TIMEDELTA", "1")
    settings = Settings(token=TOKEN)
    redactor = redaction.install(settings.secrets)
    transport = RecordingRequest(
        responder=lambda method, _: (400, {"ok": False, "error_code": 400,
                                           "description": f"Bad Request: bot{TOKEN}"})
        if method == "sendMessage" and "SPD" in _.get("text", "") else None)
    try:
        app = build_application(settings, Engine.from_folder(None), request=transport,
                                get_updates_request=RecordingRequest())
        async with app:
            await app.start()
            updates = UpdateFactory(app.bot)
            await app.process_update(updates.message("/start"))
            await app.process_update(updates.message("When was the third SPD?"))
            await app.stop()
    finally:
        redaction.uninstall(redactor)
    text = debug_log.getvalue()
    assert "Set Bot API URL" in text and "Calling Bot API endpoint" in text  # DEBUG was on
    assert "Traceback" in text and "[REDACTED]" in text  # the failure, logged and redacted
    assert TOKEN.partition(":")[2] not in text
