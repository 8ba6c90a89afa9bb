"""bench/generate.py loads consistent data the application reads and keeps writing to."""

# ruff: noqa: S607

import itertools
from collections import Counter

import pytest
from django.db.models import Count, Max

from paht.core.crypto import keyed_hash
from paht.reports.models import Report, ReporterContact, ReportEvent, State, TrackingSequence
from paht.reports.permissions import Actor
from paht.reports.selectors import keyset_page, public_reports_filtered
from paht.reports.services import report_submit

N = 2000


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    """One load for the module, committed (pg_dump must see it), removed afterwards."""
    import generate
    from django.core.management import call_command

    from tests.factories import ensure_base_data

    with django_db_blocker.unblock():
        counts = generate.generate(N, seed=3, log=lambda *_: None)
        yield counts
        call_command("flush", interactive=False, verbosity=0)
        ensure_base_data()


def test_counts_and_state_mix(generated, db):
    reopened = generated["reopened"]
    assert Report.objects.filter(round=1).count() == N
    assert Report.objects.filter(round=2).count() == reopened
    assert generated["rows:reports_report"] == N + reopened
    states = Counter(Report.objects.values_list("state", flat=True))
    # A realistic mix: mostly handled, some returned, some open.
    assert states[State.PUBLISHED] > N * 0.4
    assert states[State.RETURNED] > 0 and states[State.SUBMITTED] > 0
    assert Report.objects.values("commune__province").distinct().count() == 34
    years = {d.year for d in Report.objects.dates("submitted_at", "year")}
    assert len(years) >= 5


def test_events_follow_the_workflow(generated, db):
    by_report = {}
    for rid, action, from_state, to_state in ReportEvent.objects.order_by(
        "report_id", "created_at", "id"
    ).values_list("report_id", "action", "from_state", "to_state"):
        by_report.setdefault(rid, []).append((action, from_state, to_state))
    reports = dict(Report.objects.values_list("pk", "state"))
    assert set(by_report) == set(reports)
    for rid, events in by_report.items():
        assert events[0][:2] == ("submit", "")
        # Each state change starts where the previous one ended.
        changes = [(f, t) for a, f, t in events if f != t]
        for (_, prev_to), (next_from, _) in itertools.pairwise(changes):
            assert prev_to == next_from
        assert changes[-1][1] == reports[rid]
    # Versions count the transitions after the submission, as the services do.
    version, events = (
        Report.objects.annotate(n=Count("events"))
        .filter(state=State.PUBLISHED)
        .values_list("version", "n")
        .first()
    )
    assert events - 1 >= version


def test_contacts_are_readable_ciphertext(generated, db):
    contact = ReporterContact.objects.order_by("?").first()
    assert contact.phone.startswith("09") and len(contact.phone) == 10
    assert contact.phone_hash == keyed_hash(contact.phone)
    assert contact.name
    assert ReporterContact.objects.count() == Report.objects.count()


def test_public_lists_read_generated_rows(generated, db):
    page = keyset_page(public_reports_filtered(), cursor=None, size=50)
    assert len(page.items) == 50 and page.next_cursor
    dates = [r.published_at for r in page.items]
    assert dates == sorted(dates, reverse=True)


def test_application_keeps_inserting_after_a_load(generated, db):
    last_id = Report.objects.aggregate(m=Max("pk"))["m"]
    result = report_submit(
        actor=Actor.anonymous(),
        channel="web",
        field="ha_tang_do_thi",
        description="Ổ gà sâu giữa đường, xe máy đi qua rất nguy hiểm.",
        name="Nguyễn Văn An",
        phone="0912345678",
        lat=9.2250,
        lng=105.1790,
    )
    report = result.report
    assert report.pk > last_id
    year = report.submitted_at.year
    sequence = TrackingSequence.objects.get(year=year).last
    assert report.code == f"PA-{year}-{sequence:06d}"
    assert Report.objects.filter(code__startswith=f"PA-{year}-").count() == (
        Report.objects.filter(code__startswith=f"PA-{year}-", round=1).count()
        + Report.objects.filter(code__startswith=f"PA-{year}-", round=2).count()
    )
    assert ReportEvent.objects.filter(report=report, action="submit").count() == 1


def _fingerprint(dbname: str) -> dict:
    """Counts and a digest of every report and event row, read with psql."""
    queries = {
        "reports": "SELECT count(*) FROM reports_report",
        "events": "SELECT count(*) FROM reports_reportevent",
        "contacts": "SELECT count(*) FROM reports_reportercontact",
        "report_digest": "SELECT md5(string_agg(concat_ws('|', id, code, state, version, "
        "submitted_at, published_at, lead_unit_id, commune_id, title), ',' ORDER BY id)) "
        "FROM reports_report",
        "event_digest": "SELECT md5(string_agg(concat_ws('|', id, report_id, action, "
        "from_state, to_state, created_at, note, data::text), ',' ORDER BY id)) "
        "FROM reports_reportevent",
        "contact_digest": "SELECT md5(string_agg(concat_ws('|', report_id, name, phone, "
        "phone_hash), ',' ORDER BY report_id)) FROM reports_reportercontact",
    }
    return {name: _psql(dbname, sql) for name, sql in queries.items()}


def _pg_args() -> list[str]:
    from django.db import connection

    s = connection.settings_dict
    return ["-h", s["HOST"] or "127.0.0.1", "-p", str(s["PORT"] or 5432), "-U", s["USER"]]


def _psql(dbname: str, sql: str) -> str:
    import subprocess

    out = subprocess.run(
        ["psql", *_pg_args(), "-d", dbname, "-Atc", sql],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def test_backup_and_restore_reproduce_every_report_and_event(generated, db, tmp_path):
    """The procedure of docs/deploy.md: pg_dump -Fc, then pg_restore into a new database."""
    import subprocess

    from django.db import connection

    source = connection.settings_dict["NAME"]
    target = f"{source}_restore"[:63]
    dump = tmp_path / "paht.dump"
    subprocess.run(["pg_dump", *_pg_args(), "-Fc", "-f", str(dump), source], check=True)
    _psql("postgres", f'DROP DATABASE IF EXISTS "{target}"')
    _psql("postgres", f'CREATE DATABASE "{target}"')
    try:
        subprocess.run(
            ["pg_restore", *_pg_args(), "--no-owner", "--exit-on-error", "-d", target, str(dump)],
            check=True,
        )
        before, after = _fingerprint(source), _fingerprint(target)
        assert int(before["reports"]) >= N and int(before["events"]) > N
        assert after == before
        # The restored sequences continue after the restored rows.
        nextval = _psql(target, "SELECT nextval(pg_get_serial_sequence('reports_report', 'id'))")
        assert int(nextval) > int(_psql(target, "SELECT max(id) FROM reports_report"))
    finally:
        _psql("postgres", f'DROP DATABASE IF EXISTS "{target}"')
