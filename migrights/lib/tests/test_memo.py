from __future__ import annotations

from types import SimpleNamespace

from migrights.lib.memo import one_copy_each, share_related


def test_rows_share_one_instance_of_each_related_row():
    sources = {1: SimpleNamespace(key="a"), 2: SimpleNamespace(key="b")}
    rows = share_related(
        (SimpleNamespace(source_id=i) for i in (1, 2, 1, None)),
        source=sources,
    )
    assert [r.source.key if r.source else None for r in rows] == ["a", "b", "a", None]
    assert rows[0].source is rows[2].source is sources[1]  # one instance, not a copy per row


def test_one_copy_each_keeps_order_and_shares_equal_values() -> None:
    first, second = "".join(["P", "HL"]), "".join(["PH", "L"])  # equal, two objects
    shared = one_copy_each([first, "FRA", second])
    assert shared == ["PHL", "FRA", "PHL"] and shared[0] is shared[2] is first
