from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    """A province or centrally-run city after the July 2025 reform (34 in all)."""

    code = models.CharField(_("mã"), max_length=2, primary_key=True)
    name = models.CharField(_("tên"), max_length=100)
    short_name = models.CharField(_("tên ngắn"), max_length=100)
    lat = models.FloatField(_("vĩ độ"), null=True, blank=True)
    lng = models.FloatField(_("kinh độ"), null=True, blank=True)

    class Meta:
        verbose_name = _("tỉnh, thành phố")
        verbose_name_plural = _("tỉnh, thành phố")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Commune(models.Model):
    """A commune, ward or special zone (the lower of the two levels since 2025)."""

    class Kind(models.TextChoices):
        XA = "xa", _("Xã")
        PHUONG = "phuong", _("Phường")
        DAC_KHU = "dac_khu", _("Đặc khu")

    code = models.CharField(_("mã"), max_length=5, primary_key=True)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="communes", verbose_name=_("tỉnh")
    )
    name = models.CharField(_("tên"), max_length=100)
    short_name = models.CharField(_("tên ngắn"), max_length=100)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    lat = models.FloatField(_("vĩ độ tâm"), null=True, blank=True)
    lng = models.FloatField(_("kinh độ tâm"), null=True, blank=True)
    area_km2 = models.FloatField(_("diện tích (km²)"), null=True, blank=True)
    # GeoJSON (Polygon or MultiPolygon) a province may import; centroids are the fallback.
    boundary = models.JSONField(_("ranh giới"), null=True, blank=True)

    class Meta:
        verbose_name = _("xã, phường, đặc khu")
        verbose_name_plural = _("xã, phường, đặc khu")
        ordering = ["province_id", "name"]
        indexes = [models.Index(fields=["province", "name"])]

    def __str__(self) -> str:
        return self.name
