from datetime import timedelta

from django.utils import timezone

from paht.citizens.models import OneTimeCode
from paht.core.housekeeping import purge_expired
from paht.core.models import Hit, IdempotencyKey


def test_purge_deletes_only_what_no_window_needs(db):
    now = timezone.now()
    old, recent = now - timedelta(days=8), now - timedelta(hours=1)
    Hit.objects.create(bucket="submit_phone", key_hash="a", at=old)
    keep_hit = Hit.objects.create(bucket="submit_phone", key_hash="a", at=recent)
    IdempotencyKey.objects.create(scope="web", key="old", fingerprint="f", created_at=old)
    keep_key = IdempotencyKey.objects.create(scope="web", key="new", fingerprint="f")
    OneTimeCode.objects.create(
        phone_hash="p", code_hash="c", created_at=old, expires_at=old + timedelta(minutes=5)
    )

    counts = purge_expired(at=now)

    assert counts == {"hits": 1, "codes": 1, "idempotency_keys": 1}
    assert list(Hit.objects.all()) == [keep_hit]
    assert list(IdempotencyKey.objects.all()) == [keep_key]
    assert not OneTimeCode.objects.exists()
