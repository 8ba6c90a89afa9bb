from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render

from paht.reports.models import Field
from paht.reports.selectors import public_reports


def home(request):
    reports = public_reports()
    context = {
        "fields": Field.objects.filter(is_active=True),
        "latest": reports.select_related("field", "commune")[:10],
        "by_field": reports.values("field__name").annotate(n=Count("id")).order_by("-n"),
    }
    return render(request, "web/home.html", context)


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
