"""A new report is read by the triage model in the background, after its transaction."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from paht.core.tasks import enqueue_with_transaction
from paht.reports.models import Report


@receiver(post_save, sender=Report, dispatch_uid="triage-assess-new-report")
def _assess_new_report(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    from .tasks import assess_report

    enqueue_with_transaction(assess_report, instance.pk)
