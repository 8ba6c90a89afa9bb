"""Concurrent workflow actions on one report, over real separate database connections."""

import threading

import pytest
from django.db import connections

from paht.core.errors import DomainError
from paht.reports.models import Report, ReportEvent, State
from paht.reports.services import report_transition
from paht.reports.workflow import Action
from tests.factories import make_world, report_in_state, submit

pytestmark = pytest.mark.django_db(transaction=True)


def _race(calls):
    """Run the calls at the same instant, each in its own thread and connection."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            outcomes[i] = ("ok", call())
        except DomainError as exc:
            outcomes[i] = ("refused", exc)
        except Exception as exc:
            outcomes[i] = ("error", exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes


def test_two_handlers_accepting_at_once_exactly_one_succeeds():
    world = make_world()
    for _ in range(5):
        report, _ = report_in_state(world, State.ASSIGNED)
        outcomes = _race(
            [
                lambda r=report, name=name: report_transition(
                    report=r, action=Action.ACCEPT, actor=world.actor(name)
                )
                for name in ("handler", "handler2")
            ]
        )
        kinds = sorted(kind for kind, _ in outcomes)
        assert kinds == ["ok", "refused"], outcomes
        report.refresh_from_db()
        assert report.state == State.IN_PROGRESS
        assert ReportEvent.objects.filter(report=report, action=Action.ACCEPT).count() == 1


def test_concurrent_updates_are_all_recorded():
    world = make_world()
    report, _ = report_in_state(world, State.IN_PROGRESS)
    n = 8
    outcomes = _race(
        [
            lambda i=i: report_transition(
                report=report,
                action=Action.UPDATE,
                actor=world.actor("handler"),
                note=f"Cập nhật số {i}",
            )
            for i in range(n)
        ]
    )
    assert all(kind == "ok" for kind, _ in outcomes), outcomes
    report = Report.objects.get(pk=report.pk)
    assert ReportEvent.objects.filter(report=report, action=Action.UPDATE).count() == n
    # Every update bumped the version once: none overwrote another.
    assert report.version == 2 + n


def test_reports_sent_at_once_get_consecutive_codes():
    world = make_world()
    first = submit(world).report.code
    outcomes = _race([lambda: submit(world).report.code for _ in range(6)])
    assert [kind for kind, _ in outcomes] == ["ok"] * 6, outcomes
    numbers = sorted(int(code.rsplit("-", 1)[1]) for _, code in outcomes)
    start = int(first.rsplit("-", 1)[1])
    assert numbers == list(range(start + 1, start + 7))
