"""Run a creating request once per client key: a retry gets the first answer back.

The key row is inserted first, in the same transaction as the work. A concurrent request
with the same key blocks on the unique index until the first commits, then reads its
answer; if the first fails, its key row rolls back with it and the retry runs afresh.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from .errors import Conflict, ValidationError
from .models import IdempotencyKey

MAX_KEY = 100


@dataclass(frozen=True)
class Outcome:
    body: dict
    status: int
    replayed: bool  # True: an earlier request with this key did the work


def fingerprint(data) -> str:
    """A stable hash of the request's meaningful content."""
    raw = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


def clean_key(value) -> str:
    key = str(value or "").strip()
    if not key or len(key) > MAX_KEY or not key.isprintable():
        raise ValidationError(
            _("Khóa chống gửi trùng không hợp lệ (1–100 ký tự)."),
            fields={"idempotency_key": _("Không hợp lệ.")},
        )
    return key


def _claim(record: IdempotencyKey) -> IdempotencyKey | None:
    """Insert the key's row unless it exists (then None), without a savepoint: one
    ``INSERT … ON CONFLICT DO NOTHING RETURNING`` (PostgreSQL and SQLite 3.35+). It waits
    for a concurrent insert of the same key to commit or roll back, like a plain insert."""
    meta = IdempotencyKey._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    q = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({}) ON CONFLICT ({}, {}) DO NOTHING RETURNING {}".format(  # noqa: S608
        q(meta.db_table),
        ", ".join(q(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
        q("scope"),
        q("key"),
        q(meta.pk.column),
    )
    values = [f.get_db_prep_save(f.pre_save(record, add=True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    if row is None:
        return None
    record.pk = row[0]
    record._state.adding = False
    return record


def run_once(
    *, scope: str, key: str, fingerprint: str, work: Callable[[], tuple[dict, int]]
) -> Outcome:
    """Do ``work`` (returning a JSON-able body and a status) unless ``key`` already did."""
    key = clean_key(key)
    with transaction.atomic():
        record = _claim(IdempotencyKey(scope=scope, key=key, fingerprint=fingerprint))
        if record is not None:
            body, status = work()
            record.body, record.status = json.dumps(body, ensure_ascii=False), status
            record.save(update_fields=["body", "status"])
            return Outcome(body=body, status=status, replayed=False)
    first = IdempotencyKey.objects.get(scope=scope, key=key)
    if first.fingerprint != fingerprint:
        raise Conflict(
            _("Khóa chống gửi trùng này đã được dùng cho một yêu cầu khác."),
            code="idempotency_key_reused",
        )
    return Outcome(body=json.loads(first.body or "{}"), status=first.status, replayed=True)
