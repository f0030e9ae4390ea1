"""A PDF's text, page by page, with pypdf (pure Python; the ``qabot[documents]`` extra).

Choices:
- Each page's text layer is read with ``page.extract_text()``; where each page starts in
  the body is kept (``DocumentText.pages``), so a passage and a citation know their page.
- PDF text comes as lines cut at the page width. A line is joined to the one before when
  that one does not end a sentence (. ! ? : ;) and is long (at least ``WRAPPED_WIDTH`` of
  the page's longest line) or the line starts in lower case; a hyphen cut at a line end
  before a lower-case word is undone. A short line before a capital stays a block of its
  own (a heading); a line opening with a bullet starts a new block.
- Page breaks are block breaks: no paragraph runs across two pages.
- The title is the PDF's own title (its metadata) unless a program made it up ("Microsoft
  Word - terms.docx", "Untitled"), else its first line when that is short and ends without
  punctuation, else the file name.
- A PDF with no text at all (a scan) is refused: "no text layer; OCR it first".
- An encrypted PDF is read when it opens with the empty password (restrictions only);
  one that needs a password is refused, and so is one pypdf cannot parse ("corrupt PDF").
"""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

from knowledge.errors import DocumentError
from knowledge.formats import DocumentText

log = logging.getLogger(__name__)

WRAPPED_WIDTH = 0.6  # a layout rule, not a tuned score: lines at 60% of the widest are full lines
TITLE_WORDS = 12
_SENTENCE_END = re.compile(r"[.!?:;][\"'”’)\]]*$")
_BULLET = re.compile(r"^(?:[•▪◦‣●○■□\-–*]|\d{1,2}[.)])\s")
_SOFT_HYPHEN = re.compile(r"[^\W\d_]-$")
# Titles a program wrote for the author: "Microsoft Word - terms.docx", "Untitled", "scan.pdf".
_NO_TITLE = re.compile(r"^(?:microsoft \w+ - .*|untitled\b.*|.*\.(?:docx?|pdf|odt|rtf|txt|pages))$", re.I)


def paragraphs(text: str) -> list[str]:
    """One page's text as paragraphs: wrapped lines joined, blank lines and bullets kept apart."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    widest = max((len(line) for line in lines), default=0)
    out: list[str] = []
    open_ = False  # does the last paragraph go on on the next line?
    for line in lines:
        if not line:
            open_ = False
            continue
        if open_ and out and not _BULLET.match(line):
            previous = out[-1]
            if _SOFT_HYPHEN.search(previous) and line[0].islower():
                out[-1] = previous[:-1] + line
            else:
                out[-1] = f"{previous} {line}"
        else:
            out.append(line)
        open_ = not _SENTENCE_END.search(line) and len(line) >= WRAPPED_WIDTH * widest
    return _join_lowercase_starts(out)


def _join_lowercase_starts(blocks: list[str]) -> list[str]:
    """A block opening in lower case goes on the sentence before it ("... lasts" / "two years.")."""
    out: list[str] = []
    for block in blocks:
        if out and block[0].islower() and not _SENTENCE_END.search(out[-1]):
            out[-1] = f"{out[-1]} {block}"
        else:
            out.append(block)
    return out


def _open(path: Path, data: bytes) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError(path, "encrypted PDF (it needs a password); save an unprotected copy")
        _ = len(reader.pages)  # parses the page tree: a broken one fails here
    except DocumentError:
        raise
    except (FileNotDecryptedError, DependencyError, NotImplementedError) as err:
        raise DocumentError(path, f"encrypted PDF ({err}); save an unprotected copy") from err
    except Exception as err:  # a parser of arbitrary files: any failure means "cannot read it"
        log.debug("%s: pypdf failed", path, exc_info=True)
        kind = "corrupt PDF" if isinstance(err, PyPdfError | ValueError | KeyError) else "unreadable PDF"
        raise DocumentError(path, f"{kind} ({type(err).__name__}: {err})") from err
    return reader


def _page_texts(path: Path, reader: PdfReader) -> list[list[str]]:
    pages: list[list[str]] = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            text = page.extract_text() or ""
        except Exception as err:  # one bad page: keep the others
            log.info("%s: page %d cannot be read (%s: %s)", path, number, type(err).__name__, err)
            text = ""
        pages.append(paragraphs(text))
    return pages


def _title(reader: PdfReader, pages: list[list[str]]) -> str:
    meta = reader.metadata
    title = " ".join((meta.title or "").split()) if meta else ""
    if title and not _NO_TITLE.match(title):
        return title
    first = next((page[0] for page in pages if page), "")
    if first and len(first.split()) <= TITLE_WORDS and not _SENTENCE_END.search(first):
        for page in pages:
            if page:
                page.pop(0)
                break
        return first
    return ""


def read_pdf(path: Path, data: bytes) -> DocumentText:
    """The title, body and page starts of a PDF file's text layer."""
    reader = _open(path, data)
    pages = _page_texts(path, reader)
    if not any(pages):
        raise DocumentError(path, "no text layer; OCR it first")
    title = _title(reader, pages)
    body, starts = "", []
    for page in pages:
        if body and page:
            body += "\n\n"
        starts.append(len(body))
        body += "\n\n".join(page)
    return DocumentText(title=title, body=body, pages=starts)
