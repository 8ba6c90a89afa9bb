from django.contrib import admin
from django.urls import include, path

from paht.api.routes import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("media/", include("paht.media.urls")),
    path("api/v1/", api.urls),
    path("open311/v2/", include("paht.open311.urls")),
    path("can-bo/", include("paht.console.urls")),
    path("", include("paht.citizens.urls")),
    path("", include("paht.stats.urls")),
    path("", include("paht.web.urls")),
]

handler404 = "paht.core.http.not_found"
handler500 = "paht.core.http.server_error"
