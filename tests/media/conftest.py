import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from paht.media import services
from paht.reports.permissions import Actor


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Each test gets its own empty local media storage."""
    root = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "media": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root), "base_url": None},
        },
    }
    return root


def stored_files(root) -> list[str]:
    """Every file in the media storage, as storage names."""
    if not root.exists():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def upload(data: bytes, name="photo.jpg", actor=None, **kw):
    return services.attachment_upload(
        file=SimpleUploadedFile(name, data), name=name, actor=actor or Actor.anonymous(), **kw
    )
