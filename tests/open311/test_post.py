"""POST requests: the contract, every refusal the spec lists, and how real clients post."""

from urllib.parse import urlencode

import pytest
from django.test import Client

from paht.clients.models import ApiKey
from paht.clients.services import apikey_create
from paht.core.models import IdempotencyKey
from paht.media.models import Attachment
from paht.reports.models import Channel, Report, ReporterContact, State

from .conftest import (
    CREATED_FIELDS,
    FORMATS,
    errors,
    json_of,
    post_data,
    service_requests,
    url,
)

pytestmark = pytest.mark.django_db


def post(client, fmt, data, **extra):
    return client.post(url("requests", fmt), data, **extra)


def post_form(client, fmt, data, query: str = "", **extra):
    """An application/x-www-form-urlencoded POST, as most GeoReport clients send."""
    target = url("requests", fmt) + (f"?{query}" if query else "")
    return client.post(
        target,
        urlencode(data, doseq=True),
        content_type="application/x-www-form-urlencoded; charset=utf-8",
        **extra,
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_post_creates_a_report_and_answers_its_id(client, api_key, fmt):
    response = post(client, fmt, post_data(api_key))  # multipart/form-data
    assert response.status_code == 201, response.content
    (created,) = service_requests(response, fmt, CREATED_FIELDS)
    report = Report.objects.get()
    assert created == {
        "service_request_id": report.code,
        "service_notice": created["service_notice"],
        "account_id": "",
    }
    assert created["service_notice"]
    assert report.channel == Channel.OPEN311
    assert report.state == State.SUBMITTED
    assert report.field.code == "ha_tang_do_thi"
    assert report.description.startswith("Ổ gà sâu trước nhà số 12")
    assert report.address == "Trước số 12 đường Trần Hưng Đạo"
    assert (report.lat, report.lng) == (9.225, 105.179)
    assert report.commune_id == "32002"
    assert report.share_identity is False
    contact = ReporterContact.objects.get(report=report)
    assert (contact.name, contact.phone, contact.email) == (
        "Nguyễn Văn Bình",
        "0912345678",
        "binh@example.com",
    )
    # media_url is never fetched, so nothing was attached.
    assert not Attachment.objects.exists()


def test_json_ids_are_strings_and_account_id_is_null(client, api_key):
    data = json_of(post(client, "json", post_data(api_key)))
    assert isinstance(data, list) and len(data) == 1
    assert isinstance(data[0]["service_request_id"], str)
    assert data[0]["account_id"] is None


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_client_reads_back_what_it_posted(client, api_key, fmt):
    code = service_requests(post(client, fmt, post_data(api_key)), fmt, CREATED_FIELDS)[0][
        "service_request_id"
    ]
    (request,) = service_requests(client.get(url(f"requests/{code}", fmt)), fmt)
    assert request["service_request_id"] == code
    assert request["status"] == "open"
    assert request["service_code"] == "ha_tang_do_thi"
    assert code in [
        r["service_request_id"] for r in service_requests(client.get(url("requests", fmt)), fmt)
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_form_encoded_posts_are_accepted(client, api_key, fmt):
    response = post_form(client, fmt, post_data(api_key))
    assert response.status_code == 201
    assert Report.objects.count() == 1


def test_api_key_may_come_in_the_query_string(client, api_key):
    response = post_form(client, "json", post_data(None), query=urlencode({"api_key": api_key}))
    assert response.status_code == 201
    response = post(
        client, "xml", post_data(None, phone="0987 654 321"), QUERY_STRING=f"api_key={api_key}"
    )
    assert response.status_code == 201
    assert Report.objects.count() == 2


def test_a_post_with_everything_in_the_query_string_is_accepted(client, api_key):
    # e.g. curl -X POST 'https://…/requests.json?api_key=…&service_code=…': no body at all.
    target = url("requests", "json") + "?" + urlencode(post_data(api_key))
    response = client.generic("POST", target, b"", content_type="")
    assert response.status_code == 201, response.content
    assert Report.objects.count() == 1


def test_posts_are_not_blocked_by_csrf(api_key):
    strict = Client(enforce_csrf_checks=True)
    assert post(strict, "json", post_data(api_key)).status_code == 201
    assert post_form(strict, "xml", post_data(api_key, phone="0987654321")).status_code == 201


@pytest.mark.parametrize("jurisdiction", ["", "vn-96", "VN-96"])
def test_our_own_or_an_empty_jurisdiction_is_accepted(client, api_key, jurisdiction):
    response = post(client, "json", post_data(api_key, jurisdiction_id=jurisdiction))
    assert response.status_code == 201


def test_the_jurisdiction_comes_from_a_setting(client, api_key, settings):
    settings.PAHT_OPEN311_JURISDICTION_ID = "camau.gov.vn"
    assert post(client, "json", post_data(api_key, jurisdiction_id="vn-96")).status_code == 404
    assert (
        post(client, "json", post_data(api_key, jurisdiction_id="camau.gov.vn")).status_code == 201
    )


def test_an_address_alone_is_a_location(client, api_key):
    response = post(client, "json", post_data(api_key, lat=None, long=None))
    assert response.status_code == 201
    report = Report.objects.get()
    assert report.lat is None and report.address == "Trước số 12 đường Trần Hưng Đạo"


def test_ignored_inputs_are_not_stored(client, api_key):
    post(client, "json", post_data(api_key, device_id="dev-zz-991", account_id="acc-zz-992"))
    report = Report.objects.get()
    stored = " ".join(str(v) for v in Report.objects.filter(pk=report.pk).values().get().values())
    assert "dev-zz-991" not in stored and "acc-zz-992" not in stored
    assert "169.254" not in stored


# --- refusals ----------------------------------------------------------------------------


def _refused(response, fmt, status: int, *needles: str) -> list[str]:
    assert response.status_code == status, response.content
    descriptions = [d for _c, d in errors(response, fmt)]
    for needle in needles:
        assert any(needle in d for d in descriptions), (needle, descriptions)
    assert not Report.objects.exists()
    return descriptions


REFUSALS = {
    "missing api_key": (dict(api_key=None), 403, "api_key"),
    "empty api_key": (dict(api_key=""), 403, "api_key"),
    "invalid api_key": (dict(api_key="paht_0000_nope"), 403, "api_key"),
    "missing service_code": (dict(service_code=None), 400, "service_code"),
    "unknown service_code": (dict(service_code="khong_co"), 400, "service_code"),
    "no location": (dict(lat=None, long=None, address_string=None), 400, "lat"),
    "address_id only": (
        dict(lat=None, long=None, address_string=None, address_id="123"),
        400,
        "address_id",
    ),
    "lat without long": (dict(long=None, address_string=None), 400, "lat/long"),
    "lat not a number": (dict(lat="abc"), 400, "lat/long"),
    "lat out of range": (dict(lat="91"), 400, "lat/long"),
    "lat not finite": (dict(lat="nan"), 400, "lat/long"),
    "outside the province": (dict(lat="21.0285", long="105.8542"), 400, "lat/long"),
    "missing phone": (dict(phone=None), 400, "phone"),
    "invalid phone": (dict(phone="12345"), 400, "phone"),
    "missing name": (dict(first_name=None, last_name=None), 400, "first_name"),
    "missing description": (dict(description=None), 400, "description"),
    "description over 4000": (dict(description="x" * 4001), 400, "description"),
    "invalid email": (dict(email="khong-phai-email"), 400, "email"),
    "unknown jurisdiction": (dict(jurisdiction_id="sf.gov"), 404, "jurisdiction_id"),
    "NUL character": (dict(description="Ổ gà\x00"), 400, ""),
}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", list(REFUSALS))
def test_refusals(client, api_key, fmt, case):
    overrides, status, needle = REFUSALS[case]
    overrides = {"api_key": api_key, **overrides}
    response = post(client, fmt, post_data(**overrides))
    _refused(response, fmt, status, needle)


def test_a_revoked_key_is_refused(client, api_key):
    ApiKey.objects.update(is_active=False)
    _refused(post(client, "xml", post_data(api_key)), "xml", 403, "api_key")


def test_several_mistakes_are_listed_together(client, api_key):
    response = post(
        client,
        "xml",
        post_data(api_key, service_code=None, lat=None, long=None, address_string=None, phone=None),
    )
    descriptions = _refused(response, "xml", 400)
    assert len(descriptions) == 3
    assert descriptions[0].startswith("service_code")
    assert descriptions[1].startswith("Thiếu vị trí")
    assert descriptions[2].startswith("phone")


def test_a_json_body_is_refused_clearly(client, api_key):
    response = client.post(
        url("requests", "json"), post_data(api_key), content_type="application/json"
    )
    _refused(response, "json", 400, "application/x-www-form-urlencoded")


def test_a_broken_multipart_body_is_a_400(client, api_key):
    response = client.post(
        url("requests", "xml"),
        b'--x\r\nContent-Disposition: form-data; name="api_key"\r\n\r\nabc',
        content_type="multipart/form-data; boundary=",
    )
    _refused(response, "xml", 400)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_key_rate_limit_is_a_429_with_retry_after(client, fmt):
    _key, raw = apikey_create(name="Nhỏ", per_hour=1)
    assert post(client, fmt, post_data(raw)).status_code == 201
    response = post(client, fmt, post_data(raw, phone="0987654321"))
    assert response.status_code == 429
    errors(response, fmt)
    assert int(response["Retry-After"]) > 0
    assert Report.objects.count() == 1


def test_the_per_phone_limit_is_a_429(client, api_key, settings):
    settings.PAHT_SUBMIT_PER_PHONE_DAY = 1
    assert post(client, "json", post_data(api_key)).status_code == 201
    response = post(client, "json", post_data(api_key, description="Một ổ gà khác"))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert errors(response, "json")
    assert Report.objects.count() == 1


@pytest.mark.parametrize(
    ("method", "path"),
    [("put", "requests"), ("delete", "requests"), ("post", "services"), ("post", "discovery")],
)
def test_other_methods_are_405(client, api_key, method, path):
    response = getattr(client, method)(url(path, "xml"), post_data(api_key))
    assert response.status_code == 405
    assert "GET" in response["Allow"]
    errors(response, "xml")
    assert not Report.objects.exists()


# --- Idempotency-Key -----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_retry_with_the_same_key_returns_the_first_answer(client, api_key, fmt):
    first = post(client, fmt, post_data(api_key), HTTP_IDEMPOTENCY_KEY="retry-1")
    again = post_form(client, fmt, post_data(api_key), HTTP_IDEMPOTENCY_KEY="retry-1")
    assert first.status_code == again.status_code == 201
    assert first.content == again.content
    assert Report.objects.count() == 1
    assert ReporterContact.objects.count() == 1


def test_the_same_key_for_another_request_is_a_409(client, api_key):
    post(client, "json", post_data(api_key), HTTP_IDEMPOTENCY_KEY="retry-2")
    response = post(
        client,
        "json",
        post_data(api_key, description="Nội dung khác"),
        HTTP_IDEMPOTENCY_KEY="retry-2",
    )
    assert response.status_code == 409
    assert errors(response, "json")
    assert Report.objects.count() == 1


def test_keys_belong_to_one_application(client, api_key):
    _other, other_key = apikey_create(name="Ứng dụng khác")
    post(client, "json", post_data(api_key), HTTP_IDEMPOTENCY_KEY="1")
    response = post(
        client, "json", post_data(other_key, phone="0987654321"), HTTP_IDEMPOTENCY_KEY="1"
    )
    assert response.status_code == 201
    assert Report.objects.count() == 2


def test_without_a_key_every_post_is_new(client, api_key):
    post(client, "json", post_data(api_key))
    post(client, "json", post_data(api_key))
    assert Report.objects.count() == 2
    assert IdempotencyKey.objects.count() == 2


def test_an_unusable_key_is_a_400(client, api_key):
    response = post(client, "json", post_data(api_key), HTTP_IDEMPOTENCY_KEY="k" * 101)
    _refused(response, "json", 400, "Idempotency-Key")


# --- language ------------------------------------------------------------------------------


def test_errors_are_in_vietnamese_by_default(client, api_key):
    response = post(client, "json", post_data(api_key, phone=None, service_code="khong_co"))
    assert response["Content-Language"] == "vi"
    descriptions = [d for _c, d in errors(response, "json")]
    assert descriptions == [
        "phone: theo quy định, phản ánh phải có số điện thoại liên hệ của người phản ánh "
        "(không công khai)."
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_errors_are_in_english_when_the_client_prefers_it(client, api_key, fmt):
    english = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9,vi;q=0.5"}
    response = post(client, fmt, post_data(api_key, phone=None), **english)
    assert response["Content-Language"] == "en"
    assert "Accept-Language" in response["Vary"]
    assert [d for _c, d in errors(response, fmt)] == [
        "phone: regulations require the reporter's contact phone number (it is never published)."
    ]
    response = post(client, fmt, post_data(api_key, service_code="khong_co"), **english)
    assert [d for _c, d in errors(response, fmt)] == ["service_code: Invalid category."]
    response = post(client, fmt, post_data(None), **english)
    assert errors(response, fmt)[0][1].startswith("api_key is missing or invalid")
    response = post(client, fmt, post_data(api_key, lat="21.0285", long="105.8542"), **english)
    assert [d for _c, d in errors(response, fmt)] == [
        "lat/long: The location is outside the province."
    ]


def test_a_vietnamese_preference_or_an_unknown_language_stays_vietnamese(client, api_key):
    for header in ("vi-VN,vi;q=0.9,en;q=0.8", "fr-FR", "*", "garbage;;q=x"):
        response = post(client, "json", post_data(api_key, phone=None), HTTP_ACCEPT_LANGUAGE=header)
        assert response["Content-Language"] == "vi"
        assert errors(response, "json")[0][1].startswith("phone: theo quy định")


def test_the_language_cookie_does_not_switch_the_api(client, api_key):
    client.cookies["django_language"] = "en"
    response = post(client, "json", post_data(api_key, phone=None))
    assert errors(response, "json")[0][1].startswith("phone: theo quy định")


# --- extra questions (attributes) --------------------------------------------------------


def test_required_questions_must_be_answered(client, api_key, questions):
    response = post(client, "xml", post_data(api_key))
    _refused(response, "xml", 400, "attribute[DEPTH]")


@pytest.mark.parametrize(
    "answers",
    [{"attribute[DEPTH]": "sâu"}, {"attribute[DEPTH]": "20", "attribute[LANE]": "middle"}],
)
def test_wrong_answers_are_refused(client, api_key, questions, answers):
    response = post(client, "json", post_data(api_key, **answers))
    _refused(response, "json", 400, "attribute[")


def test_answers_reach_the_staff_with_the_report(client, api_key, questions):
    answers = {"attribute[DEPTH]": "20", "attribute[LANE][]": ["right"]}
    response = post_form(client, "json", post_data(api_key, **answers))
    assert response.status_code == 201, response.content
    description = Report.objects.get().description
    assert "Ở làn nào?: Làn phải" in description
    assert "Ổ gà sâu bao nhiêu cm?: 20" in description


def test_other_services_ignore_attributes(client, api_key, questions):
    response = post(
        client,
        "json",
        post_data(api_key, service_code="ve_sinh_moi_truong", **{"attribute[X]": "1"}),
    )
    assert response.status_code == 201
