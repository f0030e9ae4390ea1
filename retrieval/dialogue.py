"""Per-conversation state (the focus), and how follow-up questions use it.

The focus is what the last answered question was about: an event (series, ordinal,
session, or a date filter), a person, and the sentences the answer cited. A question
that names no subject of its own ("Where?", "Who took part?", "What about the third?",
"and the second?", "What did he do?") borrows the focus; a self-contained question
replaces it. State is plain data owned by one conversation; nothing is global.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from knowledge.models import DateSpan


@dataclass
class Dialogue:
    """The focus of one conversation. Each chat or session owns one."""

    series: str | None = None
    ordinal: int | None = None
    session: int | None = None
    dates: list[DateSpan] = field(default_factory=list)
    person_id: str | None = None
    answer_series: str | None = None  # the series of the one event the last answer's sentence is of
    answer_sentence: str = ""  # the sentence the last answer read, until a follow-up looks at its event
    places: tuple[str, ...] = ()  # the places the last answered question was set in: a later "there"
    intent: str | None = None
    sentence_ids: list[str] = field(default_factory=list)
    topic: tuple[str, ...] = ()  # the index terms of what the last answered question was about
    person: tuple[str, ...] = ()  # the index terms of the person an answer last named: "he", "she"
    question: str = ""  # the last answered question, as read (ellipsis filled in)
    short: str = ""  # the short answer the last answer led with ("Daniel Diermeier: …"), if any
    turns: int = 0
    engine: str = ""  # which engine the focus belongs to: a reloaded one starts afresh

    def reset(self) -> None:
        self.series = None
        self.ordinal = None
        self.session = None
        self.dates = []
        self.person_id = None
        self.places = ()
        self.answer_series = None
        self.answer_sentence = ""
        self.intent = None
        self.sentence_ids = []
        self.topic = ()
        self.person = ()
        self.question = ""
        self.short = ""
        self.turns = 0
        self.engine = ""

    @property
    def has_focus(self) -> bool:
        return bool(self.series or self.person_id or self.sentence_ids)
