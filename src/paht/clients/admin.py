from django.contrib import admin, messages
from django.utils.translation import gettext as _

from .models import ApiKey
from .services import apikey_create


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "per_hour", "is_active", "created_at", "last_used_at"]
    list_filter = ["is_active"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    fields = ["name", "per_hour", "is_active", "prefix", "created_at", "last_used_at"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        key, raw = apikey_create(name=obj.name, per_hour=obj.per_hour)
        obj.pk, obj.prefix, obj.key_hash = key.pk, key.prefix, key.key_hash
        obj.created_at = key.created_at
        # Shown once: only its hash is kept.
        messages.warning(
            request, _("Khóa API mới (chỉ hiện một lần, hãy lưu lại ngay): %(key)s") % {"key": raw}
        )
