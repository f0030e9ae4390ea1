"""Documents in, a fact store with provenance out."""

from knowledge.errors import KnowledgeBaseError, QabotError

__all__ = ["KnowledgeBaseError", "QabotError"]
