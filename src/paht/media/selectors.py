"""Reads for pages and APIs: a report's files as each audience may see them."""

from dataclasses import dataclass, field

from paht.reports.models import Report
from paht.reports.permissions import Actor

from .access import CITIZEN_FILES, FileUrls, for_citizens, is_public, media_url, staff_may_see
from .models import VARIANTS, Attachment, Kind, MediaState, Purpose


@dataclass(frozen=True)
class MediaItem:
    id: str
    kind: str
    purpose: str
    state: str  # pending and processing show as "đang xử lý" until the copies exist
    width: int | None
    height: int | None
    duration: float | None
    urls: dict[str, str] = field(default_factory=dict)

    @property
    def processing(self) -> bool:
        return self.state in {MediaState.PENDING, MediaState.PROCESSING}


def _item(attachment: Attachment, *, signed: bool) -> MediaItem:
    urls = {}
    if attachment.state == MediaState.READY:
        urls = {v: media_url(attachment, v, signed=signed) for v in VARIANTS[attachment.kind]}
    return MediaItem(
        id=str(attachment.pk),
        kind=attachment.kind,
        purpose=attachment.purpose,
        state=attachment.state,
        width=attachment.width,
        height=attachment.height,
        duration=attachment.duration,
        urls=urls,
    )


def public_media(report: Report) -> list[MediaItem]:
    """What anyone may see: ready, not hidden files of a published, non-private report."""
    if not Report.objects.public().filter(pk=report.pk).exists():
        return []
    attachments = report.attachments.filter(state=MediaState.READY, is_hidden=False)
    return [_item(a, signed=False) for a in attachments.select_related("event") if for_citizens(a)]


def reporter_media(report: Report) -> list[MediaItem]:
    """The reporter's view: every file but quarantined ones, with signed links."""
    attachments = report.attachments.exclude(state=MediaState.QUARANTINED).select_related("event")
    return [_item(a, signed=not is_public(a)) for a in attachments if for_citizens(a)]


def staff_media(report: Report, actor: Actor) -> list[MediaItem]:
    """The files this staff member may fetch, each checked on its own: a hidden or
    internal file is not shown to an officer who may only read the published report."""
    items = []
    for attachment in report.attachments.select_related("event"):
        attachment.report = report  # no query per file for the report itself
        if staff_may_see(actor, attachment):
            items.append(_item(attachment, signed=False))
    return items


def media_processing(report: Report) -> bool:
    """True while any of the report's files is still waiting for its public copies."""
    return report.attachments.filter(state__in=[MediaState.PENDING, MediaState.PROCESSING]).exists()


def public_pictures(
    report_ids: list[int],
    *,
    large: bool = False,
    prefer: tuple[str, ...] = (Purpose.RESULT, Purpose.EVIDENCE, Purpose.UPDATE),
) -> dict[int, str]:
    """One public picture per report, in one query: the first file of the first purpose
    in ``prefer``; its small thumbnail, or with ``large`` a photo's display copy or a
    video's poster. Only published, non-private reports have any. Site-relative URLs."""
    if not report_ids:
        return {}
    # Plain rows, internal files left out in SQL (``for_citizens``): lists ask this for
    # 50 reports at a time, so no model instance per file.
    rows = (
        Attachment.objects.filter(
            CITIZEN_FILES,
            report_id__in=report_ids,
            report__in=Report.objects.public(),
            state=MediaState.READY,
            is_hidden=False,
        )
        .order_by("report_id", "created_at", "id")
        .values_list("report_id", "purpose", "pk", "kind", "blur_count")
    )
    rank = {purpose: i for i, purpose in enumerate(prefer)}
    best: dict[int, tuple] = {}
    for row in rows:
        current = best.get(row[0])
        if current is None or rank.get(row[1], 99) < rank.get(current[1], 99):
            best[row[0]] = row
    urls = FileUrls()
    return {
        report_id: urls.url(pk, _variant(kind, large), blur_count)
        for report_id, (_, _, pk, kind, blur_count) in best.items()
    }


def _variant(kind: str, large: bool) -> str:
    if not large:
        return "small"
    return "display" if kind == Kind.PHOTO else "poster"


def public_thumbnails(report_ids: list[int]) -> dict[int, str]:
    """The small picture of each report for lists and map pop-ups: the result's first."""
    return public_pictures(report_ids)
