"""Photos: header checks, EXIF place and time, decoding upright in sRGB, derivatives, blur."""

import io
import math
import warnings
from datetime import datetime, timedelta, timezone, tzinfo
from pathlib import Path

import pillow_heif
from django.utils.translation import gettext_lazy as _
from PIL import ExifTags, Image, ImageCms, ImageFilter

from .base import Derived, Limits, MediaRefused, Probe, fit, save_jpeg, unreadable

pillow_heif.register_heif_opener()

ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def _open_photo(path: Path, decoder: str, limits: Limits) -> Image.Image:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(path, formats=[decoder])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels(limits) from None
    except Exception:
        raise unreadable("photo") from None
    if im.width * im.height > limits.photo_max_pixels or min(im.size) < 1:
        im.close()
        raise _too_many_pixels(limits)
    return im


def _too_many_pixels(limits: Limits) -> MediaRefused:
    return MediaRefused(
        "too_many_pixels",
        _("Ảnh có độ phân giải quá lớn (tối đa %(mp)s megapixel).")
        % {"mp": limits.photo_max_pixels // 1_000_000},
        413,
    )


def probe_photo(path, fmt, decoder, size, limits, verify) -> Probe:
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
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            description = ImageCms.getProfileDescription(source) or ""
            if "srgb" not in description.lower():
                im = ImageCms.profileToProfile(im, source, _SRGB, outputMode="RGB")
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: keep the pixels as they are, drop the profile
    if im.mode not in {"RGB", "L"}:
        im = im.convert("RGB")
    return im


def decode_upright(path: Path, decoder: str, limits: Limits, edge: int) -> Image.Image:
    """Decode ``path`` reduced to fit ``edge``, upright, in sRGB, with no metadata left."""
    with _open_photo(path, decoder, limits) as im:
        orientation = _orientation(im)
        icc = im.info.get("icc_profile")
        target = fit(im.size, edge)
        if im.format == "JPEG":
            # DCT scaling decodes at 1/2, 1/4 or 1/8 size. Take the smallest that still
            # gives at least 3/4 of the display edge, and show that size as it is.
            scale = _draft_scale(max(im.size), edge)
            if scale > 1:
                im.draft("RGB" if im.mode != "L" else "L", (im.width // scale, im.height // scale))
            target = fit(im.size, edge)
        header_size = im.size
        try:
            im.load()
        except Exception:
            raise unreadable("photo") from None
        if im.size != header_size:
            # The pixels are not what the header promised (a lie to slip past the limit).
            raise unreadable("photo")
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
            fit(source.size, edge), Image.Resampling.BICUBIC, reducing_gap=1.0
        )
    for name, im in images.items():
        target = out_dir / f"{name}.jpg"
        save_jpeg(im, target)
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
