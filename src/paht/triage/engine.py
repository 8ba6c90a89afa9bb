"""The models' answers for plain texts and points (no database): commands, API, services."""

from __future__ import annotations

from . import store
from .model import Prediction
from .pairs import read_sides

Point = tuple[float | None, float | None]


def predictions(texts: list[str]) -> list[Prediction]:
    return store.load().predict(texts)


def predict(text: str) -> Prediction:
    return predictions([text])[0]


def pair_scores(items: list[tuple[str, Point, str, Point]]) -> tuple[list[float], float]:
    """Same-incident scores for (text_a, point_a, text_b, point_b) pairs, and the threshold
    above which a pair counts as one incident."""
    model = store.load()
    if model.pair is None:
        raise RuntimeError("the triage model has no pair model; rebuild it")
    texts, points = [], []
    for a, pa, b, pb in items:
        texts += [a, b]
        points += [pa, pb]
    sides = read_sides(model, texts, points)
    pairs = [(sides[2 * i], sides[2 * i + 1]) for i in range(len(items))]
    return model.pair.scores(pairs), model.pair.threshold
