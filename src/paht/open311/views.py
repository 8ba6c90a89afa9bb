"""The GeoReport v2 endpoints: parse, call one service or selector, render.

Every endpoint goes through ``endpoint``: the format suffix (``.xml`` or ``.json``,
anything else is a 404), the allowed methods, the language (Open311 is a machine API, so
unlike the pages it follows ``Accept-Language``: English when the client prefers it,
Vietnamese otherwise), the jurisdiction, an ``api_key`` given to a GET (optional there,
checked when present) and the mapping of every refusal to the Open311 error format. These
are API endpoints authenticated by ``api_key``, never by cookies, so CSRF does not apply.
"""

import contextlib
import functools
import secrets

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.csrf import csrf_exempt

from paht.citizens.services import citizen_report_submit
from paht.clients.models import ApiKey
from paht.clients.services import InvalidApiKey, apikey_check
from paht.core.errors import DomainError
from paht.core.public_cache import public_cache
from paht.core.replica import on_replica
from paht.reports.models import Channel

from . import documents, params, selectors
from .errors import Open311Error
from .render import FORMATS, document

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _language(request: HttpRequest) -> str:
    supported = {code for code, _name in settings.LANGUAGES}
    for tag, _q in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        base = tag.split("-")[0].lower()
        if base in supported:
            return base
    return settings.LANGUAGE_CODE


def endpoint(*methods: str):
    allowed = set(methods) | ({"HEAD"} if "GET" in methods else set())

    def decorate(view):
        @csrf_exempt
        @functools.wraps(view)
        def run(request: HttpRequest, fmt: str, **kwargs) -> HttpResponse:
            language = _language(request)
            with translation.override(language):
                response = _run(view, allowed, request, fmt, kwargs)
            response["Content-Language"] = language
            patch_vary_headers(response, ["Accept-Language"])
            return response

        return run

    return decorate


def _run(view, allowed: set[str], request: HttpRequest, fmt: str, kwargs) -> HttpResponse:
    if fmt not in FORMATS:
        # The client named no format we speak, so it gets the mandatory one.
        unknown = Open311Error(404, _("Định dạng không được hỗ trợ: dùng .xml hoặc .json."))
        return unknown.response("xml")
    try:
        if request.method not in allowed:
            response = Open311Error(405, _("Phương thức không được hỗ trợ.")).response(fmt)
            response["Allow"] = ", ".join(sorted(allowed))
            return response
        # No body at all is fine (everything in the query string); JSON or XML is not.
        if request.method == "POST" and request.content_type not in ("", *FORM_TYPES):
            raise Open311Error(
                400,
                _(
                    "Nội dung POST phải ở dạng application/x-www-form-urlencoded hoặc "
                    "multipart/form-data."
                ),
            )
        given = params.Params(request)
        params.check_jurisdiction(given)
        if request.method != "POST" and given.get("api_key"):
            _api_key(given)
        return view(request, fmt, given, **kwargs)
    except Open311Error as exc:
        return exc.response(fmt)
    except DomainError as exc:
        return Open311Error.from_domain(exc).response(fmt)
    except (SuspiciousOperation, MultiPartParserError):
        # An unreadable or oversized body, too many fields: the client's fault, not a 500.
        return Open311Error(400, _("Không đọc được nội dung yêu cầu.")).response(fmt)


def _api_key(given: params.Params) -> ApiKey:
    try:
        return apikey_check(given.get("api_key"))
    except InvalidApiKey:
        raise Open311Error(
            403, _("api_key không hợp lệ hoặc bị thiếu. Đề nghị quản trị viên hệ thống cấp khóa.")
        ) from None


@endpoint("GET")
def discovery(request, fmt, given):
    url = request.build_absolute_uri(reverse("open311:root"))
    return document(fmt, "discovery", documents.discovery(url))


@public_cache
@endpoint("GET")
def services(request, fmt, given):
    return document(fmt, "services", [documents.service(f) for f in selectors.open311_services()])


@endpoint("GET")
def service_definition(request, fmt, given, code):
    field = selectors.open311_service(code) if params.TOKEN.match(code) else None
    if field is None:
        raise Open311Error(404, _("Không có dịch vụ (service_code) này."))
    return document(fmt, "service_definition", documents.definition(field))


def _by_id(request) -> bool:
    return "service_request_id" in request.GET


@public_cache(bypass=_by_id)  # GET only; outside endpoint() for the language
@endpoint("GET", "POST")
def service_requests(request, fmt, given):
    if request.method == "POST":
        return _create(request, fmt, given)
    query = params.search(given, now=timezone.now())
    # Lookups by id read the primary (a client's own new request); searches the replica.
    with contextlib.nullcontext() if query.codes is not None else on_replica():
        reports = selectors.requests_search(
            codes=query.codes,
            service_codes=query.service_codes,
            start=query.start,
            end=query.end,
            statuses=query.statuses,
            offset=query.offset,
            limit=query.limit,
        )
        return _requests_document(request, fmt, reports)


def _create(request, fmt, given):
    """POST requests: realtime, so the answer carries the service_request_id itself.

    Without an ``Idempotency-Key`` header each POST is a new request; with one, a retry
    gets the first answer back and creates nothing. Keys are scoped per API key, so two
    applications cannot collide on the same key.
    """
    key = _api_key(given)
    fields = params.submission(given)
    submitted = citizen_report_submit(
        idempotency_key=request.headers.get("Idempotency-Key") or secrets.token_urlsafe(24),
        scope=f"open311:{key.pk}",
        channel=Channel.OPEN311,
        # A registered application posts for many citizens from one server: its key has
        # its own hourly limit, and the per-phone limit still applies.
        ip="",
        attachments=[],
        **fields,
    )
    return document(fmt, "service_requests", [documents.created(submitted.report)], status=201)


# One request by its id: a client reads back what it has just created, so from the
# primary and never from a cache.
@endpoint("GET")
def service_request(request, fmt, given, request_id):
    report = selectors.open311_request(request_id) if params.TOKEN.match(request_id) else None
    if report is None:
        raise Open311Error(404, _("Không có yêu cầu (service_request_id) này."))
    return _requests_document(request, fmt, [report])


@endpoint("GET")
def token(request, fmt, given, token):
    """We answer POSTs in real time, so a token is never issued; a client that asks anyway
    with the service_request_id it got is told the same id."""
    report = selectors.open311_request(token) if params.TOKEN.match(token) else None
    if report is None:
        raise Open311Error(404, _("Không có token này."))
    return document(fmt, "service_requests", [documents.token(report, token)])


def _requests_document(request, fmt, reports):
    photos = selectors.public_photo_urls([r.pk for r in reports if r.is_published])
    data = documents.requests(reports, photos, request.build_absolute_uri)
    return document(fmt, "service_requests", data)


@csrf_exempt
def not_found(request, path=""):
    """Anything else under /open311/v2/ is an Open311 404, in JSON if the path asks for it."""
    fmt = "json" if path.endswith(".json") else "xml"
    language = _language(request)
    with translation.override(language):
        response = Open311Error(404, _("Không tìm thấy tài nguyên Open311 này.")).response(fmt)
    response["Content-Language"] = language
    patch_vary_headers(response, ["Accept-Language"])
    return response
