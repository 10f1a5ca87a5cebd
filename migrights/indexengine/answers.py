"""Answers: the long table the engine reads, its file form, its checks and its integer encoding.

In memory an answers table has one row per coder's answer, with columns

- ``country`` (text, ISO 3166-1 alpha-3), ``year`` (integer), ``indicator`` (a framework code),
  ``coder`` (text; ``derived`` for commitment values computed from treaty actions); each text column may be a
  pandas categorical, the compact form (``answers_categorical``; ``read_answers_csv`` and the observatory's own
  answers give it): a small integer a row instead of a string, and no hashing pass to encode it;
- ``value``: float, NaN when the coder gave no value;
- ``not_applicable`` (optional, bool, default False): True where the coder answered "not
  applicable" (``value`` must then be NaN). A NaN value that is not marked not applicable is
  **unknown**;
- ``adjudicated`` (optional, bool, default False): the adjudicated answer of the cell, taken first
  by the coder rule ``adjudicated``.

In ``ANSWERS.csv`` the value ``NA`` means not applicable and an empty value unknown.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from migrights.indexengine.framework import Tree
from migrights.indexengine.problems import InputError, Problem, located

REQUIRED_COLUMNS = ("country", "year", "indicator", "coder", "value")
TEXT_COLUMNS = ("country", "indicator", "coder")
NOT_APPLICABLE_TEXT = "NA"
TRUE_TEXT, FALSE_TEXT = ("true", "1", "yes"), ("false", "0", "no", "")


def answers_categorical(answers: pd.DataFrame) -> pd.DataFrame:
    """The answers with their text columns as categoricals, the compact form ``compute`` reads (the same results;
    about a tenth of the memory of text columns, and no hashing pass over the rows to encode them)."""
    texts = [c for c in TEXT_COLUMNS if c in answers.columns and not isinstance(answers[c].dtype, pd.CategoricalDtype)]
    return answers.astype(dict.fromkeys(texts, "category")) if texts else answers


def read_answers_csv(path: str | Path, framework: pd.DataFrame | None = None) -> pd.DataFrame:
    """Read ``ANSWERS.csv`` into the in-memory form; InputError with file, row and column of every problem.

    With ``framework``, values are also checked against their indicator's scale (as ``compute`` does).
    """
    where = str(path)
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
        raise InputError([Problem(where, 1, "-", f"cannot read the file as CSV: {error}")]) from None
    table.columns = [str(column).strip() for column in table.columns]
    missing = [column for column in REQUIRED_COLUMNS if column not in table.columns]
    if missing:
        raise InputError(Problem(where, 1, column, "required column is missing") for column in missing)
    problems: list[Problem] = []
    rows = np.arange(len(table)) + 2
    for column in ("country", "indicator", "coder"):
        table[column] = table[column].str.strip()
        empty = (table[column] == "").to_numpy()
        problems += located(where, rows[empty], column, f"empty {column}")
    year = pd.to_numeric(table["year"].str.strip(), errors="coerce")
    bad_year = (year.isna() | (year != year.round())).to_numpy()
    problems += located(where, rows[bad_year], "year", "year is not a whole number")
    text = table["value"].str.strip()
    not_applicable = (text == NOT_APPLICABLE_TEXT).to_numpy()
    value = pd.to_numeric(text.where(~(text == NOT_APPLICABLE_TEXT), ""), errors="coerce").to_numpy(dtype=np.float64)
    bad_value = (text != "").to_numpy() & ~not_applicable & ~np.isfinite(value)
    problems += located(
        where, rows[bad_value], "value", "value is not a number, NA (not applicable) or empty (unknown)"
    )
    answers = pd.DataFrame(
        {
            "country": table["country"].astype("category"),
            "year": year.fillna(0).astype(np.int64),
            "indicator": table["indicator"].astype("category"),
            "coder": table["coder"].astype("category"),
            "value": np.where(bad_value, np.nan, value),
            "not_applicable": not_applicable,
        }
    )
    if "adjudicated" in table.columns:
        flag = table["adjudicated"].str.strip().str.lower()
        bad_flag = (~flag.isin(TRUE_TEXT + FALSE_TEXT)).to_numpy()
        problems += located(where, rows[bad_flag], "adjudicated", "adjudicated is not true or false")
        answers["adjudicated"] = flag.isin(TRUE_TEXT).to_numpy()
    if framework is not None:
        # the rows that parsed are checked against the framework too, so one run lists every problem
        parsed = np.ones(len(table), dtype=bool)
        for problem in problems:
            if isinstance(problem.row, int) and 2 <= problem.row < len(table) + 2:
                parsed[problem.row - 2] = False
        try:
            encode_answers(answers[parsed], Tree.from_table(framework), where=where, row_numbers=rows[parsed])
        except InputError as error:
            problems += error.problems
    if problems:
        raise InputError(sorted(problems, key=lambda p: p.row if isinstance(p.row, int) else 0))
    return answers


@dataclass(frozen=True)
class Panel:
    """Answers as integer-coded arrays over a dense (countries x years x indicators) grid of cells."""

    countries: tuple[str, ...]  # sorted
    years: np.ndarray  # every year from the first to the last answered
    n_indicators: int
    present: np.ndarray  # (countries, years) bool: the country-year has answers
    cell: np.ndarray  # (answers,) int64: (country * n_years + year) * n_indicators + indicator
    value: np.ndarray  # (answers,) float64
    not_applicable: np.ndarray  # (answers,) bool
    adjudicated: np.ndarray | None  # (answers,) bool
    digest: str  # SHA-256 of the answers, independent of row order

    @property
    def shape(self) -> tuple[int, int, int]:
        return len(self.countries), len(self.years), self.n_indicators

    @property
    def n_cells(self) -> int:
        return int(np.prod(self.shape))

    def without_answers(self) -> Panel:
        """The grid without the answer rows (``cell``, ``value``...), once they are combined and drawn from: what
        the tables need, without holding two arrays of 8 bytes an answer while the scores table is built."""
        empty = np.empty(0)
        return replace(
            self,
            cell=empty.astype(np.int64),
            value=empty,
            not_applicable=empty.astype(bool),
            adjudicated=None if self.adjudicated is None else empty.astype(bool),
        )


def _factorized(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes of a text column (-1 where missing) and its distinct texts: one hashing pass over the rows,
    none for a categorical column. Everything checked or looked up per text is then done once per distinct text."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy().astype(np.int64), column.cat.categories.to_numpy()
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    return codes.astype(np.int64, copy=False), np.asarray(uniques, dtype=object)


def _sorted_codes(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes in sorted order of the distinct texts (so codes do not depend on row order), -1 where missing.

    Only texts some row has count: a categorical's unused categories (a filtered table's) are left out."""
    codes, uniques = _factorized(column)
    if isinstance(column.dtype, pd.CategoricalDtype):
        used = np.bincount(codes + 1, minlength=len(uniques) + 1)[1:] > 0
        if not used.all():
            renumbered = np.full(len(uniques) + 1, -1, dtype=np.int64)  # a missing text's code -1 reads the last
            renumbered[np.flatnonzero(used)] = np.arange(np.count_nonzero(used))
            codes, uniques = renumbered[codes], uniques[used]
    order = np.argsort(uniques.astype(str), kind="stable")
    if np.array_equal(order, np.arange(len(order))):  # first seen in sorted order already: the codes stand
        return codes, uniques
    rank = np.empty(len(order) + 1, dtype=np.int64)
    rank[order] = np.arange(len(order))
    rank[-1] = -1  # a missing text's code -1 reads the last entry
    return rank[codes], uniques[order]


class _RowNumbers:
    """The row numbers problems name: ``row_numbers[positions]``, or the positions themselves (no array of every
    row's number is made for a table whose rows are numbered from 0)."""

    def __init__(self, row_numbers: np.ndarray | None) -> None:
        self.numbers = None if row_numbers is None else np.asarray(row_numbers)

    def __getitem__(self, selected: np.ndarray) -> np.ndarray:
        positions = np.flatnonzero(selected) if selected.dtype == bool else selected
        return positions if self.numbers is None else self.numbers[positions]


def encode_answers(
    answers: pd.DataFrame, tree: Tree, where: str = "answers", row_numbers: np.ndarray | None = None
) -> Panel:
    """Check the answers against the framework and encode them; InputError lists every problem.

    Rows are reported by ``row_numbers`` (default: the position in the table, from 0).
    """
    missing = [column for column in REQUIRED_COLUMNS if column not in answers.columns]
    if missing:
        raise InputError(Problem(where, 0, column, "required column is missing") for column in missing)
    rows = _RowNumbers(row_numbers)
    problems: list[Problem] = []
    country, countries = _sorted_codes(answers["country"])
    problems += located(where, rows[country < 0], "country", "empty country")
    coder, coders = _sorted_codes(answers["coder"])
    problems += located(where, rows[coder < 0], "coder", "empty coder")
    codes, texts = _factorized(answers["indicator"])
    # once per distinct text; a missing text's code -1 reads the appended -1 ("not in the framework")
    position = np.append(pd.Index(tree.indicators).get_indexer(texts).astype(np.int64), -1)
    indicator = position[codes]
    del codes
    unknown = indicator < 0
    if unknown.any():
        names = pd.unique(answers["indicator"].to_numpy()[unknown])
        problems += located(
            where, rows[unknown], "indicator", f"indicator not in the framework ({', '.join(map(str, names[:5]))})"
        )
    year = answers["year"].to_numpy()
    if not np.issubdtype(year.dtype, np.integer):
        as_float = pd.to_numeric(answers["year"], errors="coerce").to_numpy(dtype=np.float64)
        bad = ~np.isfinite(as_float) | (as_float != np.round(as_float))
        problems += located(where, rows[bad], "year", "year is not a whole number")
        year = np.where(bad, 0, as_float).astype(np.int64)
    value = answers["value"].to_numpy(dtype=np.float64, na_value=np.nan)
    not_applicable = (
        answers["not_applicable"].to_numpy(dtype=bool) if "not_applicable" in answers else np.zeros(len(value), bool)
    )
    problems += located(
        where, rows[not_applicable & ~np.isnan(value)], "value", "a not-applicable answer cannot have a value"
    )
    checked = np.where(unknown, 0, indicator) if unknown.any() else indicator
    problems += _scale_problems(value, checked, tree, rows, where, skip=unknown)
    del checked
    if problems:
        raise InputError(problems)
    first_year, last_year = (int(year.min()), int(year.max())) if len(year) else (0, -1)
    years = np.arange(first_year, last_year + 1)
    n_coders = max(len(coders), 1)
    present = np.zeros((len(countries), len(years)), dtype=bool)
    cell, answer_key = np.empty(len(year), np.int64), np.empty(len(year), np.int64)
    for part in _chunks(len(year)):  # a chunk at a time: the temporaries stay small
        unit = country[part] * len(years) + (year[part] - first_year)
        present.ravel()[unit] = True
        cell[part] = unit * len(tree.indicators) + indicator[part]
        answer_key[part] = cell[part] * n_coders + coder[part]
    del country, coder
    key_space = len(countries) * len(years) * len(tree.indicators) * n_coders
    if key_space <= 4 * len(answer_key):  # dense enough to count every key
        duplicated = (np.bincount(answer_key, minlength=key_space) > 1)[answer_key]
        duplicated &= pd.Series(answer_key).duplicated().to_numpy() if duplicated.any() else duplicated
    else:
        duplicated = pd.Series(answer_key).duplicated().to_numpy()
    if duplicated.any():
        raise InputError(
            located(
                where,
                rows[duplicated],
                "coder",
                "a second answer of the same coder for this country, year and indicator",
            )
        )
    adjudicated = answers["adjudicated"].to_numpy(dtype=bool) if "adjudicated" in answers else None
    return Panel(
        countries=tuple(map(str, countries)),
        years=years,
        n_indicators=len(tree.indicators),
        present=present,
        cell=cell,
        value=value,
        not_applicable=not_applicable,
        adjudicated=adjudicated,
        digest=_digest(answer_key, countries, coders, years, tree, value, not_applicable, adjudicated),
    )


CHUNK = 1 << 18  # rows checked or hashed at a time: the temporaries stay small (in cache, never fresh pages)


def _chunks(n: int) -> list[slice]:
    return [slice(start, min(start + CHUNK, n)) for start in range(0, n, CHUNK)]


def _scale_problems(
    value: np.ndarray, indicator: np.ndarray, tree: Tree, rows: _RowNumbers, where: str, skip: np.ndarray
) -> list[Problem]:
    """Values outside their indicator's scale (levels, or declared min and max).

    Every check is a lookup in a small per-indicator table: a value's position among all the framework's level
    values (one ``searchsorted``), then whether that level is one of its indicator's, and its indicator's bounds;
    the rows are read a chunk at a time.
    """
    by_levels = np.isin(tree.kind, ("binary", "ordinal"))
    check_levels = bool(by_levels.any() and max(len(levels) for levels in tree.levels))
    known_levels = np.unique(
        np.concatenate([np.asarray(tree.levels[n], dtype=np.float64) for n in np.flatnonzero(by_levels)] or [[]])
    )
    # allowed[i, k]: level k is one of indicator i's; the last column stands for "not a level of any indicator"
    allowed = np.zeros((len(tree.indicators), len(known_levels) + 1), dtype=bool)
    for n in np.flatnonzero(by_levels):
        allowed[n, np.searchsorted(known_levels, tree.levels[n])] = True
    allowed, width = allowed.ravel(), allowed.shape[1]
    padded = np.append(known_levels, np.nan)
    bounded = np.isin(tree.kind, ("numeric", "percentage"))
    lowest = np.where(bounded & ~np.isnan(tree.low), tree.low, -np.inf)
    highest = np.where(bounded & ~np.isnan(tree.high), tree.high, np.inf)
    infinite, off_level, outside = [], [], []
    for part in _chunks(len(value)):
        v, i = value[part], indicator[part]
        has_value = ~np.isnan(v) & ~skip[part]
        infinite.append(np.flatnonzero(has_value & ~np.isfinite(v)) + part.start)
        if check_levels:
            position = np.searchsorted(known_levels, v)  # NaN and values above every level: the last column
            on_level = (padded[position] == v) & allowed[i * width + position]
            off_level.append(np.flatnonzero(has_value & by_levels[i] & ~on_level) + part.start)
        beyond = has_value & ((v < lowest[i]) | (v > highest[i]))  # NaN compares False
        outside.append(np.flatnonzero(beyond) + part.start)
    empty = np.zeros(0, dtype=np.int64)
    problems = located(where, rows[np.concatenate(infinite or [empty])], "value", "value is not a finite number")
    off = np.concatenate(off_level or [empty])
    if len(off):
        levels = "|".join(f"{v:g}" for v in tree.levels[indicator[off[0]]])
        problems += located(where, rows[off], "value", f"value is not one of the indicator's levels (e.g. {levels})")
    problems += located(
        where,
        rows[np.concatenate(outside or [empty])],
        "value",
        "value is outside the indicator's declared min and max",
    )
    return problems


def _digest(
    answer_key: np.ndarray,
    countries: np.ndarray,
    coders: np.ndarray,
    years: np.ndarray,
    tree: Tree,
    value: np.ndarray,
    not_applicable: np.ndarray,
    adjudicated: np.ndarray | None,
) -> str:
    """SHA-256 over the answers as a multiset: row hashes summed, so row order does not matter.

    A row is its (country, year, indicator, coder) key (codes in sorted order of the texts, whose
    lists are hashed too), its value (unknown and not applicable as -inf and +inf) and its
    adjudicated flag. The sum (modulo 2^64) is taken a chunk of rows at a time.
    """
    sums = []
    for part in _chunks(len(answer_key)):
        flag = 0 if adjudicated is None else adjudicated[part].astype(np.int64)
        v = value[part]
        marked = np.where(not_applicable[part], np.inf, np.where(np.isnan(v), -np.inf, v))
        row_hashes = pd.util.hash_array(answer_key[part] * 2 + flag) ^ pd.util.hash_array(marked)
        sums.append(row_hashes.sum(dtype=np.uint64))
    total = np.array(sums, dtype=np.uint64).sum(dtype=np.uint64)  # modulo 2^64, as one sum of every row
    digest = hashlib.sha256()
    for names in (countries, coders, tree.indicators, years):
        digest.update("\n".join(map(str, names)).encode() + b"\0")
    digest.update(np.array([len(answer_key), total], dtype=np.uint64).tobytes())
    return digest.hexdigest()
