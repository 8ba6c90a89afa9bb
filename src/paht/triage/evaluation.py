"""Measuring the models on labelled files: what `paht triage eval` prints."""

from __future__ import annotations

from dataclasses import dataclass

from .model import TriageModel


@dataclass(frozen=True)
class ClassStats:
    label: str
    support: int
    precision: float
    recall: float


@dataclass(frozen=True)
class Report:
    total: int
    top1: float
    top3: float
    per_class: list[ClassStats]
    labels: list[str]
    confusion: list[list[int]]  # rows: truth, columns: prediction, in ``labels`` order
    scope_precision: float  # of "out of scope" flags
    scope_recall: float
    scope_support: int


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def evaluate(model: TriageModel, rows: list[dict], *, batch: int = 64) -> Report:
    """``rows`` carry ``text``, ``category`` and ``in_scope``. An out-of-scope row's
    category may be the return reason's code (as in the shipped set) or a field's."""
    predictions = []
    for start in range(0, len(rows), batch):
        predictions += model.predict([r["text"] for r in rows[start : start + batch]])
    labels = sorted({r["category"] for r in rows} | set(model.classes))
    index = {label: i for i, label in enumerate(labels)}
    confusion = [[0] * len(labels) for _ in labels]
    top1 = top3 = 0
    tp = flagged = actual = 0
    for row, p in zip(rows, predictions, strict=True):
        truth = row["category"]
        confusion[index[truth]][index[p.category]] += 1
        top1 += p.category == truth
        top3 += truth in {c for c, _ in p.top3}
        is_out = not row.get("in_scope", True)
        actual += is_out
        flagged += not p.in_scope
        tp += is_out and not p.in_scope
    per_class = []
    for label in labels:
        i = index[label]
        support = sum(confusion[i])
        if not support and not any(confusion[r][i] for r in range(len(labels))):
            continue
        predicted = sum(confusion[r][i] for r in range(len(labels)))
        per_class.append(
            ClassStats(
                label, support, _ratio(confusion[i][i], predicted), _ratio(confusion[i][i], support)
            )
        )
    n = len(rows)
    return Report(
        total=n,
        top1=_ratio(top1, n),
        top3=_ratio(top3, n),
        per_class=per_class,
        labels=labels,
        confusion=confusion,
        scope_precision=_ratio(tp, flagged),
        scope_recall=_ratio(tp, actual),
        scope_support=actual,
    )


def format_report(r: Report) -> str:
    lines = [
        f"samples: {r.total}",
        f"top-1 accuracy: {r.top1:.3f}",
        f"top-3 accuracy: {r.top3:.3f}",
        f"out of scope: precision {r.scope_precision:.3f}  recall {r.scope_recall:.3f}"
        f"  (support {r.scope_support})",
        "",
        f"{'class':<22}{'support':>8}{'precision':>11}{'recall':>8}",
    ]
    for c in r.per_class:
        lines.append(f"{c.label:<22}{c.support:>8}{c.precision:>11.3f}{c.recall:>8.3f}")
    short = [label[:6] for label in r.labels]
    lines += ["", "confusion matrix (rows: truth, columns: predicted)"]
    lines.append(" " * 22 + "".join(f"{s:>7}" for s in short))
    for label, row in zip(r.labels, r.confusion, strict=True):
        if any(row) or any(rr[r.labels.index(label)] for rr in r.confusion):
            lines.append(f"{label:<22}" + "".join(f"{v:>7}" for v in row))
    return "\n".join(lines)


@dataclass(frozen=True)
class PairReport:
    total: int
    precision: float
    recall: float
    f1: float
    accuracy: float


def evaluate_pairs(rows: list[dict], scores: list[float], threshold: float) -> PairReport:
    tp = fp = fn = correct = 0
    for row, score in zip(rows, scores, strict=True):
        guess, truth = score >= threshold, bool(row["same_incident"])
        tp += guess and truth
        fp += guess and not truth
        fn += truth and not guess
        correct += guess == truth
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    f1 = _ratio(2 * tp, 2 * tp + fp + fn)
    return PairReport(len(rows), precision, recall, f1, _ratio(correct, len(rows)))


def format_pair_report(r: PairReport) -> str:
    return (
        f"pairs: {r.total}\naccuracy: {r.accuracy:.3f}\n"
        f"same incident: precision {r.precision:.3f}  recall {r.recall:.3f}  F1 {r.f1:.3f}"
    )
