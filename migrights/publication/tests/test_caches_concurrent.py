"""The values kept per process are safe under a threaded server (issue 16, item 4).

Right after a start, an import or midnight, the treaty cache used to be cleared and refilled in place: a
request running beside the one rebuilding it read a half-filled dict (``KeyError: 'data'``, a 500 on /compare/).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest

from migrights.framework import queries as framework_queries
from migrights.framework.commitments import CommitmentData
from migrights.lib.memo import Latest, Once
from migrights.publication import measures

THREADS = 16


def run_together(function: Callable[[], Any], threads: int = THREADS) -> tuple[list[Any], list[BaseException]]:
    """Call ``function`` from many threads released at the same instant; their results and errors."""
    barrier = threading.Barrier(threads)
    results: list[Any] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def one() -> None:
        barrier.wait()
        try:
            value = function()
        except BaseException as error:  # the test reports every failure
            with lock:
                errors.append(error)
        else:
            with lock:
                results.append(value)

    workers = [threading.Thread(target=one) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return results, errors


@pytest.fixture
def slow_treaty_data(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The treaty data and its counts made slow to build, with a data key the test changes (an import, midnight)."""
    state: dict[str, Any] = {"key": ("start",), "data builds": 0, "count builds": 0}
    lock = threading.Lock()

    def slow_data() -> CommitmentData:
        with lock:
            state["data builds"] += 1
        time.sleep(0.05)
        return CommitmentData(acts={}, memberships={}, years={"PHL": range(2000, 2002)})

    def slow_counts(data: CommitmentData, today: Any = None) -> pd.DataFrame:
        with lock:
            state["count builds"] += 1
        time.sleep(0.05)
        return pd.DataFrame({"country": ["PHL"], "year": [2000], "value": [0], "rank": [1.0]})

    monkeypatch.setattr(framework_queries, "commitment_data_key", lambda: state["key"])
    monkeypatch.setattr(framework_queries, "commitment_data", slow_data)
    monkeypatch.setattr(measures, "treaty_counts", slow_counts)
    return state


@pytest.mark.parametrize("rounds", [3])
def test_requests_after_an_invalidation_never_see_a_half_built_treaty_cache(slow_treaty_data, rounds):
    for round_ in range(rounds):
        slow_treaty_data["key"] = ("after import", round_)  # the data changed: the next requests rebuild
        data, errors = run_together(framework_queries.commitment_data_cached)
        assert errors == []
        assert len(data) == THREADS and all(d is data[0] for d in data)  # one value, shared
        frames, errors = run_together(measures._treaty_frame)
        assert errors == []
        assert all(f is frames[0] for f in frames) and list(frames[0]["country"]) == ["PHL"]
        assert {"low", "high", "coverage", "rank_low", "rank_high", "flagged"} <= set(frames[0].columns)
    # built once per change, not once per waiting request
    assert slow_treaty_data["data builds"] == rounds
    assert slow_treaty_data["count builds"] == rounds


def test_the_counts_follow_a_change_of_data_made_while_they_were_kept(slow_treaty_data):
    slow_treaty_data["key"] = ("one",)
    first = measures._treaty_frame()
    assert measures._treaty_frame() is first
    slow_treaty_data["key"] = ("two",)  # midnight, or an import
    assert measures._treaty_frame() is not first
    assert slow_treaty_data["data builds"] == 2


def test_latest_builds_once_per_key_and_a_failed_build_publishes_nothing():
    kept: Latest[list[int]] = Latest()
    builds = []

    def build() -> list[int]:
        builds.append(1)
        time.sleep(0.02)
        return [len(builds)]

    values, errors = run_together(lambda: kept.get("a", build))
    assert errors == [] and len(builds) == 1 and all(v is values[0] for v in values)

    def broken() -> list[int]:
        raise RuntimeError("source unreadable")

    with pytest.raises(RuntimeError):
        kept.get("b", broken)
    assert kept.get("b", build) == [2]  # nothing half made was kept: the next request builds it


def test_once_builds_each_key_once_and_lets_one_build_use_another():
    kept: Once[int] = Once()
    builds: list[str] = []

    def build(key: str) -> Callable[[], int]:
        def make() -> int:
            builds.append(key)
            time.sleep(0.02)
            return kept.get("base", build("base")) + 1 if key == "derived" else 1

        return make

    values, errors = run_together(lambda: kept.get("derived", build("derived")))
    assert errors == [] and values == [2] * THREADS
    assert sorted(builds) == ["base", "derived"]


def test_an_editions_derived_table_is_built_once_however_many_requests_ask_at_once():
    import datetime as dt

    from migrights.scores.models import Edition

    edition = Edition(pk=-16, created=dt.datetime(2026, 12, 3, tzinfo=dt.UTC))  # never stored: the key only
    builds = []

    def read() -> pd.DataFrame:
        builds.append(1)
        time.sleep(0.05)  # reading a 460,000-row table
        return pd.DataFrame({"score": [1.0]})

    tables, errors = run_together(lambda: edition.derived(("table", "test"), read))
    assert errors == [] and len(builds) == 1 and all(t is tables[0] for t in tables)
