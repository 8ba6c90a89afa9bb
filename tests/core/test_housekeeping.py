from datetime import timedelta

from django.utils import timezone

from paht.citizens.models import OneTimeCode
from paht.core.housekeeping import purge_expired
from paht.core.models import IdempotencyKey, RateCounter


def test_purge_deletes_only_what_no_window_needs(db):
    now = timezone.now()
    old, recent = now - timedelta(days=8), now - timedelta(hours=1)
    later = now + timedelta(hours=1)
    # A window that ended, and one that is still open.
    RateCounter.objects.create(
        bucket="submit_phone", key_hash="a", count=3, window_end=int(recent.timestamp() * 1000)
    )
    keep_hit = RateCounter.objects.create(
        bucket="submit_phone", key_hash="b", count=1, window_end=int(later.timestamp() * 1000)
    )
    IdempotencyKey.objects.create(scope="web", key="old", fingerprint="f", created_at=old)
    keep_key = IdempotencyKey.objects.create(scope="web", key="new", fingerprint="f")
    OneTimeCode.objects.create(
        phone_hash="p", code_hash="c", created_at=old, expires_at=old + timedelta(minutes=5)
    )

    counts = purge_expired(at=now)

    assert counts == {"hits": 1, "codes": 1, "idempotency_keys": 1}
    assert list(RateCounter.objects.all()) == [keep_hit]
    assert list(IdempotencyKey.objects.all()) == [keep_key]
    assert not OneTimeCode.objects.exists()


def test_rate_limits_count_an_ipv6_client_by_its_64():
    from django.test import RequestFactory

    from paht.core.http import client_ip

    def ip(addr):
        return client_ip(RequestFactory().get("/", REMOTE_ADDR=addr))

    assert ip("2001:db8:1:2::5") == ip("2001:db8:1:2:ffff::9") == "2001:db8:1:2::/64"
    assert ip("2001:db8:1:3::5") != ip("2001:db8:1:2::5")
    assert ip("203.0.113.7") == "203.0.113.7"
    assert ip("::ffff:203.0.113.7") == "203.0.113.7"
