"""The label schema: which dimensions a model predicts and their ordinal levels.

The schema is data, not code: a YAML or JSON file. A trained model directory carries its own
copy (``schema.json``), so a model always scores with the dimensions it was trained on.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from .errors import InputError

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Dimension:
    """One labelled dimension: its name, its ordered levels (0 = worst) and what it means."""

    name: str
    levels: tuple[str, ...]
    description: str = ""

    @property
    def n_levels(self) -> int:
        """How many levels the dimension has."""
        return len(self.levels)


@dataclass(frozen=True)
class LabelSchema:
    """The dimensions a model predicts; the default is the apology rubric (``RUBRIC.md``).

    >>> LabelSchema.load().names
    ['sincerity', 'empathy', 'responsibility', 'next_steps']"""

    dimensions: tuple[Dimension, ...]
    name: str = "custom"
    version: int = 1
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def names(self) -> list[str]:
        """The dimension names, in order."""
        return [d.name for d in self.dimensions]

    def __getitem__(self, name: str) -> Dimension:
        for d in self.dimensions:
            if d.name == name:
                return d
        raise KeyError(name)

    def to_dict(self) -> dict:
        """The schema as plain JSON-ready values (the format of ``schema.json``)."""
        return {
            "name": self.name,
            "version": self.version,
            "dimensions": [
                {"name": d.name, "description": d.description, "levels": list(d.levels)}
                for d in self.dimensions
            ],
        }

    def save(self, path: str | Path) -> None:
        """Write the schema as JSON."""
        Path(path).write_text(json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n")

    @classmethod
    def from_dict(cls, data: dict, source: str = "schema") -> LabelSchema:
        """A schema from its dict form; errors name ``source`` and the bad entry."""
        if not isinstance(data, dict) or not isinstance(data.get("dimensions"), list):
            raise InputError(f"{source}: expected a mapping with a 'dimensions' list")
        dims = []
        for i, raw in enumerate(data["dimensions"], start=1):
            where = f"{source}: dimension {i}"
            if not isinstance(raw, dict) or "name" not in raw:
                raise InputError(f"{where}: needs a 'name'")
            name = str(raw["name"])
            if not _NAME.match(name):
                raise InputError(f"{where}: name {name!r} must be a Python identifier")
            levels = raw.get("levels")
            if isinstance(levels, int):  # "levels: 5" is shorthand for five unnamed levels
                levels = [str(k) for k in range(levels)]
            if not isinstance(levels, list) or len(levels) < 2:
                raise InputError(f"{where} ({name}): 'levels' must list at least 2 levels")
            dims.append(
                Dimension(name, tuple(str(x) for x in levels), str(raw.get("description", "")))
            )
        if not dims:
            raise InputError(f"{source}: 'dimensions' is empty")
        names = [d.name for d in dims]
        if len(set(names)) != len(names):
            raise InputError(f"{source}: dimension names must be unique, got {names}")
        return cls(tuple(dims), str(data.get("name", "custom")), int(data.get("version", 1)))

    @classmethod
    def load(cls, path: str | Path | None = None) -> LabelSchema:
        """Load a YAML or JSON schema file; ``None`` gives the default apology rubric."""
        if path is None:
            text = resources.files(__package__).joinpath("default_schema.yaml").read_text()
            return cls.from_dict(yaml.safe_load(text), "default schema")
        path = Path(path)
        if not path.is_file():
            raise InputError(f"{path}: schema file not found")
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))  # YAML is a superset of JSON
        except (yaml.YAMLError, UnicodeDecodeError) as e:
            raise InputError(f"{path}: not a valid YAML/JSON schema ({type(e).__name__})") from e
        return cls.from_dict(data, str(path))

    def overall(self, levels: dict[str, float]) -> float:
        """The rubric's overall score: mean of the levels scaled to 0-100."""
        parts = [levels[d.name] / (d.n_levels - 1) for d in self.dimensions]
        return 100.0 * sum(parts) / len(parts)
