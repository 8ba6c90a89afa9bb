"""Small records every adapter shares: rate-limit counters and idempotency keys."""

from django.db import models
from django.utils import timezone

from .crypto import EncryptedTextField


class RateCounter(models.Model):
    """How many attempts one key made in one bucket's current window.

    One row per (bucket, key), updated in place with a single upsert: checking a limit
    costs the same however busy the key is. ``key_hash`` is a keyed hash of the phone
    number, IP address or API key, never the value itself. ``window_end`` is in epoch
    milliseconds (the window opens at the first attempt after the previous one ended).
    The worker's sweep deletes rows whose window ended.
    """

    bucket = models.CharField(max_length=40)
    key_hash = models.CharField(max_length=64)
    window_end = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bucket", "key_hash"], name="ratecounter_bucket_key"),
        ]
        indexes = [models.Index(fields=["window_end"], name="ratecounter_window_end_idx")]

    def __str__(self) -> str:
        return f"{self.bucket}: {self.count}"


class IdempotencyKey(models.Model):
    """The first answer to a request made with a client's idempotency key.

    A retry with the same key gets the same answer and creates nothing. The stored
    answer can hold a follow-link secret, so it is encrypted at rest.
    """

    scope = models.CharField(max_length=100)
    key = models.CharField(max_length=100)
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField(default=200)
    body = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="idempotency_scope_key"),
        ]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key}"
