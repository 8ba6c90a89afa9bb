"""One report in the console: everything about it on one screen, and its actions.

Each action form posts the report's version (a stale page gets a conflict, not a
silent overwrite) and a one-time key (a double tap acts once). The buttons come from
``allowed_transitions``; ``report_transition`` decides.
"""

import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from paht.api.staff import WORKING_PARTIES
from paht.api.staff_schemas import staff_transitions
from paht.core import idempotency
from paht.core.errors import DomainError, ValidationError
from paht.core.throttle import Limit, check_and_count
from paht.media.selectors import public_media, staff_media
from paht.media.uploads import attachment_upload
from paht.org.models import Role, Unit
from paht.reports.models import ExtensionRequest, Field, Priority, Report, ReturnReason
from paht.reports.permissions import (
    allowed_transitions,
    can_see_identity,
    parties_of,
    public_view_only,
    reports_visible_to,
)
from paht.reports.services import reporter_contact_view
from paht.reports.timeline import describe_event, public_timeline
from paht.reports.workflow import Action, Party
from paht.routing.selectors import suggested_route
from paht.triage.services import triage_panel

from ..access import staff_required
from ..services import report_act
from .common import page

STAFF_ACTIONS = {t.action for t in staff_transitions()}
UNKNOWN_UNIT = 0  # no unit has this id: the service refuses it like any unknown unit
UPLOADS_PER_HOUR = 600
# Payload keys each action reads from its form (names as the services want them).
FORM_FIELDS = {
    Action.RECLASSIFY: ("field", "priority"),
    Action.RETURN: ("reason",),
    Action.MERGE: ("into",),
    Action.ASSIGN: ("lead_unit", "co_units"),
    Action.DECIDE: ("lead_unit", "co_units"),
    Action.REQUEST_EXTENSION: ("working_days",),
    Action.GRANT_EXTENSION: (),
}
COORDINATOR_FIRST = [
    Action.RECLASSIFY,
    Action.ASSIGN,
    Action.RETURN,
    Action.MERGE,
    Action.ESCALATE,
    Action.SET_PRIVATE,
    Action.SET_PUBLIC,
]


def _report(actor, code: str) -> Report:
    report = (
        reports_visible_to(
            actor, Report.objects.select_related("field", "commune", "lead_unit", "return_reason")
        )
        .filter(code=code)
        .first()
    )
    if report is None:
        # The same answer whether the report exists or not: nothing is revealed.
        raise PermissionDenied
    return report


def _timeline(report: Report, parties: set) -> list[dict]:
    if parties & WORKING_PARTIES:
        events = list(
            report.events.select_related("actor", "actor_unit").order_by("created_at", "id")
        )
    else:
        events = public_timeline(report)
    return [{"event": e, "text": describe_event(e)} for e in events]


def _forms(request, report: Report, panel, route) -> list[dict]:
    """The action forms this actor may use now, coordinator's triage actions first."""
    allowed = [t for t in allowed_transitions(request.actor, report) if t.action in STAFF_ACTIONS]
    order = {a: i for i, a in enumerate(COORDINATOR_FIRST)}
    allowed.sort(key=lambda t: order.get(t.action, len(order)))
    suggestion = panel.suggestion if panel else None
    forms = []
    hidden = {Action.SET_PUBLIC if not report.is_private else Action.SET_PRIVATE}
    for t in allowed:
        if t.action in hidden:
            continue
        form = {"t": t, "action": t.action.value, "once": secrets.token_urlsafe(16)}
        if t.action == Action.RECLASSIFY:
            form["field"] = (
                suggestion.field.code if suggestion and suggestion.field else report.field.code
            )
        if t.action == Action.RETURN:
            reason = suggestion.reason if suggestion and suggestion.reason else None
            form["reason"] = reason.code if reason else ""
            form["note"] = reason.local_guidance if reason else ""
        if t.action in {Action.ASSIGN, Action.DECIDE} and route is not None:
            form["lead_unit"] = route.lead_unit.code if route.lead_unit else ""
            form["co_units"] = {u.code for u in route.co_units}
        forms.append(form)
    return forms


def _public_context(report: Report, **extra) -> dict:
    """What the public page shows of the report, nothing more (no extension reasons,
    co-handling units, transfers, consent, internal timeline or files)."""
    media = public_media(report)
    context = {
        "report": report,
        "evidence": [m for m in media if m.purpose != "result"],
        "result_media": [m for m in media if m.purpose == "result"],
        "timeline": [{"event": e, "text": describe_event(e)} for e in public_timeline(report)],
        "map": {"tiles": _tiles(), "attribution": _attribution()},
    }
    if "error" in extra:
        context["error"] = extra["error"]
    return context


def _render(request, report: Report, status: int = 200, **extra):
    """The report's page as this actor may see it."""
    if public_view_only(request.actor, report):
        return page(request, "console/report_public.html", _public_context(report, **extra), status)
    return page(request, "console/report.html", _context(request, report, **extra), status)


def _context(request, report: Report, **extra) -> dict:
    actor = request.actor
    parties = parties_of(actor, report)
    is_coordinator = Party.COORDINATOR in parties
    allowed_actions = {t.action for t in allowed_transitions(actor, report)}
    can_merge = is_coordinator and Action.MERGE in allowed_actions
    # One search of the report's neighbours: scored duplicates, then those not assessed yet.
    panel = triage_panel(report, neighbours_too=can_merge) if is_coordinator else None
    route = suggested_route(report) if allowed_actions & {Action.ASSIGN, Action.DECIDE} else None
    duplicates = panel.duplicates if can_merge else []
    nearby = panel.nearby if can_merge else []
    media = staff_media(report, actor)
    related = dict(
        Report.objects.filter(pk__in=[report.previous_round_id, report.merged_into_id]).values_list(
            "pk", "code"
        )
    )
    context = {
        "report": report,
        "parties": parties,
        "read_only": not (parties - {Party.PUBLIC, Party.CO_HANDLER})
        and Party.CO_HANDLER in parties,
        "timeline": _timeline(report, parties),
        "evidence": [m for m in media if m.purpose == "evidence"],
        "results": [m for m in media if m.purpose == "result"],
        "updates": [m for m in media if m.purpose == "update"],
        "forms": _forms(request, report, panel, route),
        "panel": panel,
        "route": route,
        "duplicates": duplicates,
        "nearby": nearby,
        "merge_once": secrets.token_urlsafe(16),
        "can_identity": can_see_identity(actor, report),
        "identity_once": secrets.token_urlsafe(16),
        "co_units": list(report.co_units.order_by("name")),
        "extensions": list(report.extensions.order_by("requested_at", "pk")),
        "pending_extension": report.extensions.filter(
            status=ExtensionRequest.Status.PENDING
        ).first(),
        "previous_code": related.get(report.previous_round_id),
        "merged_code": related.get(report.merged_into_id),
        "fields": Field.objects.filter(is_active=True),
        "priorities": Priority.choices,
        "reasons": ReturnReason.objects.filter(is_active=True),
        "units": Unit.objects.filter(is_active=True).order_by("kind", "name")
        if allowed_actions & {Action.ASSIGN, Action.DECIDE}
        else [],
        "map": {"tiles": _tiles(), "attribution": _attribution()},
        "is_coordinator": is_coordinator,
    }
    context.update(extra)
    return context


def _tiles():
    from django.conf import settings

    return settings.PAHT_MAP_TILE_URL


def _attribution():
    from django.conf import settings

    return settings.PAHT_MAP_ATTRIBUTION


@staff_required
def detail(request, code: str):
    report = _report(request.actor, code)
    return _render(request, report)


def _units(values: list[str]) -> list[int]:
    codes = [v for v in values if v]
    known = dict(Unit.objects.filter(code__in=codes).values_list("code", "pk"))
    return [known.get(c, UNKNOWN_UNIT) for c in codes]


def _payload(action: Action, post) -> dict:
    payload = {}
    for key in FORM_FIELDS.get(action, ()):
        if key == "co_units":
            payload["co_units"] = _units(post.getlist("co_units"))
        elif key == "lead_unit":
            (payload["lead_unit"],) = _units([post.get("lead_unit", "")]) or [None]
        elif key in post and post.get(key) != "":
            payload[key] = post.get(key)
    if action == Action.RECLASSIFY and not payload:
        raise ValidationError(_("Không có thay đổi nào."))
    return payload


def _upload_files(request, purpose: str) -> list[tuple[str, str]]:
    """The no-JS path: files travel with the form and are stored here first."""
    refs = []
    for file in request.FILES.getlist("files"):
        check_and_count(
            f"user:{request.user.pk}",
            Limit("upload_staff", UPLOADS_PER_HOUR, 3600),
            message=_("Bạn đã tải lên quá nhiều tệp. Vui lòng thử lại sau ít phút."),
        )
        result = attachment_upload(file=file, name=file.name, actor=request.actor, purpose=purpose)
        refs.append((str(result.attachment.pk), result.key))
    return refs


def _carried(post) -> list[tuple[str, str]]:
    """Files uploaded by the page's script (``id:key``)."""
    refs = []
    for value in post.getlist("attachment"):
        attachment_id, _sep, key = str(value).partition(":")
        if attachment_id and key:
            refs.append((attachment_id[:40], key[:100]))
    return refs


@require_POST
@staff_required
def act(request, code: str, action: str):
    try:
        action = Action(action)
    except ValueError:
        raise Http404 from None
    if action not in STAFF_ACTIONS:
        raise Http404
    report = _report(request.actor, code)
    post = request.POST
    version = post.get("version", "")
    once = post.get("once", "")
    try:
        if not version.isdigit():
            raise ValidationError(_("Thiếu phiên bản phản ánh, vui lòng tải lại trang."))
        payload = _payload(action, post)
        note = post.get("note", "")

        def work():
            refs = _carried(post)
            if request.FILES:
                from paht.api.staff_schemas import ATTACHMENT_PURPOSE

                purpose = ATTACHMENT_PURPOSE.get(action)
                if purpose is None:
                    raise ValidationError(_("Thao tác này không kèm tệp."))
                refs += _upload_files(request, purpose)
            event = report_act(
                report=report,
                action=action,
                actor=request.actor,
                note=note,
                expected_version=int(version),
                attachments=refs,
                **payload,
            )
            return {"event": event.pk}, 200

        if once:
            fingerprint = idempotency.fingerprint(
                {"code": code, "action": action.value, "post": sorted(post.lists())}
            )
            outcome = idempotency.run_once(
                scope=f"console:{request.user.pk}", key=once, fingerprint=fingerprint, work=work
            )
            if outcome.replayed:
                messages.info(request, _("Thao tác này đã được thực hiện."))
                return _after(request, code)
        else:
            work()
    except DomainError as exc:
        report.refresh_from_db()
        if not reports_visible_to(request.actor).filter(pk=report.pk).exists():
            raise PermissionDenied from exc
        return _render(request, report, exc.status, error=exc, failed=action.value, posted=post)
    messages.success(request, _("Đã thực hiện: %(label)s.") % {"label": action_label(action)})
    return _after(request, code)


def action_label(action: Action) -> str:
    from paht.reports.workflow import TRANSITIONS

    return str(TRANSITIONS[action].label)


def _after(request, code: str):
    """Back to the report if the actor may still see it, else to their list."""
    if reports_visible_to(request.actor).filter(code=code).exists():
        return redirect("console:report", code=code)
    if request.actor.has_role(Role.HANDLER):
        return redirect("console:queue")
    return redirect("console:home")


@require_POST
@staff_required
def identity(request, code: str):
    """The reporter's contact, after an explicit click; every reveal is recorded."""
    report = _report(request.actor, code)
    try:
        contact = reporter_contact_view(report=report, actor=request.actor)
    except DomainError as exc:
        raise PermissionDenied(str(exc.message)) from exc
    report.refresh_from_db()
    return _render(request, report, contact=contact)
