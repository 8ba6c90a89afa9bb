"""One-time-code services: request, verify, expiry, wrong code, rate limits, storage."""

import logging
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from paht.citizens import otp
from paht.citizens.models import OneTimeCode
from paht.core.crypto import keyed_hash
from paht.core.errors import TooManyRequests, ValidationError
from paht.notify import sms

PHONE = "0912345678"
IP = "203.0.113.7"


@pytest.fixture(autouse=True)
def _empty_outbox():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


def sent_code(phone: str = PHONE) -> str:
    """The code in the last SMS sent to ``phone``."""
    message = [m for m in sms.outbox if m.phone == phone][-1]
    return re.search(r"\b(\d{6})\b", message.text).group(1)


def request(phone: str = PHONE, ip: str = IP, **kw) -> str:
    return otp.code_request(phone=phone, ip=ip, **kw)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


@pytest.fixture
def now():
    return timezone.now()


def test_request_sends_a_six_digit_code_and_verify_signs_in(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert request("+84 912 345 678") == PHONE
    assert len(sms.outbox) == 1
    assert sms.outbox[0].phone == PHONE
    assert "mã xác thực" in sms.outbox[0].text
    assert otp.code_verify(phone="0912.345.678", code=sent_code(), ip=IP) == PHONE


def test_nothing_is_sent_when_the_transaction_rolls_back(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        request()
    assert sms.outbox == []
    assert len(callbacks) == 1


def test_code_is_stored_only_as_a_keyed_hash(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request()
    code = sent_code()
    row = OneTimeCode.objects.values().get()
    stored = " ".join(str(v) for v in row.values())
    assert code not in stored
    assert PHONE not in stored
    assert row["phone_hash"] == keyed_hash(PHONE)
    assert len(row["code_hash"]) == 64


def test_wrong_code_is_refused_on_the_code_field(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request()
    with pytest.raises(ValidationError) as caught:
        otp.code_verify(phone=PHONE, code=wrong(sent_code()), ip=IP)
    assert "không đúng" in str(caught.value.fields["code"])
    assert "còn 4 lần" in str(caught.value.fields["code"])
    assert OneTimeCode.objects.get().attempts == 1
    # The right code still works after one mistake.
    assert otp.code_verify(phone=PHONE, code=sent_code(), ip=IP) == PHONE


@pytest.mark.parametrize("entered", ["", "12345", "1234567", "abcdef"])
def test_malformed_code_is_refused_without_using_an_attempt(db, entered):
    request()
    with pytest.raises(ValidationError) as caught:
        otp.code_verify(phone=PHONE, code=entered, ip=IP)
    assert "6 chữ số" in str(caught.value.fields["code"])
    assert OneTimeCode.objects.get().attempts == 0


def test_expired_code_is_refused(db, now, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request(at=now)
    code = sent_code()
    later = now + timedelta(minutes=5)
    with pytest.raises(ValidationError) as caught:
        otp.code_verify(phone=PHONE, code=code, ip=IP, at=later)
    assert "hết hạn" in str(caught.value.fields["code"])


def test_code_works_until_just_before_expiry(db, now, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request(at=now)
    almost = now + timedelta(minutes=5) - timedelta(seconds=1)
    assert otp.code_verify(phone=PHONE, code=sent_code(), ip=IP, at=almost) == PHONE


def test_expiry_follows_the_setting(db, now, settings, django_capture_on_commit_callbacks):
    settings.PAHT_OTP_TTL_SECONDS = 60
    with django_capture_on_commit_callbacks(execute=True):
        request(at=now)
    assert "1 phút" in sms.outbox[-1].text
    with pytest.raises(ValidationError):
        otp.code_verify(phone=PHONE, code=sent_code(), ip=IP, at=now + timedelta(seconds=61))


def test_five_wrong_entries_kill_the_code(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request()
    code = sent_code()
    for _ in range(4):
        with pytest.raises(ValidationError):
            otp.code_verify(phone=PHONE, code=wrong(code), ip=IP)
    with pytest.raises(ValidationError) as caught:
        otp.code_verify(phone=PHONE, code=wrong(code), ip=IP)
    assert "đã bị hủy" in str(caught.value.fields["code"])
    # Even the right code is dead now.
    with pytest.raises(ValidationError) as caught:
        otp.code_verify(phone=PHONE, code=code, ip=IP)
    assert "không còn hiệu lực" in str(caught.value.fields["code"])
    assert OneTimeCode.objects.get().attempts == 5


def test_a_code_works_once(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request()
    code = sent_code()
    otp.code_verify(phone=PHONE, code=code, ip=IP)
    with pytest.raises(ValidationError):
        otp.code_verify(phone=PHONE, code=code, ip=IP)
    assert OneTimeCode.objects.get().used_at is not None


def test_a_new_request_kills_the_old_code(db, now, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request(at=now)
    old = sent_code()
    with django_capture_on_commit_callbacks(execute=True):
        request(at=now + timedelta(seconds=30))
    new = sent_code()
    if old == new:  # one chance in a million; the old row must be dead all the same
        pytest.skip("the two random codes happen to be equal")
    at = now + timedelta(seconds=40)
    with pytest.raises(ValidationError):
        otp.code_verify(phone=PHONE, code=old, ip=IP, at=at)
    assert otp.code_verify(phone=PHONE, code=new, ip=IP, at=at) == PHONE
    first = OneTimeCode.objects.order_by("created_at").first()
    assert first.expires_at == now + timedelta(seconds=30)


def test_a_code_is_bound_to_its_phone(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request("0912345678")
        request("0987654321")
    with pytest.raises(ValidationError):
        otp.code_verify(phone="0987654321", code=sent_code("0912345678"), ip=IP)


def test_invalid_phone_is_refused_on_the_phone_field(db):
    with pytest.raises(ValidationError) as caught:
        request("12345")
    assert "phone" in caught.value.fields
    assert not OneTimeCode.objects.exists()


def test_per_phone_limit_in_fifteen_minutes(db, now, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(3):
            request(ip=f"198.51.100.{i}", at=now + timedelta(minutes=i))
        with pytest.raises(TooManyRequests) as caught:
            request(ip="198.51.100.9", at=now + timedelta(minutes=4))
    assert "quá nhiều lần" in str(caught.value.message)
    assert caught.value.retry_after > 0
    assert len(sms.outbox) == 3
    assert OneTimeCode.objects.count() == 3
    # The window moves on.
    with django_capture_on_commit_callbacks(execute=True):
        request(ip="198.51.100.9", at=now + timedelta(minutes=16))
    assert len(sms.outbox) == 4


def test_per_phone_limit_per_day(db, now, settings):
    settings.PAHT_OTP_PER_PHONE_DAY = 4
    for i in range(4):
        request(ip=f"198.51.100.{i}", at=now + timedelta(minutes=20 * i))
    with pytest.raises(TooManyRequests):
        request(ip="198.51.100.9", at=now + timedelta(hours=3))
    request(ip="198.51.100.9", at=now + timedelta(days=1, minutes=1))


def test_per_ip_limit(db, now, django_capture_on_commit_callbacks):
    phones = [f"09123456{i:02d}" for i in range(11)]
    with django_capture_on_commit_callbacks(execute=True):
        for phone in phones[:10]:
            request(phone, at=now)
        with pytest.raises(TooManyRequests):
            request(phones[10], at=now)
    assert len(sms.outbox) == 10
    # A refused request does not count against the phone it named.
    request(phones[10], ip="192.0.2.1", at=now)


def test_per_ip_limit_of_code_entries(db, settings, django_capture_on_commit_callbacks):
    settings.PAHT_OTP_VERIFY_PER_IP_HOUR = 2
    with django_capture_on_commit_callbacks(execute=True):
        request()
    code = sent_code()
    for _ in range(2):
        with pytest.raises(ValidationError):
            otp.code_verify(phone=PHONE, code=wrong(code), ip=IP)
    with pytest.raises(TooManyRequests) as caught:
        otp.code_verify(phone=PHONE, code=code, ip=IP)
    assert "quá nhiều lần" in str(caught.value.message)
    assert OneTimeCode.objects.get().used_at is None


def test_same_answer_whether_or_not_the_phone_has_reports(
    world, django_capture_on_commit_callbacks
):
    from tests.factories import submit

    submit(world, phone="0912345678")
    with django_capture_on_commit_callbacks(execute=True):
        assert request("0912345678") == "0912345678"
        assert request("0987654321") == "0987654321"
    assert len(sms.outbox) == 2
    assert sms.outbox[0].text.replace(sent_code("0912345678"), "") == sms.outbox[1].text.replace(
        sent_code("0987654321"), ""
    )


def test_logs_carry_neither_phone_nor_code(db, caplog, django_capture_on_commit_callbacks):
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        request()
    code = sent_code()
    with pytest.raises(ValidationError):
        otp.code_verify(phone=PHONE, code=wrong(code), ip=IP)
    otp.code_verify(phone=PHONE, code=code, ip=IP)
    assert caplog.records  # the services do log, with ids only
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert PHONE not in text and code not in text and wrong(code) not in text


def test_gateway_failure_is_logged_without_the_number(
    db, settings, caplog, django_capture_on_commit_callbacks
):
    settings.PAHT_SMS_BACKEND = "tests.citizens.test_otp.FailingGateway"
    with django_capture_on_commit_callbacks(execute=True):
        request()
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert PHONE not in errors[0].getMessage()
    assert "SmsError" in errors[0].getMessage()


class FailingGateway:
    def send(self, phone, text):
        raise sms.SmsError(f"provider refused {phone}")


def test_purge_removes_old_codes(db, now):
    request(at=now - timedelta(days=2))
    request(at=now)
    assert otp.code_purge(at=now) == 1
    assert OneTimeCode.objects.count() == 1
