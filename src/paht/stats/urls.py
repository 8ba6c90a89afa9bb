from django.urls import path

from . import console_views, views

app_name = "stats"
urlpatterns = [
    path("thong-ke/", views.public, name="public"),
    # kind: linh-vuc (per field), trang-thai (state buckets), don-vi (per lead unit)
    path("thong-ke/<slug:kind>.csv", views.csv_export, name="csv"),
    path("can-bo/tong-hop/", console_views.dashboard, name="dashboard"),
    path("can-bo/tong-hop/so-lieu/", console_views.dashboard_data, name="dashboard_data"),
    path("can-bo/tong-hop/danh-sach/", console_views.staff_list, name="staff_list"),
    # fmt: xlsx or csv
    path(
        "can-bo/tong-hop/danh-sach/tai-ve.<slug:fmt>",
        console_views.list_export,
        name="list_export",
    ),
    # kind: tong-quan, linh-vuc, don-vi, xa-phuong, xu-huong, chuyen-ubnd-tinh
    path(
        "can-bo/tong-hop/bang/<slug:kind>.<slug:fmt>",
        console_views.table_export,
        name="table_export",
    ),
    path(
        "can-bo/tong-hop/bao-cao-thang.xlsx",
        console_views.monthly_report,
        name="monthly_report",
    ),
]
