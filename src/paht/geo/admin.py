from django.contrib import admin

from .models import Commune, Province


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "lat", "lng"]
    search_fields = ["code", "name"]


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "province", "lat", "lng"]
    list_filter = ["kind", "province"]
    search_fields = ["code", "name", "short_name"]
    exclude = ["boundary"]
