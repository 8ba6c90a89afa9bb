"""Photos processed per second on one core: the media pipeline against Pillow's bare save.

Run from the repository root::

    .venv/bin/python bench/media_photos.py [--photos N] [--rounds R] [--core C]

It generates N phone-like 12-megapixel JPEGs (4032×3024, quality 90–92, EXIF with place,
time, maker and maker note; every third one stored sideways with Orientation 6) into a
temporary directory, pins itself to one CPU, and times on the same files:

* ours: ``pipeline.process`` per file (sniff, header probe, DCT-scaled decode, sRGB,
  upright, display 2048 + medium 800 + small 320 JPEGs, all metadata stripped);
* baseline: Pillow's bare decode-and-save at full size (open, load, save JPEG quality 82).

Each is warmed up once, then run for R rounds; a round's throughput is photos over the
wall time of the whole round. One more pass times the pipeline's steps separately. The
summary is printed for people, then one JSON line for scripts. Nothing is written to the
repository.
"""

import argparse
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from fractions import Fraction
from pathlib import Path

import numpy as np
from PIL import ExifTags, Image, ImageDraw, ImageFilter, features
from PIL.TiffImagePlugin import IFDRational

WIDTH, HEIGHT = 4032, 3024  # a 12-megapixel 4:3 phone sensor
TARGET = 10.0  # photos per second per core (issue 3)
BASELINE_QUALITY = 82
LAT, LNG = 9.1769, 105.1524  # Cà Mau
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:GCamera="http://ns.google.com/photos/1.0/camera/" '
    b'GCamera:MotionPhoto="0"/></rdf:RDF></x:xmpmeta>'
)


# --- input photos ---------------------------------------------------------------------


def _colour(rng: np.random.Generator, low: int, high: int) -> tuple[int, int, int]:
    r, g, b = (int(v) for v in rng.integers(low, high, 3))
    return r, g, b


def _noise(rng: np.random.Generator, cell: int, amplitude: float) -> np.ndarray:
    """Smooth random texture with features about ``cell`` pixels wide, full size."""
    gw, gh = WIDTH // cell + 2, HEIGHT // cell + 2
    grid = rng.standard_normal((gh, gw), dtype=np.float32)
    up = Image.fromarray(grid, "F").resize((gw * cell, gh * cell), Image.Resampling.BICUBIC)
    return np.asarray(up, dtype=np.float32)[:HEIGHT, :WIDTH] * amplitude


def scene(seed: int) -> Image.Image:
    """A street scene: sky, buildings with windows, a road, shrubs, wires, texture, noise.

    Shapes are drawn at a quarter size and scaled up (soft, lens-like edges); the wires
    are drawn at full size (sharp detail); the texture has three scales, and the sensor
    noise is mostly in brightness, as a phone's is after its own denoising.
    """
    rng = np.random.default_rng(seed)
    sw, sh = WIDTH // 4, HEIGHT // 4
    horizon = int(sh * rng.uniform(0.4, 0.6))
    y = np.linspace(0, 1, sh, dtype=np.float32)[:, None, None]
    x = np.linspace(-1, 1, sw, dtype=np.float32)[None, :, None]
    sky_top, sky_low = rng.uniform([60, 110, 180], [140, 180, 250]), rng.uniform(170, 235, 3)
    near, far = rng.uniform([60, 60, 50], [140, 130, 110]), rng.uniform([30, 30, 25], [90, 80, 70])
    sky = sky_top * (1 - y) + sky_low * y
    ground = far * (1 - y) + near * y
    base = np.where(np.arange(sh)[:, None, None] < horizon, sky, ground) * (1 - 0.2 * x**2)
    small = Image.fromarray(np.clip(base, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(small)
    left = 0
    while left < sw:
        width, height = int(rng.integers(40, 170)), int(rng.integers(30, horizon))
        draw.rectangle((left, horizon - height, left + width, horizon + 4), _colour(rng, 60, 230))
        for wy in range(horizon - height + 6, horizon - 8, 14):
            for wx in range(left + 5, left + width - 8, 12):
                if rng.random() < 0.7:
                    draw.rectangle((wx, wy, wx + 6, wy + 8), _colour(rng, 20, 250))
        left += width + int(rng.integers(0, 30))
    mid = sw * rng.uniform(0.4, 0.6)
    road = [(sw * 0.2, sh), (mid - 8, horizon + 4), (mid + 8, horizon + 4), (sw * 0.9, sh)]
    draw.polygon(road, (70, 70, 75))
    for _ in range(int(rng.integers(20, 40))):
        cx, cy, r = rng.uniform(0, sw), rng.uniform(horizon, sh), rng.uniform(10, 80)
        draw.ellipse((cx - r, cy - 0.7 * r, cx + r, cy + 0.7 * r), _colour(rng, 20, 200))
    full = small.filter(ImageFilter.GaussianBlur(0.6)).resize(
        (WIDTH, HEIGHT), Image.Resampling.BICUBIC
    )
    draw = ImageDraw.Draw(full)
    for _ in range(int(rng.integers(3, 7))):
        y0, y1 = rng.uniform(0, HEIGHT * 0.45, 2)
        draw.line((0, y0, WIDTH, y1), (30, 30, 35), width=int(rng.integers(3, 9)))
    pixels = np.asarray(full, dtype=np.float32)
    # Less texture in the sky than on the ground.
    texture_gain = np.where(np.arange(HEIGHT)[:, None] < horizon * 4, 0.5, 1.2).astype(np.float32)
    texture = _noise(rng, 64, 8) + _noise(rng, 8, 6) + _noise(rng, 2, 5)
    pixels += (texture * texture_gain)[:, :, None]
    pixels += 4 * rng.standard_normal((HEIGHT, WIDTH, 1), dtype=np.float32)
    pixels += 1.5 * rng.standard_normal((HEIGHT, WIDTH, 3), dtype=np.float32)
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def _dms(value: float) -> tuple[Fraction, Fraction, Fraction]:
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = Fraction(((value - degrees) * 60 - minutes) * 60).limit_denominator(10000)
    return Fraction(degrees), Fraction(minutes), seconds


def phone_exif(rng: np.random.Generator, index: int, orientation: int) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PahtBench"
    exif[ExifTags.Base.Model] = "PahtBench Phone 12MP"
    exif[ExifTags.Base.Software] = "PahtBench Camera 2.1"
    exif[ExifTags.Base.Orientation] = orientation
    taken = f"2026:11:{1 + index % 28:02d} {7 + index % 12:02d}:{index % 60:02d}:00"
    exif[ExifTags.Base.DateTime] = taken
    details = exif.get_ifd(ExifTags.IFD.Exif)
    details[ExifTags.Base.DateTimeOriginal] = taken
    details[ExifTags.Base.OffsetTimeOriginal] = "+07:00"
    details[ExifTags.Base.ExposureTime] = IFDRational(1, int(rng.integers(60, 2000)))
    details[ExifTags.Base.FNumber] = IFDRational(18, 10)
    details[ExifTags.Base.ISOSpeedRatings] = int(rng.integers(50, 800))
    details[ExifTags.Base.FocalLength] = IFDRational(554, 100)
    details[ExifTags.Base.MakerNote] = rng.bytes(4096)  # phones write a few kilobytes
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    lat, lng = LAT + rng.uniform(-0.05, 0.05), LNG + rng.uniform(-0.05, 0.05)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = _dms(lat)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = _dms(lng)
    gps[ExifTags.GPS.GPSAltitudeRef] = b"\x00"
    gps[ExifTags.GPS.GPSAltitude] = IFDRational(int(rng.integers(1, 30)), 1)
    return exif


def make_photos(directory: Path, count: int, seed: int) -> list[dict]:
    photos = []
    for index in range(count):
        rng = np.random.default_rng([seed, index])
        orientation = 6 if index % 3 == 2 else 1
        quality = int(rng.integers(90, 93))
        path = directory / f"IMG_{20261124 + index}.jpg"
        scene(seed * 1000 + index).save(
            path, "JPEG", quality=quality, exif=phone_exif(rng, index, orientation), xmp=XMP
        )
        size = path.stat().st_size
        photos.append({"path": path, "orientation": orientation, "quality": quality, "size": size})
    return photos


# --- the two contenders ---------------------------------------------------------------


def run_ours(pipeline, limits, path: Path, out_root: Path):
    return pipeline.process(path, out_root / path.stem, limits)


def run_baseline(path: Path, out_root: Path) -> None:
    with Image.open(path) as im:
        im.load()
        im.save(out_root / path.name, "JPEG", quality=BASELINE_QUALITY)


def timed_round(paths: list[Path], work) -> dict:
    """Run ``work`` on each path; per-photo times, wall and CPU time of the whole round."""
    each = []
    wall, cpu = time.perf_counter(), time.process_time()
    for path in paths:
        start = time.perf_counter()
        work(path)
        each.append(time.perf_counter() - start)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {"each": each, "wall": wall, "cpu": cpu, "rate": len(paths) / wall}


def summarise(rounds: list[dict]) -> dict:
    rates = [r["rate"] for r in rounds]
    per_cpu_s = [len(r["each"]) / r["cpu"] for r in rounds]
    each_ms = [t * 1000 for r in rounds for t in r["each"]]
    return {
        "best_per_s": round(max(rates), 2),
        "median_per_s": round(statistics.median(rates), 2),
        "rounds_per_s": [round(v, 2) for v in rates],
        "ms_p50": round(statistics.median(each_ms), 1),
        "ms_p95": round(statistics.quantiles(each_ms, n=20, method="inclusive")[18], 1),
        "cpu_over_wall": round(sum(r["cpu"] for r in rounds) / sum(r["wall"] for r in rounds), 3),
        "best_per_cpu_s": round(max(per_cpu_s), 2),
    }


def check_outputs(photos: list[dict], out_root: Path) -> None:
    """The pipeline did its job: three clean JPEGs, display upright at 2016 × 1512."""
    for photo in photos:
        folder = out_root / photo["path"].stem
        expected = (1512, 2016) if photo["orientation"] == 6 else (2016, 1512)
        for name in ("display", "medium", "small"):
            with Image.open(folder / f"{name}.jpg") as im:
                if name == "display" and im.size != expected:
                    raise SystemExit(f"{folder}: display is {im.size}, expected {expected}")
                if im.getexif() or "xmp" in im.info or "icc_profile" in im.info:
                    raise SystemExit(f"{folder}/{name}.jpg still carries metadata")


def step_times(pipeline, limits, paths: list[Path], out_root: Path) -> dict:
    """Median ms per photo of each step ``process`` takes, and of the baseline's halves."""
    steps: dict[str, list[float]] = {}

    def clock(name, work):
        start = time.perf_counter()
        result = work()
        steps.setdefault(name, []).append((time.perf_counter() - start) * 1000)
        return result

    def draft_decode(path):
        with Image.open(path) as im:
            scale = pipeline._draft_scale(max(im.size), limits.display_edge)
            im.draft("RGB", (im.width // scale, im.height // scale))
            im.load()

    def full_decode(path):
        with Image.open(path) as im:
            im.load()
            return im.copy()

    for path in paths:
        clock("probe (header, EXIF)", lambda p=path: pipeline.probe(p, limits, verify=False))
        clock("sniff (again)", lambda p=path: pipeline.sniff(p))
        display = clock(
            "decode_upright",
            lambda p=path: pipeline.decode_upright(p, "JPEG", limits, limits.display_edge),
        )
        clock("  of which: 1/2-scale decode alone", lambda p=path: draft_decode(p))
        folder = out_root / "steps" / path.stem
        clock(
            "derive_photo (3 JPEGs)",
            lambda d=display, f=folder: pipeline.derive_photo(d, f, limits),
        )
        clock(
            "  of which: resize to medium alone",
            lambda d=display: d.resize(
                pipeline._fit(d.size, max(limits.thumb_edges)),
                Image.Resampling.BICUBIC,
                reducing_gap=1.0,  # as derive_photo does it
            ),
        )
        clock(
            "  of which: display encode alone",
            lambda d=display: d.save(io.BytesIO(), "JPEG", quality=pipeline.JPEG_QUALITY),
        )
        full = clock("baseline: full decode", lambda p=path: full_decode(p))
        clock(
            "baseline: full encode",
            lambda im=full: im.save(io.BytesIO(), "JPEG", quality=BASELINE_QUALITY),
        )
    return {name: round(statistics.median(values), 1) for name, values in steps.items()}


# --- the machine ----------------------------------------------------------------------


def _proc_field(path: str, key: str) -> str:
    try:
        with open(path) as fh:
            for line in fh:
                name, _, value = line.partition(":")
                if name.strip() == key:
                    return value.strip()
    except OSError:
        pass
    return "unknown"


def _git(*args: str) -> str:
    git = shutil.which("git")
    if git is None:
        return "unknown"
    try:
        done = subprocess.run(  # noqa: S603 (fixed arguments)
            [git, *args], capture_output=True, text=True, check=True, cwd=Path(__file__).parent
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return done.stdout.strip()


def machine_facts(core: int | None, nproc: int) -> dict:
    mem_kb = _proc_field("/proc/meminfo", "MemTotal").split()[0]
    src_changes = _git("status", "--porcelain", "--", "src")
    return {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpu": _proc_field("/proc/cpuinfo", "model name"),
        "cpu_mhz": _proc_field("/proc/cpuinfo", "cpu MHz"),
        "nproc": nproc,
        "ram_gib": round(int(mem_kb) / 1024**2, 1) if mem_kb.isdigit() else None,
        "pinned_cpu": core,
        "load_avg": [round(v, 2) for v in os.getloadavg()],
        "python": platform.python_version(),
        "pillow": Image.__version__,
        "libjpeg_turbo": bool(features.check("libjpeg_turbo")),
        "libjpeg_turbo_version": features.version("libjpeg_turbo"),
        "commit": _git("rev-parse", "--short", "HEAD"),
        "src_modified": bool(src_changes) if src_changes != "unknown" else None,
    }


def pin(requested: int | None) -> tuple[int | None, int]:
    """Pin this process to one CPU (the last one allowed unless told); (cpu, nproc)."""
    if not hasattr(os, "sched_setaffinity"):
        return None, os.cpu_count() or 1
    allowed = sorted(os.sched_getaffinity(0))
    core = allowed[-1] if requested is None else requested
    if core not in allowed:
        raise SystemExit(f"CPU {core} is not available; choose one of {allowed}")
    os.sched_setaffinity(0, {core})
    return core, len(allowed)


def setup_django(data_dir: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paht.settings")
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("PAHT_DATA_DIR", str(data_dir))
    import django

    django.setup()


# --- report ---------------------------------------------------------------------------


def report(facts: dict, photos: list[dict], args, ours: dict, base: dict, steps: dict) -> dict:
    sizes = [p["size"] for p in photos]
    ratio_best = ours["best_per_s"] / base["best_per_s"]
    ratio_median = ours["median_per_s"] / base["median_per_s"]
    met = ours["median_per_s"] >= TARGET
    mb = 1_000_000
    pinned = "not pinned" if facts["pinned_cpu"] is None else f"pinned to CPU {facts['pinned_cpu']}"
    sideways = sum(p["orientation"] == 6 for p in photos)
    lines = [
        "PAHT media benchmark: photo pipeline on 12-megapixel JPEGs, one core",
        f"date      {facts['date']}   commit {facts['commit']}"
        + (" (src modified)" if facts["src_modified"] else ""),
        f"machine   {facts['cpu']}, nproc {facts['nproc']}, {facts['ram_gib']} GiB RAM, "
        f"{pinned}, load average at start {facts['load_avg'][0]}",
        f"software  Python {facts['python']}, Pillow {facts['pillow']}, "
        "libjpeg-turbo "
        + (facts["libjpeg_turbo_version"] if facts["libjpeg_turbo"] else "not used"),
        f"input     {len(photos)} photos {WIDTH}×{HEIGHT}, {sideways} with Orientation 6, "
        f"quality 90–92, mean {statistics.mean(sizes) / mb:.2f} MB "
        f"(min {min(sizes) / mb:.2f}, max {max(sizes) / mb:.2f}), seed {args.seed}",
        f"rounds    {args.rounds} after 1 warm-up; a round = every photo once",
        "",
        f"{'':34}{'best/s':>8}{'median/s':>10}{'ms p50':>9}{'ms p95':>9}"
        f"{'cpu/wall':>10}{'best/cpu-s':>12}",
    ]
    for label, row in (
        ("ours: pipeline.process", ours),
        (f"baseline: decode + save q{BASELINE_QUALITY}", base),
    ):
        lines.append(
            f"{label:34}{row['best_per_s']:>8.2f}{row['median_per_s']:>10.2f}"
            f"{row['ms_p50']:>9.1f}{row['ms_p95']:>9.1f}{row['cpu_over_wall']:>10.3f}"
            f"{row['best_per_cpu_s']:>12.2f}"
        )
    lines += [
        f"{'ratio ours / baseline':34}{ratio_best:>8.2f}{ratio_median:>10.2f}",
        f"rounds/s  ours {ours['rounds_per_s']}  baseline {base['rounds_per_s']}",
        f"target    ≥ {TARGET:g} photos/s/core: "
        + ("met" if met else "NOT met")
        + f" (median {ours['median_per_s']:.2f}/s; best {ours['best_per_s']:.2f}/s; "
        f"best per CPU-second {ours['best_per_cpu_s']:.2f})",
        "",
        "steps, median ms per photo (one more pass):",
        *(f"  {name:38}{value:>8.1f}" for name, value in steps.items()),
    ]
    print("\n".join(lines))
    return {
        "benchmark": "media_photos",
        **facts,
        "photos": len(photos),
        "rounds": args.rounds,
        "seed": args.seed,
        "size": f"{WIDTH}x{HEIGHT}",
        "mean_bytes": round(statistics.mean(sizes)),
        "ours": ours,
        "baseline": base,
        "ratio_best": round(ratio_best, 2),
        "ratio_median": round(ratio_median, 2),
        "target_per_s": TARGET,
        "target_met": met,
        "steps_ms": steps,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--photos", type=int, default=24, help="photos to generate (24)")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds (3)")
    parser.add_argument("--core", type=int, default=None, help="CPU to pin to (the last one)")
    parser.add_argument("--seed", type=int, default=2026, help="seed of the generated photos")
    args = parser.parse_args(argv)
    if args.photos < 2 or args.rounds < 1:
        parser.error("need at least 2 photos and 1 round")

    core, nproc = pin(args.core)
    with tempfile.TemporaryDirectory(prefix="paht-bench-") as tmp:
        tmp = Path(tmp)
        setup_django(tmp / "data")
        from paht.media import pipeline

        limits = pipeline.Limits()
        facts = machine_facts(core, nproc)
        inputs, out_ours, out_base = tmp / "in", tmp / "ours", tmp / "baseline"
        for folder in (inputs, out_ours, out_base):
            folder.mkdir()
        print(f"generating {args.photos} photos in {inputs} …", file=sys.stderr, flush=True)
        photos = make_photos(inputs, args.photos, args.seed)
        paths = [p["path"] for p in photos]

        def ours_work(path):
            return run_ours(pipeline, limits, path, out_ours)

        def base_work(path):
            return run_baseline(path, out_base)

        timed_round(paths, ours_work)  # warm-up
        check_outputs(photos, out_ours)
        timed_round(paths, base_work)
        ours_rounds, base_rounds = [], []
        for number in range(args.rounds):
            print(f"round {number + 1}/{args.rounds} …", file=sys.stderr, flush=True)
            ours_rounds.append(timed_round(paths, ours_work))
            base_rounds.append(timed_round(paths, base_work))
        steps = step_times(pipeline, limits, paths, tmp)
        result = report(facts, photos, args, summarise(ours_rounds), summarise(base_rounds), steps)
    print(json.dumps(result, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
