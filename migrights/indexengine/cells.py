"""Text cells no spreadsheet runs as a formula: the engine writes its own CSV files with them, and the observatory's
tables (``migrights.lib.tables``) take them from here."""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = frozenset("=@+-\t\r")


def quoted(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula once its leading quotes are stripped.

    A lone ``+`` or ``-`` (an indicator's direction, a closed vocabulary) has nothing to compute and is kept.
    """
    bare = text.lstrip("'")
    return len(bare) > 1 and bare[0] in FORMULA_STARTS


def neutralise(text: str) -> str:
    """``text`` as a CSV cell no spreadsheet runs: ``'`` in front when it starts like a formula.

    Text already starting with quotes before such a character gets one more, so ``restore`` gives back exactly
    what was written: ``=1+2`` → ``'=1+2``, ``'=1+2`` → ``''=1+2``, ``-5`` → ``'-5``; ``'s`` and ``-`` unchanged.
    """
    return "'" + text if quoted(text) else text


def restore(text: str) -> str:
    """The text ``neutralise`` was given (the observatory reading its own CSV back)."""
    return text[1:] if text.startswith("'") and quoted(text) else text


def neutralised_frame(frame: Any) -> Any:
    """A copy of a pandas DataFrame for ``to_csv`` whose text columns are neutralised (numbers stay numbers)."""
    out = frame.copy()
    for name in out.select_dtypes(include=["object", "string"]).columns:
        out[name] = out[name].map(lambda value: neutralise(value) if isinstance(value, str) else value)
    return out
