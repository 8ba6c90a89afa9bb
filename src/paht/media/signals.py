"""Files following the workflow: a result the leader sends back never becomes public."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from paht.reports.models import ReportEvent
from paht.reports.workflow import Action

from .models import Attachment, Purpose


@receiver(post_save, sender=ReportEvent, dispatch_uid="media-result-sent-back")
def _result_sent_back(sender, instance, created, raw=False, **kwargs):
    """The photos of a result sent back for rework become ``Purpose.REJECTED``: kept for
    the staff, never public, and no longer filling the room of the next result."""
    if not created or raw or instance.action != Action.SEND_BACK:
        return
    rejected = (
        ReportEvent.objects.filter(report_id=instance.report_id, action=Action.SUBMIT_RESULT)
        .order_by("-id")
        .values("id")[:1]
    )
    Attachment.objects.filter(
        report_id=instance.report_id, event_id__in=rejected, purpose=Purpose.RESULT
    ).update(purpose=Purpose.REJECTED)
