"""Read YAML files safely (libyaml's C loader when present) with file and line in errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from knowledge.errors import KnowledgeBaseError

try:
    SafeLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # libyaml not compiled in
    SafeLoader = yaml.SafeLoader


def read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise KnowledgeBaseError(f"{path}: not UTF-8 text") from err
    except OSError as err:
        raise KnowledgeBaseError(f"{path}: cannot read ({err.strerror})") from err
    return parse_yaml(path, text)


def parse_yaml(path: Path, text: str) -> Any:
    """``text`` (read from ``path``) as YAML; errors name the file and line."""
    try:
        return yaml.load(text, Loader=SafeLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise KnowledgeBaseError(f"{path}{where}: malformed YAML ({problem})") from err


def _line_of(text: str, location: tuple[Any, ...]) -> int | None:
    """Best-effort line of a pydantic error location in a YAML text."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None
    line = None
    for part in location:
        if node is None:
            break
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == part), None)
            key = next((k for k, v in node.value if k.value == part), None)
            line = (key or node).start_mark.line + 1
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        elif isinstance(part, str) and not isinstance(node, yaml.MappingNode):
            continue  # a union member's name in the location ("list[str]"), not a key
        else:
            break
    return line


M = TypeVar("M", bound=BaseModel)


def validate(path: Path, data: Any, model: type[M]) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        loc = tuple(first["loc"])
        line = _line_of(path.read_text(encoding="utf-8"), loc)
        field = ".".join(str(p) for p in loc) or "(top level)"
        where = f"{path}:{line}" if line else str(path)
        raise KnowledgeBaseError(f"{where}: {field}: {first['msg']}") from err
