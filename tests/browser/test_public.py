"""What anyone sees: the published result on the list, the map and the detail page, with
no trace of who sent it, in the HTML or in the pictures; and the pages in English."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from paht.media.uploads import attachment_upload, attachments_attach
from paht.reports.permissions import Actor
from paht.reports.services import report_transition
from paht.reports.workflow import Action
from tests.factories import submit
from tests.media import samples

from .conftest import (
    DESKTOP,
    EMAIL,
    MARKERS,
    NAME,
    PHONE,
    PHONE_NUMBER,
    RESULT_TEXT,
    assert_clean_image,
    assert_no_personal_data,
    resolve,
    shot,
    too_wide,
)

TITLE = "Ổ gà lớn trước chợ Phường 5"


def _published(staff):
    """A report sent with two phone photos, resolved with a result photo, then published;
    the reporter later replied with their phone number and email."""
    report = submit(
        staff,
        title=TITLE,
        description="Ổ gà sâu trước cổng chợ, trời mưa đọng nước, xe máy đã ngã hai lần.",
        name=NAME,
        phone=PHONE_NUMBER,
        email=EMAIL,
    ).report
    refs = []
    for width, height in [(1200, 900), (900, 1200)]:
        upload = attachment_upload(
            file=SimpleUploadedFile("IMG_0001.jpg", samples.jpeg(width, height)),
            name="IMG_0001.jpg",
            actor=Actor.anonymous(),
        )
        refs.append((str(upload.attachment.pk), upload.key))
    attachments_attach(report=report, refs=refs, actor=Actor.reporter(report))
    report = resolve(staff, report)
    note = f"Cần thêm thông tin xin gọi {NAME}, số 0912 345 678, email {EMAIL}."
    report_transition(report=report, action=Action.REPLY, actor=Actor.reporter(report), note=note)
    report.refresh_from_db()
    return report


class Visitor:
    """Walks the public pages, keeping every HTML text and picture address it met."""

    def __init__(self, context):
        self.context = context
        self.page = context.new_page()
        self.texts: dict[str, str] = {}
        self.images: set[str] = set()
        self.page.on("response", self._seen)

    def _seen(self, response):
        if response.request.resource_type == "image" and "/media/" in response.url:
            self.images.add(response.url)

    def keep(self, where: str):
        page = self.page
        self.texts[f"{where} (DOM)"] = page.content()
        self.texts[f"{where} (HTML)"] = self.context.request.get(page.url).text()
        sources = [img.get_attribute("src") for img in page.locator("main img").all()]
        sources += [a.get_attribute("href") for a in page.locator(".gallery a").all()]
        self.images.update(s for s in sources if "/media/" in s)

    def fetch(self, url: str):
        response = self.context.request.get(url)
        assert response.ok, f"{url}: {response.status}"
        return response


def test_public_visitor_sees_the_result_without_personal_data(new_context, staff, live_server):
    report = _published(staff)
    code = report.code

    desktop = Visitor(new_context(**DESKTOP))
    page = desktop.page
    page.goto("/")
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    desktop.keep("home")
    shot(page, "home-desktop")

    page.goto("/cong-khai/")
    card = page.locator(".card", has_text=TITLE)
    expect(card).to_contain_text(code)
    expect(card.locator("img")).to_be_visible()
    desktop.keep("public list")
    shot(page, "public-list-desktop")

    page.goto("/cong-khai/ban-do/")
    expect(page.locator("#map-count")).to_have_text(re.compile(r":\s*1$"))
    marker = page.locator("#public-map .leaflet-marker-icon")
    expect(marker).to_have_count(1)
    marker.click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text(TITLE)
    expect(popup).to_contain_text(code)
    desktop.keep("public map")
    shot(page, "public-map-desktop")
    popup.get_by_role("link", name="Xem chi tiết").click()

    expect(page).to_have_url(re.compile(rf"/cong-khai/{code}/$"))
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("#result")).to_contain_text(RESULT_TEXT)
    expect(page.locator("main > .gallery img")).to_have_count(2)
    expect(page.locator("#result .gallery img")).to_have_count(1)
    expect(page.locator("#detail-map .leaflet-marker-icon")).to_have_count(1)
    for img in page.locator(".gallery img").all():
        img.scroll_into_view_if_needed()
        expect(img).to_have_js_property("complete", True)
        assert img.evaluate("i => i.naturalWidth") > 0
    desktop.keep("public detail")
    shot(page, "public-detail-desktop")

    # The same pages on a phone.
    phone = Visitor(new_context(**PHONE))
    wide = []
    for path, name in [
        ("/cong-khai/", "public-list-phone"),
        ("/cong-khai/ban-do/", "public-map-phone"),
        (f"/cong-khai/{code}/", "public-detail-phone"),
    ]:
        phone.page.goto(path)
        if "ban-do" in path:
            expect(phone.page.locator("#public-map .leaflet-marker-icon")).to_have_count(1)
        phone.keep(name)
        shot(phone.page, name)
        wide += too_wide(phone.page)

    # The map's data, the CSV export: also nothing personal.
    desktop.texts["points"] = desktop.fetch("/cong-khai/diem.json").text()
    assert code in desktop.texts["points"]
    desktop.texts["csv"] = desktop.fetch("/cong-khai/phan-anh.csv").text()
    assert code in desktop.texts["csv"]

    for visitor in (desktop, phone):
        for where, text in visitor.texts.items():
            assert_no_personal_data(text, where)
            for marker in MARKERS[:3]:
                assert marker.decode() not in text, f"{marker!r} in {where}"

    # Every picture served: the three photos' public copies, in every size shown.
    urls = {u.removeprefix(live_server.url) for u in desktop.images | phone.images}
    attachments = list(report.attachments.all())
    assert len(attachments) == 3
    for a in attachments:
        assert any(str(a.pk) in u for u in urls), f"{a.pk} never shown"
    assert len(urls) >= 6  # small, medium and display copies at least
    for url in sorted(urls):
        response = desktop.fetch(url)
        assert response.headers["content-type"] == "image/jpeg", url
        assert_clean_image(response.body(), url)
    # The uploaded originals (EXIF and all) are the coordinator's alone.
    for a in attachments:
        assert desktop.context.request.get(f"/media/{a.pk}/original").status == 404
    assert not wide, wide


def test_language_switch_to_english_and_back(new_context, base_data):
    page = new_context(**DESKTOP).new_page()
    page.goto("/tra-cuu/")
    shot(page, "track-desktop")
    page.goto("/gui-phan-anh/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    shot(page, "submit-desktop")

    with page.expect_navigation():
        page.locator("header form.lang").get_by_role("button", name="English").click()
    expect(page).to_have_url(re.compile(r"/gui-phan-anh/$"))
    shot(page, "submit-en-desktop")
    # The choice holds for the next pages (another page, here on a phone with its cookie).
    phone = new_context(**PHONE).new_page()
    phone.context.add_cookies(page.context.cookies())
    phone.goto("/")
    shot(phone, "home-en-phone")
    phone.goto("/gui-phan-anh/")
    shot(phone, "submit-en-phone")
    for p in (page, phone):
        expect(p.locator("header form.lang button")).to_have_text("Tiếng Việt")
        expect(p.locator("html")).to_have_attribute("lang", "en")

    with page.expect_navigation():
        page.locator("header form.lang").get_by_role("button", name="Tiếng Việt").click()
    expect(page.locator("header form.lang button")).to_have_text("English")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
