"""Per-conversation state: what the last question was about, so follow-ups resolve."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Dialogue:
    """The focus of one conversation. Plain data; each chat or session owns one."""

    event_id: str | None = None
    series: str | None = None
    person_id: str | None = None
    intent: str | None = None
    slots: dict[str, object] = field(default_factory=dict)
    turns: int = 0

    def reset(self) -> None:
        self.event_id = None
        self.series = None
        self.person_id = None
        self.intent = None
        self.slots = {}
        self.turns = 0
