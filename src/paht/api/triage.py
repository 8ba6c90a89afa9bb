"""POST /triage/suggest: what the triage assistant reads in a text before it is sent.

No key needed (the web form calls it as the citizen types); limited per address. A
suggestion only: the citizen may send anyway, and a coordinator decides.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from paht.core.errors import ValidationError
from paht.core.http import client_ip
from paht.core.throttle import Limit, check_and_count
from paht.geo.services import commune_for_point
from paht.reports.models import Field as ReportField
from paht.routing.services import route_for
from paht.triage.services import suggest

from .citizen import JSON
from .schemas import INVALID, LIMITED, NOT_JSON, TOO_LARGE, Text, responses

router = Router(tags=["triage"])
MAX_TEXT = 4000


class SuggestIn(Schema):
    text: Text = Field(description="What the citizen wrote.", json_schema_extra={"maxLength": 4000})
    lat: float | None = Field(None, description="Latitude (WGS 84); with `lng`.")
    lng: float | None = Field(None, description="Longitude (WGS 84); with `lat`.")


class ScoredFieldOut(Schema):
    code: str
    name: str
    score: float


class ReasonOut(Schema):
    code: str
    name: str
    guidance: str = Field(description="Where to go instead: show it to the citizen.")
    score: float


class PlaceOut(Schema):
    commune: str | None = Field(description="Commune code the point falls in.")
    commune_name: str | None
    unit: str | None = Field(description="The unit the routing rules would send it to.")
    explanation: str | None


class SuggestOut(Schema):
    category: str = Field(description="The likeliest class: a field, or a return reason.")
    top3: list[ScoredFieldOut] = Field(description="The three likeliest fields.")
    in_scope: bool
    reason: ReasonOut | None = Field(description="When out of scope: why, and where to go.")
    confidence: float
    place: PlaceOut | None = Field(description="With a point: commune and suggested unit.")


def _place(lat, lng, field_code):
    if lat is None or lng is None:
        return None
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise ValidationError(_("Tọa độ không hợp lệ."), fields={"lat": _("Tọa độ không hợp lệ.")})
    commune = commune_for_point(lat=lat, lng=lng)
    field = ReportField.objects.filter(code=field_code, is_active=True).first()
    route = (
        route_for(field_id=field.pk, commune_code=commune.code if commune else None)
        if (field)
        else None
    )
    unit = route.lead_unit if route else None
    return {
        "commune": commune.code if commune else None,
        "commune_name": commune.name if commune else None,
        "unit": unit.name if unit else None,
        "explanation": route.explanation if route else None,
    }


SUGGEST = responses(
    {200: SuggestOut},
    {400: INVALID, 413: TOO_LARGE, 415: NOT_JSON, 429: LIMITED + " Suggestions: per address."},
)


@router.post(
    "/triage/suggest",
    response=SUGGEST.schemas,
    openapi_extra=SUGGEST.extra,
    summary="Suggest a field; warn when a text is out of scope",
    description=(
        "Reads a citizen's text (and point, if any) and returns the three likeliest fields "
        "with scores, whether the platform handles it at all, and if not, the return "
        "reason with the guidance to show. Typed with or without diacritics. A suggestion "
        "only: never refuse to send because of it. Reads and changes nothing, so it "
        "needs neither a key nor an `Idempotency-Key`."
    ),
    operation_id="triageSuggest",
    auth=None,
)
@JSON
def triage_suggest(request, body: SuggestIn):
    check_and_count(
        f"ip:{client_ip(request)}",
        Limit("triage_ip", settings.PAHT_TRIAGE_PER_IP_HOUR, 3600),
        message=_("Quá nhiều yêu cầu. Vui lòng thử lại sau ít phút."),
    )
    text = body.text.strip()
    if not text:
        raise ValidationError(
            _("Vui lòng nhập nội dung."), fields={"text": _("Trường này là bắt buộc.")}
        )
    if len(text) > MAX_TEXT:
        raise ValidationError(
            _("Nội dung quá dài (tối đa %(n)s ký tự).") % {"n": MAX_TEXT},
            fields={"text": _("Nội dung quá dài.")},
        )
    s = suggest(text)
    reason = None
    if not s.in_scope and s.reason is not None:
        reason = {
            "code": s.reason.code,
            "name": s.reason.local_name,
            "guidance": s.reason.local_guidance,
            "score": round(s.reason_score, 4),
        }
    top = [
        {"code": f.field.code, "name": f.field.local_name, "score": round(f.score, 4)}
        for f in s.top
    ]
    category = reason["code"] if reason else (top[0]["code"] if top else "khac")
    return {
        "category": category,
        "top3": top,
        "in_scope": s.in_scope,
        "reason": reason,
        "confidence": round(s.confidence, 4),
        "place": _place(body.lat, body.lng, top[0]["code"] if top else None),
    }
