from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "paht.notify"
    label = "notify"
    verbose_name = _("Thông báo")

    def ready(self):
        from .models import MessageTemplate
        from .render import templates

        templates.watch(MessageTemplate)
