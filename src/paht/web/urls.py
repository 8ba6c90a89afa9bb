from django.urls import path

from .views import follow, pages, public, submit

app_name = "web"
urlpatterns = [
    path("", pages.home, name="home"),
    path("healthz", pages.healthz, name="healthz"),
    path("dia-ban/vi-tri.json", pages.locate, name="locate"),
    # citizens: submit and follow
    path("gui-phan-anh/", submit.submit, name="submit"),
    path("gui-phan-anh/da-gui/<str:code>/", submit.done, name="submitted"),
    path("tra-cuu/", follow.track, name="track"),
    path("theo-doi/<str:code>/<str:secret>/", follow.secret_link, name="secret_link"),
    path("phan-anh/<str:code>/", follow.report, name="report"),
    path("phan-anh/<str:code>/tra-loi/", follow.reply, name="reply"),
    path("phan-anh/<str:code>/danh-gia/", follow.rate, name="rate"),
    path("phan-anh/<str:code>/phan-anh-lai/", follow.reopen, name="reopen"),
    # public
    path("cong-khai/", public.report_list, name="public_list"),
    path("cong-khai/phan-anh.csv", public.report_csv, name="public_csv"),
    path("cong-khai/ban-do/", public.report_map, name="public_map"),
    path("cong-khai/diem.json", public.points, name="public_points"),
    path("cong-khai/<str:code>/", public.detail, name="public_detail"),
]
