"""What the media pipeline's parts share: limits, results, refusals, JPEG writing."""

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

JPEG_QUALITY = 82


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


def unreadable(kind: str = "photo") -> "MediaRefused":
    message = (
        _("Ảnh bị hỏng hoặc không đọc được.")
        if kind == "photo"
        else _("Video bị hỏng hoặc không đọc được.")
    )
    return MediaRefused("unreadable", message, 422)


def fit(size: tuple[int, int], edge: int) -> tuple[int, int]:
    w, h = size
    scale = min(1.0, edge / max(w, h))
    return max(1, round(w * scale)), max(1, round(h * scale))


def thumb(im: Image.Image, edge: int) -> Image.Image:
    out = ImageOps.contain(im, fit(im.size, edge), Image.Resampling.BICUBIC)
    return out if out.mode in {"RGB", "L"} else out.convert("RGB")


def save_jpeg(im: Image.Image, path: Path) -> None:
    # A fresh image carries no info; exif/icc given explicitly as empty so that nothing
    # the source had (EXIF, XMP, IPTC, ICC, comments, maker notes) can ride along.
    im.info = {}
    im.save(path, "JPEG", quality=JPEG_QUALITY, exif=b"", icc_profile=None, optimize=False)
