"""Start PAHT the way production does (docs/deploy.md), for benchmarks and load tests.

granian serves the WSGI application (the same one ``paht serve`` runs, request body
limit included) with 2 worker processes of one thread each and respawns a worker that
dies; DEBUG is off and each process keeps one persistent database connection
(``CONN_MAX_AGE``). ``interface="asgi"`` serves ``paht.asgi`` instead, with a psycopg
pool per process (``PAHT_DB_POOL``): under ASGI every request runs in a fresh thread,
so persistent connections would open one connection per request and never reuse it.
A trivial request costs about five times more CPU under ASGI (BENCHMARKS.md).

Rate limits are raised through the environment (never in code): a benchmark sends
thousands of reports a minute from one machine.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIG = "100000000"

BENCH_ENV = {
    "DEBUG": "false",
    "PAHT_HTTPS": "false",
    "LOG_LEVEL": "WARNING",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "PAHT_SUBMIT_PER_PHONE_DAY": BIG,
    "PAHT_SUBMIT_PER_IP_HOUR": BIG,
    "PAHT_UPLOAD_PER_IP_HOUR": BIG,
    # Every request does its work: the public caches have their own pass (http_bench).
    "PAHT_PUBLIC_CACHE_SECONDS": "0",
    "PAHT_STATS_CACHE_SECONDS": "0",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid: int) -> list[int]:
    """Child process ids of ``pid`` (uvicorn's workers under its supervisor)."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        return [int(x) for x in path.read_text().split()]
    except OSError:
        return []


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class Server:
    """``with Server(workers=2) as s:`` serves on ``s.port`` until the block ends."""

    def __init__(
        self,
        *,
        workers: int = 2,
        env: dict | None = None,
        port: int | None = None,
        interface: str = "wsgi",
    ):
        self.workers = workers
        self.interface = interface
        self.port = port or free_port()
        self.env = {**os.environ, **BENCH_ENV, **(env or {})}
        if interface == "wsgi":
            # One thread per WSGI worker: Django's persistent connection is reused.
            self.env["PAHT_DB_POOL"] = "false"
        else:
            self.env["PAHT_DB_POOL"] = "true"
        self.env.setdefault("SECRET_KEY", "bench-only-secret-key")
        self.env.setdefault("PAHT_DATA_DIR", tempfile.mkdtemp(prefix="paht-bench-"))
        self.proc: subprocess.Popen | None = None
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - closed with the object

    def command(self) -> list[str]:
        return [
            str(Path(sys.executable).parent / "granian"),
            "--interface",
            self.interface,
            *(["--blocking-threads", "1"] if self.interface == "wsgi" else []),
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--workers",
            str(self.workers),
            "--respawn-failed-workers",
            # granian waits 3.5 s by default before respawning: requests fail meanwhile.
            "--respawn-interval",
            "0.5",
            "--no-access-log",
            "--log-level",
            "warning",
            f"paht.{self.interface}:application",
        ]

    def __enter__(self) -> Server:
        # As ``paht serve`` does with DEBUG off: WhiteNoise serves the hashed copies.
        subprocess.run(
            [sys.executable, "-m", "paht", "collectstatic", "--no-input", "-v0"],
            env=self.env,
            cwd=ROOT,
            check=True,
        )
        self.proc = subprocess.Popen(  # noqa: S603
            self.command(), env=self.env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT
        )
        self.wait_ready()
        return self

    def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.output()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as r:  # noqa: S310
                    if r.status == 200 and len(self.worker_pids()) >= self.workers:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"server not ready: {self.output()[-2000:]}")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def worker_pids(self) -> list[int]:
        """The app worker processes (the supervisor's children, minus a multiprocessing
        resource tracker if any)."""
        pids = []
        for pid in children(self.proc.pid):
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            if b"resource_tracker" not in cmdline:
                pids.append(pid)
        return pids

    def worker_cpu_seconds(self) -> float:
        """CPU time (user + system) the app worker processes have used so far."""
        total = 0
        for pid in self.worker_pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)
        return total / os.sysconf("SC_CLK_TCK")

    def worker_rss_mb(self) -> dict[int, float]:
        return {pid: round(rss_mb(pid), 1) for pid in self.worker_pids()}

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
