"""The YAML data files shipped in the retrieval package (templates, synonyms, antonyms).

Parsed with libyaml's safe loader when PyYAML has it (the same data as ``yaml.safe_load``, in
a tenth of the time: about 45 ms less at every start), else with the pure-Python one. These
files are ours, so they are not validated further; a user's YAML goes through
``knowledge.yamlfiles`` instead, which reports lines and fields.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def bundled_yaml(name: str) -> Any:
    """The parsed contents of the package's file ``name`` (``templates.yaml``)."""
    text = resources.files("retrieval").joinpath(name).read_text(encoding="utf-8")
    return yaml.load(text, Loader=_LOADER)  # a safe loader (C or Python): no Python objects built
