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


class CaseBlind:
    """A pattern matched without regard to case (``re.IGNORECASE``), quicker on an ASCII text.

    On an ASCII text, an ASCII letter of the pattern matches either case of itself and ``\\b``,
    ``\\d``, ``\\s`` and ``\\w`` do not depend on case; so the pattern in lower case, without the
    flag, finds the same matches at the same places in the text in lower case, 3 to 4 times
    quicker (the re module compares each character in both cases under the flag). ``folded(text)``
    gives the text to search and whether it is so folded; ``pattern(is_folded)`` the pattern to
    search it with. The groups of a match in a folded text are in lower case. Compiled when first used.
    """

    def __init__(self, pattern: str, flags: int = 0) -> None:
        if re.search(r"\\[A-Z]", pattern) or any(c.isalpha() for c in pattern if not c.isascii()):
            raise ValueError(f"not to be folded: {pattern!r}")  # \S, \W, \B in lower case mean otherwise
        self._slow = lazy_compile(pattern, flags | re.IGNORECASE)
        lower = pattern.lower().replace("(?p<", "(?P<").replace("(?p=", "(?P=")  # named groups stay named
        self._fast = lazy_compile(lower, flags & ~re.IGNORECASE)

    def pattern(self, is_folded: bool) -> re.Pattern[str]:
        return self._fast if is_folded else self._slow

    def search(self, text: str) -> re.Match[str] | None:
        """A match in ``text`` (``folded``: of another string if so), or None."""
        scan, is_folded = folded(text)
        return self.pattern(is_folded).search(scan)


def folded(text: str) -> tuple[str, bool]:
    """The text to search with ``CaseBlind`` patterns: an ASCII text in lower case (True), another as it is."""
    return (text.lower(), True) if text.isascii() else (text, False)
