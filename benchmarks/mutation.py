"""Mutation testing (mutmut 3) of the modules that carry the observatory's promises, module by module.

Usage: ``scripts/mutation [TARGET ...] [--children N] [--only PATTERN ...] [--keep]``; no TARGET lists them.

Each target mutates one source file (or some of its functions) and runs only the tests that guard it, without
the browser tests. A target runs in its own copy of the files git holds, committed or staged (``git add`` new
tests first; unstaged edits are left out), in ``.mutation/TARGET/`` (ignored by git), so mutmut's ``mutants/``
folder and its configuration never touch the repository; the copy is made afresh unless ``--keep`` (mutmut
then resumes where it stopped). The embedded data is loaded once per target
(``benchmarks/mutation_db.py``). Prints killed/total and every surviving mutant with its diff; exits 0.
Not part of ``scripts/test``: a target takes minutes, the whole list most of an hour on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".mutation"


@dataclass(frozen=True)
class Target:
    module: str  # the file to mutate
    tests: tuple[str, ...]  # the tests that guard it
    functions: tuple[str, ...] = ()  # only these functions (mutmut's x_NAME / xǁClassǁNAME), all when empty
    what: str = ""


TARGETS: dict[str, Target] = {
    "status": Target(
        "migrights/lib/status.py",
        ("migrights/lib/tests/test_status.py", "migrights/framework/tests/test_commitments.py"),
        what="status on a date",
    ),
    "commitments": Target(
        "migrights/framework/commitments.py",
        (
            "migrights/framework/tests/test_commitment_rules.py",
            "migrights/framework/tests/test_commitments.py",
            "migrights/publication/tests/test_measures.py",
        ),
        what="commitment indicators derived from treaty actions and memberships",
    ),
    "missing": Target(
        "migrights/indexengine/missing.py",
        ("migrights/indexengine/tests/test_missing.py", "migrights/indexengine/tests/test_uncertainty.py"),
        what="missing-data rules",
    ),
    "coverage": Target(
        "migrights/indexengine/engine.py",
        ("migrights/indexengine/tests/test_missing.py", "migrights/indexengine/tests/test_compute.py"),
        functions=("_coverage", "flags", "applicable_share"),
        what="coverage and its threshold",
    ),
    "aggregate": Target(
        "migrights/indexengine/aggregate.py",
        ("migrights/indexengine/tests/test_aggregate.py", "migrights/indexengine/tests/test_missing.py"),
        what="means that aggregate, missing children leaving the denominator",
    ),
    "workflow": Target(
        "migrights/assessments/workflow.py",
        ("migrights/assessments/tests/test_workflow.py", "migrights/work/tests/test_permissions.py"),
        functions=(
            "roles_of",
            "has_role",
            "require_role",
            "assign",
            "is_assigned",
            "expert_refusal",
            "reviewer_refusal",
            "check_expert",
            "check_editable",
            "_check_own_editable",
            "latest_release",
            "_version_key",
            "approved_assessments",
            "create_release",
            "visible_assessments",
        ),
        what="workflow permissions, the release of approved values only",
    ),
    "work-views": Target(
        "migrights/work/views/common.py",
        ("migrights/work/tests/test_permissions.py", "migrights/work/tests/test_refusal_page.py"),
        functions=("reachable_assessment", "refuse", "signed_in_user", "forbidden"),
        what="the work views' reach (404) and refusals (403)",
    ),
    "work-expert": Target(
        "migrights/work/views/expert.py",
        ("migrights/work/tests/test_permissions.py",),
        functions=("codable_assessment",),
        what="the expert screens' permission check",
    ),
    "work-review": Target(
        "migrights/work/views/review.py",
        ("migrights/work/tests/test_permissions.py", "migrights/work/tests/test_review.py"),
        functions=("_reviewable",),
        what="the review screens' permission check",
    ),
    "work-coordination": Target(
        "migrights/work/views/coordination.py",
        (
            "migrights/work/tests/test_permissions.py",
            "migrights/work/tests/test_coordination.py",
            "migrights/work/tests/test_refusal_page.py",
        ),
        functions=("_coordinator",),
        what="the coordination screens' permission check",
    ),
    "readable": Target(
        "migrights/assessments/queries.py",
        ("migrights/work/tests/test_permissions.py", "migrights/work/tests/test_query_budget.py"),
        functions=("readable_assessments",),
        what="which assessments a signed-in person may read",
    ),
    "public": Target(
        "migrights/assessments/public.py",
        ("migrights/assessments/tests/test_public.py", "migrights/assessments/tests/test_public_exports.py"),
        what="the public release filter",
    ),
    "editions": Target(
        "migrights/scores/editions.py",
        (
            "migrights/scores/tests/test_current_edition.py",
            "migrights/scores/tests/test_edition_inputs.py",
            # test_scores.py but its subprocess test, whose copied database lacks the migrations (--no-migrations)
            *(
                f"migrights/scores/tests/test_scores.py::test_{name}"
                for name in (
                    "commitment_scores_are_real_and_longitudinal_from_the_first_start",
                    "a_release_gets_its_own_edition_and_replays_identically",
                    "methodology_page_is_generated_from_the_spec",
                    "country_page_shows_scores",
                    "derived_values_are_built_once_and_only_recent_editions_are_kept",
                )
            ),
        ),
        functions=("released_answers", "engine_answers", "current_edition"),
        what="the draft boundary of the published scores: released values only, the release's own edition",
    ),
    "importing": Target(
        "migrights/reference/importing.py",
        (
            "migrights/reference/tests/test_csv_import.py",
            "migrights/reference/tests/test_publisher_import.py",
            "migrights/reference/tests/test_import_reports.py",
            "migrights/reference/tests/test_refused_files.py",
        ),
        functions=("load_rows", "import_csv", "import_publisher"),
        what="atomic imports: what a failed or dry run leaves",
    ),
    "loading": Target(
        "migrights/reference/loading.py",
        (
            "migrights/reference/tests/test_csv_import.py",
            "migrights/reference/tests/test_publisher_import.py",
            "migrights/reference/tests/test_import_reports.py",
            "migrights/reference/tests/test_refused_files.py",
        ),
        functions=("load_in_transaction", "apply", "record_run"),
        what="the one transaction of every import, and its record",
    ),
}


def mutant_patterns(target: Target) -> list[str]:
    dotted = target.module.removesuffix(".py").replace("/", ".")
    return [
        f"{dotted}.x{name}__mutmut_*" if "ǁ" in name else f"{dotted}.x_{name}__mutmut_*" for name in target.functions
    ]


def prepare(name: str, target: Target, keep: bool) -> Path:
    folder = WORK / name
    if folder.exists() and not keep:
        shutil.rmtree(folder)
    if not folder.exists():
        # what git holds (committed or staged), never unstaged edits: add new tests with `git add` first
        subprocess.run(["git", "checkout-index", "--all", f"--prefix={folder}/"], cwd=ROOT, check=True)
    config = {
        "source_paths": ["migrights"],
        "only_mutate": [target.module],
        "also_copy": ["conftest.py", "benchmarks"],
        "pytest_add_cli_args": [
            "-p",
            "no:cacheprovider",
            "-p",
            "benchmarks.mutation_db",
            "-m",
            "not browser",
            "--no-migrations",
        ],
        "pytest_add_cli_args_test_selection": list(target.tests),
        "timeout_constant": 10.0,
        "use_git_change_detection": False,
    }
    pyproject = (ROOT / "pyproject.toml").read_text()
    (folder / "pyproject.toml").write_text(
        pyproject + "\n[tool.mutmut]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in config.items())
    )
    return folder


def results(folder: Path, target: Target) -> dict[str, str]:
    import fnmatch

    from mutmut.stats import status_by_exit_code

    meta = json.loads((folder / "mutants" / (target.module + ".meta")).read_text())
    patterns = mutant_patterns(target)
    return {
        key: status_by_exit_code[code]
        for key, code in meta["exit_code_by_key"].items()
        if not patterns or any(fnmatch.fnmatch(key, p) for p in patterns)
    }


def run(name: str, target: Target, children: int, only: list[str], keep: bool, report: bool) -> dict[str, str]:
    folder = WORK / name if report else prepare(name, target, keep)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "DATABASE_URL")}
    env["MIGRIGHTS_DATA_DIR"] = str(folder / ".data")
    env["MIGRIGHTS_MUTATION_SNAPSHOT"] = str(folder / "embedded.sqlite3")
    env["MIGRIGHTS_SCORE_DRAWS"] = "0"
    # the publishers' raw files beside the repository, which the copy in .mutation/TARGET/ is not
    env.setdefault("MIGRIGHTS_SHARED_DATA", str(ROOT.parent / "shared" / "data"))
    mutmut = Path(sys.executable).parent / "mutmut"
    started = time.perf_counter()
    log = folder / "mutmut.log"
    if not report:
        with log.open("w") as out:
            subprocess.run(
                [str(mutmut), "run", "--max-children", str(children), *(only or mutant_patterns(target))],
                cwd=folder,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                check=False,
            )
    seconds = time.perf_counter() - started
    statuses = results(folder, target)
    if only:
        import fnmatch

        statuses = {k: v for k, v in statuses.items() if any(fnmatch.fnmatch(k, p) for p in only)}
    killed = sum(1 for s in statuses.values() if s in ("killed", "timeout"))
    share = 100 * killed / max(len(statuses), 1)
    print(f"== {name}: {target.module} ({target.what}): {killed}/{len(statuses)} killed ({share:.1f} %)", end="")
    print("" if report else f" in {seconds:.0f} s; log {log.relative_to(ROOT)}", flush=True)
    for key, status in sorted(statuses.items()):
        if status in ("killed", "timeout"):
            continue
        print(f"-- {status}: {key}")
        shown = subprocess.run([str(mutmut), "show", key], cwd=folder, env=env, capture_output=True, text=True)
        diff = [line for line in shown.stdout.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")]
        print("\n".join("   " + line for line in diff), flush=True)
    return statuses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("targets", nargs="*", metavar="TARGET", help=f"one or more of: {', '.join(TARGETS)}")
    parser.add_argument("--children", type=int, default=2, help="mutants tested at once (default 2)")
    parser.add_argument("--only", nargs="+", default=[], help="mutant names or patterns (mutmut's) to test again")
    parser.add_argument("--keep", action="store_true", help="reuse the target's copy and mutmut's results")
    parser.add_argument("--report", action="store_true", help="only print the results of the last run")
    args = parser.parse_args()
    unknown = [t for t in args.targets if t not in TARGETS]
    if unknown:
        parser.error(f"unknown target {', '.join(unknown)}; known: {', '.join(TARGETS)}")
    if not args.targets:
        for name, target in TARGETS.items():
            functions = f" ({', '.join(target.functions)})" if target.functions else ""
            print(f"{name:12} {target.module}{functions}: {target.what}")
        return
    for name in args.targets:
        run(name, TARGETS[name], args.children, args.only, args.keep, args.report)


if __name__ == "__main__":
    main()
