"""Are two reports about the same incident? A small model over text and place.

Features of a pair: how close the two texts are (embedding cosine, character n-gram
cosine on the unaccented text, shared words, shared numbers such as house numbers and
alley numbers), whether the classifier puts them in the same field, and how far apart
their points are. A logistic regression, trained on incidents several citizens
reported, weighs them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression

from paht.geo.services import distance_m as geo_distance_m

from .text import both_forms

FAR_M = 300.0  # beyond this, distance adds no more evidence against
_NUMBER = re.compile(r"\b\d{1,4}\b")
# Words too common in reports to say anything about which incident it is.
STOPWORDS = frozenset(
    [
        "va",
        "la",
        "co",
        "cua",
        "cho",
        "o",
        "tai",
        "thi",
        "ma",
        "nay",
        "do",
        "da",
        "dang",
        "bi",
        "rat",
        "qua",
        "nhieu",
        "nhu",
        "nhung",
        "cac",
        "mot",
        "duoc",
        "khong",
        "roi",
        "lam",
        "nguoi",
        "dan",
        "ben",
        "tren",
        "trong",
        "ngoai",
        "sau",
        "truoc",
        "gan",
        "ay",
        "nen",
        "can",
        "de",
        "xin",
        "nghi",
        "kinh",
        "gui",
        "ubnd",
        "uy",
        "ban",
        "nhan",
        "phuong",
        "xa",
        "quan",
        "huyen",
        "thanh",
        "pho",
        "tinh",
        "con",
        "ve",
    ]
)


@dataclass(frozen=True)
class Side:
    """One report as the pair model reads it."""

    folded: str
    vector: np.ndarray
    chars: object  # one row of the char TF-IDF matrix (sparse, L2-normalised)
    probs: np.ndarray  # the classifier's class probabilities
    lat: float | None
    lng: float | None

    @property
    def words(self) -> set[str]:
        return {w for w in self.folded.split() if w not in STOPWORDS and not w.isdigit()}

    @property
    def numbers(self) -> set[str]:
        return set(_NUMBER.findall(self.folded))


def read_sides(model, texts: list[str], points: list[tuple[float | None, float | None]]):
    """Sides for ``texts`` using the triage model's readers (one embedding batch)."""
    from .embed import embed

    forms = [both_forms(t) for t in texts]
    accented = [a for a, _ in forms]
    folded = [f for _, f in forms]
    vectors = embed(accented)
    chars = model.chars.transform(folded)
    probs = model.probabilities(texts, vectors)
    return [
        Side(folded[i], vectors[i], chars[i], probs[i], points[i][0], points[i][1])
        for i in range(len(texts))
    ]


def distance_m(a: Side, b: Side) -> float | None:
    if None in (a.lat, a.lng, b.lat, b.lng):
        return None
    return geo_distance_m(a.lat, a.lng, b.lat, b.lng)


def features(a: Side, b: Side) -> list[float]:
    cosine = float(a.vector @ b.vector)
    char_cosine = float(a.chars.multiply(b.chars).sum())
    wa, wb = a.words, b.words
    jaccard = len(wa & wb) / max(len(wa | wb), 1)
    na, nb = a.numbers, b.numbers
    shared_number = 1.0 if na & nb else 0.0
    clashing_numbers = 1.0 if na and nb and not (na & nb) else 0.0
    same_field = float(np.argmax(a.probs) == np.argmax(b.probs))
    field_agreement = float(np.sqrt(a.probs) @ np.sqrt(b.probs))  # Bhattacharyya
    d = distance_m(a, b)
    near = 0.0 if d is None else min(d, FAR_M) / FAR_M
    unknown_place = 1.0 if d is None else 0.0
    return [
        cosine,
        char_cosine,
        jaccard,
        shared_number,
        clashing_numbers,
        same_field,
        field_agreement,
        near,
        unknown_place,
    ]


@dataclass
class PairModel:
    clf: LogisticRegression
    threshold: float = 0.5

    def score(self, a: Side, b: Side) -> float:
        return float(self.clf.predict_proba([features(a, b)])[0, 1])

    def scores(self, pairs: list[tuple[Side, Side]]) -> list[float]:
        if not pairs:
            return []
        x = np.array([features(a, b) for a, b in pairs])
        return [float(p) for p in self.clf.predict_proba(x)[:, 1]]


def train_pairs(pairs: list[tuple[Side, Side]], same: list[bool]) -> PairModel:
    x = np.array([features(a, b) for a, b in pairs])
    y = np.array(same, dtype=int)
    clf = LogisticRegression(C=10.0, max_iter=2000, class_weight="balanced").fit(x, y)
    probs = clf.predict_proba(x)[:, 1]
    best, best_f1 = 0.5, -1.0
    for t in np.arange(0.3, 0.81, 0.02):
        flagged = probs >= t
        tp = float(np.sum(flagged & (y == 1)))
        precision = tp / max(flagged.sum(), 1)
        recall = tp / max((y == 1).sum(), 1)
        f1 = 2 * precision * recall / max(precision + recall, 1e-9)
        if f1 > best_f1 + 1e-9:
            best, best_f1 = float(t), f1
    return PairModel(clf=clf, threshold=round(best, 2))
