"""``migrights compute`` without file arguments: recompute the observatory's index from its database.

Kept free of Django imports at module level: the engine's command line imports it before Django
is set up.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def compute_in_database(
    spec: Any = None,
    uncertainty: int | None = None,
    seed: int | None = None,
    output: Path | None = None,
    framework_version: str | None = None,
) -> None:
    """Recompute the current edition (latest release, else commitments) and store it; optionally write SCORES.csv.

    With ``framework_version`` (e.g. ``1.1``) the edition is computed on that loaded MRF version: the latest
    release's values (its own, and its predecessor's under the codes that keep their question) and the values
    derived from treaty and law data, stored beside the public edition (``commitments (MRF 1.1)``)."""
    from migrights.lib.commandline import console, fail, setup

    setup(None)
    from dataclasses import replace

    from migrights.assessments.workflow import latest_release
    from migrights.indexengine import IndexSpec
    from migrights.lib.tables import neutralised_frame
    from migrights.scores.editions import compute_edition, observatory_spec

    if spec is None or spec == IndexSpec():
        spec = observatory_spec()  # the database is scored with the observatory's own spec by default
    if seed is not None:
        spec = replace(spec, uncertainty=replace(spec.uncertainty, seed=seed))
    framework = None
    if framework_version is not None:
        from migrights.framework.queries import framework_version as loaded_version
        from migrights.framework.queries import unknown_version_message

        framework = loaded_version(framework_version)
        if framework is None:
            raise fail(f"{unknown_version_message(framework_version)}; load it: `migrights framework load`")
    edition = compute_edition(latest_release(), spec, uncertainty, framework=framework)
    console.print(f"computed edition {edition.label}: {edition.rows:,} scores stored (spec {edition.spec_hash[:19]})")
    if output is not None:
        # as computed: flagged scores included (operators)
        neutralised_frame(edition.stored_table()).to_csv(output, index=False)
        console.print(f"wrote {output}")
