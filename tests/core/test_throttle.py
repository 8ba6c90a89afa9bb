"""Rate limits: one counter row per (bucket, key), exact under concurrency."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from paht.core.errors import TooManyRequests
from paht.core.models import RateCounter
from paht.core.throttle import (
    Limit,
    check_and_count,
    check_and_count_all,
    take_back,
)

LIMIT = Limit("test_bucket", 3, 60)


def test_limit_refuses_past_the_count_and_reopens_after_the_window(db):
    now = timezone.now()
    for i in range(3):
        check_and_count("k", LIMIT, at=now + timedelta(seconds=i))
    with pytest.raises(TooManyRequests) as caught:
        check_and_count("k", LIMIT, message="quá nhiều", at=now + timedelta(seconds=10))
    assert caught.value.retry_after == 51  # the window opened at ``now`` and lasts 60 s
    check_and_count("other", LIMIT, at=now + timedelta(seconds=10))  # another key
    # One row per (bucket, key), however many attempts; the refused one is not counted.
    assert RateCounter.objects.filter(bucket="test_bucket").count() == 2
    assert RateCounter.objects.values_list("count", flat=True).order_by("-count")[0] == 3
    check_and_count("k", LIMIT, at=now + timedelta(seconds=60))
    assert RateCounter.objects.filter(count=1).count() == 2  # "k" started afresh


def test_a_refusal_by_one_limit_counts_nothing_in_the_others(db):
    now = timezone.now()
    tight = Limit("tight", 1, 60)
    check_and_count("k", tight, at=now)
    with pytest.raises(TooManyRequests):
        check_and_count("k", LIMIT, tight, at=now)
    assert not RateCounter.objects.filter(bucket="test_bucket").exists()


def test_an_attempt_taken_back_does_not_count(db):
    """The console's sign-in: every attempt is counted first, a success taken back."""
    now = timezone.now()
    for _ in range(5):
        take_back(check_and_count("u", LIMIT, at=now))  # right passwords
    for _ in range(3):
        check_and_count("u", LIMIT, at=now)  # wrong ones
    with pytest.raises(TooManyRequests) as caught:
        check_and_count("u", LIMIT, at=now + timedelta(seconds=30))
    assert caught.value.retry_after == 31
    # Taken back after its window ended, an attempt leaves the new window alone.
    late = check_and_count("u", LIMIT, at=now + timedelta(seconds=60))
    check_and_count("u", LIMIT, at=now + timedelta(seconds=125))
    take_back(late)
    assert RateCounter.objects.get(bucket="test_bucket").count == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_attempts_never_pass_the_limit():
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:"):
        pytest.skip("in-memory SQLite is one connection per thread")
    limit = Limit("race", 20, 3600)
    passed, refused, errors = [], [], []
    start = threading.Barrier(8)

    def client():
        start.wait()
        for _ in range(5):
            try:
                with transaction.atomic():
                    check_and_count("shared", limit)
                passed.append(1)
            except TooManyRequests:
                refused.append(1)
            except Exception as exc:
                errors.append(exc)
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(passed) == 20 and len(refused) == 20
    assert RateCounter.objects.get(bucket="race").count == 20


def test_several_keys_are_counted_in_one_statement_and_refused_together(db):
    now = timezone.now()
    phone, address = Limit("test_phone", 2, 60), Limit("test_ip", 5, 60)
    hits = [("phone:1", phone), ("ip:a", address)]
    with CaptureQueriesContext(connection) as queries:
        check_and_count_all(hits, at=now)
    assert [q["sql"].split()[0] for q in queries.captured_queries if "ratecounter" in q["sql"]] == [
        "INSERT"
    ]
    check_and_count_all(hits, at=now)
    # The phone is used up: the address is refused with it and keeps its count (2).
    with pytest.raises(TooManyRequests):
        check_and_count_all(hits, at=now)
    counts = dict(RateCounter.objects.values_list("bucket", "count"))
    assert counts == {"test_phone": 2, "test_ip": 2}
    check_and_count_all([("ip:a", address)], at=now)  # the address alone still passes
    assert RateCounter.objects.get(bucket="test_ip").count == 3
