"""Sign-in pages and "my reports": flow, errors in place, limits, privacy."""

import logging
import re

import pytest
from django.test import Client
from django.urls import reverse

from paht.citizens import access
from paht.citizens.models import OneTimeCode
from paht.notify import sms
from tests.factories import submit

PHONE = "0912345678"
SIGN_IN = reverse("citizens:sign_in")
VERIFY = reverse("citizens:verify")
MINE = reverse("citizens:mine")
SIGN_OUT = reverse("citizens:sign_out")


@pytest.fixture(autouse=True)
def _empty_outbox(settings):
    settings.PAHT_SMS_BACKEND = "paht.notify.sms.MemoryGateway"
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture
def client(client, django_capture_on_commit_callbacks):
    """Tests run inside a transaction: run each request's on-commit work (the SMS) at its end."""
    send = client.request

    def request(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return send(**kwargs)

    client.request = request
    return client


def last_code() -> str:
    return re.search(r"\b(\d{6})\b", sms.outbox[-1].text).group(1)


def sign_in(client, phone: str = PHONE):
    response = client.post(SIGN_IN, {"phone": phone})
    assert response.status_code == 302 and response["Location"] == VERIFY
    return client.post(VERIFY, {"code": last_code()})


def test_sign_in_page_has_a_phone_form_with_csrf(client):
    response = client.get(SIGN_IN)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="phone"' in html and "csrfmiddlewaretoken" in html
    assert "Số điện thoại" in html


def test_forms_need_the_csrf_token(db):
    client = Client(enforce_csrf_checks=True)
    assert client.post(SIGN_IN, {"phone": PHONE}).status_code == 403
    assert sms.outbox == []


def test_full_flow_signs_in_and_lists_the_reports_of_that_phone(world, client):
    mine_1 = submit(world, phone=PHONE, title="Đèn đường hỏng ở hẻm 5").report
    mine_2 = submit(world, phone="+84 912 345 678", title="Rác ở chợ phường").report
    other = submit(world, phone="0987654321", title="Ngập nước đường Lý Thường Kiệt").report

    response = client.post(SIGN_IN, {"phone": "0912 345 678"})
    assert response.status_code == 302 and response["Location"] == VERIFY
    assert len(sms.outbox) == 1 and sms.outbox[0].phone == PHONE

    page = client.get(VERIFY)
    assert page.status_code == 200
    html = page.content.decode()
    assert "09******78" in html and PHONE not in html
    assert 'name="resend"' in html

    response = client.post(VERIFY, {"code": last_code()})
    assert response.status_code == 302 and response["Location"] == MINE

    html = client.get(MINE).content.decode()
    for report in (mine_1, mine_2):
        assert report.code in html and report.title in html
        assert reverse("web:report", args=[report.code]) in html
    assert other.code not in html and other.title not in html
    assert 'class="badge open"' in html
    assert mine_1.field.name in html
    assert "Đăng xuất" in html


def test_mine_shows_the_submitted_time_in_vietnam(world, client):
    from datetime import UTC, datetime

    report = submit(world, phone=PHONE, at=datetime(2025, 9, 1, 20, 30, tzinfo=UTC)).report
    sign_in(client)
    html = client.get(MINE).content.decode()
    assert report.code in html
    assert "03:30 02/09/2025" in html


def test_mine_without_sign_in_or_grants_redirects_to_sign_in(db, client):
    response = client.get(MINE)
    assert response.status_code == 302 and response["Location"] == SIGN_IN


def test_mine_lists_reports_granted_to_the_session_without_sign_in(world, client):
    report = submit(world, phone=PHONE).report
    session = client.session
    session[access.REPORTS_KEY] = [report.pk]
    session.save()
    response = client.get(MINE)
    assert response.status_code == 200
    html = response.content.decode()
    assert report.code in html
    assert "Đăng nhập bằng số điện thoại" in html


def test_signed_in_with_no_reports_sees_an_empty_list(world, client):
    submit(world, phone="0987654321")
    sign_in(client)
    response = client.get(MINE)
    assert response.status_code == 200
    assert "Chưa có phản ánh nào" in response.content.decode()


def test_session_key_changes_at_sign_in(world, client):
    client.get(SIGN_IN)
    client.post(SIGN_IN, {"phone": PHONE})
    before = client.session.session_key
    assert before
    sign_in(client)
    after = client.session.session_key
    assert after != before
    assert client.session[access.PHONE_KEY]
    # Nothing of the number stays in the session in clear.
    assert PHONE not in str(dict(client.session.items()))


def test_pending_phone_is_not_kept_in_clear_in_the_session(db, client):
    client.post(SIGN_IN, {"phone": PHONE})
    assert PHONE not in str(dict(client.session.items()))


def test_sign_out_forgets(world, client):
    report = submit(world, phone=PHONE).report
    sign_in(client)
    assert report.code in client.get(MINE).content.decode()
    before = client.session.session_key
    response = client.post(SIGN_OUT)
    assert response.status_code == 302
    assert client.session.session_key != before
    assert access.PHONE_KEY not in client.session
    response = client.get(MINE)
    assert response.status_code == 302 and response["Location"] == SIGN_IN


def test_sign_out_is_post_only(db, client):
    assert client.get(SIGN_OUT).status_code == 405


def test_invalid_phone_is_400_with_the_message_next_to_the_field(db, client):
    response = client.post(SIGN_IN, {"phone": "12345abc"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="phone_error"' in html
    assert "Số điện thoại không hợp lệ." in html
    assert 'value="12345abc"' in html
    assert 'aria-invalid="true"' in html
    assert sms.outbox == []


def test_user_input_is_escaped(db, client):
    response = client.post(SIGN_IN, {"phone": '"><script>x()</script>'})
    assert response.status_code == 400
    assert "<script>x()" not in response.content.decode()


def test_wrong_code_is_400_next_to_the_field_and_keeps_the_input(db, client):
    client.post(SIGN_IN, {"phone": PHONE})
    wrong = f"{(int(last_code()) + 1) % 1_000_000:06d}"
    response = client.post(VERIFY, {"code": wrong})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="code_error"' in html and "Mã xác thực không đúng" in html
    assert f'value="{wrong}"' in html
    assert access.PHONE_KEY not in client.session


def test_five_wrong_codes_then_the_right_one_is_refused(db, client):
    client.post(SIGN_IN, {"phone": PHONE})
    code = last_code()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(5):
        assert client.post(VERIFY, {"code": wrong}).status_code == 400
    response = client.post(VERIFY, {"code": code})
    assert response.status_code == 400
    assert access.PHONE_KEY not in client.session


def test_resend_sends_a_new_code_and_kills_the_old(db, client):
    client.post(SIGN_IN, {"phone": PHONE})
    old = last_code()
    response = client.post(VERIFY, {"resend": "1"})
    assert response.status_code == 302 and response["Location"] == VERIFY
    assert len(sms.outbox) == 2 and sms.outbox[1].phone == PHONE
    new = last_code()
    if old != new:
        assert client.post(VERIFY, {"code": old}).status_code == 400
    assert client.post(VERIFY, {"code": new}).status_code == 302


def test_verify_without_a_pending_phone_goes_back_to_sign_in(db, client):
    assert client.get(VERIFY)["Location"] == SIGN_IN
    assert client.post(VERIFY, {"code": "123456"})["Location"] == SIGN_IN


def test_per_phone_limit_is_429_with_a_vietnamese_message(db, client):
    for i in range(3):
        response = client.post(SIGN_IN, {"phone": PHONE}, REMOTE_ADDR=f"198.51.100.{i}")
        assert response.status_code == 302
    response = client.post(SIGN_IN, {"phone": PHONE}, REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert "Bạn đã yêu cầu mã xác thực quá nhiều lần" in html
    assert re.search(r"thử lại sau khoảng 1[56] phút", html)  # from Retry-After
    assert f'value="{PHONE}"' in html
    assert len(sms.outbox) == 3


def test_resend_past_the_limit_is_429_on_the_verify_page(db, client):
    client.post(SIGN_IN, {"phone": PHONE})
    client.post(VERIFY, {"resend": "1"})
    client.post(VERIFY, {"resend": "1"})
    response = client.post(VERIFY, {"resend": "1"})
    assert response.status_code == 429
    assert "quá nhiều lần" in response.content.decode()
    assert len(sms.outbox) == 3


def test_per_ip_limit_is_429_and_sends_nothing(db, client):
    for i in range(10):
        response = client.post(SIGN_IN, {"phone": f"09123456{i:02d}"}, REMOTE_ADDR="203.0.113.5")
        assert response.status_code == 302
    response = client.post(SIGN_IN, {"phone": "0912345699"}, REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 429
    assert "quá nhiều lần" in response.content.decode()
    assert len(sms.outbox) == 10
    assert all(m.phone != "0912345699" for m in sms.outbox)


def test_code_entries_per_ip_are_limited(db, client, settings):
    settings.PAHT_OTP_VERIFY_PER_IP_HOUR = 1
    client.post(SIGN_IN, {"phone": PHONE})
    client.post(VERIFY, {"code": "000000" if last_code() != "000000" else "111111"})
    response = client.post(VERIFY, {"code": last_code()})
    assert response.status_code == 429
    assert "Bạn đã nhập mã xác thực quá nhiều lần" in response.content.decode()


def test_no_phone_or_code_in_logs(world, client, caplog):
    caplog.set_level(logging.DEBUG)
    submit(world, phone=PHONE)
    caplog.clear()  # submission is another service's concern
    client.post(SIGN_IN, {"phone": "12"})
    client.post(SIGN_IN, {"phone": PHONE})
    code = last_code()
    client.post(VERIFY, {"code": "000000" if code != "000000" else "111111"})
    client.post(VERIFY, {"code": code})
    client.get(MINE)
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert PHONE not in text and code not in text
    assert "912345678" not in text


def test_console_gateway_logs_the_code_with_the_phone_masked(db, client, settings, caplog):
    settings.PAHT_SMS_BACKEND = "paht.notify.sms.ConsoleGateway"
    caplog.set_level(logging.DEBUG)
    client.post(SIGN_IN, {"phone": PHONE})
    sms_records = [r for r in caplog.records if r.name == "paht.sms"]
    assert len(sms_records) == 1
    assert sms_records[0].levelno == logging.INFO
    message = sms_records[0].getMessage()
    assert message.startswith("SMS to 09******78: ")
    code = re.search(r"\b(\d{6})\b", message).group(1)
    assert PHONE not in "\n".join(r.getMessage() for r in caplog.records)
    # The code from the log signs in.
    assert client.post(VERIFY, {"code": code})["Location"] == MINE


def test_null_gateway_logs_neither_text_nor_phone(db, client, settings, caplog):
    settings.PAHT_SMS_BACKEND = "paht.notify.sms.NullGateway"
    caplog.set_level(logging.DEBUG)
    client.post(SIGN_IN, {"phone": PHONE})
    records = [r for r in caplog.records if r.name == "paht.sms"]
    assert len(records) == 1 and "PAHT_SMS_BACKEND" in records[0].getMessage()
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert PHONE not in text and "mã xác thực" not in text
    assert not [r for r in OneTimeCode.objects.values_list("code_hash", flat=True) if r in text]
