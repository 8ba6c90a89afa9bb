from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "paht.core"
    label = "core"
