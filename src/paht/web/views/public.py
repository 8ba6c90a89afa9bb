"""What anyone may read: published results as a list, a map, a detail page and CSV.

Every read goes through ``public_reports_filtered`` (published, not private) and never
touches the reporter's contact; the reporter's own words in replies stay out too.
"""

import csv

from django import forms
from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from paht.core.public_cache import public_cache
from paht.core.replica import replica_reads
from paht.geo.models import Commune
from paht.media.selectors import public_media, public_thumbnails
from paht.reports.models import RESOLVED_STATES, Field, Report, State
from paht.reports.selectors import keyset_page, public_reports_filtered
from paht.reports.timeline import describe_event, public_timeline

from ..forms import mark_invalid
from .common import map_context

PAGE_SIZE = 20
MAX_POINTS = 5000
CSV_MAX_ROWS = 50_000


class FilterForm(forms.Form):
    linh_vuc = forms.ChoiceField(label=gettext_lazy("Lĩnh vực"), required=False)
    trang_thai = forms.ChoiceField(label=gettext_lazy("Trạng thái"), required=False)
    xa = forms.ChoiceField(label=gettext_lazy("Xã, phường"), required=False)
    tu_ngay = forms.DateField(
        label=gettext_lazy("Từ ngày"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("Ngày không hợp lệ.")},
    )
    den_ngay = forms.DateField(
        label=gettext_lazy("Đến ngày"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("Ngày không hợp lệ.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        invalid = gettext_lazy("Giá trị không hợp lệ.")
        every = [("", _("Tất cả"))]
        self.fields["linh_vuc"].choices = every + [
            (f.code, f.local_name) for f in Field.objects.filter(is_active=True)
        ]
        self.fields["trang_thai"].choices = every + [
            (s.value, s.label) for s in State if s in RESOLVED_STATES
        ]
        self.fields["xa"].choices = every + list(
            Commune.objects.filter(province_id=settings.PAHT_PROVINCE_CODE)
            .order_by("name")
            .values_list("code", "name")
        )
        for name in ("linh_vuc", "trang_thai", "xa"):
            self.fields[name].error_messages["invalid_choice"] = invalid

    def clean(self):
        data = super().clean()
        for name in ("tu_ngay", "den_ngay"):
            day = data.get(name)
            if day and not 2000 <= day.year <= 2999:
                self.add_error(name, _("Ngày không hợp lệ."))
                data[name] = None
        since, until = data.get("tu_ngay"), data.get("den_ngay")
        if since and until and since > until:
            self.add_error("den_ngay", _("Ngày kết thúc không được trước ngày bắt đầu."))
        return data

    def queryset(self):
        d = self.cleaned_data
        return public_reports_filtered(
            field=d.get("linh_vuc") or None,
            state=d.get("trang_thai") or None,
            commune=d.get("xa") or None,
            since=d.get("tu_ngay"),
            until=d.get("den_ngay"),
        )


def _filtered(request) -> tuple[FilterForm, object]:
    """The filter form and its reports, or None for the reports if a filter is invalid."""
    form = FilterForm(request.GET)
    if not form.is_valid():
        return mark_invalid(form), None
    return form, form.queryset()


@replica_reads
def report_list(request):
    form, qs = _filtered(request)
    if qs is None:
        context = {"form": form, "reports": [], "invalid": True}
        return render(request, "web/public_list.html", context, status=400)
    page = keyset_page(
        qs.select_related("field", "commune"), cursor=request.GET.get("sau"), size=PAGE_SIZE
    )
    query = request.GET.copy()
    query.pop("sau", None)
    context = {
        "form": form,
        "reports": page.items,
        "thumbs": public_thumbnails([r.pk for r in page.items]),
        "next_query": f"{query.urlencode()}&sau={page.next_cursor}" if page.next_cursor else None,
        "filter_query": query.urlencode(),
        "first_page": not request.GET.get("sau"),
    }
    return render(request, "web/public_list.html", context)


@replica_reads
def report_map(request):
    form, _qs = _filtered(request)
    context = {
        "form": form,
        "map": map_context(),
        "filter_query": request.GET.urlencode(),
    }
    return render(request, "web/public_map.html", context, status=200 if _qs is not None else 400)


@public_cache
@replica_reads
def points(request):
    """The map's markers: compact rows, only what a marker and its pop-up need."""
    form, qs = _filtered(request)
    if qs is None:
        fields = {k: [str(m) for m in v] for k, v in form.errors.items()}
        message = _("Bộ lọc không hợp lệ.")
        return JsonResponse(
            {"error": {"code": "invalid", "message": message, "fields": fields}}, status=400
        )
    rows = qs.filter(lat__isnull=False).values_list("code", "title", "field_id", "lat", "lng")
    rows = list(rows[: MAX_POINTS + 1])
    names = {f.pk: f.local_name for f in Field.objects.all()}
    data = {
        "points": [
            [code, title, names.get(field_id, ""), round(lat, 6), round(lng, 6)]
            for code, title, field_id, lat, lng in rows[:MAX_POINTS]
        ],
        "truncated": len(rows) > MAX_POINTS,
        "detail_url": reverse("web:public_detail", args=["CODE"]),
    }
    return JsonResponse(data)


@replica_reads
def report_csv(request):
    form, qs = _filtered(request)
    if qs is None:
        errors = "; ".join(str(m) for messages in form.errors.values() for m in messages)
        return HttpResponseBadRequest(
            _("Bộ lọc không hợp lệ: %(errors)s") % {"errors": errors},
            content_type="text/plain; charset=utf-8",
        )
    header = [
        _("Mã"),
        _("Tiêu đề"),
        _("Lĩnh vực"),
        _("Xã, phường"),
        _("Địa chỉ"),
        _("Vĩ độ"),
        _("Kinh độ"),
        _("Gửi lúc"),
        _("Công bố lúc"),
        _("Trạng thái"),
        _("Đơn vị chủ trì"),
        _("Đánh giá (sao)"),
    ]
    rows = (
        qs.select_related("field", "commune", "lead_unit")
        .only(
            "code",
            "title",
            "field__name",
            "field__name_en",
            "commune__name",
            "address",
            "lat",
            "lng",
            "submitted_at",
            "published_at",
            "state",
            "lead_unit__name",
            "rating",
        )[:CSV_MAX_ROWS]
        .iterator(chunk_size=1000)
    )

    def cell(value):
        # Titles and addresses are the citizen's words: a leading = + - @ would make a
        # spreadsheet run them as a formula.
        if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
            return "'" + value
        return value

    def when(value):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response.write("\ufeff")  # Excel in Vietnam reads the file as UTF-8 only with a BOM
    writer = csv.writer(response)
    writer.writerow(header)
    for r in rows:
        row = [
            r.code,
            r.title,
            r.field.local_name,
            r.commune.name if r.commune else "",
            r.address,
            r.lat if r.lat is not None else "",
            r.lng if r.lng is not None else "",
            when(r.submitted_at),
            when(r.published_at),
            r.get_state_display(),
            r.lead_unit.name if r.lead_unit else "",
            r.rating or "",
        ]
        writer.writerow([cell(v) for v in row])

    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="phan-anh-cong-khai-{stamp}.csv"'
    return response


@replica_reads
def detail(request, code: str):
    report = get_object_or_404(
        Report.objects.public().select_related("field", "commune", "lead_unit"), code=code
    )
    media = public_media(report)
    timeline = [(e, describe_event(e)) for e in public_timeline(report)]
    context = {
        "report": report,
        "evidence": [m for m in media if m.purpose != "result"],
        "result_media": [m for m in media if m.purpose == "result"],
        "timeline": timeline,
        "map": map_context(),
    }
    return render(request, "web/public_detail.html", context)
