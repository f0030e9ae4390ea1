"""Scripted conversations over documents nobody tuned the bot for: each suite keeps its floor.

Three SQuAD 2.0 articles and an invented shop's FAQ (tests/data/kbs/), with conversations
written for them (tests/conversations_kbs/). They are measurements, so not every turn
passes; ``floors.yaml`` says how many must, and a change that passes fewer fails here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml

if TYPE_CHECKING:
    from conftest import Result

pytestmark = pytest.mark.usefixtures("clean_env")

HERE = Path(__file__).parent
SUITES = HERE / "conversations_kbs"
FLOORS: dict[str, int] = yaml.safe_load((SUITES / "floors.yaml").read_text(encoding="utf-8"))


def test_every_suite_has_a_floor() -> None:
    assert {p.name for p in SUITES.iterdir() if p.is_dir()} == set(FLOORS)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_suite_passes_at_least_its_floor(cli: Callable[..., Result], name: str, tmp_path: Path) -> None:
    args = ["test", str(SUITES / name)]
    if name != "bundled":
        kb = tmp_path / name  # a copy: the run may write a store beside the documents
        kb.mkdir()
        for doc in (HERE / "data" / "kbs" / name).iterdir():
            (kb / doc.name).write_bytes(doc.read_bytes())
        args += ["--kb", str(kb)]
    result = cli(*args)
    assert result.code in (0, 1), result.err
    passed, failed = (int(w) for w in result.out.splitlines()[-1].replace(",", "").split()[::2])
    assert passed >= FLOORS[name], result.out
    assert passed + failed > 0
