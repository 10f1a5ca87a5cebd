"""What every app's command line shares: the console, the options, a one-line failure, and the set-up.

The apps' commands (``framework``, ``assessments``, ``scores``...) import these from here, never from
``migrights.cli``, which imports them to wire their commands (no cycle). Preparing the database needs the
whole observatory (``migrights.bootstrap``), so ``migrights.cli`` registers that step with ``on_setup``.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

console = Console(stderr=True, soft_wrap=True)

DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data-dir", help="Folder for the database and kept raw files (or MIGRIGHTS_DATA_DIR).", show_default=False
    ),
]
ExistingFile = Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)]


class Format(StrEnum):
    csv = "csv"
    json = "json"


def fail(message: str) -> typer.Exit:
    console.print(f"[red]error:[/red] {message}", highlight=False)
    return typer.Exit(code=1)


_prepare: Callable[[Path | None, bool], None] | None = None


def on_setup(prepare: Callable[[Path | None, bool], None]) -> None:
    """Register how the database is prepared (``migrights.cli`` does, on import)."""
    global _prepare
    _prepare = prepare


def setup(data_dir: Path | None, quiet: bool = False) -> None:
    """Point Django at the data folder, then migrate and load the embedded data on first use."""
    if _prepare is None:
        raise RuntimeError("import migrights.cli first: it registers how the database is prepared")
    _prepare(data_dir, quiet)
