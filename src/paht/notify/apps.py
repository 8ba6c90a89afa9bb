from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "paht.notify"
    label = "notify"
