"""Building models: the shipped one from the labelled set, a deployment's from its history."""

from __future__ import annotations

import hashlib
import json
import logging
import random
from datetime import UTC, datetime

import numpy as np
from django.db.models import Exists, OuterRef, Q

from paht.geo.services import distance_m

from . import store
from .embed import embed
from .model import OUT_OF_SCOPE, Sample, TriageModel, data_digest, train
from .pairs import PairModel, Side, read_sides, train_pairs
from .text import normalize

log = logging.getLogger(__name__)

HISTORY_WEIGHT = 2.0  # a coordinator's confirmation in this province counts double
PAIR_JITTER_M = 40.0  # citizens drop their pins a few dozen metres apart


def _jitter(lat: float, lng: float, rng: random.Random) -> tuple[float, float]:
    dy, dx = rng.uniform(-PAIR_JITTER_M, PAIR_JITTER_M), rng.uniform(-PAIR_JITTER_M, PAIR_JITTER_M)
    return lat + dy / 111_000.0, lng + dx / 110_000.0


def incident_pairs(rows: list[dict], *, seed: int = 96):
    """(text_a, point_a, text_b, point_b, same) for every pair within each cluster, plus a
    few across clusters: same incident = positive, another incident nearby = negative."""
    rng = random.Random(seed)  # noqa: S311 - reproducible jitter, not secrecy
    reports = []  # (cluster, incident, text, point)
    for row in rows:
        for text in row["texts"]:
            reports.append(
                (row["cluster"], row["incident"], text, _jitter(row["lat"], row["lng"], rng))
            )
    by_cluster: dict[str, list] = {}
    for r in reports:
        by_cluster.setdefault(r[0], []).append(r)
    pairs = []
    for members in by_cluster.values():
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                a, b = members[i], members[j]
                pairs.append((a[2], a[3], b[2], b[3], a[1] == b[1]))
    # Far pairs teach that distance counts; a handful is enough.
    for _ in range(len(pairs) // 10):
        a, b = rng.sample(reports, 2)
        if a[0] != b[0]:
            pairs.append((a[2], a[3], b[2], b[3], False))
    return pairs


def write_pair_file(rows: list[dict], path, *, within_m: float = 200.0) -> int:
    """The labelled pairs of ``rows`` within ``within_m`` of each other, in the shape
    `paht triage pair` reads plus ``same_incident``: what `paht triage eval` scores."""
    written = 0
    with open(path, "w", encoding="utf-8") as fh:
        for text_a, (a_lat, a_lng), text_b, (b_lat, b_lng), same in incident_pairs(rows):
            if distance_m(a_lat, a_lng, b_lat, b_lng) > within_m:
                continue
            row = {
                "a": text_a,
                "a_lat": round(a_lat, 6),
                "a_lng": round(a_lng, 6),
                "b": text_b,
                "b_lat": round(b_lat, 6),
                "b_lng": round(b_lng, 6),
                "same_incident": same,
            }
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            written += 1
    return written


def _pair_sides(model: TriageModel, pairs) -> list[tuple[Side, Side]]:
    texts, points = [], []
    for text_a, point_a, text_b, point_b, _ in pairs:
        texts += [text_a, text_b]
        points += [point_a, point_b]
    # Each distinct text is read once.
    unique = {}
    for t, p in zip(texts, points, strict=True):
        unique.setdefault((t, p), None)
    keys = list(unique)
    sides = read_sides(model, [k[0] for k in keys], [k[1] for k in keys])
    index = dict(zip(keys, sides, strict=True))
    return [(index[(p[0], p[1])], index[(p[2], p[3])]) for p in pairs]


def train_pair_model(model: TriageModel, rows: list[dict]) -> PairModel:
    pairs = incident_pairs(rows)
    return train_pairs(_pair_sides(model, pairs), [p[4] for p in pairs])


def build_shipped() -> TriageModel:
    """Train the model shipped in the package from the labelled train split."""
    samples = store.shipped_samples()
    vectors = embed([normalize(s.text) for s in samples])
    model = train(samples, vectors=vectors)
    model.pair = train_pair_model(model, store.read_jsonl(store.INCIDENTS_TRAIN))
    model.meta.update(
        source="shipped",
        data_sha256=data_digest(samples),
        trained_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    np.save(store.SHIPPED_VECTORS, vectors.astype(np.float16))
    write_pair_file(store.read_jsonl(store.INCIDENTS_TEST), store.PAIRS_TEST)
    store.save(model, store.SHIPPED_MODEL)
    return model


def _shipped_vectors(samples: list[Sample]) -> np.ndarray:
    try:
        vectors = np.load(store.SHIPPED_VECTORS).astype(np.float32)
    except FileNotFoundError:
        vectors = None
    if vectors is None or len(vectors) != len(samples):
        vectors = embed([normalize(s.text) for s in samples])
    return vectors


def history_samples() -> list[Sample]:
    """Reports whose field or out-of-scope reason a coordinator confirmed.

    Confirmed: the coordinator assigned the report to a unit or corrected its field (the
    field is then right), or returned it with an out-of-scope reason (the reason is).
    """
    from paht.reports.models import Report, ReportEvent

    confirmed_field = ReportEvent.objects.filter(
        report=OuterRef("pk"), actor_role="coordinator", action__in=["assign", "reclassify"]
    )
    rows = (
        Report.objects.filter(
            Q(Exists(confirmed_field)) | Q(return_reason__code__in=OUT_OF_SCOPE),
            merged_into__isnull=True,
        )
        .select_related("field", "return_reason")
        .only("description", "field__code", "return_reason__code", "state")
        .order_by("pk")
    )
    samples = []
    for report in rows.iterator(chunk_size=500):
        if report.return_reason and report.return_reason.code in OUT_OF_SCOPE:
            label = report.return_reason.code
        elif report.state == "returned":
            continue  # returned for another reason (spam, unclear): says nothing of the field
        else:
            label = report.field.code
        samples.append(Sample(text=report.description, label=label, weight=HISTORY_WEIGHT))
    return samples


def build_from_history() -> tuple[TriageModel | None, int]:
    """Retrain on the shipped set plus the deployment's confirmed reports and save it as
    the deployment's model. Returns (model, history size); no history leaves the shipped
    model in charge and writes nothing."""
    history = history_samples()
    if not history:
        return None, 0
    shipped = store.shipped_samples()
    base_vectors = _shipped_vectors(shipped)
    history_vectors = embed([normalize(s.text) for s in history])
    samples = shipped + history
    shipped_model = store.read_shipped()
    model = train(
        samples,
        vectors=np.vstack([base_vectors, history_vectors]),
        settled_mix=shipped_model.mix,
    )
    model.pair = shipped_model.pair  # duplicates are judged the same everywhere
    model.meta.update(
        source="history",
        history=len(history),
        data_sha256=hashlib.sha256(data_digest(samples).encode()).hexdigest(),
        trained_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    store.save(model, store.deployment_model_path())
    log.info("triage model trained samples=%s history=%s", len(samples), len(history))
    return model, len(history)
