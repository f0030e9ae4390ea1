"""The project's exception tree; each front end translates it at its edge."""

from __future__ import annotations

from pathlib import Path


class QabotError(Exception):
    """Base of every error a user can cause (bad files, bad scripts, bad settings)."""


class KnowledgeBaseError(QabotError):
    """A knowledge base folder, document, or YAML file cannot be used."""


class ScriptError(QabotError):
    """A scripted-conversation file is malformed."""


class ConfigError(QabotError):
    """A setting (environment variable or option) is missing or malformed."""


class DocumentError(KnowledgeBaseError):
    """One file cannot be read as a document (undecodable, encrypted, corrupt, empty, ...).

    The rest of the folder still can: the file is skipped and reported with ``reason``.
    """

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
