"""A new report is read by the triage model in the background, after its transaction."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from paht.reports.models import Report


@receiver(post_save, sender=Report, dispatch_uid="triage-assess-new-report")
def _assess_new_report(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    from .tasks import assess_report

    report_id = instance.pk
    transaction.on_commit(lambda: assess_report.enqueue(report_id))
