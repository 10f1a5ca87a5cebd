"""The IndexSpec: every choice that makes an index, typed, checked, hashable and stored with its edition.

Build one with ``IndexSpec()`` (the default spec), ``IndexSpec.from_dict(...)`` or
``IndexSpec.from_yaml(path)``; ``to_dict()`` gives back the plain form and ``hash()`` its SHA-256.
Invalid specs raise ``SpecError`` naming every field at fault.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from migrights.indexengine.aggregate import WEIGHT_METHODS, aggregation_power
from migrights.indexengine.coders import ADJUDICATED, CODER_RULES
from migrights.indexengine.framework import DIMENSIONS
from migrights.indexengine.missing import MISSING_RULES
from migrights.indexengine.normalise import NUMERIC_METHODS
from migrights.indexengine.problems import InputError, Problem
from migrights.indexengine.ranks import RANK_METHODS

LEVELS = ("right", "category", "dimension", "overall")
RANK_TIES = RANK_METHODS
DEFAULT_SEED = 20260101


class SpecError(InputError):
    """A spec the engine refuses; each problem names the field."""


@dataclass(frozen=True)
class Aggregation:
    """The mean used at each level (names from ``aggregate.AGGREGATIONS`` or ``generalised:P``)."""

    right: str = "arithmetic"
    category: str = "arithmetic"
    dimension: str = "arithmetic"
    overall: str = "arithmetic"

    def method(self, level: str) -> str:
        return getattr(self, level)


@dataclass(frozen=True)
class Uncertainty:
    """The choices the Monte Carlo treats as uncertain. Nothing is uncertain by default."""

    draws: int = 0  # model runs; 0 = no uncertainty analysis
    seed: int = DEFAULT_SEED
    weight_bounds: float = 0.0  # each weight times a factor drawn uniformly in [1 - b, 1 + b]
    aggregations: tuple[Aggregation, ...] = ()  # alternatives, drawn with equal chance beside the nominal one
    missing: tuple[str, ...] = ()  # alternative missing-data rules, likewise
    resample_coders: bool = False  # coders' answers bootstrapped within each cell
    coder_replicates: int = 32  # bootstrap replicates the draws choose among

    @property
    def parameters(self) -> tuple[str, ...]:
        """The uncertain choices, in the order the sensitivity table lists them."""
        declared = {
            "weights": self.weight_bounds > 0,
            "aggregation": bool(self.aggregations),
            "missing": bool(self.missing),
            "coders": self.resample_coders,
        }
        return tuple(name for name, on in declared.items() if on)


@dataclass(frozen=True)
class IndexSpec:
    """Every choice of an index. The defaults are the default spec of ``migrights compute``."""

    name: str = "default"
    coders: str = "mean"  # mean | median | adjudicated
    coders_fallback: str = "mean"  # rule for cells without an adjudicated value, under "adjudicated"
    normalisation: str = "minmax"  # numeric indicators: minmax | goalposts | zscore | rank
    goalposts: tuple[tuple[str, float, float], ...] = ()  # (indicator, low, high), overriding the framework's
    missing: str = "exclude"  # exclude | carry_forward | group_mean
    carry_forward_years: int = 1
    group_column: str = "region"  # column of the groups table used by group_mean
    groups_file: str | None = None  # command line only: CSV with `country` and the group column
    weights: str = "equal"  # equal | framework | user
    user_weights: tuple[tuple[str, float], ...] = ()  # (code, weight) for any level, under "user"
    aggregation: Aggregation = field(default_factory=Aggregation)
    overall_dimensions: tuple[str, ...] = DIMENSIONS
    min_coverage: float = 0.0  # share of applicable indicators observed below which a score is flagged
    min_applicable: float = 0.0  # share of a code's indicators that apply below which a score is flagged
    mean_offset: float = 1.0  # added before, and removed after, geometric/harmonic/p<=0 means
    rank_ties: str = "min"  # min (1, 2, 2, 4) | max | average | dense (1, 2, 2, 3)
    min_ranked: int = 0  # fewer ranked countries than this in a year and code: no rank for any of them
    uncertainty: Uncertainty = field(default_factory=Uncertainty)

    @property
    def user_weight_map(self) -> dict[str, float]:
        return dict(self.user_weights)

    @property
    def goalpost_map(self) -> dict[str, tuple[float, float]]:
        return {code: (low, high) for code, low, high in self.goalposts}

    def to_dict(self) -> dict[str, Any]:
        """The plain form (what ``from_dict`` reads and the hash is taken of)."""
        data = dataclasses.asdict(self)
        data["goalposts"] = {code: [low, high] for code, low, high in self.goalposts}
        data["user_weights"] = dict(self.user_weights)
        data["overall_dimensions"] = list(self.overall_dimensions)
        data["uncertainty"]["aggregations"] = [dataclasses.asdict(a) for a in self.uncertainty.aggregations]
        data["uncertainty"]["missing"] = list(self.uncertainty.missing)
        if not self.min_applicable:
            del data["min_applicable"]  # absent by default: specs written before it keep their hash
        return data

    def hash(self) -> str:
        """SHA-256 of the canonical JSON of ``to_dict()``: equal specs, equal hashes."""
        text = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))
        return "sha256:" + hashlib.sha256(text.encode()).hexdigest()

    def replace(self, **changes: Any) -> IndexSpec:
        return dataclasses.replace(self, **changes)

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any] | None, where: str = "spec", lines: Mapping[str, int] | None = None
    ) -> IndexSpec:
        """Build a spec from its plain form; fields left out take their default. SpecError lists every fault."""
        return _SpecReader(where, lines or {}).spec(data or {})

    @classmethod
    def from_yaml(cls, path: str | Path) -> IndexSpec:
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
            data = yaml.safe_load(text)
            lines = _field_lines(yaml.compose(text))
        except (OSError, UnicodeDecodeError) as error:
            raise SpecError([Problem(str(path), 1, "-", f"cannot read the spec: {error}")]) from None
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            row = mark.line + 1 if mark else 1
            raise SpecError(
                [Problem(str(path), row, "-", f"not valid YAML: {getattr(error, 'problem', error)}")]
            ) from None
        return cls.from_dict(data, where=str(path), lines=lines)


def _field_lines(node: yaml.Node | None, prefix: str = "") -> dict[str, int]:
    """Line number (from 1) of every mapping key in a composed YAML document, by dotted path."""
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            path = f"{prefix}{key.value}"
            lines[path] = key.start_mark.line + 1
            lines.update(_field_lines(value, path + "."))
    return lines


class _SpecReader:
    """Reads the plain form field by field, collecting every problem before failing."""

    def __init__(self, where: str, lines: Mapping[str, int]) -> None:
        self.where, self.lines, self.problems = where, lines, []

    def fail(self, path: str, reason: str) -> None:
        row = self.lines.get(path, self.lines.get(path.split(".")[0], 0))
        self.problems.append(Problem(self.where, row, path, reason))

    def choice(
        self, data: Mapping[str, Any], key: str, allowed: tuple[str, ...] | list[str], default: str, path: str = ""
    ) -> str:
        value = data.get(key, default)
        if value not in allowed:
            self.fail(path + key, f"{value!r} is not one of {', '.join(allowed)}")
            return default
        return value

    def number(
        self,
        data: Mapping[str, Any],
        key: str,
        default: float,
        low: float,
        high: float,
        path: str = "",
        integer: bool = False,
    ) -> Any:
        value = data.get(key, default)
        kind = int if integer else (int, float)
        if (
            isinstance(value, bool)
            or not isinstance(value, kind)
            or not math.isfinite(value)
            or not low <= value <= high
        ):
            self.fail(
                path + key, f"{value!r} is not {'an integer' if integer else 'a number'} from {low:g} to {high:g}"
            )
            return default
        return value

    def unknown_keys(self, data: Mapping[str, Any], known: set[str], path: str = "") -> None:
        for key in data:
            if key not in known:
                self.fail(path + str(key), f"unknown field (known: {', '.join(sorted(known))})")

    def aggregation(self, value: Any, path: str, base: Aggregation) -> Aggregation:
        """A method name for every level, or a mapping level → method over ``base``."""
        levels = dict.fromkeys(LEVELS, value) if isinstance(value, str) else value
        if not isinstance(levels, Mapping):
            self.fail(path, "give a method name or a mapping of level to method")
            return base
        self.unknown_keys(levels, set(LEVELS), path + ".")
        chosen = {}
        for level in LEVELS:
            method = levels.get(level, base.method(level))
            try:
                aggregation_power(str(method))
            except ValueError as error:
                self.fail(f"{path}.{level}" if not isinstance(value, str) else path, str(error))
                method = base.method(level)
            chosen[level] = str(method)
        return Aggregation(**chosen)

    def spec(self, data: Mapping[str, Any]) -> IndexSpec:
        if not isinstance(data, Mapping):
            self.fail("-", "a spec is a mapping of fields")
            raise SpecError(self.problems)
        defaults = IndexSpec()
        known = {f.name for f in dataclasses.fields(IndexSpec)}
        self.unknown_keys(data, known)
        values: dict[str, Any] = {}
        name = data.get("name", defaults.name)
        if not isinstance(name, str) or not name:
            self.fail("name", "give the spec a name (text)")
            name = defaults.name
        values["name"] = name
        rules = (*CODER_RULES, ADJUDICATED)
        values["coders"] = self.choice(data, "coders", rules, defaults.coders)
        values["coders_fallback"] = self.choice(data, "coders_fallback", tuple(CODER_RULES), defaults.coders_fallback)
        values["normalisation"] = self.choice(data, "normalisation", tuple(NUMERIC_METHODS), defaults.normalisation)
        values["goalposts"] = self.goalposts(data.get("goalposts", {}))
        values["missing"] = self.choice(data, "missing", tuple(MISSING_RULES), defaults.missing)
        values["carry_forward_years"] = self.number(data, "carry_forward_years", 1, 1, 100, integer=True)
        for key in ("group_column", "groups_file"):
            value = data.get(key, getattr(defaults, key))
            if value is not None and (not isinstance(value, str) or not value):
                self.fail(key, "give a name (text)")
                value = getattr(defaults, key)
            values[key] = value
        values["weights"] = self.choice(data, "weights", WEIGHT_METHODS, defaults.weights)
        values["user_weights"] = self.user_weights(data.get("user_weights", {}))
        if values["weights"] == "user" and not values["user_weights"]:
            self.fail("user_weights", "weights: user needs user_weights (a mapping of code to weight)")
        values["aggregation"] = self.aggregation(data.get("aggregation", {}), "aggregation", Aggregation())
        dimensions = data.get("overall_dimensions", list(DIMENSIONS))
        if (
            not isinstance(dimensions, list)
            or not dimensions
            or any(d not in DIMENSIONS for d in dimensions)
            or len(set(dimensions)) != len(dimensions)
        ):
            self.fail("overall_dimensions", f"give a list of distinct dimensions among {', '.join(DIMENSIONS)}")
            dimensions = list(DIMENSIONS)
        values["overall_dimensions"] = tuple(d for d in DIMENSIONS if d in dimensions)
        values["min_coverage"] = self.number(data, "min_coverage", 0.0, 0.0, 1.0)
        values["min_applicable"] = self.number(data, "min_applicable", 0.0, 0.0, 1.0)
        values["mean_offset"] = self.number(data, "mean_offset", 1.0, 0.0, 100.0)
        values["rank_ties"] = self.choice(data, "rank_ties", RANK_TIES, defaults.rank_ties)
        values["min_ranked"] = self.number(data, "min_ranked", 0, 0, 1000, integer=True)
        values["uncertainty"] = self.uncertainty(data.get("uncertainty", {}), values["aggregation"])
        if self.problems:
            raise SpecError(self.problems)
        return IndexSpec(**values)

    def goalposts(self, value: Any) -> tuple[tuple[str, float, float], ...]:
        if not isinstance(value, Mapping):
            self.fail("goalposts", "give a mapping of indicator to [low, high]")
            return ()
        result = []
        for code, bounds in value.items():
            ok = (
                isinstance(bounds, list)
                and len(bounds) == 2
                and all(isinstance(b, int | float) and not isinstance(b, bool) and math.isfinite(b) for b in bounds)
                and bounds[0] < bounds[1]
            )
            if not ok:
                self.fail(f"goalposts.{code}", f"{bounds!r} is not [low, high] with low below high")
                continue
            result.append((str(code), float(bounds[0]), float(bounds[1])))
        return tuple(sorted(result))

    def user_weights(self, value: Any) -> tuple[tuple[str, float], ...]:
        if not isinstance(value, Mapping):
            self.fail("user_weights", "give a mapping of code to weight")
            return ()
        result = []
        for code, weight in value.items():
            if (
                isinstance(weight, bool)
                or not isinstance(weight, int | float)
                or not math.isfinite(weight)
                or weight < 0
            ):
                self.fail(f"user_weights.{code}", f"{weight!r} is not a number of 0 or more")
                continue
            result.append((str(code), float(weight)))
        return tuple(sorted(result))

    def uncertainty(self, data: Any, nominal: Aggregation) -> Uncertainty:
        if not isinstance(data, Mapping):
            self.fail("uncertainty", "give a mapping of fields")
            return Uncertainty()
        path = "uncertainty."
        self.unknown_keys(data, {f.name for f in dataclasses.fields(Uncertainty)}, path)
        aggregations = data.get("aggregations", [])
        if not isinstance(aggregations, list):
            self.fail(path + "aggregations", "give a list of alternatives")
            aggregations = []
        missing = data.get("missing", [])
        if not isinstance(missing, list) or any(m not in MISSING_RULES for m in missing):
            self.fail(path + "missing", f"give a list of rules among {', '.join(MISSING_RULES)}")
            missing = []
        resample = data.get("resample_coders", False)
        if not isinstance(resample, bool):
            self.fail(path + "resample_coders", f"{resample!r} is not true or false")
            resample = False
        return Uncertainty(
            draws=self.number(data, "draws", 0, 0, 1_000_000, path, integer=True),
            seed=self.number(data, "seed", DEFAULT_SEED, 0, 2**32 - 1, path, integer=True),
            weight_bounds=self.number(data, "weight_bounds", 0.0, 0.0, 1.0, path),
            aggregations=tuple(
                self.aggregation(alternative, f"{path}aggregations.{n}", nominal)
                for n, alternative in enumerate(aggregations)
            ),
            missing=tuple(missing),
            resample_coders=resample,
            coder_replicates=self.number(data, "coder_replicates", 32, 2, 1000, path, integer=True),
        )
