"""Small records every adapter shares: rate-limit hits and idempotency keys."""

from django.db import models
from django.utils import timezone

from .crypto import EncryptedTextField


class Hit(models.Model):
    """One counted attempt (a submission, a one-time code…) by one key in one bucket.

    ``key_hash`` is a keyed hash of the phone number, IP address or API key, never the
    value itself. Old rows are deleted by the worker's sweep.
    """

    bucket = models.CharField(max_length=40)
    key_hash = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["bucket", "key_hash", "at"])]

    def __str__(self) -> str:
        return f"{self.bucket}@{self.at:%Y-%m-%d %H:%M}"


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
