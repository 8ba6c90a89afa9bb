from django.urls import path

from . import views

app_name = "stats"
urlpatterns = [
    path("thong-ke/", views.public, name="public"),
    # kind: linh-vuc (per field), trang-thai (state buckets), don-vi (per lead unit)
    path("thong-ke/<slug:kind>.csv", views.csv_export, name="csv"),
]
