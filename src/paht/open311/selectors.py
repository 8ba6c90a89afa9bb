"""Reads behind the Open311 endpoints. None of them touches ReporterContact.

Which reports Open311 shows (``open311_reports``): every report not marked private
whose subject is a field problem — so not the returned ones (out of scope, spam…) and
not the merged duplicates, which live on in the report they were merged into. Unlike
the public web pages, which wait for a published result, an open report is listed from
the moment it is submitted: GeoReport clients expect to read back the request they have
just posted, and to follow it while it is open. Photos are only given for published
reports (``public_photo_urls``), as on the web.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import OuterRef, QuerySet, Subquery

from paht.media.models import Purpose
from paht.media.selectors import public_pictures
from paht.reports.models import OPEN_STATES, Field, Report, ReportEvent, State
from paht.reports.workflow import Party

MAX_RESULTS = 1000  # GeoReport v2: at most 1000 requests per answer


# --- services -------------------------------------------------------------------------


@dataclass(frozen=True)
class Attribute:
    """One extra question a service asks (a GeoReport v2 service definition attribute)."""

    code: str
    description: str
    datatype: str = "string"  # string|number|datetime|text|singlevaluelist|multivaluelist
    required: bool = False
    variable: bool = True  # False: an informational text, not a question
    order: int = 0
    datatype_description: str = ""
    values: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (key, name)


def attributes_for(field: Field) -> list[Attribute]:
    """The extra questions of ``field``, in order.

    No field asks any yet, so every service has ``metadata`` false and an empty
    definition. When fields get questions (a model edited in the admin), this is the one
    place to read them: the services list, the definition and the POST validation
    (``params.attribute_answers``) all go through it.
    """
    return []


def open311_services() -> list[Field]:
    """The services: the active fields, in their configured order."""
    return list(Field.objects.filter(is_active=True).order_by("order", "name"))


def open311_service(code: str) -> Field | None:
    return Field.objects.filter(code=code, is_active=True).first()


# --- requests -------------------------------------------------------------------------


def open311_reports() -> QuerySet[Report]:
    """Every report Open311 may show (see the module docstring)."""
    return Report.objects.filter(is_private=False).exclude(state__in=[State.RETURNED, State.MERGED])


REQUEST_COLUMNS = (
    "id",
    "code",
    "state",
    "is_private",
    "description",
    "result_text",
    "submitted_at",
    "updated_at",
    "deadline_at",
    "address",
    "lat",
    "lng",
    "field__code",
    "field__name",
    "field__name_en",
    "lead_unit__name",
    "commune__name",
)


def _for_listing(qs: QuerySet[Report]) -> QuerySet[Report]:
    """What a request document needs, in one query: the latest note staff wrote for the
    citizen (the public timeline's notes: citizen-visible events, not the reporter's own,
    which can carry their name or number) comes as a subquery, never one query per row."""
    notes = (
        ReportEvent.objects.filter(report=OuterRef("pk"), citizen_visible=True)
        .exclude(note="")
        .exclude(actor_role=Party.REPORTER)
        .order_by("-created_at", "-id")
        .values("note")[:1]
    )
    return (
        qs.select_related("field", "lead_unit", "commune")
        # Only the columns a request document shows (documents.request): not the
        # commune's boundary polygon, nor the report's other text, for each row.
        .only(*REQUEST_COLUMNS)
        .annotate(staff_note=Subquery(notes))
    )


def open311_request(code: str) -> Report | None:
    return _for_listing(open311_reports().filter(code=code)).first()


def requests_search(
    *,
    codes: list[str] | None = None,
    service_codes: list[str] | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    statuses: Iterable[str] = (),
    offset: int = 0,
    limit: int = MAX_RESULTS,
) -> list[Report]:
    """Requests newest first. ``codes`` (tracking codes) overrides every other filter;
    ``statuses`` are Open311's (``open``, ``closed``; empty: both); the dates bound
    ``submitted_at`` (Open311's requested_datetime), both ends included."""
    qs = open311_reports()
    if codes is not None:
        qs = qs.filter(code__in=codes)
    else:
        if service_codes:
            qs = qs.filter(field__code__in=service_codes)
        if start is not None:
            qs = qs.filter(submitted_at__gte=start)
        if end is not None:
            qs = qs.filter(submitted_at__lte=end)
        wanted = set(statuses)
        if wanted == {"open"}:
            qs = qs.filter(state__in=OPEN_STATES)
        elif wanted == {"closed"}:
            qs = qs.exclude(state__in=OPEN_STATES)
    limit = max(0, min(limit, MAX_RESULTS))
    # Two steps: the page's ids walk the index alone (report_submitted_idx carries every
    # column the filters read), so a deep page skips index entries, not table rows;
    # then the page's rows and their subqueries for those ids only.
    ids = list(
        qs.order_by("-submitted_at", "-id").values_list("id", flat=True)[offset : offset + limit]
    )
    if not ids:
        return []
    rows = _for_listing(open311_reports().filter(pk__in=ids)).order_by("-submitted_at", "-id")
    return list(rows)


def status_notes(report: Report) -> str:
    """Open311's status_notes: the published result of a resolved report, else the latest
    note staff wrote for the citizen (needs ``_for_listing``'s annotation)."""
    if report.is_published and report.result_text:
        return report.result_text
    return getattr(report, "staff_note", None) or ""


# --- photos ---------------------------------------------------------------------------


def public_photo_urls(report_ids: list[int]) -> dict[int, str]:
    """One public picture per report (a photo's ``display`` copy, a video's poster), as a
    site-relative URL; the citizen's own photo first: it shows what the request is about."""
    return public_pictures(
        report_ids, large=True, prefer=(Purpose.EVIDENCE, Purpose.RESULT, Purpose.UPDATE)
    )
