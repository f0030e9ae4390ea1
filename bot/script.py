"""Scripted conversations: the YAML format, its pydantic models, and a loader that names lines.

A file holds one conversation (a mapping) or a list of them::

    - name: third SPD, follow-ups
      turns:
        - user: When was the third SPD?
          expect: {contains: ["December 10, 2014"], found: true}

The file is composed into a YAML node tree (which keeps line numbers), constructed with
the safe constructor, then validated with ``extra="forbid"`` models; a validation error
is mapped back through the node tree to the line of the offending item.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, ValidationError

from knowledge.errors import ScriptError

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

SUFFIXES = (".yaml", ".yml")


def _as_strings(value: Any) -> Any:
    """Accept one string for a list, and numbers or dates as their text (``[2014]``)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [
            str(v) if isinstance(v, int | float | dt.date) and not isinstance(v, bool) else v
            for v in value
        ]
    return value


Phrases = Annotated[list[Annotated[str, Field(min_length=1)]], BeforeValidator(_as_strings)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Expect(Strict):
    """What a reply must satisfy; every key is optional."""

    contains: Phrases = Field(default_factory=list)
    contains_any: Phrases = Field(default_factory=list)
    not_contains: Phrases = Field(default_factory=list)
    found: StrictBool | None = None


class Turn(Strict):
    user: Annotated[str, Field(min_length=1)]
    expect: Expect = Field(default_factory=Expect)


class Conversation(Strict):
    name: Annotated[str, Field(min_length=1)]
    turns: Annotated[list[Turn], Field(min_length=1)]


@dataclass(frozen=True)
class LoadedConversation:
    """A validated conversation with where it came from, for reports."""

    conversation: Conversation
    path: Path
    line: int  # 1-based line of the conversation
    turn_lines: tuple[int, ...]  # 1-based line of each turn


def _check_duplicate_keys(node: yaml.Node, path: Path) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    raise ScriptError(
                        f"{path}:{key.start_mark.line + 1}: duplicate key {key.value!r}"
                    )
                seen.add(key.value)
            _check_duplicate_keys(value, path)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_duplicate_keys(item, path)


def _node_at(root: yaml.Node, loc: tuple[int | str, ...], *, key_last: bool = True) -> yaml.Node:
    """The deepest node reachable along a pydantic error location.

    With ``key_last`` a location ending in a mapping key gives the key's node (the line
    of ``contians:``), else its value's node.
    """
    node = root
    for i, part in enumerate(loc):
        if isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                break
            node = node.value[part]
        elif isinstance(node, yaml.MappingNode) and isinstance(part, str):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == part:
                    node = key if key_last and i == len(loc) - 1 else value
                    break
            else:
                break
        else:
            break
    return node


_ALLOWED = {
    "conversation": "name, turns",
    "turn": "user, expect",
    "expect": "contains, contains_any, not_contains, found",
}


def _describe(error: Any) -> str:
    loc = [str(p) for p in error["loc"]]
    where = ".".join(loc)
    if error["type"] == "extra_forbidden":
        parent = loc[-2] if len(loc) >= 2 else ""
        level = "expect" if parent == "expect" else "turn" if parent.isdigit() else "conversation"
        return f"unknown {level} key {loc[-1]!r} (allowed: {_ALLOWED[level]})"
    if error["type"] == "missing":
        return f"missing required key {where!r}"
    return f"{where}: {error['msg']}" if where else str(error["msg"])


def load_file(path: Path) -> list[LoadedConversation]:
    """Read and validate one scripted-conversation file; raise ScriptError naming the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise ScriptError(f"{path}: not UTF-8 text ({err.reason} at byte {err.start})") from err
    except OSError as err:
        raise ScriptError(f"{path}: cannot read ({err.strerror or err})") from err
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        data = None if root is None else loader.construct_document(root)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = f":{mark.line + 1}" if mark else ""
        problem = err.problem or err.context or "invalid YAML"
        if err.context and err.problem and err.context_mark:
            problem += f" ({err.context} at line {err.context_mark.line + 1})"
        raise ScriptError(f"{path}{line}: malformed YAML: {problem}") from err
    except yaml.YAMLError as err:
        raise ScriptError(f"{path}: malformed YAML: {err}") from err
    finally:
        loader.dispose()
    if root is None or data is None:
        raise ScriptError(f"{path}: empty file, no conversations")
    _check_duplicate_keys(root, path)

    if isinstance(data, dict):
        items, nodes = [data], [root]
    elif isinstance(data, list) and isinstance(root, yaml.SequenceNode):
        items, nodes = data, list(root.value)
    else:
        raise ScriptError(
            f"{path}:{root.start_mark.line + 1}: expected a conversation (a mapping) "
            "or a list of conversations"
        )
    if not items:
        raise ScriptError(f"{path}: no conversations")

    loaded = []
    for item, node in zip(items, nodes, strict=True):
        try:
            conversation = Conversation.model_validate(item)
        except ValidationError as err:
            first = err.errors()[0]
            line = _node_at(node, first["loc"]).start_mark.line + 1
            raise ScriptError(f"{path}:{line}: {_describe(first)}") from err
        turn_nodes = _node_at(node, ("turns",), key_last=False)
        turn_lines = tuple(
            t.start_mark.line + 1 for t in getattr(turn_nodes, "value", [])
        ) or (node.start_mark.line + 1,) * len(conversation.turns)
        loaded.append(LoadedConversation(conversation, path, node.start_mark.line + 1, turn_lines))
    return loaded


def collect_files(paths: list[Path]) -> list[Path]:
    """Expand folders into their ``*.yaml``/``*.yml`` files (sorted); files are kept as given."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix in SUFFIXES and p.is_file())
            if not found:
                raise ScriptError(f"{path}: no .yaml or .yml files in this folder")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise ScriptError(f"{path}: no such file or folder")
    return files


def load_paths(paths: list[Path]) -> list[LoadedConversation]:
    """Load every conversation under ``paths``; all files are validated before any runs."""
    conversations = [c for f in collect_files(paths) for c in load_file(f)]
    if not conversations:
        raise ScriptError("no conversations to run")
    return conversations
