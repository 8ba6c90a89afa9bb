from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    name = "paht.geo"
    label = "geo"
    verbose_name = _("Địa bàn hành chính")

    def ready(self):
        from .models import Commune
        from .services import province_communes

        province_communes.watch(Commune)
