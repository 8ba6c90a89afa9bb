from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "paht.org"
    label = "org"
