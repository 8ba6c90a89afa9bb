"""Reads of public and statistics pages from a read replica, when one is configured.

``DATABASE_REPLICA_URL`` adds a ``replica`` database alias (a PostgreSQL streaming
replica) and installs ``ReplicaRouter``. Views that only show published or aggregated
data run under ``replica_reads``: inside them, reads of report data (the models in
``REPLICA_MODELS``) go to the replica. Everything else stays on the primary: writes, reads
inside a transaction (a read that follows a write must see it), sessions, users, API
keys, tokens, rate counters and idempotency keys (whatever decides who the caller is
or counts what they did), and every other view. Replication lag only delays what the
public sees by a moment; no citizen's own report page reads the replica.

A replica that cannot be reached does not take the public pages down: the view reads the
primary, and the process tries the replica again after ``RETRY_SECONDS``.
"""

import contextlib
import contextvars
import functools
import logging
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

log = logging.getLogger(__name__)

REPLICA = "replica"
ROUTER = "paht.core.replica.ReplicaRouter"
# The models public and statistics pages show (reports, their public events, fields,
# places, units, files, triage hints): nothing else is ever read from the replica, not
# reporters' contacts, memberships, configuration or counters.
REPLICA_MODELS = frozenset(
    {
        "reports.report",
        "reports.report_co_units",
        "reports.reportevent",
        "reports.field",
        "reports.returnreason",
        "geo.province",
        "geo.commune",
        "org.unit",
        "media.attachment",
        "triage.assessment",
    }
)

_reading = contextvars.ContextVar("paht_replica_reads", default=False)

RETRY_SECONDS = 30
_down_until = 0.0


def replica_ready() -> bool:
    """Whether report data can be read from the replica now: one is configured and it
    answers. If it does not, the primary serves for ``RETRY_SECONDS``, then it is tried
    again (a connection the health check found dead is opened anew here)."""
    global _down_until
    if ROUTER not in settings.DATABASE_ROUTERS or time.monotonic() < _down_until:
        return False
    replica = connections[REPLICA]
    try:
        replica.close_if_health_check_failed()
        replica.ensure_connection()
    except DatabaseError:
        _down_until = time.monotonic() + RETRY_SECONDS
        log.warning("read replica unreachable; reading the primary for %ss", RETRY_SECONDS)
        return False
    return True


@contextlib.contextmanager
def on_replica():
    """Report-data reads inside the block go to the replica (a no-op without one)."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def replica_reads(view):
    """Run ``view`` under ``on_replica``: for Django views and django-ninja operations
    alike (the wrapped signature is what ninja reads)."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if not replica_ready():
            return view(*args, **kwargs)
        with on_replica():
            return view(*args, **kwargs)

    return wrapper


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if (
            _reading.get()
            and model._meta.label_lower in REPLICA_MODELS
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS  # a replica follows the primary's schema
