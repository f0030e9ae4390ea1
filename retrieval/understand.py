"""Question understanding: intent, expected answer type and slots.

A question is first repaired against the knowledge base's vocabulary (typos), then read
for its intent (when, where, who, what, count, list, happened, person, define, about),
the answer type that intent expects, and its slots: event series and ordinal (and
session), dates, places (with aliases), people, acronyms. Words the documents never use
are kept aside as ``unknown``: they are how the engine knows it cannot answer.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from knowledge.dates import DateMention, find_dates
from knowledge.lazy_pattern import lazy_compile
from knowledge.lexicon import CURRENCY_CODES, EVENT_WORDS, MONTH_NAMES, ROLE_HEADS
from knowledge.models import DateSpan
from knowledge.ordinals import AT_FIRST, MISSPELLED_ORDINALS, NUMBER_WORDS, ORDINAL_PATTERN, ordinal_value
from retrieval.analyzer import AMPERSAND, QUESTION_WORDS, STOPWORDS, normalize, terms
from retrieval.facts import FactTables
from retrieval.number_values import ASKS_MEASURE, ASKS_TIME_OF_DAY
from retrieval.vocabulary import Vocabulary, is_common_english

MAX_QUESTION_CHARS = 500
_SPACED_AMPERSAND = lazy_compile(r"\b([A-Za-z])\s+&\s+([A-Za-z])\b")
_RAW_TOKEN = lazy_compile(rf"v?\d+(?:\.\d+)+[a-z]?|(?:[A-Za-z]\.){{2,}}|{AMPERSAND}|"  # "P&C" one token
                          r"[^\W_]+(?:[+'’][^\W_]+)*(?:-[^\W_]+)*")
_CONTRACTION = lazy_compile(r"\b(what|who|where|when|how|which)['’]?s\b", re.I)
# A terminal's escape sequences ("\x1b[31m", pasted with a coloured line) and other control
# characters: no words of the question ("\x1b[31mWhen was…" had read "31mwhen").
_CONTROLS = lazy_compile(r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]|\x1b[@-_]?|"
                         r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # OSC (a title), CSI (a colour), the rest
# Words that sharpen a question without naming anything ("Where exactly?", "Who else?"): none
# is what the question is about, so none is an unknown word to refuse it for.
_FILLERS = frozenset({"exactly", "precisely", "approximately", "roughly", "specifically", "actually",
                      "really", "else", "please", "again", "anyway", "then", "since", "until", "till"})
PER_UNIT = lazy_compile(r"\bper\s+$", re.I)  # "meters per second": a unit, no ordinal
_CAPITAL_WORD = lazy_compile(r"\b[A-Z]{2,6}\b")
_TAG = lazy_compile(r"</?[A-Za-z][^<>]{0,60}>")
_SCRIPT = lazy_compile(r"<(script|style)\b[^<>]{0,60}>.*?</\1\s*>", re.I | re.S)  # code, not words of a question

INTENT_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # "Was the third SPD held in Washington?": a yes-or-no question (no wh-word in it).
    ("verify", lazy_compile(r"^(?:and\s+)?(?:was|were|did|is|are|has|had|does|do)\b"
                            r"(?!.*\b(?:when|where|who|whom|what|which|how|why)\b)")),
    ("define", lazy_compile(r"^(?:and\s+)?(?:what|who)\s+(?:is|are|was|were)\s+(?:the\s+|an?\s+)?"
                            r"(?P<x>[\w+-]+)s?\s*\W*$|\bwhat\s+(?:does|do|did)\s+(?:the\s+)?[\w+-]+\s+"
                            r"(?:stand\s+for|mean)\b|^(?:define|meaning\s+of)\b|\bstands?\s+for\b")),
    ("person", lazy_compile(r"^(?:and\s+)?who\s+(?:is|was|are|were)\s+(?!the\b|there\b)")),
    ("count", lazy_compile(r"\bhow\s+many\b|\bnumber\s+of\b|\bhow\s+often\b")),
    ("list", lazy_compile(r"^(?:please\s+)?(?:list|enumerate)\b|\btimeline\b|\b(?:all|every)\s+(?:the\s+)?"
                          r"(?:\w+\s+)?(?:meetings|sessions|events|dialogues|rounds)\b|"
                          r"\bwhich\s+\w+s\s+(?:were|have\s+been)\s+held\b")),
    ("happened", lazy_compile(r"\bwhat\s+(?:happened|took\s+place|occurred|went\s+on|was\s+going\s+on)\b|"
                              r"\bwhat\s+(?:did|does|has|had)\s+.+\s+do\b|\bwhat\s+events?\b|"
                              r"\banything\s+happen")),
    # "when" as its question word, not as the conjunction after another ("How loud is it when
    # it is brewing?", "What happens when the tank is empty?")
    ("when", lazy_compile(r"^(?:(?!\b(?:how|what|which|who|whom|whose|where|why)\b(?!\s+and\s+when\b)).)*\bwhen\b|"
                          r"\b(?:what|which)\s+(?:date|year|day|month|time)\b|\bon\s+what\b|"
                          r"\bin\s+what\s+year\b|\bhow\s+long\s+ago\b|\bsince\s+when\b")),
    ("where", lazy_compile(r"\bwho\s+(?:hosted|hosts|will\s+host)\b|\bwhere\b|"
                           r"\b(?:what|which)\s+(?:city|place|location|venue)\b|\bin\s+which\s+(?:city|country)\b")),
    ("who", lazy_compile(r"^(?:and\s+)?who\b|\bwho\s+(?:took\s+part|attended|participated|led|met|was\s+there)\b|"
                         r"\bwhich\s+(?:people|officials|leaders|delegates|ministers)\b|\bwith\s+whom\b|"
                         r"\bwho\s+\w+")),
    ("about", lazy_compile(r"^(?:and\s+)?(?:what|how)\s+about\b|^(?:tell|talk)\s+(?:me\s+)?(?:more\s+)?about\b|"
                           r"^and\b|^(?:what|how)\s+of\b")),
]
ANSWER_TYPES = {"when": "date", "where": "place", "who": "person", "count": "number",
                "person": "description", "define": "description"}
_SESSION = lazy_compile(rf"\b(?P<s>{ORDINAL_PATTERN})\s+(?:session|part|round)\s+of\s+(?:the\s+)?"
                        rf"(?P<o>{ORDINAL_PATTERN})\b")
_BARE_SESSION = lazy_compile(rf"\b(?P<s>{ORDINAL_PATTERN})\s+(?:session|part|sitting)\b")
_NEXT = lazy_compile(r"\b(?:next|following|subsequent|succeeding)\b(?!\s+session)|\bafter\s+(?:that|it|this)\b")
_PREVIOUS = lazy_compile(r"\b(?:previous|preceding|prior|earlier)\b(?!\s+session)|\bbefore\s+(?:that|it|this)\b|"
                         r"\bone\s+before\b")
_LATEST = lazy_compile(r"\b(?:latest|most\s+recent(?:ly)?|last|newest|recent(?:ly)?|final)\b")
_EARLIEST = lazy_compile(r"\b(?:earliest|very\s+first|oldest|start(?:ed|s)?|beg[ia]n(?:s)?|begun)\b")
# ("this year", "this week": a time, said of now, no referent of the conversation, but "that year"
# is the last answer's; "their" is often a shop's or a company's, not the last answer's: "What
# is their return policy?")
_PRONOUN = lazy_compile(r"\b(?:it|its|that|there|then|they|them|he|she|him|his|her|hers|one|this"
                        r"(?!\s+(?:year|month|week|weekend|morning|afternoon|evening|summer|winter|spring|autumn|"
                        r"season|semester|quarter|time)\b))\b")


@dataclass(frozen=True)
class Query:
    """A question as the engine reads it. Frozen: a stage that changes it makes a new one
    (``dataclasses.replace``)."""

    raw: str
    text: str
    intent: str = "describe"
    answer_type: str = "description"
    series: str | None = None
    ordinal: int | None = None
    session: int | None = None
    superlative: str | None = None
    dates: list[DateSpan] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)  # places the question is set in ("in X")
    people: list[str] = field(default_factory=list)
    acronyms: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    content: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)  # content beyond the named series/people/places
    unknown: list[str] = field(default_factory=list)
    unknown_names: list[str] = field(default_factory=list)
    unsaid: list[str] = field(default_factory=list)  # its common words, when the documents use none ("born")
    corrections: dict[str, str] = field(default_factory=dict)
    followup: bool = False
    maybe_focus: bool = False  # its words all occur where the focus is described
    series_inferred: bool = False  # from a noun ("the sixth summit"), not named
    current: bool = False  # "the current president": beyond what dated documents can say
    pronoun: bool = False
    personal: bool = False  # "he", "she", "his", "her": a person in focus
    relative: int = 0  # +1 "the next one", -1 "the one before"
    anchor_ordinal: int | None = None  # with ``relative``: the event it is relative to
    anchor_dates: list[DateSpan] = field(default_factory=list)


def clean(question: str) -> str:
    text = _CONTROLS.sub(" ", unicodedata.normalize("NFKC", question))
    text = _TAG.sub(" ", _SCRIPT.sub(" ", text))
    text = _CONTRACTION.sub(lambda m: f"{m.group(1)} is", text)  # "whats", "what's"
    return " ".join(text.split())[:MAX_QUESTION_CHARS]


_CONTRACTED = frozenset({"m", "t", "re", "ve", "ll", "d", "s"})  # I'm, don't, we're, I've, we'll, I'd, it's


def _stopword(token: str) -> bool:
    """A stopword, or one contracted ("I'm", "don't", "we're"): no word the documents must hold."""
    if token in STOPWORDS:
        return True
    parts = re.split(r"['’]", token)
    return len(parts) > 1 and all(p in STOPWORDS or p in _CONTRACTED or p in {"won", "shan", "ain"} for p in parts)


def _repair(text: str, vocab: Vocabulary) -> tuple[str, dict[str, str], list[tuple[str, bool]]]:
    """The text with typos repaired, the repairs, and every token with its capitalization."""
    if "&" in text:  # "P & C" is the documents' "P&C", where they write it ("terminals A & B" are two)
        text = _SPACED_AMPERSAND.sub(lambda m: f"{m.group(1)}&{m.group(2)}"
                                     if vocab.known(f"{m.group(1)}&{m.group(2)}".lower()) else m.group(0), text)
    out: list[str] = []
    corrections: dict[str, str] = {}
    tokens: list[tuple[str, bool]] = []
    last = 0
    found = list(_RAW_TOKEN.finditer(text))
    # "DO YOU SHIP ABROAD?", "Where Is The Shop?": capitals that mark no name.
    shouted = sum(1 for m in found if m.group(0).isupper()) * 2 > len(found) or (
        len(found) >= 3 and all(m.group(0)[0].isupper() for m in found))
    for i, m in enumerate(found):
        word = re.sub(r"['’]s$", "", m.group(0))
        lower = normalize(word)
        capitalized = (word[0].isupper() and i > 0) or (word.isupper() and len(word) > 1)
        named = word[0].isupper() and not word.isupper() and i > 0 and not shouted
        fixed = vocab.repair(lower, capitalized=capitalized, named=named)
        if fixed and word.isupper() and len(word) > 1 and not shouted and is_common_english(fixed):
            fixed = None  # "WTO" is an acronym the documents lack, not a misspelt "who"
        out.append(text[last:m.start()])
        if fixed:
            corrections[word] = fixed
            out.append(fixed)
            tokens.append((fixed, False))
        else:
            out.append(word)
            tokens.append((lower, capitalized))
        last = m.end()
    out.append(text[last:])
    return "".join(out), corrections, tokens


def _intent(q: str) -> str:
    for name, pattern in INTENT_PATTERNS:
        if pattern.search(q):
            return name
    return "describe"


def _series(q_terms: set[str], tokens: list[str], tables: FactTables) -> str | None:
    best: str | None = None
    for token in tokens:
        acr = tables.acronyms.get(token) or tables.acronyms.get(token.rstrip("s"))
        if acr and acr.long in tables.series_terms and (best is None or len(acr.long) > len(best)):
            best = acr.long
    for name, bag in tables.series_terms.items():
        if bag and bag <= q_terms and (best is None or len(bag) > len(tables.series_terms[best])):
            best = name
    if best is None:  # a shortened name: "the Steppe Cup" for the Steppe Ice Hockey Cup
        last = tables.series_last_term
        heads = [name for name, bag in tables.series_terms.items() if len(bag) > 2
                 and last[name] in q_terms and len(bag & q_terms) >= 2]
        best = heads[0] if len(heads) == 1 else None
    return best


def _other_first_name(name: str, text: str) -> bool:
    """"Nisha Kerry" is not John Kerry: a different first name before the surname."""
    first, surname = name.split()[0], name.split()[-1]
    for m in re.finditer(rf"\b([A-Z][a-z]+)\s+{re.escape(surname)}\b", text):
        before = m.group(1)
        ordinary = before.lower() in ROLE_HEADS | STOPWORDS | QUESTION_WORDS | {"did", "does", "do"}
        if not ordinary and before != first and len(name.split()) > 1:
            return True
        if len(name.split()) == 1 and before.lower() not in ROLE_HEADS | STOPWORDS and before[0].isupper() \
                and m.start() > 0:
            return True  # "Erlan Idrissov" against a bare "Idrissov": not known to be the same
    return False


_RELATIVE_TIME = lazy_compile(r"\b(before|prior\s+to|until|after|since)\s+(?:the\s+end\s+of\s+)?$", re.I)
_EARLIEST_DAY, _LATEST_DAY = dt.date(1, 1, 1), dt.date(9999, 12, 31)


def _date_ranges(text: str, mentions: list[DateMention]) -> list[DateSpan]:
    """The question's dates, "between X and Y" as one span, "before X" as an open one."""
    spans: list[DateSpan] = []
    i = 0
    while i < len(mentions):
        first = mentions[i]
        if i + 1 < len(mentions) and re.search(r"\bbetween\s+$", text[:first.start], re.I) \
                and re.fullmatch(r"\s+and\s+", text[first.end:mentions[i + 1].start], re.I):
            second = mentions[i + 1]
            spans.append(DateSpan(start=first.span.start, end=second.span.end, precision="year",
                                  label=f"between {text[first.start:second.end]}"))
            i += 2
            continue
        spans.append(_open_range(text, first))
        i += 1
    return spans


def _open_range(text: str, mention: DateMention) -> DateSpan:
    """"before 2000" is every day up to 1999, "since 2016" every day from 2016 on."""
    m = _RELATIVE_TIME.search(text[:mention.start])
    if not m:
        return mention.span
    word, span = m.group(1).lower(), mention.span
    label = f"{' '.join(m.group(1).split()).lower()} {text[mention.start:mention.end]}"
    if word in {"after"}:
        return DateSpan(start=span.end + dt.timedelta(days=1), end=_LATEST_DAY, precision="year", label=label)
    if word == "since":
        return DateSpan(start=span.start, end=_LATEST_DAY, precision="year", label=label)
    return DateSpan(start=_EARLIEST_DAY, end=span.start - dt.timedelta(days=1), precision="year", label=label)


def _names(tables: FactTables, person_id: str) -> list[str]:
    person = tables.people[person_id]
    return [person.name, *person.aliases, *(r.title for r in person.roles)]


def _spelled_out(text: str, tables: FactTables, vocab: Vocabulary) -> tuple[str, dict[str, str]]:
    """``text`` with each all-capital word the documents never write, but whose letters begin
    the words of one of their capitalized phrases, written as that phrase: "When is the AGM?"
    over "the Annual General Meeting"; and those replacements."""
    found = {m.group(0) for m in _CAPITAL_WORD.finditer(text)
             if not vocab.known(low := m.group(0).lower()) and low not in tables.acronyms
             and low not in tables.place_key}  # "USA" is a place
    spelled = {short: long for short in sorted(found) if (long := tables.latent_acronyms.get(short))}
    for short, long in spelled.items():
        text = re.sub(rf"\b{short}\b", long, text)
    return text, spelled


def understand(question: str, tables: FactTables, vocab: Vocabulary) -> Query:
    text, spelled = _spelled_out(clean(question), tables, vocab)
    repaired, corrections, tokens = _repair(text, vocab)
    corrections = {**spelled, **corrections}
    q = normalize(repaired)
    acronyms: list[str] = []
    people: list[str] = []
    places: list[str] = []
    locations: list[str] = []
    session: int | None = None
    ordinal: int | None = None
    superlative: str | None = None
    series_inferred = False
    relative = 0
    intent = _intent(q)
    answer_type = ANSWER_TYPES.get(intent, "description")
    if answer_type == "description" and ASKS_MEASURE.search(q):
        answer_type = "number"  # "How old is Daniel Ferreira?": an age, not who he is
    if answer_type == "date" and ASKS_TIME_OF_DAY.search(q):
        answer_type = "time"  # "What time does the hall open?": "6:30", not the day it first opened
    words = [t for t, _ in tokens]
    date_mentions = find_dates(repaired)
    dates = _date_ranges(repaired, date_mentions)
    in_dates = {w.lower() for d in date_mentions for w in re.findall(r"[^\W_]+", repaired[d.start:d.end])}

    for token in words:
        acr = tables.acronyms.get(token) or tables.acronyms.get(token.rstrip("s"))
        if acr and acr.short not in acronyms and acr.long.lower() not in tables.place_key:
            acronyms.append(acr.short)  # "US" is a place (found below), not a subject
    q_terms = set(terms(repaired))
    long_forms = tables.acronym_long_terms
    for key, acr in tables.acronyms.items():  # the full name of an acronym counts as the acronym
        long_terms = long_forms[key]
        if len(long_terms) > 1 and long_terms <= q_terms and acr.short not in acronyms:
            acronyms.append(acr.short)
    for short in acronyms:
        q_terms |= set(terms(tables.acronyms[short.lower()].long))
    series = _series(q_terms, words, tables)
    date_chars = [(d.start, d.end) for d in date_mentions]
    session_match = _SESSION.search(q)
    bare_session = _BARE_SESSION.search(q)
    if session_match:
        session = ordinal_value(session_match.group("s"))
        ordinal = ordinal_value(session_match.group("o"))
    elif bare_session and not series:  # "its second session": of the event in focus
        session = ordinal_value(bare_session.group("s"))
    else:
        misspelled = "|".join(MISSPELLED_ORDINALS)
        for m in re.finditer(rf"\b(?:{ORDINAL_PATTERN}|{misspelled})\b", repaired, re.I):
            if any(s <= m.start() < e for s, e in date_chars) or PER_UNIT.search(repaired, 0, m.start()):
                continue  # "meters per second": a unit, not the second of anything
            if AT_FIRST.match(repaired, max(0, m.start() - 3)) and m.group(0).lower() == "first":
                continue  # "Where was it at first?": at the start, not the first of anything
            ordinal = ordinal_value(m.group(0))
            break
    if _LATEST.search(q):
        superlative = "latest"
    elif _EARLIEST.search(q):
        superlative = "earliest"
    if series is None and (ordinal is not None or superlative
                                 or intent in {"count", "list"}):
        nouns = {t for w in words if w in EVENT_WORDS for t in terms(w)}
        if nouns:  # "the sixth summit": the series whose events are summits
            series = tables.series_for_noun(nouns)
            series_inferred = series is not None

    # Only the people and places whose names' first words the question holds are looked for
    # (``facts.NameRuns``): in the text find_in_text reads, normalize(q), and normalize(repaired), q.
    for person, names in tables.searched_people.candidates(normalize(q)):
        if tables.find_in_text(names, q) and not _other_first_name(person.name, repaired):
            people.append(person.id)
    for key, names in tables.searched_places.candidates(q):
        # A name in capitals that is also a stopword ("IT", a department) is that name only in
        # capitals: "Who heads it?" names no place.
        found = [n for n in tables.find_in_text(names, repaired)
                 if not (n.isupper() and n.lower() in STOPWORDS) or re.search(rf"\b{re.escape(n)}\b", repaired)]
        if found and key not in places:
            places.append(key)
            pattern = "|".join(re.escape(normalize(n)) for n in found)
            if re.search(rf"\b(?:in|at|to|from|near|visit\w*|around)\s+(?:the\s+)?(?:{pattern})(?![\w-])", q):
                locations.append(key)
    if series:  # "Riverton" in "the Riverton Chess Cup" names the series, not a place asked of
        inside = normalize(series)
        places = [k for k in places if not tables.find_in_text(tables.place_names[k], inside)]
        locations = [k for k in locations if k in places]

    salient = [(t, cap) for t, cap in tokens if not _stopword(t) and t not in QUESTION_WORDS
               and t not in _FILLERS and not t.isdigit() and ordinal_value(t) is None and t not in NUMBER_WORDS
               and t not in in_dates and not vocab.is_generic(t)]
    content = [t for t, _ in salient]
    common = [t for t, cap in salient if not cap]
    unsaid = common if common and all(not vocab.known(t) and is_common_english(t) for t in common) else []
    unknown = [t for t, _ in salient if not vocab.known(t)]
    named = set(terms(" ".join([*((series and [series]) or []), *acronyms,
                                *(n for k in places for n in tables.place_names[k]),
                                *(n for p in people for n in _names(tables, p))])))
    if series:
        named |= {t for short in acronyms for t in terms(short)}
    current = bool(re.search(r"\b(?:current(?:ly)?|now|today|present|incumbent)\b", q))
    extra = [t for t in content
                   if not set(terms(t)) <= named and t not in MONTH_NAMES and t not in EVENT_WORDS]
    amount = re.search(r"\d", q) is not None  # "30 EUR": a currency's code beside a number is a unit
    unknown_names = [t for t, cap in salient if cap and not vocab.known(t)
                     and not (amount and t.lower() in CURRENCY_CODES)]
    pronoun = bool(_PRONOUN.search(q) or re.match(r"(?:and|also|so)\b", q))  # "and who ...?"
    personal = bool(re.search(r"\b(?:he|she|him|her|his|hers)\b", q))
    if _NEXT.search(q):
        relative = 1
    elif _PREVIOUS.search(q):
        relative = -1
    has_subject = any([series, people, acronyms, dates, places,
                       content])
    followup = not has_subject

    expanded = list(terms(repaired))
    expansion = [t for short in acronyms for t in terms(tables.acronyms[short.lower()].long)]
    expansion += [t for key in places for name in tables.place_names[key] for t in terms(name)]
    expanded += [t for t in dict.fromkeys(expansion) if t not in expanded]
    if intent == "person" and (extra or series):
        intent, answer_type = "who", "person"  # "Who was Biswal's counterpart at ...?"
    return Query(raw=question, text=repaired, intent=intent, answer_type=answer_type, series=series,
                 ordinal=ordinal, session=session, superlative=superlative, dates=dates, places=places,
                 locations=locations, people=people, acronyms=acronyms, terms=expanded, content=content,
                 extra=extra, unknown=unknown, unknown_names=unknown_names, unsaid=unsaid, corrections=corrections,
                 followup=followup, series_inferred=series_inferred, current=current, pronoun=pronoun,
                 personal=personal, relative=relative)
