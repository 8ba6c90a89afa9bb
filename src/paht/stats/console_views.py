"""Staff dashboard and exports (placeholder views; the dashboard work replaces them)."""

from django.shortcuts import render

from paht.console.access import staff_required


@staff_required
def dashboard(request):
    return render(request, "console/home.html")


@staff_required
def staff_list(request):
    return render(request, "console/home.html")
