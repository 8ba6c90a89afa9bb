from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    name = "paht.media"
    label = "media"
    verbose_name = _("Ảnh và video")

    def ready(self):
        from . import signals  # noqa: F401
