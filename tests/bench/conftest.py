"""The benchmark tools against a real PostgreSQL: a live server subprocess, COPY, pg_dump.

These tests run only when DATABASE_URL points at PostgreSQL (the second half of
.ci/run); they assert what the tools measure is correct, never how fast it is.
"""

import os
import sys
from pathlib import Path

import pytest
from django.db import connection

BENCH = Path(__file__).resolve().parents[2] / "bench"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

ON_POSTGRES = os.environ.get("DATABASE_URL", "").startswith("postgres")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).resolve().parent
    skip = pytest.mark.skip(reason="needs PostgreSQL (DATABASE_URL=postgres://…)")
    for item in items:
        if Path(str(item.fspath)).resolve().parent == here:
            item.add_marker(pytest.mark.postgres)
            if not ON_POSTGRES:
                item.add_marker(skip)


def database_url() -> str:
    """The test database as a URL, for a server subprocess that must see its rows."""
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def _base_data_back(django_db_blocker):
    """Set up before ``transactional_db``, so torn down after its flush: the communes and
    defaults the rest of the suite expects are there again."""
    yield
    from tests.factories import ensure_base_data

    with django_db_blocker.unblock():
        ensure_base_data()


@pytest.fixture
def server_env(_base_data_back, transactional_db, monkeypatch):
    # bench.server passes os.environ to the server: point it at the test database.
    monkeypatch.setenv("DATABASE_URL", database_url())
    return {"DATABASE_URL": database_url()}
