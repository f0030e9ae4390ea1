"""Pause Python's cyclic garbage collector while a build or a store load makes objects.

A build of 10,000 passages makes millions of small objects (pydantic models, regex
matches) and frees almost none of them, and none form cycles. The collector still
scans them again and again as they accumulate: about three quarters of the time of
validating the cached extractions went to it. Reference counting frees everything as
usual meanwhile; only the search for reference cycles waits until the block ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Disable the cyclic collector in this block (nested blocks are fine), then restore it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
