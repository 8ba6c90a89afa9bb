"""A citizen in a real browser: submit from a phone, follow, rate, re-open; without
JavaScript; a double tap on "send"; the page in English."""

import re

from playwright.sync_api import FormData, expect

from paht.media.models import Attachment, MediaState
from paht.reports.models import Report, State
from tests.factories import AN_XUYEN, AN_XUYEN_POINT
from tests.media import samples

from .conftest import (
    EMAIL,
    NAME,
    PHONE,
    PHONE_NUMBER,
    RESULT_TEXT,
    resolve,
    shot,
    too_wide,
)

DESCRIPTION = "Ổ gà sâu khoảng 20 cm trước nhà số 12 đường Trần Hưng Đạo, xe máy đi qua rất dễ ngã."
FIELD_NAME = "Hạ tầng đô thị"
DONE_URL = re.compile(r"/gui-phan-anh/da-gui/([^/]+)/$")


def _fill_text(page, *, phone=PHONE_NUMBER):
    page.locator("label.choice", has_text=FIELD_NAME).click()
    page.locator("#id_description").fill(DESCRIPTION)
    page.locator("#id_name").fill(NAME)
    page.locator("#id_phone").fill(phone)
    page.locator("#id_email").fill(EMAIL)


def _code(page) -> str:
    expect(page).to_have_url(DONE_URL)
    code = page.locator("#tracking-code").inner_text().strip()
    assert DONE_URL.search(page.url).group(1) == code
    return code


def _posts(page, path="/gui-phan-anh/") -> list:
    sent = []
    page.on(
        "request",
        lambda r: sent.append(r.url) if r.method == "POST" and r.url.endswith(path) else None,
    )
    return sent


def test_citizen_submits_from_a_phone_follows_rates_and_reopens(
    new_context, base_data, staff, photos
):
    context = new_context(
        **PHONE,
        permissions=["geolocation"],
        geolocation={"latitude": AN_XUYEN_POINT[0], "longitude": AN_XUYEN_POINT[1]},
    )
    page = context.new_page()
    wide = []  # pages wider than the phone, asserted at the end
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    shot(page, "home-phone")
    wide += too_wide(page)

    page.locator(".hero").get_by_role("link", name="Gửi phản ánh").click()
    expect(page).to_have_url(re.compile(r"/gui-phan-anh/$"))
    expect(page.locator("#map-block")).to_be_visible()
    expect(page.locator("#map .leaflet-tile-loaded").first).to_be_attached()
    shot(page, "submit-phone")
    wide += too_wide(page)

    # Sending the empty form names every missing item and keeps the page usable.
    page.locator("#send").click()
    expect(page.locator("#form-errors")).to_be_visible()
    for name in ("field", "description", "name", "phone", "commune"):
        expect(page.locator(f"#{name}-error")).to_be_visible()
    expect(page.locator("#form-errors")).to_be_focused()
    shot(page, "submit-errors-phone")
    wide += too_wide(page)

    _fill_text(page, phone="0912 345 678")
    # Two photos, each uploaded at once; the first one's EXIF place sets the pin.
    page.locator("#id_files").set_input_files(photos)
    expect(page.locator("#uploads input[name=attachment]")).to_have_count(2)
    expect(page.locator("#uploads .upload.failed")).to_have_count(0)
    expect(page.locator("#uploads .status")).to_have_text(["Đã tải lên", "Đã tải lên"])
    expect(page.locator("#id_lat")).to_have_value("9.225000")
    expect(page.locator("#map .leaflet-marker-icon")).to_have_count(1)

    # "Use my location" (granted), then a tap on the map moves the pin there.
    page.locator("#use-location").click()
    expect(page.locator("#map-status")).to_contain_text("Phường An Xuyên")
    expect(page.locator("#id_commune")).to_have_value(AN_XUYEN)
    page.locator("#map").scroll_into_view_if_needed()
    box = page.locator("#map").bounding_box()
    page.touchscreen.tap(box["x"] + box["width"] / 2 + 50, box["y"] + box["height"] / 2 + 30)
    expect(page.locator("#id_lat")).not_to_have_value("9.225000")
    expect(page.locator("#map-status")).to_contain_text("Phường An Xuyên")
    lat = float(page.locator("#id_lat").input_value())
    lng = float(page.locator("#id_lng").input_value())
    assert lat < AN_XUYEN_POINT[0] and lng > AN_XUYEN_POINT[1]  # below and right of centre
    expect(page.locator("#map .leaflet-marker-icon")).to_have_count(1)

    page.locator("#send").click()
    code = _code(page)
    # The private link's secret is random: a hyphen in it lets the line break. Take the
    # worst case, a secret without one, so that the layout check does not depend on luck.
    page.locator("#secret-link").evaluate(
        "a => { a.textContent = a.textContent.replace(/[^/]+\\/$/, s => s.replace(/-/g, 'x')) }"
    )
    shot(page, "submitted-phone")
    wide += too_wide(page)

    report = Report.objects.get(code=code)
    assert report.state == State.SUBMITTED
    assert report.commune_id == AN_XUYEN
    assert abs(report.lat - lat) < 1e-6 and abs(report.lng - lng) < 1e-6
    assert report.description == DESCRIPTION
    files = list(report.attachments.order_by("created_at"))
    assert sorted(a.source_name for a in files) == sorted(p.name for p in photos)
    # Processed on the live server while it handled the uploads (tasks run inline).
    assert {a.state for a in files} == {MediaState.READY}

    # The private link leads to the reporter's page, and the secret leaves the address bar.
    link = page.locator("#secret-link").get_attribute("href")
    assert code in link
    page.goto(link)
    expect(page).to_have_url(re.compile(rf"/phan-anh/{code}/$"))
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator(".gallery img")).to_have_count(2)

    # Staff resolve it (services), the reporter sees the result, rates it, re-opens it.
    resolve(staff, report)
    page.reload()
    expect(page.locator("#result")).to_contain_text(RESULT_TEXT)
    expect(page.locator("#result .gallery img")).to_have_count(1)
    shot(page, "report-result-phone")
    wide += too_wide(page)

    page.locator("input[name=rating][value='4']").check()
    page.locator("input[name=satisfied][value='no']").check()
    page.get_by_role("button", name="Gửi đánh giá").click()
    expect(page.locator("#my-rating")).to_contain_text("4/5")
    expect(page.locator(".messages")).to_contain_text("Cảm ơn bạn đã đánh giá")
    report.refresh_from_db()
    assert (report.rating, report.satisfied) == (4, False)

    page.locator("#id_reopen-note").fill("Mưa xong ổ gà lại bong ra, nước đọng sâu hơn trước.")
    page.get_by_role("button", name="Gửi phản ánh lần 2").click()
    expect(page).not_to_have_url(re.compile(rf"/phan-anh/{code}/$"))
    second = Report.objects.get(previous_round=report)
    expect(page).to_have_url(re.compile(rf"/phan-anh/{second.code}/$"))
    expect(page.locator(".messages")).to_contain_text(second.code)
    expect(page.get_by_role("link", name=code)).to_be_visible()
    shot(page, "report-reopened-phone")
    report.refresh_from_db()
    assert report.state == State.REOPENED
    assert second.round == 2
    assert Report.objects.count() == 2
    assert not wide, wide


def test_without_javascript_photos_travel_with_the_form_and_tracking_works(
    new_context, base_data, photos
):
    context = new_context(**PHONE, java_script_enabled=False)
    page = context.new_page()
    wide = []
    page.goto("/gui-phan-anh/")
    expect(page.locator("#map-block")).to_be_hidden()  # no map without scripts
    _fill_text(page)
    page.locator("#id_commune").select_option(AN_XUYEN)
    page.locator("#id_files").set_input_files(photos)
    shot(page, "submit-nojs-phone")
    wide += too_wide(page)
    page.locator("#send").click()
    code = _code(page)

    report = Report.objects.get(code=code)
    assert report.commune_id == AN_XUYEN and report.lat is None
    files = list(report.attachments.all())
    assert sorted(a.source_name for a in files) == sorted(p.name for p in photos)
    assert {a.state for a in files} == {MediaState.READY}

    # Later, on another phone: tracking code + phone number (written another way).
    other = new_context(**PHONE, java_script_enabled=False).new_page()
    other.goto("/tra-cuu/")
    shot(other, "track-phone")
    wide += too_wide(other)
    other.locator("#id_code").fill(code)
    other.locator("#id_phone").fill("+84 912 999 999")
    other.get_by_role("button", name="Xem phản ánh").click()
    expect(other.locator(".notice.bad")).to_contain_text("Không tìm thấy phản ánh")
    other.locator("#id_code").fill(code.lower())
    other.locator("#id_phone").fill("+84 912 345 678")
    other.get_by_role("button", name="Xem phản ánh").click()
    expect(other).to_have_url(re.compile(rf"/phan-anh/{code}/$"))
    expect(other.locator("#state")).to_be_visible()
    expect(other.locator(".gallery img")).to_have_count(2)
    for img in other.locator(".gallery img").all():
        response = other.request.get(img.get_attribute("src"))
        assert response.ok and response.headers["content-type"] == "image/jpeg"
    assert not wide, wide


def test_a_double_tap_on_send_creates_one_report(new_context, base_data, photos):
    page = new_context(**PHONE).new_page()
    page.goto("/gui-phan-anh/")
    _fill_text(page)
    page.locator("#id_commune").select_option(AN_XUYEN)
    page.locator("#id_files").set_input_files(photos)
    expect(page.locator("#uploads input[name=attachment]")).to_have_count(2)
    sent = _posts(page)
    page.locator("#send").dblclick()
    code = _code(page)
    assert len(sent) == 1
    assert list(Report.objects.values_list("code", flat=True)) == [code]
    assert Report.objects.get().attachments.count() == 2


def test_the_photo_limit_counts_each_photo_once(new_context, base_data, photos, tmp_path):
    extra = []
    for i in range(4):
        path = tmp_path / f"them-{i}.jpg"
        path.write_bytes(samples.jpeg(640 + 8 * i, 480))
        extra.append(path)
    page = new_context(**PHONE).new_page()
    page.goto("/gui-phan-anh/")
    uploaded = page.locator("#uploads input[name=attachment]")
    files = page.locator("#id_files")
    files.set_input_files(photos)
    expect(uploaded).to_have_count(2)
    files.set_input_files(extra[:3])  # a second choice, once the first is uploaded
    expect(uploaded).to_have_count(5)
    expect(page.locator("#uploads .upload.failed")).to_have_count(0)

    files.set_input_files(extra[3:])  # a sixth photo is one too many
    refused = page.locator("#uploads .upload.failed")
    expect(refused).to_contain_text("Quá số tệp cho phép")
    refused.get_by_role("button", name="Bỏ").click()
    expect(refused).to_have_count(0)
    page.locator("#uploads .upload", has_text=photos[0].name).get_by_role(
        "button", name="Bỏ"
    ).click()
    files.set_input_files(extra[3:])  # room again after removing one
    expect(uploaded).to_have_count(5)
    expect(page.locator("#uploads .upload.failed")).to_have_count(0)

    _fill_text(page)
    page.locator("#id_commune").select_option(AN_XUYEN)
    page.locator("#send").click()
    _code(page)
    names = sorted(Report.objects.get().attachments.values_list("source_name", flat=True))
    assert names == sorted(p.name for p in [photos[1], *extra])


def test_without_javascript_a_double_tap_or_a_resend_creates_one_report(
    new_context, base_data, photos
):
    context = new_context(**PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto("/gui-phan-anh/")
    _fill_text(page)
    page.locator("#id_commune").select_option(AN_XUYEN)
    # What the form sends, for the resend below: its fields and the same two photos.
    resend = FormData()
    for field in page.locator("#report-form [name]:not([type=file]):not(button)").all():
        kind = field.get_attribute("type")
        if kind in ("radio", "checkbox") and not field.is_checked():
            continue
        resend.append(field.get_attribute("name"), field.input_value())
    for path in photos:
        resend.append(
            "files", {"name": path.name, "mimeType": "image/jpeg", "buffer": path.read_bytes()}
        )
    page.locator("#id_files").set_input_files(photos)
    sent = _posts(page)
    page.locator("#send").dblclick()
    code = _code(page)
    assert sent, "the form was not sent"
    assert list(Report.objects.values_list("code", flat=True)) == [code]

    # The answer was lost (no session cookie came back) and the phone sends it all again,
    # photos included: the citizen lands on the same report, no file is stored twice.
    context.clear_cookies(name="sessionid")
    stored = Attachment.objects.count()
    again = context.request.post("/gui-phan-anh/", multipart=resend, max_redirects=0)
    assert again.status == 302, again.text()[:2000]
    assert again.headers["location"].endswith(f"/gui-phan-anh/da-gui/{code}/")
    assert list(Report.objects.values_list("code", flat=True)) == [code]
    assert Report.objects.get().attachments.count() == 2
    assert Attachment.objects.count() == stored


def test_a_draft_survives_a_reload_and_keeps_personal_data_out_of_lasting_storage(
    new_context, base_data, photos
):
    page = new_context(**PHONE).new_page()
    page.goto("/gui-phan-anh/")
    _fill_text(page)
    page.locator("#id_commune").select_option(AN_XUYEN)
    page.locator("#id_files").set_input_files(photos[:1])
    expect(page.locator("#uploads input[name=attachment]")).to_have_count(1)
    key = page.locator("input[name=key]").input_value()

    page.reload()
    expect(page.locator("#id_name")).to_have_value(NAME)
    expect(page.locator("#id_description")).not_to_have_value("")
    expect(page.locator("#id_commune")).to_have_value(AN_XUYEN)
    expect(page.locator("#uploads input[name=attachment]")).to_have_count(1)
    # The same key: a resend after a lost answer is recognised, not sent twice.
    assert page.locator("input[name=key]").input_value() == key
    lasting = page.evaluate("() => JSON.stringify(localStorage)")
    assert NAME not in lasting and PHONE_NUMBER not in lasting and EMAIL not in lasting

    page.locator("#send").click()
    _code(page)
    assert Report.objects.get().attachments.count() == 1
    # The confirmation page's deferred script clears the draft (fails on timeout if not).
    page.wait_for_function("() => localStorage.length + sessionStorage.length === 0")
