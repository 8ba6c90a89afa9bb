"""A small asyncio HTTP/1.1 load generator (keep-alive connections, no dependencies).

It shares the machine's CPUs with the server, so it is kept lean: raw streams, one
connection per simulated client, latencies in a list. ``drive`` runs ``clients``
coroutines for ``seconds`` and reports throughput, percentiles, status counts and the
generator's own CPU use (so a reader can see what it took from the server).
"""

from __future__ import annotations

import asyncio
import json
import resource
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field


class Closed(Exception):
    """The server closed the connection or answered garbage."""


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self):
        return json.loads(self.body)


class Connection:
    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None

    async def request(
        self, method: str, path: str, *, headers: dict | None = None, body: bytes = b""
    ) -> Response:
        if self.writer is None:
            await self.open()
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        for name, value in (headers or {}).items():
            lines.append(f"{name}: {value}")
        if body or method in {"POST", "PUT", "PATCH"}:
            lines.append(f"Content-Length: {len(body)}")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode()
        try:
            self.writer.write(head + body)
            await self.writer.drain()
            return await self._read()
        except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
            self.close()
            raise Closed(str(exc)) from exc

    async def _read(self) -> Response:
        status_line = await self.reader.readuntil(b"\r\n")
        parts = status_line.split(b" ", 2)
        if len(parts) < 2:
            raise Closed("bad status line")
        status = int(parts[1])
        headers = {}
        while True:
            line = await self.reader.readuntil(b"\r\n")
            if line == b"\r\n":
                break
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
                if size == 0:
                    await self.reader.readuntil(b"\r\n")
                    break
                chunks.append(await self.reader.readexactly(size))
                await self.reader.readexactly(2)
            body = b"".join(chunks)
        else:
            body = await self.reader.read()
            self.close()
        if headers.get("connection", "").lower() == "close":
            self.close()
        return Response(status, headers, body)


def percentile(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


@dataclass
class Stats:
    name: str
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    errors: int = 0  # connection failures
    warmup_requests: int = 0
    client_cpu: float = 0.0  # CPU seconds the load generator used
    bytes: int = 0

    def summary(self) -> dict:
        ms = [x * 1000 for x in self.latencies]
        ok = sum(n for s, n in self.statuses.items() if 200 <= s < 400)
        return {
            "name": self.name,
            "requests": len(self.latencies),
            "ok": ok,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "connection_errors": self.errors,
            "rps": round(len(self.latencies) / self.seconds, 1) if self.seconds else 0,
            "p50_ms": _r(percentile(ms, 50)),
            "p95_ms": _r(percentile(ms, 95)),
            "p99_ms": _r(percentile(ms, 99)),
            "mean_bytes": round(self.bytes / len(ms)) if ms else 0,
            "client_cpu_share": round(self.client_cpu / self.seconds, 2) if self.seconds else 0,
        }


def _r(v):
    return None if v is None else round(v, 2)


# A request maker: given the client number and a counter, the (method, path, headers, body).
Maker = Callable[[int, int], tuple[str, str, dict, bytes]]


async def drive(
    name: str,
    maker: Maker,
    *,
    host: str,
    port: int,
    clients: int = 16,
    seconds: float = 10.0,
    warmup: float = 1.0,
    check: Callable[[Response], None] | None = None,
) -> Stats:
    """``clients`` keep-alive connections send requests back to back for ``seconds``
    after ``warmup`` seconds that are not counted."""
    stats = Stats(name)
    start = time.perf_counter()
    measure_from = start + warmup
    stop = measure_from + seconds

    async def one(i: int) -> None:
        conn = Connection(host, port)
        n = 0
        while True:
            now = time.perf_counter()
            if now >= stop:
                break
            method, path, headers, body = maker(i, n)
            n += 1
            t0 = time.perf_counter()
            try:
                resp = await conn.request(method, path, headers=headers, body=body)
            except Closed:
                if t0 >= measure_from:
                    stats.errors += 1
                await asyncio.sleep(0.05)
                continue
            t1 = time.perf_counter()
            if check is not None:
                check(resp)
            if t0 < measure_from:
                stats.warmup_requests += 1
            else:
                stats.latencies.append(t1 - t0)
                stats.statuses[resp.status] += 1
                stats.bytes += len(resp.body)
        conn.close()

    cpu0 = _cpu()
    await asyncio.sleep(0)
    await asyncio.gather(*(one(i) for i in range(clients)))
    stats.seconds = min(time.perf_counter(), stop) - measure_from
    stats.client_cpu = (_cpu() - cpu0) * stats.seconds / max(1e-9, time.perf_counter() - start)
    return stats


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
