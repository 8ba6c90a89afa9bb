"""The media app's service functions, in one namespace for views, the API and tests.

``uploads`` receives files, ``processing`` is the worker's side, ``moderation`` is what
staff do before publishing; ``config`` holds the storage and the limits.
"""

from paht.reports.services import hash_secret

from .config import current_limits, max_upload_bytes, media_storage, refused
from .moderation import attachment_blur, attachment_set_hidden
from .processing import (
    MAX_ATTEMPTS,
    attachment_delete_files,
    attachment_process,
    attachment_retry,
    enqueue_processing,
    purge_orphans,
    recover_stalled,
)
from .uploads import Upload, attachment_upload, attachments_attach

__all__ = [
    "MAX_ATTEMPTS",
    "Upload",
    "attachment_blur",
    "attachment_delete_files",
    "attachment_process",
    "attachment_retry",
    "attachment_set_hidden",
    "attachment_upload",
    "attachments_attach",
    "current_limits",
    "enqueue_processing",
    "hash_secret",
    "max_upload_bytes",
    "media_storage",
    "purge_orphans",
    "recover_stalled",
    "refused",
]
