"""Phone-like photos and videos, and hostile or broken files, generated for the tests.

Everything is made here with Pillow, pillow-heif and PyAV, so no binary sample is kept
in the repository and each file carries exactly the metadata a test looks for.
"""

import io
import struct
import zlib
from fractions import Fraction

import av
import numpy as np
import pillow_heif
from PIL import ExifTags, Image

pillow_heif.register_heif_opener()

# A point in Phường An Xuyên, Cà Mau, and a marker string a leak test can search for.
LAT, LNG = 9.2250, 105.1790
MAKER, MODEL = "PahtPhoneMaker", "PahtPhone X9"
SOFTWARE = "PahtCamera 1.0"
TAKEN = "2026:11:20 08:30:00"


def _dms(value: float):
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = round(((value - degrees) * 60 - minutes) * 60, 4)
    return (Fraction(degrees), Fraction(minutes), Fraction(seconds).limit_denominator(10000))


def phone_exif(lat=LAT, lng=LNG, orientation=1, taken=TAKEN, offset="+07:00") -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = MAKER
    exif[ExifTags.Base.Model] = MODEL
    exif[ExifTags.Base.Software] = SOFTWARE
    exif[ExifTags.Base.Orientation] = orientation
    details = exif.get_ifd(ExifTags.IFD.Exif)
    details[ExifTags.Base.DateTimeOriginal] = taken
    if offset:
        details[ExifTags.Base.OffsetTimeOriginal] = offset
    details[ExifTags.Base.MakerNote] = b"PAHTMAKERNOTE" * 4
    if lat is not None:
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
        gps[ExifTags.GPS.GPSLatitudeRef] = "N" if lat >= 0 else "S"
        gps[ExifTags.GPS.GPSLatitude] = _dms(abs(lat))
        gps[ExifTags.GPS.GPSLongitudeRef] = "E" if lng >= 0 else "W"
        gps[ExifTags.GPS.GPSLongitude] = _dms(abs(lng))
    return exif


XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    b'exif:GPSLatitude="9,13.5N" exif:Make="PahtPhoneMaker"/></rdf:RDF></x:xmpmeta>'
)


def scene(width=1200, height=900, seed=7) -> Image.Image:
    """A photo-like picture: gradient sky, a darker road, some texture; top-left marked red.

    The red corner lets a test see which way up the stored copy is.
    """
    rng = np.random.default_rng(seed)
    y = np.linspace(0, 1, height)[:, None, None]
    x = np.linspace(0, 1, width)[None, :, None]
    sky = np.array([120, 170, 230]) * (1 - y) + np.array([90, 90, 80]) * y
    picture = sky + 30 * np.sin(x * 12) + rng.normal(0, 12, (height, width, 3))
    picture = np.clip(picture, 0, 255).astype(np.uint8)
    picture[: height // 8, : width // 8] = (255, 0, 0)
    return Image.fromarray(picture)


def jpeg(width=1200, height=900, *, orientation=1, exif=True, xmp=True, icc=None, **kw) -> bytes:
    out = io.BytesIO()
    params = {"quality": 90}
    if exif:
        params["exif"] = phone_exif(orientation=orientation, **kw)
    if xmp:
        params["xmp"] = XMP
    if icc:
        params["icc_profile"] = icc
    scene(width, height).save(out, "JPEG", **params)
    return out.getvalue()


def heic(width=1200, height=900, **kw) -> bytes:
    out = io.BytesIO()
    scene(width, height).save(out, "HEIF", exif=phone_exif(**kw), quality=80)
    return out.getvalue()


def avif(width=800, height=600) -> bytes:
    out = io.BytesIO()
    scene(width, height).save(out, "AVIF", exif=phone_exif(), quality=70)
    return out.getvalue()


def png(width=800, height=600, alpha=True) -> bytes:
    out = io.BytesIO()
    picture = scene(width, height)
    if alpha:
        picture = picture.convert("RGBA")
    picture.save(out, "PNG")
    return out.getvalue()


def webp(width=800, height=600) -> bytes:
    out = io.BytesIO()
    scene(width, height).save(out, "WEBP", exif=phone_exif(), quality=80)
    return out.getvalue()


def video(
    fmt="mov",
    *,
    seconds=2.0,
    codec=None,
    width=320,
    height=240,
    rotation=0,
    location="+09.2250+105.1790/",
    audio=False,
    rate=25,
) -> bytes:
    """A short clip; ``location`` goes into the container the way phones write it."""
    codec = codec or ("libvpx" if fmt == "webm" else "libx264")
    out = io.BytesIO()
    container = av.open(out, "w", format=fmt)
    if location:
        container.metadata["location"] = location
        container.metadata["creation_time"] = "2026-11-20T01:30:00Z"
    if fmt != "webm":
        container.metadata["make"] = MAKER
        container.metadata["model"] = MODEL
    stream = container.add_stream(codec, rate=rate)
    stream.width, stream.height = width, height
    stream.pix_fmt = "yuv420p"
    if rotation:
        stream.set_display_rotation(rotation)
    sound = None
    if audio:
        sound = container.add_stream("libopus" if fmt == "webm" else "aac", rate=48000)
    frames = int(seconds * rate)
    base = np.asarray(scene(width, height))
    for i in range(frames):
        frame = av.VideoFrame.from_ndarray(np.roll(base, i * 2, axis=1), format="rgb24")
        container.mux(stream.encode(frame))
    container.mux(stream.encode())
    if sound is not None:
        samples = int(seconds * 48000)
        tone = (np.sin(np.arange(samples) / 20) * 0.2).astype(np.float32)[None, :]
        for start in range(0, samples, 960):
            frame = av.AudioFrame.from_ndarray(
                tone[:, start : start + 960], format="flt", layout="mono"
            )
            frame.sample_rate = 48000
            container.mux(sound.encode(frame))
        container.mux(sound.encode())
    container.close()
    return out.getvalue()


# --- hostile and broken files --------------------------------------------------------


def png_bomb(side=60_000) -> bytes:
    """A tiny PNG that claims ``side`` × ``side`` pixels (a decompression bomb)."""
    raw = b"".join(b"\x00" + b"\x00" * side for _ in range(8))
    ihdr = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def jpeg_bomb() -> bytes:
    """A valid small JPEG whose header is patched to claim 65,000 × 65,000 pixels."""
    data = bytearray(jpeg(64, 64, exif=False, xmp=False))
    sof = data.find(b"\xff\xc0")
    struct.pack_into(">HH", data, sof + 5, 65000, 65000)
    return bytes(data)


def truncated_jpeg() -> bytes:
    data = jpeg(1600, 1200)
    return data[: len(data) // 2]


def html_as_jpeg() -> bytes:
    return b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def svg_as_jpeg() -> bytes:
    return (
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
        b'<rect width="10" height="10"/></svg>'
    )


def html_polyglot() -> bytes:
    """HTML first, a whole JPEG after it: sniffers that look for markup see a web page."""
    return b"<html><script>alert(1)</script><!--" + jpeg(200, 150) + b"-->"


def jpeg_with_script() -> bytes:
    """A real JPEG carrying markup in a comment and after its end: shown, but re-encoded."""
    out = io.BytesIO()
    scene(400, 300).save(out, "JPEG", comment=b"<script>alert('comment')</script>")
    return out.getvalue() + b"<html><script>alert('trailer')</script></html>"


def webm_with_text_only() -> bytes:
    """EBML header of a WebM file followed by garbage: identified, then unreadable."""
    return bytes.fromhex("1a45dfa3") + b"\x9f\x42\x86\x81\x01\x42\x82\x84webm" + b"\x00" * 200
