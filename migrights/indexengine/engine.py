"""The index's core, shared by the edition and its uncertainty analysis: inputs prepared and every level scored.

Steps (each a function of its own module, methods chosen by name from the spec):
screen (coverage, flags) → coders → normalise → missing data → weights → aggregate per level → ranks.
``edition.compute`` runs them and adds gaps, changes and (optionally) uncertainty and sensitivity.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from migrights.indexengine.aggregate import Children, Links, aggregator, level_weights
from migrights.indexengine.answers import Panel, encode_answers
from migrights.indexengine.coders import KNOWN, NOT_APPLICABLE, combine_coders
from migrights.indexengine.framework import COLUMNS, Tree, check_framework
from migrights.indexengine.missing import MissingContext, impute
from migrights.indexengine.normalise import normalise
from migrights.indexengine.problems import InputError, Problem
from migrights.indexengine.ranks import rank_columns
from migrights.indexengine.spec import Aggregation, IndexSpec

ENGINE_VERSION = "1"
LEVELS = ("indicator", "right", "category", "dimension", "overall")
OVERALL = "overall"
SCORE_COLUMNS = (
    "country",
    "year",
    "level",
    "code",
    "score",
    "coverage",
    "rank",
    "change_year",
    "change_release",
    "flagged",
)
UNCERTAINTY_COLUMNS = ("score_low", "score_median", "score_high", "rank_low", "rank_high")
SENSITIVITY_COLUMNS = ("target", "parameter", "first_order", "first_order_conf", "total", "total_conf")
DECIMALS = 9  # scores are rounded so that equal inputs tie exactly, whatever the summation order


@dataclass(frozen=True)
class Weights:
    """The weight of every code, level by level (before any Monte Carlo perturbation)."""

    indicator: np.ndarray
    right: np.ndarray
    category: np.ndarray
    dimension: np.ndarray

    @classmethod
    def from_spec(cls, tree: Tree, spec: IndexSpec) -> Weights:
        user = spec.user_weight_map
        # the framework's declared weights count at every level it declares them (dimensions: 1)
        indicator, right, category, dimension = (
            level_weights(codes, spec.weights, framework_weights=declared, user_weights=user)
            for codes, declared in (
                (tree.indicators, tree.framework_weights),
                (tree.rights, tree.right_weights),
                (tree.categories, tree.category_weights),
                (tree.dimensions, None),
            )
        )
        return cls(indicator, right, category, dimension)

    def flat(self) -> np.ndarray:
        return np.concatenate([self.indicator, self.right, self.category, self.dimension])

    def with_flat(self, values: np.ndarray) -> Weights:
        cuts = np.cumsum([len(self.indicator), len(self.right), len(self.category)])
        return Weights(*np.split(values, cuts))


@dataclass(frozen=True)
class Prepared:
    """Everything that does not change between Monte Carlo draws of the method choices."""

    tree: Tree
    panel: Panel
    spec: IndexSpec
    status: np.ndarray  # (countries, years, indicators) int8
    normalised: np.ndarray  # (countries, years, indicators) float, NaN where no known value
    context: MissingContext
    weights: Weights
    coverage: dict[str, np.ndarray]  # level → (country-years, codes) share of applicable indicators observed
    codes: dict[str, tuple[str, ...]]  # level → codes

    @property
    def n_units(self) -> int:
        return self.panel.present.size

    def normalise(self, values: np.ndarray) -> np.ndarray:
        """Normalise combined cell values (flat, one per cell) into the cube used by the later steps."""
        tree, spec = self.tree, self.spec
        low, high = tree.low.copy(), tree.high.copy()
        for code, (goal_low, goal_high) in spec.goalpost_map.items():
            n = tree.indicators.index(code)
            low[n], high[n] = goal_low, goal_high
        matrix = values.reshape(self.n_units, len(tree.indicators))
        result = normalise(matrix, tree.kind, low, high, tree.reverse, spec.normalisation)
        return result.reshape(self.panel.shape)


def _problem(reason: str, column: str = "-") -> InputError:
    return InputError([Problem("spec", 0, column, reason)])


def prepare(
    answers: pd.DataFrame, framework: pd.DataFrame, spec: IndexSpec, groups: pd.DataFrame | None = None
) -> Prepared:
    """Check and encode the inputs, combine coders, normalise, and measure coverage."""
    framework = check_framework(framework.reindex(columns=list(COLUMNS)), where="framework")
    tree = Tree.from_table(framework)
    known_codes = {*tree.indicators, *tree.rights, *tree.categories, *tree.dimensions}
    for code, _ in spec.user_weights:
        if code not in known_codes:
            raise _problem(f"user weight for {code}, which is not a code of the framework", "user_weights")
    for code, _, _ in spec.goalposts:
        if code not in tree.indicators:
            raise _problem(f"goalposts for {code}, which is not an indicator of the framework", "goalposts")
    panel = encode_answers(answers, tree)
    values, status = combine_coders(
        panel.cell,
        panel.value,
        panel.not_applicable,
        panel.n_cells,
        spec.coders,
        adjudicated=panel.adjudicated,
        fallback=spec.coders_fallback,
    )
    status = status.reshape(panel.shape)
    rules = {spec.missing, *spec.uncertainty.missing}
    context = MissingContext(
        status=status,
        present=panel.present,
        carry_forward_years=spec.carry_forward_years,
        group_of_country=_group_codes(groups, panel.countries, spec.group_column) if "group_mean" in rules else None,
    )
    prepared = Prepared(
        tree=tree,
        panel=panel,
        spec=spec,
        status=status,
        normalised=np.empty(0),
        context=context,
        weights=Weights.from_spec(tree, spec),
        coverage=_coverage(tree, status, panel.present, spec.overall_dimensions),
        codes={
            "indicator": tree.indicators,
            "right": tree.rights,
            "category": tree.categories,
            "dimension": tree.dimensions,
            OVERALL: (OVERALL,),
        },
    )
    try:
        normalised = prepared.normalise(values)
    except ValueError as error:
        raise _problem(str(error), "normalisation") from None
    return replace(prepared, normalised=normalised)


def _group_codes(groups: pd.DataFrame | None, countries: tuple[str, ...], column: str) -> np.ndarray:
    """Group number of each country (-1 when it has none), from a ``country → column`` table."""
    if groups is None:
        raise _problem("the group_mean missing-data rule needs a groups table (country and group columns)", "missing")
    if "country" not in groups.columns or column not in groups.columns:
        raise _problem(f"the groups table needs the columns country and {column}", "group_column")
    mapping = groups.dropna(subset=[column]).drop_duplicates("country").set_index("country")[column]
    labels = pd.Series(countries).map(mapping)
    codes, _ = pd.factorize(labels, use_na_sentinel=True)
    return codes.astype(np.int64)


def level_links(tree: Tree, overall_dimensions: tuple[str, ...]) -> dict[str, Links | None]:
    """Per level, which indicators fall under each code (None: the indicators themselves), each with weight 1; the
    overall score covers the indicators of ``overall_dimensions`` (the others weigh 0)."""
    in_overall = np.array([d in overall_dimensions for d in tree.dimensions], dtype=np.float64)
    ones = np.ones(len(tree.indicators))
    return {
        "indicator": None,
        "right": Links(tree.right_of, ones, len(tree.rights)),
        "category": Links(tree.category_of[tree.right_of], ones, len(tree.categories)),
        "dimension": Links(tree.dimension_of, ones, len(tree.dimensions)),
        OVERALL: Links(np.zeros(len(tree.indicators), dtype=np.int64), in_overall[tree.dimension_of], 1),
    }


def _coverage(
    tree: Tree, status: np.ndarray, present: np.ndarray, overall_dimensions: tuple[str, ...]
) -> dict[str, np.ndarray]:
    """Step 1, screen: share of applicable indicators with an observed value, for every code of every level.

    Not-applicable indicators are outside both numerator and denominator; a code with no applicable
    indicator has no coverage (NaN).
    """
    n_units = present.size
    flat = status.reshape(n_units, len(tree.indicators))
    known = (flat == KNOWN) & present.reshape(n_units, 1)
    applicable = (flat != NOT_APPLICABLE) & present.reshape(n_units, 1)
    coverage = {}
    for level, links in level_links(tree, overall_dimensions).items():
        numerator = known if links is None else links.total(known.T).T  # an indicator: True / True is 1.0
        denominator = applicable if links is None else links.total(applicable.T).T
        with np.errstate(invalid="ignore"):  # 0 / 0 is NaN; known indicators are applicable, so never n / 0
            coverage[level] = numerator / denominator
    return coverage


def score_levels(
    prepared: Prepared,
    normalised: np.ndarray,
    missing: str,
    aggregation: Aggregation,
    weights: Weights,
) -> dict[str, np.ndarray]:
    """Steps 4 to 6 for one set of choices: the score of every code of every level, (country-years, codes)."""
    filled = impute(normalised, missing, prepared.context).reshape(prepared.n_units, -1)
    return {
        "indicator": np.round(filled, DECIMALS),
        **aggregate_levels(prepared, Children(filled), aggregation, weights),
    }


def aggregate_levels(
    prepared: Prepared, indicators: Children, aggregation: Aggregation, weights: Weights
) -> dict[str, np.ndarray]:
    """Step 6: rights, categories, dimensions and overall from the (imputed) indicator scores.

    Dimension scores aggregate "category x dimension" nodes, which aggregate "right x dimension"
    nodes, which aggregate the indicators of that right in that dimension.
    """
    tree, spec = prepared.tree, prepared.spec
    right_dims, category_dims = tree.right_dimensions, tree.category_dimensions
    by_right = aggregator(aggregation.right, spec.mean_offset)
    by_category = aggregator(aggregation.category, spec.mean_offset)
    by_dimension = aggregator(aggregation.dimension, spec.mean_offset)
    by_overall = aggregator(aggregation.overall, spec.mean_offset)
    right = by_right(indicators, Links(tree.right_of, weights.indicator, len(tree.rights)))
    right_dim = by_right(indicators, Links(tree.indicator_to_right_dimension, weights.indicator, len(right_dims)))
    category = by_category(right, Links(tree.category_of, weights.right, len(tree.categories)))
    category_dim = by_category(
        right_dim,
        Links(tree.right_dimension_to_category_dimension, weights.right[right_dims[:, 0]], len(category_dims)),
    )
    dimension = by_dimension(
        category_dim, Links(category_dims[:, 1], weights.category[category_dims[:, 0]], len(tree.dimensions))
    )
    in_overall = np.array([d in spec.overall_dimensions for d in tree.dimensions], dtype=np.float64)
    overall = by_overall(dimension, Links(np.zeros(len(tree.dimensions), np.int64), weights.dimension * in_overall, 1))
    levels = {"right": right, "category": category, "dimension": dimension, OVERALL: overall}
    return {level: np.round(scores, DECIMALS) for level, scores in levels.items()}


def flags(prepared: Prepared, level: str) -> np.ndarray:
    """Scores to treat with caution (withheld from publication, never ranked): observed coverage below the
    spec's minimum, nothing observed, too few of the code's indicators applicable to the country
    (``min_applicable``: a state that cannot join most instruments of a measure is not comparable on it),
    and an overall score any of whose dimensions is itself flagged (an "overall" without practice, say,
    is not the overall score)."""
    coverage = prepared.coverage[level]
    flagged = (coverage < prepared.spec.min_coverage) | (coverage == 0)  # NaN compares False, without a warning
    if prepared.spec.min_applicable:
        share = applicable_share(prepared, level)
        flagged |= (share > 0) & (share < prepared.spec.min_applicable)  # share 0 or NaN: nothing to score
    if level == OVERALL:
        dimensions = prepared.tree.dimensions
        counted = [dimensions.index(d) for d in prepared.spec.overall_dimensions if d in dimensions]
        flagged |= flags(prepared, "dimension")[:, counted].any(axis=1, keepdims=True)
    return flagged


def applicable_share(prepared: Prepared, level: str) -> np.ndarray:
    """Share of each code's indicators that are applicable (not "not applicable"), (country-years, codes); an
    indicator is applicable or not (True or False); a code without indicators has no share (NaN: an overall score
    none of whose dimensions the framework has)."""
    applicable = prepared.status.reshape(prepared.n_units, len(prepared.tree.indicators)) != NOT_APPLICABLE
    links = level_links(prepared.tree, prepared.spec.overall_dimensions)[level]
    if links is None:
        return applicable
    with np.errstate(invalid="ignore"):  # 0 / 0 for a code without indicators; never n / 0
        return (links.total(applicable.T) / links.total(np.ones((len(prepared.tree.indicators), 1)))).T


def rank_countries(scores: np.ndarray, n_countries: int, ties: str) -> np.ndarray:
    """Rank of each country among the countries of the same year and code, 1 = highest score; NaN stays unranked."""
    return rank_columns(-scores.reshape(n_countries, -1), ties).reshape(scores.shape)


def small_fields_unranked(ranks: np.ndarray, n_countries: int, min_ranked: int) -> np.ndarray:
    """Ranks with every rank of a year and code removed where fewer than ``min_ranked`` countries are ranked."""
    cube = ranks.reshape(n_countries, -1)
    too_small = np.count_nonzero(~np.isnan(cube), axis=0) < min_ranked
    return np.where(too_small[None, :], np.nan, cube).reshape(ranks.shape)


def _change_year(scores: np.ndarray, n_countries: int) -> np.ndarray:
    """Score minus the score of the same country and code in the previous calendar year (NaN if absent)."""
    cube = scores.reshape(n_countries, -1, scores.shape[-1])
    change = np.full_like(cube, np.nan)
    change[:, 1:] = cube[:, 1:] - cube[:, :-1]
    return np.round(change.reshape(scores.shape), DECIMALS)
