"""Rate limits kept in the database, so every app process sees the same count.

A limit is (bucket, how many, per how many seconds). Each (bucket, key) has one counter
row holding the current window's count and end; one ``INSERT … ON CONFLICT DO UPDATE …
RETURNING`` statement opens a new window when the last one has ended, or adds one to
it, and returns the new count. The cost is constant however many attempts a key makes
(a ``COUNT(*)`` over one row per attempt grew with the traffic), and the upsert is
atomic on PostgreSQL and SQLite, so concurrent requests cannot pass a limit.

``check_and_count`` refuses with TooManyRequests once the key has used up its window,
otherwise counts one more attempt; a refused attempt is not counted.
``check_and_count_all`` does the same for several keys at once (a phone and an address),
still in one statement. A window opens at a key's first attempt and lasts ``seconds``:
after it, the key starts afresh. ``take_back`` uncounts an attempt that turned out not
to count (a sign-in that succeeded): counting first keeps concurrent attempts from all
passing a check made before any of them was counted.
"""

from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from .crypto import keyed_hash
from .errors import TooManyRequests
from .models import RateCounter


@dataclass(frozen=True)
class Limit:
    bucket: str
    count: int
    seconds: int


def _ms(when: datetime) -> int:
    return int(when.timestamp() * 1000)


def _retry_after(window_end: int, now: int) -> int:
    return max(1, (window_end - now) // 1000 + 1)


def _digest(key: str) -> str:
    return keyed_hash(f"throttle:{key}")


# Both sides of each CASE read the row as it was before this statement (standard SQL,
# PostgreSQL and SQLite alike), so the count and the window end change together.
_ADD_ONE = """
INSERT INTO core_ratecounter (bucket, key_hash, window_end, "count") VALUES {values}
ON CONFLICT (bucket, key_hash) DO UPDATE SET
  "count" = CASE WHEN core_ratecounter.window_end <= %s THEN 1
                 ELSE core_ratecounter."count" + 1 END,
  window_end = CASE WHEN core_ratecounter.window_end <= %s THEN excluded.window_end
                    ELSE core_ratecounter.window_end END
RETURNING bucket, key_hash, "count", window_end
"""
# Taking an attempt back: a window it opened is closed again, others count one less;
# only in the window it was counted in (without a transaction, a new one may have begun).
_TAKE_BACK = (
    'UPDATE core_ratecounter SET "count" = "count" - 1 '
    'WHERE bucket = %s AND key_hash = %s AND window_end = %s AND "count" > 0'
)
_CLOSE = (
    "DELETE FROM core_ratecounter "
    'WHERE bucket = %s AND key_hash = %s AND window_end = %s AND "count" = 1'
)


def _add_one(rows: list[tuple[str, str, Limit]], now: int) -> dict[tuple[str, str], tuple]:
    """Count one attempt in each (bucket, digest)'s current window (or a new one), in one
    statement; return each one's count and window end."""
    values = ", ".join(["(%s, %s, %s, 1)"] * len(rows))
    params = [p for bucket, digest, lim in rows for p in (bucket, digest, now + lim.seconds * 1000)]
    with connection.cursor() as cursor:
        cursor.execute(_ADD_ONE.format(values=values), [*params, now, now])
        return {(b, d): (count, end) for b, d, count, end in cursor.fetchall()}


@dataclass(frozen=True)
class Counted:
    """Where an attempt was counted: (bucket, key digest, window end) of each counter."""

    rows: tuple[tuple[str, str, int], ...]


def check_and_count(key: str, *limits: Limit, message=None, at: datetime | None = None) -> Counted:
    """Refuse if ``key`` reached any of ``limits``; otherwise count this attempt in each."""
    return check_and_count_all([(key, limit) for limit in limits], message=message, at=at)


def check_and_count_all(
    hits: list[tuple[str, Limit]], *, message=None, at: datetime | None = None
) -> Counted:
    """Refuse if any (key, limit) of ``hits`` is used up; otherwise count one attempt in each.

    Counting first and refusing when a new count passes its limit makes check and count
    one atomic step, in one statement; a refused attempt's counts are taken back.
    Rows are locked in one order, so concurrent callers cannot deadlock on them.
    """
    now = _ms(at or timezone.now())
    rows = sorted({(lim.bucket, _digest(key)): lim for key, lim in hits}.items())
    rows = [(bucket, digest, lim) for (bucket, digest), lim in rows]
    # One row needs no transaction of its own: a refused attempt's count is visible to
    # others until it is taken back, but they are over the limit then anyway.
    with nullcontext() if len(rows) == 1 else transaction.atomic(savepoint=False):
        counted = _add_one(rows, now)
        over = [
            counted[(bucket, digest)][1]
            for bucket, digest, lim in rows
            if counted[(bucket, digest)][0] > lim.count
        ]
        if over:
            with connection.cursor() as cursor:
                for bucket, digest, _lim in rows:
                    count, end = counted[(bucket, digest)]
                    cursor.execute(_CLOSE if count == 1 else _TAKE_BACK, [bucket, digest, end])
    if over:
        raise TooManyRequests(message, retry_after=_retry_after(max(over), now))
    return Counted(
        tuple((bucket, digest, counted[(bucket, digest)][1]) for bucket, digest, _ in rows)
    )


def take_back(counted: Counted) -> None:
    """Uncount an attempt counted by ``check_and_count_all`` (only in the windows it was
    counted in: one that has ended since is left alone)."""
    with connection.cursor() as cursor:
        for bucket, digest, end in counted.rows:
            # A window this attempt opened closes again; others count one less.
            cursor.execute(_CLOSE, [bucket, digest, end])
            if not cursor.rowcount:
                cursor.execute(_TAKE_BACK, [bucket, digest, end])


def purge_hits(*, older_than: timedelta = timedelta(0), at: datetime | None = None) -> int:
    """Delete counters whose window ended ``older_than`` ago: a new attempt starts afresh."""
    now = at or timezone.now()
    deleted, _ = RateCounter.objects.filter(window_end__lt=_ms(now - older_than)).delete()
    return deleted
