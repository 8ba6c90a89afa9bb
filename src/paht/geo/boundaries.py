"""Commune boundary polygons a province provides: importing them, and point-in-polygon.

The polygons are kept as GeoJSON on ``Commune.boundary``; each process builds prepared
shapely geometries per province and rebuilds them every few minutes, so an import made by
the command reaches running servers without a restart.
"""

from __future__ import annotations

import json
import threading
import time
import unicodedata
from dataclasses import dataclass

import shapely
from django.db import DEFAULT_DB_ALIAS, transaction
from shapely.geometry import shape

from paht.core.errors import ValidationError

from .models import Commune

_lock = threading.Lock()
# province -> (built at, [(code, geometry)], [(code, lat, lng)])
_index: dict[str, tuple[float, list, list]] = {}
REFRESH_SECONDS = 300

CODE_KEYS = ("ma_xa", "maXa", "wardCode", "ward_code", "code", "ma")
NAME_KEYS = ("ten_xa", "tenXa", "ward", "name", "ten")


@dataclass(frozen=True)
class ImportResult:
    imported: int
    unmatched: list[str]


def _fold(name: str) -> str:
    text = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D")).lower()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    for prefix in ("phuong ", "xa ", "dac khu "):
        if text.startswith(prefix):
            text = text[len(prefix) :]
    return " ".join(text.split())


def _geometry(feature: dict, number: int):
    try:
        geometry = shape(feature["geometry"])
    except (KeyError, TypeError, ValueError, AttributeError, shapely.errors.ShapelyError):
        raise ValidationError(f"Feature {number}: geometry is not valid GeoJSON.") from None
    if geometry.geom_type not in {"Polygon", "MultiPolygon"}:
        raise ValidationError(f"Feature {number}: expected a Polygon or MultiPolygon.")
    if not geometry.is_valid:
        geometry = shapely.make_valid(geometry)
    return geometry


def _match(props: dict, communes: dict[str, Commune], by_name: dict[str, list[Commune]]):
    for key in CODE_KEYS:
        value = props.get(key)
        if value is not None and str(value).strip().zfill(5) in communes:
            return communes[str(value).strip().zfill(5)]
    for key in NAME_KEYS:
        value = props.get(key)
        if isinstance(value, str):
            matches = by_name.get(_fold(value), [])
            if len(matches) == 1:
                return matches[0]
    return None


@transaction.atomic
def boundaries_import(data: bytes | str, *, province_code: str) -> ImportResult:
    """Store the polygons of a GeoJSON FeatureCollection on the province's communes.

    Each feature names its commune by code (``ma_xa``, ``wardCode``, ``code``…) or by
    unambiguous name (``ten_xa``, ``name``…). Nothing is stored if any feature is invalid.
    """
    try:
        doc = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        raise ValidationError("The file is not JSON.") from None
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise ValidationError("Expected a GeoJSON FeatureCollection.")
    features = doc.get("features")
    if not isinstance(features, list) or not features:
        raise ValidationError("The FeatureCollection has no features.")
    communes = {c.code: c for c in Commune.objects.filter(province_id=province_code)}
    if not communes:
        raise ValidationError(f"Province {province_code} has no communes; run import-units.")
    by_name: dict[str, list[Commune]] = {}
    for c in communes.values():
        by_name.setdefault(_fold(c.name), []).append(c)
    updates: dict[str, dict] = {}
    unmatched = []
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict):
            raise ValidationError(f"Feature {number} is not an object.")
        geometry = _geometry(feature, number)
        props = feature.get("properties") or {}
        commune = _match(props, communes, by_name)
        if commune is None:
            label = next((str(props[k]) for k in (*CODE_KEYS, *NAME_KEYS) if k in props), "?")
            unmatched.append(f"{number}: {label}")
            continue
        updates[commune.code] = shapely.geometry.mapping(geometry)
    for code, geojson in updates.items():
        Commune.objects.filter(pk=code).update(boundary=json.loads(json.dumps(geojson)))
    transaction.on_commit(lambda: _index.pop(province_code, None))
    return ImportResult(imported=len(updates), unmatched=unmatched)


def _polygons(province_code: str) -> list:
    return _shapes(province_code)[0]


def centroids(province_code: str) -> list[tuple[str, float, float]]:
    """(code, lat, lng) of the province's communes with a centroid, kept like the polygons."""
    return _shapes(province_code)[1]


def _shapes(province_code: str) -> tuple[list, list]:
    with _lock:
        cached = _index.get(province_code)
        if cached is not None and time.monotonic() - cached[0] < REFRESH_SECONDS:
            return cached[1], cached[2]
        points = list(
            Commune.objects.using(DEFAULT_DB_ALIAS)
            .filter(province_id=province_code, lat__isnull=False, lng__isnull=False)
            .order_by("code")
            .values_list("code", "lat", "lng")
        )
        polygons = []
        rows = Commune.objects.using(DEFAULT_DB_ALIAS).filter(
            province_id=province_code, boundary__isnull=False
        )
        for code, boundary in rows.values_list("code", "boundary"):
            try:
                geometry = shape(boundary)
            except (TypeError, ValueError, AttributeError, shapely.errors.ShapelyError):
                continue
            shapely.prepare(geometry)
            polygons.append((code, geometry))
        _index[province_code] = (time.monotonic(), polygons, points)
        return polygons, points


def commune_containing(province_code: str, *, lat: float, lng: float) -> str | None:
    """The code of the imported commune polygon containing the point, if any."""
    point = shapely.Point(lng, lat)  # GeoJSON order: longitude, latitude
    for code, geometry in _polygons(province_code):
        if geometry.contains(point):
            return code
    return None


def forget_cache() -> None:
    with _lock:
        _index.clear()
