"""The triage assistant as the console and the API use it: suggestions, duplicates, route."""

from datetime import timedelta

from django.utils import timezone

from paht.reports.services import report_transition
from paht.triage.models import Assessment
from paht.triage.services import duplicate_candidates, suggest, triage_panel
from tests.factories import AN_XUYEN_POINT, submit

POTHOLE = "Ổ gà rất sâu trước nhà số 45 đường Phan Ngọc Hiển, xe máy té liên tục mấy hôm nay."
POTHOLE_AGAIN = "duong phan ngoc hien truoc so nha 45 co o ga lon, nhieu nguoi bi te xe may"
KARAOKE = "Quán karaoke trong hẻm 12 hát đến 1 giờ sáng mỗi đêm, cả xóm không ngủ được."


def _offset(point, north_m=0.0, east_m=0.0):
    return point[0] + north_m / 111_000.0, point[1] + east_m / 110_000.0


def test_suggest_resolves_fields_and_out_of_scope_reason(db):
    light = suggest("đèn đường hẻm 5 tắt 3 đêm rồi, tối thui")
    assert light.in_scope and light.field.code == "dien_chieu_sang"
    assert len(light.top) == 3 and light.top[0].score >= light.top[1].score
    land = suggest("Hồ sơ xin cấp sổ đỏ nộp ở một cửa 4 tháng chưa có kết quả")
    assert not land.in_scope and land.reason.code == "thu_tuc_hanh_chinh"
    assert land.reason.local_guidance  # what the citizen reads instead


def test_a_new_report_is_assessed_after_its_transaction(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = submit(world, description=KARAOKE, field="khac").report
    assessment = Assessment.objects.get(report=report)
    assert assessment.in_scope and assessment.fields[0][0] == "an_ninh_trat_tu"
    assert len(bytes(assessment.vector)) == 384 * 2  # float16 embedding


def _at(point):
    return {"lat": point[0], "lng": point[1]}


def test_duplicates_rank_the_same_incident_first_and_skip_far_closed_and_old(world):
    here = AN_XUYEN_POINT
    same = submit(world, description=POTHOLE, **_at(here)).report
    karaoke = submit(
        world, description=KARAOKE, field="an_ninh_trat_tu", **_at(_offset(here, 60))
    ).report
    far = submit(world, description=POTHOLE, **_at(_offset(here, 900))).report
    old = submit(
        world, description=POTHOLE, at=timezone.now() - timedelta(days=45), **_at(here)
    ).report
    returned = submit(world, description=POTHOLE, **_at(here)).report
    report_transition(
        report=returned,
        action="return",
        actor=world.actor("coordinator"),
        reason="thu_tuc_hanh_chinh",
        note="Không thuộc phạm vi.",
    )
    new = submit(world, description=POTHOLE_AGAIN, **_at(_offset(here, 25, 10))).report

    found = duplicate_candidates(new)
    codes = [c.report.code for c in found]
    assert codes[0] == same.code
    assert karaoke.code in codes
    assert far.code not in codes and old.code not in codes and returned.code not in codes
    first = found[0]
    assert first.likely and 0 <= first.score <= 1 and first.distance_m < 150
    noise = next(c for c in found if c.report == karaoke)
    assert not noise.likely and noise.score < first.score
    # Only earlier reports: the first one sees no duplicate in the later one.
    assert new.code not in [c.report.code for c in duplicate_candidates(same)]


def test_panel_carries_suggestion_route_and_commune(world):
    report = submit(world, description=KARAOKE, field="khac", commune_code=None).report
    panel = triage_panel(report)
    assert panel.suggestion.field.code == "an_ninh_trat_tu"
    assert panel.route is not None and panel.route.lead_unit is not None
