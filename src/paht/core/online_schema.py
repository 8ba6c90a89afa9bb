"""Migration operations that change indexes of a large table without stopping writes.

On PostgreSQL, ``AddIndexOnline`` and ``RemoveIndexOnline`` build and drop indexes
``CONCURRENTLY`` (they take a lock that lets reads and writes go on, at the cost of a
slower build), so a migration can run on a live database with a million reports; the
migration that uses them must say ``atomic = False``. On SQLite they are the plain
operations. ``drop_indexes`` / ``create_indexes`` do the same for indexes Django made
implicitly (a foreign key's own index), which no ``Index`` names in the state.

A concurrent build that fails (a conflicting lock, a cancelled session) leaves an
invalid index behind: drop it (``DROP INDEX CONCURRENTLY name``) and migrate again.
"""

from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations


def _postgres(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


class _Online:
    """Hands the database work to the concurrent twin on PostgreSQL."""

    def _twin(self, schema_editor):
        return self.concurrent() if _postgres(schema_editor) else None

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        twin = self._twin(schema_editor) or super()
        twin.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        twin = self._twin(schema_editor) or super()
        twin.database_backwards(app_label, schema_editor, from_state, to_state)


class AddIndexOnline(_Online, migrations.AddIndex):
    def concurrent(self):
        return AddIndexConcurrently(self.model_name, self.index)


class RemoveIndexOnline(_Online, migrations.RemoveIndex):
    def concurrent(self):
        return RemoveIndexConcurrently(self.model_name, self.name)


def drop_indexes(*names: str):
    """A RunPython function dropping these indexes if they exist (concurrently on
    PostgreSQL)."""

    def run(apps, schema_editor):
        how = "CONCURRENTLY IF EXISTS" if _postgres(schema_editor) else "IF EXISTS"
        for name in names:
            schema_editor.execute(f"DROP INDEX {how} {schema_editor.quote_name(name)}")

    return run


def create_indexes(table: str, *specs: tuple[str, str, bool]):
    """A RunPython function creating ``(name, column, postgres_only)`` indexes on
    ``table`` if missing (concurrently on PostgreSQL); ``column`` may carry an operator
    class (``"commune_id varchar_pattern_ops"``)."""

    def run(apps, schema_editor):
        postgres = _postgres(schema_editor)
        how = "CONCURRENTLY IF NOT EXISTS" if postgres else "IF NOT EXISTS"
        for name, column, postgres_only in specs:
            if postgres_only and not postgres:
                continue
            quoted = schema_editor.quote_name
            schema_editor.execute(
                f"CREATE INDEX {how} {quoted(name)} ON {quoted(table)} ({column})"
            )

    return run
