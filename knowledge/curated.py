"""A knowledge base folder's own YAML files: aliases.yaml and facts.yaml.

aliases.yaml maps a preferred name to the other names it goes by::

    Nur-Sultan: [Astana]

facts.yaml adds or overrides facts; each carries the statement an answer will cite::

    events:
      - series: Strategic Partnership Dialogue
        ordinal: 6
        date: October 5, 2017
        places: ["Washington, D.C."]   # quoted: a comma would split it in two
        statement: The sixth SPD was held in Washington, D.C. on October 5, 2017.
    people:
      - {name: Kairat Umarov, role: Ambassador of Kazakhstan to the United States}
    acronyms:
      - {short: SPD, long: Strategic Partnership Dialogue}
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, RootModel, field_validator

from knowledge.dates import find_dates
from knowledge.yamlfiles import read_yaml, validate

BUNDLED_ALIASES = Path(__file__).parent / "aliases.yaml"


class AliasFile(RootModel[dict[str, list[str] | str]]):
    pass


class CuratedEvent(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, str_min_length=1)
    series: str
    ordinal: int | None = Field(default=None, ge=1)
    session: int | None = Field(default=None, ge=1)
    date: str | None = None
    places: list[str] = Field(default_factory=list)
    people: list[str] = Field(default_factory=list)
    statement: str

    @field_validator("date")
    @classmethod
    def _date_is_readable(cls, value: str | None) -> str | None:
        if value is not None and not find_dates(value):
            raise ValueError(f"cannot read {value!r} as a date (e.g. December 10, 2014)")
        return value


class CuratedPerson(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, str_min_length=1)
    name: str
    role: str
    statement: str | None = None


class CuratedAcronym(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, str_min_length=1)
    short: str
    long: str


class FactsFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    events: list[CuratedEvent] = Field(default_factory=list)
    people: list[CuratedPerson] = Field(default_factory=list)
    acronyms: list[CuratedAcronym] = Field(default_factory=list)


def load_aliases(folder: Path | None) -> dict[str, list[str]]:
    """The bundled aliases merged with the folder's own aliases.yaml, if any."""
    merged: dict[str, list[str]] = {}
    paths = [BUNDLED_ALIASES]
    if folder is not None and (folder / "aliases.yaml").is_file():
        paths.append(folder / "aliases.yaml")
    for path in paths:
        data = read_yaml(path)
        if data is None:
            continue
        table = validate(path, data, AliasFile).root
        for name, others in table.items():
            values = [others] if isinstance(others, str) else others
            merged.setdefault(str(name), [])
            merged[str(name)].extend(v for v in map(str, values) if v not in merged[str(name)])
    return merged


def load_facts_file(folder: Path | None) -> FactsFile | None:
    if folder is None or not (folder / "facts.yaml").is_file():
        return None
    path = folder / "facts.yaml"
    data = read_yaml(path)
    return validate(path, data or {}, FactsFile)
