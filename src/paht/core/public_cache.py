"""A few seconds of caching for anonymous public reads: lists, map points, statistics.

A news story can send thousands of people to the same map view or first page within
minutes; each process answers repeats of a URL from its cache for
``PAHT_PUBLIC_CACHE_SECONDS`` (0 turns it off) instead of asking the database again.
It is Django's own ``cache_page`` on the default cache (each process's memory), so the
answer also carries ``Cache-Control: max-age`` for nginx and browsers. The key is the
full URL, the active language (Django adds it under USE_I18N: a page's language comes
from a cookie no Vary names) and the headers the response varies on (the cookie when a
session was read). Only views decorated with ``public_cache`` use it, and they show
nothing per user; errors and writes are never cached. New publications show up within
those seconds.
"""

import functools

from django.conf import settings
from django.views.decorators.cache import cache_page


def public_cache(view):
    """Cache ``view``'s successful GET answers for ``PAHT_PUBLIC_CACHE_SECONDS``."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.PAHT_PUBLIC_CACHE_SECONDS
        if seconds <= 0 or request.method not in {"GET", "HEAD"}:
            return view(request, *args, **kwargs)
        cached = cache_page(seconds, key_prefix="paht-public")(view)
        return cached(request, *args, **kwargs)

    return wrapper
