from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from paht.core.errors import ValidationError
from paht.core.http import domain_error_json
from paht.core.replica import replica_reads
from paht.media.selectors import public_thumbnails
from paht.reports.models import Field
from paht.reports.selectors import public_reports
from paht.reports.validation import locate as locate_point

from ..forms import TrackForm


@replica_reads
def home(request):
    latest = list(public_reports().select_related("field", "commune")[:6])
    context = {
        "fields": Field.objects.filter(is_active=True),
        "latest": latest,
        "thumbs": public_thumbnails([r.pk for r in latest]),
        "track_form": TrackForm(),
    }
    return render(request, "web/home.html", context)


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def locate(request):
    """The commune a map point falls in, to pre-select it on the form (a suggestion)."""
    try:
        lat, lng = float(request.GET.get("lat", "")), float(request.GET.get("lng", ""))
    except ValueError:
        return domain_error_json(
            ValidationError(_("Tọa độ không hợp lệ."), fields={"location": _("Không hợp lệ.")})
        )
    try:
        _lat, _lng, commune = locate_point(lat, lng, "", None)
    except ValidationError as exc:
        return domain_error_json(exc)
    province = settings.PAHT_PROVINCE_CODE
    return JsonResponse({"code": commune.code, "name": commune.name, "province": province})
