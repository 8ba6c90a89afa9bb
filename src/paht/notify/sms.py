"""Pluggable SMS gateways: ``send_sms(phone, text)`` goes to the class PAHT_SMS_BACKEND names.

Shipped gateways:

- ``ConsoleGateway`` (development): writes the message to the log "paht.sms" with the
  phone masked, so a developer can read a one-time code from the server log.
- ``NullGateway`` (production default until a real gateway is configured): sends
  nothing and logs only that no gateway is configured — never the text.
- ``MemoryGateway`` (tests): appends to the module-level ``outbox`` list.

To plug a real provider (Viettel, VNPT, an aggregator's HTTP API), write a class with a
no-argument constructor and ``send(self, phone: str, text: str) -> None`` that reads its
own credentials from settings, raises ``SmsError`` when the provider refuses, and never
logs the phone or the text; then point PAHT_SMS_BACKEND at it, e.g.
``PAHT_SMS_BACKEND=myprovince.sms.BrandnameGateway``. ``phone`` is already normalised
(``0xxxxxxxxx``); convert it to the provider's format (often ``84xxxxxxxxx``) there.
"""

import logging
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


def send_sms(phone: str, text: str) -> None:
    """Send ``text`` to the normalised ``phone`` through the configured gateway."""
    gateway = import_string(settings.PAHT_SMS_BACKEND)()
    gateway.send(phone, text)
