"""No-loss load test: submissions and workflow actions survive a killed app process.

    DATABASE_URL=postgres://… .venv/bin/python bench/loadtest.py [--clients 50] [--seconds 60]

Phase 1 (submit): ``clients`` keep-alive clients post reports to ``/api/v1/reports``,
each with its own ``Idempotency-Key``. A client retries the same key after a connection
error or a 5xx, and at random abandons a request before reading the answer (a phone
losing signal) and sends it again; sometimes it re-sends a key already acknowledged
and must get the same tracking code back. Half-way, one app worker process gets
SIGKILL; the server starts a new one.

Phase 2 (workflow): the same clients, as coordinators, add notes to a handful of
reports at once with ``expected_version`` (a stale version answers 409, the client
re-reads and tries again) and race to assign each report (only one may win); again
one worker is killed half-way.

Checks, from the database: reports created == distinct keys acknowledged, the same
codes, no duplicates; every acknowledged action is one event and one version step,
nothing else was written; no 5xx or connection error outside the restart window.
"""

# ruff: noqa: S311

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from loadgen import Closed, Connection  # noqa: E402
from server import Server  # noqa: E402

GRACE = 2.0  # seconds after the new worker answers during which errors still count as the restart


# Idempotency keys of this run only: a database may hold an earlier run's keys.
KEY_PREFIX = f"lt-{uuid.uuid4().hex[:8]}-"


class Run:
    def __init__(self, server: Server, seed: int = 8):
        self.server = server
        self.rng = random.Random(seed)
        self.failures: list[tuple[float, str]] = []  # (time, what): 5xx and connection errors
        self.unexpected: list[str] = []
        self.kills: list[tuple[float, float]] = []  # (killed at, replacement ready at)

    async def kill_one(self, after: float) -> None:
        await asyncio.sleep(after)
        before = set(self.server.worker_pids())
        victim = sorted(before)[0]
        killed_at = time.monotonic()
        os.kill(victim, signal.SIGKILL)
        # Ready when a new worker exists and the server answers on fresh connections.
        while True:
            await asyncio.sleep(0.1)
            now = set(self.server.worker_pids())
            replaced = victim not in now and len(now) >= len(before) and (now - before)
            if replaced and await self._healthy():
                break
        self.kills.append((killed_at, time.monotonic()))

    async def _healthy(self) -> bool:
        # Several fresh connections, so both workers are likely to have answered.
        for _ in range(6):
            conn = Connection("127.0.0.1", self.server.port)
            try:
                resp = await conn.request("GET", "/healthz", headers={"Connection": "close"})
            except Closed:
                return False
            finally:
                conn.close()
            if resp.status != 200:
                return False
        return True

    def in_restart_window(self, t: float) -> bool:
        return any(k - 0.5 <= t <= ready + GRACE for k, ready in self.kills)

    async def call(self, conn: Connection, method, path, headers, body=b"", *, abandon=0.0):
        """One attempt; None after a connection error or 5xx (recorded), else the response."""
        if abandon and self.rng.random() < abandon:
            # Send, then hang up without reading: the server may or may not finish it.
            try:
                if conn.writer is None:
                    await conn.open()
                conn.writer.write(_raw(method, path, headers, body, self.server.port))
                await conn.writer.drain()
            except OSError:
                pass
            conn.close()
            return None
        try:
            resp = await conn.request(method, path, headers=headers, body=body)
        except Closed as exc:
            self.failures.append((time.monotonic(), f"connection: {exc}"[:80]))
            await asyncio.sleep(0.05 + self.rng.random() * 0.2)
            return None
        if resp.status >= 500:
            self.failures.append((time.monotonic(), f"{resp.status} {method} {path}"))
            await asyncio.sleep(0.05 + self.rng.random() * 0.2)
            return None
        return resp


def _raw(method, path, headers, body, port) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def submit_phase(run: Run, api_key: str, *, clients: int, seconds: float, kill: bool) -> dict:
    from http_bench import submit_body

    acked: dict[str, str] = {}
    replays = Counter()
    stop = time.monotonic() + seconds

    async def client(i: int) -> None:
        conn = Connection("127.0.0.1", run.server.port)
        n = 0
        while time.monotonic() < stop:
            key, n = f"{KEY_PREFIX}{uuid.uuid4().hex}", n + 1
            body = submit_body(i, n, run.rng)
            headers = {
                "X-API-Key": api_key,
                "Content-Type": "application/json",
                "Idempotency-Key": key,
                "X-Forwarded-For": f"10.{i % 250}.{n // 250 % 250}.{n % 250 + 1}",
            }
            code = None
            deadline = time.monotonic() + 120
            while code is None and time.monotonic() < deadline:
                resp = await run.call(conn, "POST", "/api/v1/reports", headers, body, abandon=0.05)
                if resp is None:
                    continue
                if resp.status == 201:
                    code = resp.json()["code"]
                else:
                    run.unexpected.append(f"submit {resp.status} {resp.body[:200]!r}")
                    break
            if code is None:
                continue
            acked[key] = code
            if run.rng.random() < 0.05:  # a late duplicate of an acknowledged request
                again = None
                while again is None:
                    again = await run.call(conn, "POST", "/api/v1/reports", headers, body)
                replays["same" if again.json().get("code") == code else "different"] += 1
        conn.close()

    tasks = [client(i) for i in range(clients)]
    if kill:
        tasks.append(run.kill_one(seconds / 2))
    await asyncio.gather(*tasks)
    return {"acked": acked, "replays": dict(replays)}


async def workflow_phase(
    run: Run, token: str, codes: list[str], unit: str, *, clients: int, seconds: float, kill: bool
) -> dict:
    auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    notes = Counter()
    assigned = Counter()
    conflicts = 0
    stop = time.monotonic() + seconds

    async def act(conn, code, action, payload) -> int | None:
        """POST an action with one key until answered; the final status."""
        headers = {**auth, "Idempotency-Key": uuid.uuid4().hex}
        body = json.dumps(payload, ensure_ascii=False).encode()
        path = f"/api/v1/staff/reports/{code}/actions/{action}"
        while time.monotonic() < stop + 60:
            resp = await run.call(conn, "POST", path, headers, body, abandon=0.03)
            if resp is not None:
                return resp.status
        return None

    async def client(i: int) -> None:
        nonlocal conflicts
        conn = Connection("127.0.0.1", run.server.port)
        n = 0
        while time.monotonic() < stop:
            code, n = codes[run.rng.randrange(len(codes))], n + 1
            resp = await run.call(conn, "GET", f"/api/v1/staff/reports/{code}", auth)
            if resp is None:
                continue
            if resp.status != 200:
                run.unexpected.append(f"detail {resp.status}")
                continue
            version = resp.json()["version"]
            if n == 1:
                # Every client first races the others to assign one report: one wins.
                code = codes[i % len(codes)]
                payload = {"lead_unit": unit, "note": "Chuyển đơn vị xử lý (thử tải)."}
                status = await act(conn, code, "assign", payload)
                if status == 200:
                    assigned[code] += 1
                elif status not in {409, 400}:
                    run.unexpected.append(f"assign {status}")
                continue
            payload = {"note": f"Ghi chú {i}-{n}", "expected_version": version}
            status = await act(conn, code, "comment", payload)
            if status == 200:
                notes[code] += 1
            elif status == 409:
                conflicts += 1
            else:
                run.unexpected.append(f"comment {status}")
        conn.close()

    tasks = [client(i) for i in range(clients)]
    if kill:
        tasks.append(run.kill_one(seconds / 2))
    await asyncio.gather(*tasks)
    return {"notes": dict(notes), "assigned": dict(assigned), "conflicts": conflicts}


def verify(run: Run, *, before_id: int, submit: dict, workflow: dict, versions: dict) -> dict:
    """What the database says against what clients were told; ``problems`` lists breaches."""
    from paht.core.models import IdempotencyKey
    from paht.reports.models import Report, ReportEvent

    problems = []
    acked = submit["acked"]
    created = dict(Report.objects.filter(pk__gt=before_id, round=1).values_list("code", "pk"))
    codes = list(acked.values())
    if len(set(codes)) != len(codes):
        problems.append("two acknowledged keys share a tracking code")
    if set(codes) != set(created):
        lost, extra = set(codes) - set(created), set(created) - set(codes)
        problems.append(
            f"reports created {len(created)} != acknowledged keys {len(acked)} "
            f"(lost {len(lost)}, unacknowledged {len(extra)})"
        )
    keys = IdempotencyKey.objects.filter(key__startswith=KEY_PREFIX).count()
    if keys != len(acked):
        problems.append(f"idempotency keys stored {keys} != acknowledged {len(acked)}")
    if submit["replays"].get("different"):
        problems.append("a replayed key got a different answer")
    for code, start in versions.items():
        report = Report.objects.get(code=code)
        ok = workflow["notes"].get(code, 0) + workflow["assigned"].get(code, 0)
        events = ReportEvent.objects.filter(report=report).exclude(action="submit").count()
        if report.version - start != ok or events - 0 != ok:
            problems.append(
                f"{code}: {ok} acknowledged actions, version +{report.version - start}, "
                f"{events} events"
            )
        if workflow["assigned"].get(code, 0) > 1:
            problems.append(f"{code}: assigned {workflow['assigned'][code]} times")
    outside = [what for t, what in run.failures if not run.in_restart_window(t)]
    if outside:
        problems.append(f"{len(outside)} errors outside the restart window: {outside[:3]}")
    if run.unexpected:
        problems.append(f"unexpected answers: {run.unexpected[:3]}")
    return {
        "acknowledged_keys": len(acked),
        "reports_created": len(created),
        "replays": submit["replays"],
        "notes": sum(workflow["notes"].values()),
        "assigns": sum(workflow["assigned"].values()),
        "conflicts_409": workflow["conflicts"],
        "errors_in_restart_window": len(run.failures) - len(outside),
        "errors_outside": len(outside),
        "kills": [round(ready - k, 2) for k, ready in run.kills],
        "problems": problems,
    }


def loadtest(
    *,
    clients: int = 50,
    seconds: float = 60,
    workflow_seconds: float = 20,
    kill: bool = True,
    server_env: dict | None = None,
    log=print,
) -> dict:
    """Run both phases against a fresh server on the configured database; return the
    verification (``problems`` empty when nothing was lost)."""
    import http_bench
    from django.db import connection

    from paht.reports.models import Report

    creds = http_bench.credentials()
    before_id = Report.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    connection.close()
    rss = []
    with Server(workers=2, env=server_env) as server:
        run = Run(server)
        t0 = time.monotonic()
        submit = asyncio.run(
            submit_phase(run, creds["api_key"], clients=clients, seconds=seconds, kill=kill)
        )
        rss.append(server.worker_rss_mb())
        log(f"submit phase: {len(submit['acked'])} acknowledged in {time.monotonic() - t0:.0f} s")
        targets = list(submit["acked"].values())[: max(2, min(10, clients // 5))]
        versions = dict(Report.objects.filter(code__in=targets).values_list("code", "version"))
        connection.close()
        workflow = asyncio.run(
            workflow_phase(
                run,
                creds["coordinator"],
                targets,
                "ubnd_32002",
                clients=clients,
                seconds=workflow_seconds,
                kill=kill,
            )
        )
        rss.append(server.worker_rss_mb())
    result = verify(run, before_id=before_id, submit=submit, workflow=workflow, versions=versions)
    result["targets"] = len(targets)
    result["submit_rps"] = round(len(submit["acked"]) / seconds, 1)
    result["max_worker_rss_mb"] = max((v for r in rss for v in r.values()), default=None)
    return result


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workflow-seconds", type=float, default=20)
    parser.add_argument("--no-kill", action="store_true")
    parser.add_argument("--out")
    args = parser.parse_args(argv)
    import http_bench

    http_bench.setup_django()
    result = loadtest(
        clients=args.clients,
        seconds=args.seconds,
        workflow_seconds=args.workflow_seconds,
        kill=not args.no_kill,
    )
    print(json.dumps(result, indent=1, ensure_ascii=False))
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=1, ensure_ascii=False))
    sys.exit(1 if result["problems"] else 0)


if __name__ == "__main__":
    main()
