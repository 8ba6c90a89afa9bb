"""Fixed-window rate limits kept in the database, so every app process sees the same count.

A limit is (bucket, how many, per how many seconds). ``check_and_count`` refuses with
TooManyRequests once the key has used up its window, otherwise records one more hit.
Count and insert are two statements: requests arriving in the same instant on
PostgreSQL may pass a limit by one or two, which is fine for abuse limits. A refused
request's transaction rolls back, so only accepted attempts count.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from .crypto import keyed_hash
from .errors import TooManyRequests
from .models import Hit


@dataclass(frozen=True)
class Limit:
    bucket: str
    count: int
    seconds: int


def _retry_after(oldest: datetime, limit: Limit, now: datetime) -> int:
    return max(1, int((oldest + timedelta(seconds=limit.seconds) - now).total_seconds()) + 1)


def check_limits(key: str, *limits: Limit, message=None, at: datetime | None = None) -> None:
    """Refuse (TooManyRequests) if ``key`` reached any of ``limits``; count nothing."""
    now = at or timezone.now()
    digest = keyed_hash(f"throttle:{key}")
    for limit in limits:
        since = now - timedelta(seconds=limit.seconds)
        hits = Hit.objects.filter(bucket=limit.bucket, key_hash=digest, at__gt=since)
        if hits.count() >= limit.count:
            oldest = hits.order_by("at").values_list("at", flat=True).first() or now
            raise TooManyRequests(message, retry_after=_retry_after(oldest, limit, now))


def count_hit(key: str, *limits: Limit, at: datetime | None = None) -> None:
    """Count one attempt of ``key`` in each of ``limits``."""
    now = at or timezone.now()
    digest = keyed_hash(f"throttle:{key}")
    Hit.objects.bulk_create([Hit(bucket=lim.bucket, key_hash=digest, at=now) for lim in limits])


def check_and_count(key: str, *limits: Limit, message=None, at: datetime | None = None) -> None:
    """Refuse if ``key`` reached any of ``limits``; otherwise count this attempt in each."""
    now = at or timezone.now()
    check_limits(key, *limits, message=message, at=now)
    count_hit(key, *limits, at=now)


def purge_hits(*, older_than: timedelta = timedelta(days=2), at: datetime | None = None) -> int:
    """Delete hits no window can still need (the longest limit is one day)."""
    now = at or timezone.now()
    deleted, _ = Hit.objects.filter(at__lt=now - older_than).delete()
    return deleted
