"""Load N realistic reports into PostgreSQL with COPY, fast enough for a million.

    DATABASE_URL=postgres://… SECRET_KEY=… .venv/bin/python bench/generate.py --n 100000

Writes straight into the application's tables (reports, reporter contacts, events,
co-handling units, attachment metadata, ratings), spread over the communes of all 34
provinces, the configured fields and 5 years, with a realistic mix of states whose event
chains follow the workflow table. Afterwards the id sequences and the per-year tracking
code counters continue after the loaded rows, so the app keeps inserting as usual.

Reporter contacts are real Fernet ciphertext made with the deployment's key (a pool of
reporters reused across reports: a citizen reports more than once), so every page that
decrypts them works. The run is deterministic for a given ``--seed`` and database.
"""

# ruff: noqa: S311, S608, RUF005

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import sys
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

BATCH = 20_000  # reports per transaction
YEARS = 5
REPORTER_POOL = 4_000

# Final states of reports older than two months, and of recent ones.
OLD_MIX = {
    "published": 620,
    "closed": 140,
    "returned": 120,
    "merged": 30,
    "reopened": 15,
    "in_progress": 30,
    "pending_approval": 10,
    "approved": 5,
    "escalated": 5,
    "assigned": 10,
    "submitted": 5,
    "handed_back": 5,
}
RECENT_MIX = {
    "submitted": 80,
    "assigned": 120,
    "in_progress": 200,
    "handed_back": 20,
    "escalated": 10,
    "pending_approval": 60,
    "approved": 30,
    "published": 300,
    "closed": 30,
    "returned": 120,
    "merged": 30,
}
# The workflow path to each final state: (action, role, from, to).
_BASE = [("submit", "reporter", "", "submitted")]
_ASSIGN = [("assign", "coordinator", "submitted", "assigned")]
_ACCEPT = [("accept", "lead_handler", "assigned", "in_progress")]
_RESULT = [("submit_result", "lead_handler", "in_progress", "pending_approval")]
_APPROVE = [("approve", "lead_approver", "pending_approval", "approved")]
_PUBLISH = [("publish", "coordinator", "approved", "published")]
_DONE = _BASE + _ASSIGN + _ACCEPT + _RESULT + _APPROVE + _PUBLISH
PATHS = {
    "submitted": _BASE,
    "returned": _BASE + [("return", "coordinator", "submitted", "returned")],
    "merged": _BASE + [("merge", "coordinator", "submitted", "merged")],
    "assigned": _BASE + _ASSIGN,
    "handed_back": _BASE + _ASSIGN + [("hand_back", "lead_handler", "assigned", "handed_back")],
    "in_progress": _BASE + _ASSIGN + _ACCEPT,
    "escalated": _BASE
    + _ASSIGN
    + _ACCEPT
    + [("escalate", "coordinator", "in_progress", "escalated")],
    "pending_approval": _BASE + _ASSIGN + _ACCEPT + _RESULT,
    "approved": _BASE + _ASSIGN + _ACCEPT + _RESULT + _APPROVE,
    "published": _DONE,
    "closed": _DONE + [("close", "system", "published", "closed")],
    "reopened": _DONE + [("reopen", "reporter", "published", "reopened")],
}
NOTES = {
    "return": "Nội dung thuộc thủ tục hành chính, đề nghị liên hệ bộ phận một cửa.",
    "merge": "Trùng với phản ánh đã tiếp nhận trước đó.",
    "hand_back": "Không thuộc thẩm quyền của đơn vị.",
    "escalate": "Các đơn vị chưa thống nhất đơn vị chủ trì.",
    "submit_result": "Đã kiểm tra hiện trường và khắc phục xong.",
    "reopen": "Sự việc tiếp diễn, đề nghị kiểm tra lại.",
}
TITLES = {
    "ha_tang_do_thi": ["Ổ gà trên đường", "Vỉa hè bị lấn chiếm", "Nắp cống bị vỡ"],
    "ve_sinh_moi_truong": ["Rác thải tồn đọng", "Đổ trộm xà bần", "Nước thải gây mùi hôi"],
    "an_ninh_trat_tu": ["Tụ tập gây ồn ào ban đêm", "Nghi vấn đánh bạc", "Đua xe trái phép"],
    "dien_chieu_sang": ["Đèn đường không sáng", "Cột điện nghiêng", "Dây điện sà thấp"],
    "cap_thoat_nuoc": ["Vỡ ống nước", "Ngập úng sau mưa", "Mất nước sinh hoạt"],
}
DEFAULT_TITLES = ["Phản ánh hiện trường", "Đề nghị kiểm tra", "Sự việc cần xử lý"]
DESCRIPTION = (
    "{title} tại khu vực {place}. Người dân đi lại khó khăn, đề nghị cơ quan chức năng "
    "kiểm tra, xử lý sớm. Hiện trạng đã kéo dài nhiều ngày."
)
RESULT = "Đơn vị đã kiểm tra hiện trường, khắc phục xong và tăng cường kiểm tra định kỳ."
NAMES = ["Nguyễn Văn", "Trần Thị", "Lê Văn", "Phạm Thị", "Hoàng Văn", "Võ Thị", "Đặng Văn"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Giang", "Hà", "Khánh", "Lan", "Minh", "Nga"]


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paht.settings")
    import django

    django.setup()


@dataclass
class World:
    communes: list[tuple[str, float, float]]  # (code, lat, lng)
    commune_weights: list[int]
    unit_of_commune: dict[str, int]
    other_units: list[int]
    fields: list[int]
    field_codes: dict[int, str]
    field_weights: list[int]
    reporters: list[tuple[str, str, str, str]]  # name, phone, email (ciphertext), phone_hash
    actors: dict[str, int | None]  # role → user id recorded on events


def prepare(rng: random.Random, *, log=print) -> World:
    """Reference data the reports point at: communes, fields, units, staff, reporters."""
    from django.apps import apps
    from django.contrib.auth import get_user_model

    from paht.core.crypto import encrypt, keyed_hash
    from paht.demo.seed import FIELD_WEIGHTS
    from paht.geo.models import Commune
    from paht.geo.services import units_import
    from paht.org.models import Membership, Role, Unit
    from paht.reports.defaults import load_defaults
    from paht.reports.models import Field

    if Commune.objects.values("province_id").distinct().count() < 34:
        log("importing the communes of all 34 provinces")
        units_import(province_codes=None)
    if not Field.objects.exists():
        load_defaults(apps)
    missing = Commune.objects.filter(peoples_committee__isnull=True).values_list(
        "code", "short_name"
    )
    Unit.objects.bulk_create(
        [
            Unit(
                code=f"ubnd_{code}",
                name=f"UBND {short}",
                short_name=short,
                kind=Unit.Kind.COMMUNE,
                commune_id=code,
            )
            for code, short in missing
        ],
        ignore_conflicts=True,
    )
    for code, name, kind in (
        ("bench_ioc", "Trung tâm điều hành (bench)", Unit.Kind.PORTAL),
        ("bench_cap_nuoc", "Công ty cấp nước (bench)", Unit.Kind.UTILITY),
        ("bench_dien_luc", "Điện lực (bench)", Unit.Kind.UTILITY),
        ("bench_cong_an", "Công an tỉnh (bench)", Unit.Kind.POLICE),
    ):
        Unit.objects.get_or_create(code=code, defaults={"name": name, "kind": kind})
    users = {}
    for username, unit_code, role in (
        ("bench_coordinator", "bench_ioc", Role.COORDINATOR),
        ("bench_handler", "ubnd_32002", Role.HANDLER),
        ("bench_approver", "ubnd_32002", Role.APPROVER),
    ):
        user, created = get_user_model().objects.get_or_create(username=username)
        if created:
            user.set_password(bench_password())
            user.save()
        Membership.objects.get_or_create(
            user=user, unit=Unit.objects.get(code=unit_code), role=role
        )
        users[role] = user.pk

    communes = list(Commune.objects.order_by("code").values_list("code", "lat", "lng", "kind"))
    fields = list(Field.objects.order_by("pk").values_list("pk", "code"))
    unit_of_commune = dict(
        Unit.objects.filter(commune__isnull=False).values_list("commune_id", "pk")
    )
    other = list(
        Unit.objects.filter(code__in=["bench_cap_nuoc", "bench_dien_luc", "bench_cong_an"])
        .order_by("code")
        .values_list("pk", flat=True)
    )
    reporters = []
    for i in range(REPORTER_POOL):
        name = f"{rng.choice(NAMES)} {rng.choice(GIVEN)}"
        phone = f"09{rng.randrange(10**8):08d}"
        email = f"nguoidan{i}@example.com" if rng.random() < 0.3 else ""
        reporters.append(
            (encrypt(name), encrypt(phone), encrypt(email) if email else "", keyed_hash(phone))
        )
    return World(
        communes=[(c, lat or 10.0, lng or 106.0) for c, lat, lng, _ in communes],
        commune_weights=[3 if kind == "phuong" else 1 for *_, kind in communes],
        unit_of_commune=unit_of_commune,
        other_units=other,
        fields=[pk for pk, _ in fields],
        field_codes=dict(fields),
        # The demo's relative frequencies (unknown codes get weight 3).
        field_weights=[FIELD_WEIGHTS.get(code, 3) for _, code in fields],
        reporters=reporters,
        actors={
            "coordinator": users[Role.COORDINATOR],
            "lead_handler": users[Role.HANDLER],
            "lead_approver": users[Role.APPROVER],
        },
    )


def bench_password() -> str:
    return os.environ.get("PAHT_BENCH_PASSWORD", "paht-bench-password")


class Sequences:
    """Next ids and tracking numbers, read once from the database and advanced locally."""

    def __init__(self, cursor):
        self.next_id = {}
        for table in ("reports_report", "reports_reportevent", "reports_report_co_units"):
            cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}")
            self.next_id[table] = cursor.fetchone()[0]
        cursor.execute("SELECT year, last FROM reports_trackingsequence")
        self.tracking = defaultdict(int, dict(cursor.fetchall()))

    def take(self, table: str) -> int:
        value = self.next_id[table]
        self.next_id[table] = value + 1
        return value

    def code(self, year: int) -> str:
        self.tracking[year] += 1
        return f"PA-{year}-{self.tracking[year]:06d}"

    def save(self, cursor) -> None:
        for table in self.next_id:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table}))",
                [table],
            )
        for year, last in self.tracking.items():
            cursor.execute(
                "INSERT INTO reports_trackingsequence (year, last) VALUES (%s, %s) "
                "ON CONFLICT (year) DO UPDATE SET last = greatest(EXCLUDED.last, "
                "reports_trackingsequence.last)",
                [year, last],
            )


REPORT_COLS = [
    "id",
    "code",
    "secret_hash",
    "field_id",
    "priority",
    "title",
    "description",
    "lat",
    "lng",
    "address",
    "commune_id",
    "observed_at",
    "submitted_at",
    "updated_at",
    "channel",
    "share_identity",
    "state",
    "version",
    "round",
    "previous_round_id",
    "merged_into_id",
    "is_private",
    "lead_unit_id",
    "transfer_count",
    "deadline_at",
    "handling_deadline_at",
    "return_reason_id",
    "return_note",
    "result_text",
    "result_at",
    "published_at",
    "closed_at",
    "rating",
    "satisfied",
    "rated_at",
]
EVENT_COLS = [
    "id",
    "report_id",
    "created_at",
    "action",
    "actor_id",
    "actor_role",
    "actor_unit_id",
    "from_state",
    "to_state",
    "note",
    "data",
    "citizen_visible",
]
CONTACT_COLS = ["report_id", "name", "phone", "email", "phone_hash", "anonymised_at"]
ATTACH_COLS = [
    "id",
    "report_id",
    "event_id",
    "purpose",
    "kind",
    "state",
    "upload_key_hash",
    "uploaded_by_id",
    "created_at",
    "processed_at",
    "source_format",
    "source_name",
    "size_bytes",
    "sha256",
    "width",
    "height",
    "duration",
    "taken_at",
    "taken_lat",
    "taken_lng",
    "distance_m",
    "taken_far",
    "taken_long_ago",
    "original_name",
    "files",
    "content_types",
    "reencoded",
    "attempts",
    "attempt_limit",
    "enqueued_at",
    "lease_until",
    "task_id",
    "error_code",
    "error",
    "is_hidden",
    "hidden_reason",
    "blur_count",
]


class Weighted:
    """A weighted choice with its cumulative weights computed once (thousands of communes)."""

    def __init__(self, items, weights):
        self.items = list(items)
        self.cum = list(itertools.accumulate(weights))

    def pick(self, rng: random.Random):
        return rng.choices(self.items, cum_weights=self.cum)[0]


class Generator:
    def __init__(self, world: World, seq: Sequences, rng: random.Random, now: datetime):
        from paht.reports.workflow import TRANSITIONS, Action

        self.w, self.seq, self.rng, self.now = world, seq, rng, now
        self.visible = {a.value: TRANSITIONS[a].citizen_visible for a in Action}
        self.visible["submit"] = True
        self.rows = defaultdict(list)
        self.counts = defaultdict(int)
        self.return_reason = None
        self.pick_commune = Weighted(world.communes, world.commune_weights)
        self.pick_field = Weighted(world.fields, world.field_weights)
        from paht.demo.seed import CHANNEL_WEIGHTS

        channels = [(str(c), w) for c, w in CHANNEL_WEIGHTS.items()]
        self.pick_channel = Weighted([c for c, _ in channels], [w for _, w in channels])
        self.mixes = {
            k: Weighted(m, m.values()) for k, m in (("old", OLD_MIX), ("new", RECENT_MIX))
        }

    def report(self, at: datetime, state: str, *, round_=1, previous=None, code=None):
        rng, w = self.rng, self.w
        rid = self.seq.take("reports_report")
        commune, clat, clng = self.pick_commune.pick(rng)
        field_id = self.pick_field.pick(rng)
        fcode = w.field_codes[field_id]
        title = rng.choice(TITLES.get(fcode, DEFAULT_TITLES))
        lat = round(clat + rng.uniform(-0.02, 0.02), 6)
        lng = round(clng + rng.uniform(-0.02, 0.02), 6)
        lead = None
        if state not in {"submitted", "returned", "merged"}:
            if fcode in {"cap_thoat_nuoc", "dien_chieu_sang", "an_ninh_trat_tu"} and (
                rng.random() < 0.4
            ):
                lead = w.other_units[
                    {"cap_thoat_nuoc": 0, "dien_chieu_sang": 1, "an_ninh_trat_tu": 2}[fcode]
                ]
            else:
                lead = w.unit_of_commune.get(commune)
        # Time each step took, in hours, along the path.
        times, t = [], at
        path = PATHS[state]
        for i, _step in enumerate(path):
            if i:
                t = t + timedelta(hours=rng.uniform(0.5, 30 if i < 3 else 80))
                t = min(t, self.now - timedelta(minutes=rng.uniform(1, 600)))
                t = max(t, times[-1])
            times.append(t)
        last = times[-1]
        published = next((times[i] for i, s in enumerate(path) if s[0] == "publish"), None)
        result_at = next((times[i] for i, s in enumerate(path) if s[0] == "submit_result"), None)
        accepted = next((times[i] for i, s in enumerate(path) if s[0] == "accept"), None)
        handling_deadline = (
            accepted + timedelta(days=rng.choice([1, 3, 3, 3, 10])) if accepted else None
        )
        open_deadline = None
        if state in {"submitted", "handed_back"}:
            open_deadline = last + timedelta(hours=2)
        elif state == "assigned":
            open_deadline = last + timedelta(hours=8)
        elif state == "in_progress":
            open_deadline = handling_deadline
        elif state in {"pending_approval", "approved"}:
            open_deadline = last + timedelta(days=1)
        rated = state in {"published", "closed", "reopened"} and rng.random() < 0.35
        rating = rng.choices([1, 2, 3, 4, 5], weights=[8, 7, 15, 30, 40])[0] if rated else None
        rated_at = (published + timedelta(hours=rng.uniform(1, 48))) if rated else None
        if rated_at is not None:
            rated_at = min(rated_at, self.now)
        year = at.astimezone(VN).year
        code = code or self.seq.code(year)
        reporter = w.reporters[rng.randrange(len(w.reporters))]
        merged_into = None
        if state == "merged" and rid > self.first_id:
            merged_into = rng.randrange(self.first_id, rid)
        private = rng.random() < 0.03
        self.rows["report"].append(
            (
                rid,
                code,
                f"{rng.getrandbits(256):064x}",
                field_id,
                rng.choices(["normal", "urgent", "complex"], weights=[85, 10, 5])[0],
                title,
                DESCRIPTION.format(title=title.lower(), place=commune),
                lat,
                lng,
                "",
                commune,
                at - timedelta(hours=rng.uniform(0, 6)),
                at,
                max(last, rated_at or last),
                self.pick_channel.pick(rng),
                rng.random() < 0.4,
                state,
                len(path) - 1,
                round_,
                previous,
                merged_into,
                private,
                lead,
                1 if state == "handed_back" else 0,
                open_deadline,
                handling_deadline,
                self.return_reason if state == "returned" else None,
                NOTES["return"] if state == "returned" else "",
                RESULT if result_at else "",
                result_at,
                published,
                times[-1] if state == "closed" else None,
                rating,
                (rating >= 4) if rated else None,
                rated_at,
            )
        )
        self.rows["contact"].append((rid, *reporter, None))
        for (action, role, src, dst), when in zip(path, times, strict=True):
            self.event(rid, when, action, role, src, dst, lead)
        if rated:
            self.event(rid, rated_at, "rate", "reporter", "published", "published", lead)
        if lead and rng.random() < 0.06:
            co = rng.choice(w.other_units)
            if co != lead:
                self.rows["co"].append((self.seq.take("reports_report_co_units"), rid, co))
        if rng.random() < 0.45:
            self.attachment(rid, at, "evidence")
        if published and rng.random() < 0.5:
            self.attachment(rid, result_at, "result")
        self.counts[state] += 1
        if state == "reopened":
            again = min(last + timedelta(days=rng.uniform(0.1, 6)), self.now)
            self.report(
                again,
                rng.choice(["submitted", "assigned", "in_progress", "published"]),
                round_=2,
                previous=rid,
                code=f"{code}-L2",
            )
        return rid

    def event(self, rid, when, action, role, src, dst, lead):
        unit = lead if role in {"lead_handler", "lead_approver"} else None
        self.rows["event"].append(
            (
                self.seq.take("reports_reportevent"),
                rid,
                when,
                action,
                self.w.actors.get(role),
                role,
                unit,
                src,
                dst,
                NOTES.get(action, ""),
                "{}",
                self.visible.get(action, False),
            )
        )

    def attachment(self, rid, when, purpose):
        rng = self.rng
        aid = uuid.UUID(int=rng.getrandbits(128), version=4)
        base = f"media/{aid.hex[:2]}/{aid.hex}"
        files = {v: f"{base}/{v}.jpg" for v in ("display", "medium", "small")}
        self.rows["attachment"].append(
            (
                aid,
                rid,
                None,
                purpose,
                "photo",
                "ready",
                "",
                None,
                when,
                when,
                "jpeg",
                "",
                rng.randrange(200_000, 4_000_000),
                f"{rng.getrandbits(256):064x}",
                2016,
                1512,
                None,
                None,
                None,
                None,
                None,
                False,
                False,
                "",
                json.dumps(files),
                json.dumps(dict.fromkeys(files, "image/jpeg")),
                True,
                1,
                3,
                None,
                None,
                "",
                "",
                "",
                False,
                "",
                0,
            )
        )

    def flush(self, cursor) -> None:
        for kind, table, cols in (
            ("report", "reports_report", REPORT_COLS),
            ("contact", "reports_reportercontact", CONTACT_COLS),
            ("event", "reports_reportevent", EVENT_COLS),
            ("co", "reports_report_co_units", ["id", "report_id", "unit_id"]),
            ("attachment", "media_attachment", ATTACH_COLS),
        ):
            rows = self.rows.pop(kind, [])
            if not rows:
                continue
            self.counts[f"rows:{table}"] += len(rows)
            with cursor.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)


VN = None


def generate(n: int, *, seed: int = 1, log=print) -> dict:
    """Add ``n`` first-round reports (plus the round 2 of re-opened ones) and return counts."""
    global VN
    from zoneinfo import ZoneInfo

    from django.db import connection, transaction

    from paht.reports.models import ReturnReason

    if connection.vendor != "postgresql":
        raise SystemExit("bench/generate.py needs PostgreSQL (DATABASE_URL=postgres://…)")
    VN = ZoneInfo("Asia/Ho_Chi_Minh")
    rng = random.Random(seed)
    started = time.monotonic()
    world = prepare(rng, log=log)
    now = datetime.now(UTC).replace(microsecond=0)
    span = timedelta(days=365 * YEARS)
    # Submission times, sorted so tracking numbers follow submission order within a year.
    times = sorted(
        now - span + timedelta(seconds=rng.uniform(0, span.total_seconds())) for _ in range(n)
    )
    recent = now - timedelta(days=60)
    connection.ensure_connection()
    raw = connection.connection
    gen = None
    done = 0
    with raw.cursor() as cursor:
        with transaction.atomic():
            seq = Sequences(cursor)
        gen = Generator(world, seq, rng, now)
        gen.first_id = seq.next_id["reports_report"]
        gen.return_reason = ReturnReason.objects.order_by("pk").values_list("pk", flat=True).first()
        for start in range(0, n, BATCH):
            with transaction.atomic():
                for at in times[start : start + BATCH]:
                    gen.report(at, gen.mixes["new" if at > recent else "old"].pick(rng))
                gen.flush(cursor)
                seq.save(cursor)
            done = min(n, start + BATCH)
            log(f"{done}/{n} reports, {time.monotonic() - started:.0f} s")
        # What autovacuum does to a live database: fresh statistics for the planner, and
        # a visibility map, without which index-only scans read every row's page anyway
        # (the national statistics took twice as long on a freshly loaded database).
        cursor.execute("VACUUM (ANALYZE)")
    counts = dict(gen.counts)
    counts["seconds"] = round(time.monotonic() - started, 1)
    return counts


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="first-round reports to add")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    setup_django()
    counts = generate(args.n, seed=args.seed)
    print(json.dumps(counts, ensure_ascii=False, sort_keys=True))


if __name__ == "__main__":
    main()
