"""``paht media process FILE... --out DIR``: the upload pipeline on local files.

Prints one JSON line per file: what was detected and read before stripping, and the
public files written — or the refusal and why. Exits 1 if any file was refused.
``paht media recover`` queues stalled files again and deletes expired orphan uploads.
"""

import json
import shutil
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from paht.media import pipeline, services


class Command(BaseCommand):
    help = "Run the media pipeline on local files, or recover stalled media processing."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["process", "recover"])
        parser.add_argument("files", nargs="*", help="Photos or videos to process.")
        parser.add_argument("--out", help="Directory for the public files (process).")

    def handle(self, *args, action, files, out, **options):
        translation.activate("vi")
        if action == "recover":
            queued = services.recover_stalled()
            purged = services.purge_orphans()
            self.stdout.write(json.dumps({"requeued": queued, "purged": purged}))
            return
        if not files or not out:
            raise CommandError("usage: paht media process FILE... --out DIR")
        out_dir = Path(out)
        out_dir.mkdir(parents=True, exist_ok=True)
        refused = 0
        for name in files:
            line = self._process(Path(name), out_dir, services.current_limits())
            refused += not line["ok"]
            self.stdout.write(json.dumps(line, ensure_ascii=False))
        if refused:
            raise SystemExit(1)

    def _process(self, path: Path, out_dir: Path, limits) -> dict:
        line: dict = {"file": str(path)}
        if not path.is_file():
            return {**line, "ok": False, "error": {"code": "not_found", "message": "Không có tệp."}}
        work = Path(tempfile.mkdtemp(prefix="paht-cli-"))
        try:
            info, derived = pipeline.process(path, work, limits)
        except pipeline.MediaRefused as exc:
            shutil.rmtree(work, ignore_errors=True)
            return {**line, "ok": False, "error": {"code": exc.code, "message": str(exc.message)}}
        written = []
        for variant, produced in derived.files.items():
            target = _free_name(out_dir / f"{path.stem}.{variant}{produced.suffix}")
            shutil.move(produced, target)
            written.append(str(target))
        shutil.rmtree(work, ignore_errors=True)
        return {
            **line,
            "ok": True,
            "kind": info.kind,
            "format": info.format,
            "size": info.size,
            "width": derived.width,
            "height": derived.height,
            "duration": derived.duration,
            "reencoded": derived.reencoded,
            "taken_at": info.taken_at.isoformat() if info.taken_at else None,
            "lat": info.lat,
            "lng": info.lng,
            "written": written,
        }


def _free_name(target: Path) -> Path:
    n = 2
    candidate = target
    while candidate.exists():
        candidate = target.with_name(f"{target.stem}-{n}{target.suffix}")
        n += 1
    return candidate
