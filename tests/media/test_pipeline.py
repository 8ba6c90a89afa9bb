"""The pipeline on files: types decided by content, metadata read first, then stripped."""

from datetime import UTC, datetime, timedelta, timezone

import av
import pytest
from PIL import Image, ImageCms

from paht.media import pipeline
from paht.media.pipeline import Limits, MediaRefused
from tests.media import samples

LIMITS = Limits()
ICT = timezone(timedelta(hours=7))

# Byte strings that betray metadata: EXIF and XMP headers, IPTC, ICC, the sample's
# maker, model, software and maker note, and the markup hidden in the polyglot.
LEAKS = [
    b"Exif\x00\x00",
    b"http://ns.adobe.com/xap",
    b"adobe:ns:meta",
    b"Photoshop 3.0",
    b"ICC_PROFILE",
    samples.MAKER.encode(),
    samples.MODEL.encode(),
    samples.SOFTWARE.encode(),
    b"PAHTMAKERNOTE",
    b"<script",
    b"2026:11:20",
]


def write(tmp_path, data: bytes, name="upload") -> object:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def assert_clean_jpeg(path) -> Image.Image:
    """Read the stored file back independently and find no metadata at all."""
    raw = path.read_bytes()
    for marker in LEAKS:
        assert marker not in raw, marker
    im = Image.open(path)
    assert im.format == "JPEG"
    assert not dict(im.getexif())
    for key in ("exif", "xmp", "icc_profile", "comment", "photoshop", "adobe"):
        assert key not in im.info, key
    # Only the JPEG structure we wrote: SOI, JFIF APP0, tables, frame, scan, EOI.
    assert not any(app in raw for app in (b"\xff\xe1", b"\xff\xe2", b"\xff\xed", b"\xff\xfe"))
    return im


@pytest.mark.parametrize(
    ("make", "fmt"),
    [
        (samples.jpeg, "jpeg"),
        (samples.heic, "heif"),
        (samples.avif, "avif"),
        (samples.png, "png"),
        (samples.webp, "webp"),
    ],
)
def test_every_photo_format_becomes_clean_jpeg_derivatives(tmp_path, make, fmt):
    info, derived = pipeline.process(write(tmp_path, make()), tmp_path / "out", LIMITS)
    assert (info.kind, info.format) == ("photo", fmt)
    assert set(derived.files) == {"display", "medium", "small"}
    sizes = {}
    for variant, path in derived.files.items():
        assert derived.content_types[variant] == "image/jpeg"
        sizes[variant] = assert_clean_jpeg(path).size
    assert max(sizes["small"]) == 320
    assert max(sizes["medium"]) == 800
    assert sizes["display"] == (derived.width, derived.height)


def test_exif_place_and_time_are_read_before_stripping(tmp_path):
    info = pipeline.probe(write(tmp_path, samples.jpeg()), LIMITS)
    assert info.lat == pytest.approx(samples.LAT, abs=1e-5)
    assert info.lng == pytest.approx(samples.LNG, abs=1e-5)
    assert info.taken_at == datetime(2026, 11, 20, 8, 30, tzinfo=ICT)


def test_exif_time_without_offset_is_local_time_and_southern_western_points_are_negative(
    tmp_path,
):
    data = samples.jpeg(offset=None, lat=-33.5, lng=-70.25)
    info = pipeline.probe(write(tmp_path, data), LIMITS)
    assert info.taken_at.utcoffset() == timedelta(hours=7)  # Asia/Ho_Chi_Minh
    assert (info.lat, info.lng) == (pytest.approx(-33.5), pytest.approx(-70.25))


def test_heic_from_a_phone_is_read_and_converted_for_display(tmp_path):
    info, derived = pipeline.process(write(tmp_path, samples.heic()), tmp_path / "out", LIMITS)
    assert info.format == "heif"
    assert info.lat == pytest.approx(samples.LAT, abs=1e-5)
    display = assert_clean_jpeg(derived.files["display"])
    assert display.size == (1200, 900)
    red, green, _blue = display.convert("RGB").getpixel((5, 5))
    assert red > 200 and green < 60  # the picture itself survived the conversion


@pytest.mark.parametrize("orientation", [1, 3, 6, 8])
def test_orientation_is_applied_to_the_pixels(tmp_path, orientation):
    data = samples.jpeg(1200, 900, orientation=orientation)
    info, derived = pipeline.process(write(tmp_path, data), tmp_path / "out", LIMITS)
    display = Image.open(derived.files["display"]).convert("RGB")
    upright = (900, 1200) if orientation in {6, 8} else (1200, 900)
    assert (info.width, info.height) == upright
    assert display.size == upright
    # The red block marks the sensor's top-left; after rotation it is where the tag says.
    w, h = display.size
    corner = {1: (5, 5), 3: (w - 5, h - 5), 6: (w - 5, 5), 8: (5, h - 5)}[orientation]
    red, green, _ = display.getpixel(corner)
    assert red > 200 and green < 60


def test_icc_profile_is_removed(tmp_path):
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = samples.jpeg(icc=srgb)
    assert b"ICC_PROFILE" in data
    _, derived = pipeline.process(write(tmp_path, data), tmp_path / "out", LIMITS)
    assert_clean_jpeg(derived.files["display"])


def test_large_photo_is_reduced_to_the_display_edge(tmp_path):
    data = samples.jpeg(4032, 3024)
    _, derived = pipeline.process(write(tmp_path, data), tmp_path / "out", LIMITS)
    display = Image.open(derived.files["display"])
    assert max(display.size) <= LIMITS.display_edge
    assert max(display.size) >= LIMITS.display_edge * 3 // 4


def test_markup_inside_a_real_jpeg_does_not_reach_the_public_copy(tmp_path):
    data = samples.jpeg_with_script()
    assert b"<script" in data
    _, derived = pipeline.process(write(tmp_path, data), tmp_path / "out", LIMITS)
    for path in derived.files.values():
        assert_clean_jpeg(path)


@pytest.mark.parametrize(
    ("make", "code", "status"),
    [
        (lambda: b"", "empty", 422),
        (samples.html_as_jpeg, "unsupported_type", 415),
        (samples.svg_as_jpeg, "unsupported_type", 415),
        (samples.html_polyglot, "unsupported_type", 415),
        (lambda: b"PK\x03\x04" + b"\x00" * 100, "unsupported_type", 415),
        (samples.png_bomb, "too_many_pixels", 413),
        (samples.jpeg_bomb, "too_many_pixels", 413),
        (samples.truncated_jpeg, "unreadable", 422),
        (samples.webm_with_text_only, "unreadable", 422),
        (lambda: samples.jpeg()[:200], "unreadable", 422),
    ],
)
def test_hostile_and_broken_files_are_refused_with_a_reason(tmp_path, make, code, status):
    with pytest.raises(MediaRefused) as refused:
        pipeline.probe(write(tmp_path, make()), LIMITS)
    assert (refused.value.code, refused.value.status) == (code, status)
    assert str(refused.value.message)  # a sentence for the citizen, not an empty string


def test_declared_name_and_type_are_ignored(tmp_path):
    path = write(tmp_path, samples.png(alpha=False), name="anh-chup.jpg")
    assert pipeline.sniff(path)[:2] == ("photo", "png")


def test_size_limits_come_from_the_limits(tmp_path):
    data = samples.jpeg()
    small = Limits(photo_max_bytes=len(data) - 1)
    with pytest.raises(MediaRefused) as refused:
        pipeline.probe(write(tmp_path, data), small)
    assert refused.value.code == "too_large"
    few_pixels = Limits(photo_max_pixels=1200 * 900 - 1)
    with pytest.raises(MediaRefused) as refused:
        pipeline.probe(write(tmp_path, data), few_pixels)
    assert refused.value.code == "too_many_pixels"


def test_transparent_png_is_flattened_on_white(tmp_path):
    picture = Image.new("RGBA", (300, 200), (0, 0, 0, 0))
    path = tmp_path / "clear.png"
    picture.save(path)
    _, derived = pipeline.process(path, tmp_path / "out", LIMITS)
    assert Image.open(derived.files["display"]).convert("RGB").getpixel((10, 10)) == (
        255,
        255,
        255,
    )


# --- video ------------------------------------------------------------------------------


def video_metadata(path) -> dict:
    with av.open(str(path)) as container:
        found = dict(container.metadata)
        for stream in container.streams:
            found.update({f"stream:{k}": v for k, v in stream.metadata.items()})
    return found


@pytest.mark.parametrize("fmt", ["mov", "mp4"])
def test_video_location_and_device_are_read_then_stripped_by_remuxing(tmp_path, fmt):
    data = samples.video(fmt, audio=True)
    source = write(tmp_path, data)
    assert "location" in video_metadata(source)
    info, derived = pipeline.process(source, tmp_path / "out", LIMITS)
    assert (info.kind, info.format) == ("video", fmt)
    assert info.lat == pytest.approx(samples.LAT) and info.lng == pytest.approx(samples.LNG)
    assert info.taken_at == datetime(2026, 11, 20, 1, 30, tzinfo=UTC)
    assert info.duration == pytest.approx(2.0, abs=0.1)
    assert not derived.reencoded  # H.264 and AAC are copied as they are
    out = derived.files["video"]
    assert derived.content_types["video"] == "video/mp4"
    metadata = video_metadata(out)
    leaked = {k for k in metadata if "location" in k.lower() or "6709" in k}
    assert not leaked
    assert "creation_time" not in metadata and "stream:creation_time" not in metadata
    raw = out.read_bytes()
    for marker in (b"\xa9xyz", b"loci", b"+09.2250", samples.MAKER.encode(), b"\xa9mak"):
        assert marker not in raw, marker
    with av.open(str(out)) as container:
        assert [s.type for s in container.streams] == ["video", "audio"]
        assert container.streams.video[0].codec_context.name == "h264"
    assert_clean_jpeg(derived.files["poster"])
    assert_clean_jpeg(derived.files["small"])


def test_webm_stays_webm_and_unplayable_codecs_are_reencoded(tmp_path):
    _, webm = pipeline.process(
        write(tmp_path, samples.video("webm", audio=True), "a"), tmp_path / "w", LIMITS
    )
    assert webm.content_types["video"] == "video/webm" and not webm.reencoded
    _, old = pipeline.process(
        write(tmp_path, samples.video("mp4", codec="mpeg4"), "b"), tmp_path / "o", LIMITS
    )
    assert old.reencoded and old.content_types["video"] == "video/mp4"
    with av.open(str(old.files["video"])) as container:
        assert container.streams.video[0].codec_context.name == "h264"
        frames = sum(1 for _ in container.decode(video=0))
    assert frames == 50


def test_portrait_phone_video_keeps_its_rotation_and_gets_an_upright_poster(tmp_path):
    data = samples.video("mp4", rotation=-90, width=320, height=240)
    _, derived = pipeline.process(write(tmp_path, data), tmp_path / "out", LIMITS)
    assert (derived.width, derived.height) == (240, 320)
    assert Image.open(derived.files["poster"]).size == (240, 320)
    with av.open(str(derived.files["video"])) as container:
        frame = next(container.decode(video=0))
    assert frame.rotation == -90  # players turn it upright; the file was not re-encoded


def test_video_over_the_duration_limit_is_refused(tmp_path):
    data = samples.video("mp4", seconds=3)
    with pytest.raises(MediaRefused) as refused:
        pipeline.probe(write(tmp_path, data), Limits(video_max_seconds=2.5))
    assert (refused.value.code, refused.value.status) == ("too_long", 413)
    assert "giây" in str(refused.value.message)


def test_blur_changes_only_the_region(tmp_path):
    picture = samples.scene(400, 300)
    blurred = pipeline.blur_regions(picture, [(0.5, 0.5, 0.25, 0.25)])
    assert blurred.size == picture.size
    assert blurred.getpixel((10, 10)) == picture.getpixel((10, 10))
    inside = [(x, y) for x in range(205, 295, 7) for y in range(155, 220, 7)]
    assert sum(blurred.getpixel(p) != picture.getpixel(p) for p in inside) > len(inside) * 0.8


def test_reencoded_video_keeps_its_timing_and_sound(tmp_path):
    data = samples.video("mp4", codec="mpeg4", seconds=2.0, audio=True)
    _, derived = pipeline.process(write(tmp_path, data), tmp_path / "out", LIMITS)
    assert derived.reencoded
    with av.open(str(derived.files["video"])) as container:
        video = container.streams.video[0]
        assert [s.type for s in container.streams] == ["video", "audio"]
        assert container.duration / av.time_base == pytest.approx(2.0, abs=0.15)
        pts = [frame.pts for frame in container.decode(video)]
    assert len(set(pts)) == len(pts) == 50  # every frame has its own time
    assert derived.duration == pytest.approx(2.0, abs=0.15)


def test_webm_remux_drops_its_metadata(tmp_path):
    import io

    source = io.BytesIO(samples.video("webm"))
    marked = tmp_path / "marked.webm"
    with av.open(source) as inp, av.open(str(marked), "w", format="webm") as out:
        out.metadata["title"] = samples.MODEL
        out.metadata["location"] = "+09.2250+105.1790/"
        stream = out.add_stream_from_template(inp.streams.video[0])
        for packet in inp.demux(inp.streams.video[0]):
            if packet.dts is not None:
                packet.stream = stream
                out.mux(packet)
    assert samples.MODEL.encode() in marked.read_bytes()
    _, derived = pipeline.process(marked, tmp_path / "out", LIMITS)
    raw = derived.files["video"].read_bytes()
    assert samples.MODEL.encode() not in raw and b"+09.2250" not in raw
    assert not {k for k in video_metadata(derived.files["video"]) if "location" in k}


def test_clip_longer_than_its_header_claims_is_refused_while_remuxing(tmp_path):
    import struct

    data = bytearray(samples.video("webm", seconds=12, width=64, height=48, rate=5, location=None))
    element = data.find(b"\x44\x89")  # Matroska Duration, in milliseconds
    width = data[element + 2] & 0x7F
    struct.pack_into(">d" if width == 8 else ">f", data, element + 3, 4000.0)
    path = write(tmp_path, bytes(data))
    limits = Limits(video_max_seconds=6)
    assert pipeline.probe(path, limits).duration == pytest.approx(4.0)  # the header's lie
    with pytest.raises(MediaRefused) as refused:
        pipeline.process(path, tmp_path / "out", limits)
    assert refused.value.code == "too_long"


def test_video_with_undecodable_metadata_text_is_accepted(tmp_path):
    data = bytearray(samples.video("mov"))
    at = data.find(samples.MAKER.encode())
    data[at] = 0xFF  # no longer UTF-8
    info, derived = pipeline.process(write(tmp_path, bytes(data)), tmp_path / "out", LIMITS)
    assert info.kind == "video" and "video" in derived.files


SEEDS = {
    "mov": lambda: samples.video("mov"),
    "webm": lambda: samples.video("webm"),
    "jpeg": lambda: samples.jpeg(300, 200),
    "png": lambda: samples.png(200, 150),
    "heic": lambda: samples.heic(200, 150),
    "avif": lambda: samples.avif(200, 150),
    "webp": lambda: samples.webp(200, 150),
}


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_damaged_files_are_refused_never_crash(tmp_path, name):
    """Bytes flipped and tails cut at random (fixed seed): every outcome is an answer."""
    import random

    rng = random.Random(name)
    original = SEEDS[name]()
    for i in range(12):
        data = bytearray(original)
        for _ in range(rng.randint(1, 20)):
            data[rng.randrange(16, len(data))] = rng.randrange(256)
        if i % 4 == 0:
            data = data[: rng.randrange(32, len(data))]
        path = write(tmp_path, bytes(data), f"{name}-{i}")
        try:
            pipeline.process(path, tmp_path / f"out-{i}", LIMITS)
        except MediaRefused as refused:
            assert refused.status in {413, 415, 422}
