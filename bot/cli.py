"""The qabot command line. STUB: the CLI issue completes it."""

from __future__ import annotations

import sys

from retrieval.engine import Engine


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["ask"]:
        print(Engine.from_folder().answer(" ".join(args[1:])).text)
        return 0
    return 2
