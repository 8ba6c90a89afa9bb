import socket

import pytest

from paht.notify import sms
from paht.notify.models import Message

EMAILS = {
    "coordinator": "dieu.phoi@ioc.example",
    "handler": "xu.ly@anxuyen.example",
    "handler2": "xu.ly2@anxuyen.example",
    "approver": "lanh.dao@anxuyen.example",
    "co_handler": "phoi.hop@capnuoc.example",
    "other_handler": "xu.ly@tanthanh.example",
    "supervisor": "giam.sat@tinh.example",
}
# What must never reach a log line or a staff message.
REPORTER_DATA = ["Nguyễn Văn An", "0912345678", "an@example.com", "84912345678"]


@pytest.fixture
def staff(world):
    """The test world with every staff member reachable by email."""
    for name, email in EMAILS.items():
        user = world.users[name]
        user.email = email
        user.save(update_fields=["email"])
    return world


@pytest.fixture(autouse=True)
def _sms_outbox():
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


def messages(**filters) -> list[Message]:
    return list(Message.objects.filter(**filters).order_by("kind", "recipient_key"))


def recipients(kind: str, **filters) -> list[str]:
    return sorted(m.recipient_key for m in Message.objects.filter(kind=kind, **filters))


def user_keys(world, *names: str) -> list[str]:
    return sorted(f"user:{world.users[n].pk}" for n in names)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Collector:
    """aiosmtpd handler keeping what the server accepted."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on localhost; Django's SMTP backend points at it."""
    from aiosmtpd.controller import Controller

    collector = Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_TIMEOUT = 5
    try:
        yield collector
    finally:
        controller.stop()


@pytest.fixture
def smtp_down(settings):
    """Django's SMTP backend pointed at a port where nothing listens."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_TIMEOUT = 5
