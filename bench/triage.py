"""Triage model: load time and the latency of one suggestion, plus held-out accuracy.

    DEBUG=true .venv/bin/python bench/triage.py [--runs 300]

Loads the shipped model in a fresh process (what a server worker pays once), warms up,
then times single-text suggestions (the submit form's and the API's case, one text at a
time) over the held-out test texts, and the pair scorer on incident pairs. Prints a
Markdown table for BENCHMARKS.md.
"""

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paht.settings")
os.environ.setdefault("DEBUG", "true")


def percentile(values, p):
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()

    import django

    django.setup()
    from paht.triage import store
    from paht.triage.embed import embed
    from paht.triage.engine import pair_scores

    t0 = time.perf_counter()
    model = store.load()
    embed(["khởi động"])  # the embedding engine loads on first use
    load_s = time.perf_counter() - t0

    texts = [row["text"] for row in store.read_jsonl(store.TEST_FILE)]
    for text in texts[:20]:  # warm-up
        model.predict([text])
    timings = []
    for i in range(args.runs):
        text = texts[i % len(texts)]
        t = time.perf_counter()
        model.predict([text])
        timings.append((time.perf_counter() - t) * 1000)

    incidents = store.read_jsonl(store.INCIDENTS_TEST)
    pairs = []
    for row in incidents:
        if len(row["texts"]) >= 2:
            point = (row["lat"], row["lng"])
            pairs.append((row["texts"][0], point, row["texts"][1], point))
    pair_timings = []
    for a, pa, b, pb in pairs[:100]:
        t = time.perf_counter()
        pair_scores([(a, pa, b, pb)])
        pair_timings.append((time.perf_counter() - t) * 1000)

    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 - git from PATH, as a developer runs it
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout.strip()
    cpu = platform.processor() or platform.machine()
    print(f"date {time.strftime('%Y-%m-%d')}, commit {commit}, {cpu}, {os.cpu_count()} CPUs")
    print("| measure | value |")
    print("| --- | --- |")
    print(f"| model load (shipped model + embedding engine, fresh process) | {load_s:.2f} s |")
    print(
        f"| one suggestion, p50 / p95 / max over {len(timings)} texts | "
        f"{statistics.median(timings):.1f} / {percentile(timings, 95):.1f} / "
        f"{max(timings):.1f} ms |"
    )
    if pair_timings:
        print(
            f"| one pair score, p50 / p95 over {len(pair_timings)} pairs | "
            f"{statistics.median(pair_timings):.1f} / {percentile(pair_timings, 95):.1f} ms |"
        )


if __name__ == "__main__":
    main()
