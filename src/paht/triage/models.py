from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Assessment(models.Model):
    """The triage model's reading of one report, kept so lists and panels need no model run.

    A suggestion only: the report's own field and state are what coordinators decided.
    """

    report = models.OneToOneField(
        "reports.Report",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="assessment",
        verbose_name=_("phản ánh"),
    )
    # [[code, score], …] for the three likeliest fields (in-scope classes only).
    fields = models.JSONField(_("lĩnh vực gợi ý"), default=list)
    in_scope = models.BooleanField(_("thuộc phạm vi"), default=True)
    reason = models.CharField(_("lý do trả lại gợi ý"), max_length=50, blank=True)
    out_score = models.FloatField(_("điểm ngoài phạm vi"), default=0.0)
    confidence = models.FloatField(_("độ tin cậy"), default=0.0)
    # The text's embedding (float16), compared with nearby reports' to find duplicates.
    vector = models.BinaryField(editable=False)
    model_digest = models.CharField(max_length=64, editable=False, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("gợi ý phân loại")
        verbose_name_plural = _("gợi ý phân loại")

    def __str__(self) -> str:
        return str(self.report_id)
