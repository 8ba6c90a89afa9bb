from django.urls import path

from paht.web import urls as _web_urls  # noqa: F401  (registers the "code" path converter)

from .views import auth, hotline, lists, report

app_name = "console"
urlpatterns = [
    path("dang-nhap/", auth.login, name="login"),
    path("dang-xuat/", auth.logout, name="logout"),
    path("xac-thuc/", auth.otp_verify, name="otp"),
    path("bao-mat/", auth.otp_setup, name="otp_setup"),
    path("", lists.home, name="home"),
    path("tiep-nhan/", lists.inbox, name="inbox"),
    path("tiep-nhan/tra-lai/", lists.bulk_return, name="bulk_return"),
    path("don-vi/", lists.queue, name="queue"),
    path("phe-duyet/", lists.approvals, name="approvals"),
    path("duong-day-nong/", hotline.hotline, name="hotline"),
    path("duong-day-nong/<code:code>/", hotline.hotline_done, name="hotline_done"),
    path("phan-anh/<code:code>/", report.detail, name="report"),
    path("phan-anh/<code:code>/danh-tinh/", report.identity, name="identity"),
    path("phan-anh/<code:code>/thao-tac/<slug:action>/", report.act, name="act"),
]
