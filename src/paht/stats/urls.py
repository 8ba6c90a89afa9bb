from django.urls import path

from . import console_views, views

app_name = "stats"
urlpatterns = [
    path("thong-ke/", views.public, name="public"),
    # kind: linh-vuc (per field), trang-thai (state buckets), don-vi (per lead unit)
    path("thong-ke/<slug:kind>.csv", views.csv_export, name="csv"),
    path("can-bo/tong-hop/", console_views.dashboard, name="dashboard"),
    path("can-bo/tong-hop/danh-sach/", console_views.staff_list, name="staff_list"),
]
