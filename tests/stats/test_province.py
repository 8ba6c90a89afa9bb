"""A deployment serving several provinces narrows statistics by the report's province."""

import pytest

from paht.geo.models import Commune
from paht.geo.services import units_import
from paht.org.models import Unit
from paht.reports.models import Report
from paht.stats.selectors import StatsFilter, served_provinces, stats_summary
from tests.stats.helpers import ON_TIME, handled_report

PAGE = "/thong-ke/"
HANOI = "01"


@pytest.fixture
def two_provinces(world):
    """Two reports in Cà Mau (the test world's province), one moved to a Hà Nội commune."""
    units_import(province_codes={HANOI})
    hanoi_commune = Commune.objects.filter(province_id=HANOI).order_by("code").first()
    Unit.objects.create(
        code="ubnd_ha_noi_1",
        name="UBND một phường Hà Nội",
        kind=Unit.Kind.COMMUNE,
        commune=hanoi_commune,
    )
    handled_report(world, result_at=ON_TIME)
    moved = handled_report(world, result_at=ON_TIME)
    Report.objects.filter(pk=moved.pk).update(commune=hanoi_commune)
    return world


def test_one_province_deployment_offers_no_choice(client, world):
    assert [p.code for p in served_provinces()] == ["96"]
    response = client.get(PAGE, {"nam": "2025"})
    assert response.status_code == 200
    assert 'name="tinh"' not in response.content.decode()


def test_summary_narrows_by_province(two_provinces):
    year = StatsFilter.for_year(2025)
    assert stats_summary(filters=year).total == 2
    assert stats_summary(filters=StatsFilter.for_year(2025, province="96")).total == 1
    assert stats_summary(filters=StatsFilter.for_year(2025, province=HANOI)).total == 1
    assert stats_summary(filters=StatsFilter.for_year(2025, province="79")).total == 0


def test_page_offers_and_applies_the_province(client, two_provinces):
    html = client.get(PAGE, {"nam": "2025"}).content.decode()
    assert 'name="tinh"' in html
    assert "Thành phố Hà Nội" in html or "Hà Nội" in html
    response = client.get(PAGE, {"nam": "2025", "tinh": HANOI})
    assert response.status_code == 200
    assert response.context["summary"].total == 1
    assert "tinh=01" in response.content.decode()  # the CSV links keep it
    csv = client.get("/thong-ke/trang-thai.csv", {"nam": "2025", "tinh": HANOI})
    assert csv.status_code == 200
    assert 'tinh-01.csv"' in csv["Content-Disposition"]


@pytest.mark.parametrize("code", ["79", "zz", "0123"])
def test_a_province_not_served_is_a_clear_400(client, two_provinces, code):
    response = client.get(PAGE, {"nam": "2025", "tinh": code})
    assert response.status_code == 400
    assert "Tỉnh, thành phố đã chọn không có trong hệ thống" in response.content.decode()


def test_api_narrows_by_province(client, two_provinces):
    body = client.get("/api/v1/stats", {"year": 2025, "province": HANOI}).json()
    assert body["province"] == HANOI
    assert body["summary"]["buckets"]["total"] == 1
    assert client.get("/api/v1/stats", {"year": 2025}).json()["summary"]["buckets"]["total"] == 2
    bad = client.get("/api/v1/stats", {"year": 2025, "province": "79"})
    assert bad.status_code == 400
    assert bad.json()["error"]["fields"] == {"province": "Không hợp lệ."}


def test_dashboard_narrows_by_province(client, two_provinces):
    client.force_login(two_provinces.users["supervisor"])
    response = client.get("/can-bo/tong-hop/", {"tu": "2025-01-01", "den": "2025-12-31"})
    assert response.status_code == 200
    assert 'name="tinh"' in response.content.decode()
    response = client.get(
        "/can-bo/tong-hop/", {"tu": "2025-01-01", "den": "2025-12-31", "tinh": HANOI}
    )
    assert response.status_code == 200
    assert response.context["summary"].total == 1
    assert "tinh=01" in response.context["poll_url"]


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/thong-ke/", "tinh"),
        ("/thong-ke/", "linh_vuc"),
        ("/thong-ke/trang-thai.csv", "tinh"),
        ("/api/v1/stats", "province"),
        ("/api/v1/stats", "field"),
    ],
)
def test_a_nul_byte_in_a_code_is_a_clear_400(client, world, path, name):
    response = client.get(path, {name: "7\x00"})
    assert response.status_code == 400, response.content[:200]


@pytest.mark.parametrize("name", ["tinh", "linh_vuc", "don_vi", "xa"])
def test_dashboard_codes_with_a_nul_byte_are_a_clear_400(client, world, name):
    client.force_login(world.users["supervisor"])
    response = client.get("/can-bo/tong-hop/", {name: "7\x00"})
    assert response.status_code == 400
    assert "không" in response.content.decode().lower()
