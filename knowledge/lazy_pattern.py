"""Regular expressions compiled when first used, not when their module is imported.

Compiling every module's patterns at import was a tenth of a cold ``qabot ask``, most of it
for patterns that one question never uses: the extraction's, when the knowledge base is
opened from a store; the open-question reader's, for a question about a fact.
``lazy_compile(pattern, flags)`` stands for ``re.compile(pattern, flags)``: the first
attribute read compiles it, and each attribute read is then kept on the object, so that
``PATTERN.search`` costs what it costs on a compiled pattern. ``PATTERN.pattern`` (the
source, to build other patterns from) compiles nothing.

It is no ``re.Pattern`` to ``isinstance`` or to the ``re`` module's functions: call its
methods (``PATTERN.sub(...)``, not ``re.sub(PATTERN, ...)``). Two threads compiling it at
once is harmless: the result is the same.
"""

from __future__ import annotations

import re
from typing import Any, cast


class LazyPattern:
    """``re.compile(pattern, flags)``, done on the first read of any other attribute."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self._flags = flags

    def __getattr__(self, name: str) -> Any:  # only for attributes not yet on the object
        if name.startswith("__"):  # copy, pickle and the like ask for protocols: not the pattern's
            raise AttributeError(name)
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            compiled = self.__dict__["_compiled"] = re.compile(self.pattern, self._flags)
        value = getattr(compiled, name)
        self.__dict__[name] = value
        return value

    def __repr__(self) -> str:
        return f"lazy_compile({self.pattern!r}, {self._flags!r})"


def lazy_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern that compiles itself when first used (see the module's notes)."""
    return cast(re.Pattern[str], LazyPattern(pattern, flags))
