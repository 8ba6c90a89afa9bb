from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("media/", include("paht.media.urls")),
    path("", include("paht.citizens.urls")),
    path("", include("paht.stats.urls")),
    path("", include("paht.web.urls")),
]
