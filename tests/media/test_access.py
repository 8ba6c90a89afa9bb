"""Delivery: who gets which file, with which headers; hiding and blurring before publishing."""

import pytest
from django.test import Client
from PIL import Image

from paht.core import errors
from paht.media import services
from paht.media.access import media_url
from paht.media.models import Attachment
from paht.reports.models import ReportEvent, State
from paht.reports.permissions import Actor
from tests.factories import report_in_state
from tests.media import samples
from tests.media.conftest import stored_files, upload


def ready_attachment(report, data=None, name="photo.jpg"):
    result = upload(data or samples.jpeg(800, 600), name)
    services.attachments_attach(
        report=report, refs=[(str(result.attachment.pk), result.key)], actor=Actor.reporter(report)
    )
    assert services.attachment_process(result.attachment.pk) == "ready"
    return Attachment.objects.get(pk=result.attachment.pk)


def as_user(world, name) -> Client:
    client = Client()
    client.force_login(world.users[name])
    return client


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.django_db
def test_published_report_photos_are_public_with_safe_headers(world, client):
    report, _ = report_in_state(world, State.PUBLISHED)
    attachment = ready_attachment(report)
    response = client.get(media_url(attachment, "display"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["Cache-Control"] == "public, max-age=300"
    data = body(response)
    assert data[:3] == b"\xff\xd8\xff" and b"Exif" not in data
    assert int(response["Content-Length"]) == len(data)
    for variant in ("medium", "small"):
        assert client.get(media_url(attachment, variant)).status_code == 200
    # Variants a photo does not have, and the original, are not there for the public.
    for variant in ("video", "poster", "original", "index.html"):
        assert client.get(f"/media/{attachment.pk}/{variant}").status_code == 404


@pytest.mark.django_db
def test_unpublished_report_media_is_for_staff_of_the_report_only(world, client):
    report, _ = report_in_state(world, State.IN_PROGRESS)
    attachment = ready_attachment(report)
    url = media_url(attachment, "display")
    assert client.get(url).status_code == 404
    for name in ("coordinator", "supervisor", "handler", "approver", "co_handler"):
        response = as_user(world, name).get(url)
        assert response.status_code == 200, name
        assert response["Cache-Control"] == "private, no-store"
    for name in ("other_handler", "other_approver"):
        assert as_user(world, name).get(url).status_code == 404, name


@pytest.mark.django_db
def test_signed_url_lets_the_reporter_see_their_own_files(world, client):
    report, _ = report_in_state(world, State.IN_PROGRESS)
    attachment = ready_attachment(report)
    signed = media_url(attachment, "display", signed=True)
    assert client.get(signed).status_code == 200
    # The signature is for this file and variant only.
    token = signed.split("t=", 1)[1]
    assert client.get(f"/media/{attachment.pk}/small?t={token}").status_code == 404
    assert client.get(f"/media/{attachment.pk}/display?t={token}x").status_code == 404


@pytest.mark.django_db
def test_private_report_media_is_not_public_once_published(world, client):
    report, _ = report_in_state(world, State.PUBLISHED)
    attachment = ready_attachment(report)
    report.is_private = True
    report.save(update_fields=["is_private"])
    assert client.get(media_url(attachment, "display")).status_code == 404


@pytest.mark.django_db
def test_file_still_processing_or_quarantined_is_not_served(world, client):
    report, _ = report_in_state(world, State.PUBLISHED)
    result = upload(samples.jpeg(400, 300))
    services.attachments_attach(
        report=report, refs=[(str(result.attachment.pk), result.key)], actor=Actor.reporter(report)
    )
    url = f"/media/{result.attachment.pk}/display"
    assert client.get(url).status_code == 404
    assert as_user(world, "coordinator").get(url).status_code == 404


@pytest.mark.django_db
def test_original_is_the_coordinators_alone_as_a_download(world, settings, client):
    settings.PAHT_MEDIA_KEEP_ORIGINALS = True
    report, _ = report_in_state(world, State.PUBLISHED)
    attachment = ready_attachment(report)
    url = media_url(attachment, "original")
    response = as_user(world, "coordinator").get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "image/jpeg"
    assert samples.MAKER.encode() in body(response)  # the untouched original
    for name in ("supervisor", "handler", "approver"):
        assert as_user(world, name).get(url).status_code == 404, name
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_byte_ranges_for_video_seeking(world, client):
    report, _ = report_in_state(world, State.PUBLISHED)
    attachment = ready_attachment(report, samples.video("mp4"), "clip.mp4")
    url = media_url(attachment, "video")
    whole = body(client.get(url))
    response = client.get(url, HTTP_RANGE="bytes=100-299")
    assert response.status_code == 206
    assert response["Content-Type"] == "video/mp4"
    assert response["Content-Range"] == f"bytes 100-299/{len(whole)}"
    assert body(response) == whole[100:300]
    tail = client.get(url, HTTP_RANGE="bytes=-50")
    assert tail.status_code == 206 and body(tail) == whole[-50:]
    assert client.get(url, HTTP_RANGE=f"bytes={len(whole)}-").status_code == 416
    assert client.get(url, HTTP_RANGE="bytes=0-1,5-9").status_code == 200  # whole file


@pytest.mark.django_db
def test_unchanged_file_answers_not_modified(world, client):
    report, _ = report_in_state(world, State.PUBLISHED)
    attachment = ready_attachment(report)
    url = media_url(attachment, "small")
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


# --- moderation -------------------------------------------------------------------------


@pytest.mark.django_db
def test_hidden_photo_leaves_the_public_but_not_the_staff(world, client):
    report, _ = report_in_state(world, State.PUBLISHED)
    attachment = ready_attachment(report)
    url = media_url(attachment, "display")
    services.attachment_set_hidden(
        attachment=attachment, actor=world.actor("coordinator"), hidden=True, reason="Lộ mặt"
    )
    assert client.get(url).status_code == 404
    assert as_user(world, "handler").get(url).status_code == 200
    event = ReportEvent.objects.get(report=report, action="media_hide")
    assert event.note == "Lộ mặt" and not event.citizen_visible
    services.attachment_set_hidden(
        attachment=attachment, actor=world.actor("approver"), hidden=False
    )
    assert client.get(url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["handler", "co_handler", "other_approver", "supervisor"])
def test_only_the_coordinator_or_the_lead_approver_moderate(world, who):
    report, _ = report_in_state(world, State.PUBLISHED)
    attachment = ready_attachment(report)
    with pytest.raises(errors.PermissionDenied):
        services.attachment_set_hidden(attachment=attachment, actor=world.actor(who), hidden=True)
    with pytest.raises(errors.PermissionDenied):
        services.attachment_blur(
            attachment=attachment,
            actor=world.actor(who),
            regions=[{"x": 0, "y": 0, "w": 0.5, "h": 0.5}],
        )
    assert not Attachment.objects.get(pk=attachment.pk).is_hidden


@pytest.mark.django_db
def test_blurred_copy_replaces_the_public_one(
    world, client, media_root, django_capture_on_commit_callbacks
):
    report, _ = report_in_state(world, State.PUBLISHED)
    attachment = ready_attachment(report)
    before = Image.open(media_root / attachment.files["display"]).convert("RGB")
    old_files = set(attachment.files.values())
    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_blur(
            attachment=attachment,
            actor=world.actor("coordinator"),
            regions=[{"x": 0.5, "y": 0.5, "w": 0.3, "h": 0.3}],
        )
    attachment.refresh_from_db()
    assert attachment.blur_count == 1
    assert set(stored_files(media_root)) == set(attachment.files.values())
    assert not old_files & set(attachment.files.values())
    after = Image.open(media_root / attachment.files["display"]).convert("RGB")
    assert after.size == before.size
    # Outside the region the picture is the same (up to JPEG re-encoding), inside it is not.
    assert (
        max(
            abs(a - b)
            for a, b in zip(after.getpixel((20, 300)), before.getpixel((20, 300)), strict=True)
        )
        < 24
    )
    inside = [(x, y) for x in range(420, 620, 20) for y in range(320, 460, 20)]
    assert sum(after.getpixel(p) != before.getpixel(p) for p in inside) > len(inside) * 0.8
    response = client.get(media_url(attachment, "display"))
    assert response.status_code == 200 and "v=1" in media_url(attachment, "display")
    assert ReportEvent.objects.filter(report=report, action="media_blur").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "regions",
    [[], [{"x": 0.9, "y": 0, "w": 0.2, "h": 0.1}], [{"x": "a"}], "all", [{"x": 0, "y": 0}]],
)
def test_bad_blur_regions_are_refused_and_change_nothing(world, media_root, regions):
    report, _ = report_in_state(world, State.PUBLISHED)
    attachment = ready_attachment(report)
    files = stored_files(media_root)
    with pytest.raises(errors.ValidationError):
        services.attachment_blur(
            attachment=attachment, actor=world.actor("coordinator"), regions=regions
        )
    assert stored_files(media_root) == files
    assert Attachment.objects.get(pk=attachment.pk).blur_count == 0


@pytest.mark.django_db
def test_hidden_photo_of_a_published_report_is_kept_from_other_units(world):
    report, _ = report_in_state(world, State.PUBLISHED)
    attachment = ready_attachment(report)
    url = media_url(attachment, "display")
    assert as_user(world, "other_handler").get(url).status_code == 200  # public for now
    services.attachment_set_hidden(
        attachment=attachment, actor=world.actor("coordinator"), hidden=True
    )
    for name in ("other_handler", "other_approver"):
        assert as_user(world, name).get(url).status_code == 404, name
    for name in ("handler", "approver", "co_handler", "supervisor"):
        assert as_user(world, name).get(url).status_code == 200, name


@pytest.mark.django_db
def test_file_of_an_internal_exchange_never_becomes_public(world, client):
    from paht.media.selectors import public_media, reporter_media

    report, _ = report_in_state(world, State.PUBLISHED)
    attachment = ready_attachment(report)
    internal = ReportEvent.objects.filter(report=report, citizen_visible=False).first()
    Attachment.objects.filter(pk=attachment.pk).update(event=internal)
    attachment.refresh_from_db()
    assert client.get(media_url(attachment, "display")).status_code == 404
    assert as_user(world, "other_handler").get(media_url(attachment, "display")).status_code == 404
    assert as_user(world, "handler").get(media_url(attachment, "display")).status_code == 200
    assert public_media(report) == [] and reporter_media(report) == []
