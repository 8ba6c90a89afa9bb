"""Public statistics kept for a minute per process: the page, its CSVs and the API share
one computed result per (period, field, province, language); the staff dashboard does not."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from paht.reports.models import Report
from tests.stats.helpers import ON_TIME, handled_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def stats_cache(settings):
    settings.PAHT_STATS_CACHE_SECONDS = 60
    caches["stats"].clear()
    yield
    caches["stats"].clear()


def _report_sql(client, path, params) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
    assert response.status_code == 200, response.content[:300]
    return [q["sql"] for q in queries.captured_queries if '"reports_report"' in q["sql"]]


def _total(client) -> int:
    return client.get("/api/v1/stats", {"year": 2025}).json()["summary"]["buckets"]["total"]


def test_a_year_is_computed_once_for_the_page_its_csvs_and_the_api(client, world, stats_cache):
    handled_report(world, result_at=ON_TIME, rating=5, satisfied=True)
    assert _report_sql(client, "/thong-ke/", {"nam": "2025"})  # computed: reads reports
    assert _report_sql(client, "/thong-ke/", {"nam": "2025"}) == []
    kept_page = client.get("/thong-ke/", {"nam": "2025"}).content.decode()
    assert "<table>" in kept_page and "&lt;table" not in kept_page  # kept as markup
    assert 'id="stats-data"' in kept_page and "csrfmiddlewaretoken" in kept_page
    assert _report_sql(client, "/thong-ke/don-vi.csv", {"nam": "2025"}) == []
    assert _report_sql(client, "/api/v1/stats", {"year": "2025"}) == []
    # Another year, or a field, is its own result.
    assert _report_sql(client, "/thong-ke/", {"nam": "2024"})
    assert _report_sql(client, "/thong-ke/", {"nam": "2025", "linh_vuc": "ha_tang_do_thi"})


def test_a_new_report_counts_once_the_minute_is_over(client, world, stats_cache, settings):
    handled_report(world, result_at=ON_TIME)
    assert _total(client) == 1
    handled_report(world, result_at=ON_TIME)
    assert Report.objects.count() == 2
    assert _total(client) == 1  # the kept result, up to a minute old
    caches["stats"].clear()  # the minute is over
    assert _total(client) == 2
    settings.PAHT_STATS_CACHE_SECONDS = 0
    handled_report(world, result_at=ON_TIME)
    assert _total(client) == 3  # 0: computed every time


def test_each_language_has_its_own_names(client, world, stats_cache):
    handled_report(world, result_at=ON_TIME)

    def road(**headers) -> str:
        rows = client.get("/api/v1/stats", {"year": 2025}, **headers).json()["by_field"]
        return next(r["name"] for r in rows if r["code"] == "ha_tang_do_thi")

    assert road() == "Hạ tầng đô thị"
    assert road(HTTP_ACCEPT_LANGUAGE="en") == "Urban infrastructure"
    assert road() == "Hạ tầng đô thị"


def test_the_staff_dashboard_counts_live(world, stats_cache):
    from tests.console.helpers import client_for

    handled_report(world, result_at=ON_TIME)
    staff = client_for(world, "coordinator")
    assert _report_sql(staff, "/can-bo/tong-hop/", {"tu": "2025-01-01", "den": "2025-12-31"})
    assert _report_sql(staff, "/can-bo/tong-hop/", {"tu": "2025-01-01", "den": "2025-12-31"})


def test_the_api_answer_is_kept_encoded_and_answers_the_same(client, world, settings):
    handled_report(world, result_at=ON_TIME, rating=5, satisfied=True)
    settings.PAHT_STATS_CACHE_SECONDS = 0
    live = client.get("/api/v1/stats", {"year": 2025})
    settings.PAHT_STATS_CACHE_SECONDS = 60
    caches["stats"].clear()
    first = client.get("/api/v1/stats", {"year": 2025})
    with CaptureQueriesContext(connection) as queries:
        kept = client.get("/api/v1/stats", {"year": 2025})
    assert live.content == first.content == kept.content
    assert kept["Content-Type"] == "application/json; charset=utf-8"
    assert not any('"reports_report"' in q["sql"] for q in queries.captured_queries)
    caches["stats"].clear()
