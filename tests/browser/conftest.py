"""Playwright driving Debian's Chromium against pytest-django's live server.

One browser for all these tests, a fresh context (cookies, storage) per test. Nothing
leaves this machine: map tiles are answered locally and any other request to another
origin is refused. Screenshots go to ``tests/artifacts/`` (ignored by git, kept by CI).
"""

import io
import os
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from tests.factories import ensure_base_data, make_world
from tests.media import samples

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
TILES = "/test-tiles/{z}/{x}/{y}.png"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}

# The reporter every test uses, and the strings that must never reach a public page.
NAME = "Nguyễn Thị Hồng Nhung"
PHONE_NUMBER = "0912345678"
EMAIL = "hong.nhung@example.com"
MARKERS = [
    samples.MAKER.encode(),
    samples.MODEL.encode(),
    samples.SOFTWARE.encode(),
    b"PAHTMAKERNOTE",
    b"adobe:ns:meta",
    b"Exif\x00\x00",
]


def _chromium_path() -> str:
    path = os.environ.get("PAHT_CHROMIUM", "/usr/bin/chromium")
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        found = shutil.which(path)
        if not found:
            pytest.fail(
                f"Chromium not found at {path!r}: the browser tests need it. Install it with "
                "'sudo apt-get install -y chromium' (or run scripts/ensure-chromium), or point "
                "PAHT_CHROMIUM at a Chromium binary.",
                pytrace=False,
            )
        path = found
    return path


@pytest.fixture(scope="package")
def browser():
    """One Chromium for all the browser tests (this package), stopped when they are done.

    Playwright's sync API runs an event loop in the test thread meanwhile, so Django
    takes the tests' own ORM calls (setting up data, reading what the server stored) for
    async code: they are allowed while the browser runs, and only then; later tests
    (``asyncio.run``, async-safety checks) find the thread as it was.
    """
    from playwright.sync_api import expect, sync_playwright

    # Generous waits: CI machines are slow and shared; a passing check returns at once.
    expect.set_options(timeout=15_000)
    executable = _chromium_path()
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture(scope="session")
def tile_png() -> bytes:
    """A plain map-coloured tile with a faint grid, so screenshots show where the map is."""
    tile = Image.new("RGB", (256, 256), (236, 232, 222))
    draw = ImageDraw.Draw(tile)
    for i in range(0, 256, 64):
        draw.line([(i, 0), (i, 255)], fill=(214, 208, 196))
        draw.line([(0, i), (255, i)], fill=(214, 208, 196))
    out = io.BytesIO()
    tile.save(out, "PNG")
    return out.getvalue()


@pytest.fixture(autouse=True)
def _browser_settings(settings, tmp_path):
    """Same-origin map tiles (answered by the tests) and a media storage of this test's own.

    The live server runs in this process, so it sees these settings too.
    """
    settings.PAHT_MAP_TILE_URL = TILES
    settings.PAHT_MAP_ATTRIBUTION = "Test tiles"
    settings.STORAGES = {
        **settings.STORAGES,
        "media": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media"), "base_url": None},
        },
    }


@pytest.fixture
def base_data(live_server):
    """Communes and fields again: the transactional tests before this one flushed them."""
    ensure_base_data()


@pytest.fixture
def staff(live_server):
    """Units and officers (``make_world``), in the database the live server reads."""
    return make_world()


@pytest.fixture
def new_context(browser, live_server, tile_png):
    """``new_context(**options)``: a fresh browser context that never reaches the network."""
    contexts = []
    base = live_server.url

    def local_only(route):
        url = route.request.url
        if url.startswith(base + "/test-tiles/"):
            route.fulfill(status=200, content_type="image/png", body=tile_png)
        else:
            route.abort("blockedbyclient")

    def make(**options):
        options.setdefault("locale", "vi-VN")
        options.setdefault("timezone_id", "Asia/Ho_Chi_Minh")
        context = browser.new_context(base_url=base, **options)
        context.set_default_timeout(15_000)
        context.route(lambda url: not url.startswith(base) or "/test-tiles/" in url, local_only)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def photos(tmp_path) -> list[Path]:
    """Two phone photos with EXIF GPS (in Phường An Xuyên), maker, model and XMP."""
    paths = []
    for i, (w, h) in enumerate([(1200, 900), (900, 1200)], start=1):
        path = tmp_path / f"IMG_2026112{i}_083000.jpg"
        path.write_bytes(samples.jpeg(w, h))
        paths.append(path)
    return paths


def shot(page, name: str) -> None:
    """A full-page screenshot for the CI artifacts, lazy pictures loaded first."""
    from playwright.sync_api import expect

    for img in page.locator("img[loading=lazy]").all():
        img.scroll_into_view_if_needed()
        expect(img).to_have_js_property("complete", True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def too_wide(page) -> list[str]:
    """``[problem]`` if the page is wider than the screen (sideways scrolling on a phone).

    Tests gather these and assert at the end, so one page's layout bug does not hide
    what the rest of the journey would find.
    """
    viewport = page.viewport_size["width"]
    width = page.locator("html").evaluate("html => html.scrollWidth")
    return [f"{page.url} is {width}px wide on a {viewport}px screen"] if width > viewport else []


def phone_variants(phone: str) -> list[str]:
    """The ways a Vietnamese phone number may be written."""
    local = phone.lstrip("0")
    spaced = f"{phone[:4]} {phone[4:7]} {phone[7:]}"
    return [phone, f"+84{local}", f"84{local}", spaced, local]


def assert_no_personal_data(text: str, where: str) -> None:
    lowered = text.lower()
    for needle in [NAME, EMAIL, "hong.nhung", *phone_variants(PHONE_NUMBER)]:
        assert needle.lower() not in lowered, f"{needle!r} appears in {where}"
    # The name without diacritics, in case a page folded it.
    assert "nguyen thi hong nhung" not in lowered, f"the reporter's name appears in {where}"


def assert_clean_image(data: bytes, where: str) -> None:
    """No EXIF (so no GPS, no device), no XMP, no marker strings in the bytes."""
    image = Image.open(io.BytesIO(data))
    image.load()
    exif = image.getexif()
    assert not dict(exif), f"EXIF left in {where}: {dict(exif)}"
    assert not exif.get_ifd(0x8825), f"GPS left in {where}"
    for key in ("exif", "xmp", "XML:com.adobe.xmp"):
        assert key not in image.info, f"{key} left in {where}"
    for marker in MARKERS:
        assert marker not in data, f"{marker!r} left in {where}"


def resolve(world, report, *, result_photo: bool = True):
    """Staff handle the report through the services: assign → accept → result → approve
    → publish, with a photo of the result taken on site (EXIF and all)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from paht.media.uploads import attachment_upload
    from paht.reports.services import report_transition
    from paht.reports.workflow import Action

    def step(action, who, **payload):
        return report_transition(
            report=report, action=action, actor=world.actor(who), **payload
        ).report

    report = step(Action.ASSIGN, "coordinator", lead_unit=world.units["an_xuyen"])
    report = step(Action.ACCEPT, "handler")
    if result_photo:
        attachment_upload(
            file=SimpleUploadedFile("ket-qua.jpg", samples.jpeg(1000, 750)),
            name="ket-qua.jpg",
            actor=world.actor("handler"),
            report=report,
            purpose="result",
        )
    report = step(Action.SUBMIT_RESULT, "handler", note=RESULT_TEXT)
    report = step(Action.APPROVE, "approver")
    return step(Action.PUBLISH, "coordinator")


RESULT_TEXT = "Đã vá ổ gà bằng bê tông nhựa, mặt đường đã an toàn cho xe máy."
