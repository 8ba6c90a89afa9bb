"""Commune polygons a province provides: imported, then point-in-polygon beats centroids."""

import json

import pytest
from django.core.management import CommandError, call_command

from paht.core.errors import ValidationError
from paht.geo.boundaries import boundaries_import, forget_cache
from paht.geo.models import Commune
from paht.geo.services import commune_for_point


@pytest.fixture(autouse=True)
def _fresh_polygons():
    forget_cache()
    yield
    forget_cache()


def _square(lat, lng, half=0.01):
    return {
        "type": "Polygon",
        "coordinates": [
            [
                [lng - half, lat - half],
                [lng + half, lat - half],
                [lng + half, lat + half],
                [lng - half, lat + half],
                [lng - half, lat - half],
            ]
        ],
    }


def _collection(*features):
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


def _feature(geometry, **props):
    return {"type": "Feature", "properties": props, "geometry": geometry}


def test_polygon_wins_over_the_nearest_centroid(db):
    bac_lieu = Commune.objects.get(province_id="96", name="Phường Bạc Liêu")
    dat_mui = Commune.objects.get(province_id="96", name="Xã Đất Mũi")
    point = (bac_lieu.lat + 0.001, bac_lieu.lng + 0.001)
    assert commune_for_point(lat=point[0], lng=point[1]) == bac_lieu
    # A province's polygons say this point lies in Đất Mũi (an odd map, but it is theirs).
    result = boundaries_import(
        _collection(_feature(_square(*point), ma_xa=dat_mui.code)), province_code="96"
    )
    assert result.imported == 1 and result.unmatched == []
    forget_cache()
    assert commune_for_point(lat=point[0], lng=point[1]) == dat_mui
    # Outside every polygon the nearest centroid still answers.
    assert commune_for_point(lat=dat_mui.lat, lng=dat_mui.lng) == dat_mui


def test_features_are_matched_by_name_without_diacritics(db):
    bac_lieu = Commune.objects.get(province_id="96", name="Phường Bạc Liêu")
    result = boundaries_import(
        _collection(
            _feature(_square(bac_lieu.lat, bac_lieu.lng), name="phuong bac lieu"),
            _feature(_square(1.0, 1.0), name="Nowhere"),
        ),
        province_code="96",
    )
    assert result.imported == 1
    assert result.unmatched == ["2: Nowhere"]
    bac_lieu.refresh_from_db()
    assert bac_lieu.boundary["type"] == "Polygon"


@pytest.mark.parametrize(
    "payload",
    [
        "not json",
        json.dumps({"type": "Feature"}),
        json.dumps({"type": "FeatureCollection", "features": []}),
        _collection(_feature({"type": "Point", "coordinates": [105.1, 9.1]}, ma_xa="1")),
        _collection(_feature({"type": "Polygon", "coordinates": "x"}, ma_xa="1")),
    ],
)
def test_bad_files_are_refused_and_change_nothing(db, payload):
    with pytest.raises(ValidationError):
        boundaries_import(payload, province_code="96")
    assert not Commune.objects.filter(boundary__isnull=False).exists()


def test_one_bad_feature_stores_nothing(db):
    bac_lieu = Commune.objects.get(province_id="96", name="Phường Bạc Liêu")
    payload = _collection(
        _feature(_square(bac_lieu.lat, bac_lieu.lng), ma_xa=bac_lieu.code),
        _feature({"type": "LineString", "coordinates": [[0, 0], [1, 1]]}, ma_xa=bac_lieu.code),
    )
    with pytest.raises(ValidationError):
        boundaries_import(payload, province_code="96")
    assert not Commune.objects.filter(boundary__isnull=False).exists()


def test_import_boundaries_command(db, tmp_path, capsys):
    bac_lieu = Commune.objects.get(province_id="96", name="Phường Bạc Liêu")
    path = tmp_path / "communes.geojson"
    path.write_text(
        _collection(_feature(_square(bac_lieu.lat, bac_lieu.lng), wardCode=bac_lieu.code))
    )
    call_command("import_boundaries", str(path))
    assert "1 communes now have a boundary" in capsys.readouterr().out
    with pytest.raises(CommandError, match="cannot read"):
        call_command("import_boundaries", str(tmp_path / "missing.geojson"))
