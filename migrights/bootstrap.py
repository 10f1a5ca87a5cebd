"""First start: create the database and load the embedded data, by the same loaders users run."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from migrights.lib.paths import EMBEDDED_DATA_DIR

Progress = Callable[[str, int, int], None]  # (step description, step number, number of steps)

EMBEDDED_KIND = "embedded-data"
# (kind, file under data/law/, dataset): the derived files of `migrights import globalcit` / `import bla`
LAW_FILES = (("law-values", "globalcit-v3.1.csv", "globalcit"), ("agreements", "bla-chilton-woda-2022.csv", "bla"))
# (file under data/documents/, dataset): the derived files of `migrights import upr` / `import general-comments`
DOCUMENT_FILES = (("upr-info-2008-2014.csv", "upr-info"), ("general-comments-2024.csv", "general-comments"))


def embedded_fingerprint(data_dir: Path = EMBEDDED_DATA_DIR) -> str:
    """A checksum of every embedded data file: a new release of the data reloads it."""
    digest = hashlib.sha256()
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file() and p.suffix in (".yaml", ".csv", ".json")):
        digest.update(str(path.relative_to(data_dir)).encode())
        digest.update(path.read_bytes())
    return "sha256:" + digest.hexdigest()


def needs_migration() -> bool:
    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def embedded_is_current() -> bool:
    from migrights.reference.models import ImportRun

    last = ImportRun.objects.filter(kind=EMBEDDED_KIND, outcome=ImportRun.Outcome.LOADED).first()
    return last is not None and last.checksum == embedded_fingerprint()


def load_embedded(progress: Progress | None = None, data_dir: Path = EMBEDDED_DATA_DIR) -> dict[str, int]:
    """Load every embedded file in dependency order, in one transaction."""
    from migrights.framework.loading import load_embedded_frameworks
    from migrights.governance.loading import load_bodies
    from migrights.reference.countries import load_countries
    from migrights.reference.embedded import load_instruments, load_organisations, load_provisions
    from migrights.reference.importing import import_csv, import_lock, load_sources
    from migrights.reference.models import ImportRun
    from migrights.scores.editions import refresh_editions

    csv_files = [("treaty-actions", p) for p in sorted((data_dir / "treaty_actions").glob("*.csv"))]
    steps: list[tuple[str, Callable[[], int]]] = [
        ("sources", lambda: load_sources(sorted((data_dir / "sources").glob("*.yaml")))),
        ("countries", load_countries),
        ("organisations", lambda: load_organisations(data_dir / "organisations.yaml")),
        ("governance bodies", lambda: load_bodies(data_dir / "bodies.yaml")),
        ("instruments", lambda: load_instruments(data_dir / "instruments.yaml")),
        ("provisions", lambda: sum(load_provisions(p) for p in sorted((data_dir / "provisions").glob("*.yaml")))),
        # the embedded data is curated and tested: a new version may remove what it no longer holds
        *[
            (f"treaty actions: {p.name}", lambda p=p, k=k: import_csv(k, p, allow_removals=True).rows_read)
            for k, p in csv_files
        ],
        *[
            (kind, lambda kind=kind: import_csv(kind, data_dir / f"{kind}.csv", allow_removals=True).rows_read)
            for kind in ("memberships", "milestones", "votes")
        ],
        # rights in law from published datasets: the compact files the law importers derive (issue 13)
        *[
            (
                f"law: {name}",
                lambda kind=kind, name=name, dataset=dataset: (
                    import_csv(kind, data_dir / "law" / name, dataset=dataset, allow_removals=True).rows_read
                ),
            )
            for kind, name, dataset in LAW_FILES
            if (data_dir / "law" / name).exists()
        ],
        # the documents library: UPR recommendations and General Comment paragraphs (issue 15), each file with
        # its own licence (the treaty-body corpus is CC BY-NC-SA 4.0)
        *[
            (
                f"documents: {name}",
                lambda name=name, dataset=dataset: (
                    import_csv(
                        "passages", data_dir / "documents" / name, dataset=dataset, allow_removals=True
                    ).rows_read
                ),
            )
            for name, dataset in DOCUMENT_FILES
            if (data_dir / "documents" / name).exists()
        ],
        ("frameworks", lambda: len(load_embedded_frameworks())),
        ("index scores", refresh_editions),
    ]
    counts: dict[str, int] = {}
    started = timezone.now()
    # one loader at a time: a second process starting at the same moment waits, then finds nothing to do
    with import_lock(str(data_dir), wait=True), transaction.atomic():
        for number, (name, step) in enumerate(steps, start=1):
            if progress:
                progress(name, number, len(steps))
            counts[name] = step()
        ImportRun.objects.create(
            kind=EMBEDDED_KIND,
            dataset="embedded",
            file_name=str(data_dir.name),
            checksum=embedded_fingerprint(data_dir),
            started=started,
            finished=timezone.now(),
            outcome=ImportRun.Outcome.LOADED,
            rows_read=sum(counts.values()),
        )
    return counts


def ensure_ready(progress: Progress | None = None) -> bool:
    """Migrate and load the embedded data when missing or changed; return whether anything was done."""
    did = False
    if needs_migration():
        call_command("migrate", interactive=False, verbosity=0)
        did = True
    if not embedded_is_current():
        load_embedded(progress)
        did = True
    return did


def collect_static() -> bool:
    """Collect the hashed, compressed static files when their sources changed; True when it collected."""
    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finders

    digest = hashlib.sha256()
    for finder in get_finders():
        for path, storage in sorted(finder.list([]), key=lambda item: item[0]):
            digest.update(path.encode())
            with storage.open(path) as handle:
                digest.update(handle.read())
    stamp = Path(settings.STATIC_ROOT) / ".sources-sha256"
    if stamp.exists() and stamp.read_text() == digest.hexdigest():
        return False
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(digest.hexdigest())
    return True
