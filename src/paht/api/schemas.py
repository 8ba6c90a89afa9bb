"""Request and response shapes shared by the routers."""

from ninja import Schema


class ErrorBody(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] | dict[str, str] | dict = {}


class Error(Schema):
    error: ErrorBody


class FieldOut(Schema):
    code: str
    name: str
    description: str


class ReturnReasonOut(Schema):
    code: str
    name: str
    guidance: str


class FieldsOut(Schema):
    fields: list[FieldOut]
    out_of_scope: list[ReturnReasonOut]


class CommuneOut(Schema):
    code: str
    name: str
    kind: str
    lat: float | None
    lng: float | None
