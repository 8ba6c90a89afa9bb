"""Request and response shapes of the staff API (``staff.py``).

The action bodies are built from the workflow table: every staff action gets its own
schema (``AssignIn``, ``ReturnIn``…) with ``note``, ``expected_version`` and the
payload fields listed in ``PAYLOAD_FIELDS``. Units, fields, communes, return reasons and
reports are referenced by their code.
"""

from datetime import datetime
from typing import Annotated, Any, Literal

from ninja import Schema
from pydantic import ConfigDict, Field, StringConstraints, create_model

from paht.reports.models import Priority, State
from paht.reports.workflow import TABLE, Action, Party, Transition

StateCode = Literal[tuple(State.values)]
PriorityCode = Literal[tuple(Priority.values)]
# Codes of units, fields, communes, return reasons and reports: ASCII letters, digits,
# "_" and "-". Anything else (a NUL byte, which PostgreSQL refuses) is a 400 up front.
CODE_PATTERN = r"^[A-Za-z0-9_-]+$"
NO_NUL = r"^[^\x00]*$"

# Parties only staff hold: an action taken by none of them is the citizen's or the worker's.
STAFF_PARTIES = frozenset(
    {Party.COORDINATOR, Party.LEAD_HANDLER, Party.CO_HANDLER, Party.LEAD_APPROVER, Party.SUPERVISOR}
)


def staff_transitions() -> list[Transition]:
    """The workflow rows staff take on an existing report (submission has its own path)."""
    return [t for t in TABLE if t.parties & STAFF_PARTIES and t.action != Action.SUBMIT]


# --- token ---------------------------------------------------------------------------


class StaffTokenIn(Schema):
    username: str = Field(max_length=150, pattern=NO_NUL)
    password: str = Field(max_length=200, pattern=NO_NUL)
    otp: str = Field(
        "",
        max_length=10,
        pattern=r"^[0-9 ]*$",
        description="The 6-digit code from the user's authenticator app (TOTP). Required "
        "when the user has one enrolled or a policy demands it for one of their roles; "
        "without it the answer is 401 `totp_required`.",
    )


class StaffRoleOut(Schema):
    role: str = Field(description="coordinator, handler, approver, supervisor or admin")
    unit_code: str
    unit_name: str


class StaffUserOut(Schema):
    username: str
    roles: list[StaffRoleOut]


class StaffTokenOut(Schema):
    token: str = Field(description="Send as `Authorization: Bearer <token>`.")
    expires_at: datetime
    user: StaffUserOut


# --- lists ---------------------------------------------------------------------------


class StaffReportFilters(Schema):
    state: list[StateCode] | None = Field(
        None, description="One or more states (repeat the parameter)."
    )
    field: str | None = Field(
        None, max_length=50, pattern=CODE_PATTERN, description="Field (category) code."
    )
    lead_unit: str | None = Field(
        None, max_length=50, pattern=CODE_PATTERN, description="Code of the lead unit."
    )
    commune: str | None = Field(
        None, max_length=10, pattern=CODE_PATTERN, description="Commune code."
    )
    overdue: bool | None = Field(
        None, description="`true`: open reports past their current step's deadline only."
    )
    q: str | None = Field(
        None,
        max_length=100,
        pattern=NO_NUL,
        description="Text contained in the tracking code or the title.",
    )
    cursor: str | None = Field(
        None, max_length=200, description="`next_cursor` of the previous page."
    )
    limit: int = Field(20, ge=1, le=100, description="Page size, at most 100.")


class StaffUnitRef(Schema):
    code: str
    name: str


class StaffReportSummary(Schema):
    code: str
    title: str
    field: str
    field_name: str
    priority: PriorityCode
    state: StateCode
    state_label: str
    commune: str | None
    commune_name: str | None
    lead_unit: StaffUnitRef | None
    submitted_at: datetime
    deadline_at: datetime | None = Field(description="Deadline of the current step.")
    is_overdue: bool
    version: int


class StaffReportPage(Schema):
    items: list[StaffReportSummary]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null on the last page."
    )


# --- one report ----------------------------------------------------------------------


class StaffEvent(Schema):
    id: int
    at: datetime
    action: str = Field(description="A workflow action, or view_identity / media_* records.")
    text: str = Field(description="What happened, as a sentence in the requested language.")
    actor: str | None = Field(description="Username of the staff member; null for citizens.")
    actor_role: str
    actor_unit: str | None = Field(description="Code of the unit the actor acted for.")
    from_state: str
    to_state: str
    note: str
    data: dict[str, Any] = Field(
        description="Details of the action (units as codes, deadlines as ISO 8601 times)."
    )
    citizen_visible: bool


class StaffTimelineEvent(StaffEvent):
    """An event of a report's timeline. In a ``public_only`` answer only ``at``,
    ``action``, ``text`` and ``note`` are given, as the public page shows them: the other
    fields are null, ``data`` is empty and ``citizen_visible`` is true."""

    id: int | None
    actor_role: str | None
    from_state: str | None
    to_state: str | None


class StaffAllowedAction(Schema):
    action: str
    label: str
    note_required: bool
    fields: list[str] = Field(description="Payload fields the action takes besides `note`.")
    path: str = Field(description="Where to POST it.")


class StaffMedia(Schema):
    id: str
    kind: str
    purpose: str
    state: str
    width: int | None
    height: int | None
    duration: float | None
    urls: dict[str, str] = Field(
        description="Variant → URL, signed for a few hours; empty while processing."
    )


class StaffRoute(Schema):
    lead_unit: StaffUnitRef | None
    co_units: list[StaffUnitRef]
    explanation: str


class StaffExtension(Schema):
    working_days: float
    reason: str
    status: str
    requested_at: datetime
    decided_at: datetime | None


# Fields a ``public_only`` answer leaves null or empty: the public page does not show them.
_NOT_PUBLIC = "Null when `public_only`."


class StaffReportDetail(StaffReportSummary):
    public_only: bool = Field(
        description="True when the caller's unit has no part in the report (another "
        "unit's published report, readable by every officer): the answer then holds what "
        "the public page shows, as GET /api/v1/reports/{code} does (public timeline and "
        "files, published result), and the list row's fields. Co-handling units, "
        "extensions, transfers, the reporter's consent, the channel, internal dates, "
        "events and files are left out (null or empty), and no action is offered."
    )
    description: str
    channel: str | None = Field(description=_NOT_PUBLIC)
    lat: float | None
    lng: float | None
    address: str
    observed_at: datetime | None = Field(description=_NOT_PUBLIC)
    updated_at: datetime | None = Field(description=_NOT_PUBLIC)
    handling_deadline_at: datetime | None = Field(description=_NOT_PUBLIC)
    co_units: list[StaffUnitRef] = Field(description="Empty when `public_only`.")
    transfer_count: int | None = Field(description=_NOT_PUBLIC)
    round: int
    previous_round: str | None = Field(
        description="Code of round 1; when `public_only`, only if that round is public."
    )
    merged_into: str | None
    is_private: bool
    share_identity: bool | None = Field(
        description="Whether the reporter agreed to share their identity with the units "
        "handling the report. " + _NOT_PUBLIC
    )
    return_reason: str | None = Field(description=_NOT_PUBLIC)
    return_note: str | None = Field(description=_NOT_PUBLIC)
    result_text: str
    result_at: datetime | None
    published_at: datetime | None
    closed_at: datetime | None = Field(description=_NOT_PUBLIC)
    rating: int | None
    satisfied: bool | None
    can_view_identity: bool = Field(
        description="Whether POST …/identity would reveal the reporter's contact."
    )
    allowed_actions: list[StaffAllowedAction]
    extensions: list[StaffExtension] = Field(description="Empty when `public_only`.")
    timeline: list[StaffTimelineEvent] = Field(
        description="Whole for the units working on the report, coordinators and "
        "supervisors; the public timeline when `public_only`."
    )
    media: list[StaffMedia] = Field(
        description="When `public_only`, the public files only, with their public URLs."
    )
    route: StaffRoute | None = Field(
        description="Suggested lead unit, when the actor may assign or decide now."
    )


class StaffIdentity(Schema):
    name: str
    phone: str
    email: str


# --- actions -------------------------------------------------------------------------


class StaffAttachmentRef(Schema):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(max_length=40, description="`id` from POST /staff/uploads.")
    key: str = Field(max_length=100, description="`key` from POST /staff/uploads.")


class StaffActionIn(Schema):
    model_config = ConfigDict(extra="forbid")

    note: str = Field("", max_length=4000)
    expected_version: int | None = Field(
        None,
        ge=0,
        description="The report's `version` the decision was based on: if it has changed "
        "since, the action is refused with 409 `conflict` instead of acting on stale data.",
    )


def _code(description: str, max_length: int = 50):
    return (str, Field(max_length=max_length, pattern=CODE_PATTERN, description=description))


def _optional_code(description: str, max_length: int = 50):
    return (
        str | None,
        Field(None, max_length=max_length, pattern=CODE_PATTERN, description=description),
    )


_CO_UNITS = (
    list[Annotated[str, StringConstraints(max_length=50, pattern=CODE_PATTERN)]],
    Field(default_factory=list, max_length=20, description="Codes of co-handling units."),
)


_ATTACHMENTS = (
    list[StaffAttachmentRef],
    Field(default_factory=list, max_length=10, description="Files uploaded first."),
)

# Each action's payload fields besides note and expected_version.
PAYLOAD_FIELDS: dict[Action, dict[str, tuple]] = {
    Action.RECLASSIFY: {
        "field": _optional_code("New field code."),
        "priority": (PriorityCode | None, Field(None, description="New priority.")),
        "commune": _optional_code("New commune code.", 10),
    },
    Action.RETURN: {
        "reason": _code("Return reason code (see GET /api/v1/fields and the admin)."),
    },
    Action.MERGE: {
        "into": _code("Tracking code of the report that is kept.", 32),
    },
    Action.ASSIGN: {
        "lead_unit": _code("Code of the lead unit."),
        "co_units": _CO_UNITS,
    },
    Action.DECIDE: {
        "lead_unit": _code("Code of the unit the province designates."),
        "co_units": _CO_UNITS,
    },
    Action.REQUEST_EXTENSION: {
        "working_days": (
            float,
            Field(description="Working days asked for: 0.5 to 30, in steps of 0.5."),
        ),
    },
    Action.GRANT_EXTENSION: {
        "working_days": (
            float | None,
            Field(None, description="Days granted, if other than those asked for."),
        ),
    },
    Action.SUBMIT_RESULT: {"attachments": _ATTACHMENTS},
    Action.UPDATE: {"attachments": _ATTACHMENTS},
    Action.COMMENT: {"attachments": _ATTACHMENTS},
}

# Which purpose the files sent with an action are attached under.
ATTACHMENT_PURPOSE = {
    Action.SUBMIT_RESULT: "result",
    Action.UPDATE: "update",
    Action.COMMENT: "update",
}


def _class_name(action: Action) -> str:
    return "".join(part.capitalize() for part in action.value.split("_")) + "In"


def action_body(transition: Transition) -> type[StaffActionIn]:
    """The request schema of one action; ``note`` is required where the table says so."""
    fields = dict(PAYLOAD_FIELDS.get(transition.action, {}))
    if transition.note_required:
        fields["note"] = (str, Field(max_length=4000, description="Required for this action."))
    return create_model(
        _class_name(transition.action),
        __base__=StaffActionIn,
        __doc__=f"Body of `{transition.action}`.",
        **fields,
    )


def payload_fields(action: Action) -> list[str]:
    return list(PAYLOAD_FIELDS.get(action, {}))


class StaffReportState(Schema):
    code: str
    state: StateCode
    version: int
    deadline_at: datetime | None


class StaffActionOut(Schema):
    event: StaffEvent
    report: StaffReportState


class StaffUploadOut(Schema):
    id: str
    key: str = Field(description="Proves the upload when attaching it; shown once.")
    kind: str
    state: str
