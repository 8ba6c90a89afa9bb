"""Reads anyone may make: the deployment's fields and communes (more in later modules)."""

from django.conf import settings
from ninja import Router

from paht.geo.models import Commune
from paht.reports.models import Field, ReturnReason

from .schemas import CommuneOut, FieldsOut

router = Router(tags=["public"])


@router.get("/fields", response=FieldsOut, summary="Fields (categories) and what is out of scope")
def fields(request):
    return {
        "fields": [
            {"code": f.code, "name": f.local_name, "description": f.local_description}
            for f in Field.objects.filter(is_active=True)
        ],
        "out_of_scope": [
            {"code": r.code, "name": r.local_name, "guidance": r.local_guidance}
            for r in ReturnReason.objects.filter(out_of_scope=True, is_active=True)
        ],
    }


@router.get("/communes", response=list[CommuneOut], summary="Communes of the deployment")
def communes(request):
    return list(
        Commune.objects.filter(province_id=settings.PAHT_PROVINCE_CODE)
        .order_by("name")
        .values("code", "name", "kind", "lat", "lng")
    )
