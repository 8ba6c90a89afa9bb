"""`paht media process FILE... --out DIR`: the upload pipeline for operators and benchmarks."""

import json
import subprocess
import sys

from PIL import Image

from tests.media import samples


def run(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "paht", "media", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**_env()},
        timeout=120,
    )


def _env():
    import os

    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "PYTHONPATH": os.pathsep.join(sys.path),
    }


def test_process_prints_one_json_line_per_file_and_fails_on_refusals(tmp_path):
    (tmp_path / "phone.jpg").write_bytes(samples.jpeg(1200, 900, orientation=6))
    (tmp_path / "clip.mov").write_bytes(samples.video("mov"))
    (tmp_path / "page.jpg").write_bytes(samples.html_as_jpeg())
    out = tmp_path / "out"
    result = run("process", "phone.jpg", "clip.mov", "page.jpg", "--out", str(out), cwd=tmp_path)
    assert result.returncode == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    photo, clip, page = lines
    assert photo["ok"] and photo["kind"] == "photo" and photo["format"] == "jpeg"
    assert (photo["width"], photo["height"]) == (900, 1200)
    assert photo["lat"] == round(samples.LAT, 7) or abs(photo["lat"] - samples.LAT) < 1e-5
    assert photo["taken_at"] == "2026-11-20T08:30:00+07:00"
    assert sorted(p.rsplit("/", 1)[1] for p in photo["written"]) == [
        "phone.display.jpg",
        "phone.medium.jpg",
        "phone.small.jpg",
    ]
    assert not dict(Image.open(out / "phone.display.jpg").getexif())
    assert clip["ok"] and clip["kind"] == "video" and abs(clip["duration"] - 2.0) < 0.1
    assert (out / "clip.video.mp4").exists() and (out / "clip.poster.jpg").exists()
    assert not page["ok"] and page["error"]["code"] == "unsupported_type"
    assert "Không nhận ra" in page["error"]["message"]


def test_process_succeeds_when_every_file_is_accepted(tmp_path):
    (tmp_path / "a.heic").write_bytes(samples.heic(600, 400))
    result = run("process", "a.heic", "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stdout)
    assert line["format"] == "heif" and line["ok"]
    assert Image.open(tmp_path / "out" / "a.display.jpg").format == "JPEG"
