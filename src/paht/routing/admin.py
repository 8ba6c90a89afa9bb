from django.contrib import admin

from .models import RoutingRule


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ["field", "commune", "unit", "is_active"]
    list_filter = ["field", "is_active"]
    search_fields = ["unit__name", "commune__name"]
    autocomplete_fields = ["commune", "unit", "co_units"]
