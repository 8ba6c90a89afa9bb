"""Deleting short-lived records once nothing can need them (run by the worker's sweep)."""

from datetime import datetime, timedelta

from django.utils import timezone

from .models import IdempotencyKey
from .throttle import purge_hits

# A client retries within minutes; a week covers a phone that was offline for days.
IDEMPOTENCY_KEEP = timedelta(days=7)


def purge_expired(*, at: datetime | None = None) -> dict[str, int]:
    from paht.citizens.otp import code_purge

    now = at or timezone.now()
    keys, _ = IdempotencyKey.objects.filter(created_at__lt=now - IDEMPOTENCY_KEEP).delete()
    return {"hits": purge_hits(at=now), "codes": code_purge(at=now), "idempotency_keys": keys}
