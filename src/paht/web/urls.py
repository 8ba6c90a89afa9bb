from django.urls import path, register_converter

from .views import follow, pages, public, submit


class CodeConverter:
    """Tracking codes (PA-2026-000123, PA-2026-000123-L2): anything else is a 404."""

    regex = r"[A-Za-z0-9-]{1,32}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class SecretConverter(CodeConverter):
    regex = r"[A-Za-z0-9_-]{1,64}"


register_converter(CodeConverter, "code")
register_converter(SecretConverter, "secret")

app_name = "web"
urlpatterns = [
    path("", pages.home, name="home"),
    path("healthz", pages.healthz, name="healthz"),
    path("dia-ban/vi-tri.json", pages.locate, name="locate"),
    # citizens: submit and follow
    path("gui-phan-anh/", submit.submit, name="submit"),
    path("gui-phan-anh/da-gui/<code:code>/", submit.done, name="submitted"),
    path("tra-cuu/", follow.track, name="track"),
    path("theo-doi/<code:code>/<secret:secret>/", follow.secret_link, name="secret_link"),
    path("phan-anh/<code:code>/", follow.report, name="report"),
    path("phan-anh/<code:code>/tra-loi/", follow.reply, name="reply"),
    path("phan-anh/<code:code>/danh-gia/", follow.rate, name="rate"),
    path("phan-anh/<code:code>/phan-anh-lai/", follow.reopen, name="reopen"),
    # public
    path("cong-khai/", public.report_list, name="public_list"),
    path("cong-khai/phan-anh.csv", public.report_csv, name="public_csv"),
    path("cong-khai/ban-do/", public.report_map, name="public_map"),
    path("cong-khai/diem.json", public.points, name="public_points"),
    path("cong-khai/<code:code>/", public.detail, name="public_detail"),
]
