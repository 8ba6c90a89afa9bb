from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "paht.reports"
    label = "reports"
    verbose_name = _("Phản ánh")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .deadlines import config_changed
        from .models import CalendarDay, CalendarSettings, DeadlineRule

        for model in (DeadlineRule, CalendarSettings, CalendarDay):
            post_save.connect(config_changed, sender=model, dispatch_uid=f"forget-{model.__name__}")
            post_delete.connect(
                config_changed, sender=model, dispatch_uid=f"forget-{model.__name__}-del"
            )
