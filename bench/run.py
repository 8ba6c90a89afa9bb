"""``make bench``: load N reports, run the HTTP benchmarks and the no-loss load test.

    DATABASE_URL=postgres://…/paht_bench .venv/bin/python bench/run.py --n 1000000

Steps, each skipped when already done: migrate; load reports with bench/generate.py
until the database holds N first-round reports (an existing load is topped up, never
duplicated); HTTP benchmarks (bench/http_bench.py); the load test (bench/loadtest.py).
Results go to ``var/bench/results-<N>.json`` and a Markdown table on stdout, to copy
into BENCHMARKS.md with the date, machine and commit printed beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=10, help="per HTTP scenario")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--load-clients", type=int, default=50)
    parser.add_argument("--load-seconds", type=float, default=60)
    parser.add_argument("--skip-load", action="store_true", help="no load test")
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("make bench needs DATABASE_URL=postgres://…")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("PAHT_HTTPS", "false")
    subprocess.run(
        [sys.executable, "-m", "paht", "migrate", "--no-input", "-v0"], cwd=ROOT, check=True
    )

    import generate
    import http_bench

    http_bench.setup_django()
    from paht.reports.models import Report

    have = Report.objects.filter(round=1).count()
    if have < args.n:
        print(f"loading {args.n - have} reports (the database has {have})", flush=True)
        counts = generate.generate(args.n - have, seed=have + 1)
        print(json.dumps(counts, sort_keys=True), flush=True)
    data = http_bench.run(clients=args.clients, seconds=args.seconds)
    if not args.skip_load:
        import loadtest

        data["loadtest"] = loadtest.loadtest(clients=args.load_clients, seconds=args.load_seconds)
    out = ROOT / "var" / "bench" / f"results-{args.n}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, indent=1, ensure_ascii=False))
    print()
    print(json.dumps(data["meta"], ensure_ascii=False))
    print(f"reports {data['counts']['reports']}, events {data['counts']['events']}")
    print(http_bench.markdown(data))
    if "loadtest" in data:
        print("load test:", json.dumps(data["loadtest"], ensure_ascii=False))
    print(f"written to {out}")
    if data.get("loadtest", {}).get("problems"):
        sys.exit(1)


if __name__ == "__main__":
    main()
