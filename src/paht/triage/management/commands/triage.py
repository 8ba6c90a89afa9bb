"""`paht triage predict|pair|eval|train`: the triage models from the command line.

``predict`` and ``pair`` read JSON Lines on stdin and write one JSON line per input line
to stdout, in order; a line that cannot be read gets ``{"error": …}`` in its place and
the command ends with status 1.
"""

import json
import sys
import time

from django.core.management.base import BaseCommand, CommandError

from ... import store
from ...engine import pair_scores, predictions
from ...evaluation import evaluate, evaluate_pairs, format_pair_report, format_report

BATCH = 64


def _number(value):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("coordinates must be numbers")
    return float(value)


class Command(BaseCommand):
    help = "Field suggestion, out-of-scope detection and duplicate scoring (triage models)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("predict", help="JSON Lines {id, text, lat?, lng?} on stdin")
        sub.add_parser("pair", help="JSON Lines {a, a_lat, a_lng, b, b_lat, b_lng} on stdin")
        ev = sub.add_parser("eval", help="accuracy, precision/recall, confusion matrix")
        ev.add_argument("file", help="JSON Lines with text, category, in_scope (or pairs)")
        train = sub.add_parser(
            "train", help="retrain from reports coordinators confirmed (or --shipped)"
        )
        train.add_argument(
            "--shipped",
            action="store_true",
            help="rebuild the model shipped in the package from its labelled data",
        )

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    # -- stdin/stdout streams ----------------------------------------------------------
    def _stream(self, parse, run):
        failed = False
        batch = []

        def flush():
            good = [(i, item) for i, item in enumerate(batch) if not isinstance(item, str)]
            results = run([item for _, item in good]) if good else []
            answers = dict(zip([i for i, _ in good], results, strict=True))
            for i, item in enumerate(batch):
                out = {"error": item} if isinstance(item, str) else answers[i]
                sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
            sys.stdout.flush()
            batch.clear()

        for line in sys.stdin:
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                if not isinstance(row, dict):
                    raise ValueError("each line must be a JSON object")
                batch.append(parse(row))
            except (ValueError, KeyError, TypeError) as exc:
                failed = True
                batch.append(f"invalid line: {exc}")
            if len(batch) >= BATCH:
                flush()
        if batch:
            flush()
        if failed:
            raise CommandError("some lines could not be read; see the error lines")

    def _predict(self, **options):
        def parse(row):
            text = row["text"]
            if not isinstance(text, str):
                raise ValueError("text must be a string")
            return (row.get("id"), text, _number(row.get("lat")), _number(row.get("lng")))

        def run(items):
            out = []
            for (id_, *_), p in zip(items, predictions([i[1] for i in items]), strict=True):
                out.append(
                    {
                        "id": id_,
                        "category": p.category,
                        "top3": [code for code, _ in p.top3],
                        "in_scope": p.in_scope,
                        "reason": p.reason,
                        "confidence": round(p.confidence, 4),
                    }
                )
            return out

        self._stream(parse, run)

    def _pair(self, **options):
        def parse(row):
            for key in ("a", "b"):
                if not isinstance(row[key], str):
                    raise ValueError(f"{key} must be a string")
            return (
                row["a"],
                (_number(row.get("a_lat")), _number(row.get("a_lng"))),
                row["b"],
                (_number(row.get("b_lat")), _number(row.get("b_lng"))),
            )

        def run(items):
            scores, threshold = pair_scores(items)
            return [{"same_incident": s >= threshold, "score": round(s, 4)} for s in scores]

        self._stream(parse, run)

    # -- evaluation and training -------------------------------------------------------
    def _eval(self, *, file, **options):
        try:
            rows = store.read_jsonl(file)
        except (OSError, ValueError) as exc:
            raise CommandError(f"cannot read {file}: {exc}") from None
        if not rows:
            raise CommandError(f"{file} has no lines")
        if "same_incident" in rows[0]:
            items = [
                (r["a"], (r.get("a_lat"), r.get("a_lng")), r["b"], (r.get("b_lat"), r.get("b_lng")))
                for r in rows
            ]
            scores, threshold = pair_scores(items)
            self.stdout.write(format_pair_report(evaluate_pairs(rows, scores, threshold)))
            return
        missing = [i + 1 for i, r in enumerate(rows) if "text" not in r or "category" not in r]
        if missing:
            raise CommandError(f"lines without text or category: {missing[:10]}")
        self.stdout.write(format_report(evaluate(store.load(), rows)))

    def _train(self, *, shipped, **options):
        from ...training import build_from_history, build_shipped

        started = time.monotonic()
        if shipped:
            model = build_shipped()
            self.stdout.write(
                f"shipped model: {model.meta['samples']} samples, cross-validated accuracy "
                f"{model.meta['cv_accuracy']:.3f}, mix {model.mix}, pair threshold "
                f"{model.pair.threshold} "
                f"({time.monotonic() - started:.1f} s)"
            )
            return
        model, history = build_from_history()
        if model is None:
            self.stdout.write(
                "no confirmed reports yet: the shipped model stays in use (cold start)"
            )
            return
        self.stdout.write(
            f"trained on {model.meta['samples']} samples ({history} from this deployment's "
            f"confirmed reports) in {time.monotonic() - started:.1f} s; saved to "
            f"{store.deployment_model_path()}"
        )
