"""The media pipeline on local files: identify, inspect, strip and derive (no database).

``probe`` is cheap and runs while the citizen waits: it decides the type from the
content (never the name), checks the limits from the header alone and reads the photo's
EXIF place and time *before* anything is stripped. ``process`` runs in the worker: it
decodes, applies the orientation, converts to sRGB and writes public derivatives that
carry no metadata at all. Both raise ``MediaRefused`` with a user-facing reason.

Decoders only ever see a format we named: FFmpeg is opened with an explicit demuxer, so
an uploaded playlist or text file can never make it probe, read or fetch anything else.
"""

import math
import warnings
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone, tzinfo
from pathlib import Path

import av
import filetype
import pillow_heif
from django.utils.translation import gettext_lazy as _
from PIL import ExifTags, Image, ImageCms, ImageFilter, ImageOps

from .geotags import iso6709_point

pillow_heif.register_heif_opener()

# Detected MIME type → (kind, our format name, the decoder's format name).
ACCEPTED = {
    "image/jpeg": ("photo", "jpeg", "JPEG"),
    "image/png": ("photo", "png", "PNG"),
    "image/webp": ("photo", "webp", "WEBP"),
    "image/heic": ("photo", "heif", "HEIF"),
    "image/avif": ("photo", "avif", "AVIF"),
    "video/mp4": ("video", "mp4", "mov"),
    "video/quicktime": ("video", "mov", "mov"),
    "video/webm": ("video", "webm", "matroska"),
}
# Public derivatives keep these codecs as they are; anything else is re-encoded to H.264.
COPY_VIDEO = {"mp4": {"h264", "hevc", "av1"}, "webm": {"vp8", "vp9", "av1"}}
COPY_AUDIO = {"mp4": {"aac", "mp3"}, "webm": {"opus", "vorbis"}}
CONTENT_TYPES = {"jpeg": "image/jpeg", "mp4": "video/mp4", "webm": "video/webm"}
SNIFF_BYTES = 8192
JPEG_QUALITY = 82
# Orientation tag value → the transpose that shows the photo upright.
ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


class MediaRefused(Exception):
    """The file cannot be accepted; ``message`` says why in the user's language.

    ``status`` is the HTTP status an adapter should answer with (413, 415 or 422).
    """

    def __init__(self, code: str, message, status: int = 422):
        self.code, self.message, self.status = code, message, status
        super().__init__(str(message))


@dataclass(frozen=True)
class Limits:
    photo_max_bytes: int = 15 * 1024 * 1024
    photo_max_pixels: int = 50_000_000
    video_max_bytes: int = 100 * 1024 * 1024
    video_max_seconds: float = 180.0
    video_max_pixels: int = 4096 * 2304
    display_edge: int = 2048  # the public photo's longer side at most
    thumb_edges: tuple[int, int] = (320, 800)  # small (lists, map), medium (detail pages)
    poster_edge: int = 1280


@dataclass
class Probe:
    """What the upload check learns, before anything is stripped."""

    kind: str  # photo | video
    format: str  # jpeg, png, webp, heif, avif, mp4, mov, webm
    size: int
    width: int
    height: int
    duration: float | None = None
    taken_at: datetime | None = None
    lat: float | None = None
    lng: float | None = None


@dataclass
class Derived:
    """The public files ``process`` wrote: variant → path, and what they show."""

    files: dict[str, Path] = field(default_factory=dict)
    content_types: dict[str, str] = field(default_factory=dict)
    width: int = 0
    height: int = 0
    duration: float | None = None
    reencoded: bool = False


# --- identification -------------------------------------------------------------------


def sniff(path: Path) -> tuple[str, str, str]:
    """(kind, format, decoder format) from the file's first bytes; refuses the rest."""
    with open(path, "rb") as fh:
        head = fh.read(SNIFF_BYTES)
    if not head:
        raise MediaRefused("empty", _("Tệp rỗng (0 byte)."), 422)
    mime = filetype.guess_mime(head)
    if mime is None and _is_isobmff_heif(head):
        mime = "image/heic"
    if mime not in ACCEPTED:
        raise MediaRefused(
            "unsupported_type",
            _(
                "Không nhận ra tệp này là ảnh hay video được hỗ trợ. Hãy gửi ảnh JPEG, PNG, "
                "WebP, HEIC, AVIF hoặc video MP4, MOV, WebM."
            ),
            415,
        )
    return ACCEPTED[mime]


def _is_isobmff_heif(head: bytes) -> bool:
    """HEIF brands that ``filetype`` does not list (Samsung, older iOS: mif1 + heix…)."""
    if head[4:8] != b"ftyp":
        return False
    brands = {head[8:12]} | {head[i : i + 4] for i in range(16, min(len(head), 64), 4)}
    return bool(brands & {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx"})


def probe(path: Path, limits: Limits, *, verify: bool = True) -> Probe:
    """Identify and check ``path`` without decoding it all (see the module docstring).

    ``verify`` also reads a JPEG's compressed data through at 1/8 scale, so a cut-off
    upload is refused while the citizen waits; the worker, which decodes it all, skips it.
    """
    path = Path(path)
    size = path.stat().st_size
    kind, fmt, decoder = sniff(path)
    max_bytes = limits.photo_max_bytes if kind == "photo" else limits.video_max_bytes
    if size > max_bytes:
        raise MediaRefused(
            "too_large",
            _("Tệp quá lớn: %(size)s MB, tối đa %(max)s MB.")
            % {"size": _mb(size), "max": _mb(max_bytes)},
            413,
        )
    if kind == "photo":
        return _probe_photo(path, fmt, decoder, size, limits, verify)
    return _probe_video(path, fmt, decoder, size, limits)


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".")


# --- photos ---------------------------------------------------------------------------


def _open_photo(path: Path, decoder: str, limits: Limits) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(path, formats=[decoder])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(limits) from None
    except Exception:
        raise MediaRefused("unreadable", _("Ảnh bị hỏng hoặc không đọc được."), 422) from None
    if im.width * im.height > limits.photo_max_pixels or min(im.size) < 1:
        im.close()
        raise _too_many_pixels(limits)
    return im


def _too_many_pixels(limits: Limits) -> MediaRefused:
    return MediaRefused(
        "too_many_pixels",
        _("Ảnh quá lớn: tối đa %(mp)s megapixel.") % {"mp": limits.photo_max_pixels // 1_000_000},
        413,
    )


def _probe_photo(path, fmt, decoder, size, limits, verify) -> Probe:
    with _open_photo(path, decoder, limits) as im:
        taken_at, lat, lng = read_exif(im)
        width, height = _upright_size(im)
        if fmt == "jpeg" and verify:
            # The entropy-coded data is read in full even at 1/8 scale, so a truncated
            # or corrupt JPEG is refused here, at a fraction of a full decode's cost.
            try:
                im.draft("RGB", (max(1, im.width // 8), max(1, im.height // 8)))
                im.load()
            except Exception:
                raise MediaRefused(
                    "unreadable", _("Ảnh bị hỏng hoặc không trọn vẹn (tệp bị cắt)."), 422
                ) from None
    return Probe("photo", fmt, size, width, height, taken_at=taken_at, lat=lat, lng=lng)


def _orientation(im: Image.Image) -> int:
    if im.format == "HEIF":
        return 1  # libheif has already applied the container's rotation and mirror
    try:
        return int(im.getexif().get(ExifTags.Base.Orientation, 1))
    except Exception:
        return 1


def _upright_size(im: Image.Image) -> tuple[int, int]:
    w, h = im.size
    return (h, w) if _orientation(im) in {5, 6, 7, 8} else (w, h)


def read_exif(im: Image.Image, default_tz: tzinfo | None = None):
    """(taken_at, lat, lng) from a photo's EXIF; each ``None`` when absent or nonsense."""
    try:
        exif = im.getexif()
    except Exception:
        return None, None, None
    return _exif_time(exif, default_tz), *_exif_point(exif)


def _exif_point(exif) -> tuple[float | None, float | None]:
    try:
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
        lat = _dms(gps[ExifTags.GPS.GPSLatitude], gps.get(ExifTags.GPS.GPSLatitudeRef))
        lng = _dms(gps[ExifTags.GPS.GPSLongitude], gps.get(ExifTags.GPS.GPSLongitudeRef))
    except Exception:
        return None, None
    if not (-90 <= lat <= 90 and -180 <= lng <= 180) or (lat == 0 and lng == 0):
        return None, None
    return round(lat, 7), round(lng, 7)


def _dms(value, ref) -> float:
    degrees, minutes, seconds = (float(v) for v in value)
    result = degrees + minutes / 60 + seconds / 3600
    if not math.isfinite(result):
        raise ValueError("not a number")
    if isinstance(ref, bytes):
        ref = ref.decode("ascii", "ignore")
    return -result if str(ref).strip().upper() in {"S", "W"} else result


def _exif_time(exif, default_tz) -> datetime | None:
    details = exif.get_ifd(ExifTags.IFD.Exif) if exif else {}
    raw = details.get(ExifTags.Base.DateTimeOriginal) or exif.get(ExifTags.Base.DateTime)
    offset = details.get(ExifTags.Base.OffsetTimeOriginal) or details.get(ExifTags.Base.OffsetTime)
    try:
        moment = datetime.strptime(str(raw).strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except (TypeError, ValueError):
        return None
    tz = _utc_offset(offset) or default_tz
    if tz is None:
        from django.utils import timezone as dj_tz

        tz = dj_tz.get_default_timezone()
    return moment.replace(tzinfo=tz)


def _utc_offset(raw) -> timezone | None:
    try:
        text = str(raw).strip("\x00 ")
        sign = -1 if text[0] == "-" else 1
        hours, minutes = text[1:].split(":")
        return timezone(sign * timedelta(hours=int(hours), minutes=int(minutes)))
    except (TypeError, ValueError, IndexError):
        return None


_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _to_srgb(im: Image.Image, icc: bytes | None) -> Image.Image:
    """Plain RGB (or grey) in sRGB: alpha flattened on white, other colour spaces converted."""
    if im.mode in {"RGBA", "LA", "PA"} or (im.mode == "P" and "transparency" in im.info):
        im = im.convert("RGBA")
        flat = Image.new("RGB", im.size, "white")
        flat.paste(im, mask=im.getchannel("A"))
        im = flat
    elif im.mode.startswith("I;16") or im.mode == "I":
        im = im.point(lambda v: v / 256).convert("L")
    elif im.mode not in {"RGB", "L"}:
        im = im.convert("RGB") if im.mode != "CMYK" or not icc else im
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(_bytes_io(icc))
            description = ImageCms.getProfileDescription(source) or ""
            if "srgb" not in description.lower():
                im = ImageCms.profileToProfile(im, source, _SRGB, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: keep the pixels as they are, drop the profile
    if im.mode not in {"RGB", "L"}:
        im = im.convert("RGB")
    return im


def _bytes_io(data: bytes):
    import io

    return io.BytesIO(data)


def _fit(size: tuple[int, int], edge: int) -> tuple[int, int]:
    w, h = size
    scale = min(1.0, edge / max(w, h))
    return max(1, round(w * scale)), max(1, round(h * scale))


def _save_jpeg(im: Image.Image, path: Path) -> None:
    # A fresh image carries no info; exif/icc given explicitly as empty so that nothing
    # the source had (EXIF, XMP, IPTC, ICC, comments, maker notes) can ride along.
    im.info = {}
    im.save(path, "JPEG", quality=JPEG_QUALITY, exif=b"", icc_profile=None, optimize=False)


def decode_upright(path: Path, decoder: str, limits: Limits, edge: int) -> Image.Image:
    """Decode ``path`` reduced to fit ``edge``, upright, in sRGB, with no metadata left."""
    with _open_photo(path, decoder, limits) as im:
        orientation = _orientation(im)
        icc = im.info.get("icc_profile")
        target = _fit(im.size, edge)
        if im.format == "JPEG":
            # DCT scaling decodes at 1/2, 1/4 or 1/8 size. Take the smallest that still
            # gives at least 3/4 of the display edge, and show that size as it is.
            scale = _draft_scale(max(im.size), edge)
            if scale > 1:
                im.draft("RGB" if im.mode != "L" else "L", (im.width // scale, im.height // scale))
            target = _fit(im.size, edge)
        try:
            im.load()
        except Exception:
            raise MediaRefused("unreadable", _("Ảnh bị hỏng hoặc không đọc được."), 422) from None
        if im.mode == "P" or im.mode == "1":
            work = im.convert("RGBA" if "transparency" in im.info else "RGB")
        else:
            work = im
        if work.size != target:
            work = work.resize(target, Image.Resampling.BICUBIC, reducing_gap=2.0)
        work = _to_srgb(work, icc)
        if orientation in ORIENTATION:
            work = work.transpose(ORIENTATION[orientation])
        if work is im:
            work = im.copy()
        work.info = {}  # nothing of the source's metadata travels with the pixels
        return work


def _draft_scale(longest: int, edge: int) -> int:
    scale = 1
    for candidate in (2, 4, 8):
        if longest // candidate >= edge * 3 // 4:
            scale = candidate
    return scale


def derive_photo(display: Image.Image, out_dir: Path, limits: Limits) -> Derived:
    """Write display and both thumbnails from an already clean, upright image."""
    out_dir.mkdir(parents=True, exist_ok=True)
    result = Derived(width=display.width, height=display.height)
    images = {"display": display}
    for name, edge in zip(("medium", "small"), reversed(limits.thumb_edges), strict=True):
        source = images["medium"] if name == "small" else display
        # A box reduction by an integer factor first, then bicubic: half the time, same look.
        images[name] = source.resize(
            _fit(source.size, edge), Image.Resampling.BICUBIC, reducing_gap=1.0
        )
    for name, im in images.items():
        target = out_dir / f"{name}.jpg"
        _save_jpeg(im, target)
        result.files[name] = target
        result.content_types[name] = "image/jpeg"
    return result


def blur_regions(im: Image.Image, regions: list[tuple[float, float, float, float]]) -> Image.Image:
    """Irreversibly blur boxes given as fractions (x, y, w, h) of the image."""
    out = im.copy()
    for x, y, w, h in regions:
        box = (
            max(0, math.floor(x * im.width)),
            max(0, math.floor(y * im.height)),
            min(im.width, math.ceil((x + w) * im.width)),
            min(im.height, math.ceil((y + h) * im.height)),
        )
        if box[2] - box[0] < 1 or box[3] - box[1] < 1:
            continue
        part = out.crop(box)
        # Pixelate first (destroys detail a deconvolution could recover), then soften.
        block = max(1, max(part.size) // 12)
        small = part.resize(
            (max(1, part.width // block), max(1, part.height // block)), Image.Resampling.BOX
        )
        part = small.resize(part.size, Image.Resampling.NEAREST)
        part = part.filter(ImageFilter.GaussianBlur(radius=max(2, block // 2)))
        out.paste(part, box)
    return out


# --- video ----------------------------------------------------------------------------


def _open_video(path: Path, decoder: str):
    try:
        return av.open(str(path), format=decoder, options={"probesize": "5000000"})
    except Exception:
        raise MediaRefused("unreadable", _("Video bị hỏng hoặc không đọc được."), 422) from None


def _probe_video(path, fmt, decoder, size, limits) -> Probe:
    with _open_video(path, decoder) as container:
        if not container.streams.video:
            raise MediaRefused("no_video", _("Tệp không có hình video."), 422)
        stream = container.streams.video[0]
        width, height = stream.codec_context.width, stream.codec_context.height
        duration = _duration(container, stream)
        metadata = dict(container.metadata)
    if not width or not height:
        raise MediaRefused("unreadable", _("Video bị hỏng hoặc không đọc được."), 422)
    if width * height > limits.video_max_pixels:
        raise MediaRefused("too_many_pixels", _("Độ phân giải video quá lớn."), 413)
    if duration is None:
        raise MediaRefused("no_duration", _("Không đọc được thời lượng video."), 422)
    if duration > limits.video_max_seconds:
        raise MediaRefused(
            "too_long",
            _("Video dài %(s)s giây, tối đa %(max)s giây.")
            % {"s": round(duration), "max": round(limits.video_max_seconds)},
            413,
        )
    lat, lng = _video_point(metadata)
    return Probe(
        "video",
        fmt,
        size,
        width,
        height,
        duration=round(duration, 3),
        taken_at=_video_time(metadata),
        lat=lat,
        lng=lng,
    )


def _duration(container, stream) -> float | None:
    if container.duration and container.duration > 0:
        return container.duration / av.time_base
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    return None


def _video_point(metadata: dict) -> tuple[float | None, float | None]:
    for key in ("com.apple.quicktime.location.ISO6709", "location", "location-eng"):
        if key in metadata:
            point = iso6709_point(metadata[key])
            if point:
                return point
    return None, None


def _video_time(metadata: dict) -> datetime | None:
    for key in ("com.apple.quicktime.creationdate", "creation_time"):
        raw = metadata.get(key)
        if raw:
            try:
                moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
            except ValueError:
                continue
            if moment.tzinfo is not None and moment.year > 1970:
                return moment
    return None


def process_video(path: Path, decoder: str, fmt: str, out_dir: Path, limits: Limits) -> Derived:
    """Remux without metadata (re-encode only codecs browsers cannot play) and a poster."""
    out_dir.mkdir(parents=True, exist_ok=True)
    target_fmt = "webm" if fmt == "webm" else "mp4"
    with _open_video(path, decoder) as container:
        video = container.streams.video[0]
        audio = container.streams.audio[0] if container.streams.audio else None
        copy = video.codec_context.name in COPY_VIDEO[target_fmt] and (
            audio is None or audio.codec_context.name in COPY_AUDIO[target_fmt]
        )
        if not copy:
            target_fmt = "mp4"
        out_path = out_dir / f"video.{target_fmt}"
        try:
            if copy:
                _remux(container, video, audio, out_path, target_fmt)
            else:
                _transcode(container, video, audio, out_path)
        except MediaRefused:
            raise
        except Exception:
            raise MediaRefused("unreadable", _("Video bị hỏng hoặc không đọc được."), 422) from None
        width, height = video.codec_context.width, video.codec_context.height
        duration = _duration(container, video)
    poster, rotation = _poster(out_path, limits)
    if rotation % 180:
        width, height = height, width
    result = Derived(width=width, height=height, duration=duration, reencoded=not copy)
    result.files["video"] = out_path
    result.content_types["video"] = CONTENT_TYPES[target_fmt]
    for name, im in (("poster", poster), ("small", _thumb(poster, limits.thumb_edges[0]))):
        target = out_dir / f"{name}.jpg"
        _save_jpeg(im, target)
        result.files[name] = target
        result.content_types[name] = "image/jpeg"
    return result


def _remux(container, video, audio, out_path: Path, target_fmt: str) -> None:
    options = {"movflags": "+faststart"} if target_fmt == "mp4" else {}
    with av.open(str(out_path), "w", format=target_fmt, options=options) as out:
        # A new container: neither container nor stream metadata is carried over (place,
        # time, device, GPS tracks and other data streams are simply not copied).
        mapping = {video.index: out.add_stream_from_template(video)}
        if audio is not None:
            mapping[audio.index] = out.add_stream_from_template(audio)
        streams = [s for s in (video, audio) if s is not None]
        for packet in container.demux(streams):
            if packet.dts is None:
                continue
            packet.stream = mapping[packet.stream.index]
            out.mux(packet)


def _transcode(container, video, audio, out_path: Path) -> None:
    with av.open(str(out_path), "w", format="mp4", options={"movflags": "+faststart"}) as out:
        rate = video.average_rate or video.guessed_rate or 25
        v_out = out.add_stream("libx264", rate=rate, options={"crf": "23", "preset": "veryfast"})
        v_out.width = video.codec_context.width // 2 * 2
        v_out.height = video.codec_context.height // 2 * 2
        v_out.pix_fmt = "yuv420p"
        a_out = out.add_stream("aac", rate=48000) if audio is not None else None
        streams = [s for s in (video, audio) if s is not None]
        rotation = None
        for packet in container.demux(streams):
            for frame in packet.decode():
                if packet.stream.type == "video":
                    if rotation is None:
                        rotation = getattr(frame, "rotation", 0) or 0
                        if rotation:
                            v_out.set_display_rotation(rotation)
                    frame = frame.reformat(width=v_out.width, height=v_out.height, format="yuv420p")
                    frame.pts = None
                    out.mux(v_out.encode(frame))
                elif a_out is not None:
                    frame.pts = None
                    out.mux(a_out.encode(frame))
        out.mux(v_out.encode())
        if a_out is not None:
            out.mux(a_out.encode())


def _poster(video_path: Path, limits: Limits) -> tuple[Image.Image, int]:
    """A frame about a second in (or the middle of a shorter clip), upright."""
    with av.open(str(video_path), format="mp4" if video_path.suffix == ".mp4" else "matroska") as c:
        stream = c.streams.video[0]
        duration = _duration(c, stream) or 0
        at = min(1.0, duration / 2)
        if at > 0 and stream.time_base:
            c.seek(int(at / stream.time_base), stream=stream, backward=True)
        frame = next(c.decode(stream), None)
        if frame is None:
            raise MediaRefused("unreadable", _("Video không có khung hình nào đọc được."), 422)
        rotation = getattr(frame, "rotation", 0) or 0
        im = frame.to_image()
    im = _thumb(im, limits.poster_edge)
    # A display matrix rotates counter-clockwise by ``rotation`` degrees.
    rotation = round(rotation) % 360
    if rotation:
        im = im.rotate(rotation, expand=True)
    return im, rotation


def _thumb(im: Image.Image, edge: int) -> Image.Image:
    out = ImageOps.contain(im, _fit(im.size, edge), Image.Resampling.BICUBIC)
    return out if out.mode in {"RGB", "L"} else out.convert("RGB")


# --- the whole pipeline on one file (the worker and `paht media process`) -------------


def process(path: Path, out_dir: Path, limits: Limits) -> tuple[Probe, Derived]:
    path = Path(path)
    info = probe(path, limits, verify=False)
    kind, fmt, decoder = sniff(path)
    if kind == "photo":
        display = decode_upright(path, decoder, limits, limits.display_edge)
        return info, derive_photo(display, Path(out_dir), limits)
    return info, process_video(path, decoder, fmt, Path(out_dir), limits)
