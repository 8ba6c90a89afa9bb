"""Media settings in one place: the storage and the limits."""

from django.conf import settings
from django.core.files.storage import storages

from paht.core import errors

from . import pipeline


def media_storage():
    return storages["media"]


def current_limits() -> pipeline.Limits:
    return pipeline.Limits(
        photo_max_bytes=int(settings.PAHT_MEDIA_PHOTO_MAX_MB * 1024 * 1024),
        photo_max_pixels=int(settings.PAHT_MEDIA_PHOTO_MAX_MEGAPIXELS * 1_000_000),
        video_max_bytes=int(settings.PAHT_MEDIA_VIDEO_MAX_MB * 1024 * 1024),
        video_max_seconds=settings.PAHT_MEDIA_VIDEO_MAX_SECONDS,
    )


def max_upload_bytes() -> int:
    limits = current_limits()
    return max(limits.photo_max_bytes, limits.video_max_bytes)


def refused(exc: pipeline.MediaRefused) -> errors.DomainError:
    """The pipeline's refusal as the domain error an adapter turns into 413/415/422."""
    cls = {413: errors.PayloadTooLarge, 415: errors.UnsupportedMediaType}.get(
        exc.status, errors.Unprocessable
    )
    return cls(exc.message, code=exc.code, fields={"file": [str(exc.message)]})
