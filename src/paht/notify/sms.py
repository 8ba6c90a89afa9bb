"""Pluggable SMS gateways: ``send_sms(phone, text)`` goes to the class PAHT_SMS_BACKEND names.

Shipped gateways:

- ``ConsoleGateway`` (development): writes the message to the log "paht.sms" with the
  phone masked, so a developer can read a one-time code from the server log.
- ``NullGateway`` (production default until a real gateway is configured): sends
  nothing and logs only that no gateway is configured — never the text.
- ``MemoryGateway`` (tests): appends to the module-level ``outbox`` list.
- ``HttpGateway`` (production): a provider's HTTP API, described entirely by settings
  (``PAHT_SMS_HTTP_*``: URL, method, form/JSON/query parameters, phone format, an auth
  header and what a successful answer contains) — most Vietnamese brandname SMS
  aggregators fit it without code.

To plug a real provider (Viettel, VNPT, an aggregator's HTTP API), write a class with a
no-argument constructor and ``send(self, phone: str, text: str) -> None`` that reads its
own credentials from settings, raises ``SmsError`` when the provider refuses, and never
logs the phone or the text; then point PAHT_SMS_BACKEND at it, e.g.
``PAHT_SMS_BACKEND=myprovince.sms.BrandnameGateway``. ``phone`` is already normalised
(``0xxxxxxxxx``); convert it to the provider's format (often ``84xxxxxxxxx``) there.
"""

import json
import logging
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger("paht.sms")


class SmsError(Exception):
    """The gateway could not hand the message over. The message must carry no phone."""


@dataclass(frozen=True)
class Sms:
    phone: str
    text: str


# What MemoryGateway sent, oldest first; tests read and clear it.
outbox: list[Sms] = []


def mask_phone(phone: str) -> str:
    """``0912345678`` → ``09******78``: enough for the owner to recognise, no more."""
    if len(phone) <= 4:
        return "*" * len(phone)
    return phone[:2] + "*" * (len(phone) - 4) + phone[-2:]


class ConsoleGateway:
    def send(self, phone: str, text: str) -> None:
        log.info("SMS to %s: %s", mask_phone(phone), text)


class NullGateway:
    def send(self, phone: str, text: str) -> None:
        log.warning("SMS not sent: no SMS gateway is configured (set PAHT_SMS_BACKEND)")


class MemoryGateway:
    def send(self, phone: str, text: str) -> None:
        outbox.append(Sms(phone=phone, text=text))


class HttpGateway:
    """Hands a message to an HTTP SMS provider.

    ``PAHT_SMS_HTTP_URL`` receives ``PAHT_SMS_HTTP_PHONE_PARAM`` and
    ``PAHT_SMS_HTTP_TEXT_PARAM`` plus the fixed ``PAHT_SMS_HTTP_EXTRA`` parameters
    (``brandname=UBND&type=2``), in the query string (``GET``) or the body (``POST``, as
    ``form`` or ``json`` per ``PAHT_SMS_HTTP_FORMAT``). ``PAHT_SMS_HTTP_AUTH_HEADER``
    (``Authorization: Bearer …``) is sent as is. Any status other than 2xx, or a body
    without ``PAHT_SMS_HTTP_SUCCESS`` (a regular expression) when one is set, is a failure.
    """

    def send(self, phone: str, text: str) -> None:
        url = settings.PAHT_SMS_HTTP_URL
        if urllib.parse.urlsplit(url).scheme not in {"http", "https"}:
            raise SmsError("PAHT_SMS_HTTP_URL must be an http(s) address")
        params = dict(urllib.parse.parse_qsl(settings.PAHT_SMS_HTTP_EXTRA))
        params[settings.PAHT_SMS_HTTP_PHONE_PARAM] = self.format_phone(phone)
        params[settings.PAHT_SMS_HTTP_TEXT_PARAM] = text
        method = settings.PAHT_SMS_HTTP_METHOD.upper()
        headers = {"Accept": "application/json, text/plain, */*"}
        if settings.PAHT_SMS_HTTP_AUTH_HEADER:
            name, _sep, value = settings.PAHT_SMS_HTTP_AUTH_HEADER.partition(":")
            headers[name.strip()] = value.strip()
        data = None
        if method == "GET":
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(params)
        elif settings.PAHT_SMS_HTTP_FORMAT == "json":
            data = json.dumps(params, ensure_ascii=False).encode()
            headers["Content-Type"] = "application/json; charset=utf-8"
        else:
            data = urllib.parse.urlencode(params).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8"
        # The scheme is checked above: only http(s), never file: or custom handlers.
        request = urllib.request.Request(url, data=data, headers=headers, method=method)  # noqa: S310
        try:
            timeout = settings.PAHT_SMS_HTTP_TIMEOUT
            with urllib.request.urlopen(request, timeout=timeout) as resp:  # noqa: S310
                answer = resp.read(65536).decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            # The provider's answer may echo the phone: only the status is kept.
            raise SmsError(f"SMS gateway answered HTTP {exc.code}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise SmsError(f"SMS gateway unreachable: {type(reason).__name__}") from None
        success = settings.PAHT_SMS_HTTP_SUCCESS
        if success and not re.search(success, answer):
            raise SmsError("SMS gateway refused the message")
        log.info("SMS handed to the HTTP gateway")

    @staticmethod
    def format_phone(phone: str) -> str:
        """``0912345678`` → ``84912345678`` when ``PAHT_SMS_HTTP_PHONE_PREFIX`` is 84."""
        prefix = settings.PAHT_SMS_HTTP_PHONE_PREFIX
        if prefix and phone.startswith("0"):
            return prefix + phone[1:]
        return phone


def send_sms(phone: str, text: str) -> None:
    """Send ``text`` to the normalised ``phone`` through the configured gateway."""
    gateway = import_string(settings.PAHT_SMS_BACKEND)()
    gateway.send(phone, text)
