"""POST /staff/token asks for what the console asks: the TOTP code when one is owed,
and the same limits on failed attempts (security review, finding 1)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from paht.api.models import AccessToken
from paht.console.models import TwoFactorPolicy
from paht.reports.models import State
from tests.api.staff_helpers import PASSWORD, StaffClient, assert_error
from tests.factories import report_in_state

pytestmark = pytest.mark.django_db


def _code(device, offset: int = 0) -> str:
    device.refresh_from_db()
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{(value + offset) % 1_000_000:06d}"


def _wait_out(device) -> None:
    """Skip django-otp's pause after a wrong code (1 s, 2 s, 4 s…)."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )


def _sign_in(username: str, password: str = PASSWORD, ip: str = "192.0.2.1", **extra):
    return StaffClient().client.post(
        "/api/v1/staff/token",
        {"username": username, "password": password, **extra},
        content_type="application/json",
        REMOTE_ADDR=ip,
    )


def test_a_policy_requiring_totp_is_not_passed_with_the_password_alone(world):
    TwoFactorPolicy.objects.update_or_create(role="coordinator", defaults={"require_totp": True})
    # Not enrolled yet: no token, and a message saying what to do.
    response = _sign_in("coordinator")
    error = assert_error(response, 401, "totp_required")
    assert "đăng ký" in error["message"]
    assert not AccessToken.objects.exists()

    device = TOTPDevice.objects.create(user=world.users["coordinator"], name="p", confirmed=True)
    assert_error(_sign_in("coordinator"), 401, "totp_required")
    assert_error(_sign_in("coordinator", otp=_code(device, 1)), 401, "totp_required")
    assert not AccessToken.objects.exists()

    _wait_out(device)
    code = _code(device)
    ok = _sign_in("coordinator", otp=code)
    assert ok.status_code == 200, ok.content
    # Reporter identity needs the token that only the code opens.
    report, _ = report_in_state(world, State.IN_PROGRESS)
    reveal = StaffClient(ok.json()["token"]).post(f"/reports/{report.code}/identity", key="k1")
    assert reveal.status_code == 200
    # The same code cannot be used twice.
    _wait_out(device)
    assert_error(_sign_in("coordinator", otp=code), 401, "totp_required")
    assert AccessToken.objects.count() == 1


def test_an_enrolled_device_is_required_without_any_policy(world):
    device = TOTPDevice.objects.create(user=world.users["handler"], name="p", confirmed=True)
    assert_error(_sign_in("handler"), 401, "totp_required")
    assert _sign_in("handler", otp=_code(device)).status_code == 200
    # Staff without a device or a policy still sign in with the password.
    assert _sign_in("approver").status_code == 200


def test_a_wrong_password_with_a_right_code_is_still_refused(world):
    device = TOTPDevice.objects.create(user=world.users["handler"], name="p", confirmed=True)
    assert_error(_sign_in("handler", "sai", otp=_code(device)), 401, "not_authenticated")


def test_right_after_a_wrong_code_the_next_one_waits(world):
    device = TOTPDevice.objects.create(user=world.users["handler"], name="p", confirmed=True)
    assert_error(_sign_in("handler", otp=_code(device, 1)), 401, "totp_required")
    response = _sign_in("handler", otp=_code(device))
    assert_error(response, 429, "rate_limited")
    assert int(response["Retry-After"]) >= 1


def test_codes_are_counted_per_user(world, settings):
    settings.PAHT_STAFF_LOGIN_PER_USER = 3
    device = TOTPDevice.objects.create(user=world.users["handler"], name="p", confirmed=True)
    for i in range(3):
        _wait_out(device)
        response = _sign_in("handler", ip=f"10.0.1.{i}", otp=_code(device, 1))
        assert_error(response, 401, "totp_required")
    _wait_out(device)
    assert_error(_sign_in("handler", ip="10.0.1.9", otp=_code(device)), 429, "rate_limited")


def test_failed_passwords_lock_the_username_from_any_address(world, settings):
    settings.PAHT_STAFF_LOGIN_PER_USER = 3
    for i in range(3):
        assert_error(_sign_in("handler", "sai", ip=f"10.0.0.{i}"), 401, "not_authenticated")
    assert_error(_sign_in("handler", ip="10.0.0.99"), 429, "rate_limited")
    # Another officer is not affected.
    assert _sign_in("approver", ip="10.0.0.99").status_code == 200


def test_the_console_and_the_api_share_the_counters(world, settings):
    settings.PAHT_STAFF_LOGIN_PER_USER = 3
    for i in range(3):
        console = Client(REMOTE_ADDR=f"10.0.2.{i}")
        wrong = {"username": "handler", "password": "sai"}
        assert console.post("/can-bo/dang-nhap/", wrong).status_code == 400
    assert_error(_sign_in("handler", ip="10.0.2.50"), 429, "rate_limited")
    # And the other way round.
    for i in range(3):
        assert_error(_sign_in("approver", "sai", ip=f"10.0.3.{i}"), 401)
    console = Client(REMOTE_ADDR="10.0.3.50")
    right = {"username": "approver", "password": PASSWORD}
    assert console.post("/can-bo/dang-nhap/", right).status_code == 429


def test_successful_sign_ins_do_not_count(world, settings):
    settings.PAHT_STAFF_LOGIN_PER_USER = 2
    settings.PAHT_STAFF_LOGIN_PER_IP = 2
    for _ in range(4):
        assert _sign_in("handler").status_code == 200


def test_a_token_lives_no_longer_than_a_console_session(world, settings):
    settings.PAHT_STAFF_SESSION_HOURS = 2
    before = timezone.now()
    response = _sign_in("handler")
    expires = parse_datetime(response.json()["expires_at"])
    assert before + timedelta(hours=2) - timedelta(seconds=5) <= expires
    assert expires <= timezone.now() + timedelta(hours=2)
    stored = AccessToken.objects.get()
    assert abs(stored.expires_at - expires) < timedelta(seconds=1)
    settings.PAHT_STAFF_SESSION_HOURS = 24  # longer sessions do not lengthen tokens
    expires = parse_datetime(_sign_in("approver").json()["expires_at"])
    assert expires <= timezone.now() + timedelta(hours=12)


def test_the_code_field_is_documented(client):
    schema = client.get("/api/v1/openapi.json").json()
    field = schema["components"]["schemas"]["StaffTokenIn"]["properties"]["otp"]
    assert "totp_required" in field["description"]
    operation = schema["paths"]["/api/v1/staff/token"]["post"]
    assert "`otp`" in operation["description"] and "totp_required" in operation["description"]
