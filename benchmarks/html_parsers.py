"""Import time and parse speed of the HTML parsers qabot could read pages with.

Usage: python benchmarks/html_parsers.py [--repeat N]

Import time: the median wall time of ``python -c "import X"`` in fresh processes, less that
of ``python -c pass``. Parse speed: parse each page and take its text, on the HTML files of
the test knowledge bases and on a large page made from the bundled documents (every
paragraph a ``<p>``, with navigation, scripts and a table, repeated to about 1 MB).
Candidates: BeautifulSoup 4 with the standard library's parser, selectolax (Lexbor), and
the standard library's event parser alone (what qabot's hand-written reader was built on),
and qabot's own reader (``knowledge.html_text``: tables, layout, title) on selectolax.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from html import escape
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PAGES = [*sorted((PROJECT / "tests" / "data").rglob("*.html"))]


def import_ms(module: str, repeat: int) -> float:
    def run(code: str) -> float:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - started

    run(module and f"import {module}")  # warm the file system cache
    base = statistics.median(run("pass") for _ in range(repeat))
    return (statistics.median(run(f"import {module}") for _ in range(repeat)) - base) * 1000


def large_page() -> str:
    paragraphs = []
    for path in sorted((PROJECT / "knowledge" / "documents").glob("*.txt")):
        paragraphs += [f"<p>{escape(line)}</p>" for line in path.read_text().splitlines() if line.strip()]
    rows = "".join(f"<tr><td>Item {i}</td><td>${i}</td><td>Colombia</td></tr>" for i in range(50))
    chunk = ("<nav><a href='/'>Home</a><a href='/a'>About</a></nav><script>var x = 1;</script>"
             "<style>p {color: red}</style><main>" + "".join(paragraphs)
             + f"<table><tr><th>Product</th><th>Price</th><th>Origin</th></tr>{rows}</table></main>")
    body = chunk * max(1, 1_000_000 // len(chunk))
    return f"<html><head><title>Large</title></head><body>{body}</body></html>"


def bs4_text(raw: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(raw, "html.parser")
    for tag in soup(["nav", "script", "style"]):
        tag.decompose()
    return soup.get_text("\n")


def selectolax_text(raw: str) -> str:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(raw)
    tree.strip_tags(["nav", "script", "style"])
    return tree.body.text(separator="\n") if tree.body else ""


def stdlib_text(raw: str) -> str:
    from html.parser import HTMLParser

    parts: list[str] = []

    class Reader(HTMLParser):
        def handle_data(self, data: str) -> None:
            parts.append(data)

    reader = Reader()
    reader.feed(raw)
    reader.close()
    return "\n".join(parts)


def qabot_text(raw: str) -> str:
    from knowledge.textformats import html_to_text

    return html_to_text(raw)[1]


CANDIDATES: dict[str, tuple[str, Callable[[str], str]]] = {
    "beautifulsoup4 (html.parser)": ("bs4", bs4_text),
    "selectolax (lexbor)": ("selectolax.lexbor", selectolax_text),
    "stdlib HTMLParser (events only)": ("html.parser", stdlib_text),
    "qabot html_to_text (selectolax)": ("knowledge.html_text", qabot_text),
}


def parse_ms(convert: Callable[[str], str], raw: str, repeat: int) -> float:
    convert(raw)
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        convert(raw)
        runs.append(time.perf_counter() - started)
    return statistics.median(runs) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9, metavar="N")
    args = parser.parse_args()
    sys.path.insert(0, str(PROJECT))
    small = [p.read_text(encoding="utf-8") for p in PAGES]
    large = large_page()
    print(f"Python {sys.version.split()[0]}; {len(small)} test pages "
          f"({sum(map(len, small)) / 1000:.1f} kB), one large page ({len(large) / 1e6:.1f} MB)")
    print(f"{'parser':<34} {'import':>9} {'test pages':>11} {'large page':>11}")
    for label, (module, convert) in CANDIDATES.items():
        imported = import_ms(module, args.repeat)
        pages = sum(parse_ms(convert, raw, args.repeat) for raw in small)
        print(f"{label:<34} {imported:>7.1f}ms {pages:>9.2f}ms {parse_ms(convert, large, 3):>9.0f}ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
