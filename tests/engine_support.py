"""The real engine on the bundled documents, built once per test session."""

from __future__ import annotations

from functools import lru_cache

from retrieval.engine import Engine


@lru_cache(maxsize=1)
def bundled_engine() -> Engine:
    return Engine.from_folder(None)
