from paht.geo.models import Commune, Province
from paht.geo.services import commune_for_point, units_import


def test_all_units_of_the_2025_reform_load_idempotently(db):
    assert units_import() == (34, 3321)
    assert units_import() == (34, 3321)
    assert Province.objects.count() == 34
    assert Commune.objects.count() == 3321
    kinds = set(Commune.objects.values_list("kind", flat=True))
    assert kinds == {"xa", "phuong", "dac_khu"}
    assert Commune.objects.filter(kind="dac_khu", name="Đặc khu Phú Quốc").exists()


def test_ca_mau_has_64_communes_including_former_bac_lieu(db):
    ca_mau = Province.objects.get(code="96")
    assert ca_mau.name == "Tỉnh Cà Mau"
    communes = Commune.objects.filter(province=ca_mau)
    assert communes.count() == 64
    assert communes.filter(name="Phường Bạc Liêu", kind="phuong").exists()
    assert communes.filter(name="Xã Đất Mũi", kind="xa").exists()
    assert not communes.filter(lat__isnull=True).exists()


def test_point_to_nearest_commune(db):
    # Near the centroid of Phường Bạc Liêu, and near Xã Đất Mũi at the southern cape.
    assert commune_for_point(lat=9.2900, lng=105.7120).name == "Phường Bạc Liêu"
    assert commune_for_point(lat=8.6370, lng=104.8210).name == "Xã Đất Mũi"
