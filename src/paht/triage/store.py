"""Where models live: the one shipped in the package, and the deployment's own.

``paht triage train`` writes the deployment's model under ``PAHT_DATA_DIR/triage/``;
until it exists (a cold start), or if it cannot be read, the shipped model answers.
"""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path

from django.conf import settings

log = logging.getLogger(__name__)

DATA = Path(__file__).resolve().parent / "data"
SHIPPED_MODEL = DATA / "model.joblib"
SHIPPED_VECTORS = DATA / "train_vectors.npy"
TRAIN_FILE = DATA / "train.jsonl"
TEST_FILE = DATA / "test.jsonl"
INCIDENTS_TRAIN = DATA / "incidents_train.jsonl"
INCIDENTS_TEST = DATA / "incidents_test.jsonl"
PAIRS_TEST = DATA / "pairs_test.jsonl"  # built from INCIDENTS_TEST by `train --shipped`

_lock = threading.Lock()
_cache: dict[str, tuple[float, object]] = {}  # path -> (mtime, TriageModel)


def deployment_model_path() -> Path:
    return Path(settings.DATA_DIR) / "triage" / "model.joblib"


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def shipped_samples() -> list:
    from .model import Sample

    return [Sample(text=row["text"], label=row["category"]) for row in read_jsonl(TRAIN_FILE)]


def save(model, path: Path) -> None:
    import joblib

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    joblib.dump(model, tmp, compress=3)
    tmp.replace(path)  # readers never see half a file


def _read(path: Path):
    try:
        stamp = path.stat().st_mtime
    except FileNotFoundError:
        return None
    cached = _cache.get(str(path))
    if cached and cached[0] == stamp:
        return cached[1]
    import joblib

    from .model import FORMAT, TriageModel

    try:
        model = joblib.load(path)
    except Exception:
        log.exception("triage model unreadable: %s", path.name)
        return None
    if not isinstance(model, TriageModel) or model.meta.get("format") != FORMAT:
        log.warning("triage model of another format ignored: %s", path.name)
        return None
    _cache[str(path)] = (stamp, model)
    return model


def read_shipped():
    with _lock:
        return _read(SHIPPED_MODEL) or _missing()


def load():
    """The deployment's model if it has one, else the shipped one."""
    with _lock:
        return _read(deployment_model_path()) or _read(SHIPPED_MODEL) or _missing()


def _missing():
    raise FileNotFoundError(
        f"No triage model: {SHIPPED_MODEL} is missing; run `paht triage train --shipped`."
    )
