from django.apps import AppConfig


class RoutingConfig(AppConfig):
    name = "paht.routing"
    label = "routing"
