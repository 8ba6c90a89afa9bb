"""HTTP benchmarks against a production-like server, each beside its floors.

    DATABASE_URL=postgres://… .venv/bin/python bench/http_bench.py [--seconds 10] [--clients 16]

Starts ``paht serve --workers 2`` (uvicorn, DEBUG off, persistent connections), then,
from this separate process, drives each endpoint with keep-alive clients and measures
throughput and p50/p95/p99. Beside each figure, two floors measured in the same run:

* the same server answering ``/healthz`` (no database): ``rps_vs_healthz``;
* the database answering the same SQL: every statement the endpoint ran for one request
  (captured in-process with Django's test client), replayed on a plain psycopg
  connection: ``db_p50_ms`` and ``ratio_p50`` (HTTP p50 / SQL p50).

Prints a Markdown table and writes the results as JSON (``--out``).
"""

# ruff: noqa: S311

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import os
import platform
import random
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

from loadgen import drive, percentile  # noqa: E402
from server import Server  # noqa: E402

# A point in Phường An Xuyên, Cà Mau (the default deployment, PAHT_PROVINCE_CODE=96).
POINT = (9.2250, 105.1790)
BBOX = "9.15,105.10,9.30,105.25"  # the city of Cà Mau


# Anonymous public reads measured a second time with production's caches on: a surge
# asks the same first page, map view and statistics over and over. JSON answers are kept
# whole for 10 s (HTML pages carry a CSRF token and are never kept whole); a year's
# statistics are kept for 60 s, so the statistics page is rendered from them.
CACHE_SECONDS = 10
STATS_CACHE_SECONDS = 60
CACHED = {
    "public list (API, 50)",
    "public map bbox (API, 50)",
    "Open311 GET requests.json (50)",
    "statistics API, province-year",
    "statistics page, province-year",
    "statistics API, national year",
    "statistics page, national year",
}


@dataclass
class Scenario:
    name: str
    method: str
    path: str
    headers: dict
    body_maker: object = None  # for POST: client, n -> bytes
    replay_sql: bool = True


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paht.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("PAHT_HTTPS", "false")
    os.environ.setdefault("PAHT_DATA_DIR", str(HERE.parent / "var" / "bench"))
    from server import BENCH_ENV

    # The in-process capture submits too: the same raised limits as the server, and no
    # cache, so the statements captured are the ones each request runs.
    for name, value in BENCH_ENV.items():
        if name.endswith(("_DAY", "_HOUR", "_CACHE_SECONDS")):
            os.environ.setdefault(name, value)
    # The in-process capture uses Django's test client (host "testserver").
    os.environ["ALLOWED_HOSTS"] = os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1") + (
        ",testserver"
    )
    import django

    django.setup()


def credentials() -> dict:
    """An API key and staff tokens for the benchmark users (made by bench/generate.py)."""
    from generate import bench_password, prepare

    from paht.api.tokens import staff_token_create
    from paht.clients.services import apikey_create

    prepare(random.Random(1))
    _key, raw = apikey_create(name="bench", per_hour=10**9)
    tokens = {
        who: staff_token_create(username=f"bench_{who}", password=bench_password(), ip="bench")[0]
        for who in ("coordinator", "handler")
    }
    return {"api_key": raw, **tokens, "province": busiest_province()}


def busiest_province() -> str:
    """The province with the most reports this year: its statistics are the dearest."""
    from django.db.models import Count

    from paht.reports.models import Report

    year = datetime.now(UTC).year
    row = (
        Report.objects.filter(submitted_at__year=year, commune__isnull=False)
        .values("commune__province_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    return row["commune__province_id"] if row else "96"


def submit_body(client: int, n: int, rng: random.Random | None = None) -> bytes:
    rng = rng or random
    return json.dumps(
        {
            "field": rng.choice(["ha_tang_do_thi", "ve_sinh_moi_truong", "dien_chieu_sang"]),
            "description": "Đèn đường không sáng nhiều đêm, người đi đường gặp nguy hiểm.",
            "lat": POINT[0] + rng.uniform(-0.003, 0.003),
            "lng": POINT[1] + rng.uniform(-0.003, 0.003),
            "name": "Người dân thử tải",
            "phone": rng.choice(["0912", "0983", "0868", "0903"]) + f"{rng.randrange(10**6):06d}",
        },
        ensure_ascii=False,
    ).encode()


def open311_body(client: int, n: int, rng: random.Random | None = None, *, key: str = "") -> bytes:
    from urllib.parse import urlencode

    rng = rng or random
    return urlencode(
        {
            "api_key": key,
            "service_code": rng.choice(["ha_tang_do_thi", "ve_sinh_moi_truong"]),
            "lat": POINT[0] + rng.uniform(-0.003, 0.003),
            "long": POINT[1] + rng.uniform(-0.003, 0.003),
            "description": "Rác thải tồn đọng nhiều ngày ở đầu hẻm, bốc mùi hôi.",
            "first_name": "Người dân",
            "phone": rng.choice(["0912", "0983", "0868", "0903"]) + f"{rng.randrange(10**6):06d}",
        }
    ).encode()


def scenarios(creds: dict) -> list[Scenario]:
    year = datetime.now(UTC).year
    staff = {"Authorization": f"Bearer {creds['coordinator']}"}
    handler = {"Authorization": f"Bearer {creds['handler']}"}
    submit_headers = {"X-API-Key": creds["api_key"], "Content-Type": "application/json"}
    return [
        Scenario("healthz (server floor)", "GET", "/healthz", {}, replay_sql=False),
        Scenario(
            "submit POST /api/v1/reports", "POST", "/api/v1/reports", submit_headers, submit_body
        ),
        Scenario(
            "submit POST Open311 requests.json",
            "POST",
            "/open311/v2/requests.json",
            {"Content-Type": "application/x-www-form-urlencoded"},
            lambda i, n, rng=None: open311_body(i, n, rng, key=creds["api_key"]),
        ),
        Scenario("public list (API, 50)", "GET", "/api/v1/reports?limit=50", {}),
        Scenario(
            "public list, field filter",
            "GET",
            "/api/v1/reports?limit=50&field=ve_sinh_moi_truong",
            {},
        ),
        Scenario(
            "public list, commune filter", "GET", "/api/v1/reports?limit=50&commune=32002", {}
        ),
        Scenario("public map bbox (API, 50)", "GET", f"/api/v1/reports?limit=50&bbox={BBOX}", {}),
        Scenario("public list page /cong-khai/", "GET", "/cong-khai/", {}),
        Scenario(
            "staff triage inbox (50)",
            "GET",
            "/api/v1/staff/reports?state=submitted&state=handed_back&limit=50",
            staff,
        ),
        Scenario(
            "unit queue (handler, 50)",
            "GET",
            "/api/v1/staff/reports?lead_unit=ubnd_32002&state=assigned&state=in_progress&limit=50",
            handler,
        ),
        Scenario(
            "Open311 GET requests.json (50)", "GET", "/open311/v2/requests.json?page_size=50", {}
        ),
        Scenario(
            "statistics API, province-year",
            "GET",
            f"/api/v1/stats?year={year}&province={creds['province']}",
            {},
        ),
        Scenario(
            "statistics page, province-year",
            "GET",
            f"/thong-ke/?nam={year}&tinh={creds['province']}",
            {},
        ),
        Scenario("statistics API, national year", "GET", f"/api/v1/stats?year={year}", {}),
        Scenario("statistics page, national year", "GET", f"/thong-ke/?nam={year}", {}),
    ]


def capture_sql(s: Scenario) -> list[str]:
    """The SQL one request of ``s`` runs, captured in-process; a POST in a rolled-back
    transaction, so replaying it inserts nothing that exists."""
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(headers={k: v for k, v in s.headers.items() if k != "Content-Type"})
    with CaptureQueriesContext(connection) as q, transaction.atomic():
        if s.method == "GET":
            resp = client.get(s.path)
        else:
            resp = client.post(
                s.path, s.body_maker(0, 0), content_type=s.headers.get("Content-Type")
            )
        transaction.set_rollback(True)
    if resp.status_code >= 400:
        raise RuntimeError(f"{s.name}: {resp.status_code} {resp.content[:300]!r}")
    skip = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK", "BEGIN", "COMMIT")
    return [x["sql"] for x in q.captured_queries if not x["sql"].startswith(skip)]


def replay(
    statements: list[str], *, rounds: int = 200, write: bool = False, budget_s: float = 15
) -> dict:
    """Run the statements of one request ``rounds`` times on a plain connection (fewer,
    but at least 20, when they take longer than ``budget_s`` in all)."""
    import psycopg
    from django.db import connection

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    times = []
    started = time.perf_counter()
    with psycopg.connect(**params, autocommit=not write) as conn:
        for i in range(rounds + 5):
            if len(times) >= 20 and time.perf_counter() - started > budget_s:
                break
            t0 = time.perf_counter()
            with conn.cursor() as cur:
                for sql in statements:
                    cur.execute(sql.encode())
                    if cur.description is not None:
                        cur.fetchall()
            if write:
                conn.rollback()
            if i >= 5:
                times.append((time.perf_counter() - t0) * 1000)
    return {
        "queries": len(statements),
        "db_p50_ms": round(percentile(times, 50), 2),
        "db_p95_ms": round(percentile(times, 95), 2),
    }


def run(
    *,
    clients: int,
    seconds: float,
    warmup: float = 1.0,
    only: list[str] | None = None,
    interface: str = "wsgi",
    cached_pass: bool = True,
    log=print,
) -> dict:
    from django.core.management import call_command
    from django.db import connection

    from paht.reports.models import Report, ReportEvent

    # Pages render with the hashed static files, as the server does (DEBUG off).
    call_command("collectstatic", interactive=False, verbosity=0)
    creds = credentials()
    plan = [s for s in scenarios(creds) if not only or any(o in s.name for o in only)]
    floors = {}
    for s in plan:
        if s.replay_sql:
            floors[s.name] = replay(capture_sql(s), write=s.method == "POST")
    connection.close()
    results, rss = [], []
    with Server(workers=2, interface=interface) as server:
        _drive_all(server, plan, floors, results, rss, clients=clients, seconds=seconds, log=log)
    cached = [s for s in plan if s.name in CACHED or s.name.startswith("healthz")]
    if cached_pass and cached:
        # The same reads with the few seconds of public cache production runs with.
        env = {
            "PAHT_PUBLIC_CACHE_SECONDS": str(CACHE_SECONDS),
            "PAHT_STATS_CACHE_SECONDS": str(STATS_CACHE_SECONDS),
        }
        with Server(workers=2, interface=interface, env=env) as server:
            label = " (cached)"
            renamed = [dataclasses.replace(s, name=s.name + label) for s in cached]
            _drive_all(server, renamed, {}, results, rss, clients=clients, seconds=seconds, log=log)
    healthz = results[0]["rps"] if results and results[0]["name"].startswith("healthz") else None
    for row in results:
        if healthz:
            row["rps_vs_healthz"] = round(row["rps"] / healthz, 3)
        if row.get("db_p50_ms") and row.get("p50_ms"):
            row["ratio_p50"] = round(row["p50_ms"] / row["db_p50_ms"], 1)
    return {
        "meta": meta(clients=clients, seconds=seconds, server=f"granian {interface}, 2 workers"),
        "counts": {"reports": Report.objects.count(), "events": ReportEvent.objects.count()},
        "results": results,
        "worker_rss_mb": rss,
        "max_worker_rss_mb": max((v for r in rss for v in r.values()), default=None),
    }


def _drive_all(server, plan, floors, results, rss, *, clients, seconds, log) -> None:
    for s in plan:
        rng = random.Random(hash(s.name))

        def maker(i, n, s=s, rng=rng):
            headers = dict(s.headers)
            body = b""
            if s.method == "POST":
                body = s.body_maker(i, n, rng)
                headers["Idempotency-Key"] = uuid.uuid4().hex
                # Many citizens, many addresses: paht.wsgi trusts the header from
                # 127.0.0.1, as it does from nginx in production.
                headers["X-Forwarded-For"] = f"10.{i}.{n // 250 % 250}.{n % 250 + 1}"
            return s.method, s.path, headers, body

        cpu0 = server.worker_cpu_seconds()
        stats = asyncio.run(
            drive(
                s.name, maker, host="127.0.0.1", port=server.port, clients=clients, seconds=seconds
            )
        )
        row = {"path": s.path, **stats.summary(), **floors.get(s.name, {})}
        # App CPU per request (warm-up included on both sides): robust to a busy
        # machine, where wall-clock latency mostly measures the queue for a core.
        done = stats.warmup_requests + len(stats.latencies)
        cpu = server.worker_cpu_seconds() - cpu0
        row["app_cpu_ms_per_request"] = round(1000 * cpu / done, 2) if done else None
        rss.append(server.worker_rss_mb())
        results.append(row)
        log(_line(row))


def _line(row: dict) -> str:
    return (
        f"{row['name']:<34} {row['rps']:>8} rps  p50 {row['p50_ms']} p95 {row['p95_ms']} "
        f"p99 {row['p99_ms']} ms  statuses {row['statuses']}  db p50 {row.get('db_p50_ms')} ms"
    )


def meta(**extra) -> dict:
    def cmd(*args):
        try:
            return subprocess.run(args, capture_output=True, text=True, check=False).stdout.strip()  # noqa: S603
        except OSError:
            return ""

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    from django.db import connection

    with connection.cursor() as c:
        c.execute("SHOW server_version")
        pg = c.fetchone()[0]
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": cmd("git", "-C", str(HERE.parent), "rev-parse", "--short", "HEAD"),
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "python": platform.python_version(),
        "postgresql": pg,
        **extra,
    }


def markdown(data: dict) -> str:
    head = (
        "| endpoint | req/s | p50 ms | p95 ms | p99 ms | non-2xx | SQL p50 ms (queries) "
        "| HTTP/SQL p50 | req/s vs /healthz | app CPU ms/req |\n"
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
    )
    rows = []
    for r in data["results"]:
        bad = r["requests"] - r["ok"] + r["connection_errors"]
        sql = f"{r['db_p50_ms']} ({r['queries']})" if "db_p50_ms" in r else "—"
        rows.append(
            f"| {r['name']} | {r['rps']} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} | {bad} "
            f"| {sql} | {r.get('ratio_p50', '—')} | {r.get('rps_vs_healthz', '—')} "
            f"| {r.get('app_cpu_ms_per_request', '—')} |"
        )
    return head + "\n".join(rows) + "\n"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--only", action="append", help="run scenarios whose name contains this")
    parser.add_argument("--out", help="write the results as JSON here")
    parser.add_argument("--interface", choices=["wsgi", "asgi"], default="wsgi")
    parser.add_argument(
        "--no-cached-pass", action="store_true", help="skip the public reads with the cache on"
    )
    args = parser.parse_args(argv)
    setup_django()
    data = run(
        clients=args.clients,
        seconds=args.seconds,
        only=args.only,
        interface=args.interface,
        cached_pass=not args.no_cached_pass,
    )
    print()
    print(markdown(data))
    print(f"reports: {data['counts']['reports']}, max worker RSS {data['max_worker_rss_mb']} MB")
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps(data, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
