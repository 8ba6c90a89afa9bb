from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    CalendarDay,
    CalendarSettings,
    DeadlineRule,
    ExtensionRequest,
    Field,
    Report,
    ReportEvent,
    ReturnReason,
)


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["name", "code"]


@admin.register(ReturnReason)
class ReturnReasonAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "out_of_scope", "order", "is_active"]
    list_editable = ["order", "is_active"]


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    list_display = ["step", "field", "priority", "amount", "measure", "off_day_hours"]
    list_filter = ["step", "field", "priority"]


@admin.register(CalendarSettings)
class CalendarSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "use_national_holidays"]

    def has_add_permission(self, request):
        # One row: the province's working hours.
        return not CalendarSettings.objects.exists()


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    date_hierarchy = "date"


class ReportEventInline(admin.TabularInline):
    model = ReportEvent
    fields = [
        "created_at",
        "action",
        "actor",
        "actor_role",
        "actor_unit",
        "from_state",
        "to_state",
        "note",
    ]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Read-only: reports change only through the workflow (console, API), never here."""

    list_display = [
        "code",
        "title",
        "field",
        "state",
        "priority",
        "commune",
        "lead_unit",
        "submitted_at",
        "deadline_at",
    ]
    list_filter = ["state", "field", "priority", "channel", "round"]
    search_fields = ["code", "title"]
    date_hierarchy = "submitted_at"
    list_select_related = ["field", "commune", "lead_unit"]
    exclude = ["secret_hash", "co_units"]
    inlines = [ReportEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(admin.ModelAdmin):
    list_display = ["report", "working_days", "status", "requested_at", "decided_at"]
    list_filter = ["status"]
    readonly_fields = ["report", "working_days", "reason", "status", "requested_at", "decided_at"]

    def has_add_permission(self, request):
        return False


admin.site.site_header = _("PAHT — Quản trị hệ thống phản ánh hiện trường")
admin.site.site_title = _("PAHT quản trị")
admin.site.index_title = _("Cấu hình")
