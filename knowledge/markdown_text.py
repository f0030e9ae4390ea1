"""Markdown to (title, body) with markdown-it-py; imported only when a Markdown file is read.

Choices:
- The first heading is the title; later headings are blocks of their own, which
  ``knowledge.sentences`` reads as section headings.
- A paragraph is one block; its line breaks, soft or hard, become spaces.
- Each list item is a block of its own and a sentence: one without final punctuation
  gets a full stop ("- Trees planted" → "Trees planted."), so that it is not taken
  for a heading. An ordered list's item keeps its number ("3. Soak the filter."), so
  that "What is step 3?" can be answered; an ordered list inside another's item does not.
- A table becomes one sentence per row (``knowledge.tables``).
- Inline markup is reduced to its text: emphasis, links and inline code keep their
  words, an image its alt text; struck-out text and inline HTML tags are dropped.
  An HTML block is read as HTML. A code block is one block, its lines joined, ended
  like a list item (a short line of code is not a heading).
- A YAML front matter block (``---`` ... ``---``) is dropped.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

from knowledge.tables import Table, proper_nouns, table_sentences
from knowledge.textformats import as_sentence, clean_lines, html_body

_PARSER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def inline_text(token: Token) -> str:
    """The words of an inline token, without markup."""
    out: list[str] = []
    struck = 0
    for child in token.children or []:
        kind = child.type
        if kind == "s_open":
            struck += 1
        elif kind == "s_close":
            struck -= 1
        elif struck:
            continue
        elif kind in {"text", "code_inline"}:
            out.append(child.content)
        elif kind in {"softbreak", "hardbreak"}:
            out.append(" ")
        elif kind == "image":
            out.append(inline_text(child))
    return " ".join("".join(out).split())


def _strip_front_matter(text: str) -> str:
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end != -1:
            return text[end + 4:]
    return text


def _read_table(tokens: list[Token], i: int) -> tuple[Table, int]:
    """The table opening at ``tokens[i]``, and the index just past its end."""
    table = Table()
    row: list[str] = []
    in_head = False
    while tokens[i].type != "table_close":
        kind = tokens[i].type
        if kind == "thead_open":
            in_head = True
        elif kind == "thead_close":
            in_head = False
        elif kind == "tr_open":
            row = []
        elif kind == "inline":
            row.append(inline_text(tokens[i]))
        elif kind == "tr_close":
            if in_head:
                table.header = row
            else:
                table.rows.append(row)
        i += 1
    return table, i + 1


def markdown_to_text(raw: str) -> tuple[str, str]:
    """(title, body) of a Markdown text."""
    tokens = _PARSER.parse(_strip_front_matter(raw))
    title = ""
    blocks: list[str | Table] = []
    items = 0  # depth of list items around the current token
    number = ""  # the number of the ordered list item whose first paragraph is next
    lists: list[str] = []  # the kinds of the lists open around the current token
    i = 0
    while i < len(tokens):
        token = tokens[i]
        kind = token.type
        if kind == "table_open":
            table, i = _read_table(tokens, i)
            blocks.append(table)
            continue
        if kind in {"ordered_list_open", "bullet_list_open"}:
            lists.append(kind)
        elif kind in {"ordered_list_close", "bullet_list_close"}:
            lists.pop()
        elif kind == "list_item_open":
            items += 1
            # an ordered list's item number; "" in a bullet list, and in an ordered list inside
            # another's item, whose sub-steps belong to that item
            number = token.info if lists.count("ordered_list_open") == 1 and lists[-1] == "ordered_list_open" else ""
        elif kind == "list_item_close":
            items -= 1
            number = ""
        elif kind == "inline" and tokens[i - 1].type == "heading_open":
            text = inline_text(token)
            if not title:
                title = text
            elif text:
                blocks.append(text)
        elif kind == "inline" and items:
            text = as_sentence(inline_text(token))
            blocks.append(f"{number}. {text}" if number and text else text)
            number = ""  # the item's later paragraphs go on with it
        elif kind == "inline":
            blocks.append(inline_text(token))
        elif kind in {"fence", "code_block"}:
            blocks.append(as_sentence(" ".join(token.content.split())))
        elif kind == "html_block":
            blocks.append(html_body(token.content))
        i += 1
    proper = proper_nouns("\n".join(b for b in blocks if isinstance(b, str)))
    parts: list[str] = []
    for block in blocks:
        parts.extend(table_sentences(block, proper) if isinstance(block, Table) else [block])
    return title, clean_lines("\n\n".join(parts))
