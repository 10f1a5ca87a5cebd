"""A framework file read, checked and flattened: pure Python, no Django.

The YAML layout is fixed by ``data/schemas/framework.schema.json``; this module adds the checks a
schema cannot make (unique codes, known instruments and bodies, commitment indicators derived,
every predecessor indicator accounted for) and gives the index engine its one-row-per-indicator
table. Answer values are parsed here too, so the questionnaire, the XLSX import and the API agree
on what an indicator accepts.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from migrights.documents.crosswalk import CROSSWALK_FILE, Crosswalk, corpus_paragraphs, read_crosswalk
from migrights.lib.paths import EMBEDDED_DATA_DIR
from migrights.lib.vocabulary import DIMENSIONS, FRAMEWORK_COLUMNS
from migrights.lib.yamlfiles import DataFileError, load_yaml, text_or_none

FRAMEWORKS_DIR = EMBEDDED_DATA_DIR / "frameworks"
TYPES = ("structural", "process", "outcome")
RELATIONS = ("same", "reworded", "split", "merged", "new")
BINARY_LEVELS = (
    {"value": 0, "label": "No", "translations": {"fr": {"label": "Non"}, "es": {"label": "No"}}},
    {"value": 1, "label": "Yes", "translations": {"fr": {"label": "Oui"}, "es": {"label": "Sí"}}},
)
# every text a framework publishes is also written in these languages (the site's, ``settings.LANGUAGES``), kept in
# the file beside the English under ``translations``; ``check_framework`` refuses a file where one is missing
TRANSLATED_LANGUAGES = ("fr", "es")
TRANSLATED_FIELDS = {
    "category": ("title", "description"),
    "right": ("title", "description"),
    "indicator": ("wording", "guidance"),
    "level": ("label",),
}
# the derivation rule reading a published dataset of national law (``data/law/variables.yaml``); every other rule
# reads treaty actions and memberships (commitment indicators)
LAW_RULE = "law"
LAW_VARIABLES_FILE = EMBEDDED_DATA_DIR / "law" / "variables.yaml"


@dataclass(frozen=True)
class Level:
    value: float
    label: str
    meaning: str = ""
    translations: dict[str, dict[str, str]] = field(default_factory=dict, compare=False, hash=False)


class ScaleValueError(ValueError):
    """An answer value a scale refuses: the English sentence, and the reason and its values (``raw``, and ``number``
    and ``bound`` for a value out of range) so that a page can say it in its own language."""

    REASONS = ("not-a-level", "not-a-number", "not-finite", "below-minimum", "above-maximum")

    def __init__(self, reason: str, english: str, **values: str) -> None:
        super().__init__(english)
        self.reason = reason
        self.values = values


def _out_of_range(reason: str, words: str, raw: str, number: float, bound: float) -> ScaleValueError:
    written, limit = number_text(number), number_text(bound)
    return ScaleValueError(reason, f"{written} is {words} {limit}", raw=raw, number=written, bound=limit)


@dataclass(frozen=True)
class Scale:
    kind: str
    levels: tuple[Level, ...] = ()
    unit: str = ""
    min: float | None = None
    max: float | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Scale:
        kind = data["kind"]
        levels = data.get("levels") or (BINARY_LEVELS if kind == "binary" else ())
        low, high = data.get("min"), data.get("max")
        if kind == "percentage":
            low, high = 0 if low is None else low, 100 if high is None else high
        return cls(
            kind=kind,
            levels=tuple(
                Level(float(x["value"]), str(x["label"]), x.get("meaning", ""), _translations(x)) for x in levels
            ),
            unit=data.get("unit", "%" if kind == "percentage" else ""),
            min=None if low is None else float(low),
            max=None if high is None else float(high),
        )

    def engine_form(self) -> str:
        """The scale as the engine and a researcher's CSV framework write it."""
        if self.kind == "ordinal":
            return "ordinal:" + "|".join(number_text(level.value) for level in self.levels)
        return self.kind

    def parse(self, text: Any) -> float:
        """Read one answer value; a level may be given by its value or its label, in English or in a translation.
        ScaleValueError says why a value is refused."""
        raw = str(text).strip()
        if self.levels:
            for level in self.levels:
                labels = [level.label, *(texts.get("label", "") for texts in level.translations.values())]
                if raw.casefold() in {label.casefold() for label in labels if label}:
                    return level.value
            try:
                number = float(raw)
            except ValueError:
                number = math.nan
            if number not in {level.value for level in self.levels}:
                raise ScaleValueError("not-a-level", f"{raw!r} is not one of {self.allowed_text()}", raw=raw)
            return number
        try:
            number = float(raw.rstrip("%").strip())
        except ValueError:
            raise ScaleValueError("not-a-number", f"{raw!r} is not a number", raw=raw) from None
        if not math.isfinite(number):
            raise ScaleValueError("not-finite", f"{raw!r} is not a finite number", raw=raw)
        if self.min is not None and number < self.min:
            raise _out_of_range("below-minimum", "below the minimum", raw, number, self.min)
        if self.max is not None and number > self.max:
            raise _out_of_range("above-maximum", "above the maximum", raw, number, self.max)
        return number

    def allowed_text(self) -> str:
        if self.levels:
            return ", ".join(f"{number_text(level.value)} ({level.label})" for level in self.levels)
        bounds = [
            f"{word} {number_text(bound)}"
            for word, bound in (("from", self.min), ("to", self.max))
            if bound is not None
        ]
        return " ".join(bounds) or "any number"

    def level_of(self, value: float | None) -> Level | None:
        """The answer level whose value is ``value`` (None for a numeric answer or a value no level has)."""
        return next((level for level in self.levels if level.value == value), None)

    def label_of(self, value: float | None) -> str:
        if value is None:
            return ""
        for level in self.levels:
            if level.value == value:
                return level.label
        return number_text(value) + (f" {self.unit}" if self.unit and self.unit != "%" else self.unit)


@dataclass(frozen=True)
class IndicatorDef:
    code: str
    category: str
    right: str
    wording: str
    guidance: str
    dimension: str
    type: str
    groups: tuple[str, ...]
    scale: Scale
    direction: str
    weight: float
    provisions: tuple[dict[str, str], ...]
    evidence_required: bool
    evidence_kinds: tuple[str, ...]
    derived: dict[str, Any] | None
    relation: str
    predecessors: tuple[str, ...]
    position: int
    translations: dict[str, dict[str, str]] = field(default_factory=dict, compare=False, hash=False)
    documents: tuple[tuple[str, str], ...] = ()  # General Comment paragraphs cited: (UN symbol, paragraph)

    @property
    def coded(self) -> bool:
        """Answered by experts: every indicator but the commitment ones derived from treaty data. A protection
        indicator derived from a law dataset is answered too, and an expert's released answer takes precedence."""
        return self.derived is None or self.law_derived

    @property
    def law_derived(self) -> bool:
        """Derived from a published dataset of national law (``derived: {rule: law}``)."""
        return self.derived is not None and self.derived.get("rule") == LAW_RULE

    @property
    def treaty_derived(self) -> bool:
        """Derived from treaty actions and memberships (a commitment indicator)."""
        return self.derived is not None and not self.law_derived


@dataclass(frozen=True)
class RightDef:
    code: str
    title: str
    description: str
    provisions: tuple[dict[str, str], ...]
    indicators: tuple[IndicatorDef, ...]
    weight: float = 1.0  # within its category
    translations: dict[str, dict[str, str]] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class CategoryDef:
    code: str
    title: str
    description: str
    rights: tuple[RightDef, ...]
    weight: float = 1.0  # within each dimension
    translations: dict[str, dict[str, str]] = field(default_factory=dict, compare=False, hash=False)
    documents: tuple[tuple[str, str], ...] = ()  # General Comment paragraphs cited: (UN symbol, paragraph)

    @property
    def indicators(self) -> tuple[IndicatorDef, ...]:
        return tuple(i for r in self.rights for i in r.indicators)


@dataclass(frozen=True)
class FrameworkDefinition:
    code: str
    version: str
    title: str
    published: str
    predecessor: str | None
    licence: str
    authors: str
    description: str
    dropped: tuple[dict[str, str], ...]
    categories: tuple[CategoryDef, ...]
    document: dict[str, Any] = field(repr=False, compare=False)
    checksum: str = ""

    @cached_property
    def indicators(self) -> tuple[IndicatorDef, ...]:
        return tuple(i for c in self.categories for i in c.indicators)

    @cached_property
    def by_code(self) -> dict[str, IndicatorDef]:
        return {i.code: i for i in self.indicators}

    @property
    def label(self) -> str:
        return f"{self.code} {self.version}"

    def indicator_table(self) -> pd.DataFrame:
        """One row per indicator in the engine's columns (see ``migrights.indexengine``)."""
        categories = {c.code: c for c in self.categories}
        rights = {r.code: r for c in self.categories for r in c.rights}
        rows = [
            {
                "indicator": i.code,
                "right": i.right,
                "category": i.category,
                "dimension": i.dimension,
                "scale": i.scale.engine_form(),
                "direction": i.direction,
                "weight": i.weight,
                "min": i.scale.min if i.scale.min is not None else math.nan,
                "max": i.scale.max if i.scale.max is not None else math.nan,
                "right_weight": rights[i.right].weight,
                "category_weight": categories[i.category].weight,
            }
            for i in self.indicators
        ]
        return pd.DataFrame(rows, columns=list(FRAMEWORK_COLUMNS))

    def counts(self) -> dict[str, int]:
        by_dimension = Counter(i.dimension for i in self.indicators)
        return {
            "categories": len(self.categories),
            "rights": sum(len(c.rights) for c in self.categories),
            "indicators": len(self.indicators),
            **{d: by_dimension.get(d, 0) for d in DIMENSIONS},
        }


def number_text(value: float | None) -> str:
    """A number as a person would type it (12.5, 100), exactly."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _provisions(entries: list[dict[str, Any]] | None) -> tuple[dict[str, str], ...]:
    return tuple(
        {"instrument": e["instrument"], **({"article": str(e["article"])} if e.get("article") is not None else {})}
        for e in entries or []
    )


def _documents(item: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    """The General Comment paragraphs an item cites, one (symbol, paragraph) each, in the file's order."""
    return tuple((ref["symbol"], str(p)) for ref in item.get("documents") or () for p in ref["paragraphs"])


def _registry_codes(name: str, key: str) -> set[str]:
    entries = load_yaml(EMBEDDED_DATA_DIR / name)
    return {str(e[key]) for e in entries}


def _translations(item: dict[str, Any]) -> dict[str, dict[str, str]]:
    return {
        lang: {k: " ".join(str(v).split()) for k, v in texts.items()}
        for lang, texts in (item.get("translations") or {}).items()
    }


def _translation_problems(kind: str, item: Any, path: str) -> list[str]:
    """Each text of ``item`` (a category, right, indicator or answer level) that has no French or Spanish version."""
    problems = []
    for language in TRANSLATED_LANGUAGES:
        texts = item.translations.get(language) or {}
        for name in TRANSLATED_FIELDS[kind]:
            if getattr(item, name) and not texts.get(name):
                problems.append(f"{path}/translations/{language}/{name}: no {language} text for this {kind}'s {name}")
    return problems


def parse_framework(document: dict[str, Any], checksum: str = "") -> FrameworkDefinition:
    """Build the definition from a schema-valid document (no further checks)."""
    head = document["framework"]
    categories = []
    position = 0
    for category in document["categories"]:
        rights = []
        for right in category["rights"]:
            indicators = []
            for item in right["indicators"]:
                position += 1
                evidence = item.get("evidence") or {}
                mapping = item.get("maps_from") or {"relation": "new"}
                indicators.append(
                    IndicatorDef(
                        code=item["code"],
                        category=category["code"],
                        right=right["code"],
                        wording=item["wording"].strip(),
                        guidance=item["guidance"].strip(),
                        dimension=item["dimension"],
                        type=item["type"],
                        groups=tuple(item["groups"]),
                        scale=Scale.from_dict(item["scale"]),
                        direction=item.get("direction", "+"),
                        weight=float(item.get("weight", 1)),
                        provisions=_provisions(item.get("provisions")),
                        evidence_required=bool(evidence.get("required", False)),
                        evidence_kinds=tuple(evidence.get("kinds", ())),
                        derived=item.get("derived"),
                        relation=mapping["relation"],
                        predecessors=tuple(mapping.get("codes", ())),
                        position=position,
                        translations=_translations(item),
                        documents=_documents(item),
                    )
                )
            rights.append(
                RightDef(
                    right["code"],
                    right["title"],
                    right.get("description", ""),
                    _provisions(right.get("provisions")),
                    tuple(indicators),
                    float(right.get("weight", 1)),
                    _translations(right),
                )
            )
        categories.append(
            CategoryDef(
                category["code"],
                category["title"],
                category.get("description", ""),
                tuple(rights),
                float(category.get("weight", 1)),
                _translations(category),
                _documents(category),
            )
        )
    return FrameworkDefinition(
        code=head["code"],
        version=str(head["version"]),
        title=head["title"],
        published=str(head["published"]),
        predecessor=text_or_none(head.get("predecessor")),
        licence=head.get("licence", ""),
        authors=head.get("authors", ""),
        description=head.get("description", ""),
        dropped=tuple(head.get("dropped", ())),
        categories=tuple(categories),
        document=document,
        checksum=checksum,
    )


def check_framework(
    definition: FrameworkDefinition,
    *,
    where: str,
    instruments: set[str] | None = None,
    bodies: set[str] | None = None,
    predecessor: FrameworkDefinition | None = None,
    require_predecessor: bool = True,
    require_translations: bool = True,
    law: dict[str, Any] | None = None,
    paragraphs: frozenset[tuple[str, str]] | None = None,
    crosswalk: Crosswalk | None = None,
) -> list[str]:
    """Every problem a schema cannot see, each as ``WHERE: path: reason``; with ``require_translations`` also
    every text without its French or Spanish version. ``law``: the law datasets' declarations (default: the
    embedded ``data/law/variables.yaml``), which a ``law`` rule is checked against. ``paragraphs``: the treaty-body
    corpus's (symbol, paragraph) pairs the ``documents:`` references must name (default: the embedded corpus);
    ``crosswalk``: the documents crosswalk whose categories must exist in a framework of its code (default: the
    embedded one, read and checked here: an unknown tag or label is a problem too)."""
    instruments = instruments if instruments is not None else _registry_codes("instruments.yaml", "code")
    bodies = bodies if bodies is not None else _registry_codes("bodies.yaml", "slug")
    if law is None and any(i.law_derived for i in definition.indicators):
        law = law_datasets()
    problems: list[str] = []
    seen: dict[str, str] = {}

    def note(path: str, reason: str) -> None:
        problems.append(f"{where}: {path}: {reason}")

    for ci, category in enumerate(definition.categories if require_translations else ()):
        problems.extend(f"{where}: {p}" for p in _translation_problems("category", category, f"categories/{ci}"))
        for ri, right in enumerate(category.rights):
            problems.extend(
                f"{where}: {p}" for p in _translation_problems("right", right, f"categories/{ci}/rights/{ri}")
            )
            for ii, indicator in enumerate(right.indicators):
                path = f"categories/{ci}/rights/{ri}/indicators/{ii}"
                problems.extend(f"{where}: {p}" for p in _translation_problems("indicator", indicator, path))
                for li, level in enumerate(indicator.scale.levels):
                    problems.extend(
                        f"{where}: {p}" for p in _translation_problems("level", level, f"{path}/scale/levels/{li}")
                    )
    for ci, category in enumerate(definition.categories):
        for code, path in [(category.code, f"categories/{ci}")] + [
            (r.code, f"categories/{ci}/rights/{ri}") for ri, r in enumerate(category.rights)
        ]:
            if code in seen:
                note(f"{path}/code", f"code {code} is used twice (first at {seen[code]})")
            seen[code] = path
        for ri, right in enumerate(category.rights):
            for pi, provision in enumerate(right.provisions):
                if provision["instrument"] not in instruments:
                    note(
                        f"categories/{ci}/rights/{ri}/provisions/{pi}", f"unknown instrument {provision['instrument']}"
                    )
            for ii, indicator in enumerate(right.indicators):
                path = f"categories/{ci}/rights/{ri}/indicators/{ii}"
                if indicator.code in seen:
                    note(f"{path}/code", f"code {indicator.code} is used twice (first at {seen[indicator.code]})")
                seen[indicator.code] = path
                reasons = _indicator_problems(indicator, instruments, bodies, law or {})
                problems.extend(f"{where}: {path}: {reason}" for reason in reasons)
    problems.extend(f"{where}: {reason}" for reason in _mapping_problems(definition, predecessor, require_predecessor))
    problems.extend(_document_problems(definition, where, paragraphs, crosswalk))
    return problems


def _document_problems(
    definition: FrameworkDefinition,
    where: str,
    paragraphs: frozenset[tuple[str, str]] | None,
    crosswalk: Crosswalk | None,
) -> list[str]:
    """Every cited paragraph in the corpus; the crosswalk's categories in a framework of its code."""
    problems = []
    cited = [(f"categories/{ci}", c.documents) for ci, c in enumerate(definition.categories)] + [
        (f"categories/{ci}/rights/{ri}/indicators/{ii}", i.documents)
        for ci, c in enumerate(definition.categories)
        for ri, r in enumerate(c.rights)
        for ii, i in enumerate(r.indicators)
    ]
    if any(refs for _, refs in cited):
        paragraphs = paragraphs if paragraphs is not None else corpus_paragraphs()
        symbols = {symbol for symbol, _ in paragraphs}
        for path, refs in cited:
            for symbol, paragraph in refs:
                if symbol not in symbols:
                    problems.append(f"{where}: {path}/documents: no document {symbol} in the treaty-body corpus")
                elif (symbol, paragraph) not in paragraphs:
                    problems.append(
                        f"{where}: {path}/documents: {symbol} has no paragraph {paragraph} in the treaty-body corpus"
                    )
    if crosswalk is None:
        try:
            crosswalk = read_crosswalk(CROSSWALK_FILE)
        except DataFileError as error:
            return problems + str(error).splitlines()
    if crosswalk.framework == definition.code:
        codes = {c.code for c in definition.categories}
        problems += [
            f"{crosswalk.path}: categories/{code}: unknown category {code} (not in {definition.label})"
            for code in crosswalk.categories
            if code not in codes
        ]
    return problems


def law_datasets() -> dict[str, Any]:
    """The law datasets' declared variables and confirmed codes (``data/law/variables.yaml``), as read."""
    return load_yaml(LAW_VARIABLES_FILE)


def law_rule_problems(indicator: IndicatorDef, law: dict[str, Any]) -> list[str]:
    """Why a ``law`` rule cannot give the indicator's values: it must read a declared country-year variable, map
    only codes whose meaning a read document confirms, and give only values of the indicator's scale."""
    rule = indicator.derived or {}
    if indicator.dimension != "protection":
        return ["derived: only protection indicators (rights in national law) are derived from a law dataset"]
    dataset = law.get(str(rule.get("dataset")))
    if not isinstance(dataset, dict):
        return [f"derived/dataset: {rule.get('dataset')} is not a dataset of data/law/variables.yaml"]
    variables = dataset.get("variables")
    if not isinstance(variables, dict):
        return [f"derived/dataset: {rule['dataset']} codes no variable of a country's law per year"]
    reasons: list[str] = []

    def declared(variable: object, path: str) -> dict[str, Any] | None:
        entry = variables.get(str(variable))
        if entry is None:
            reasons.append(f"{path}: {variable} is not a declared variable of {rule['dataset']}")
        return entry

    def allowed(value: object, path: str) -> None:
        number = float(value)  # type: ignore[arg-type]
        scale = indicator.scale
        if scale.levels and number not in {level.value for level in scale.levels}:
            reasons.append(f"{path}: {number_text(number)} is not a level of the scale ({scale.allowed_text()})")
        elif (scale.min is not None and number < scale.min) or (scale.max is not None and number > scale.max):
            reasons.append(f"{path}: {number_text(number)} is outside the scale ({scale.allowed_text()})")

    def confirmed(entry: dict[str, Any], variable: object, code: object, path: str) -> None:
        if str(code) not in {str(k) for k in (entry.get("codes") or {})}:
            reasons.append(f"{path}: code {code} of {variable} has no confirmed meaning (data/law/variables.yaml)")

    for ci, case in enumerate(rule.get("cases") or ()):
        path = f"derived/cases/{ci}"
        entry = declared(case["variable"], f"{path}/variable")
        for code in case["codes"]:
            if entry is not None:
                confirmed(entry, case["variable"], code, f"{path}/codes")
        allowed(case["value"], f"{path}/value")
    entry = declared(rule.get("variable"), "derived/variable")
    if entry is None:
        return reasons
    levels = rule.get("levels") or {}
    if rule.get("number"):
        if levels:
            reasons.append("derived: give either `levels` (codes) or `number`, not both")
        if not entry.get("numeric"):
            reasons.append(f"derived/number: {rule['variable']} is not a number in its dataset")
        if indicator.scale.kind != "numeric":
            reasons.append("derived/number: a number is read into a numeric scale only")
    elif not levels:
        reasons.append("derived/levels: map each code used to a level of the scale (or read a `number`)")
    for code, value in levels.items():
        confirmed(entry, rule["variable"], code, f"derived/levels/{code}")
        allowed(value, f"derived/levels/{code}")
    return reasons


def _indicator_problems(
    indicator: IndicatorDef, instruments: set[str], bodies: set[str], law: dict[str, Any]
) -> list[str]:
    reasons = []
    if indicator.dimension == "commitment" and not indicator.treaty_derived:
        reasons.append("derived: a commitment indicator is computed from treaty data and needs a `derived` rule")
    if indicator.dimension != "commitment" and indicator.treaty_derived:
        reasons.append("derived: only commitment indicators are derived from treaty data")
    if indicator.law_derived:
        reasons += law_rule_problems(indicator, law)
    values = [level.value for level in indicator.scale.levels]
    if len(values) != len(set(values)):
        reasons.append("scale/levels: two levels share a value")
    if indicator.scale.kind == "binary" and sorted(values) != [0.0, 1.0]:
        reasons.append("scale/levels: binary levels must have the values 0 and 1")
    low, high = indicator.scale.min, indicator.scale.max
    if low is not None and high is not None and low >= high:
        reasons.append("scale: min must be below max")
    for pi, provision in enumerate(indicator.provisions):
        if provision["instrument"] not in instruments:
            reasons.append(f"provisions/{pi}/instrument: unknown instrument {provision['instrument']}")
    derived = indicator.derived or {}
    for code in [derived.get("instrument"), *derived.get("instruments", [])] if indicator.treaty_derived else []:
        if code and code not in instruments:
            reasons.append(f"derived: unknown instrument {code}")
    if derived.get("body") and derived["body"] not in bodies:
        reasons.append(f"derived/body: unknown governance body {derived['body']}")
    if indicator.treaty_derived and indicator.scale.kind != "binary":
        reasons.append("scale: derived indicators are binary")
    expected = {"new": (0, 0), "same": (1, 1), "reworded": (1, 1), "split": (1, 1), "merged": (2, 10**6)}
    low, high = expected[indicator.relation]
    if not low <= len(indicator.predecessors) <= high:
        reasons.append(
            f"maps_from: a `{indicator.relation}` indicator names {_count_text(low, high)} predecessor code(s)"
        )
    return reasons


def _count_text(low: int, high: int) -> str:
    return "no" if high == 0 else str(low) if low == high else f"at least {low}"


def _mapping_problems(
    definition: FrameworkDefinition, predecessor: FrameworkDefinition | None, require_predecessor: bool
) -> list[str]:
    mapped = [(i.code, code) for i in definition.indicators for code in i.predecessors]
    dropped = [d["code"] for d in definition.dropped]
    if definition.predecessor is None:
        if mapped or dropped:
            return ["framework/predecessor: indicators map to a predecessor but none is named"]
        return []
    if predecessor is None:
        if not require_predecessor:
            return []
        return [f"framework/predecessor: version {definition.predecessor} is not known (load it first)"]
    if predecessor.version != definition.predecessor or predecessor.code != definition.code:
        return [f"framework/predecessor: expected {definition.code} {definition.predecessor}, got {predecessor.label}"]
    reasons = [
        f"{code}/maps_from: {old} is not an indicator of {predecessor.label}"
        for code, old in mapped
        if old not in predecessor.by_code
    ]
    reasons += [
        f"framework/dropped: {old} is not an indicator of {predecessor.label}"
        for old in dropped
        if old not in predecessor.by_code
    ]
    accounted = {old for _, old in mapped} | set(dropped)
    reasons += [
        f"framework: {old} of {predecessor.label} is neither mapped by an indicator nor listed as dropped"
        for old in predecessor.by_code
        if old not in accounted
    ]
    reasons += [f"framework/dropped: {old} is listed as dropped but also mapped" for _, old in mapped if old in dropped]
    return reasons


def read_framework(path: Path) -> FrameworkDefinition:
    """Read and schema-check a framework file (DataFileError with located messages)."""
    document = load_yaml(path, "framework")
    checksum = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    return parse_framework(document, checksum)


def load_framework(
    path: Path,
    *,
    instruments: set[str] | None = None,
    bodies: set[str] | None = None,
    predecessor: FrameworkDefinition | None = None,
    require_predecessor: bool = False,
    require_translations: bool = True,
) -> FrameworkDefinition:
    """Read a framework file and refuse it, with every located problem, unless it is sound.

    The mapping to the predecessor version is checked when ``predecessor`` is given; with
    ``require_predecessor`` a file naming a predecessor that is not given is refused. A framework the
    observatory publishes has every text in French and Spanish too; ``require_translations=False`` lets a
    researcher compute with a framework of their own written in one language.
    """
    definition = read_framework(path)
    problems = check_framework(
        definition,
        where=str(path),
        instruments=instruments,
        bodies=bodies,
        predecessor=predecessor,
        require_predecessor=require_predecessor,
        require_translations=require_translations,
    )
    if problems:
        raise DataFileError("\n".join(problems))
    return definition


def embedded_frameworks() -> list[Path]:
    """The framework files shipped with the package, oldest version first."""
    return sorted(FRAMEWORKS_DIR.glob("*.yaml"), key=lambda p: tuple(int(x) for x in p.stem.split("-")[-1].split(".")))
