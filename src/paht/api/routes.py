"""The API's routers, mounted on the one NinjaAPI object (``paht.urls`` serves it)."""

from .base import api
from .public import router as public_router

api.add_router("/", public_router)
