"""The API's routers, mounted on the one NinjaAPI object (``paht.urls`` serves it)."""

from .base import api
from .citizen import router as citizen_router
from .public import router as public_router
from .staff import router as staff_router
from .triage import router as triage_router

api.add_router("/", public_router)
api.add_router("/", citizen_router)
api.add_router("/staff", staff_router)
api.add_router("/", triage_router)
