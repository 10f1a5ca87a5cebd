"""The methodology page's content: the stored spec in words, the sensitivity indices and where scores sit.

Everything here reads what an edition stored (its spec, its sensitivity table, its scores) and says it
in the visitor's language; nothing is recomputed but the counts of ``indexengine.uncertainty.centrality``.
"""

from __future__ import annotations

import math
from typing import Any

import yaml
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from migrights.indexengine.uncertainty import CENTRAL_TOLERANCE, centrality
from migrights.lib.labels import label
from migrights.lib.vocabulary import DIMENSION_LABELS
from migrights.scores.models import Edition

# Sobol' indices whose 95 % confidence half-width exceeds this are not shown as numbers: the runs
# were too few to tell the index from noise (docs/methodology.md, "Sensitivity").
SOBOL_MAX_HALF_WIDTH = 0.1

CODER_RULE_NAMES = {
    "mean": _("the mean of the coders' answers"),
    "median": _("the median of the coders' answers"),
    "adjudicated": _("a reviewer's adjudicated value"),
}
NORMALISATION_NAMES = {
    "minmax": _("rescaled between the lowest and highest value observed"),
    "goalposts": _("rescaled between the framework's goalposts (fixed lowest and highest values)"),
    "zscore": _("standardised (z-scores)"),
    "rank": _("replaced by their rank"),
}
MISSING_NAMES = {
    "exclude": _("left out: the indicator leaves the denominator and the coverage says so"),
    "carry_forward": _("the last released value carried forward"),
    "group_mean": _("the mean of the country's group"),
}
WEIGHT_NAMES = {
    "equal": _("equal weights"),
    "framework": _("the framework's weights (of indicators, rights and categories)"),
    "user": _("weights given in the specification"),
}
MEAN_NAMES = {
    "arithmetic": _("arithmetic mean"),
    "geometric": _("geometric mean"),
    "harmonic": _("harmonic mean"),
}
TIE_NAMES = {
    "min": _("tied countries share the best rank (1, 2, 2, 4)"),
    "max": _("tied countries share the worst rank (1, 3, 3, 4)"),
    "average": _("tied countries share the average rank (1, 2.5, 2.5, 4)"),
    "dense": _("tied countries share a rank and none is skipped (1, 2, 2, 3)"),
}
LEVEL_NAMES = {
    "right": _("indicators into rights"),
    "category": _("rights into categories"),
    "dimension": _("categories into dimensions"),
    "overall": _("dimensions into the overall score"),
}
PARAMETER_NAMES = {
    "weights": _("Weights"),
    "aggregation": _("Means used to aggregate"),
    "missing": _("Missing-data rule"),
    "coders": _("Coders' answers (bootstrap)"),
}
OVERALL_NAME = _("Overall score")


def mean_name(method: str) -> str:
    """A mean in words: ``generalised:P`` is the power mean of order P."""
    if method in MEAN_NAMES:
        return str(MEAN_NAMES[method])
    prefix, _sep, power = method.partition(":")
    if prefix == "generalised":
        return str(_("power mean of order %(power)s")) % {"power": power}
    return method


def _named(names: dict[str, Any], code: str) -> str:
    return str(names.get(code, code))


def aggregation_rows(aggregation: dict[str, str]) -> list[dict[str, str]]:
    """One row per level: where the mean is taken and which mean."""
    return [
        {"level": str(LEVEL_NAMES[level]), "mean": mean_name(aggregation[level]), "text": _level_mean(level, method)}
        for level, method in ((level, aggregation[level]) for level in LEVEL_NAMES)
    ]


def _level_mean(level: str, method: str) -> str:
    """``Level: mean`` in words, punctuated as the language wants."""
    return str(_("%(level)s: %(mean)s")) % {"level": LEVEL_NAMES[level], "mean": mean_name(method)}


def _percent(value: float) -> str:
    return f"{100 * value:g} %"


WHY_DRAWN = {
    "weights": _(
        "Weights are a judgement: no one can defend the relative importance of two rights to better than a "
        "quarter either way. Varying them is plausible for every kind of indicator."
    ),
    "aggregation": _(
        "Dimension scores are averages over many indicators and are rarely 0; a geometric mean across them, as "
        "the Human Development Index takes, limits how far a strong dimension makes up for a weak one."
    ),
    "missing": _(
        "Experts answer protection and implementation questions (ordinal and numeric) year by year; last year's "
        "released answer is a plausible stand-in for a missing one. Commitment indicators are binary facts "
        "derived for every year and are never missing, so this choice does not move them."
    ),
    "coders": _("Where several experts answer the same question, their disagreement is part of the uncertainty."),
}


def alternatives(spec: dict[str, Any]) -> list[dict[str, str]]:
    """The alternatives the Monte Carlo draws: each in words, with why it is plausible for these data."""
    uncertainty = spec.get("uncertainty", {})
    drawn = []
    bounds = uncertainty.get("weight_bounds")
    if bounds:
        text = str(_("every weight multiplied by a factor drawn between %(low)s and %(high)s")) % {
            "low": _percent(1 - bounds),
            "high": _percent(1 + bounds),
        }
        drawn.append({"kind": "weights", "text": text})
    for alternative in uncertainty.get("aggregations", []):
        changed = [
            _level_mean(level, method)
            for level, method in alternative.items()
            if level in LEVEL_NAMES and method != spec["aggregation"].get(level)
        ]
        if changed:
            text = str(_("the means changed to: %(changes)s")) % {"changes": "; ".join(changed)}
            drawn.append({"kind": "aggregation", "text": text})
    for rule in uncertainty.get("missing", []):
        text = str(_("missing answers: %(rule)s")) % {"rule": _named(MISSING_NAMES, rule)}
        drawn.append({"kind": "missing", "text": text})
    if uncertainty.get("resample_coders"):
        drawn.append(
            {"kind": "coders", "text": str(_("the coders' answers resampled (bootstrap) within each question"))}
        )
    return [{**alternative, "why": str(WHY_DRAWN[alternative["kind"]])} for alternative in drawn]


def spec_rows(spec: dict[str, Any], runs: int | None = None) -> list[dict[str, str]]:
    """The specification as a readable table: one row per choice, its value in words and its code.

    ``runs``: the Monte Carlo runs the edition made (the spec's ``draws`` unless told).
    """
    coders = _named(CODER_RULE_NAMES, spec["coders"])
    if spec["coders"] == "adjudicated":
        coders = str(_("%(first)s, else %(fallback)s")) % {
            "first": coders,
            "fallback": _named(CODER_RULE_NAMES, spec["coders_fallback"]),
        }
    missing = _named(MISSING_NAMES, spec["missing"])
    if spec["missing"] == "carry_forward":
        missing += " " + ngettext("(up to %(years)d year)", "(up to %(years)d years)", spec["carry_forward_years"]) % {
            "years": spec["carry_forward_years"]
        }
    uncertainty = spec.get("uncertainty", {})
    runs = uncertainty.get("draws", 0) if runs is None else runs
    rows = [
        ("coders", _("Several coders"), coders, spec["coders"]),
        (
            "normalisation",
            _("Numeric answers"),
            _named(NORMALISATION_NAMES, spec["normalisation"]),
            spec["normalisation"],
        ),
        ("missing", _("Missing answers"), missing, spec["missing"]),
        ("weights", _("Weights"), _named(WEIGHT_NAMES, spec["weights"]), spec["weights"]),
        *(
            (
                level,
                str(LEVEL_NAMES[level]).capitalize(),
                mean_name(spec["aggregation"][level]),
                spec["aggregation"][level],
            )
            for level in LEVEL_NAMES
        ),
        (
            "overall_dimensions",
            _("Dimensions in the overall score"),
            ", ".join(label(DIMENSION_LABELS, d) for d in spec["overall_dimensions"]),
            ", ".join(spec["overall_dimensions"]),
        ),
        (
            "min_coverage",
            _("Minimum coverage to rank a score"),
            _percent(spec["min_coverage"]),
            f"{spec['min_coverage']:g}",
        ),
        ("rank_ties", _("Ties"), _named(TIE_NAMES, spec["rank_ties"]), spec["rank_ties"]),
        (
            "mean_offset",
            _("Offset of geometric and harmonic means"),
            str(_("%(offset)s point added before the mean and removed after, so that a 0 does not force 0"))
            % {"offset": f"{spec['mean_offset']:g}"},
            f"{spec['mean_offset']:g}",
        ),
        (
            "draws",
            _("Monte Carlo runs"),
            str(_("%(draws)s, seed %(seed)s")) % {"draws": runs, "seed": uncertainty.get("seed")}
            if runs
            else str(_("none")),
            str(runs),
        ),
        (
            "alternatives",
            _("Alternatives drawn"),
            "; ".join(a["text"] for a in alternatives(spec)) or str(_("none")),
            "",
        ),
    ]
    return [
        {"key": key, "setting": str(setting), "value": str(value), "code": code} for key, setting, value, code in rows
    ]


def _index(value: float, half_width: float) -> dict[str, Any]:
    """A Sobol' index as shown: rounded within [0, 1] with its 95 % half-width, or why it is not shown."""
    if not math.isfinite(value) or not math.isfinite(half_width) or half_width > SOBOL_MAX_HALF_WIDTH:
        return {"value": None, "text": str(_("too few runs to estimate"))}
    shown = min(1.0, max(0.0, value))
    return {"value": round(shown, 2), "text": f"{shown:.2f} ± {half_width:.2f}"}


def sensitivity_rows(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The stored sensitivity table in words: each uncertain choice's effect on each target's ranks."""
    rows = []
    for record in records:
        target = record["target"]
        values = [record[k] for k in ("first_order", "first_order_conf", "total", "total_conf")]
        row = {
            "target": str(OVERALL_NAME) if target == "overall" else label(DIMENSION_LABELS, target),
            "parameter": str(PARAMETER_NAMES.get(record["parameter"], record["parameter"])),
        }
        if all(v == 0 for v in values):  # the engine's mark of a target no run moved
            row["first_order"] = row["total"] = {"value": 0.0, "text": str(_("no effect"))}
        else:
            row["first_order"] = _index(record["first_order"], record["first_order_conf"])
            row["total"] = _index(record["total"], record["total_conf"])
        rows.append(row)
    return rows


def edge_summary(edition: Edition) -> dict[str, Any]:
    """Where the edition's dimension and overall scores sit among their draws, counted and in words."""
    counts = edition.derived("methodology-centrality", lambda: centrality(edition.table()))
    if not counts or not counts["central_rows"]:
        return {}
    central = counts["central_rows"]
    share = counts["near_median"] / central
    text = str(
        _(
            "Of %(rows)s published scores, %(outside)s lie outside their interval. Of %(central)s dimension and "
            "overall scores, %(near)s (%(share)s) lie within %(tolerance)s points of the median of their runs; "
            "%(fixed)s are moved by no alternative (their interval is a single value); %(edge)s sit at the edge "
            "of their alternatives (at or beyond the 5th or 95th percentile of their runs)."
        )
    ) % {
        "rows": number_format(counts["rows"], force_grouping=True),
        "outside": number_format(counts["outside"], force_grouping=True),
        "central": number_format(central, force_grouping=True),
        "near": number_format(counts["near_median"], force_grouping=True),
        "share": number_format(100 * share, 1) + " %",
        "tolerance": f"{CENTRAL_TOLERANCE:g}",
        "fixed": number_format(counts["fixed"], force_grouping=True),
        "edge": number_format(counts["at_edge"], force_grouping=True),
    }
    if counts["at_edge"] or share < 0.95:
        text += " " + str(
            _(
                "Where a score sits at the edge, a method as plausible as the published one would give a "
                "different value: read such scores with their interval."
            )
        )
    return {**counts, "share_near_median": round(share, 4), "text": text}


def spec_yaml(edition: Edition) -> str:
    """The edition's specification as a YAML file ``migrights compute --spec`` reads back."""
    head = (
        f"# The index specification of edition {edition.label} ({edition.spec_hash}),\n"
        "# as stored with its scores: `migrights compute --spec` replays it (docs/methodology.md).\n"
    )
    return head + yaml.safe_dump(edition.manifest["spec"], sort_keys=False, allow_unicode=True)
