"""Domain errors as JSON, in one shape for every JSON endpoint (the API reuses it)."""

from django.http import JsonResponse

from .errors import DomainError


def error_json(code: str, message, status: int, fields: dict | None = None) -> JsonResponse:
    body = {"error": {"code": code, "message": str(message), "fields": _plain(fields or {})}}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def domain_error_json(exc: DomainError) -> JsonResponse:
    return error_json(exc.code, exc.message, exc.status, exc.fields)


def _plain(fields: dict) -> dict:
    return {
        str(k): [str(m) for m in v] if isinstance(v, (list, tuple)) else str(v)
        for k, v in fields.items()
    }
