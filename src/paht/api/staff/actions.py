"""POST /staff/reports/{code}/actions/<action>: one operation per workflow action,
generated from the workflow table, each with its own request schema."""

from django.db import transaction
from ninja import Header, Status

from paht.media import services as media
from paht.org.models import Unit
from paht.reports.models import Report, ReportEvent
from paht.reports.services import report_transition
from paht.reports.workflow import Action, Party, Transition

from ..once import once
from ..staff_schemas import ATTACHMENT_PURPOSE, StaffActionOut, action_body
from .common import (
    _IDEMPOTENCY,
    STAFF_ACTIONS,
    _errors,
    _events_out,
    _responses,
    _visible_report,
    router,
)

# The id an unknown unit code becomes: no unit has it, so the service refuses it as it
# refuses any unknown unit, after its own permission and state checks; the order of
# refusals stays the service's.
UNKNOWN_UNIT = 0

ACTION_SUMMARIES = {
    Action.RECLASSIFY: "Change the field, priority or commune",
    Action.RETURN: "Return the report to the citizen (out of scope, not enough information…)",
    Action.MERGE: "Merge into another report about the same problem",
    Action.ASSIGN: "Assign a lead unit (and co-handling units)",
    Action.ACCEPT: "Accept the report for handling",
    Action.HAND_BACK: "Hand the report back: not this unit's competence",
    Action.UPDATE: "Post a progress update (shown to the reporter)",
    Action.COMMENT: "Internal comment between staff",
    Action.REQUEST_EXTENSION: "Ask for more working days",
    Action.GRANT_EXTENSION: "Grant the pending extension request",
    Action.REFUSE_EXTENSION: "Refuse the pending extension request",
    Action.SUBMIT_RESULT: "Submit the handling result for approval",
    Action.APPROVE: "Approve the result",
    Action.SEND_BACK: "Send the result back for more handling",
    Action.PUBLISH: "Publish the result",
    Action.SET_PRIVATE: "Keep the report off public pages",
    Action.SET_PUBLIC: "Allow the report on public pages again",
    Action.ESCALATE: "Escalate to the provincial People's Committee",
    Action.DECIDE: "Decide the lead unit of an escalated report",
    Action.CLOSE: "Close a published report after the re-open window",
}

_PARTY_TEXT = {
    Party.COORDINATOR: "coordinators",
    Party.LEAD_HANDLER: "handlers of the lead unit",
    Party.CO_HANDLER: "handlers of a co-handling unit",
    Party.LEAD_APPROVER: "approvers of the lead unit",
    Party.SUPERVISOR: "supervisors",
}


def _action_description(t: Transition) -> str:
    who = ", ".join(_PARTY_TEXT[p] for p in _PARTY_TEXT if p in t.parties)
    states = ", ".join(f"`{s}`" for s in sorted(t.sources))
    target = f"`{t.target}`" if t.target else "unchanged"
    lines = [
        f"Who: {who}.",
        f"From states: {states}.",
        f"Resulting state: {target}.",
        "A `note` is required." if t.note_required else "The `note` is optional.",
    ]
    if t.action in ATTACHMENT_PURPOSE:
        lines.append(
            "`attachments` are files uploaded first with POST /staff/uploads "
            f"(purpose `{ATTACHMENT_PURPOSE[t.action]}`)."
        )
    return " ".join(lines) + _IDEMPOTENCY


def _service_payload(body) -> tuple[dict, list[tuple[str, str]]]:
    """The service's keyword arguments from an action body; units become ids."""
    data = body.model_dump(exclude={"note", "expected_version"}, exclude_none=True)
    refs = [(a["id"], a["key"]) for a in data.pop("attachments", [])]
    codes = [data["lead_unit"]] if "lead_unit" in data else []
    codes += data.get("co_units", [])
    if codes:
        known = dict(Unit.objects.filter(code__in=codes).values_list("code", "pk"))
        if "lead_unit" in data:
            data["lead_unit"] = known.get(data["lead_unit"], UNKNOWN_UNIT)
        if "co_units" in data:
            data["co_units"] = [known.get(c, UNKNOWN_UNIT) for c in data["co_units"]]
    if "commune" in data:
        data["commune_code"] = data.pop("commune")
    return data, refs


def _report_state(report: Report) -> dict:
    return {
        "code": report.code,
        "state": report.state,
        "version": report.version,
        "deadline_at": report.deadline_at,
    }


def _act(request, code: str, transition: Transition, body) -> Status:
    actor = request.actor

    def work():
        # Inside the keyed work: a retry of an action that took the report out of the
        # caller's sight (a hand-back) still gets its first answer.
        report = _visible_report(actor, code)
        payload, refs = _service_payload(body)
        with transaction.atomic():
            event = report_transition(
                report=report,
                action=transition.action,
                actor=actor,
                note=body.note,
                expected_version=body.expected_version,
                **payload,
            )
            if refs:
                media.attachments_attach(
                    report=event.report,
                    refs=refs,
                    actor=actor,
                    purpose=ATTACHMENT_PURPOSE[transition.action],
                    event=event,
                )
        event = ReportEvent.objects.select_related("actor", "actor_unit").get(pk=event.pk)
        # A schema instance: ``once`` keeps it as JSON with the key.
        answer = {"event": _events_out([event])[0], "report": _report_state(event.report)}
        return 200, StaffActionOut(**answer)

    payload = {"code": code, "body": body.model_dump(mode="json")}
    return Status(*once(request, f"staff.{transition.action}", payload, work))


def _add_action(transition: Transition) -> None:
    Body = action_body(transition)

    if any(f.is_required() for f in Body.model_fields.values()):

        def view(
            request,
            code: str,
            body: Body,
            idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=100),
        ):
            return _act(request, code, transition, body)

    else:
        # Nothing to say but maybe a note: an empty request body is enough.
        def view(
            request,
            code: str,
            body: Body = None,
            idempotency_key: str | None = Header(None, alias="Idempotency-Key", max_length=100),
        ):
            return _act(request, code, transition, body if body is not None else Body())

    action = transition.action
    view.__name__ = f"staff_{action}"
    statuses = (400, 401, 403, 404, 409)
    router.add_api_operation(
        f"/reports/{{code}}/actions/{action}",
        ["POST"],
        view,
        response={200: StaffActionOut, **_errors(*statuses)},
        operation_id=f"staff_{action}",
        summary=ACTION_SUMMARIES[action],
        description=_action_description(transition),
        url_name=f"staff_action_{action}",
        openapi_extra=_responses(*statuses),
    )


for _transition in STAFF_ACTIONS.values():
    _add_action(_transition)
