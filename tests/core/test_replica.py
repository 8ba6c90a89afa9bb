"""Public and statistics pages read report data from the replica; nothing else does."""

import pytest
from django.contrib.sessions.models import Session
from django.db import connections, transaction
from django.test.utils import CaptureQueriesContext

from paht.clients.models import ApiKey
from paht.core import replica as replica_module
from paht.core.models import RateCounter
from paht.core.replica import ReplicaRouter, on_replica
from paht.geo.models import Commune
from paht.org.models import Membership
from paht.reports.models import DeadlineRule, Report, ReporterContact, State
from tests.api.citizen_helpers import new_app_key, report_body
from tests.factories import report_in_state

ROUTER = ["paht.core.replica.ReplicaRouter"]


@pytest.mark.django_db(transaction=True)
def test_router_sends_only_report_data_in_public_views_to_the_replica():
    router = ReplicaRouter()
    assert router.db_for_read(Report) == "default"  # outside a public view
    with on_replica():
        assert router.db_for_read(Report) == "replica"
        assert router.db_for_read(Commune) == "replica"
        # Who the caller is, what they did, who reported, who works where, configuration.
        for model in (Session, ApiKey, RateCounter, ReporterContact, Membership, DeadlineRule):
            assert router.db_for_read(model) == "default"
        with transaction.atomic():  # a read that may follow a write sees it
            assert router.db_for_read(Report) == "default"
        assert router.db_for_write(Report) == "default"
    assert router.db_for_read(Report) == "default"
    assert router.allow_migrate("default", "reports") is True
    assert router.allow_migrate("replica", "reports") is False


def _tables(queries) -> str:
    return " ".join(q["sql"] for q in queries.captured_queries)


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_public_pages_read_the_replica_and_writes_stay_on_the_primary(world, settings, client):
    settings.DATABASE_ROUTERS = ROUTER
    published, _ = report_in_state(world, State.PUBLISHED)
    for path in (
        "/api/v1/reports",
        f"/api/v1/reports/{published.code}",
        "/api/v1/stats",
        "/cong-khai/",
        f"/cong-khai/{published.code}/",
        "/cong-khai/diem.json",
        "/thong-ke/",
        "/open311/v2/requests.json",
    ):
        with (
            CaptureQueriesContext(connections["replica"]) as replica,
            CaptureQueriesContext(connections["default"]) as primary,
        ):
            response = client.get(path)
        assert response.status_code == 200, path
        assert "reports_report" in _tables(replica), path
        assert "reports_report" not in _tables(primary), path

    # A submission writes (and reads what it wrote) on the primary only.
    raw_key = new_app_key()
    with (
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        response = client.post(
            "/api/v1/reports",
            report_body(),
            content_type="application/json",
            headers={"X-API-Key": raw_key, "Idempotency-Key": "replica-test-1"},
        )
    assert response.status_code == 201, response.content
    assert replica.captured_queries == []
    assert "INSERT INTO" in _tables(primary)
    assert Report.objects.filter(code=response.json()["code"]).exists()


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_staff_and_citizen_pages_never_read_the_replica(world, settings, client):
    settings.DATABASE_ROUTERS = ROUTER
    report, _ = report_in_state(world, State.IN_PROGRESS)
    client.force_login(world.users["coordinator"])
    with CaptureQueriesContext(connections["replica"]) as replica:
        assert client.get(f"/can-bo/phan-anh/{report.code}/").status_code == 200
        assert client.get("/can-bo/tiep-nhan/").status_code == 200
        # The reporter's own page follows the primary: their report right after sending.
        assert client.get(f"/phan-anh/{report.code}/").status_code in {200, 302}
    assert replica.captured_queries == []
    # The statistics dashboard is statistics traffic: it may.
    with CaptureQueriesContext(connections["replica"]) as replica:
        assert client.get("/can-bo/tong-hop/").status_code == 200
    assert "reports_report" in _tables(replica)


@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_an_unreachable_replica_hands_public_pages_to_the_primary(
    world, settings, client, monkeypatch, caplog
):
    settings.DATABASE_ROUTERS = ROUTER
    report_in_state(world, State.PUBLISHED)
    monkeypatch.setattr(replica_module, "_down_until", 0.0)
    replica = connections["replica"]
    working = replica.settings_dict
    # A real failure to connect: a port nobody listens on, or a file that cannot exist.
    if replica.vendor == "postgresql":
        broken = {**working, "HOST": "127.0.0.1", "PORT": "1"}
    else:
        broken = {**working, "NAME": "/nonexistent/paht/replica.sqlite3"}
    replica.close()
    monkeypatch.setattr(replica, "settings_dict", broken)
    for path in ("/api/v1/reports", "/thong-ke/", "/api/v1/reports"):
        with CaptureQueriesContext(connections["default"]) as primary:
            response = client.get(path)
        assert response.status_code == 200, path
        assert "reports_report" in _tables(primary), path
    # Tried once, then left alone for RETRY_SECONDS.
    warnings = [r for r in caplog.records if "replica unreachable" in r.getMessage()]
    assert len(warnings) == 1
    # Back, and the retry time over: the replica reads again.
    replica.close()
    monkeypatch.setattr(replica, "settings_dict", working)
    monkeypatch.setattr(replica_module, "_down_until", 0.0)
    with CaptureQueriesContext(connections["replica"]) as back:
        assert client.get("/api/v1/reports").status_code == 200
    assert "reports_report" in _tables(back)
