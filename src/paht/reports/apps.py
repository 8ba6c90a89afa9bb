from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "paht.reports"
    label = "reports"
