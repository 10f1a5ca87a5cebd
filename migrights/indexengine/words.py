"""The index's own words: its dimensions, the gaps between them and the framework table it reads.

Defined here, with the engine that computes them, so that the engine imports nothing of the observatory; the rest
of the observatory takes them through ``migrights.lib.vocabulary``, which names them for the pages.
"""

from __future__ import annotations

DIMENSIONS = ("commitment", "protection", "implementation")
OVERALL = "overall"
# (name, first dimension, second dimension): the gap is the first dimension's score minus the second's
GAPS = (
    ("commitment-protection", "commitment", "protection"),
    ("protection-implementation", "protection", "implementation"),
)

# the framework table the engine reads: one row per indicator (the framework app writes it, the engine checks it)
FRAMEWORK_COLUMNS = (
    "indicator",
    "right",
    "category",
    "dimension",
    "scale",
    "direction",
    "weight",
    "min",
    "max",
    "right_weight",
    "category_weight",
)
