"""SYNTHETIC panel generator for the index engine benchmarks. Never observatory data.

Everything here is invented: countries are coded ``X000``, ``X001``... (not ISO codes),
indicators ``SYN001``..., coders ``synthetic-1``...; values are random draws around a random
latent level per country. It exists only to time the engine at the sizes the issue names; it must
never be loaded into the observatory's database or releases.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from migrights.indexengine.framework import COLUMNS

DIMENSION_SHARES = (("commitment", 0.2), ("protection", 0.4), ("implementation", 0.4))
INDICATORS_PER_RIGHT = 5
RIGHTS_PER_CATEGORY = 6


def synthetic_framework(n_indicators: int, seed: int = 1) -> pd.DataFrame:
    """A framework of ``n_indicators``: half binary, 30 % ordinal 0-3, 10 % numeric, 10 % percentage."""
    rng = np.random.default_rng(seed)
    rows = []
    dimensions = np.repeat(
        [d for d, _ in DIMENSION_SHARES], [round(share * n_indicators) for _, share in DIMENSION_SHARES]
    )
    dimensions = np.resize(dimensions, n_indicators)
    for n in range(n_indicators):
        draw = rng.random()
        scales = ((0.5, "binary"), (0.8, "ordinal:0|1|2|3"), (0.9, "numeric"), (1.0, "percentage"))
        scale = next(name for bound, name in scales if draw < bound)
        right = n // INDICATORS_PER_RIGHT
        rows.append(
            {
                "indicator": f"SYN{n:03d}",
                "right": f"SYN-R{right:02d}" if n % 17 else None,  # a few indicators stand alone
                "category": f"SYN-C{right // RIGHTS_PER_CATEGORY:02d}",
                "dimension": dimensions[n],
                "scale": scale,
                "direction": "-" if rng.random() < 0.1 else "+",
                "weight": float(rng.integers(1, 4)),
                "min": 0.0 if scale == "percentage" else np.nan,
                "max": 100.0 if scale == "percentage" else np.nan,
            }
        )
    return pd.DataFrame(rows, columns=list(COLUMNS))


def synthetic_answers(
    framework: pd.DataFrame,
    n_countries: int = 200,
    n_years: int = 40,
    n_coders: int = 3,
    seed: int = 2,
    unknown_share: float = 0.03,
    not_applicable_share: float = 0.02,
) -> pd.DataFrame:
    """Every (country, year, indicator) answered by every coder; some answers unknown or not applicable."""
    rng = np.random.default_rng(seed)
    n_indicators = len(framework)
    n = n_countries * n_years * n_indicators * n_coders
    country = np.repeat(np.arange(n_countries, dtype=np.int32), n_years * n_indicators * n_coders)
    year = np.tile(np.repeat(np.arange(1985, 1985 + n_years), n_indicators * n_coders), n_countries)
    indicator = np.tile(np.repeat(np.arange(n_indicators, dtype=np.int32), n_coders), n_countries * n_years)
    coder = np.tile(np.arange(n_coders, dtype=np.int32), n // n_coders)
    latent = rng.random(n_countries)[country] + 0.02 * (year - 1985) / max(n_years, 1)
    noisy = np.clip(latent + rng.normal(0, 0.25, n), 0, 1.5) / 1.5
    kind = framework["scale"].str.partition(":")[0].to_numpy()[indicator]
    value = np.where(
        kind == "binary",
        (noisy > 0.5).astype(float),
        np.where(kind == "ordinal", np.round(noisy * 3), np.where(kind == "percentage", noisy * 100, noisy * 1000)),
    )
    draw = rng.random(n)
    not_applicable = draw < not_applicable_share
    value[(draw < not_applicable_share + unknown_share)] = np.nan
    codes = framework["indicator"].to_numpy(dtype=object)
    return pd.DataFrame(
        {
            "country": pd.Categorical.from_codes(country, [f"X{c:03d}" for c in range(n_countries)]).astype(str),
            "year": year.astype(np.int64),
            "indicator": pd.Categorical.from_codes(indicator, codes).astype(str),
            "coder": pd.Categorical.from_codes(coder, [f"synthetic-{c + 1}" for c in range(n_coders)]).astype(str),
            "value": value,
            "not_applicable": not_applicable,
        }
    )
