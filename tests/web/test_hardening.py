"""Hostile or careless use of the citizen pages: odd addresses, guessing, shared devices."""

import pytest
from django.test import Client

from paht.media.models import Attachment
from paht.reports.models import Report, State
from tests.factories import report_in_state
from tests.web.helpers import SUBMIT, TRACK, form_data, photo, use_tmp_media

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    return use_tmp_media(settings, tmp_path)


@pytest.mark.parametrize(
    "path",
    [
        "/phan-anh/PA%00X/",
        "/cong-khai/PA%00X/",
        "/gui-phan-anh/da-gui/PA%00X/",
        "/theo-doi/PA%00X/abc/",
        "/phan-anh/PA-2026-000001%20OR%201/",
    ],
)
def test_odd_codes_in_addresses_are_not_found(client, world, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("query", ["den_ngay=9999-12-31", "tu_ngay=0001-01-01"])
@pytest.mark.parametrize("page", ["/cong-khai/", "/cong-khai/diem.json"])
def test_dates_out_of_range_are_refused_with_a_message(client, world, page, query):
    response = client.get(f"{page}?{query}")
    assert response.status_code == 400
    if page.endswith(".json"):
        (messages,) = response.json()["error"]["fields"].values()
        assert messages == ["Ngày không hợp lệ."]
    else:
        assert "Ngày không hợp lệ." in response.content.decode()


def test_a_code_can_be_tried_with_only_a_few_phones(client, world, settings):
    report, _ = report_in_state(world, State.PUBLISHED)
    for i in range(10):
        response = Client(REMOTE_ADDR=f"198.51.100.{i}").post(
            TRACK, {"code": report.code, "phone": f"09123400{i:02d}"}
        )
        assert response.status_code == 400
    # The right phone, from yet another address: the code is locked for the day.
    response = Client(REMOTE_ADDR="198.51.100.99").post(
        TRACK, {"code": report.code, "phone": "0912345678"}
    )
    assert response.status_code == 429
    assert "quá nhiều lần" in response.content.decode()


def test_reporter_pages_are_never_cached_and_sign_out_forgets_the_secret(client, world):
    response = client.post(SUBMIT, form_data())
    done = client.get(response["Location"])
    assert "no-store" in done["Cache-Control"]
    code = Report.objects.get().code
    assert "no-store" in client.get(f"/phan-anh/{code}/")["Cache-Control"]
    client.post("/tai-khoan/dang-xuat/")
    assert "submitted_secrets" not in client.session
    assert client.get(f"/phan-anh/{code}/").status_code == 302


def test_proving_a_report_gives_the_session_a_new_id(client, world):
    report, secret = report_in_state(world, State.PUBLISHED)
    client.get("/")
    client.session.save()
    before = client.session.session_key
    client.get(f"/theo-doi/{report.code}/{secret}/")
    assert client.session.session_key != before


def test_surplus_files_without_javascript_are_refused_before_they_are_stored(client, world):
    files = [photo(f"a{i}.jpg") for i in range(7)]
    response = client.post(SUBMIT, {**form_data(), "files": files})
    assert response.status_code == 400
    assert "Quá số ảnh, video cho phép" in response.content.decode()
    assert not Attachment.objects.exists()
    assert not Report.objects.exists()


def test_uploads_without_javascript_count_towards_the_address_limit(client, world, settings):
    settings.PAHT_UPLOAD_PER_IP_HOUR = 1
    response = client.post(SUBMIT, {**form_data(field=""), "files": [photo(), photo("b.jpg")]})
    assert response.status_code == 400
    assert "quá nhiều tệp" in response.content.decode()
    assert Attachment.objects.count() == 1
