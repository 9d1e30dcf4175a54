"""The word2vec training of docs/embeddings/word2vec.md, timed: one file for CPython and the browser.

    PYTHONPATH=pysrc NLPLAB_COURSE_DATA=docs/assets/build/data python bench/word2vec_kernel.py '{"repeats": 1}'

`measure(config)` trains nlplab.embeddings.SkipGram as the page's training cell does (the 2,000 most
frequent words of the Korean Wikipedia morphemes, 50 dimensions, window 2, 5 negatives, subsampling
1e-3, one epoch, batches of 2,048 pairs, Adam at 0.03, float32) and returns, per run, the seconds
of `fit`, the corpus words it read (the tokens of the 2,000 words, before subsampling: what
word2vec's "words/sec" counts), the pairs it trained on, and the final loss. bench/word2vec_browser.py
runs this file in the course's worker in Chromium and as a CPython process, and compares.
"""

from __future__ import annotations

import json
import platform
import sys
import time

import numpy as np


def measure(config: dict) -> dict:
    from nlplab.datasets import course_file, load_token_corpus
    from nlplab.embeddings import SkipGram

    V, dim = config.get("vocab", 2000), config.get("dim", 50)
    started = time.perf_counter()
    corpus = load_token_corpus(course_file("kowiki-morphemes.npz"))
    kept = [s[s < V] for s in corpus.sentences()]
    words = int(sum(len(s) for s in kept))
    load_s = time.perf_counter() - started
    runs = []
    for _ in range(config.get("repeats", 1)):
        model = SkipGram(V, dim, window=2, negatives=5, subsample=1e-3, seed=0, dtype=np.float32)
        started = time.perf_counter()
        model.fit(kept, epochs=1, batch_size=2048, lr=0.03)
        seconds = time.perf_counter() - started
        runs.append({"fit_s": seconds, "words": words, "pairs": int(model.pairs_seen_),
                     "steps": len(model.history_), "final_loss": float(np.mean(model.history_[-20:])),
                     "words_per_s": words / seconds, "pairs_per_s": model.pairs_seen_ / seconds})
    return {"python": platform.python_implementation() + " " + platform.python_version(),
            "platform": sys.platform, "numpy": np.__version__, "load_s": load_s, "runs": runs}


if __name__ == "__main__":
    print("BENCH-JSON " + json.dumps(measure(json.loads(sys.argv[1] if len(sys.argv) > 1 else "{}"))))
