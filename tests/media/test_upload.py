"""The citizen's upload: stored at once, refused cleanly, attached with its key."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from paht.core import errors
from paht.media import services
from paht.media.models import Attachment, MediaState, Purpose
from paht.reports.models import ReportEvent, State
from paht.reports.permissions import Actor
from tests.factories import report_in_state, submit
from tests.media import samples
from tests.media.conftest import stored_files, upload

HOSTILE = [
    ("zero.jpg", lambda: b"", 422, "empty"),
    ("bomb.png", samples.png_bomb, 413, "too_many_pixels"),
    ("bomb.jpg", samples.jpeg_bomb, 413, "too_many_pixels"),
    ("cut.jpg", samples.truncated_jpeg, 422, "unreadable"),
    ("page.jpg", samples.html_as_jpeg, 415, "unsupported_type"),
    ("logo.jpg", samples.svg_as_jpeg, 415, "unsupported_type"),
    ("poly.jpg", samples.html_polyglot, 415, "unsupported_type"),
    ("clip.webm", samples.webm_with_text_only, 422, "unreadable"),
    ("doc.jpg", lambda: b"%PDF-1.7\n1 0 obj<<>>endobj\n", 415, "unsupported_type"),
]


def post(client, data: bytes, name="photo.jpg", **extra):
    return client.post("/media/upload", {"file": SimpleUploadedFile(name, data), **extra})


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "make", "status", "code"), HOSTILE)
def test_hostile_uploads_get_a_clear_error_and_leave_nothing(
    client, media_root, name, make, status, code
):
    response = post(client, make(), name)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"] and error["fields"]["file"]
    assert any(ch in error["message"] for ch in "ảệịọụớưđ")  # Vietnamese, with diacritics
    assert not Attachment.objects.exists()
    assert stored_files(media_root) == []
    # The server is still up and takes the next, good photo.
    assert post(client, samples.jpeg()).status_code == 201


@pytest.mark.django_db
def test_a_good_photo_is_stored_at_once_and_suggests_place_and_time(client, media_root):
    response = post(client, samples.jpeg(), "IMG_0001.JPG")
    assert response.status_code == 201
    body = response.json()
    attachment = Attachment.objects.get(pk=body["id"])
    assert body["kind"] == "photo" and body["state"] == "pending"
    assert body["suggestion"]["lat"] == pytest.approx(samples.LAT, abs=1e-5)
    assert body["suggestion"]["lng"] == pytest.approx(samples.LNG, abs=1e-5)
    assert body["suggestion"]["taken_at"].startswith("2026-11-20T08:30:00")
    assert attachment.source_name == "IMG_0001.JPG"
    assert attachment.report is None and attachment.upload_key_hash == services.hash_secret(
        body["key"]
    )
    assert stored_files(media_root) == [f"incoming/{attachment.pk}"]


@pytest.mark.django_db
def test_oversized_request_is_refused_before_it_is_read(client, settings, media_root):
    settings.PAHT_MEDIA_PHOTO_MAX_MB = 0.05
    settings.PAHT_MEDIA_VIDEO_MAX_MB = 0.05
    response = post(client, b"\xff\xd8\xff" + b"\x00" * 200_000)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"
    assert not Attachment.objects.exists() and stored_files(media_root) == []


@pytest.mark.django_db
def test_photo_over_its_own_limit_is_refused_though_under_the_video_limit(client, settings):
    settings.PAHT_MEDIA_PHOTO_MAX_MB = 0.1
    response = post(client, samples.jpeg(1600, 1200))
    assert response.status_code == 413
    assert "MB" in response.json()["error"]["message"]


@pytest.mark.django_db
def test_exactly_one_file_per_request(client):
    assert client.post("/media/upload", {}).status_code == 400
    two = [SimpleUploadedFile("a.jpg", samples.jpeg()), SimpleUploadedFile("b.jpg", samples.jpeg())]
    response = client.post("/media/upload", {"file": two})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "file_required"
    assert client.get("/media/upload").status_code == 405
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_unknown_purpose_is_refused(client):
    response = post(client, samples.jpeg(), purpose="avatar")
    assert response.status_code == 400
    assert not Attachment.objects.exists()


# --- attaching --------------------------------------------------------------------------


def refs(uploads):
    return [(str(u.attachment.pk), u.key) for u in uploads]


@pytest.mark.django_db
def test_uploads_are_attached_with_their_keys(world):
    report = submit(world).report
    uploads = [upload(samples.jpeg(400, 300)), upload(samples.video("mp4"), "clip.mp4")]
    attached = services.attachments_attach(
        report=report, refs=refs(uploads), actor=Actor.reporter(report)
    )
    assert {a.report_id for a in attached} == {report.pk}
    assert all(a.upload_key_hash == "" for a in Attachment.objects.all())
    # A key works once: the same upload cannot be attached again, here or elsewhere.
    other = submit(world).report
    with pytest.raises(errors.ValidationError) as refused:
        services.attachments_attach(
            report=other, refs=refs(uploads[:1]), actor=Actor.reporter(other)
        )
    assert refused.value.code == "unknown_file"


@pytest.mark.django_db
def test_a_wrong_key_or_id_attaches_nothing(world):
    report = submit(world).report
    good = upload(samples.jpeg(400, 300))
    for bad in [
        [(str(good.attachment.pk), "not-the-key")],
        [(str(good.attachment.pk), good.key), ("00000000-0000-0000-0000-000000000000", "x")],
        [(str(good.attachment.pk), good.key), ("not-a-uuid", "x")],
        [(str(good.attachment.pk), None)],
        [(str(good.attachment.pk), good.key), (str(good.attachment.pk), good.key)],
        ["just-a-string"],
    ]:
        with pytest.raises(errors.ValidationError):
            services.attachments_attach(report=report, refs=bad, actor=Actor.reporter(report))
    assert Attachment.objects.get().report is None


@pytest.mark.django_db
def test_more_than_five_photos_or_one_video_per_report_is_refused(world, media_root):
    report = submit(world).report
    photos = [upload(samples.jpeg(200, 150)) for _ in range(6)]
    with pytest.raises(errors.ValidationError) as refused:
        services.attachments_attach(report=report, refs=refs(photos), actor=Actor.reporter(report))
    assert refused.value.code == "too_many_files"
    assert not Attachment.objects.filter(report=report).exists()

    services.attachments_attach(report=report, refs=refs(photos[:5]), actor=Actor.reporter(report))
    videos = [upload(samples.video("mp4"), "a.mp4"), upload(samples.video("mp4"), "b.mp4")]
    with pytest.raises(errors.ValidationError):
        services.attachments_attach(report=report, refs=refs(videos), actor=Actor.reporter(report))
    services.attachments_attach(report=report, refs=refs(videos[:1]), actor=Actor.reporter(report))
    with pytest.raises(errors.ValidationError):
        services.attachments_attach(
            report=report, refs=refs(photos[5:]), actor=Actor.reporter(report)
        )
    assert Attachment.objects.filter(report=report).count() == 6


@pytest.mark.django_db
def test_staff_upload_straight_to_a_report_counts_against_the_limit(world, settings, media_root):
    settings.PAHT_MEDIA_MAX_PHOTOS = 2
    report, _ = report_in_state(world, State.IN_PROGRESS)
    handler = world.actor("handler")
    for _ in range(2):
        upload(samples.jpeg(200, 150), actor=handler, report=report, purpose=Purpose.RESULT)
    before = stored_files(media_root)
    with pytest.raises(errors.ValidationError) as refused:
        upload(samples.jpeg(200, 150), actor=handler, report=report, purpose=Purpose.RESULT)
    assert refused.value.code == "too_many_files"
    assert stored_files(media_root) == before  # the refused file was not left behind
    # Another unit's officer cannot add result photos to this report.
    with pytest.raises(errors.PermissionDenied):
        upload(
            samples.jpeg(200, 150),
            actor=world.actor("other_handler"),
            report=report,
            purpose=Purpose.RESULT,
        )


@pytest.mark.django_db
def test_photo_taken_far_away_or_long_ago_is_flagged_for_the_coordinator(world):
    report = submit(world).report
    near = upload(samples.jpeg(200, 150))
    far = upload(samples.jpeg(200, 150, lat=10.7769, lng=106.7009))  # Hồ Chí Minh City
    old = upload(samples.jpeg(200, 150, taken="2024:01:05 10:00:00"))
    services.attachments_attach(
        report=report, refs=refs([near, far, old]), actor=Actor.reporter(report)
    )
    near, far, old = (Attachment.objects.get(pk=u.attachment.pk) for u in (near, far, old))
    assert near.distance_m < 100 and not near.taken_far and not near.taken_long_ago
    assert far.distance_m > 200_000 and far.taken_far
    assert old.taken_long_ago and not old.taken_far


@pytest.mark.django_db
def test_a_quarantined_upload_cannot_be_attached(world):
    report = submit(world).report
    bad = upload(samples.jpeg(200, 150))
    Attachment.objects.filter(pk=bad.attachment.pk).update(
        state=MediaState.QUARANTINED, error="Ảnh bị hỏng."
    )
    with pytest.raises(errors.ValidationError) as refused:
        services.attachments_attach(report=report, refs=refs([bad]), actor=Actor.reporter(report))
    assert refused.value.code == "file_quarantined"
    assert not ReportEvent.objects.filter(report=report, action__startswith="media").exists()


@pytest.mark.django_db
def test_upload_without_a_csrf_token_gets_a_json_error():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/media/upload", {"file": SimpleUploadedFile("a.jpg", samples.jpeg())})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "csrf_failed"
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_damaged_video_upload_is_refused_not_a_server_error(client):
    data = bytearray(samples.video("mov"))
    at = data.find(b"avc1")  # the codec tag: FFmpeg no longer knows the codec
    data[at : at + 4] = b"zzzz"
    response = post(client, bytes(data), "clip.mov")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "unreadable"
    assert not Attachment.objects.exists()


def test_upload_is_limited_per_address(db, client, settings, media_root):
    settings.PAHT_UPLOAD_PER_IP_HOUR = 2
    photo = samples.jpeg(400, 300)
    for _ in range(2):
        assert post(client, photo).status_code == 201
    response = post(client, photo)

    assert response.status_code == 429
    assert response.json()["error"]["code"] == "rate_limited"
    assert "quá nhiều tệp" in response.json()["error"]["message"]
    assert int(response["Retry-After"]) > 0
    assert Attachment.objects.count() == 2
