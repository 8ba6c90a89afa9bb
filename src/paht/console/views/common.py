"""Helpers shared by the console's views."""

from django.shortcuts import render
from django.utils.cache import add_never_cache_headers


def page(request, template: str, context: dict, status: int = 200):
    """Console pages carry report data: never kept by a shared cache or the back button."""
    response = render(request, template, context, status=status)
    add_never_cache_headers(response)
    response["Cache-Control"] += ", no-store"
    return response
