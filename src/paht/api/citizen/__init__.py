"""Citizens: upload, submit, follow, reply, rate, re-open; phone sign-in (DESIGN §1, §4).

Thin adapters over ``citizens.services.citizen_report_submit``, ``media.uploads``,
``report_transition`` and ``citizens.otp``; the web pages use the same services, so both
give the same answers.

Who may do what:

* Every POST needs the app's ``X-API-Key``: the province's mobile apps are registered
  clients, counted against their hourly limit.
* A report is its reporter's to read and act on with its tracking code plus either its
  secret (``X-Report-Secret``, returned once by the submission; both rounds of a
  re-opened report share it) or a citizen token (``Authorization: Bearer``, from the
  phone + one-time code sign-in) of the phone that sent it. An unknown code and a wrong
  proof answer the same 404, so codes cannot be probed.

Idempotency: POST /reports hands the ``Idempotency-Key`` to ``citizen_report_submit`` as
its own key (scoped per app), which stores the first answer in the transaction that
creates the report; it is not wrapped in ``once`` a second time. A multipart retry is
recognised before its files are stored again, as the web form does. The other POSTs
use ``once``, except POST /auth/verify (see there).
"""

# Each module registers its operations when imported: this order is the order of the URL
# patterns (first match wins), so it is kept as written.
from . import submission, following, account  # isort: skip  # noqa: F401
from .account import CODE, MINE, VERIFY, auth_code, auth_verify, my_reports
from .common import (
    APP_AND_REPORTER,
    ENVELOPE_BYTES,
    JSON,
    KEY_DOC,
    MULTIPART,
    REPORTER_PROOF,
    SECRET_HEADER,
    AppAndReporter,
    ReportSecret,
    router,
)
from .following import (
    ACTION_AUTH,
    ACTION_ERRORS,
    FOLLOW,
    RATE,
    REOPEN,
    REPLY,
    follow,
    rate,
    reopen,
    reply,
    reporter_report,
)
from .submission import (
    MULTIPART_SUBMIT,
    SUBMIT,
    SUBMIT_DOC,
    SUBMIT_ERRORS,
    UPLOAD,
    ReportForm,
    report_submit,
    report_submit_multipart,
    upload,
)

__all__ = [
    "ACTION_AUTH",
    "ACTION_ERRORS",
    "APP_AND_REPORTER",
    "CODE",
    "ENVELOPE_BYTES",
    "FOLLOW",
    "JSON",
    "KEY_DOC",
    "MINE",
    "MULTIPART",
    "MULTIPART_SUBMIT",
    "RATE",
    "REOPEN",
    "REPLY",
    "REPORTER_PROOF",
    "SECRET_HEADER",
    "SUBMIT",
    "SUBMIT_DOC",
    "SUBMIT_ERRORS",
    "UPLOAD",
    "VERIFY",
    "AppAndReporter",
    "ReportForm",
    "ReportSecret",
    "auth_code",
    "auth_verify",
    "follow",
    "my_reports",
    "rate",
    "reopen",
    "reply",
    "report_submit",
    "report_submit_multipart",
    "reporter_report",
    "router",
    "upload",
]
