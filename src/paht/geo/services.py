"""Loading the administrative units and answering "which commune is this point in"."""

import copy
import math

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, transaction

from paht.core.errors import ValidationError
from paht.core.process_cache import ProcessCache

from . import boundaries
from .models import Commune, Province

_KINDS = {"Xã": Commune.Kind.XA, "Phường": Commune.Kind.PHUONG, "Đặc khu": Commune.Kind.DAC_KHU}


def _unit_rows() -> list[dict]:
    # vietnamadminunits ships the post-2025 units as an SQLite file inside the wheel (MIT).
    from vietnamadminunits.database import get_data

    return get_data(
        fields=[
            "provinceCode",
            "province",
            "provinceShort",
            "provinceLat",
            "provinceLon",
            "wardCode",
            "ward",
            "wardShort",
            "wardType",
            "wardLat",
            "wardLon",
            "wardAreaKm2",
        ]
    )


@transaction.atomic
def units_import(*, province_codes: set[str] | None = None) -> tuple[int, int]:
    """Create or update provinces and communes; return (provinces, communes) written.

    Idempotent: running it again updates names and centroids in place.
    """
    rows = _unit_rows()
    provinces: dict[str, Province] = {}
    communes: list[Commune] = []
    for row in rows:
        code = row["provinceCode"]
        if province_codes is not None and code not in province_codes:
            continue
        provinces.setdefault(
            code,
            Province(
                code=code,
                name=row["province"],
                short_name=row["provinceShort"],
                lat=row["provinceLat"],
                lng=row["provinceLon"],
            ),
        )
        communes.append(
            Commune(
                code=row["wardCode"],
                province_id=code,
                name=row["ward"],
                short_name=row["wardShort"],
                kind=_KINDS[row["wardType"]],
                lat=row["wardLat"],
                lng=row["wardLon"],
                area_km2=row["wardAreaKm2"],
            )
        )
    Province.objects.bulk_create(
        provinces.values(),
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "short_name", "lat", "lng"],
    )
    Commune.objects.bulk_create(
        communes,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["province", "name", "short_name", "kind", "lat", "lng", "area_km2"],
    )
    transaction.on_commit(boundaries.forget_cache)  # centroids may have moved
    transaction.on_commit(province_communes.forget)
    return len(provinces), len(communes)


def _deployment_communes() -> dict[str, Commune]:
    rows = Commune.objects.using(DEFAULT_DB_ALIAS).filter(province_id=settings.PAHT_PROVINCE_CODE)
    return {c.code: c for c in rows.defer("boundary")}


# The deployment province's communes by code (``core.process_cache``): every submission
# names one. Rows of other provinces are read when asked for.
province_communes = ProcessCache("communes", _deployment_communes)


def deployment_commune(code: str) -> Commune | None:
    """The deployment province's commune ``code`` (the caller's own copy), or None."""
    found = province_communes.get().get(code)
    return copy.copy(found) if found is not None else None


def deployment_province() -> Province:
    try:
        return Province.objects.get(code=settings.PAHT_PROVINCE_CODE)
    except Province.DoesNotExist:
        raise ValidationError(
            f"Province {settings.PAHT_PROVINCE_CODE} is not loaded; run `paht import-units`."
        ) from None


def distance_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    r = 6_371_000.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def commune_for_point(
    *, lat: float, lng: float, province_code: str | None = None
) -> Commune | None:
    """The commune of the deployment's province that contains the point.

    Once a province imports its boundary polygons (`paht import-boundaries`), the polygon
    that contains the point wins; a point outside every polygon (at sea, or where the
    polygons have gaps) and communes without a polygon fall back to the nearest centroid,
    and staff can correct it.
    """
    code = province_code or settings.PAHT_PROVINCE_CODE
    found = boundaries.commune_containing(code, lat=lat, lng=lng)
    if found is None:
        # The polygons and centroids are kept per process (geo.boundaries), so a
        # submission reads one commune row, not the whole province.
        best_d = math.inf
        for commune_code, c_lat, c_lng in boundaries.centroids(code):
            d = distance_m(lat, lng, c_lat, c_lng)
            if d < best_d:
                found, best_d = commune_code, d
    if found is None:
        return None
    if code == settings.PAHT_PROVINCE_CODE:
        return deployment_commune(found)
    return Commune.objects.filter(pk=found).first()
