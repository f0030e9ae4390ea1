"""The YAML data files shipped in the retrieval package (templates, synonyms, antonyms).

Parsed with libyaml's safe loader when PyYAML has it (the same data as ``yaml.safe_load``, in
a tenth of the time: about 45 ms less at every start), else with the pure-Python one, and
kept as JSON in the user's cache folder under the hash of the file's bytes
(``knowledge.bundled_cache.cached_data``): a later start reads that and does not import
PyYAML at all. These files are ours, so they are not validated further; a user's YAML goes
through ``knowledge.yamlfiles`` instead, which reports lines and fields.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from knowledge.bundled_cache import cached_data

HERE = Path(__file__).parent


def bundled_yaml(name: str) -> Any:
    """The parsed contents of the package's file ``name`` (``templates.yaml``)."""
    return cached_data(Path(name).stem, (HERE / name).read_bytes(), _parse)


def _parse(source: bytes) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(source.decode("utf-8"), Loader=loader)  # a safe loader (C or Python): no Python objects built
