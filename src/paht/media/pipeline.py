"""The media pipeline on local files: identify, inspect, strip and derive (no database).

``probe`` is cheap and runs while the citizen waits: it decides the type from the
content (never the name), checks the limits from the header alone and reads the photo's
EXIF place and time *before* anything is stripped. ``process`` runs in the worker: it
decodes, applies the orientation, converts to sRGB and writes public derivatives that
carry no metadata at all. Both raise ``MediaRefused`` with a user-facing reason.

Decoders only ever see a format we named: FFmpeg is opened with an explicit demuxer on
the file protocol, so an uploaded playlist or text file can never make it probe, read or
fetch anything else.
"""

from pathlib import Path

import filetype
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from . import photos, videos
from .base import Derived, Limits, MediaRefused, Probe, unreadable
from .photos import blur_regions, decode_upright, derive_photo, read_exif

__all__ = [
    "Derived",
    "Limits",
    "MediaRefused",
    "Probe",
    "blur_regions",
    "decode_upright",
    "derive_photo",
    "probe",
    "process",
    "read_exif",
    "sniff",
]

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
SNIFF_BYTES = 8192
SOURCE_TYPES = {fmt: mime for mime, (_kind, fmt, _decoder) in ACCEPTED.items()}
DECODERS = {fmt: decoder for _kind, fmt, decoder in ACCEPTED.values()}


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
    try:
        if kind == "photo":
            return photos.probe_photo(path, fmt, decoder, size, limits, verify)
        return videos.probe_video(path, fmt, decoder, size, limits)
    except MediaRefused:
        raise
    except Exception:  # a decoder's own surprise on a hostile header is a refusal too
        raise unreadable(kind) from None


def _mb(size: int) -> str:
    """Megabytes as the reader writes them: "15" or "15,5" in Vietnamese."""
    value = round(size / (1024 * 1024), 1)
    return str(int(value)) if value == int(value) else number_format(value, decimal_pos=1)


def process(path: Path, out_dir: Path, limits: Limits) -> tuple[Probe, Derived]:
    path = Path(path)
    info = probe(path, limits, verify=False)
    kind, fmt, decoder = info.kind, info.format, DECODERS[info.format]
    if kind == "video":
        return info, videos.process_video(path, decoder, fmt, Path(out_dir), limits)
    try:
        display = decode_upright(path, decoder, limits, limits.display_edge)
        return info, derive_photo(display, Path(out_dir), limits)
    except MediaRefused:
        raise
    except Exception:  # whatever else a decoder raises on a hostile file is a refusal
        raise unreadable("photo") from None
