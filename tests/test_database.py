from django.db import connection


def test_suite_runs_on_the_configured_database(settings):
    # .ci/run sets DATABASE_URL to PostgreSQL for its second pass; this guards that it did.
    import os

    expected = (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    assert connection.vendor == expected
