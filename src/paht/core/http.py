"""Domain errors as JSON, in one shape for every JSON endpoint (the API reuses it)."""

from django.http import JsonResponse

from .errors import DomainError


def error_json(code: str, message, status: int, fields: dict | None = None) -> JsonResponse:
    body = {"error": {"code": code, "message": str(message), "fields": _plain(fields or {})}}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def domain_error_json(exc: DomainError) -> JsonResponse:
    response = error_json(exc.code, exc.message, exc.status, exc.fields)
    if getattr(exc, "retry_after", None):
        response["Retry-After"] = str(exc.retry_after)
    return response


def _plain(fields: dict) -> dict:
    return {
        str(k): [str(m) for m in v] if isinstance(v, (list, tuple)) else str(v)
        for k, v in fields.items()
    }


def csrf_failure(request, reason=""):
    """JSON endpoints answer a missing or stale CSRF token in JSON, like every other error."""
    from django.utils.translation import gettext as _
    from django.views.csrf import csrf_failure as html_failure

    wants_json = "application/json" in request.headers.get("Accept", "")
    if wants_json or request.path.startswith("/media/"):
        return error_json(
            "csrf_failed", _("Phiên làm việc đã hết hạn, vui lòng tải lại trang rồi thử lại."), 403
        )
    return html_failure(request, reason=reason)


def client_ip(request) -> str:
    """The caller's address for rate limits. ``paht serve`` runs uvicorn with proxy
    headers from trusted proxies (FORWARDED_ALLOW_IPS), so REMOTE_ADDR is the client's
    address behind nginx too; a header a client forges itself is not trusted. An IPv6
    client usually holds a whole /64, so limits count the /64, not the address."""
    import ipaddress

    raw = request.META.get("REMOTE_ADDR") or "unknown"
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw
    if address.version == 4:
        return str(address)
    if address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    return str(ipaddress.ip_network(f"{address}/64", strict=False))


def _machine(request) -> bool:
    from .middleware import MACHINE_PATHS

    return request.path.startswith(MACHINE_PATHS) and not request.path.startswith("/open311/")


def not_found(request, exception=None):
    """404 for the whole site: the error shape on the API, Django's page elsewhere."""
    from django.utils.translation import gettext as _
    from django.views.defaults import page_not_found

    if _machine(request):
        return error_json("not_found", _("Không tìm thấy."), 404)
    return page_not_found(request, exception)


def server_error(request):
    from django.utils.translation import gettext as _
    from django.views.defaults import server_error as page

    if _machine(request):
        return error_json("server_error", _("Lỗi máy chủ. Vui lòng thử lại sau."), 500)
    return page(request)
