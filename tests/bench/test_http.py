"""The HTTP benchmark and the no-loss load test, at a small size, against a live server
(granian, 2 workers, DEBUG off) on the test database. Correctness only: every request
answered, the figures computed; nothing here looks at a timing."""

from paht.reports.models import Report


def test_http_benchmark_smoke(server_env):
    import generate
    import http_bench

    generate.generate(2000, seed=5, log=lambda *_: None)
    before = Report.objects.count()
    data = http_bench.run(clients=4, seconds=0.7, warmup=0.3, log=lambda *_: None)

    names = [r["name"] for r in data["results"]]
    assert names[0].startswith("healthz") and len(names) == len(set(names)) >= 10
    for row in data["results"]:
        assert row["requests"] > 0, row["name"]
        assert row["ok"] == row["requests"] and row["connection_errors"] == 0, row
        assert row["p50_ms"] <= row["p95_ms"] <= row["p99_ms"]
        if row["name"].startswith("healthz") or "(cached" in row["name"]:
            continue
        # The floor: the endpoint's own SQL replayed straight on PostgreSQL.
        assert row["queries"] >= 1 and row["db_p50_ms"] > 0 and row["ratio_p50"] > 0
    # The public reads again with the cache on, beside a healthz floor of that server.
    cached = [n for n in names if "(cached" in n]
    assert len(cached) >= 5 and any(n.startswith("healthz") for n in cached)
    submitted = next(r for r in data["results"] if r["name"].startswith("submit"))
    # Every acknowledged submission is a report (the warm-up's too).
    assert data["counts"]["reports"] >= before + submitted["ok"]
    assert data["max_worker_rss_mb"] > 0
    table = http_bench.markdown(data)
    assert table.count("\n") == len(names) + 2


def test_no_loss_under_load_with_a_killed_worker(server_env):
    import loadtest

    result = loadtest.loadtest(
        clients=16, seconds=8, workflow_seconds=6, kill=True, log=lambda *_: None
    )
    assert result["problems"] == []
    assert result["acknowledged_keys"] == result["reports_created"] > 0
    assert len(result["kills"]) == 2  # one worker killed (and replaced) in each phase
    assert result["notes"] > 0
    # Each target report was assigned exactly once, however many clients raced for it.
    assert result["assigns"] == result["targets"]
