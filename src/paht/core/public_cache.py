"""A few seconds of caching for anonymous public reads: lists, map points, statistics.

A news story can send thousands of people to the same map view or first page within
minutes; each process answers repeats of a URL from its cache for
``PAHT_PUBLIC_CACHE_SECONDS`` (0 turns it off) instead of asking the database again.
It is Django's own ``cache_page`` on the default cache (each process's memory), so the
answer also carries ``Cache-Control: max-age`` for nginx and browsers.

Only requests that carry nothing of a person use it: no cookie (no session, no chosen
language, no CSRF cookie) and no ``Authorization`` header. Anything else goes straight
to the view, so no answer built for someone can be stored or served to someone else.
The key is the full URL, the active language and the headers the answer varies on
(``Accept-Language`` for the APIs). Errors, writes and answers larger than
``PAHT_PUBLIC_CACHE_MAX_BYTES`` are never stored (a 1,000-item Open311 page should not
pin a megabyte per URL in every process). Only views decorated with ``public_cache``
use it: the public JSON and Open311 answers; HTML pages carry the language form's CSRF
token and are not decorated. New publications show up within those seconds.
"""

import functools

from django.conf import settings
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import cache_page
from django.views.decorators.csrf import csrf_protect


def public_cache(view=None, *, bypass=None):
    """Cache ``view``'s successful GET answers for ``PAHT_PUBLIC_CACHE_SECONDS``.

    ``bypass(request)``: true for requests that must always reach the view (and the
    database), e.g. a client reading back the request it has just created.
    """
    if view is None:
        return functools.partial(public_cache, bypass=bypass)

    def sized(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if not response.streaming and len(response.content) > settings.PAHT_PUBLIC_CACHE_MAX_BYTES:
            patch_cache_control(response, private=True)  # cache_page skips private answers
        return response

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.PAHT_PUBLIC_CACHE_SECONDS
        if (
            seconds <= 0
            or request.method not in {"GET", "HEAD"}
            or request.COOKIES
            or "Authorization" in request.headers
            or (bypass is not None and bypass(request))
        ):
            return view(request, *args, **kwargs)
        # csrf_protect inside: should a decorated page ever render a CSRF token, its
        # cookie is set before cache_page looks, and such an answer is never stored.
        cached = cache_page(seconds, key_prefix="paht-public")(csrf_protect(sized))
        return cached(request, *args, **kwargs)

    return wrapper
