"""Delivery channels behind one interface: ``send(address, subject, body)``.

Email goes through Django's email backends (``EMAIL_BACKEND``, ``EMAIL_HOST``…); SMS
through the gateway ``PAHT_SMS_BACKEND`` names (``paht.notify.sms``). A channel raises on
failure; the outbox records it and retries later.
"""

from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage

from .models import Channel
from .sms import send_sms


class DeliveryChannel(Protocol):
    def send(self, address: str, subject: str, body: str) -> None: ...


class EmailChannel:
    def send(self, address: str, subject: str, body: str) -> None:
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address]).send()


class SmsChannel:
    def send(self, address: str, subject: str, body: str) -> None:
        send_sms(address, body)


CHANNELS: dict[str, DeliveryChannel] = {Channel.EMAIL: EmailChannel(), Channel.SMS: SmsChannel()}
