"""Before publishing: staff hide a file from the public or blur part of a photo."""

import shutil
import tempfile
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from paht.core import errors
from paht.reports.permissions import Actor, parties_of
from paht.reports.records import append_event, role_of, unit_for
from paht.reports.workflow import Party

from . import pipeline
from .config import current_limits, media_storage
from .models import Attachment, Kind, MediaState
from .processing import save_derivatives


def _moderator_role(actor: Actor, attachment: Attachment) -> Party:
    report = attachment.report
    parties = parties_of(actor, report) if report else set()
    if not parties & {Party.COORDINATOR, Party.LEAD_APPROVER}:
        raise errors.PermissionDenied(
            _("Chỉ điều phối viên hoặc lãnh đạo đơn vị chủ trì mới được ẩn hoặc làm mờ ảnh.")
        )
    return role_of(parties)


def attachment_set_hidden(
    *, attachment: Attachment, actor: Actor, hidden: bool, reason: str = ""
) -> Attachment:
    """Hide a file from the public (staff and the reporter still see it), or show it again."""
    from paht.reports.validation import clean_bool, clean_text

    hidden = clean_bool(hidden, field="hidden", message=_("Giá trị ẩn/hiện không hợp lệ."))
    reason = clean_text(reason, field="reason", max_length=300, required=False)
    with transaction.atomic():
        attachment = Attachment.objects.select_for_update().get(pk=attachment.pk)
        role = _moderator_role(actor, attachment)
        attachment.is_hidden = hidden
        attachment.hidden_reason = reason if hidden else ""
        attachment.save(update_fields=["is_hidden", "hidden_reason"])
        _audit(attachment, actor, role, "media_hide" if hidden else "media_show", reason)
    return attachment


def attachment_blur(*, attachment: Attachment, actor: Actor, regions: list) -> Attachment:
    """Blur regions (faces, number plates) of a photo; the blurred copy replaces the public one.

    ``regions`` are boxes ``{"x", "y", "w", "h"}`` in fractions of the photo (0–1).
    """
    boxes = _clean_regions(regions)
    storage = media_storage()
    with transaction.atomic():
        attachment = Attachment.objects.select_for_update().get(pk=attachment.pk)
        role = _moderator_role(actor, attachment)
        if attachment.kind != Kind.PHOTO or attachment.state != MediaState.READY:
            raise errors.ValidationError(_("Chỉ làm mờ được ảnh đã xử lý xong."))
        old = dict(attachment.files)
        work = Path(tempfile.mkdtemp(prefix="paht-blur-"))
        try:
            from PIL import Image

            with storage.open(old["display"], "rb") as fh, Image.open(fh, formats=["JPEG"]) as im:
                im.load()
                blurred = pipeline.blur_regions(im, boxes)
            derived = pipeline.derive_photo(blurred, work, current_limits())
            count = attachment.blur_count + 1
            names = save_derivatives(storage, attachment, f"b{count}", derived)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        attachment.files = names
        attachment.blur_count = count
        attachment.save(update_fields=["files", "blur_count"])
        _audit(attachment, actor, role, "media_blur", "", {"regions": len(boxes)})
        transaction.on_commit(
            lambda: [storage.delete(n) for v, n in old.items() if names.get(v) != n]
        )
    return attachment


def _clean_regions(regions) -> list[tuple[float, float, float, float]]:
    message = _("Vùng làm mờ không hợp lệ.")
    if not isinstance(regions, list) or not 1 <= len(regions) <= 20:
        raise errors.ValidationError(message, fields={"regions": [message]})
    boxes = []
    for region in regions:
        try:
            x, y, w, h = (float(region[k]) for k in ("x", "y", "w", "h"))
        except (TypeError, KeyError, ValueError):
            raise errors.ValidationError(message, fields={"regions": [message]}) from None
        values = (x, y, w, h, x + w, y + h)
        if not all(0 <= v <= 1 for v in values) or w <= 0 or h <= 0:
            raise errors.ValidationError(message, fields={"regions": [message]})
        boxes.append((x, y, w, h))
    return boxes


def _audit(attachment, actor, role, action, note, data=None) -> None:
    report = attachment.report
    append_event(
        report,
        action=action,
        actor=actor,
        role=role,
        unit=unit_for(actor, report, role),
        from_state=report.state,
        at=timezone.now(),
        note=note,
        data={"attachment": str(attachment.pk), **(data or {})},
    )
