"""Load the engine's inputs from the database, run it, store the edition (the Django side of the engine)."""

from __future__ import annotations

from typing import Any

import pandas as pd
from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet

from migrights.assessments.models import Release, ReleasedValue
from migrights.assessments.workflow import latest_release
from migrights.framework.models import Framework
from migrights.framework.queries import commitment_answers, latest_framework, law_answers
from migrights.indexengine import Edition as EngineEdition
from migrights.indexengine import IndexSpec, answers_categorical, compute
from migrights.lib import generations
from migrights.lib.memo import Latest
from migrights.lib.paths import EMBEDDED_DATA_DIR
from migrights.reference.models import Country
from migrights.scores.models import Edition, pack

COMMITMENTS_LABEL = "commitments"
FRAMEWORK_CODE = "MRF"  # the observatory's framework: of its versions, only settings.FRAMEWORK_VERSION is public
OBSERVATORY_SPEC = EMBEDDED_DATA_DIR / "specs" / "observatory.yaml"
KEPT_LEVELS = ("dimension", "overall")  # kept even where unscored, so every country-year shows its gaps
ANSWER_COLUMNS = ("country", "year", "indicator", "coder", "value", "not_applicable")


def observatory_spec() -> IndexSpec:
    return IndexSpec.from_yaml(OBSERVATORY_SPEC)


def published_rows(scores: pd.DataFrame) -> pd.DataFrame:
    """Scores worth storing: every scored row, and the dimension and overall rows of every country-year."""
    kept = scores[scores["score"].notna() | scores["level"].isin(KEPT_LEVELS)].reset_index(drop=True)
    return kept.round(3)  # a thousandth of a point is finer than any score can be read


def released_answers(release: Release, framework: Framework) -> pd.DataFrame:
    """A release's values in the engine's answers table (one combined value per indicator: coder `release`)."""
    rows = ReleasedValue.objects.filter(release=release, framework=framework).values_list(
        "country__code", "year", "indicator", "status", "value"
    )
    return _answers_table(list(rows))


def _answers_table(rows: list[tuple[str, int, str, str, float | None]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["country", "year", "indicator", "status", "value"])
    frame["value"] = frame["value"].astype(float)
    frame["not_applicable"] = frame["status"] == "not-applicable"
    frame["coder"] = "release"
    return frame[list(ANSWER_COLUMNS)]


def region_groups() -> pd.DataFrame:
    rows = Country.objects.values_list("code", "region", "subregion")
    return pd.DataFrame(list(rows), columns=["country", "region", "subregion"])


def mapped_answers(release: Release, framework: Framework) -> pd.DataFrame:
    """A release's values of the predecessor version, under the codes of ``framework`` that keep their question
    (``maps_from`` same or reworded): series stay comparable across versions. Empty without a predecessor."""
    if framework.predecessor is None:
        return _answers_table([])
    renamed = {
        old: indicator.code
        for indicator in framework.definition().indicators
        if indicator.relation in ("same", "reworded")
        for old in indicator.predecessors
    }
    rows = ReleasedValue.objects.filter(
        release=release, framework=framework.predecessor, indicator__in=list(renamed)
    ).values_list("country__code", "year", "indicator", "status", "value")
    return _answers_table([(country, year, renamed[old], status, value) for country, year, old, status, value in rows])


def with_precedence(law: pd.DataFrame, expert: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Law-derived values give way to an expert's released answer for the same indicator-year (a value or "not
    applicable"); an expert's "unknown" leaves the dataset's value, and is itself dropped where that value stands."""
    keys = ["country", "year", "indicator"]
    answered = expert[expert["value"].notna() | expert["not_applicable"]][keys].drop_duplicates()
    kept = law.merge(answered, on=keys, how="left", indicator="_expert")
    kept = kept[kept["_expert"] == "left_only"].drop(columns="_expert")
    covered = kept[keys].drop_duplicates()
    unknown = expert[expert["value"].isna() & ~expert["not_applicable"]]
    unknown = unknown.merge(covered, on=keys, how="left", indicator=True)
    dropped = unknown[unknown["_merge"] == "both"][keys]
    expert = expert.merge(dropped.assign(_drop=True), on=keys, how="left")
    expert = expert[expert["_drop"].isna()].drop(columns="_drop")
    return kept.reset_index(drop=True), expert.reset_index(drop=True)


def engine_answers(
    framework: Framework, release: Release | None, values: list[ReleasedValue] | None = None
) -> pd.DataFrame:
    """The commitments plus a release's values (read from the database, or ``values`` not yet saved), plus, for a
    framework with ``law`` rules (MRF 1.1), the values derived from law datasets where no expert answered."""
    commitments = commitment_answers(framework)
    expert = None
    if values is not None:
        rows = [(v.country.code, v.year, v.indicator, v.status, v.value) for v in values if v.framework == framework]
        expert = _answers_table(rows)
    elif release is not None:
        expert = released_answers(release, framework)
        mapped = mapped_answers(release, framework)
        if not mapped.empty:  # the framework's own values first, then its predecessor's for the cells they lack
            keys = ["country", "year", "indicator"]
            fresh = mapped.merge(expert[keys].drop_duplicates(), on=keys, how="left", indicator=True)
            expert = pd.concat([expert, mapped[(fresh["_merge"] == "left_only").to_numpy()]], ignore_index=True)
    frames = [commitments]
    years = {country: sorted(set(group)) for country, group in commitments.groupby("country")["year"]}
    law = law_answers(framework, years)
    if not law.empty:
        law, expert = with_precedence(law, expert if expert is not None else _answers_table([]))
        frames.append(law[list(ANSWER_COLUMNS)])
    if expert is not None:
        frames.append(expert)
    answers = pd.concat(frames, ignore_index=True)
    answers["year"] = answers["year"].astype(int)
    return answers_categorical(answers)


@transaction.atomic
def store(result: EngineEdition, framework: Framework, release: Release | None, label: str) -> Edition:
    published = published_rows(result.scores)
    return Edition.objects.create(
        label=label,
        framework=framework,
        release=release,
        manifest=result.manifest(),
        spec_hash=result.spec_hash,
        inputs_hash=result.inputs_hash,
        scores_csv=pack(published),
        gaps_csv=pack(result.gaps),
        sensitivity=result.sensitivity.to_dict(orient="records"),
        rows=len(published),
    )


def compute_edition(
    release: Release | None = None,
    spec: IndexSpec | None = None,
    uncertainty: int | None = None,
    framework: Framework | None = None,
) -> Edition:
    """Compute and store an edition: the commitments of every country and year, plus a release's values."""
    framework = framework or latest_framework()
    if framework is None:
        raise ValueError("no framework is loaded")
    result = compute_result(framework, release, release.previous if release else None, spec, uncertainty)
    return store(result, framework, release, edition_label(framework, release))


def edition_label(framework: Framework, release: Release | None) -> str:
    """The release's version, else ``commitments``; an edition of a framework version the observatory does not
    publish says which (``commitments (MRF 1.1)``): it is computed beside the public one, never instead of it."""
    label = release.version if release else COMMITMENTS_LABEL
    return label if framework.version == settings.FRAMEWORK_VERSION else f"{label} ({framework})"


def compute_result(
    framework: Framework,
    release: Release | None,
    previous_release: Release | None,
    spec: IndexSpec | None = None,
    uncertainty: int | None = None,
    values: list[ReleasedValue] | None = None,
) -> EngineEdition:
    """Run the engine (nothing stored): ``values`` stand for a release about to be published."""
    previous = None
    if previous_release is not None:
        before = Edition.objects.filter(release=previous_release, framework=framework).first()
        previous = before.table() if before else None
    if uncertainty is None and settings.SCORES_UNCERTAINTY_DRAWS is not None:
        uncertainty = settings.SCORES_UNCERTAINTY_DRAWS
    return compute(
        engine_answers(framework, release, values),
        framework.definition().indicator_table(),
        spec or observatory_spec(),
        groups=region_groups(),
        previous=previous,
        uncertainty=uncertainty,
    )


def editions_of(framework_version: str | None = None) -> QuerySet[Edition]:
    """The editions of one MRF version, newest first: by default the one the observatory publishes
    (``settings.FRAMEWORK_VERSION``); an edition of another version is never read in its place."""
    # the blobs are read once, lazily; the framework goes with the edition (``edition_dict`` names it)
    editions = Edition.objects.select_related("release", "framework").defer("scores_csv", "gaps_csv")
    version = framework_version or settings.FRAMEWORK_VERSION
    return editions.exclude(Q(framework__code=FRAMEWORK_CODE) & ~Q(framework__version=version))


_CURRENT: Latest[Edition | None] = Latest()


def current_edition(release: str | None = None, framework_version: str | None = None) -> Edition | None:
    """``_current_edition``; the public one (no ``release`` named) looked up once per state of the releases and
    editions (``lib.generations``): every public page and API answer asks for it."""
    if release:
        return _current_edition(release, framework_version)
    version = framework_version or settings.FRAMEWORK_VERSION
    state = (version, generations.key("scores", "assessments", "framework"))
    return _CURRENT.get(state, lambda: _current_edition(None, version))


def _current_edition(release: str | None = None, framework_version: str | None = None) -> Edition | None:
    """The newest edition of a named release, else of the latest release that has one, else the commitments-only
    edition. A release's edition is stored after the release (computed on commit, or again at the next start
    after a crash): until then the previous release's edition stays public, so the public scores never fall
    back to the commitments alone. Only editions of the framework version the observatory publishes
    (``settings.FRAMEWORK_VERSION``) are public; ``framework_version`` reads another's (e.g. ``1.1``)."""
    editions = editions_of(framework_version)
    if release:
        return editions.filter(release__version=release).first()
    candidate = latest_release()
    while candidate is not None:
        found = editions.filter(release=candidate).first()
        if found is not None:
            return found
        candidate = candidate.previous
    return editions.filter(release__isnull=True).first()


def on_release(sender: Any, release: Release, **kwargs: Any) -> None:
    if Edition.objects.filter(release=release).exists():
        return  # published with its edition in one transaction (the workspace's publishing job)
    compute_edition(release)


def refresh_editions() -> int:
    """After the embedded data changed: recompute the commitments edition and the latest release's."""
    if latest_framework() is None:
        return 0
    rows = compute_edition().rows
    release = latest_release()
    if release is not None:
        rows += compute_edition(release).rows
    return rows
