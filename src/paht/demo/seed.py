"""The Cà Mau demo deployment: units, routing, one user per role, a year of reports.

Every report is driven through the real workflow services with historical timestamps,
so its events, deadlines and on-time figures are exactly what the live system would
have produced. Running the seed again changes nothing.
"""

import contextlib
import random
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from paht.core.errors import DomainError
from paht.geo.models import Commune
from paht.geo.services import units_import
from paht.org.models import Membership, Role, Unit
from paht.reports.defaults import load_defaults
from paht.reports.models import MERGE_TARGET_STATES, Channel, Field, Priority, Report
from paht.reports.permissions import Actor
from paht.reports.services import report_submit, report_transition
from paht.reports.workflow import Action
from paht.routing.models import RoutingRule
from paht.routing.selectors import suggested_route

from . import content as C

DEMO_PASSWORD = "paht-demo"  # noqa: S105 - documented demo logins, created only by this seed
DEMO_COMMUNE = "32002"  # Phường An Xuyên: the demo handler's and approver's unit

# Relative frequency of each field in the demo (roughly what Cà Mau receives).
FIELD_WEIGHTS = {
    "ha_tang_do_thi": 22,
    "ve_sinh_moi_truong": 18,
    "an_ninh_trat_tu": 12,
    "dien_chieu_sang": 11,
    "cap_thoat_nuoc": 10,
    "vi_pham_phap_luat": 8,
    "gop_y_hien_ke": 5,
    "y_te_suc_khoe": 4,
    "giao_duc_dao_tao": 4,
    "khac": 6,
}
CHANNEL_WEIGHTS = {Channel.WEB: 50, Channel.API: 35, Channel.HOTLINE: 10, Channel.OPEN311: 5}


def seed_demo(*, report_count: int = 300, seed: int = 96) -> list[str]:
    code = settings.PAHT_PROVINCE_CODE
    if code != "96":
        raise DomainError("The demo seed is for Cà Mau (PAHT_PROVINCE_CODE=96).")
    summary = []
    with transaction.atomic():
        if not Commune.objects.filter(province_id=code).exists():
            units_import(province_codes={code})
        load_defaults(apps)
        units = _units()
        _routing(units)
        users = _users(units)
    summary.append(
        f"Đơn vị: {Unit.objects.count()}, quy tắc phân luồng: {RoutingRule.objects.count()}"
    )
    if Report.objects.exists():
        summary.append(f"Đã có {Report.objects.count()} phản ánh: không tạo thêm.")
    else:
        with transaction.atomic():
            _Story(random.Random(seed), users).tell(report_count)
        summary.append(f"Đã tạo {Report.objects.count()} phản ánh mẫu.")
    summary += [
        "",
        f"Tài khoản demo (mật khẩu: {DEMO_PASSWORD}):",
        "  admin       — quản trị hệ thống (trang /admin/)",
        "  coordinator — điều phối viên Trung tâm IOC: phân loại, chuyển xử lý, trả lại",
        "  handler     — cán bộ xử lý UBND Phường An Xuyên",
        "  approver    — lãnh đạo UBND Phường An Xuyên: phê duyệt kết quả",
        "  supervisor  — lãnh đạo UBND tỉnh: theo dõi, chỉ đạo vụ việc",
    ]
    return summary


def _upsert_unit(code: str, **values) -> Unit:
    unit, _ = Unit.objects.update_or_create(code=code, defaults=values)
    return unit


def _units() -> dict[str, Unit]:
    units = {}
    for spec in [C.COORDINATION_UNIT, C.PROVINCE_LEADERSHIP_UNIT, *C.DEPARTMENTS]:
        values = {k: v for k, v in spec.items() if k in {"name", "short_name", "kind"}}
        units[spec["code"]] = _upsert_unit(spec["code"], **values)
    for commune in Commune.objects.filter(province_id="96"):
        units[commune.code] = _upsert_unit(
            f"ubnd_{commune.code}",
            name=f"Ủy ban nhân dân {commune.name}",
            short_name=f"UBND {commune.name}",
            kind=Unit.Kind.COMMUNE,
            commune=commune,
        )
    return units


def _routing(units: dict[str, Unit]) -> None:
    fields = {f.code: f for f in Field.objects.all()}
    for field_code, commune_code, unit_code in C.ROUTING_RULES:
        RoutingRule.objects.update_or_create(
            field=fields[field_code],
            commune_id=commune_code,
            defaults={"unit": units[unit_code], "is_active": True},
        )


def _user(username: str, *, memberships, superuser: bool = False, password: str | None = None):
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username)
    if created:
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.is_staff = user.is_superuser = superuser
        user.save()
    for unit, role in memberships:
        Membership.objects.get_or_create(user=user, unit=unit, role=role)
    return user


def _users(units: dict[str, Unit]) -> dict[str, object]:
    ioc, province, an_xuyen = units["ioc"], units["ubnd_tinh"], units[DEMO_COMMUNE]
    pw = DEMO_PASSWORD
    return {
        "admin": _user("admin", memberships=[(ioc, Role.ADMIN)], superuser=True, password=pw),
        "coordinator": _user("coordinator", memberships=[(ioc, Role.COORDINATOR)], password=pw),
        "handler": _user("handler", memberships=[(an_xuyen, Role.HANDLER)], password=pw),
        "approver": _user("approver", memberships=[(an_xuyen, Role.APPROVER)], password=pw),
        "supervisor": _user("supervisor", memberships=[(province, Role.SUPERVISOR)], password=pw),
    }


def _ascii(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


@dataclass
class _Clock:
    """Historical time for one report's story; stops at the present."""

    at: datetime
    now: datetime
    pace: float = 1.0  # some reports move slowly: that is where overdue work comes from
    stop_after: str | None = None  # leave recent work waiting at this step for the demo users

    def advance(self, rng: random.Random, lo_hours: float, hi_hours: float, paced=True) -> bool:
        hours = rng.uniform(lo_hours, hi_hours) * (self.pace if paced else 1)
        self.at += timedelta(hours=hours)
        return self.at < self.now


class _Story:
    def __init__(self, rng: random.Random, users: dict):
        self.rng = rng
        self.users = users
        self.coordinator = Actor.for_user(users["coordinator"])
        self.supervisor = Actor.for_user(users["supervisor"])
        self.communes = list(Commune.objects.filter(province_id="96"))
        self.fields = {f.code: f for f in Field.objects.all()}
        self.now = timezone.now()
        self.officers: dict[int, tuple[Actor, Actor]] = {}

    # Each unit that receives reports gets an officer and a leader (no password: they
    # exist so every event names a person, as in a real deployment).
    def _officers(self, unit: Unit) -> tuple[Actor, Actor]:
        if unit.pk not in self.officers:
            if unit.commune_id == DEMO_COMMUNE:
                handler, approver = self.users["handler"], self.users["approver"]
            else:
                handler = _user(f"xl_{unit.code}", memberships=[(unit, Role.HANDLER)])
                approver = _user(f"ld_{unit.code}", memberships=[(unit, Role.APPROVER)])
            self.officers[unit.pk] = (Actor.for_user(handler), Actor.for_user(approver))
        return self.officers[unit.pk]

    def tell(self, count: int) -> None:
        # Submissions over the last 12 months, more of them recently (the app is growing).
        starts = sorted(
            self.now - timedelta(days=365 * (self.rng.random() ** 1.6)) for _ in range(count)
        )
        for start in starts:
            self._one(start)

    def _reporter(self) -> dict:
        rng = self.rng
        name = " ".join(
            [rng.choice(C.FAMILY_NAMES), rng.choice(C.MIDDLE_NAMES), rng.choice(C.GIVEN_NAMES)]
        )
        email = ""
        if rng.random() < 0.4:
            email = f"{_ascii(name).replace(' ', '.')}{rng.randint(1, 99)}@example.com"
        phone = f"09{rng.choice('1468')}{rng.randint(0, 9_999_999):07d}"
        return {"name": name, "phone": phone, "email": email}

    def _place(self) -> tuple[Commune, float, float, str]:
        rng = self.rng
        if rng.random() < 0.3:
            commune = next(c for c in self.communes if c.code == DEMO_COMMUNE)
        else:
            known = [c for c in self.communes if c.code in C.STREETS]
            commune = rng.choice(known if rng.random() < 0.6 else self.communes)
        spread = min(0.02, ((commune.area_km2 or 20) ** 0.5) / 111 / 4)
        lat = commune.lat + rng.uniform(-spread, spread)
        lng = commune.lng + rng.uniform(-spread, spread)
        street = rng.choice(C.STREETS.get(commune.code, [f"ấp {rng.randint(1, 9)}"]))
        return commune, lat, lng, street

    def _one(self, start: datetime) -> Report | None:
        rng = self.rng
        commune, lat, lng, street = self._place()
        kind = rng.random()
        if kind < 0.10:
            reason = rng.choice(list(C.OUT_OF_SCOPE_TEMPLATES))
            tpl = rng.choice(C.OUT_OF_SCOPE_TEMPLATES[reason])
            # Citizens file these under whatever field looks closest.
            field_code = rng.choice(["khac", "khac", "gop_y_hien_ke", "vi_pham_phap_luat"])
        elif kind < 0.13:
            reason, tpl = "khong_phu_hop", rng.choice(C.SPAM_TEMPLATES)
            field_code = rng.choice(list(FIELD_WEIGHTS))
        elif kind < 0.16:
            reason, tpl = "thieu_thong_tin", rng.choice(C.VAGUE_TEMPLATES)
            field_code = "ha_tang_do_thi"
        else:
            reason = None
            field_code = rng.choices(list(FIELD_WEIGHTS), weights=FIELD_WEIGHTS.values())[0]
            tpl = rng.choice(C.REPORT_TEMPLATES[field_code])
        fmt = {"street": street, "commune": commune.name}
        channel = rng.choices(list(CHANNEL_WEIGHTS), weights=CHANNEL_WEIGHTS.values())[0]
        result = report_submit(
            actor=self.coordinator if channel == Channel.HOTLINE else Actor.anonymous(),
            channel=channel,
            field=field_code,
            title=tpl.get("title", "").format(**fmt),
            description=tpl["description"].format(**fmt),
            lat=lat,
            lng=lng,
            address=f"{street[:1].upper()}{street[1:]}, {commune.name}",
            commune_code=commune.code,
            observed_at=start - timedelta(minutes=rng.randint(5, 600)),
            share_identity=rng.random() < 0.45,
            at=start,
            notify=False,
            **self._reporter(),
        )
        report = result.report
        clock = _Clock(start, self.now, pace=rng.choices([1, 4, 12], weights=[70, 20, 10])[0])
        if self.now - start < timedelta(days=45):
            clock.stop_after = rng.choice(
                [None, Action.ASSIGN, Action.ACCEPT, Action.SUBMIT_RESULT, Action.APPROVE]
            )
        with contextlib.suppress(_Stop):
            self._triage(report, clock, reason, tpl)
        return report

    # --- the story of one report ---------------------------------------------------------

    def _act(self, report, action, actor, clock, **payload) -> Report:
        report = report_transition(
            report=report, action=action, actor=actor, at=clock.at, notify=False, **payload
        ).report
        if action == clock.stop_after:
            raise _Stop
        return report

    def _wait(self, clock: _Clock, lo: float, hi: float, paced: bool = True) -> None:
        # Citizens' own replies are not slowed by a slow unit.
        if not clock.advance(self.rng, lo, hi, paced):
            raise _Stop

    def _triage(self, report, clock, reason, tpl) -> None:
        rng = self.rng
        self._wait(clock, 0.2, 6 if rng.random() < 0.85 else 30)
        if reason is not None:
            self._act(report, Action.RETURN, self.coordinator, clock, reason=reason)
            return
        duplicate = (
            Report.objects.filter(
                field_id=report.field_id,
                commune_id=report.commune_id,
                submitted_at__lt=report.submitted_at,
                submitted_at__gte=report.submitted_at - timedelta(days=30),
                state__in=MERGE_TARGET_STATES,
            )
            .order_by("-submitted_at")
            .first()
        )
        if duplicate is not None and rng.random() < 0.25:
            self._act(report, Action.MERGE, self.coordinator, clock, into=duplicate)
            return
        priority = tpl.get("priority", Priority.NORMAL)
        if priority != report.priority:
            report = self._act(
                report, Action.RECLASSIFY, self.coordinator, clock, priority=priority
            )
        self._assign(report, clock)

    def _assign(self, report, clock, action=Action.ASSIGN, actor=None) -> None:
        rng = self.rng
        route = suggested_route(report)
        if route.lead_unit is None:
            return
        co_units = route.co_units
        if report.field.code == "cap_thoat_nuoc" and route.lead_unit.kind != Unit.Kind.COMMUNE:
            co_units = [*co_units, *Unit.objects.filter(commune_id=report.commune_id)]
        report = self._act(
            report,
            action,
            actor or self.coordinator,
            clock,
            lead_unit=route.lead_unit,
            co_units=co_units,
            **({"note": rng.choice(C.ESCALATION_DECISIONS)} if action == Action.DECIDE else {}),
        )
        self._handle(report, clock)

    def _handle(self, report, clock) -> None:
        rng = self.rng
        handler, approver = self._officers(report.lead_unit)
        self._wait(clock, 0.5, 10 if rng.random() < 0.85 else 40)
        if report.transfer_count == 0 and rng.random() < 0.08:
            report = self._act(
                report, Action.HAND_BACK, handler, clock, note=rng.choice(C.HAND_BACK_REASONS)
            )
            self._wait(clock, 0.5, 8)
            if rng.random() < 0.3:
                self._act(
                    report,
                    Action.ESCALATE,
                    self.coordinator,
                    clock,
                    note=rng.choice(C.ESCALATION_NOTES),
                )
                self._wait(clock, 4, 48)
                report.refresh_from_db()
                return self._assign(report, clock, Action.DECIDE, self.supervisor)
            report.refresh_from_db()
            return self._assign(report, clock)
        report = self._act(report, Action.ACCEPT, handler, clock)
        if rng.random() < 0.15:
            self._wait(clock, 1, 6)
            self._act(
                report,
                Action.REPLY,
                Actor.reporter(report),
                clock,
                note=rng.choice(C.CITIZEN_REPLIES),
            )
        for _ in range(rng.choice([0, 1, 1, 2])):
            self._wait(clock, 2, 20)
            self._act(report, Action.UPDATE, handler, clock, note=rng.choice(C.PROGRESS_NOTES))
        if rng.random() < 0.08:
            self._wait(clock, 2, 20)
            self._act(
                report,
                Action.REQUEST_EXTENSION,
                handler,
                clock,
                working_days=rng.choice([2, 3, 5]),
                note=rng.choice(C.EXTENSION_REASONS),
            )
            self._wait(clock, 1, 8)
            granted = rng.random() < 0.8
            self._act(
                report,
                Action.GRANT_EXTENSION if granted else Action.REFUSE_EXTENSION,
                self.coordinator,
                clock,
                note="" if granted else "Đề nghị khẩn trương xử lý trong thời hạn.",
            )
        self._result(report, clock, handler, approver)

    def _result(self, report, clock, handler, approver) -> None:
        rng = self.rng
        # Most units finish within the deadline; some run late.
        self._wait(clock, 4, 60 if rng.random() < 0.8 else 200)
        results = C.RESULT_TEXTS.get(report.field.code) or C.RESULT_TEXTS["khac"]
        self._act(report, Action.SUBMIT_RESULT, handler, clock, note=rng.choice(results))
        self._wait(clock, 1, 16)
        if rng.random() < 0.08:
            self._act(
                report,
                Action.SEND_BACK,
                approver,
                clock,
                note=rng.choice(C.APPROVER_SEND_BACK_NOTES),
            )
            return self._result(report, clock, handler, approver)
        self._act(report, Action.APPROVE, approver, clock)
        self._wait(clock, 1, 16)
        report = self._act(report, Action.PUBLISH, self.coordinator, clock)
        if rng.random() < 0.04:
            self._act(report, Action.SET_PRIVATE, self.coordinator, clock)
        self._feedback(report, clock)

    def _feedback(self, report, clock) -> None:
        rng = self.rng
        citizen = Actor.reporter(report)
        if rng.random() < 0.6:
            self._wait(clock, 1, 72, paced=False)
            satisfied = rng.random() < 0.78
            rating = rng.choice([4, 5, 5]) if satisfied else rng.choice([1, 2, 2, 3])
            report = self._act(
                report, Action.RATE, citizen, clock, rating=rating, satisfied=satisfied
            )
            if not satisfied and report.round == 1 and rng.random() < 0.5:
                self._wait(clock, 1, 48, paced=False)
                self._act(report, Action.REOPEN, citizen, clock, note=rng.choice(C.REOPEN_REASONS))
                second = Report.objects.get(previous_round=report)
                return self._triage(second, clock, None, {})
        self._wait(clock, 24 * settings.PAHT_REOPEN_WINDOW_DAYS, 24 * 10)
        self._act(report, Action.CLOSE, Actor.system(), clock)


class _Stop(Exception):
    """The story reached the present: the report stays where it is."""
