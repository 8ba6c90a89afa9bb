"""One-time sign-in codes. Neither the phone nor the code is stored in clear."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OneTimeCode(models.Model):
    """A code sent by SMS to prove a citizen holds a phone number.

    ``phone_hash`` is ``keyed_hash(normalised phone)``, the same value as
    ReporterContact.phone_hash; ``code_hash`` is a keyed hash bound to that phone, so a
    leaked table reveals neither numbers nor codes. A code is live while unused, not
    expired and under the wrong-entry limit; a newer request expires older codes.
    """

    phone_hash = models.CharField(max_length=64, editable=False)
    code_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(_("số lần nhập sai"), default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mã xác thực một lần")
        verbose_name_plural = _("mã xác thực một lần")
        indexes = [models.Index(fields=["phone_hash", "created_at"])]

    def __str__(self) -> str:
        return f"otp:{self.pk}"
