from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TriageConfig(AppConfig):
    name = "paht.triage"
    label = "triage"
    verbose_name = _("Gợi ý phân loại")

    def ready(self):
        from . import signals  # noqa: F401 - connects the receivers
