"""Queueing background work that must follow the current transaction.

With the database task backend (the default: ``django_tasks_db``) the task row is
written inside the transaction that made the work necessary. The worker sees it only
once that transaction commits, it disappears if it rolls back, and a process killed just
after the commit cannot lose it; it also saves the separate commit a queue-on-commit
insert costs each request; if writing it fails, the transaction's work fails with it
(notifications: the messages roll back with their task, the report action stands). With
any other backend (the in-process backend of the tests, a broker) the task is queued
once the transaction has committed.
"""

from django.db import DEFAULT_DB_ALIAS, router, transaction


def queued_in_database(task) -> bool:
    """Whether ``task`` is queued as a row of the default database (``django_tasks_db``),
    which the app can then inspect and write together with its own rows."""
    try:
        from django_tasks_db.backend import DatabaseBackend
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the backend is a declared dependency
        return False
    return (
        isinstance(task.get_backend(), DatabaseBackend)
        and router.db_for_write(DBTaskResult) == DEFAULT_DB_ALIAS
    )


def enqueue_with_transaction(task, *args) -> None:
    """Queue ``task(*args)`` to run after the current transaction commits (now, in
    autocommit)."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block or queued_in_database(task):
        task.enqueue(*args)
    else:
        # Robust: a broker refusing the task is logged, the committed work stands (the
        # worker's sweep picks up what it finds unfinished, e.g. messages in the outbox).
        transaction.on_commit(lambda: task.enqueue(*args), robust=True)
