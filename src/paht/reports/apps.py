from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "paht.reports"
    label = "reports"
    verbose_name = _("Phản ánh")

    def ready(self):
        from paht.reports import deadlines, validation

        from .models import CalendarDay, CalendarSettings, DeadlineRule, Field

        deadlines.config.watch(DeadlineRule, CalendarSettings, CalendarDay)
        validation.fields.watch(Field)
