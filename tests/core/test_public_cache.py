"""Anonymous public reads are answered from the cache for a few seconds; nothing else is."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from paht.reports.models import Report, State
from tests.factories import report_in_state


@pytest.fixture
def cached(settings):
    settings.PAHT_PUBLIC_CACHE_SECONDS = 10
    cache.clear()
    yield
    cache.clear()


def _publish(world):
    report, _ = report_in_state(world, State.PUBLISHED)
    return report


def test_a_repeated_public_list_is_answered_without_the_database(world, cached, client):
    first = _publish(world)
    response = client.get("/api/v1/reports")
    assert [i["code"] for i in response.json()["items"]] == [first.code]
    assert "max-age=10" in response["Cache-Control"]
    second = _publish(world)
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/api/v1/reports")
    assert len(queries) == 0
    assert again.content == response.content  # the new publication waits for the TTL
    cache.clear()  # the seconds have passed
    codes = {i["code"] for i in client.get("/api/v1/reports").json()["items"]}
    assert codes == {first.code, second.code}


def test_each_url_and_language_has_its_own_answer(world, cached, client):
    report = _publish(world)
    vi = client.get("/open311/v2/requests.json", headers={"Accept-Language": "vi"})
    en = client.get("/open311/v2/requests.json", headers={"Accept-Language": "en"})
    assert vi["Content-Language"] == "vi" and en["Content-Language"] == "en"
    assert vi.json()[0]["service_name"] != en.json()[0]["service_name"]
    assert client.get("/open311/v2/requests.json", headers={"Accept-Language": "en"}).content == (
        en.content
    )
    other = client.get("/api/v1/reports", {"field": "ve_sinh_moi_truong"}).json()["items"]
    assert other == []  # a filter is another URL: not the unfiltered answer
    assert client.get(f"/api/v1/reports/{report.code}").json()["code"] == report.code


def test_writes_and_errors_are_never_cached(world, cached, client):
    bad = client.get("/api/v1/reports", {"field": "khong_co"})
    assert bad.status_code == 400
    assert "max-age" not in bad.get("Cache-Control", "")
    # Open311 POST goes through every time (GET and POST share the URL).
    from tests.api.citizen_helpers import new_app_key

    key = new_app_key()
    body = {
        "api_key": key,
        "service_code": "ha_tang_do_thi",
        "description": "Ổ gà lớn giữa đường, xe máy dễ ngã khi trời tối.",
        "lat": 9.1769,
        "long": 105.1524,
        "first_name": "An",
        "last_name": "Nguyễn",
        "phone": "0912345678",
    }
    before = Report.objects.count()
    for _ in range(2):
        response = client.post("/open311/v2/requests.json", body)
        assert response.status_code == 201, response.content
    assert Report.objects.count() == before + 2


def test_staff_lists_are_not_cached(world, cached):
    from tests.api.staff_helpers import staff_client

    coordinator = staff_client(world, "coordinator")
    assert coordinator.get("/reports").json()["items"] == []
    report, _ = report_in_state(world, State.SUBMITTED)
    assert [i["code"] for i in coordinator.get("/reports").json()["items"]] == [report.code]


def test_the_language_cookie_gets_its_own_answer(world, cached, client):
    """The map's points follow the page language (a cookie), which no Vary names."""
    _publish(world)
    vietnamese = client.get("/cong-khai/diem.json").json()["points"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/cong-khai/diem.json").json()["points"]
    assert vietnamese[0][2] == "Hạ tầng đô thị"
    assert english[0][2] == "Urban infrastructure"


def test_a_page_with_a_csrf_token_is_never_shared(world, cached, rf):
    """One visitor's CSRF token must not be served to the next (a cached token would let
    anyone forge that visitor's forms), so such a page is not cached for them."""
    from django.http import HttpResponse
    from django.template import RequestContext, Template

    from paht.core.public_cache import public_cache

    @public_cache
    def page(request):
        return HttpResponse(Template("{% csrf_token %}").render(RequestContext(request)))

    first, second = page(rf.get("/a-page/")), page(rf.get("/a-page/"))
    assert "csrftoken" in first.cookies and "csrftoken" in second.cookies
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    assert first.content != second.content


def test_public_html_pages_are_rendered_for_each_visitor(world, cached, client):
    _publish(world)
    for path in ("/cong-khai/", "/thong-ke/"):
        client.get(path)
        client.cookies.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        assert len(queries) > 0, path


def test_requests_with_a_cookie_or_a_token_are_never_cached_nor_served_from_it(
    world, cached, client
):
    """Nothing built for a signed-in person is stored, and they get a fresh answer."""
    _publish(world)
    client.force_login(world.users["coordinator"])
    signed_in = client.get("/api/v1/reports")
    assert "max-age" not in signed_in.get("Cache-Control", "")
    anonymous = Client()
    with CaptureQueriesContext(connection) as queries:
        anonymous.get("/api/v1/reports")
    assert len(queries) > 0  # the signed-in answer was not stored for anyone
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/reports")
    assert len(queries) > 0  # nor is the cached anonymous answer served to them
    with CaptureQueriesContext(connection) as queries:
        anonymous.get("/api/v1/reports", headers={"Authorization": "Bearer x"})
    assert len(queries) > 0


def test_open311_reads_back_a_new_request_at_once(world, cached, client):
    from tests.api.citizen_helpers import new_app_key

    listed = client.get("/open311/v2/requests.json", {"service_request_id": "PA-2026-999999"})
    assert listed.json() == []
    body = {
        "api_key": new_app_key(),
        "service_code": "ha_tang_do_thi",
        "description": "Ổ gà lớn giữa đường, xe máy dễ ngã khi trời tối.",
        "lat": 9.1769,
        "long": 105.1524,
        "first_name": "An",
        "last_name": "Nguyễn",
        "phone": "0912345678",
    }
    created = client.post("/open311/v2/requests.json", body).json()[0]["service_request_id"]
    again = client.get("/open311/v2/requests.json", {"service_request_id": created}).json()
    assert [r["service_request_id"] for r in again] == [created]
    one = client.get(f"/open311/v2/requests/{created}.json")
    assert one.status_code == 200
    assert "max-age" not in one.get("Cache-Control", "")


def test_large_answers_are_not_stored(world, cached, client, settings):
    _publish(world)
    settings.PAHT_PUBLIC_CACHE_MAX_BYTES = 100
    first = client.get("/api/v1/reports")
    assert "private" in first["Cache-Control"]
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/reports")
    assert len(queries) > 0
