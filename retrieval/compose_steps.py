"""Questions about a numbered list's steps: "What is step 3 of the setup?", "How many steps are there?".

A document's numbered list (a how-to, a procedure, a recipe) keeps its item numbers when it is
read ("3. Soak the filter cartridge…", ``knowledge.markdown_text``, ``knowledge.html_text``). A
list is a run of sentences of one document that start with 1., 2., 3., … in turn; a sentence
after an item in its paragraph goes on with that item ("6. … run 500 ml of water through the
machine. This primes the pump."). What a list is about is its label: the document's title, the
list's section heading and the sentence just before it ("To descale the kettle:").

A question asks for a step by its number ("step 3", "the third step", "the last step"), for the
step after or before one ("after step 4", "the next step" after a step was the answer), or for
how many steps there are. Its other words choose the list: each must be in the list's label or
its items; of the lists that hold them all, the one whose label holds most. A question of no
other words is of the list the last answer read, else of the only list the documents have.
Anything else (no such list, two that fit as well) is left to the other answerers.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from knowledge.models import KnowledgeBase, Sentence
from knowledge.ordinals import NUMBER_WORDS, ORDINAL_PATTERN, ordinal_value
from retrieval.analyzer import terms
from retrieval.facts import FactTables
from retrieval.models import Answer

STEP_CONFIDENCE = 0.8
_SHOWN_WORDS = 8  # a sentence leading into a list names it in a reply if it is no longer
_BETWEEN_ITEMS = 6  # sentences between two items at most (an item's code block, its sub-points)
_ITEM = re.compile(r"^(\d{1,2})\.\s+(?=\S)")  # "3. Soak the filter": an item's number
_NUMBER = r"(?P<number>\d{1,2}|" + "|".join(NUMBER_WORDS) + r")"
_WHICH = re.compile(  # the step asked for
    rf"\bstep\s+(?:number\s+|no\.?\s*|#\s*)?{_NUMBER}\b"
    rf"|\b(?P<ordinal>{ORDINAL_PATTERN}|last|final)\s+step\b", re.I)
_AROUND = re.compile(rf"\b(?P<way>after|following|before|preceding)\s+"
                     rf"(?:(?:the\s+)?(?:(?:{ORDINAL_PATTERN}|last|final)\s+)?step\b|that\b|this\b|it\b)", re.I)
_NEXT = re.compile(r"\b(?P<way>next|previous)\s+(?:step|one)\b|\bwhat\s+(?:comes\s+)?(?P<then>next|then)\b"
                   r"|\b(?:and\s+)?then\s+what\b", re.I)
_COUNT = re.compile(r"\bhow\s+many\s+(?:[\w-]+\s+){0,2}steps\b|\bnumber\s+of\s+steps\b", re.I)
# Words of a question about steps that choose no list: "What is the next step after step 4?"
_ASKING = frozenset(terms("step steps stage number no how many what which is are there comes come next then "
                          "previous after following before preceding last final one do should i we you it "
                          "that this tell me"))


@dataclass(frozen=True)
class NumberedList:
    doc_id: str
    label: str  # what the list is called in a reply: its section, else a short sentence leading into it
    label_terms: frozenset[str]  # the terms of its section and of the sentence leading into it
    item_terms: frozenset[str]
    items: tuple[tuple[Sentence, ...], ...]  # each item's sentences; items[0] is step 1

    def item_text(self, n: int) -> str:
        """Step ``n`` (from 1) without its number, its sentences joined."""
        sentences = self.items[n - 1]
        return " ".join([_ITEM.sub("", sentences[0].text, count=1), *(s.text for s in sentences[1:])])

    def ids(self, n: int) -> list[str]:
        return [s.id for s in self.items[n - 1]]


@dataclass(frozen=True)
class StepQuestion:
    count: bool = False  # "How many steps are there?"
    number: int | None = None  # the step asked for (from 1); -1 for the last
    offset: int = 0  # +1: the one after ``number`` (or after the last answer's); -1: before
    of_last_answer: bool = False  # "What comes next?": a step relative to the last answer's


def _step_number(match: re.Match[str]) -> int | None:
    number, ordinal = match.group("number"), match.group("ordinal")
    if number:
        return int(number) if number.isdigit() else NUMBER_WORDS[number.lower()]
    if ordinal.lower() in {"last", "final"}:
        return -1
    return ordinal_value(ordinal)


def read_step_question(text: str) -> StepQuestion | None:
    """What a question asks of a numbered list's steps, or None if it asks none."""
    if _COUNT.search(text):
        return StepQuestion(count=True)
    which = _WHICH.search(text)
    around = _AROUND.search(text)
    if which:
        number = _step_number(which)
        if number is None:
            return None
        relative = around is not None and around.start() < which.start()  # "after step 4"
        offset = (-1 if around.group("way").lower() in {"before", "preceding"} else 1) if relative else 0
        return StepQuestion(number=number, offset=offset)
    nxt = _NEXT.search(text)
    if nxt:
        way = (nxt.group("way") or "next").lower()
        return StepQuestion(offset=-1 if way == "previous" else 1, of_last_answer=True)
    if around and re.search(r"\b(?:what|which)\b", text, re.I):  # "What do I do after that?"
        way = around.group("way").lower()
        return StepQuestion(offset=-1 if way in {"before", "preceding"} else 1, of_last_answer=True)
    return None


def asks_a_step(text: str) -> bool:
    """Whether ``text`` asks for a numbered step by its number, or how many steps there are."""
    asked = read_step_question(text)
    return asked is not None and not asked.of_last_answer


def numbered_lists(sentences: Sequence[Sentence]) -> list[NumberedList]:
    """The numbered lists of ``sentences`` (in the knowledge base's order): runs of items
    numbered 1, 2, 3, … in one section of one document. A sentence after an item goes on with it
    when the next item follows (a code block, sub-points, a second paragraph); a few such
    sentences at most, and none after the last item."""
    lists: list[NumberedList] = []
    run: list[list[Sentence]] = []
    lead: Sentence | None = None  # the sentence before the run's first item
    pending: list[Sentence] = []  # sentences after the run's last item, until the next one

    def close() -> None:
        if len(run) >= 2:
            lists.append(_numbered_list(run, lead))

    previous: Sentence | None = None
    for sentence in sentences:
        item = _ITEM.match(sentence.text)
        number = int(item.group(1)) if item else None
        same_place = run and (sentence.doc_id, sentence.section) == (run[0][0].doc_id, run[0][0].section)
        if number is not None and same_place and number == len(run) + 1:
            run[-1].extend(pending)
            run.append([sentence])
            pending = []
        elif number == 1:
            close()
            same_doc = previous is not None and previous.doc_id == sentence.doc_id
            run, lead, pending = [[sentence]], previous if same_doc else None, []
        elif number is None and same_place and sentence.paragraph == run[-1][-1].paragraph and not pending:
            run[-1].append(sentence)  # the item's own paragraph goes on
        elif number is None and same_place and len(pending) < _BETWEEN_ITEMS:
            pending.append(sentence)
        else:
            close()
            run, pending = [], []
        previous = sentence
    close()
    return lists


def _numbered_list(run: list[list[Sentence]], lead: Sentence | None) -> NumberedList:
    first = run[0][0]
    leading = lead.text.rstrip().rstrip(":") if lead is not None and lead.text.rstrip().endswith(":") else ""
    shown = first.section or (leading if len(leading.split()) <= _SHOWN_WORDS else "")
    return NumberedList(
        doc_id=first.doc_id, label=shown,
        label_terms=frozenset(terms(f"{first.section} {leading}")),
        item_terms=frozenset(t for item in run for s in item for t in terms(s.text)),
        items=tuple(tuple(item) for item in run))


class StepAnswers:
    """Answers to questions about the steps of the documents' numbered lists."""

    def __init__(self, kb: KnowledgeBase, tables: FactTables) -> None:
        self.kb = kb
        self.tables = tables
        self._titles = {d.id: d.title for d in kb.documents}

    @functools.cached_property
    def lists(self) -> list[NumberedList]:
        """The documents' numbered lists (found on the first question about steps)."""
        return numbered_lists(self.kb.sentences)

    def _item_of(self, sentence_ids: Sequence[str]) -> tuple[NumberedList, int] | None:
        """The list and step number of the step a last answer read, if it read one."""
        wanted = set(sentence_ids)
        for numbered in self.lists:
            for n, item in enumerate(numbered.items, 1):
                if item[0].id in wanted:
                    return numbered, n
        return None

    def _chosen(self, text: str, last: tuple[NumberedList, int] | None) -> NumberedList | None:
        """The list a question's own words choose (see the module's docstring)."""
        own = set(terms(text)) - _ASKING
        own = {t for t in own if not t.startswith("#")}  # the step's number chooses no list
        if not own:
            if last is not None:
                return last[0]
            return self.lists[0] if len(self.lists) == 1 else None

        def label(numbered: NumberedList) -> frozenset[str]:
            return numbered.label_terms | frozenset(terms(self._titles.get(numbered.doc_id, "")))

        def fit(numbered: NumberedList) -> tuple[int, float]:  # the label's words asked, then its own share asked
            own_label = numbered.label_terms
            return len(own & label(numbered)), len(own & own_label) / len(own_label) if own_label else 0.0

        fitting = [(fit(n), n) for n in self.lists if own <= label(n) | n.item_terms]
        if not fitting:
            return None
        best = max(score for score, _ in fitting)
        chosen = [n for score, n in fitting if score == best]
        if len(chosen) == 1:
            return chosen[0]
        return last[0] if last is not None and last[0] in chosen else None

    def answer(self, text: str, last_ids: Sequence[str] = ()) -> Answer | None:
        """The step a question asks for, or how many steps there are; None where no list fits."""
        asked = read_step_question(text)
        if asked is None or not self.lists:
            return None
        last = self._item_of(last_ids) if last_ids else None
        if asked.of_last_answer and last is None:
            return None
        numbered = self._chosen(text, last)
        if numbered is None:
            return None
        total = len(numbered.items)
        about = f" ({numbered.label})" if numbered.label else ""
        if asked.count:
            return Answer(text=f"{total} steps{about}, from “{numbered.item_text(1)}” to "
                               f"“{numbered.item_text(total)}”",
                          found=True, confidence=STEP_CONFIDENCE,
                          citations=self.tables.citations(numbered.ids(1) + numbered.ids(total)))
        if asked.of_last_answer:
            assert last is not None
            n = last[1] + asked.offset if last[0] is numbered else None
        else:
            base = total if asked.number == -1 else asked.number
            n = base + asked.offset if base is not None else None
        if n is None or not 1 <= n <= total:
            return Answer(text=f"The list{about} has {total} steps, so there is no step {n}."
                          if n is not None and n > 0 else f"The list{about} has no such step.",
                          found=False, confidence=0.0,
                          citations=self.tables.citations(numbered.ids(total)))
        return Answer(text=f"Step {n} of {total}{about}: {numbered.item_text(n)}", found=True,
                      confidence=STEP_CONFIDENCE, citations=self.tables.citations(numbered.ids(n)))
