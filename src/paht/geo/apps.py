from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "paht.geo"
    label = "geo"
