"""Regressions of the security review for media: a session that still owes its TOTP code
is nobody (finding 2); staff files are checked one by one (finding 8)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from paht.console.models import TwoFactorPolicy
from paht.media import services
from paht.media.access import media_url
from paht.media.models import Attachment
from paht.media.selectors import staff_media
from paht.reports.models import State
from paht.reports.permissions import Actor
from tests.factories import report_in_state
from tests.media import samples
from tests.media.test_access import ready_attachment

pytestmark = pytest.mark.django_db
PASSWORD = "x-test-pass-1"


def _password_only(username: str) -> Client:
    """Signed in with the password; the TOTP code is still owed."""
    client = Client()
    response = client.post("/can-bo/dang-nhap/", {"username": username, "password": PASSWORD})
    assert response["Location"].startswith(("/can-bo/xac-thuc/", "/can-bo/bao-mat/"))
    return client


@pytest.mark.parametrize("owed", ["device", "policy"])
def test_a_session_owing_its_code_cannot_fetch_staff_media(world, owed):
    if owed == "device":
        TOTPDevice.objects.create(user=world.users["coordinator"], name="p", confirmed=True)
    else:
        TwoFactorPolicy.objects.update_or_create(
            role="coordinator", defaults={"require_totp": True}
        )
    report, _ = report_in_state(world, State.IN_PROGRESS)
    attachment = ready_attachment(report)
    for variant in ("display", "small", "original"):
        url = media_url(attachment, variant)
        assert _password_only("coordinator").get(url).status_code == 404, variant
    # Without any TOTP demand the same officer sees it (the rule is the code, not the role).
    handler = Client()
    handler.post("/can-bo/dang-nhap/", {"username": "handler", "password": PASSWORD})
    assert handler.get(media_url(attachment, "display")).status_code == 200


def test_a_session_owing_its_code_uploads_as_nobody(world):
    TwoFactorPolicy.objects.update_or_create(role="handler", defaults={"require_totp": True})
    client = _password_only("handler")
    file = SimpleUploadedFile("a.jpg", samples.jpeg(), content_type="image/jpeg")
    response = client.post("/media/upload", {"file": file, "purpose": "result"})
    # Accepted as any citizen's upload would be, but not as the officer's file: it
    # cannot be fetched or attached with the officer's rights.
    assert response.status_code == 201
    attachment = Attachment.objects.get(pk=response.json()["id"])
    assert attachment.uploaded_by_id is None


def test_staff_media_is_filtered_file_by_file(world):
    report, _ = report_in_state(world, State.PUBLISHED)
    shown = ready_attachment(report)
    hidden = ready_attachment(report, samples.jpeg(640, 480), name="b.jpg")
    _hide(world, hidden)
    other = Actor.for_user(world.users["other_handler"])  # reads the published report only
    assert [m.id for m in staff_media(report, other)] == [str(shown.pk)]
    assert Client().get(media_url(hidden, "display")).status_code == 404
    # The units working on it, and the coordinator, still see both.
    for name in ("handler", "coordinator"):
        ids = {m.id for m in staff_media(report, Actor.for_user(world.users[name]))}
        assert ids == {str(shown.pk), str(hidden.pk)}, name


def test_a_hidden_first_file_does_not_hide_the_others(world):
    report, _ = report_in_state(world, State.PUBLISHED)
    hidden = ready_attachment(report)
    _hide(world, hidden)
    shown = ready_attachment(report, samples.jpeg(640, 480), name="b.jpg")
    other = Actor.for_user(world.users["other_handler"])
    assert [m.id for m in staff_media(report, other)] == [str(shown.pk)]


def _hide(world, attachment: Attachment) -> None:
    services.attachment_set_hidden(
        attachment=attachment, actor=world.actor("coordinator"), hidden=True, reason="Lộ mặt"
    )
