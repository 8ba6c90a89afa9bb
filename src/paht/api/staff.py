"""Staff: the console's actions, with a bearer token per user."""

from ninja import Router

router = Router(tags=["staff"])
