"""Vietnamese first: the page language is the user's explicit choice, else Vietnamese.

Browsers in Vietnam often send ``Accept-Language: en-US`` (an English phone or a
headless kiosk), which would switch an officer's admin to English; so, unlike Django's
LocaleMiddleware, pages ignore that header and follow only the language cookie, which
the language switcher sets. Machine clients (the REST API, Open311) have no cookie and
say what they want with ``Accept-Language``, so on those paths the header decides.
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header

MACHINE_PATHS = ("/api/", "/open311/")


class LanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def _from_header(self, request) -> str:
        for tag, _q in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
            base = tag.split("-")[0].lower()
            if base in self.supported:
                return base
        return settings.LANGUAGE_CODE

    def __call__(self, request):
        machine = request.path.startswith(MACHINE_PATHS)
        if machine:
            language = self._from_header(request)
        else:
            language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
            if language not in self.supported:
                language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        if machine:
            patch_vary_headers(response, ["Accept-Language"])
        return response


# No inline script anywhere (DESIGN §2): scripts, styles and fonts come only from this
# origin. Inline style attributes stay allowed (the Django admin uses a few). Images may
# also come from the configured map tile server.
def content_security_policy() -> str:
    from urllib.parse import urlsplit

    tiles = urlsplit(settings.PAHT_MAP_TILE_URL.replace("{s}", "a"))
    tile_origin = f" {tiles.scheme}://{tiles.netloc}" if tiles.scheme and tiles.netloc else ""
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            f"img-src 'self' data: blob:{tile_origin}",
            "media-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = content_security_policy()

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response
