"""Citizens: upload, submit, follow, reply, rate, re-open; phone sign-in."""

from ninja import Router

router = Router(tags=["citizen"])
