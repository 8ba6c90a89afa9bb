"""Contract tests of the public API (published reports, statistics) and of the OpenAPI
document itself: a mobile developer must be able to build a client from it alone."""

from datetime import timedelta

import pytest
from django.utils import timezone

from paht.media.models import MediaState
from paht.media.uploads import attachments_attach
from paht.reports.models import RESOLVED_STATES, Report, State
from paht.reports.permissions import Actor
from paht.reports.selectors import public_reports_filtered
from paht.reports.services import report_transition
from paht.reports.workflow import Action
from paht.stats.selectors import StatsFilter, stats_summary
from tests.api.citizen_helpers import API, assert_error, get, media_root
from tests.factories import AN_XUYEN, TAN_THANH, report_in_state
from tests.media import samples
from tests.media.conftest import upload

pytestmark = pytest.mark.django_db

__all__ = ["media_root"]  # fixture

PUBLIC_KEYS = {
    "code",
    "round",
    "state",
    "state_label",
    "field",
    "title",
    "description",
    "location",
    "submitted_at",
    "published_at",
    "lead_unit",
    "result_text",
    "result_at",
    "rating",
    "satisfied",
    "timeline",
    "media",
    "previous_round",
    "next_round",
}
ITEM_KEYS = {
    "code",
    "round",
    "state",
    "state_label",
    "field",
    "title",
    "commune",
    "lat",
    "lng",
    "submitted_at",
    "published_at",
    "lead_unit",
    "thumbnail",
}


def _with_photo(report: Report) -> None:
    result = upload(samples.jpeg(64, 48, exif=False, xmp=False))
    attachments_attach(
        report=report, refs=[(str(result.attachment.pk), result.key)], actor=Actor.reporter(report)
    )
    report.attachments.update(state=MediaState.READY)


@pytest.fixture
def mix(world, media_root):
    """Reports in every situation the public answers must tell apart."""
    now = timezone.now()
    made = {}
    made["road"], _ = report_in_state(world, State.PUBLISHED, at=now - timedelta(days=60))
    made["closed"], _ = report_in_state(world, State.CLOSED, at=now - timedelta(days=30))
    made["water"], _ = report_in_state(
        world,
        State.PUBLISHED,
        field="cap_thoat_nuoc",
        lat=None,
        lng=None,
        commune_code=TAN_THANH,
        address="Hẻm 12",
        at=now - timedelta(days=10),
    )
    made["private"], _ = report_in_state(world, State.PUBLISHED, at=now - timedelta(days=5))
    Report.objects.filter(pk=made["private"].pk).update(is_private=True)
    made["open"], _ = report_in_state(world, State.IN_PROGRESS)
    made["returned"], _ = report_in_state(world, State.RETURNED)
    _with_photo(made["road"])
    return made


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content.decode()
    return [i["code"] for i in response.json()["items"]]


# --- the list -------------------------------------------------------------------------


def test_only_published_public_reports_newest_publication_first(client, mix):
    response = get(client, "/reports")
    expected = list(public_reports_filtered().values_list("code", flat=True))
    assert codes(response) == expected
    assert set(expected) == {mix[k].code for k in ("road", "closed", "water")}
    items = response.json()["items"]
    assert all(set(i) == ITEM_KEYS for i in items)
    road = next(i for i in items if i["code"] == mix["road"].code)
    assert road["thumbnail"].startswith("http://testserver/media/")
    assert road["field"] == {"code": "ha_tang_do_thi", "name": "Hạ tầng đô thị"}
    assert road["commune"] == {"code": AN_XUYEN, "name": "Phường An Xuyên"}
    assert road["lead_unit"] == "UBND Phường An Xuyên"
    assert response.json()["next_cursor"] is None


@pytest.mark.parametrize(
    "query, keys",
    [
        ("field=cap_thoat_nuoc", {"water"}),
        ("status=closed", {"closed"}),
        ("status=published", {"road", "water"}),
        (f"commune={TAN_THANH}", {"water"}),
        ("bbox=9.20,105.15,9.25,105.20", {"road", "closed"}),
        ("bbox=10.0,106.0,10.5,106.5", set()),
        ("field=ha_tang_do_thi&status=published", {"road"}),
    ],
)
def test_filters(client, mix, query, keys):
    assert set(codes(get(client, f"/reports?{query}"))) == {mix[k].code for k in keys}


def test_period_filters_use_local_days(client, mix):
    day = timezone.localdate(mix["water"].submitted_at)
    only = codes(get(client, f"/reports?since={day}&until={day}"))
    assert only == [mix["water"].code]
    since = codes(get(client, f"/reports?since={day - timedelta(days=31)}"))
    assert set(since) == {mix["water"].code, mix["closed"].code}


def test_keyset_pages_cover_everything_once(client, world, media_root):
    made = {report_in_state(world, State.PUBLISHED)[0].code for _ in range(5)}
    seen, cursor, pages = [], None, 0
    while True:
        query = "/reports?limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = get(client, query).json()
        seen += [i["code"] for i in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert pages == 3
    assert sorted(seen) == sorted(made) and len(seen) == len(set(seen))
    # An unreadable cursor starts again from the top, as on the web pages.
    assert codes(get(client, "/reports?limit=2&cursor=garbage")) == seen[:2]


def test_a_map_box_pages_in_publication_order_like_the_whole_list(client, world, media_root):
    # A box's page finds its ids first (from the index), then reads those rows only.
    inside = [report_in_state(world, State.PUBLISHED)[0] for _ in range(5)]
    outside = report_in_state(world, State.PUBLISHED, lat=None, lng=None, address="Hẻm 12")
    box = "bbox=9.0,105.0,9.5,105.5"
    seen, cursor = [], None
    while True:
        page = get(client, f"/reports?limit=2&{box}" + (f"&cursor={cursor}" if cursor else ""))
        seen += codes(page)
        cursor = page.json()["next_cursor"]
        if not cursor:
            break
    in_order = [c for c in codes(get(client, "/reports?limit=50")) if c != outside[0].code]
    assert seen == in_order and sorted(seen) == sorted(r.code for r in inside)
    items = get(client, f"/reports?limit=2&{box}").json()["items"]
    assert all(set(i) == ITEM_KEYS for i in items)


BAD_FILTERS = [
    ("field=khong_ton_tai", "field"),
    ("status=submitted", "status"),
    ("status=whatever", "status"),
    ("commune=99999", "commune"),
    ("commune=01001", "commune"),  # exists elsewhere in Vietnam? not in this province
    ("bbox=1,2,3", "bbox"),
    ("bbox=a,b,c,d", "bbox"),
    ("bbox=9.3,105,9.2,105.2", "bbox"),  # south above north
    ("bbox=nan,105,9.2,105.2", "bbox"),
    ("bbox=-91,105,9.2,105.2", "bbox"),
    ("since=yesterday", "since"),
    ("since=0001-01-01", "since"),
    ("until=9999-12-31", "until"),
    ("since=2025-05-02&until=2025-05-01", "until"),
    ("limit=0", "limit"),
    ("limit=101", "limit"),
    ("limit=abc", "limit"),
    ("field=a%00b", "field"),
    ("commune=32%00", "commune"),
    ("bbox=9%00,105,9.2,105.2", "bbox"),
    ("cursor=abc%00", "cursor"),
]


@pytest.mark.parametrize("query, field", BAD_FILTERS)
def test_invalid_filters_are_400_naming_the_filter(client, mix, query, field):
    error = assert_error(get(client, f"/reports?{query}"), 400)
    assert field in error["fields"], error


def test_filter_errors_in_english(client, world):
    error = assert_error(get(client, "/reports?field=x", **{"Accept-Language": "en"}), 400)
    assert error["message"] != "Bộ lọc không hợp lệ."


def test_the_status_filter_offers_exactly_the_public_states(client):
    schema = client.get(f"{API}/openapi.json").json()
    params = schema["paths"]["/api/v1/reports"]["get"]["parameters"]
    status = next(p for p in params if p["name"] == "status")["schema"]
    enum = next(s["enum"] for s in status["anyOf"] if "enum" in s)
    assert set(enum) == {s.value for s in RESOLVED_STATES}


# --- one report -------------------------------------------------------------------------


def test_a_published_report_in_full(client, mix):
    road = mix["road"]
    body = get(client, f"/reports/{road.code}").json()
    assert set(body) == PUBLIC_KEYS
    assert body["state"] == "published" and body["state_label"] == "Đã có kết quả"
    assert body["result_text"] == "Đã vá ổ gà, mặt đường an toàn."
    assert body["location"]["commune"]["code"] == AN_XUYEN
    assert [m["kind"] for m in body["media"]] == ["photo"]
    assert all(u.startswith("http://testserver/media/") for u in body["media"][0]["urls"].values())
    assert body["timeline"][0]["text"] == "Phản ánh đã được gửi và đang chờ tiếp nhận, phân loại."
    assert body["timeline"][-1]["text"] == "Đã có kết quả xử lý."


@pytest.mark.parametrize("which", ["private", "open", "returned"])
def test_what_is_not_published_is_404_like_an_unknown_code(client, mix, which):
    error = assert_error(get(client, f"/reports/{mix[which].code}"), 404, "not_found")
    assert error == assert_error(get(client, "/reports/PA-1999-000001"), 404, "not_found")


@pytest.mark.parametrize("code", ["unknown", "PA-2025", "x" * 300, "PA-2025-000001%00"])
def test_odd_codes_are_404_in_the_error_shape(client, world, code):
    assert_error(get(client, f"/reports/{code}"), 404, "not_found")


def test_the_reporters_replies_stay_out_of_the_public_timeline(client, world, media_root):
    report, _ = report_in_state(world, State.PUBLISHED)
    report_transition(
        report=report,
        action=Action.REPLY,
        actor=Actor.reporter(report),
        note="Tôi là Trần Văn Bí, gọi 0900000001 nếu cần.",
    )
    body = get(client, f"/reports/{report.code}").json()
    assert "Trần Văn Bí" not in str(body) and "0900000001" not in str(body)
    assert all(e["text"] != "Người phản ánh bổ sung thông tin." for e in body["timeline"])


def test_rounds_link_only_to_public_rounds(client, world, media_root):
    report, _ = report_in_state(world, State.REOPENED)
    first = get(client, f"/reports/{report.code}").json()
    assert first["state"] == "reopened"
    assert first["next_round"] is None  # round 2 waits for the coordinator: not public
    assert_error(get(client, f"/reports/{report.code}-L2"), 404)


# --- statistics ----------------------------------------------------------------------------


def test_statistics_of_this_year(client, mix):
    response = get(client, "/stats")
    assert response.status_code == 200
    body = response.json()
    year = timezone.localdate().year
    assert body["year"] == year and body["field"] is None
    summary = stats_summary(filters=StatsFilter.for_year(year))
    assert body["summary"]["buckets"]["total"] == summary.total
    assert body["summary"]["buckets"]["handled"] == summary.buckets.handled
    assert body["summary"]["outcome"]["results"] == summary.outcome.results
    assert {r["code"] for r in body["by_field"]} >= {"ha_tang_do_thi", "cap_thoat_nuoc"}
    assert body["by_unit"][0]["name"] == "UBND Phường An Xuyên"
    assert set(body["by_unit"][0]) == {
        "name",
        "short_name",
        "total",
        "handled",
        "overdue",
        "outcome",
    }


def test_statistics_of_one_field(client, mix):
    body = get(client, "/stats?field=cap_thoat_nuoc").json()
    assert body["field"] == "cap_thoat_nuoc"
    assert [r["code"] for r in body["by_field"]] == ["cap_thoat_nuoc"]


@pytest.mark.parametrize(
    "query, field",
    [
        ("year=1999", "year"),
        ("year=3000", "year"),
        ("year=abc", "year"),
        ("field=x", "field"),
        ("field=x%00", "field"),
    ],
)
def test_statistics_refuse_bad_filters(client, world, query, field):
    error = assert_error(get(client, f"/stats?{query}"), 400)
    assert field in error["fields"]


# --- the OpenAPI document --------------------------------------------------------------------


def _operations(schema):
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            if "/staff" not in path:
                yield path, method, op


def test_every_operation_is_documented_for_a_client_generator(client):
    schema = client.get(f"{API}/openapi.json").json()
    ops = list(_operations(schema))
    assert len(ops) == 16
    ids = [op["operationId"] for _p, _m, op in ops]
    assert len(set(ids)) == len(ids)
    for path, method, op in ops:
        where = f"{method.upper()} {path}"
        assert op.get("summary") and op.get("description"), where
        assert op["operationId"][0].islower() and "_" not in op["operationId"], where
        for status, answer in op["responses"].items():
            assert answer.get("description"), (where, status)
            if status.startswith("4"):
                ref = answer["content"]["application/json"]["schema"]["$ref"]
                assert ref == "#/components/schemas/Error", (where, status)
                assert answer["description"] != "Bad Request", (where, status)
        if method == "post":
            names = {p["name"] for p in op.get("parameters", [])}
            assert {"400", "413", "415"} <= set(op["responses"]), where
            if op["operationId"] == "triageSuggest":
                continue  # reads only: no key, nothing to repeat safely
            if op["operationId"] != "verifySignInCode":
                assert "Idempotency-Key" in names, where
            assert op["security"], where


def test_authentication_is_documented(client):
    schema = client.get(f"{API}/openapi.json").json()
    schemes = schema["components"]["securitySchemes"]
    assert {"type": "apiKey", "in": "header", "name": "X-API-Key"}.items() <= schemes[
        "AppKey"
    ].items()
    assert "paht apikey create" in schemes["AppKey"]["description"]
    assert "one-time code" in schemes["CitizenToken"]["description"]
    assert schemes["ReportSecret"]["name"] == "X-Report-Secret"
    assert schemes["ReportSecret"]["description"]
    assert schemes["CitizenToken"]["scheme"] == "bearer"
    reply = schema["paths"]["/api/v1/reports/{code}/reply"]["post"]
    assert reply["security"] == [
        {"AppKey": [], "ReportSecret": []},
        {"AppKey": [], "CitizenToken": []},
    ]
    follow = schema["paths"]["/api/v1/reports/{code}/follow"]["get"]
    assert follow["security"] == [{"ReportSecret": []}, {"CitizenToken": []}]
    public = schema["paths"]["/api/v1/reports"]["get"]
    assert "security" not in public
    limited = schema["paths"]["/api/v1/reports"]["post"]["responses"]["429"]
    assert "Retry-After" in limited["headers"]


def test_request_bodies_have_examples_and_both_submit_shapes(client):
    schema = client.get(f"{API}/openapi.json").json()
    json_body = schema["paths"]["/api/v1/reports"]["post"]["requestBody"]["content"]
    assert "application/json" in json_body
    report_in = schema["components"]["schemas"]["ReportIn"]
    assert report_in["examples"][0]["field"] == "ha_tang_do_thi"
    form = schema["paths"]["/api/v1/reports/multipart"]["post"]["requestBody"]["content"]
    props = form["multipart/form-data"]["schema"]["properties"]
    assert props["files"]["items"]["format"] == "binary"
    assert {"field", "description", "phone", "attachment"} <= set(props)
    upload_body = schema["paths"]["/api/v1/uploads"]["post"]["requestBody"]["content"]
    assert upload_body["multipart/form-data"]["schema"]["properties"]["file"]["format"] == "binary"
