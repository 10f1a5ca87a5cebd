"""A per-client request budget over fixed windows, counted in a Django cache (the API's rate limit).

A window is N seconds long; each client key may make ``allowed`` requests in it. ``cache.add`` then
``cache.incr`` count atomically in the local-memory cache (and in Redis or Memcached when a deployment shares one).
"""

from __future__ import annotations

from time import time as clock
from typing import Any

PERIODS = {"s": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}
OFF = ("", "0", "off", "none")


def parse_rate(rate: str | None) -> tuple[int, int] | None:
    """``"120/minute"`` → (120, 60): requests allowed per window of seconds; None, ``"0"`` or ``"off"``: no limit."""
    if rate is None or rate.strip().lower() in OFF:
        return None
    count, _, per = rate.partition("/")
    period = per.strip().lower()
    if not count.strip().isdigit() or int(count) < 1 or period not in PERIODS:
        raise ValueError(f"a rate is N/second, N/minute, N/hour or N/day (or off), not {rate!r}")
    return int(count), PERIODS[period]


def take(
    cache: Any, client: str, allowed: int, seconds: int, now: float | None = None, cost: int = 1
) -> tuple[bool, float]:
    """Count a request of ``client`` costing ``cost`` units; whether it is within the budget, and the seconds until
    the window ends."""
    now = clock() if now is None else now
    window = int(now // seconds)
    key = f"rate:{client}:{seconds}:{window}"
    cache.add(key, 0, timeout=seconds + 1)
    try:
        used = cache.incr(key, cost)
    except ValueError:  # it expired between the two calls
        cache.add(key, cost, timeout=seconds + 1)
        used = cost
    return used <= allowed, (window + 1) * seconds - now
