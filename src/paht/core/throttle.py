"""Rate limits kept in the database, so every app process sees the same count.

A limit is (bucket, how many, per how many seconds). Each (bucket, key) has one counter
row holding the current window's count and end; one ``INSERT … ON CONFLICT DO UPDATE …
RETURNING`` statement opens a new window when the last one has ended, or adds one to
it, and returns the new count. The cost is constant however many attempts a key makes
(a ``COUNT(*)`` over one row per attempt grew with the traffic), and the upsert is
atomic on PostgreSQL and SQLite, so concurrent requests cannot pass a limit.

``check_and_count`` refuses with TooManyRequests once the key has used up its window,
otherwise counts one more attempt; a refused attempt is not counted. A window opens
at a key's first attempt and lasts ``seconds``: after it, the key starts afresh.
"""

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
INSERT INTO core_ratecounter (bucket, key_hash, window_end, "count") VALUES (%s, %s, %s, 1)
ON CONFLICT (bucket, key_hash) DO UPDATE SET
  "count" = CASE WHEN core_ratecounter.window_end <= %s THEN 1
                 ELSE core_ratecounter."count" + 1 END,
  window_end = CASE WHEN core_ratecounter.window_end <= %s THEN excluded.window_end
                    ELSE core_ratecounter.window_end END
RETURNING "count", window_end
"""


def _add_one(digest: str, limit: Limit, now: int) -> tuple[int, int]:
    """Count one attempt in the key's current window (or a new one); return the count
    and the window's end."""
    with connection.cursor() as cursor:
        cursor.execute(_ADD_ONE, [limit.bucket, digest, now + limit.seconds * 1000, now, now])
        return tuple(cursor.fetchone())


def check_limits(key: str, *limits: Limit, message=None, at: datetime | None = None) -> None:
    """Refuse (TooManyRequests) if ``key`` reached any of ``limits``; count nothing."""
    now = _ms(at or timezone.now())
    rows = dict(
        (bucket, (count, end))
        for bucket, count, end in RateCounter.objects.filter(
            bucket__in=[lim.bucket for lim in limits], key_hash=_digest(key), window_end__gt=now
        ).values_list("bucket", "count", "window_end")
    )
    for limit in limits:
        count, end = rows.get(limit.bucket, (0, now))
        if count >= limit.count:
            raise TooManyRequests(message, retry_after=_retry_after(end, now))


def count_hit(key: str, *limits: Limit, at: datetime | None = None) -> None:
    """Count one attempt of ``key`` in each of ``limits``."""
    now = _ms(at or timezone.now())
    digest = _digest(key)
    for limit in limits:
        _add_one(digest, limit, now)


def check_and_count(key: str, *limits: Limit, message=None, at: datetime | None = None) -> None:
    """Refuse if ``key`` reached any of ``limits``; otherwise count this attempt in each.

    Counting first and refusing when the new count passes the limit makes check and
    count one atomic step; the savepoint takes a refused attempt's counts back.
    """
    now = _ms(at or timezone.now())
    digest = _digest(key)
    with transaction.atomic():
        for limit in limits:
            count, end = _add_one(digest, limit, now)
            if count > limit.count:
                raise TooManyRequests(message, retry_after=_retry_after(end, now))


def purge_hits(*, older_than: timedelta = timedelta(0), at: datetime | None = None) -> int:
    """Delete counters whose window ended ``older_than`` ago: a new attempt starts afresh."""
    now = at or timezone.now()
    deleted, _ = RateCounter.objects.filter(window_end__lt=_ms(now - older_than)).delete()
    return deleted
