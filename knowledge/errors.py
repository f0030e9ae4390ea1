"""The project's exception tree; each front end translates it at its edge."""


class QabotError(Exception):
    """Base of every error a user can cause (bad files, bad scripts, bad settings)."""


class KnowledgeBaseError(QabotError):
    """A knowledge base folder, document, or YAML file cannot be used."""


class ScriptError(QabotError):
    """A scripted-conversation file is malformed."""


class ConfigError(QabotError):
    """A setting (environment variable or option) is missing or malformed."""
