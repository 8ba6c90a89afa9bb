"""The triage assistant as the console and the API use it: suggestions, duplicates, route."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from paht.reports.services import report_transition
from paht.triage import embed
from paht.triage.models import Assessment
from paht.triage.selectors import neighbours
from paht.triage.services import assess, duplicate_candidates, suggest, triage_panel
from paht.triage.text import normalize
from tests.factories import AN_XUYEN, AN_XUYEN_POINT, submit

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


def test_duplicates_rank_the_same_incident_first_and_skip_far_closed_and_old(
    world, django_capture_on_commit_callbacks
):
    here = AN_XUYEN_POINT
    # Sent earlier: each assessed by the worker after its transaction, as in production.
    with django_capture_on_commit_callbacks(execute=True):
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

    found = duplicate_candidates(new)  # ``new`` itself is not assessed yet: read here
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


def _assess_tasks(report):
    return DBTaskResult.objects.filter(
        task_path="paht.triage.tasks.assess_report", args_kwargs__args=[report.pk]
    )


@pytest.fixture
def embedded(monkeypatch):
    """Every text the embedding engine reads (the real engine still runs)."""
    texts = []
    real = embed.embed

    def counting(batch):
        texts.extend(batch)
        return real(batch)

    monkeypatch.setattr(embed, "embed", counting)
    return texts


def test_a_neighbour_not_assessed_is_queued_once_not_read_in_the_request(world, settings, embedded):
    here = AN_XUYEN_POINT
    same = submit(world, description=POTHOLE, **_at(here)).report
    assess([same])  # the worker has read it
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # queue only
    # Sent a minute ago, its task lost (its transaction's callbacks never ran here).
    fresh = submit(world, description=POTHOLE, **_at(_offset(here, 40))).report
    new = submit(world, description=POTHOLE_AGAIN, **_at(_offset(here, 25, 10))).report
    embedded.clear()

    panel = triage_panel(new)
    assert [c.report for c in panel.duplicates] == [same]
    assert [n.report for n in panel.nearby] == [fresh]  # listed, without a score
    assert panel.nearby[0].distance_m < 50
    # Only the report itself was read by the model; the neighbour waits for the worker.
    assert embedded == [normalize(new.description)]
    assert Assessment.objects.filter(report=new).exists()
    assert not Assessment.objects.filter(report=fresh).exists()
    assert _assess_tasks(fresh).count() == 1
    assert _assess_tasks(fresh).get().status == TaskResultStatus.READY

    # Reloading the page queues nothing more while the task waits.
    triage_panel(new)
    assert [c.report for c in duplicate_candidates(new)] == [same]
    assert _assess_tasks(fresh).count() == 1
    assert embedded == [normalize(new.description)]

    # The worker reads it; from then on it is scored like any other neighbour.
    queued = _assess_tasks(fresh).get()
    assert queued.task.call(*queued.task_result.args) == "assessed"  # as `paht worker` does
    panel = triage_panel(new)
    assert {c.report for c in panel.duplicates} == {same, fresh} and panel.nearby == []
    assert all(c.likely for c in panel.duplicates)


def test_a_task_queued_after_submit_is_not_queued_again(
    world, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    here = AN_XUYEN_POINT
    with django_capture_on_commit_callbacks(execute=True):
        fresh = submit(world, description=POTHOLE, **_at(here)).report
    assert _assess_tasks(fresh).count() == 1  # by the signal, waiting for the worker
    new = submit(world, description=POTHOLE_AGAIN, **_at(_offset(here, 20))).report
    panel = triage_panel(new)
    assert [n.report for n in panel.nearby] == [fresh] and panel.duplicates == []
    assert _assess_tasks(fresh).count() == 1


def test_neighbours_are_near_earlier_and_open_nearest_first(world):
    here = AN_XUYEN_POINT
    at_140 = submit(world, **_at(_offset(here, 140))).report
    at_400 = submit(world, **_at(_offset(here, 400))).report
    corner = submit(world, **_at(_offset(here, 120, 120))).report  # in the box, 170 m away
    at_30 = submit(world, **_at(_offset(here, 0, 30))).report
    no_point = submit(world, lat=None, lng=None, commune_code=AN_XUYEN).report
    new = submit(world, **_at(here)).report
    submit(world, **_at(here))  # later than ``new``: not its neighbour

    found = neighbours(new)
    assert [n.report for n in found] == [at_30, at_140]
    assert 25 < found[0].distance_m < 35 and 135 < found[1].distance_m < 145
    assert [n.report for n in neighbours(new, radius_m=500)] == [at_30, at_140, corner, at_400]
    # Without a point: the same commune's earlier reports, latest first, no distance.
    by_commune = neighbours(no_point)
    same_commune = [r for r in (at_30, corner, at_400, at_140) if r.commune_id == AN_XUYEN]
    assert at_140 in same_commune
    assert [n.report for n in by_commune] == same_commune
    assert {n.distance_m for n in by_commune} == {None}
