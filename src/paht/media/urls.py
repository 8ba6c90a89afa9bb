from django.urls import path

from . import views

app_name = "media"
urlpatterns = [
    path("upload", views.upload, name="upload"),
    path(
        "<uuid:attachment_id>/<slug:variant>",
        views.file,
        name="file",
    ),
]
