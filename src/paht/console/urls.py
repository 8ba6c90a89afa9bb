from django.urls import path

from . import views

app_name = "console"
urlpatterns = [
    path("dang-nhap/", views.login, name="login"),
    path("", views.home, name="home"),
]
