from django.urls import path

from . import views

app_name = "citizens"
urlpatterns = [
    path("tai-khoan/", views.mine, name="mine"),
    path("tai-khoan/dang-nhap/", views.sign_in, name="sign_in"),
    path("tai-khoan/xac-thuc/", views.verify, name="verify"),
    path("tai-khoan/dang-xuat/", views.sign_out, name="sign_out"),
]
