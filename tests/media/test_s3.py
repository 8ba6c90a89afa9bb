"""The media pipeline against a real S3-compatible server: moto's server mode, over HTTP.

The ``media`` storage is configured the way production configures it, through
``paht.settings._media_storage()`` with ``PAHT_MEDIA_STORAGE=s3``. Nothing about S3 is
mocked: django-storages and boto3 talk HTTP to a moto server on a free local port, and
every assertion about the bucket is made by listing and reading it with a separate boto3
client.
"""

import io
import logging
import uuid
from dataclasses import dataclass

import av
import boto3
import numpy as np
import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from moto.server import ThreadedMotoServer
from PIL import Image
from storages.backends.s3 import S3Storage

from paht import settings as paht_settings
from paht.media import services
from paht.media.access import media_url
from paht.media.models import Attachment, Kind, MediaState
from paht.reports.models import State
from tests.factories import report_in_state
from tests.media import samples

REGION = "us-east-1"
PREFIX = "paht-media/site1"
ACCESS_KEY, SECRET_KEY = "paht-test-access", "paht-test-secret"
# What a phone leaves in its files, and the public copies must not carry.
LEAKS = (
    b"Exif",
    b"xmpmeta",
    b"ns.adobe.com",
    samples.MAKER.encode(),
    samples.MODEL.encode(),
    samples.SOFTWARE.encode(),
    b"PAHTMAKERNOTE",
)
PHOTO_VARIANTS = ("display", "medium", "small")
VIDEO_VARIANTS = ("video", "poster", "small")


@pytest.fixture(scope="module")
def s3_endpoint():
    # The server's access log would bury a failure's own output; keep its warnings.
    access_log = logging.getLogger("werkzeug")
    level = access_log.level
    access_log.setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()
        access_log.setLevel(level)


@dataclass
class Bucket:
    client: object
    name: str

    def keys(self) -> set[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name)
        return {item["Key"] for page in pages for item in page.get("Contents", [])}

    def read(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()


def key(name: str) -> str:
    """The bucket key of a storage name: the configured prefix comes first."""
    return f"{PREFIX}/{name}"


@pytest.fixture
def bucket(s3_endpoint, monkeypatch, settings):
    """A fresh bucket, and the ``media`` storage pointed at it by the production settings code."""
    for var in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"):
        monkeypatch.delenv(var, raising=False)
    name = f"paht-{uuid.uuid4().hex[:16]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )
    client.create_bucket(Bucket=name)
    env = {
        "PAHT_MEDIA_STORAGE": "s3",
        "PAHT_S3_BUCKET": name,
        "PAHT_S3_ENDPOINT_URL": s3_endpoint,
        "PAHT_S3_REGION": REGION,
        "PAHT_S3_ACCESS_KEY_ID": ACCESS_KEY,
        "PAHT_S3_SECRET_ACCESS_KEY": SECRET_KEY,
        "PAHT_S3_PREFIX": PREFIX,
    }
    for var, value in env.items():
        monkeypatch.setenv(var, value)
    settings.STORAGES = {**settings.STORAGES, "media": paht_settings._media_storage()}
    settings.PAHT_MEDIA_KEEP_ORIGINALS = False
    return Bucket(client, name)


@pytest.fixture
def report(world):
    # Submitted and not yet handled: not public, so only staff may see its files.
    return report_in_state(world, State.SUBMITTED)[0]


def upload(client, data: bytes, name: str, content_type: str) -> dict:
    response = client.post(
        "/media/upload", {"file": SimpleUploadedFile(name, data, content_type=content_type)}
    )
    assert response.status_code == 201, response.content
    return response.json()


def attach(world, report, uploaded: dict) -> Attachment:
    (attachment,) = services.attachments_attach(
        report=report,
        refs=[(uploaded["id"], uploaded["key"])],
        actor=world.actor("coordinator"),
    )
    return attachment


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def public_keys(attachment: Attachment) -> set[str]:
    """Bucket keys of the public files the database records for ``attachment``."""
    files = Attachment.objects.get(pk=attachment.pk).files
    return {key(name) for name in files.values()}


def assert_clean_jpeg(data: bytes) -> Image.Image:
    for leak in LEAKS:
        assert leak not in data, leak
    im = Image.open(io.BytesIO(data), formats=["JPEG"])
    assert len(im.getexif()) == 0
    assert "exif" not in im.info
    assert "xmp" not in im.info
    return im


def edge_energy(im: Image.Image, box: tuple[float, float, float, float]) -> float:
    """Mean difference between neighbouring pixels inside a box given in fractions."""
    x0, y0, x1, y1 = box
    crop = im.convert("L").crop(
        (int(x0 * im.width), int(y0 * im.height), int(x1 * im.width), int(y1 * im.height))
    )
    pixels = np.asarray(crop, dtype=np.float64)
    return float(np.abs(np.diff(pixels, axis=1)).mean())


# --- configuration ---------------------------------------------------------------------


def test_media_storage_is_s3_configured_from_the_environment(bucket, s3_endpoint):
    storage = storages["media"]
    assert isinstance(storage, S3Storage)
    assert storage.bucket_name == bucket.name
    assert storage.location == PREFIX
    assert storage.endpoint_url == s3_endpoint
    assert storage.default_acl is None
    assert storages["media"] is services.media_storage()

    name = storage.save("probe/hello.txt", io.BytesIO(b"through django-storages"))
    assert name == "probe/hello.txt"
    assert bucket.keys() == {key("probe/hello.txt")}
    assert bucket.read(key("probe/hello.txt")) == b"through django-storages"
    storage.delete(name)
    assert bucket.keys() == set()


# --- photos ----------------------------------------------------------------------------


def test_photo_upload_process_and_delivery_on_s3(
    bucket, world, report, client, django_capture_on_commit_callbacks
):
    original = samples.jpeg(800, 600)
    for leak in (b"Exif", b"xmpmeta", samples.MAKER.encode(), b"PAHTMAKERNOTE"):
        assert leak in original  # the sample really carries what must be stripped

    with django_capture_on_commit_callbacks(execute=False) as queued:
        uploaded = upload(client, original, "IMG_0001.JPG", "image/jpeg")
    assert uploaded["kind"] == Kind.PHOTO
    assert uploaded["suggestion"]["lat"] == pytest.approx(samples.LAT, abs=1e-4)
    assert uploaded["suggestion"]["lng"] == pytest.approx(samples.LNG, abs=1e-4)

    # The upload went to the bucket, under the prefix, byte for byte.
    incoming = f"incoming/{uploaded['id']}"
    assert Attachment.objects.get(pk=uploaded["id"]).original_name == incoming
    assert bucket.keys() == {key(incoming)}
    assert bucket.read(key(incoming)) == original

    attachment = attach(world, report, uploaded)
    assert attachment.state == MediaState.PENDING
    # Committing the upload queues the task; the immediate backend runs it here.
    assert len(queued) == 1
    queued[0]()
    attachment.refresh_from_db()
    assert attachment.state == MediaState.READY, attachment.error
    assert attachment.task_id
    assert attachment.original_name == ""
    assert set(attachment.files) == set(PHOTO_VARIANTS)

    # Derivatives are in the bucket under the prefix; the original (with GPS) is gone.
    expected = {key(f"public/{attachment.pk}/a1/{v}.jpg") for v in PHOTO_VARIANTS}
    assert public_keys(attachment) == expected
    assert bucket.keys() == expected

    sizes = []
    for variant in PHOTO_VARIANTS:
        im = assert_clean_jpeg(bucket.read(key(attachment.files[variant])))
        sizes.append(max(im.size))
    assert sizes == [800, 800, 320]  # display as uploaded; medium at most 800, small 320
    display = bucket.read(key(attachment.files["display"]))
    assert Image.open(io.BytesIO(display)).size == (attachment.width, attachment.height)

    # Served through the app, read back from S3, with safe headers: staff only for now.
    url = media_url(attachment, "display")
    client.force_login(world.users["coordinator"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Accept-Ranges"] == "bytes"
    assert response["Cache-Control"] == "private, no-store"
    assert int(response["Content-Length"]) == len(display)
    assert body(response) == display

    response = client.get(url, HTTP_RANGE="bytes=100-1099")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 100-1099/{len(display)}"
    assert response["Content-Type"] == "image/jpeg"
    assert body(response) == display[100:1100]

    response = client.get(url, HTTP_RANGE="bytes=-300")
    assert response.status_code == 206
    assert body(response) == display[-300:]

    response = client.get(url, HTTP_RANGE=f"bytes={len(display)}-")
    assert response.status_code == 416

    # The original is gone, so not even the coordinator can fetch it.
    assert client.get(media_url(attachment, "original")).status_code == 404

    anonymous = Client()
    for variant in PHOTO_VARIANTS:
        assert anonymous.get(media_url(attachment, variant)).status_code == 404
    assert anonymous.get(url, HTTP_RANGE="bytes=0-99").status_code == 404

    # An object gone from the bucket behind the app's back is a 404, not a server error.
    bucket.client.delete_object(Bucket=bucket.name, Key=key(attachment.files["medium"]))
    assert client.get(media_url(attachment, "medium")).status_code == 404
    assert client.get(url).status_code == 200


def test_original_is_kept_on_s3_when_configured(bucket, world, report, client, settings):
    settings.PAHT_MEDIA_KEEP_ORIGINALS = True
    original = samples.jpeg(800, 600)
    uploaded = upload(client, original, "IMG_0002.JPG", "image/jpeg")
    attachment = attach(world, report, uploaded)

    assert services.attachment_process(attachment.pk) == "ready"
    attachment.refresh_from_db()
    incoming = f"incoming/{attachment.pk}"
    assert attachment.original_name == incoming
    assert bucket.keys() == public_keys(attachment) | {key(incoming)}
    assert bucket.read(key(incoming)) == original
    assert_clean_jpeg(bucket.read(key(attachment.files["display"])))

    # The kept original (with its metadata) is the coordinator's, as a download.
    client.force_login(world.users["coordinator"])
    response = client.get(media_url(attachment, "original"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("attachment;")
    assert body(response) == original
    assert Client().get(media_url(attachment, "original")).status_code == 404


# --- video -----------------------------------------------------------------------------


def test_video_on_s3_loses_its_location(bucket, world, report, client, tmp_path):
    original = samples.video(fmt="mov")
    # The sample carries what a phone writes: place, time and device.
    assert b"+09.2250+105.1790" in original
    with av.open(io.BytesIO(original)) as container:
        assert container.metadata["location"].startswith("+09.2250+105.1790")
        assert container.metadata["creation_time"].startswith("2026-11-20")

    uploaded = upload(client, original, "IMG_0003.MOV", "video/quicktime")
    assert uploaded["kind"] == Kind.VIDEO
    assert uploaded["suggestion"]["lat"] == pytest.approx(samples.LAT, abs=1e-3)
    attachment = attach(world, report, uploaded)
    assert services.attachment_process(attachment.pk) == "ready"
    attachment.refresh_from_db()
    assert attachment.state == MediaState.READY
    assert set(attachment.files) == set(VIDEO_VARIANTS)
    assert attachment.content_types["video"] == "video/mp4"

    folder = f"public/{attachment.pk}/a1"
    expected = {key(f"{folder}/video.mp4"), key(f"{folder}/poster.jpg"), key(f"{folder}/small.jpg")}
    assert public_keys(attachment) == expected
    assert bucket.keys() == expected  # the .mov with its location atom is deleted

    downloaded = tmp_path / "public.mp4"
    bucket.client.download_file(bucket.name, key(attachment.files["video"]), str(downloaded))
    data = downloaded.read_bytes()
    assert b"+09.2250+105.1790" not in data
    assert samples.MAKER.encode() not in data
    with av.open(str(downloaded)) as container:
        tags = {**container.metadata}
        for stream in container.streams:
            tags.update(stream.metadata)
        assert not [name for name in tags if "location" in name.lower() or "6709" in name]
        assert not [value for value in tags.values() if "+09.2250" in str(value)]
        assert not [value for value in tags.values() if "2026-11-20" in str(value)]
        assert samples.MAKER not in tags.values() and samples.MODEL not in tags.values()
        video = container.streams.video[0]
        assert (video.codec_context.width, video.codec_context.height) == (320, 240)
        assert next(container.decode(video)) is not None

    poster = assert_clean_jpeg(bucket.read(key(attachment.files["poster"])))
    assert poster.size == (320, 240)
    assert_clean_jpeg(bucket.read(key(attachment.files["small"])))

    client.force_login(world.users["coordinator"])
    response = client.get(media_url(attachment, "video"), HTTP_RANGE="bytes=0-1023")
    assert response.status_code == 206
    assert response["Content-Type"] == "video/mp4"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Range"] == f"bytes 0-1023/{len(data)}"
    assert body(response) == data[:1024]


# --- blur ------------------------------------------------------------------------------


def test_blur_replaces_the_public_object_on_s3(
    bucket, world, report, client, django_capture_on_commit_callbacks
):
    uploaded = upload(client, samples.jpeg(800, 600), "IMG_0004.JPG", "image/jpeg")
    attachment = attach(world, report, uploaded)
    assert services.attachment_process(attachment.pk) == "ready"
    attachment.refresh_from_db()
    old = dict(attachment.files)
    old_keys = public_keys(attachment)
    before = Image.open(io.BytesIO(bucket.read(key(old["display"]))))

    region = {"x": 0.2, "y": 0.2, "w": 0.4, "h": 0.4}
    with django_capture_on_commit_callbacks(execute=False) as queued:
        blurred = services.attachment_blur(
            attachment=attachment, actor=world.actor("coordinator"), regions=[region]
        )
    new_keys = {key(f"public/{attachment.pk}/b1/{v}.jpg") for v in PHOTO_VARIANTS}
    assert blurred.blur_count == 1
    assert public_keys(blurred) == new_keys
    assert not new_keys & old_keys
    # Until the transaction commits the old copies stay, so a rollback loses nothing.
    assert bucket.keys() == old_keys | new_keys

    for callback in queued:
        callback()
    assert bucket.keys() == new_keys

    data = bucket.read(key(blurred.files["display"]))
    after = assert_clean_jpeg(data)
    assert after.size == before.size
    inside, outside = (0.25, 0.25, 0.55, 0.55), (0.7, 0.7, 0.95, 0.95)
    assert edge_energy(after, inside) < edge_energy(before, inside) / 5
    assert edge_energy(after, outside) == pytest.approx(edge_energy(before, outside), rel=0.1)

    # The app now serves the blurred object, under a new versioned URL.
    client.force_login(world.users["coordinator"])
    url = media_url(blurred, "display")
    assert url.endswith("?v=1")
    response = client.get(url)
    assert response.status_code == 200
    assert body(response) == data
