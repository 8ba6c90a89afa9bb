"""GeoReport v2 routes, each with its format suffix (``.xml`` or ``.json``)."""

from django.urls import re_path

from . import views

app_name = "open311"

FMT = r"\.(?P<fmt>[^/.]*)"

urlpatterns = [
    re_path(rf"^discovery{FMT}$", views.discovery, name="discovery"),
    re_path(rf"^services{FMT}$", views.services, name="services"),
    re_path(rf"^services/(?P<code>[^/]+?){FMT}$", views.service_definition, name="service"),
    re_path(rf"^requests{FMT}$", views.service_requests, name="requests"),
    re_path(rf"^requests/(?P<request_id>[^/]+?){FMT}$", views.service_request, name="request"),
    re_path(rf"^tokens/(?P<token>[^/]+?){FMT}$", views.token, name="token"),
    re_path(r"^$", views.not_found, name="root"),
    re_path(r"^(?P<path>.+)$", views.not_found),
]
