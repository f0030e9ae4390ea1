"""What each stage of answering decided, and why: printed by ``qabot ask --explain``."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Trace:
    steps: list[tuple[str, str]] = field(default_factory=list)

    def note(self, stage: str, decision: str) -> None:
        self.steps.append((stage, decision))

    def lines(self) -> list[str]:
        return [f"{stage:<10} {decision}" for stage, decision in self.steps]
