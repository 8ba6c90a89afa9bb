from django.db import connection


def test_suite_runs_on_the_configured_database(settings):
    # .ci/run sets DATABASE_URL to PostgreSQL for its second pass; this guards that it did.
    import os

    expected = (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    assert connection.vendor == expected


def test_the_reports_indexes_are_what_the_queries_need(db):
    """Migration 0006 (run CONCURRENTLY on PostgreSQL): the covering indexes exist with
    their columns, the foreign keys keep their constraints but not their own indexes."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "reports_report")
    indexes = {name: c for name, c in constraints.items() if c["index"]}
    assert indexes["report_stats_commune_idx"]["columns"][:2] == ["commune_id", "submitted_at"]
    assert "report_submitted_idx" in indexes  # (SQLite does not introspect DESC columns)
    for name in (
        "reports_report_commune_id_babfa675",
        "reports_report_commune_id_babfa675_like",
        "reports_report_field_id_2ced168c",
        "reports_report_lead_unit_id_67e35f56",
        "reports_rep_state_72eda7_idx",
        "reports_rep_commune_f547ad_idx",
    ):
        assert name not in indexes
    foreign = {tuple(c["columns"]) for c in constraints.values() if c["foreign_key"]}
    assert {("commune_id",), ("field_id",), ("lead_unit_id",)} <= foreign
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'report_submitted_idx'"
            )
            (definition,) = cursor.fetchone()
        assert "INCLUDE" in definition and "is_private" in definition
