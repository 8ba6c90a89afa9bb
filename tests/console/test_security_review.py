"""Regressions of the staff console's security review (findings 2–6, 8 and 10)."""

import re
import time

import pytest
from django.core import mail
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from paht.console.enrolment import ENROL
from paht.console.models import TwoFactorPolicy
from paht.console.security import SEEN_AT
from paht.core.models import IdempotencyKey
from paht.notify.models import Message
from paht.reports.models import ExtensionRequest, Report, State
from tests.console.helpers import client_for
from tests.factories import report_in_state

pytestmark = pytest.mark.django_db
PASSWORD = "x-test-pass-1"  # tests.factories._user
LOGIN = "/can-bo/dang-nhap/"
SETUP = "/can-bo/bao-mat/"
OTP = "/can-bo/xac-thuc/"


def _login(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def _code(device, offset: int = 0) -> str:
    device.refresh_from_db()
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{(value + offset) % 1_000_000:06d}"


def _enrol_secret(client) -> str:
    return client.session[ENROL]["key"]


def _enrol_code(client) -> str:
    return f"{totp(bytes.fromhex(_enrol_secret(client))):06d}"


def _fresh(device) -> None:
    """Let the device take a code again: no pause after a wrong one, no used time step."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None, last_t=-1
    )
    device.refresh_from_db()


def _verified_client(user, device) -> Client:
    """A session past the password and the code, as the console makes it."""
    client = Client()
    assert _login(client, user.username)["Location"].startswith(OTP)
    _fresh(device)
    assert client.post(OTP, {"token": _code(device)}).status_code == 302
    _fresh(device)
    return client


# --- 2. a session that owes its code is anonymous outside the sign-in pages -------------


def test_a_session_owing_its_code_reaches_only_the_sign_in_pages(world):
    user = world.users["admin"]
    user.is_staff = user.is_superuser = True
    user.save()
    TOTPDevice.objects.create(user=user, name="p", confirmed=True)
    c = Client()
    assert _login(c, "admin")["Location"].startswith(OTP)
    # The console sends it to the code page, the admin's door too, not back to the password.
    assert c.get("/can-bo/tiep-nhan/")["Location"].startswith(OTP)
    assert c.get("/can-bo/tong-hop/so-lieu/")["Location"].startswith(OTP)
    assert c.get("/admin/").status_code == 302
    assert c.get("/admin/login/?next=/admin/")["Location"].startswith(OTP)
    assert c.get("/admin/reports/report/").status_code == 302
    # The staff API has no session sign-in at all.
    assert c.get("/api/v1/staff/reports").status_code == 401
    # The code page itself, and signing out, still work for it.
    page = c.get(OTP)
    assert page.status_code == 200 and page.wsgi_request.user.is_authenticated
    assert c.post("/can-bo/dang-xuat/").status_code == 302
    assert "_auth_user_id" not in c.session


# --- 3. enrolment: a fresh secret per attempt, in the session ---------------------------


def test_enrolment_secrets_are_per_session_and_per_attempt(world):
    TwoFactorPolicy.objects.update_or_create(role="coordinator", defaults={"require_totp": True})
    user = world.users["coordinator"]
    intruder, owner = Client(), Client()
    assert _login(intruder, "coordinator")["Location"].startswith(SETUP)
    assert _login(owner, "coordinator")["Location"].startswith(SETUP)
    seen_by_intruder = intruder.get(SETUP).content.decode()
    owners_page = owner.get(SETUP).content.decode()
    intruder_secret, owner_secret = _enrol_secret(intruder), _enrol_secret(owner)
    assert intruder_secret != owner_secret
    shown = re.search(r'id="totp-secret">([^<]+)<', owners_page).group(1)
    assert shown not in seen_by_intruder
    # Nothing is stored for the account until a code confirms it.
    assert not TOTPDevice.objects.filter(user=user).exists()
    # Showing the page again draws another secret.
    owner.get(SETUP)
    scanned = _enrol_secret(owner)
    assert scanned != owner_secret
    assert owner.post(SETUP, {"token": _enrol_code(owner)}).status_code == 302
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed and device.key == scanned
    assert ENROL not in owner.session  # the secret left the session once confirmed
    # The intruder's pending secret is worth nothing now: the account asks for the code
    # of the owner's app, and the intruder's code is not it.
    assert intruder.post(SETUP, {"token": "123456"})["Location"].startswith(OTP)
    assert TOTPDevice.objects.filter(user=user).count() == 1
    assert TOTPDevice.objects.get(user=user).key != intruder_secret


def test_a_form_whose_secret_is_gone_asks_to_scan_again(world):
    TwoFactorPolicy.objects.update_or_create(role="coordinator", defaults={"require_totp": True})
    c = Client()
    _login(c, "coordinator")
    response = c.post(SETUP, {"token": "123456"})  # no page shown, so no secret
    assert response.status_code == 400
    assert "quét lại" in response.content.decode()
    assert not TOTPDevice.objects.exists()


# --- 4. the admin's sign-in redirects only within the site ------------------------------


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/x", "https:/evil.example", "/\\evil.example"],
)
def test_admin_login_does_not_redirect_off_site(world, target):
    user = world.users["admin"]
    user.is_staff = user.is_superuser = True
    user.save()
    c = Client()
    _login(c, "admin")
    response = c.get("/admin/login/", {"next": target})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert c.get("/admin/login/", {"next": "/admin/reports/"})["Location"] == "/admin/reports/"


# --- 5. the "admin" policy covers whoever may open the admin ----------------------------


def test_admin_policy_applies_to_plain_staff_users(world):
    user = world.users["handler"]
    user.is_staff = True  # may open the admin, without being a superuser
    user.save()
    TwoFactorPolicy.objects.update_or_create(role="admin", defaults={"require_totp": True})
    c = Client()
    assert _login(c, "handler")["Location"].startswith(SETUP)
    assert c.get("/can-bo/don-vi/")["Location"].startswith(SETUP)
    # A non-staff handler is not concerned by the admin policy.
    assert _login(Client(), "handler2")["Location"] == "/can-bo/"


# --- 6. replacing the app needs the current one (or the password); the owner is told ---


def test_replacing_the_app_needs_proof_and_emails_the_owner(world, caplog):
    user = world.users["approver"]
    user.email = "duyet@example.org"
    user.save()
    old = TOTPDevice.objects.create(user=user, name="p", confirmed=True)
    c = _verified_client(user, old)
    page = c.get(SETUP).content.decode()
    assert 'name="current"' in page
    # A code from the new app alone is not enough.
    r = c.post(SETUP, {"token": _enrol_code(c)})
    assert r.status_code == 400 and "ứng dụng đang dùng" in r.content.decode()
    r = c.post(SETUP, {"token": _enrol_code(c), "current": "sai-mat-khau"})
    assert r.status_code == 400
    _fresh(old)
    r = c.post(SETUP, {"token": _enrol_code(c), "current": _code(old, 1)})
    assert r.status_code == 400
    assert TOTPDevice.objects.get(user=user).pk == old.pk and not mail.outbox
    # The current app's code does it.
    _fresh(old)
    new_secret = _enrol_secret(c)
    r = c.post(SETUP, {"token": _enrol_code(c), "current": _code(old)})
    assert r.status_code == 302
    device = TOTPDevice.objects.get(user=user)
    assert device.pk != old.pk and device.key == new_secret and device.confirmed
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["duyet@example.org"]
    assert "thay" in mail.outbox[0].subject
    assert "duyet@example.org" not in caplog.text


def test_the_password_also_proves_it_and_no_email_means_no_message(world):
    user = world.users["approver"]
    old = TOTPDevice.objects.create(user=user, name="p", confirmed=True)
    c = _verified_client(user, old)
    c.get(SETUP)
    r = c.post(SETUP, {"token": _enrol_code(c), "current": PASSWORD})
    assert r.status_code == 302
    assert TOTPDevice.objects.get(user=user).pk != old.pk
    assert not mail.outbox  # the account has no email


# --- 8. a published report of another unit shows what the public page shows -------------


def test_other_units_see_only_the_public_face_of_a_published_report(world):
    report, _ = report_in_state(world, State.PUBLISHED, share_identity=True)
    ExtensionRequest.objects.create(
        report=report,
        working_days=2,
        reason="Chờ vật tư nội bộ",
        status=ExtensionRequest.Status.GRANTED,
    )
    Report.objects.filter(pk=report.pk).update(transfer_count=2)
    url = f"/can-bo/phan-anh/{report.code}/"
    html = client_for(world, "other_handler").get(url).content.decode()
    assert report.code in html and report.title in html
    for internal in (
        "Chờ vật tư nội bộ",  # extension reason
        world.units["water"].name,  # co-handling unit
        "Số lần chuyển trả",
        "danh tính",  # the reporter's consent
        "(coordinator)",  # who did what, inside the province
        "(approver)",
        "Hạn bước hiện tại",
    ):
        assert internal not in html, internal
    assert "Đã vá ổ gà" in html  # the published result, as on the public page
    # The units working on it still see everything.
    lead = client_for(world, "handler").get(url).content.decode()
    assert "Chờ vật tư nội bộ" in lead and world.units["water"].name in lead


# --- 10. polling is not activity; the hotline form acts once ----------------------------


def test_dashboard_polling_does_not_keep_a_session_alive(world, settings):
    settings.PAHT_STAFF_IDLE_MINUTES = 30
    c = Client()
    _login(c, "supervisor")
    session = c.session
    session[SEEN_AT] = time.time() - 20 * 60
    session.save()
    assert c.get("/can-bo/tong-hop/so-lieu/").status_code == 200
    assert time.time() - c.session[SEEN_AT] > 19 * 60  # not refreshed
    session = c.session
    session[SEEN_AT] = time.time() - 31 * 60
    session.save()
    r = c.get("/can-bo/tong-hop/so-lieu/")
    assert r.status_code == 302 and r["Location"].startswith(LOGIN)
    # A page the officer opens is activity.
    c2 = Client()
    _login(c2, "supervisor")
    session = c2.session
    session[SEEN_AT] = time.time() - 20 * 60
    session.save()
    assert c2.get("/can-bo/tong-hop/").status_code == 200
    assert time.time() - c2.session[SEEN_AT] < 60


HOTLINE = {
    "field": "ha_tang_do_thi",
    "description": "Cột đèn đường trước chợ bị tắt ba hôm nay.",
    "address": "Chợ phường An Xuyên",
    "commune": "32002",
    "name": "Trần Văn Bình",
    "phone": "0987654321",
    "share_identity": "no",
    "priority": "normal",
}


def test_a_resubmitted_hotline_form_creates_one_report(world):
    client = client_for(world, "coordinator")
    page = client.get("/can-bo/duong-day-nong/").content.decode()
    once = re.search(r'name="once" value="([^"]+)"', page).group(1)
    first = client.post("/can-bo/duong-day-nong/", {**HOTLINE, "once": once})
    assert first.status_code == 302
    report = Report.objects.get()
    messages = Message.objects.filter(report=report).count()
    again = client.post("/can-bo/duong-day-nong/", {**HOTLINE, "once": once})
    assert again.status_code == 302 and again["Location"] == first["Location"]
    assert Report.objects.count() == 1
    assert Message.objects.filter(report=report).count() == messages
    # Another call gets its own key from a fresh form.
    fresh = client.get("/can-bo/duong-day-nong/").content.decode()
    assert once not in fresh
    # The same key with other content is refused, and nothing is created.
    other = client.post(
        "/can-bo/duong-day-nong/", {**HOTLINE, "once": once, "description": "Khác hẳn."}
    )
    assert other.status_code == 409
    assert Report.objects.count() == 1
    assert IdempotencyKey.objects.filter(key=once).count() == 1
