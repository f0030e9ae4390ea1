"""`qabot export --yaml` and `qabot build`: the readable YAML beside the working SQLite store."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from knowledge import store
from knowledge.report import count_facts


def test_build_writes_the_sqlite_store(cli: Callable[..., Any], clean_env: Path, kb_copy: Path) -> None:
    result = cli("build", "--kb", str(kb_copy))
    assert result.code == 0, result.err
    path = kb_copy / ".qabot" / "store.sqlite"
    assert f"wrote {path}" in result.out
    assert count_facts(store.load_store(path))["documents"] >= 1


def test_export_yaml_to_standard_output(cli: Callable[..., Any], clean_env: Path, kb_copy: Path) -> None:
    cli("build", "--kb", str(kb_copy))
    result = cli("export", "--yaml", "--kb", str(kb_copy))
    assert result.code == 0, result.err
    assert result.out.startswith("# qabot fact store")
    data = yaml.safe_load(result.out)
    assert data["documents"] and data["sentences"]


def test_export_yaml_to_a_file_reads_back(cli: Callable[..., Any], clean_env: Path, kb_copy: Path,
                                          tmp_path: Path) -> None:
    out = tmp_path / "review" / "facts.yaml"
    result = cli("export", "--yaml", "--kb", str(kb_copy), "--out", str(out))
    assert result.code == 0, result.err
    sqlite = tmp_path / "store.sqlite"
    assert cli("build", "--kb", str(kb_copy), "--out", str(sqlite)).code == 0
    assert store.load_store(out) == store.load_store(sqlite)


def test_export_of_a_missing_folder_is_one_line(cli: Callable[..., Any], clean_env: Path, tmp_path: Path) -> None:
    result = cli("export", "--yaml", "--kb", str(tmp_path / "nowhere"))
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1
