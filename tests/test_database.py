from django.db import connection


def test_suite_runs_on_the_configured_database(settings):
    # .ci/run sets DATABASE_URL to PostgreSQL for its second pass; this guards that it did.
    import os

    expected = (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    assert connection.vendor == expected


def _report_indexes_and_foreign_keys() -> tuple[set[str], set[str]]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # (Django's SQLite introspection cannot read this table's definition.)
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' "
                "AND tbl_name = 'reports_report'"
            )
            indexes = {row[0] for row in cursor.fetchall()}
            cursor.execute("PRAGMA foreign_key_list(reports_report)")
            return indexes, {row[3] for row in cursor.fetchall()}
        constraints = connection.introspection.get_constraints(cursor, "reports_report")
    indexes = {name for name, c in constraints.items() if c["index"]}
    foreign = {c["columns"][0] for c in constraints.values() if c["foreign_key"]}
    return indexes, foreign


def test_the_reports_indexes_are_what_the_queries_need(db):
    """Migration 0006 (run CONCURRENTLY on PostgreSQL): the covering indexes exist, the
    foreign keys keep their constraints but not their own single-column indexes."""
    indexes, foreign = _report_indexes_and_foreign_keys()
    assert {"report_stats_commune_idx", "report_submitted_idx"} <= indexes
    for name in (
        "reports_report_commune_id_babfa675",
        "reports_report_commune_id_babfa675_like",
        "reports_report_field_id_2ced168c",
        "reports_report_lead_unit_id_67e35f56",
        "reports_rep_state_72eda7_idx",
        "reports_rep_commune_f547ad_idx",
    ):
        assert name not in indexes
    assert {"commune_id", "field_id", "lead_unit_id"} <= foreign
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes "
                "WHERE indexname IN ('report_submitted_idx', 'report_stats_commune_idx')"
            )
            definitions = dict(cursor.fetchall())
        assert "INCLUDE" in definitions["report_submitted_idx"]
        assert "is_private" in definitions["report_submitted_idx"]
        assert "(commune_id, submitted_at) INCLUDE" in definitions["report_stats_commune_idx"]
