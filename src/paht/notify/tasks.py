"""Background delivery of messages to reporters (run by `paht worker`)."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task

log = logging.getLogger(__name__)


@task()
def notify_reporter(event_id: int) -> str:
    """Tell the reporter, by email if they gave one, that their report moved on.

    Thin: loads ids, builds the message, sends. SMS delivery plugs in here later.
    """
    from paht.reports.models import ReportEvent

    from .messages import reporter_message

    event = ReportEvent.objects.select_related("report", "report__contact").get(pk=event_id)
    contact = getattr(event.report, "contact", None)
    if contact is None or not contact.email or contact.anonymised_at:
        return "skipped"
    subject, body = reporter_message(event)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [contact.email])
    # Ids only: the address itself never reaches a log line.
    log.info("reporter notified report=%s event=%s channel=email", event.report_id, event.pk)
    return "sent"
