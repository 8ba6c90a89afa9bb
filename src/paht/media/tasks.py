"""Background tasks of the media pipeline (run by ``paht worker``)."""

from django_tasks import task

from . import services


@task()
def process_attachment(attachment_id: str) -> str:
    return services.attachment_process(attachment_id)
