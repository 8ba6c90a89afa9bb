"""The coordinator's "same place" list: one search of the report's neighbours, scored
as duplicates when the worker has read them, listed unscored (and queued) otherwise."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from paht.reports.models import State
from paht.triage.models import Assessment
from paht.triage.services import assess
from tests.console.helpers import client_for
from tests.factories import AN_XUYEN_POINT, report_in_state, submit

pytestmark = pytest.mark.django_db

ASSESS = "paht.triage.tasks.assess_report"


def _north(metres: float) -> dict:
    return {"lat": AN_XUYEN_POINT[0] + metres / 111_000.0, "lng": AN_XUYEN_POINT[1]}


def _cards(html: str) -> dict[str, str]:
    """The merge rows of the page, by the code they would merge into."""
    rows = html.split('<li class="card">')[1:]
    return {re.search(r'name="into" value="([^"]+)"', r).group(1): r for r in rows}


def _queue_only(settings):
    # The worker is elsewhere: a queued task stays in the database until it runs.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _worker_took_the_queue():
    # Each submission queues its own reading with its transaction. Drop those, as if the
    # worker had taken them and lost them: what is queued next is the page's doing.
    DBTaskResult.objects.all().delete()


def test_the_list_and_the_duplicates_come_from_the_same_search(world, settings):
    read = submit(world, **_north(140)).report
    read_far = submit(world, **_north(400)).report
    assess([read, read_far])  # the worker read these two
    _queue_only(settings)
    unread = submit(world, **_north(-140)).report
    unread_far = submit(world, **_north(-400)).report
    report = submit(world).report

    client = client_for(world, "coordinator")
    _worker_took_the_queue()
    html = client.get(f"/can-bo/phan-anh/{report.code}/").content.decode()
    cards = _cards(html)
    assert set(cards) == {read.code, unread.code}  # 140 m: listed; 400 m: not
    assert "Có thể trùng" in html
    assert "khả năng trùng" in cards[read.code]  # scored from its kept assessment
    assert "khả năng trùng" not in cards[unread.code]  # listed without a score
    assert "cách 140 m" in cards[read.code] and "cách 140 m" in cards[unread.code]
    # The unscored neighbour is queued for the worker, not read in the request.
    assert not Assessment.objects.filter(report=unread).exists()
    queued = DBTaskResult.objects.filter(task_path=ASSESS)
    assert [t.args_kwargs["args"] for t in queued] == [[unread.pk]]
    assert unread_far.pk not in {t.args_kwargs["args"][0] for t in queued}


def test_with_no_neighbour_read_yet_the_list_is_the_nearby_one(world, settings):
    _queue_only(settings)
    earlier = submit(world, **_north(60)).report
    report = submit(world).report
    client = client_for(world, "coordinator")
    html = client.get(f"/can-bo/phan-anh/{report.code}/").content.decode()
    assert "Phản ánh gần đây cùng địa điểm" in html and "Có thể trùng" not in html
    assert list(_cards(html)) == [earlier.code]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("read", [True, False], ids=["assessed", "queued"])
def test_report_page_queries_do_not_grow_with_neighbours(world, settings, read):
    _queue_only(settings)
    before = timezone.now() - timedelta(hours=1)
    first = [submit(world, at=before, **_north(10 * i)).report for i in range(1, 3)]
    report = submit(world).report
    assess([report, *first] if read else [report])
    client = client_for(world, "coordinator")
    url = f"/can-bo/phan-anh/{report.code}/"
    _worker_took_the_queue()
    client.get(url)  # warm up per-process caches; queues the unread neighbours
    small = _queries(client, url)
    assert len(_cards(client.get(url).content.decode())) == 2

    more = [submit(world, at=before, **_north(10 * i)).report for i in range(3, 11)]
    if read:
        assess(more)
    _worker_took_the_queue()
    client.get(url)  # the unread ones are queued once, by this view
    assert _queries(client, url) == small
    cards = _cards(client.get(url).content.decode())
    assert len(cards) == 10
    scored = [code for code, card in cards.items() if "khả năng trùng" in card]
    assert len(scored) == (10 if read else 0)
    queued = DBTaskResult.objects.filter(task_path=ASSESS)
    assert queued.count() == (0 if read else 10)  # each once, however many views


def test_every_report_it_could_be_merged_into_is_offered_and_merging_works(world):
    # Resolved last week: the citizen may be reporting what was already fixed.
    week_ago = timezone.now() - timedelta(days=7)
    fixed, _ = report_in_state(world, State.PUBLISHED, at=week_ago, **_north(40))
    handled, _ = report_in_state(world, State.IN_PROGRESS, at=week_ago, **_north(60))
    returned, _ = report_in_state(world, State.RETURNED, at=week_ago, **_north(20))
    report = submit(world).report
    later = submit(world, **_north(30)).report
    client = client_for(world, "coordinator")
    cards = _cards(client.get(f"/can-bo/phan-anh/{report.code}/").content.decode())
    assert list(cards) == [fixed.code, handled.code]  # nearest first
    assert "Đã có kết quả" in cards[fixed.code]  # its state shows
    # A problem that came back is new work: merging it would leave nobody handling it.
    warning = "Nếu sự việc tái diễn, hãy chuyển phản ánh đang xem cho đơn vị xử lý thay vì gộp"
    assert warning in cards[fixed.code] and warning not in cards[handled.code]
    assert returned.code not in cards and later.code not in cards
    # The button does what it offers: merged into the resolved report.
    form = re.search(r'name="once" value="([^"]+)"', cards[fixed.code]).group(1)
    response = client.post(
        f"/can-bo/phan-anh/{report.code}/thao-tac/merge/",
        {"version": report.version, "once": form, "into": fixed.code},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    report.refresh_from_db()
    assert (report.state, report.merged_into_id) == (State.MERGED, fixed.pk)


def test_a_result_waiting_for_approval_warns_like_a_published_one(world):
    week_ago = timezone.now() - timedelta(days=7)
    waiting, _ = report_in_state(world, State.PENDING_APPROVAL, at=week_ago, **_north(40))
    report = submit(world).report
    client = client_for(world, "coordinator")
    cards = _cards(client.get(f"/can-bo/phan-anh/{report.code}/").content.decode())
    assert "Nếu sự việc tái diễn" in cards[waiting.code]


def test_a_reopened_first_round_is_not_a_merge_target(world):
    week_ago = timezone.now() - timedelta(days=7)
    reopened, _ = report_in_state(world, State.REOPENED, at=week_ago, **_north(40))
    report = submit(world).report
    client = client_for(world, "coordinator")
    cards = _cards(client.get(f"/can-bo/phan-anh/{report.code}/").content.decode())
    assert reopened.code not in cards  # its work goes on in its round 2
    response = client.post(
        f"/can-bo/phan-anh/{report.code}/thao-tac/merge/",
        {"version": report.version, "once": "m-reopened", "into": reopened.code},
    )
    assert "hãy gộp vào phản ánh lần 2" in response.content.decode()
    report.refresh_from_db()
    assert report.state == State.SUBMITTED
