from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "paht.web"
    label = "web"
