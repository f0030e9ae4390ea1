"""What each ``qabot`` subcommand does, given its parsed arguments; returns the exit status.

Imports of the engine, the knowledge pipeline and the Telegram front end happen inside
the command that needs them: ``qabot --version`` loads none of them, ``qabot ask`` loads
no telegram code.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import logging
import os
import pickle
import sys
import time
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from knowledge.errors import KnowledgeBaseError, QabotError

if TYPE_CHECKING:
    from knowledge.extraction_pool import Sidecar
    from knowledge.models import KnowledgeBase
    from retrieval.document_analysis import DocumentShare
    from retrieval.engine import Engine

log = logging.getLogger(__name__)

FACT_KINDS = ("event", "date", "person", "acronym")


def kb_folder(args: argparse.Namespace) -> Path | None:
    """The knowledge base folder: --kb, else $QABOT_KB, else None (the bundled documents)."""
    value, source = getattr(args, "kb", None), "--kb"
    if not value:
        value, source = os.environ.get("QABOT_KB", "").strip(), "QABOT_KB"
    if not value:
        return None
    folder = Path(value).expanduser()
    if not folder.is_dir():
        problem = "not a folder" if folder.exists() else "no such folder"
        raise KnowledgeBaseError(f"{source} {value}: {problem}")
    return folder


def load_engine(args: argparse.Namespace) -> Engine:
    from bot.progress import slow_notice
    from retrieval.engine import Engine

    folder = kb_folder(args)
    # A script reads standard error for what went wrong, nothing else: a notice only on a terminal.
    with slow_notice("Loading the knowledge base…") if sys.stderr.isatty() else nullcontext():
        return Engine.from_folder(folder)


def chat(args: argparse.Namespace) -> int:
    from bot import repl

    return repl.run(load_engine(args), sys.stdin, sys.stdout)


def ask(args: argparse.Namespace) -> int:
    question = " ".join(args.question).strip()
    if not question:
        raise QabotError("the question is empty")
    from retrieval.trace import Trace

    trace = Trace()
    answer = load_engine(args).answer(question, trace=trace)
    if getattr(args, "explain", False):
        print("\n".join(trace.lines()), file=sys.stderr)
    if args.json:
        print(answer.model_dump_json(indent=2, exclude_none=True))  # "page" only for a PDF
        return 0
    from bot import render, repl

    colour = sys.stdout.isatty() and repl.wants_colour()
    print(render.format_terminal(answer) if colour else render.format_plain(answer))
    return 0


def test(args: argparse.Namespace) -> int:
    from bot import script, script_runner

    conversations = script.load_paths([Path(p).expanduser() for p in args.paths])
    engine = load_engine(args)
    passed = failed = 0
    for result in script_runner.run(engine, conversations):
        if result.passed:
            passed += 1
        else:
            failed += 1
        if args.json:
            print(result.to_json(), flush=True)
        elif not result.passed:
            print(script_runner.format_failure(result), end="\n\n", flush=True)
    line = script_runner.summary(passed, failed)
    print(line, file=sys.stderr if args.json else sys.stdout)
    return 1 if failed else 0


def build(args: argparse.Namespace) -> int:
    """Build and save the fact store (and the saved analysis, in a second process that this one
    waits for once it has reported: knowledge.forked_work)."""
    with contextlib.ExitStack() as analysis_saved:
        return _build(args, analysis_saved)


def _build(args: argparse.Namespace, analysis_saved: contextlib.ExitStack) -> int:
    folder = kb_folder(args)
    try:
        from knowledge import loader, report, store
    except ImportError as err:
        print(f"qabot: error: building a fact store is not available yet ({err})",
              file=sys.stderr)
        return 1
    from bot.progress import build_progress
    from knowledge.progress import reporting

    out = Path(args.out).expanduser() if args.out else None
    started = time.perf_counter()
    if folder is not None and out is None:
        out = store.default_store_path(folder)
        shares = _analysis_shares()
        with reporting(build_progress()):
            # incremental: unchanged documents come from the cache; the workers analyse the others,
            # and a second process saves the analysis while this one saves the store and reports
            kb = loader.build_and_save(folder, sidecar=shares, until=analysis_saved,
                                       beside=functools.partial(_save_analysis, folder, shares=shares))
    else:
        # The bundled documents are extracted now (the message below says so), not opened from the cache.
        kb = loader.build(None) if folder is None else loader.load_knowledge_base(folder)
        if out is not None:
            try:
                store.save_store(kb, out)
            except OSError as err:
                raise QabotError(f"{out}: cannot write the store ({err.strerror or err})") from err
    elapsed_ms = (time.perf_counter() - started) * 1000
    counts = report.count_facts(kb)
    width = max((len(label) for label in counts), default=0)
    for label, count in counts.items():
        print(f"{label:<{width}}  {count}")
    if out is None:
        print(f"built the bundled documents in memory in {elapsed_ms:.0f} ms "
              "(give --out FILE to save the store)")
        return _report_skipped(kb, folder, strict=args.strict)
    print(f"wrote {out} in {elapsed_ms:.0f} ms")
    return _report_skipped(kb, folder, strict=args.strict)


def _analysis_shares() -> Sidecar[DocumentShare] | None:
    """The extraction workers' second job, when the analysis is saved: each document's share
    of the engine's analysis (retrieval.document_analysis), which this process would
    otherwise compute for every sentence after the build."""
    from knowledge.extraction_pool import Sidecar
    from retrieval import analysis_store
    from retrieval.analyzer import remembered_terms
    from retrieval.document_analysis import analyse_document

    # A chunk's documents share one memo of analysed texts: names and stock sentences recur.
    return Sidecar(analyse_document, around=remembered_terms) if analysis_store.enabled() else None


def _save_analysis(folder: Path, kb: KnowledgeBase, shares: Sidecar[DocumentShare] | None = None) -> None:
    """What the engine derives from ``kb`` (each sentence's terms and mentions, the indexes),
    saved beside its store so that answering reads it instead of analysing again; ``shares``:
    the documents' shares of it that the extraction workers made."""
    from knowledge import forked_work
    from retrieval import analysis_store
    from retrieval.engine import Engine, knowledge_identity

    if analysis_store.enabled() and analysis_store.load(folder, kb, knowledge_identity(kb)) is None:
        # What follows from the knowledge base alone is made by a forked child while the engine is
        # built (this process is the build's second one: the first, saving the store, has time to spare).
        early = forked_work.forked(functools.partial(_kb_parts, kb))
        try:
            engine = Engine(kb, made=shares.results if shares is not None else None)
            if shares is not None:
                shares.results.clear()  # what the analysis did not take of them: not kept while it is saved
            forked_parts, early = early, None
            data = forked_parts.result() if forked_parts is not None else None
        finally:
            if early is not None:
                early.cancel()
        made = pickle.loads(data) if data is not None else None  # (None: it failed; made here then)
        analysis_store.save_quietly(folder, engine, level=logging.WARNING, made=made)  # (else it is current)


def _kb_parts(kb: KnowledgeBase) -> bytes:
    """In a forked child of the analysis's process: the analysis's parts that follow from ``kb``
    alone (retrieval.analysis_store.kb_parts), sent back pickled (a dict of bytes)."""
    from retrieval import analysis_store

    return pickle.dumps(analysis_store.kb_parts(kb))


def _report_skipped(kb: KnowledgeBase, folder: Path | None, *, strict: bool) -> int:
    """Each skipped file (and each legacy encoding read) in one warning line; --strict fails on them."""
    from knowledge import sources as kb_sources

    for line in kb_sources.notices(kb, folder):
        log.warning("%s", line)
    skipped = kb_sources.skipped_files(kb, folder)
    if strict and skipped:
        raise KnowledgeBaseError(f"{len(skipped)} file(s) skipped, and --strict was given")
    return 0


def sources(args: argparse.Namespace) -> int:
    from knowledge import loader
    from knowledge import sources as kb_sources

    folder = kb_folder(args)
    for line in kb_sources.format_sources(loader.load_knowledge_base(folder), folder):
        print(line)
    return 0


def feedback(args: argparse.Namespace) -> int:
    """Print the feedback log's summary: the most frequent unanswered questions first."""
    from bot import feedback as log_of

    path = log_of.feedback_path(kb_folder(args))
    records, unreadable = log_of.read_records(path)
    for line in log_of.format_summary(log_of.summarize(records, max(1, args.limit)), len(records), unreadable):
        print(line)
    return 0


def export(args: argparse.Namespace) -> int:
    """Write the knowledge base as YAML, to --out FILE or standard output."""
    from knowledge import loader, yaml_store

    kb = loader.load_knowledge_base(kb_folder(args))
    if args.out:
        out = Path(args.out).expanduser()
        yaml_store.save_yaml(kb, out)
        print(f"wrote {out}", file=sys.stderr)
    else:
        yaml_store.write_yaml(kb, sys.stdout)
    return 0


def facts(args: argparse.Namespace) -> int:
    folder = kb_folder(args)
    try:
        from knowledge import loader, report
    except ImportError as err:
        print(f"qabot: error: listing facts is not available yet ({err})", file=sys.stderr)
        return 1
    lines = report.format_facts(loader.load_knowledge_base(folder), args.kind)
    for line in lines:
        print(line)
    if not lines:
        kind = f"{args.kind} " if args.kind else ""
        print(f"no {kind}facts found", file=sys.stderr)
    return 0


def telegram(args: argparse.Namespace) -> int:
    folder = kb_folder(args)
    try:
        from bot.telegram.runner import run
    except ModuleNotFoundError as err:
        if err.name not in ("bot.telegram.runner", "telegram"):
            raise
        print(f"qabot: error: the Telegram front end is not available ({err})", file=sys.stderr)
        return 1
    return run(args, folder)
