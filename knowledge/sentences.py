"""Split a document body into blocks (paragraphs, headings, attributions) and sentences.

Choices:
- A block is a line, or a blank-line separated group of lines when the text is
  hard-wrapped (most lines of multi-line groups end mid-sentence). A line of prose that stops
  mid-sentence, before a line going on in lower case or with a digit after a capital, goes on
  in it (``_continues``): text copied from a web page loses its subscripts to line breaks
  ("the formula O⏎2. Diatomic oxygen …"), and a sentence its middle.
- A heading is a short block with no sentence-final punctuation, unless it labels a figure
  or an address ("Phone: (218) 555-0147").
- An attribution is a line such as "— Secretary Pompeo (@SecPompeo) December 13, 2019";
  it dates the quotation just before it.
- A sentence ends at . ! or ? followed by a space and a capital, a digit or a quote,
  except after an abbreviation ("Mr.", "Dec.", "U.S.", "Washington, D.C. on"), an initial,
  or inside a token such as "pic.twitter.com/x".
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Literal

BlockKind = Literal["heading", "paragraph", "attribution"]

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "jr", "sr", "gen", "sen", "rep", "gov", "lt", "col", "capt",
    "prof", "inc", "ltd", "co", "corp", "vs", "e.g", "i.e", "no", "vol", "fig", "approx",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mt", "ft", "ave", "blvd", "dept", "est", "univ", "amb", "pres", "sec", "adm", "maj", "sgt",
    "v", "cf", "pp",  # "Runyon v. McCrary", "cf. Fig. 2", "pp. 4–9"
}
_ENDS_A_LIST = {"etc"}
_BEFORE_A_NUMBER = {"c", "ca", "max", "min"}  # circa, at most, at least: only before a number, not after one
_NUMBER_BEFORE = re.compile(r"\d\s*$")  # "45 min.": minutes, a unit after its number
_LAST_WORD = re.compile(r"([\w.]+)$")
_WORD_REACH = 40  # characters looked back for the word before a full stop
SENTENCE_STARTERS = {
    "the", "this", "that", "these", "those", "it", "in", "on", "a", "an", "he", "she", "they",
    "we", "both", "his", "her", "their", "its", "after", "during", "since", "at", "as", "for",
    "but", "and", "however", "there", "i", "our", "some", "many", "each", "today", "when",
}
_ATTRIBUTION = re.compile(r"^\s*[—–-]{1,2}\s*\S.*\b(1[89]|20)\d\d\s*$")
_URL_END = re.compile(r"(?:https?://|www\.|\w\.\w{2,}/)\S*$")
_END = re.compile(r"(?<![.!?])[.!?]+(?:\[[^\]\n]{1,40}\])*[\"'”’)\]]*\s+")  # ".[citation needed] Next", ".[3] Next"


@dataclass(frozen=True)
class Block:
    text: str
    start: int
    end: int
    kind: BlockKind


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def _is_hard_wrapped(groups: list[list[str]]) -> bool:
    """Lines broken at a width: most lines of multi-line groups stop mid-sentence."""
    multi = [g for g in groups if len(g) > 1]
    if not multi:
        return False
    inner = [line.rstrip() for g in multi for line in g[:-1]]
    open_ended = [line for line in inner if not line.endswith((".", "!", "?", ":"))
                  and not _URL_END.search(line)]
    return len(inner) >= 2 and len(open_ended) >= 0.5 * len(inner) and all(
        len(line) > 40 for line in open_ended)


# "Phone: (218) 555-0147", "Email: hello@example.com": a label and a figure or an address is
# a statement, not a section's title.
_LABELLED_VALUE = re.compile(r"^\s*[\w'’ -]{1,30}:\s+\S*[\d@]")
# A line that is one quotation with no stop inside it names what follows, as a troubleshooting
# page heads its sections with the message they explain: '"Address already in use"'.
_QUOTED_TITLE = re.compile(r'^\s*(?:"[^"]+[^".!?,;:]"|“[^”]+[^”.!?,;:]”)\s*$')


def _kind(text: str) -> BlockKind:
    if _ATTRIBUTION.match(text):
        return "attribution"
    words = text.split()
    ends_open = not text.rstrip().endswith((".", "!", "?", ":", ";", ",", "\"", "”", "。", "！", "？"))
    inner_stop = re.search(r"[.!?]\s+\S|[。！？]\S", text)  # a sentence ends inside: not a title
    if len(words) <= 12 and ends_open and not inner_stop and not _URL_END.search(text) \
            and not _LABELLED_VALUE.match(text):
        return "heading"
    return "paragraph"


# A line of prose (a space, and longer than a title) ending mid-sentence: in a word, a figure
# or a bracket, not at a stop, a colon or a table's bar.
_OPEN_PROSE = re.compile(r"^(?![ \t]*(?:[-*+•|#>]|\d+[.)]\s)).{40,}[^\W_][)\]]?$")
_LOWER_START = re.compile(r"^[a-z]")
_SUBSCRIPT_START = re.compile(r"^\d{1,2}(?!\d)(?![.:)]\s*$)")  # "2. Diatomic …", "2CO)", not "12)"
_SUBSCRIPTED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ)]")  # an element's symbol or a group's bracket
# A line of any length ending in an element's symbol after a word or a bracket ("Concentrated O",
# "oxide Al", "SiO", "(CH"), unless every word has a capital, as a heading's ("Part A").
_FORMULA_END = re.compile(r"(?:[\w,)]\s+|\(|(?<=[A-Za-z\d]))[A-Z][a-z]?\s*$|\w[)\]]\s*$")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+•|#>]|\d+[.)]\s)")
_TITLE_CASE = re.compile(r"^\W*(?:[A-Z0-9][\w'’-]*[\s,:]+)*[A-Z][a-z]?\s*$")


# The chemical elements' symbols: a line ending in a formula ("SiO", "(CH") before its subscript,
# not in an acronym ("the USA⏎10 days", "Staff FAQ⏎1.").
_ELEMENTS = frozenset("""H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni Cu Zn Ga Ge As Se
Br Kr Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd Pm Sm Eu Gd Tb Dy Ho Er Tm Yb Lu Hf Ta W
Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U Np Pu Am Cm Bk Cf Es Fm Md No Lr""".split())
_SYMBOL = re.compile(r"\d*([A-Z][a-z]?)\d*")


def _ends_in_a_formula(line: str) -> bool:
    """Whether the last token of ``line`` is written in elements' symbols ("O", "SiO", "(CH", "Al 2O")."""
    token = line.rstrip().rsplit(None, 1)[-1].lstrip("([") if line.strip() else ""
    if token[-1:] in ")]":
        return True  # a group's bracket: "(CH⏎3)⏎2CO"
    parts = _SYMBOL.findall(token)
    return bool(parts) and "".join(_SYMBOL.sub(r"\1", token)) == "".join(parts) and all(p in _ELEMENTS for p in parts)


def _continues(line: str, following: str) -> bool:
    """Whether ``following`` goes on with the sentence ``line`` leaves open: it starts in lower
    case ("… which was⏎founded in 1853"), or with a digit after a capital or a bracket, as a
    formula's subscript ("O⏎2", "(CH⏎3)⏎2CO")."""
    if _SUBSCRIPT_START.match(following) and _FORMULA_END.search(line) and _ends_in_a_formula(line) \
            and not _LIST_ITEM.match(line) and not _TITLE_CASE.match(line) \
            and (not _LIST_ITEM.match(following) or line.count("(") > line.count(")")):  # "(O⏎3) is", not "⏎1. Install"
        return True  # "Uptake of O⏎2", "iron oxide Fe⏎2O⏎3", "Trioxygen (O⏎3)": not "Part A⏎2 cups"
    if not _OPEN_PROSE.match(line) or " " not in line.strip():
        return False
    return bool(_LOWER_START.match(following)) or (
        bool(_SUBSCRIPT_START.match(following)) and line.rstrip()[-1:] in _SUBSCRIPTED)


def split_blocks(body: str) -> list[Block]:
    """Blocks of a body with their character offsets in it."""
    lines: list[tuple[int, str]] = []
    pos = 0
    for line in body.split("\n"):
        if lines and line.strip() and _continues(lines[-1][1], line):
            lines[-1] = (lines[-1][0], f"{lines[-1][1]} {line}")  # the break's place, a space
        else:
            lines.append((pos, line))
        pos += len(line) + 1
    groups: list[list[tuple[int, str]]] = [[]]
    for start, line in lines:
        if line.strip():
            groups[-1].append((start, line))
        elif groups[-1]:
            groups.append([])
    groups = [g for g in groups if g]
    wrapped = _is_hard_wrapped([[line for _, line in g] for g in groups])
    blocks: list[Block] = []
    for group in groups:
        units = _wrapped_units(group) if wrapped else [[item] for item in group]
        for unit in units:
            start = unit[0][0]
            end = unit[-1][0] + len(unit[-1][1])
            text = " ".join(line.strip() for _, line in unit)
            blocks.append(Block(text=text, start=start, end=end, kind=_kind(text)))
    return _quoted_titles(blocks)


def _quoted_titles(blocks: list[Block]) -> list[Block]:
    """``blocks`` with a quoted line made a heading where it heads a section: followed by prose,
    in a text that has headings of its own or two such lines ('"Address already in use"' on a
    troubleshooting page); a quoted line among prose (a testimonial) stays a sentence."""
    heading = [i for i, (block, following) in enumerate(itertools.pairwise(blocks))
               if block.kind == "paragraph" and _QUOTED_TITLE.match(block.text)
               and following.kind == "paragraph" and not _QUOTED_TITLE.match(following.text)]
    if not heading or (len(heading) < 2 and not any(b.kind == "heading" for b in blocks)):
        return blocks  # one quoted line before prose, in a text of no headings: a quotation
    out = list(blocks)
    for i in heading:
        out[i] = Block(text=blocks[i].text, start=blocks[i].start, end=blocks[i].end, kind="heading")
    return out


def _wrapped_units(group: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """A wrapped group's lines as one unit, except that an attribution line stands alone."""
    units: list[list[tuple[int, str]]] = [[]]
    for item in group:
        if _ATTRIBUTION.match(item[1]):
            units.extend([[item], []])
        else:
            units[-1].append(item)
    return [u for u in units if u]


_LIST_NUMBER = re.compile(r"\s*\d{1,2}")  # all a block holds before its first full stop


def _is_abbreviation(text: str, dot: int) -> bool:
    """True if the period at ``dot`` ends an abbreviation rather than a sentence."""
    if _LIST_NUMBER.fullmatch(text[:dot]):  # "3. Soak the filter": a numbered item's number
        return True
    match = _LAST_WORD.search(text, max(0, dot - _WORD_REACH), dot)  # a bounded look back: not the whole line
    if not match:
        return False
    word = match.group(1)
    lower = word.lower()
    following = re.match(r"\s+([\w']+)", text[dot + 1:])
    if lower in _ENDS_A_LIST or (lower == "al" and text.endswith("et ", 0, match.start())):
        # "…, trams, buses etc. The city …" and "Smith et al. The next study" end there; "et al. (2004)" goes on
        return not (following and following.group(1).lower() in SENTENCE_STARTERS)
    if lower in ABBREVIATIONS:
        return True
    if lower in _BEFORE_A_NUMBER:  # "c. 1,300,000", "max. 50 guests"; not "lasts 45 min. 10 sessions …"
        return bool(following and following.group(1)[:1].isdigit()) \
            and not _NUMBER_BEFORE.search(text, max(0, match.start() - 8), match.start())
    if len(word) == 1 and word.isupper():  # an initial: "John F. Kennedy"
        return True
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word):  # U.S / D.C / e.g
        return not (following and following.group(1).lower() in SENTENCE_STARTERS)
    return False


def split_sentences(text: str) -> list[Span]:
    """Sentence spans within one block's text."""
    spans: list[Span] = []
    start = 0
    for match in _END.finditer(text):
        end = match.end()
        following = text[end:end + 1]
        if not following or not (following.isupper() or following.isdigit() or following in "\"“'‘(—–"):
            continue
        punct = match.group(0).rstrip()
        if punct.endswith(".") or punct.rstrip("\"'”’)]").endswith("."):
            dot = match.start() + punct.rstrip("\"'”’)]").rfind(".")
            if punct.rstrip("\"'”’)]") == "." and _is_abbreviation(text, dot):
                continue
        spans.append(Span(start, match.start() + len(punct)))
        start = end
    if start < len(text) and text[start:].strip():
        spans.append(Span(start, len(text.rstrip())))
    return [piece for span in spans for piece in _split_cjk(text, span)]


def _split_cjk(text: str, span: Span) -> list[Span]:
    """Chinese and Japanese full stops end sentences with no space after them."""
    pieces, start = [], span.start
    for m in re.finditer(r"[。！？]+", text[span.start:span.end]):
        end = span.start + m.end()
        if end < span.end:
            pieces.append(Span(start, end))
            start = end
    pieces.append(Span(start, span.end))
    return pieces
