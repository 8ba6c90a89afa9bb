"""Staff: the console's actions, with a bearer token per user.

A thin adapter: every action goes through ``report_transition`` (the one place that
checks permission and state), every list through ``reports_visible_to``. A report the
caller may not see answers 404, as if it did not exist. One operation per workflow
action is generated from the workflow table, each with its own request schema.

Every POST takes an ``Idempotency-Key`` (``once``) except POST /staff/token: its answer
is a live credential, which must not be kept in the idempotency table (a retried login
simply gets another token). The identity call keeps only a marker there, never the
reporter's contact.
"""

# Each module registers its operations on ``router`` when imported: this order is the
# order of the URL patterns (first match wins), so it is kept as written.
from . import tokens, lists, detail, actions, uploads  # isort: skip  # noqa: F401
from .actions import ACTION_SUMMARIES, UNKNOWN_UNIT
from .common import CODE, STAFF_ACTIONS, WORKING_PARTIES, router
from .detail import report_detail, report_identity
from .lists import report_list
from .tokens import token_create, token_delete
from .uploads import ENVELOPE_BYTES, UPLOAD_PURPOSES, UPLOADS_PER_HOUR, upload

__all__ = [
    "ACTION_SUMMARIES",
    "CODE",
    "ENVELOPE_BYTES",
    "STAFF_ACTIONS",
    "UNKNOWN_UNIT",
    "UPLOADS_PER_HOUR",
    "UPLOAD_PURPOSES",
    "WORKING_PARTIES",
    "report_detail",
    "report_identity",
    "report_list",
    "router",
    "token_create",
    "token_delete",
    "upload",
]
