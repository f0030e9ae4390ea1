"""The bot's fixed wording, as Telegram HTML (every interpolated value escaped)."""

from __future__ import annotations

from html import escape

COMMANDS: tuple[tuple[str, str], ...] = (
    ("ask", "Ask a question (works in groups too)"),
    ("sources", "List the documents I answer from"),
    ("reset", "Forget our conversation so far"),
    ("help", "How to talk to me"),
    ("start", "Say hello and see example questions"),
)
ADMIN_COMMANDS: tuple[tuple[str, str], ...] = (
    ("add", "Administrators: send a document (caption /add in groups) to add it"),
    ("remove", "Administrators: /remove NAME takes a document out"),
    ("feedback", "Administrators: what people asked that I could not answer"),
    ("reload", "Administrators: read the documents again"),
)

SOURCES_BUTTON = "Sources"
LIKE_BUTTON = "👍"
DISLIKE_BUTTON = "👎"
THANKS_LIKE = "Thanks! Glad it helped."
THANKS_DISLIKE = "Thanks: noted for whoever looks after my documents."
NOT_ADMIN_FEEDBACK = "Sorry, only the bot's administrators can see the feedback."
APOLOGY = "Sorry, something went wrong on my side while answering. Please try again."
REFUSAL = "Sorry, this bot is private and not available in this chat."
NOT_ADMIN = "Sorry, only the bot's administrators can reload the knowledge base."
RELOAD_BUSY = "A reload is already running; please wait for it to finish."
RESET_DONE = "Done: I have forgotten our conversation. Ask me anything."
ASK_USAGE = "Please put your question after the command, for example: /ask {example}"
NON_TEXT = "I can only read text messages. Please type your question."
UNKNOWN_COMMAND = "I don't know that command. Send /help to see what I can do."
EXPIRED_BUTTON = "This button has expired. Please type your question instead."
NOT_IN_A_CHAT = "Sorry, I can only answer in a chat. Please message me directly."
NO_DOCUMENTS = "There are no documents in my knowledge base."
NOT_ADMIN_ADD = ("Sorry, only the bot's administrators can add documents. "
                 "I read text messages: please type your question.")
NOT_ADMIN_REMOVE = "Sorry, only the bot's administrators can remove documents."
NO_FOLDER = ("I am answering from my bundled documents, which have no folder to change. "
             "Start me with --kb DIR (or QABOT_KB) to add and remove documents.")
ADD_USAGE = ("To add a document, send it to me as a file (PDF, DOCX, Markdown, text or HTML); "
             "in a group, with the caption /add.")
REMOVE_USAGE = "Please name the document: /remove NAME, as /sources lists them."


def greeting(first_name: str | None, examples: list[str]) -> str:
    """The /start message."""
    name = f", {escape(first_name)}" if first_name else ""
    lines = [
        f"Hello{name}! I answer questions about my documents and tell you where "
        "each answer comes from.",
        "Ask me anything, follow up with short questions such as <i>and where?</i>, "
        "and send /help for more.",
    ]
    if examples:
        lines.append("Try one of these:")
    return "\n\n".join(lines)


def help_text(bot_username: str, admin: bool = False) -> str:
    """The /help message (with the administrators' commands for an administrator)."""
    handle = escape(f"@{bot_username}")
    extra = ["", "<b>Administrators</b>", *(f"/{name} — {escape(what.removeprefix('Administrators: '))}"
                                            for name, what in ADMIN_COMMANDS)] if admin else []
    return "\n".join([
        "<b>How to talk to me</b>",
        "• In a private chat, just type your question. Follow-ups such as "
        "<i>and when was that?</i> refer to the previous question.",
        f"• In a group, mention me ({handle} your question), reply to one of my "
        "messages, or use /ask your question.",
        "• Tap <b>Sources</b> under an answer to see the sentences it rests on.",
        "",
        "/ask QUESTION — ask a question",
        "/sources — the documents I answer from",
        "/reset — forget our conversation",
        "/help — this message",
        *extra,
    ])


def asked(question: str) -> str:
    """The echo of a question asked with a button, so the chat shows what was asked."""
    return f"❓ <b>{escape(question)}</b>"


def reloaded(document_count: int) -> str:
    """Confirmation of a successful /reload."""
    noun = "document" if document_count == 1 else "documents"
    return f"Knowledge base reloaded: {document_count} {noun}."


def reload_failed(reason: str) -> str:
    """Report of a failed /reload; the old knowledge base stays in use."""
    return f"Reload failed, still using the previous knowledge base:\n{escape(reason)}"


def ask_usage(examples: list[str]) -> str:
    """Help for a bare /ask."""
    return escape(ASK_USAGE.format(example=examples[0] if examples else "When was it signed?"))


def feedback_summary(lines: list[str]) -> str:
    """/feedback: the summary of the feedback log, one group per line."""
    return "\n".join(escape(line) for line in lines)


def _counted(count: int, word: str) -> str:
    plural = {"person": "people", "date": "dates"}.get(word, word + "s")
    return f"{count} {word if count == 1 else plural}"


def learned(path: str, title: str, passages: int, facts: dict[str, int], documents: int, *,
            replaced: bool) -> str:
    """What the bot learned from a document just added (or replaced)."""
    verb = "Replaced" if replaced else "Added"
    kinds = ", ".join(_counted(n, kind) for kind, n in facts.items()) or "none"
    return "\n".join([
        f"{verb} <b>{escape(path)}</b> ({escape(title)}): {_counted(passages, 'passage')}.",
        f"Facts found in it: {escape(kinds)}.",
        f"I now answer from {_counted(documents, 'document')}; ask me about it.",
    ])


def removed(path: str, title: str, documents: int) -> str:
    """Confirmation of /remove."""
    return (f"Removed <b>{escape(path)}</b> ({escape(title)}). "
            f"I now answer from {_counted(documents, 'document')}.")


def upload_refused(reason: str) -> str:
    """A document not taken; nothing was written."""
    return f"I did not add that file: {escape(reason)}."


def change_failed(reason: str) -> str:
    """A change whose rebuild failed; the folder was put back and the old knowledge base stays."""
    return f"That did not work, so I put everything back as it was:\n{escape(reason)}"


def unknown_document(name: str) -> str:
    """/remove of a name that is no document of the folder."""
    shown = name if len(name) <= 80 else name[:79] + "…"
    return f"I have no document called {escape(shown)}. Send /sources to see their names."
