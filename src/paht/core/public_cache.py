"""A few seconds of caching for anonymous public reads: lists, map points, statistics.

A news story can send thousands of people to the same map view or first page within
minutes; each process answers repeats of a URL from its cache for
``PAHT_PUBLIC_CACHE_SECONDS`` (0 turns it off) instead of asking the database again.
It is Django's own ``cache_page`` on the default cache (each process's memory), so the
answer also carries ``Cache-Control: max-age`` for nginx and browsers. The key is the
full URL, the active language (Django adds it under USE_I18N: a page's language comes
from a cookie no Vary names) and the headers the response varies on (the cookie when a
session was read). Only views decorated with ``public_cache`` use it: the public JSON,
CSV and Open311 answers, which show nothing per user (the HTML pages carry the
language form's CSRF token, so they are not decorated); errors and writes are never
cached. New publications show up within
those seconds.
"""

import functools

from django.conf import settings
from django.views.decorators.cache import cache_page
from django.views.decorators.csrf import csrf_protect


def public_cache(view):
    """Cache ``view``'s successful GET answers for ``PAHT_PUBLIC_CACHE_SECONDS``."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.PAHT_PUBLIC_CACHE_SECONDS
        if seconds <= 0 or request.method not in {"GET", "HEAD"}:
            return view(request, *args, **kwargs)
        # csrf_protect inside: a page that renders a CSRF token sets its cookie (and
        # Vary: Cookie) before cache_page looks, so it is never cached for a cookie-less
        # request; without it one visitor's token would be served to everyone.
        cached = cache_page(seconds, key_prefix="paht-public")(csrf_protect(view))
        return cached(request, *args, **kwargs)

    return wrapper
