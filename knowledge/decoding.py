"""Bytes of a text document (.txt, .md, .html) to str.

Choices:
- UTF-8 (with or without a BOM) and UTF-16 with a BOM are read as they are.
- A NUL byte in the first 8 KiB means a binary file, not text (UTF-16 without a BOM too).
- An HTML page that is not UTF-8 is read in the encoding its ``<meta charset>`` declares,
  when that decodes it.
- Anything else that is not UTF-8 is given to charset-normalizer (imported only then). Its
  guess is taken when it is confident: the decoded text has no more "chaos" (odd characters)
  than its default threshold allows and reads as a language it knows (coherence above 0).
  The document then records the encoding, and ``qabot build`` and ``qabot sources`` say so.
  When several encodings fit equally well and read the bytes differently (cp1250, cp1252
  and cp1257 share most letters), cp1252 is taken if it is one of them, the Windows
  encoding of Western European text, whose printable characters include all of Latin-1's;
  otherwise the guess is not sure.
- DOS and Mac code pages (cp437, cp775, mac_roman…) are taken only when no Windows or ISO
  encoding reads the bytes as cleanly: on a short text charset-normalizer may rank the rare
  Baltic DOS page cp775 first for Latin-1 ("Cafķ" for "Café"), on a coherence that few words
  cannot settle.
- A file that no encoding fits surely is refused, naming the line of its first byte that is
  not UTF-8.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from knowledge.errors import DocumentError

WESTERN = "cp1252"
_DOS_OR_MAC = ("cp4", "cp7", "cp8", "mac_")  # charset-normalizer's names of DOS and Mac code pages
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str = ""  # the legacy encoding guessed ("cp1252"); "" for UTF-8 or UTF-16


class NotUtf8Error(DocumentError):
    """Text with no BOM and no NUL byte that is not valid UTF-8: maybe a legacy encoding."""


def decode(path: Path, data: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is refused."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise DocumentError(path, f"invalid UTF-16 text ({err.reason})") from err
    if b"\x00" in data[:8192]:
        raise DocumentError(path, "binary file, not a text document")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise NotUtf8Error(
            path, f"line {line}: not UTF-8 (byte 0x{data[err.start]:02x}); "
                  "convert it first, e.g. iconv -f latin1 -t utf-8") from err


def guess_legacy(data: bytes) -> Decoded | None:
    """``data`` decoded in the legacy encoding charset-normalizer is confident of, or None."""
    from charset_normalizer import from_bytes

    results = list(from_bytes(data))  # cleanest first (least chaos, then most coherence)
    cleanest = results[0].chaos if results else 0.0
    common = [r for r in results if r.chaos <= cleanest and not r.encoding.startswith(_DOS_OR_MAC)]
    results = common or results
    best = results[0] if results else None
    if best is None or best.coherence <= 0 or best.encoding.startswith("utf"):
        return None
    tied = [r for r in results if (r.chaos, r.coherence) == (best.chaos, best.coherence)]
    texts = {str(r) for r in tied}
    if len(texts) == 1:
        return Decoded(str(best), best.encoding)
    western = next((r for r in tied if WESTERN in r.could_be_from_charset), None)
    return Decoded(str(western), WESTERN) if western is not None else None


def html_charset(data: bytes) -> str | None:
    """The encoding an HTML page declares in a ``<meta>`` tag near its top, if Python knows it."""
    found = _META_CHARSET.search(data[:4096])
    if found is None:
        return None
    try:
        return codecs.lookup(found.group(1).decode("ascii")).name
    except LookupError:
        return None


def decode_text(path: Path, data: bytes, declared: str | None = None) -> Decoded:
    """UTF-8 or UTF-16 text; else the ``declared`` encoding (an HTML page's), if it decodes the
    bytes; else a confidently guessed legacy encoding; else DocumentError."""
    try:
        return Decoded(decode(path, data))
    except NotUtf8Error as err:
        if declared and not declared.startswith("utf"):
            try:
                return Decoded(data.decode(declared), declared)
            except UnicodeDecodeError:
                pass
        guessed = guess_legacy(data)
        if guessed is None:
            raise DocumentError(path, f"{err.reason.split(';')[0]}, and no other encoding fits it surely; "
                                      "convert it first, e.g. iconv -f latin1 -t utf-8") from err
        return guessed
