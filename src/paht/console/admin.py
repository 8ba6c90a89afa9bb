from django.contrib import admin

from .models import TwoFactorPolicy


@admin.register(TwoFactorPolicy)
class TwoFactorPolicyAdmin(admin.ModelAdmin):
    list_display = ["role", "require_totp"]
    list_editable = ["require_totp"]
