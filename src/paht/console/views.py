from django.contrib.auth import views as auth_views
from django.shortcuts import render

from .access import staff_required

login = auth_views.LoginView.as_view(template_name="console/login.html")


@staff_required
def home(request):
    return render(request, "console/home.html")
