"""The citizen's submit form, server side: every error in place, nothing typed lost,
nothing created on a refusal; files without JavaScript; idempotency; rate limits."""

import re
import threading
import uuid
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.test import Client
from django.utils import timezone

from paht.core.models import IdempotencyKey
from paht.media.models import Attachment, Purpose
from paht.reports.models import Report
from paht.web.views import submit as submit_view
from tests.factories import AN_XUYEN, AN_XUYEN_POINT, make_world
from tests.media.conftest import upload
from tests.web.helpers import (
    SUBMIT,
    assert_field_error,
    assert_secure_page,
    by_id,
    controls,
    created_counts,
    dom,
    errors_in,
    form_data,
    pending_uploads,
    photo,
    squash,
    text,
    use_tmp_media,
    value_of,
    values_of,
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    return use_tmp_media(settings, tmp_path)


def _done_url(response) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    assert re.fullmatch(r"/gui-phan-anh/da-gui/PA-\d{4}-\d{6}/", response["Location"])
    return response["Location"]


def assert_kept(response, data: dict, *, except_: set[str] = frozenset()) -> None:
    """Everything the citizen typed comes back in the re-rendered form."""
    root = dom(response)
    for name in ("field", "description", "address", "commune", "name", "phone", "email"):
        if name in except_ or name not in data:
            continue
        assert squash(value_of(root, name) or "") == squash(data[name]), name
    if "observed_at" not in except_:
        assert value_of(root, "observed_at") == data["observed_at"]
    for name in ("lat", "lng"):
        if name not in except_:
            assert value_of(root, name) == data.get(name, "")
    assert value_of(root, "share_identity") is bool(data.get("share_identity"))


# --- the empty form ----------------------------------------------------------------


def test_the_form_opens_with_a_fresh_key_and_every_field(client, world):
    first = client.get(SUBMIT)
    second = client.get(SUBMIT)
    assert first.status_code == 200
    assert_secure_page(first)
    root = dom(first)
    key = value_of(root, "key")
    assert len(key) >= 20 and key != value_of(dom(second), "key")
    for name in ("field", "description", "observed_at", "files", "address", "commune"):
        assert controls(root, name), name
    for name in ("name", "phone", "email", "share_identity", "csrfmiddlewaretoken"):
        assert controls(root, name), name
    # Every active field is offered, and only communes of the province.
    assert len(controls(root, "field")) == 10
    options = [o for o in controls(root, "commune")[0].children if not isinstance(o, str)]
    assert any(dict(o.attributes).get("value") == AN_XUYEN for o in options)
    assert "multipart/form-data" in first.content.decode()


# --- every form error -------------------------------------------------------------

FUTURE = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
FAR_AWAY = {"lat": "21.028500", "lng": "105.854200", "commune": ""}  # Hà Nội

NOT_A_CHOICE = {"khong_ton_tai", "00004", "99999"}
FORM_ERRORS = [
    ("missing field", {"field": ""}, "field", "Vui lòng chọn lĩnh vực."),
    ("unknown field", {"field": "khong_ton_tai"}, "field", "Lĩnh vực không hợp lệ."),
    ("missing description", {"description": "   "}, "description", "Vui lòng mô tả vấn đề"),
    (
        "too long description",
        {"description": "Ổ gà " * 801},
        "description",
        "Nội dung quá dài (tối đa 4000 ký tự).",
    ),
    (
        "no location",
        {"commune": "", "lat": "", "lng": ""},
        "commune",
        "Vui lòng chọn vị trí trên bản đồ, hoặc chọn xã, phường nơi xảy ra.",
    ),
    ("point outside the province", FAR_AWAY, "commune", "Vị trí nằm ngoài địa bàn tỉnh."),
    (
        "point outside, commune given",
        {**FAR_AWAY, "commune": AN_XUYEN},
        "commune",
        "Vị trí nằm ngoài địa bàn tỉnh.",
    ),
    ("latitude not a number", {"lat": "abc", "lng": "105.1"}, "commune", "Tọa độ không hợp lệ."),
    ("latitude without longitude", {"lat": "9.2250"}, "commune", "cả vĩ độ và kinh độ"),
    (
        "commune of another province",
        {"commune": "00004"},  # Phường Ba Đình, Hà Nội
        "commune",
        "Xã, phường không thuộc địa bàn tỉnh.",
    ),
    ("unknown commune", {"commune": "99999"}, "commune", "Xã, phường không thuộc địa bàn tỉnh."),
    ("phone too short", {"phone": "09123"}, "phone", "Số điện thoại không hợp lệ."),
    ("phone with letters", {"phone": "09l2 345 67B"}, "phone", "Số điện thoại không hợp lệ."),
    ("phone from abroad", {"phone": "+1 415 555 2671"}, "phone", "Số điện thoại không hợp lệ."),
    ("phone from France", {"phone": "+33 6 12 34 56 78"}, "phone", "Số điện thoại không hợp lệ."),
    ("missing phone", {"phone": ""}, "phone", "Vui lòng nhập số điện thoại."),
    ("missing name", {"name": "  "}, "name", "Vui lòng nhập họ tên."),
    ("bad email", {"email": "binh@"}, "email", "Địa chỉ email không hợp lệ."),
    ("email with spaces", {"email": "binh @example.com"}, "email", "Địa chỉ email không hợp lệ."),
    ("observed in the future", {"observed_at": FUTURE}, "observed_at", "không thể ở tương lai"),
    (
        "observed_at unparsable",
        {"observed_at": "hôm qua"},
        "observed_at",
        "Thời điểm không hợp lệ.",
    ),
    ("observed_at impossible", {"observed_at": "2026-02-30T10:00"}, "observed_at", "không hợp lệ"),
]


@pytest.mark.parametrize(
    "overrides, name, message", [c[1:] for c in FORM_ERRORS], ids=[c[0] for c in FORM_ERRORS]
)
def test_each_form_error_is_shown_at_its_field_and_nothing_is_lost_or_created(
    client, world, overrides, name, message
):
    data = form_data(**overrides)
    before = created_counts()
    response = client.post(SUBMIT, data)
    assert response.status_code == 400
    assert_secure_page(response)
    assert_field_error(response, name, message)
    # Only this field is in error: the others were fine and say nothing.
    assert set(errors_in(response)) == {name}
    # A value that is not one of the choices cannot be shown selected.
    unshowable = {k for k, v in overrides.items() if v in NOT_A_CHOICE}
    assert_kept(response, data, except_=unshowable)
    for k in unshowable:
        assert not value_of(dom(response), k)
    assert value_of(dom(response), "key") == data["key"]
    assert "Phản ánh chưa được gửi" in response.content.decode()
    assert created_counts() == before


def test_many_errors_at_once_are_all_shown(client, world):
    data = form_data(field="", description="", name="", phone="abc", email="x@", commune="")
    response = client.post(SUBMIT, data)
    assert response.status_code == 400
    assert set(errors_in(response)) == {"field", "description", "name", "phone", "email", "commune"}
    assert_field_error(response, "field", "Vui lòng chọn lĩnh vực.")
    assert_field_error(response, "email", "Địa chỉ email không hợp lệ.")
    assert_kept(response, data)
    assert created_counts() == (0, 0, 0)


@pytest.mark.parametrize("key", [None, "", "k" * 101], ids=["absent", "empty", "too long"])
def test_a_form_without_a_usable_key_gets_a_new_one(client, world, key):
    data = form_data(key=key)
    response = client.post(SUBMIT, data)
    assert response.status_code == 400
    assert "Biểu mẫu đã cũ. Vui lòng kiểm tra lại rồi bấm “Gửi phản ánh”." in (
        response.content.decode()
    )
    assert_kept(response, data)
    assert created_counts() == (0, 0, 0)
    new_key = value_of(dom(response), "key")
    assert 20 <= len(new_key) <= 100
    _done_url(client.post(SUBMIT, {**data, "key": new_key}))


def test_an_unchecked_consent_stays_unchecked(client, world):
    data = form_data(share_identity=None, name="")
    response = client.post(SUBMIT, data)
    assert response.status_code == 400
    assert value_of(dom(response), "share_identity") is False


def test_user_text_is_escaped_when_the_form_comes_back(client, world):
    data = form_data(description='<script>alert("x")</script> ổ gà', name="")
    response = client.post(SUBMIT, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert_secure_page(response)


# --- files, without JavaScript ----------------------------------------------------


def _ref(result) -> str:
    return f"{result.attachment.pk}:{result.key}"


BAD_REFS = {
    "unknown id": lambda: f"{uuid.uuid4()}:some-key",
    "wrong key": lambda: f"{upload(_jpeg()).attachment.pk}:not-the-key",
    "not an id": lambda: "garbage:key",
    "no key": lambda: str(upload(_jpeg()).attachment.pk),
}


def _jpeg():
    from tests.media import samples

    return samples.jpeg(320, 240)


@pytest.mark.parametrize("make_ref", BAD_REFS.values(), ids=BAD_REFS.keys())
def test_a_bad_attachment_reference_is_refused_and_nothing_is_created(client, world, make_ref):
    bad = make_ref()
    good = upload(_jpeg(), name="tot.jpg")
    data = form_data(attachment=[_ref(good), bad])
    response = client.post(SUBMIT, data)
    assert response.status_code == 400
    assert_field_error(response, "files", "Không tìm thấy tệp đã tải lên, hoặc tệp đã được dùng")
    assert_kept(response, data)
    assert created_counts() == (0, 0, 0)
    # The good file is still carried; the bad one is not offered again.
    assert values_of(dom(response), "attachment") == [_ref(good)]
    assert Attachment.objects.get(pk=good.attachment.pk).report_id is None


def test_a_file_already_used_by_another_report_is_refused(client, world):
    result = upload(_jpeg())
    first = client.post(SUBMIT, form_data(attachment=[_ref(result)]))
    _done_url(first)
    counts = created_counts()
    again = Client().post(SUBMIT, form_data(attachment=[_ref(result)], phone="0987 111 222"))
    assert again.status_code == 400
    assert_field_error(again, "files", "tệp đã được dùng")
    assert created_counts() == counts
    assert Attachment.objects.get(pk=result.attachment.pk).report.code in first["Location"]


def test_a_refused_file_is_named_and_nothing_is_created(client, world, media_root):
    fake = SimpleUploadedFile("ghi-chu.jpg", "Đây là ghi chú, không phải ảnh.\n".encode() * 20)
    data = form_data()
    response = client.post(SUBMIT, {**data, "files": [fake]})
    assert response.status_code == 400
    errors = errors_in(response)
    assert set(errors) == {"files"}
    assert "ghi-chu.jpg" in errors["files"]
    assert "Không nhận ra tệp này là ảnh hay video được hỗ trợ" in errors["files"]
    assert_field_error(response, "files", "ghi-chu.jpg")
    assert_kept(response, data)
    assert created_counts() == (0, 0, 0)
    assert Attachment.objects.count() == 0
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))


def test_good_files_survive_a_form_error_and_the_second_submit_attaches_them(client, world):
    data = form_data(name="")
    response = client.post(SUBMIT, {**data, "files": [photo("a.jpg"), photo("b.jpg", 800)]})
    assert response.status_code == 400
    assert_field_error(response, "name", "Vui lòng nhập họ tên.")
    root = dom(response)
    carried = values_of(root, "attachment")
    assert len(carried) == 2
    assert all(c.split(":")[0] and c.split(":")[1] for c in carried)
    for el in controls(root, "attachment"):
        assert dict(el.attributes)["type"] == "hidden"
    listed, _a = by_id(root, "carried")
    assert "a.jpg" in text(listed) and "b.jpg" in text(listed)
    assert pending_uploads() == 2 and created_counts() == (0, 0, 0)

    fixed = {**data, "name": "Lê Thị Bình", "attachment": carried}
    done = client.post(SUBMIT, fixed)
    code = _done_url(done).split("/")[-2]
    report = Report.objects.get(code=code)
    assert sorted(str(a.pk) for a in report.attachments.all()) == sorted(
        c.split(":")[0] for c in carried
    )
    assert pending_uploads() == 0


def test_too_many_photos_is_refused_and_one_can_be_dropped_without_javascript(
    client, world, settings
):
    settings.PAHT_MEDIA_MAX_PHOTOS = 2
    data = form_data()
    files = [photo(f"p{i}.jpg", 320 + 16 * i) for i in range(3)]
    response = client.post(SUBMIT, {**data, "files": files})
    assert response.status_code == 400
    assert_field_error(response, "files", "tối đa 2 ảnh")
    assert_kept(response, data)
    assert created_counts() == (0, 0, 0)
    carried = values_of(dom(response), "attachment")
    assert len(carried) == 3
    # Without JavaScript the citizen ticks the file to leave out and sends again.
    drops = values_of(dom(response), "drop_attachment")
    assert sorted(drops) == sorted(carried)
    done = client.post(SUBMIT, {**data, "attachment": carried, "drop_attachment": [carried[0]]})
    report = Report.objects.get(code=_done_url(done).split("/")[-2])
    assert report.attachments.count() == 2
    assert str(report.attachments.order_by("created_at").first().pk) != carried[0].split(":")[0]


# --- success ------------------------------------------------------------------------


def test_success_without_javascript_two_photos(client, world):
    data = form_data()
    response = client.post(SUBMIT, {**data, "files": [photo("o-ga-1.jpg"), photo("o-ga-2.jpg")]})
    done_url = _done_url(response)
    code = done_url.split("/")[-2]
    report = Report.objects.get(code=code)
    assert report.field.code == "ha_tang_do_thi" and report.commune_id == AN_XUYEN
    assert report.contact.phone == "0912345678" and report.contact.name == "Lê Thị Bình"
    assert report.share_identity is True and report.channel == "web"
    evidence = report.attachments.filter(purpose=Purpose.EVIDENCE)
    assert evidence.count() == 2
    assert sorted(a.source_name for a in evidence) == ["o-ga-1.jpg", "o-ga-2.jpg"]
    assert created_counts() == (1, 1, 1)

    page = client.get(done_url)
    assert page.status_code == 200
    assert_secure_page(page)
    root = dom(page)
    assert text(by_id(root, "tracking-code")[0]) == code
    link = dict(by_id(root, "secret-link")[0].attributes)["href"]
    assert link.startswith("http://testserver/theo-doi/" + code + "/")
    # The expected dates: classification by the report's deadline, a result date after it.
    deadline = timezone.localtime(report.deadline_at).strftime("%H:%M %d/%m/%Y")
    html = page.content.decode()
    assert deadline in html
    result_by = re.search(r"thời hạn dự kiến: <strong>(\d\d/\d\d/\d{4})</strong>", html)
    assert result_by, html
    day, month, year = map(int, result_by.group(1).split("/"))
    assert (year, month, day) >= timezone.localtime(report.deadline_at).timetuple()[:3]

    # The session follows its report; the secret link works from another browser.
    assert client.get(f"/phan-anh/{code}/").status_code == 200
    stranger = Client()
    assert stranger.get(f"/phan-anh/{code}/").status_code == 302
    opened = stranger.get(link.removeprefix("http://testserver"), follow=True)
    assert opened.status_code == 200
    final = opened.redirect_chain[-1][0]
    assert final == f"/phan-anh/{code}/"
    assert link.rsplit("/", 2)[-2] not in final
    assert code in opened.content.decode()


def test_the_done_page_is_only_for_the_sender(client, world):
    code = _done_url(client.post(SUBMIT, form_data())).split("/")[-2]
    response = Client().get(f"/gui-phan-anh/da-gui/{code}/")
    assert response.status_code == 302 and response["Location"] == "/tra-cuu/"
    assert Client().get("/gui-phan-anh/da-gui/PA-1999-000001/").status_code == 404


def test_a_location_by_map_point_finds_the_commune(client, world):
    lat, lng = AN_XUYEN_POINT
    data = form_data(commune="", lat=f"{lat:.6f}", lng=f"{lng:.6f}", address="")
    code = _done_url(client.post(SUBMIT, data)).split("/")[-2]
    report = Report.objects.get(code=code)
    assert report.commune_id == AN_XUYEN and report.lat == pytest.approx(lat)


# --- idempotency --------------------------------------------------------------------


def test_the_same_form_sent_twice_makes_one_report(client, world):
    data = form_data()
    first = client.post(SUBMIT, {**data, "files": [photo("a.jpg")]})
    second = client.post(SUBMIT, {**data, "files": [photo("a.jpg")]})
    assert _done_url(first) == _done_url(second)
    assert created_counts() == (1, 1, 1)
    # The resend did not even store its copy of the file again.
    assert Attachment.objects.count() == 1 and pending_uploads() == 0
    assert client.get(second["Location"]).status_code == 200


def test_a_resend_from_a_browser_that_lost_the_answer_gets_the_same_report(client, world):
    data = form_data()
    first = client.post(SUBMIT, data)
    other = Client()  # the first answer (and its cookie) never arrived
    second = other.post(SUBMIT, data)
    assert _done_url(first) == _done_url(second)
    assert created_counts() == (1, 1, 1)
    assert other.get(second["Location"]).status_code == 200


@pytest.mark.parametrize("same_browser", [True, False], ids=["same browser", "other browser"])
def test_the_same_key_with_other_content_is_refused_with_a_message(client, world, same_browser):
    data = form_data()
    first = client.post(SUBMIT, data)
    _done_url(first)
    changed = {**data, "description": "Một việc khác hẳn: cây đổ chắn ngang đường Phan Ngọc Hiển."}
    sender = client if same_browser else Client()
    response = sender.post(SUBMIT, changed)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Khóa chống gửi trùng này đã được dùng cho một yêu cầu khác." in html
    assert created_counts() == (1, 1, 1)
    assert_kept(response, changed)
    # The form comes back with a new key: sending it again makes the second report.
    new_key = value_of(dom(response), "key")
    assert new_key and new_key != data["key"]
    again = sender.post(SUBMIT, {**changed, "key": new_key})
    assert _done_url(again) != first["Location"]
    assert Report.objects.count() == 2


def test_a_double_tap_with_files_racing_the_first_gets_its_report(client, world, monkeypatch):
    # The second request looked for an earlier report before the first one committed,
    # then stored its own copy of the files: their new ids make the content differ.
    data = form_data()
    first = client.post(SUBMIT, {**data, "files": [photo("a.jpg")]})
    real = submit_view.citizen_report_resent
    calls = []

    def not_yet_committed(**kw):
        calls.append(kw)
        return None if len(calls) == 1 else real(**kw)

    monkeypatch.setattr(submit_view, "citizen_report_resent", not_yet_committed)
    second = Client().post(SUBMIT, {**data, "files": [photo("a.jpg")]})
    assert len(calls) == 2
    assert _done_url(second) == _done_url(first)
    assert created_counts() == (1, 1, 1)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("with_files", [False, True], ids=["text only", "with a photo"])
def test_concurrent_posts_with_the_same_key_create_one_report(with_files):
    # Real separate connections: PostgreSQL's unique index, or SQLite's write lock.
    make_world()
    data = form_data()
    n = 6
    barrier = threading.Barrier(n)
    answers = [None] * n

    def post(i):
        try:
            browser = Client()
            sent = {**data, "files": [photo()]} if with_files else data
            barrier.wait()
            response = browser.post(SUBMIT, sent)
            answers[i] = (response.status_code, response.get("Location"))
        except Exception as exc:  # reported by the assertion below
            answers[i] = ("error", exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert all(a and a[0] == 302 for a in answers), answers
    assert len({a[1] for a in answers}) == 1, answers
    assert Report.objects.count() == 1
    assert IdempotencyKey.objects.filter(key=data["key"]).count() == 1
    if with_files:
        assert Report.objects.get().attachments.count() == 1


# --- rate limits ---------------------------------------------------------------------


def test_the_per_phone_daily_limit_answers_429_and_creates_nothing(client, world, settings):
    settings.PAHT_SUBMIT_PER_PHONE_DAY = 2
    _done_url(client.post(SUBMIT, form_data(phone="0912 345 678")))
    _done_url(Client().post(SUBMIT, form_data(phone="+84912345678")))  # the same number
    before = created_counts()
    data = form_data(phone="84 912 345 678")
    response = Client().post(SUBMIT, data)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Bạn đã gửi nhiều phản ánh trong thời gian ngắn" in html
    assert_kept(response, data)
    assert created_counts() == before
    # Another phone is not concerned.
    _done_url(Client().post(SUBMIT, form_data(phone="0987 654 321")))


def test_a_refused_submission_does_not_use_up_the_limit(client, world, settings):
    settings.PAHT_SUBMIT_PER_PHONE_DAY = 1
    far = client.post(SUBMIT, form_data(**FAR_AWAY))
    assert far.status_code == 400
    _done_url(client.post(SUBMIT, form_data()))
