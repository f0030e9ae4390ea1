"""The container's entry point (deploy/entrypoint.sh) and compose.yaml, without Docker.

The entry point runs here with a stand-in ``qabot`` on PATH that echoes its arguments; the
case of a folder the user cannot write is run as nobody, which needs root and setpriv.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

PROJECT = Path(__file__).parent.parent
ENTRYPOINT = PROJECT / "deploy" / "entrypoint.sh"
NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


@pytest.fixture
def fake_qabot(tmp_path: Path) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "qabot"
    script.write_text('#!/bin/sh\necho "qabot $*"\n')
    script.chmod(0o755)
    return bin_dir


def run(bin_dir: Path, kb: str | None, *args: str, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    env = {"PATH": f"{bin_dir}:{os.environ['PATH']}"}
    if kb is not None:
        env["QABOT_KB"] = kb
    return subprocess.run([*prefix, "sh", str(ENTRYPOINT), *args], env=env, capture_output=True,
                          text=True, timeout=30, check=False, cwd="/")


def test_without_a_folder_it_runs_qabot_with_the_arguments(fake_qabot: Path) -> None:
    result = run(fake_qabot, None, "ask", "When was the third SPD?")
    assert (result.returncode, result.stdout, result.stderr) == (0, "qabot ask When was the third SPD?\n", "")


def test_a_writable_folder_is_used_in_silence(fake_qabot: Path, tmp_path: Path) -> None:
    result = run(fake_qabot, str(tmp_path), "telegram")
    assert (result.returncode, result.stdout, result.stderr) == (0, "qabot telegram\n", "")


def test_a_missing_folder_is_an_error_saying_what_to_mount(fake_qabot: Path, tmp_path: Path) -> None:
    result = run(fake_qabot, str(tmp_path / "missing"), "telegram")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(f"qabot: error: QABOT_KB={tmp_path / 'missing'} is not a folder")
    assert "-v" in result.stderr


@pytest.fixture
def open_dir() -> Iterator[Path]:
    """A folder others may enter (pytest's own temporary folders are private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="qabot-deploy-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("setpriv") is None, reason="needs root and setpriv")
def test_a_folder_it_cannot_write_is_named_with_the_fix(open_dir: Path) -> None:
    kb = open_dir / "kb"
    kb.mkdir(mode=0o755)
    bin_dir = open_dir / "bin"
    bin_dir.mkdir(mode=0o755)
    (bin_dir / "qabot").write_text('#!/bin/sh\necho "qabot $*"\n')
    (bin_dir / "qabot").chmod(0o755)
    result = run(bin_dir, str(kb), "telegram", prefix=tuple(NOBODY))
    assert result.returncode == 0 and result.stdout == "qabot telegram\n"  # it still runs
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"qabot: warning: {kb} (owned by 0:0) is not writable by this container's user 65534:65534")
    assert "--user 0:0" in line


def test_compose_mounts_the_folder_reads_the_token_from_a_file_restarts_and_checks_health() -> None:
    service = yaml.safe_load((PROJECT / "compose.yaml").read_text())["services"]["qabot"]
    assert service["env_file"] == "qabot.env"
    assert service["environment"]["QABOT_KB"] == "/kb"
    assert any(v.endswith(":/kb") for v in service["volumes"])
    assert service["restart"] == "unless-stopped"
    assert service["healthcheck"]["test"] == ["CMD", "qabot", "sources"]
    example = (PROJECT / "deploy" / "qabot.env.example").read_text()
    assert "TELEGRAM_BOT_TOKEN=\n" in example  # the example holds no token
