"""Staff sign-in: throttling, the TOTP second factor, session expiry, the admin's door."""

import time

import pytest
from django.core import signing
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from paht.console.enrolment import ENROL
from paht.console.models import TwoFactorPolicy
from paht.console.security import AUTH_AT, SEEN_AT, device_cookie_name
from paht.reports.models import State
from tests.factories import report_in_state

pytestmark = pytest.mark.django_db
PASSWORD = "x-test-pass-1"  # tests.factories._user
LOGIN = "/can-bo/dang-nhap/"


def _login(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def _wait_out(device) -> None:
    """Skip django-otp's pause after a wrong code (it grows 1 s, 2 s, 4 s…)."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    device.refresh_from_db()


def _code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _enrol_code(client) -> str:
    """The code an app that scanned this session's enrolment secret shows now."""
    return f"{totp(bytes.fromhex(client.session[ENROL]['key'])):06d}"


def _enrol_wait_out(client) -> None:
    session = client.session
    state = session[ENROL]
    state.update(failures=0, failed_at=None)
    session[ENROL] = state
    session.save()


def test_sign_in_and_out(world):
    c = Client()
    r = _login(c, "coordinator")
    assert r.status_code == 302 and r["Location"] == "/can-bo/"
    assert c.get("/can-bo/tiep-nhan/").status_code == 200
    assert c.post("/can-bo/dang-xuat/").status_code == 302
    assert c.get("/can-bo/tiep-nhan/")["Location"].startswith(LOGIN)


def test_wrong_password_says_nothing_more(world):
    c = Client()
    wrong = _login(c, "coordinator", "sai-mat-khau").content.decode()
    unknown = _login(c, "khong-ton-tai", "sai-mat-khau").content.decode()
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in wrong
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in unknown


def test_throttled_per_username(world, settings):
    settings.PAHT_STAFF_LOGIN_PER_USER = 3
    for i in range(3):
        assert _login(Client(REMOTE_ADDR=f"10.0.0.{i}"), "handler", "sai").status_code == 400
    # Even the right password from a fresh browser is refused until the window passes.
    r = _login(Client(REMOTE_ADDR="10.0.0.99"), "handler")
    assert r.status_code == 429
    assert "quá nhiều lần" in r.content.decode()
    assert "_auth_user_id" not in r.wsgi_request.session
    # Another officer is not affected.
    assert _login(Client(REMOTE_ADDR="10.0.0.99"), "approver").status_code == 302


def _device_cookie(client):
    return next((c for name, c in client.cookies.items() if name.startswith("paht_device_")), None)


def test_guesses_from_elsewhere_do_not_lock_the_officers_own_browser(world, settings):
    settings.PAHT_STAFF_LOGIN_PER_USER = 3
    desk = Client(REMOTE_ADDR="10.0.0.50")
    assert _login(desk, "handler").status_code == 302
    cookie = _device_cookie(desk)
    assert cookie["httponly"] and cookie["path"] == LOGIN  # read there only
    assert "handler" not in signing.b64_decode(cookie.value.split(":")[0].encode()).decode()
    desk.post("/can-bo/dang-xuat/")
    for i in range(3):
        assert _login(Client(REMOTE_ADDR=f"203.0.113.{i}"), "handler", "sai").status_code == 400
    assert _login(Client(REMOTE_ADDR="203.0.113.9"), "handler").status_code == 429
    # The browser the officer signed in from before still signs in.
    assert _login(desk, "handler").status_code == 302
    desk.post("/can-bo/dang-xuat/")
    # A forged cookie speaks for nobody, and one user's for no other user.
    forged = Client(REMOTE_ADDR="10.0.0.51")
    forged.cookies[cookie.key] = cookie.value[:-2] + "xx"
    assert _login(forged, "handler").status_code == 429
    for i in range(3):
        assert _login(Client(REMOTE_ADDR=f"203.0.113.{i}"), "approver", "sai").status_code == 400
    borrowed = Client(REMOTE_ADDR="10.0.0.52")
    borrowed.cookies[device_cookie_name("approver")] = cookie.value
    assert _login(borrowed, "approver").status_code == 429
    # Guesses made in that browser count for it: it locks too, on its own.
    for _ in range(3):
        assert _login(desk, "handler", "sai").status_code == 400
    assert _login(desk, "handler").status_code == 429


def test_a_browser_is_remembered_only_once_the_code_is_right(world):
    user = world.users["approver"]
    device = TOTPDevice.objects.create(user=user, name="p", confirmed=True)
    c = Client()
    assert _login(c, "approver")["Location"].startswith("/can-bo/xac-thuc/")
    assert _device_cookie(c) is None  # a phished password alone earns nothing
    _wait_out(device)
    assert c.post("/can-bo/xac-thuc/", {"token": _code(device)}).status_code == 302
    assert _device_cookie(c) is not None


def test_throttled_per_address(world, settings):
    settings.PAHT_STAFF_LOGIN_PER_IP = 4
    c = Client(REMOTE_ADDR="192.0.2.7")
    for i in range(4):
        assert _login(c, f"nguoi{i}", "sai").status_code == 400
    r = _login(c, "coordinator")
    assert r.status_code == 429
    assert _login(Client(REMOTE_ADDR="192.0.2.8"), "coordinator").status_code == 302


def test_successful_sign_ins_do_not_count(world, settings):
    # A whole office behind one address signs in every morning.
    settings.PAHT_STAFF_LOGIN_PER_IP = 3
    settings.PAHT_STAFF_LOGIN_PER_USER = 3
    for _ in range(5):
        for name in ("coordinator", "handler", "approver"):
            assert _login(Client(REMOTE_ADDR="192.0.2.9"), name).status_code == 302


def test_policy_forces_enrolment_then_code(world):
    TwoFactorPolicy.objects.update_or_create(role="coordinator", defaults={"require_totp": True})
    c = Client()
    r = _login(c, "coordinator")
    assert r["Location"].startswith("/can-bo/bao-mat/")
    # Nothing is reachable before enrolling.
    assert c.get("/can-bo/tiep-nhan/")["Location"].startswith("/can-bo/bao-mat/")
    page = c.get("/can-bo/bao-mat/").content.decode()
    assert "<svg" in page  # the QR code, drawn here
    assert not TOTPDevice.objects.filter(user=world.users["coordinator"]).exists()
    code = _enrol_code(c)
    bad = c.post("/can-bo/bao-mat/", {"token": "000000" if code != "000000" else "111111"})
    assert bad.status_code == 400
    assert "không đúng" in bad.content.decode()
    too_soon = c.post("/can-bo/bao-mat/", {"token": _enrol_code(c)})
    assert too_soon.status_code == 429, too_soon.content.decode()[-3000:]
    _enrol_wait_out(c)
    ok = c.post("/can-bo/bao-mat/", {"token": _enrol_code(c)})
    assert ok.status_code == 302
    device = TOTPDevice.objects.get(user=world.users["coordinator"])
    assert device.confirmed
    assert c.get("/can-bo/tiep-nhan/").status_code == 200

    # Next sign-in asks for the code before anything else.
    c2 = Client()
    r = _login(c2, "coordinator")
    assert r["Location"].startswith("/can-bo/xac-thuc/")
    assert c2.get("/can-bo/tiep-nhan/")["Location"].startswith("/can-bo/xac-thuc/")
    # An unverified session cannot enrol a device of its own instead.
    assert c2.get("/can-bo/bao-mat/")["Location"].startswith("/can-bo/xac-thuc/")
    assert c2.post("/can-bo/xac-thuc/", {"token": "12345"}).status_code == 400
    _wait_out(device)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # same 30 s step as enrolment
    device.refresh_from_db()
    assert c2.post("/can-bo/xac-thuc/", {"token": _code(device)}).status_code == 302
    assert c2.get("/can-bo/tiep-nhan/").status_code == 200


def test_roles_without_policy_need_no_code(world):
    TwoFactorPolicy.objects.update_or_create(role="coordinator", defaults={"require_totp": True})
    c = Client()
    assert _login(c, "handler")["Location"] == "/can-bo/"
    assert c.get("/can-bo/don-vi/").status_code == 200


def test_code_entries_are_throttled(world, settings):
    settings.PAHT_STAFF_LOGIN_PER_USER = 3
    user = world.users["approver"]
    TOTPDevice.objects.create(user=user, name="p", confirmed=True)
    c = Client()
    c.force_login(user)
    statuses = [c.post("/can-bo/xac-thuc/", {"token": "999999"}).status_code for _ in range(4)]
    assert statuses[-1] == 429
    assert c.get("/can-bo/phe-duyet/").status_code == 302


@pytest.mark.parametrize("kind", ["idle", "absolute"])
def test_sessions_expire(world, settings, kind):
    settings.PAHT_STAFF_IDLE_MINUTES = 30
    settings.PAHT_STAFF_SESSION_HOURS = 10
    c = Client()
    _login(c, "coordinator")
    assert c.get("/can-bo/tiep-nhan/").status_code == 200
    session = c.session
    now = time.time()
    if kind == "idle":
        session[SEEN_AT] = now - 31 * 60
    else:
        session[AUTH_AT] = now - 10 * 3600 - 60
        session[SEEN_AT] = now - 60
    session.save()
    r = c.get("/can-bo/tiep-nhan/")
    assert r.status_code == 302 and r["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in c.session
    assert "hết hạn" in c.get(r["Location"]).content.decode()


def test_active_session_stays(world):
    c = Client()
    _login(c, "coordinator")
    session = c.session
    session[SEEN_AT] = time.time() - 20 * 60
    session.save()
    assert c.get("/can-bo/tiep-nhan/").status_code == 200


def test_admin_login_goes_through_console(world):
    user = world.users["admin"]
    user.is_staff = True
    user.is_superuser = True
    user.save()
    c = Client()
    r = c.get("/admin/login/?next=/admin/")
    assert r["Location"].startswith(LOGIN)
    # Posting the admin's own form does not sign anyone in.
    c.post("/admin/login/", {"username": "admin", "password": PASSWORD})
    assert "_auth_user_id" not in c.session
    TwoFactorPolicy.objects.update_or_create(role="admin", defaults={"require_totp": True})
    _login(c, "admin")
    # Password alone is not enough for the admin while the policy wants a code.
    assert c.get("/admin/").status_code == 302
    assert c.get("/admin/reports/report/").status_code == 302


def test_admin_reachable_after_sign_in(world):
    user = world.users["admin"]
    user.is_staff = True
    user.is_superuser = True
    user.save()
    c = Client()
    _login(c, "admin", **{"QUERY_STRING": ""})
    assert c.get("/admin/").status_code == 200
    report_in_state(world, State.SUBMITTED)
