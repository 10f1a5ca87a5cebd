"""`migrights backup` while experts write, then `migrights restore`: the public sees the same observatory.

Copying the SQLite file of a running server missed a whole release still in its write-ahead log;
the backup reads one consistent snapshot through the log instead. Real processes, real files: the
embedded SQLite database of a data folder, as a user has it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]
CLI = [sys.executable, "-c", "import sys; from migrights.cli import main; sys.argv[0] = 'migrights'; main()"]

PUBLIC = [
    "/api/v1/answers",
    "/api/v1/answers?country=PHL&year=2024",
    "/api/v1/answers?release=2026.1",
    "/api/v1/releases",
]

# a release is published; then, while an expert keeps saving drafts in another thread, the backup is taken
SOURCE = """
import json, sys, threading, time
from migrights.cli import setup
setup(None, quiet=True)
from django.test import Client
from migrights.assessments import workflow
from migrights.assessments.signals import release_published
from migrights.assessments.tests.builders import answer_all, build_cast
from migrights.lib.backup import backup_sqlite
from django.conf import settings
from pathlib import Path

# neither the downloads nor the scores are the point here (no page below shows them); computing the release's
# edition was more than half of the test's time
release_published.disconnect(dispatch_uid="work-downloads-on-release")
release_published.disconnect(dispatch_uid="scores-on-release")
cast = build_cast()
answer_all(cast.expert, cast.assessment)
workflow.submit(cast.expert, cast.assessment)
workflow.approve(cast.reviewer, cast.assessment)
workflow.create_release(cast.coordinator, "2026.1")
workflow.reopen(cast.coordinator, cast.assessment, "a new decree")
stop, saves = threading.Event(), []

def write():
    version = cast.assessment.answers.get(indicator__code="LAB.1.P2", coder=cast.expert).version
    while not stop.is_set():
        given = workflow.AnswerInput("LAB.1.P2", value=["None", "Full"][len(saves) % 2], comment=f"draft {len(saves)}")
        version = workflow.save_answer(cast.expert, cast.assessment, given, version).version
        saves.append(version)

writer = threading.Thread(target=write, daemon=True)
writer.start()
try:
    while len(saves) < 5 and writer.is_alive():
        time.sleep(0.01)
    backup_sqlite(Path(settings.DATABASES["default"]["NAME"]), Path(sys.argv[1]))
    during = len(saves)
    public = {page: Client().get(page).content.decode() for page in PAGES}
finally:
    stop.set()
    writer.join()
print(json.dumps({"public": public, "saves_during": during, "saves": len(saves)}))
"""

# `migrights` commands (argv[1], a JSON list of argument lists) run in order in one process on its data folder, each
# as from the command line: what is checked of them is their exit code and message, not a process of their own
COMMANDS = """
import json, os, sys
from typer.testing import CliRunner
from migrights.cli import app
ran = []
for args in json.loads(sys.argv[1]):
    done = CliRunner().invoke(app, [*args, "--data-dir", os.environ["MIGRIGHTS_DATA_DIR"]])
    ran.append({"code": done.exit_code, "output": done.output})
"""

READ = """
import json
from migrights.cli import setup
setup(None, quiet=True)
from django.test import Client
from migrights.assessments.models import Answer, AnswerRevision
answer = Answer.objects.get(indicator__code="LAB.1.P2", coder__username="amara")
revisions = sorted(AnswerRevision.objects.filter(answer=answer).values_list("version", flat=True))
public = {page: Client().get(page).content.decode() for page in PAGES}
ran = globals().get("ran", [])
print(json.dumps({"public": public, "version": answer.version, "revisions": revisions, "ran": ran}))
"""
PRINT_RAN = """
print(json.dumps({"ran": ran}))
"""


def python(code: str, data_dir: Path, *args: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"MIGRIGHTS_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    program = f"PAGES = {PUBLIC!r}\n{code}"
    done = subprocess.run(
        [sys.executable, "-c", program, *args], capture_output=True, text=True, timeout=300, env=env, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def cli(*args: str, data_dir: Path, ok: bool = True) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [*CLI, *args, "--data-dir", str(data_dir)], capture_output=True, text=True, timeout=600, env=env, cwd=ROOT
    )
    assert (done.returncode == 0) == ok, done.stderr[-3000:]
    return done


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3", reason="the embedded SQLite database"
)
# the data folder is a copy of the test database as set up, and pytest-django sets up only the databases that the
# session's tests mark: unmarked, the file run alone failed (no such table)
@pytest.mark.django_db
def test_a_backup_taken_during_writes_restores_the_same_public_observatory(tmp_path, loaded_data_folder):
    source, copy, backup = loaded_data_folder(tmp_path / "source"), tmp_path / "restored", tmp_path / "backup.sqlite3"
    taken = python(SOURCE, source, str(backup))
    assert taken["saves"] > taken["saves_during"] >= 5  # the writer went on during and after the backup
    assert json.loads(taken["public"]["/api/v1/answers"])["meta"]["release"] == "2026.1"

    cli("restore", str(backup), data_dir=copy)  # the command in a process of its own, then the observatory in another
    # restoring over it again is refused, then the observatory reads what the first restore wrote
    restored = python(COMMANDS + READ, copy, json.dumps([["restore", str(backup)]]))
    assert restored["public"] == taken["public"]  # the release is there, nothing else changed
    # one consistent moment: every saved version has its revision, none half-written
    assert restored["revisions"] == list(range(1, restored["version"] + 1))
    assert 6 <= restored["version"] <= taken["saves_during"] + 2  # drafts saved before and while it ran
    [refused] = restored["ran"]
    assert refused["code"] == 1, refused["output"]
    assert "a database is already at" in refused["output"] and "--force" in refused["output"]

    backups = python(
        COMMANDS + PRINT_RAN, source, json.dumps([["backup", str(backup)], ["backup", str(backup), "--force"]])
    )
    assert backups["ran"][0]["code"] == 1 and "exists" in backups["ran"][0]["output"]
    assert backups["ran"][1]["code"] == 0, backups["ran"][1]["output"]

    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("not a database")
    later = python(
        COMMANDS + READ,
        copy,
        json.dumps([["restore", str(backup), "--force"], ["restore", str(not_a_backup), "--force"]]),
    )
    assert later["ran"][0]["code"] == 0, later["ran"][0]["output"]
    assert later["ran"][1]["code"] == 1 and "is not a SQLite database" in later["ran"][1]["output"]
    # the later backup has the later drafts, and the refused restore after it changed nothing
    assert later["version"] > restored["version"]
