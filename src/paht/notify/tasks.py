"""Background delivery of the outbox (run by ``paht worker``)."""

from django_tasks import task

from . import services


@task()
def deliver_messages(message_ids: list[int]) -> dict:
    """Send the messages one trigger created; retries are the worker sweep's."""
    return dict(services.messages_deliver(ids=message_ids))
