from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsoleConfig(AppConfig):
    name = "paht.console"
    label = "console"
    verbose_name = _("Bàn làm việc cán bộ")

    def ready(self):
        # The admin has no sign-in of its own: it sends people through the console's
        # (throttled, with the second factor), and refuses a session that still owes
        # its TOTP code.
        from django.contrib import admin

        from .security import second_factor_ok
        from .views.auth import admin_login

        site = admin.site
        plain = site.has_permission

        def has_permission(request):
            return plain(request) and second_factor_ok(request)

        site.login = admin_login
        site.has_permission = has_permission
