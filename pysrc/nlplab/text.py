"""From raw text to numbers: tokenizers, bag-of-words counts (TDM) and TF-IDF.

Tokenizers (plain functions, one document in, a list of strings out):

- `whitespace_tokenize(text)`: split on runs of whitespace.
- `regex_tokenize(text, pattern)`: every match of a regular expression.
- `korean_tokenize(text)`: `regex_tokenize` with `KOREAN_TOKEN_PATTERN`, which keeps
  one-syllable words.
- `word_ngrams(tokens, n)`: word n-grams of a token list, joined with a space.
- `char_ngrams(text, n, word_boundary=False)`: character n-grams; a Hangul syllable is one
  character (the text is NFC-normalised first, so decomposed jamo are recombined).
- `PrefixLemmatizer(lemmas)`: a tiny stand-in for a morphological analyser that maps
  "오늘은" / "오늘도" -> "오늘" and "먹었다" -> "먹다" by the longest known stem.

Vectorizers, with scikit-learn's semantics and defaults (checked against scikit-learn 1.9.1):

- `CountVectorizer`: documents -> (n_documents, n_terms) term counts, the lecture's TDM
  (rows are documents, columns the terms of `vocabulary_` sorted alphabetically).
- `TfidfTransformer`: counts -> tf-idf weights, `tf * idf` with `idf = ln((1 + n) / (1 + df)) + 1`.
- `TfidfVectorizer`: `CountVectorizer` then `TfidfTransformer`.

Results are dense NumPy arrays (teaching scale). Built with `sparse=True`, the vectorizers return
`scipy.sparse.csr_matrix` instead; scipy is imported only then.

Why not scikit-learn's default `token_pattern` for Korean: `r"(?u)\\b\\w\\w+\\b"` keeps only
tokens of two or more characters, and one Hangul syllable is one character, so words such as
"나", "이", "밥", "좋" vanish without a warning. `KOREAN_TOKEN_PATTERN = r"(?u)\\b\\w+\\b"` keeps
them (and, in English, one-letter words such as "a" and "I").
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from numbers import Integral, Real
from typing import Callable, Iterable, Mapping, NamedTuple

import numpy as np

from ._checks import (
    callable_or_none,
    check_allocation,
    check_no_nan_or_infinity,
    describe,
    float32_or_float64,
    is_scipy_sparse,
    strings,
)

__all__ = [
    "SKLEARN_TOKEN_PATTERN",
    "KOREAN_TOKEN_PATTERN",
    "whitespace_tokenize",
    "regex_tokenize",
    "korean_tokenize",
    "word_ngrams",
    "char_ngrams",
    "PrefixLemmatizer",
    "CountVectorizer",
    "TfidfTransformer",
    "TfidfVectorizer",
]

#: scikit-learn's default: tokens of 2+ word characters ("나", "밥", "a" are dropped).
SKLEARN_TOKEN_PATTERN = r"(?u)\b\w\w+\b"
#: Korean-safe: tokens of 1+ word characters, so one-syllable words ("나", "이", "밥") survive.
KOREAN_TOKEN_PATTERN = r"(?u)\b\w+\b"

# scikit-learn collapses runs of two or more whitespace characters before char n-grams
# (a single tab or newline is kept as it is).
_WHITE_SPACES = re.compile(r"\s\s+")


# --------------------------------------------------------------------------- tokenizers


def whitespace_tokenize(text: str) -> list[str]:
    """Split `text` on runs of whitespace: "어제  밥,\\t오늘도 밥" -> ["어제", "밥,", "오늘도", "밥"]."""
    return _check_text("whitespace_tokenize", text).split()


def regex_tokenize(text: str, pattern: str = KOREAN_TOKEN_PATTERN) -> list[str]:
    """Every non-overlapping match of `pattern` in `text`, left to right (`re.findall`).

    With one capturing group in `pattern`, the group is returned (scikit-learn's rule);
    more than one group is refused.
    """
    compiled = _compile_token_pattern("regex_tokenize", pattern)
    return compiled.findall(_check_text("regex_tokenize", text))


def korean_tokenize(text: str) -> list[str]:
    """Korean-safe word tokens: maximal runs of letters/digits, one syllable included.

    "나는 밥을 먹었다" -> ["나는", "밥을", "먹었다"]; "나 밥 먹어" -> ["나", "밥", "먹어"]
    (scikit-learn's default pattern would give only ["먹어"]). No morphological analysis:
    particles stay attached ("밥을"); see `PrefixLemmatizer` for a small remedy.
    """
    return _compile_token_pattern("korean_tokenize", KOREAN_TOKEN_PATTERN).findall(_check_text("korean_tokenize", text))


def _ngram_bounds(where: str, n, name: str = "ngram_range") -> tuple[int, int]:
    """`n` as (min_n, max_n): an int n means (n, n); a pair is checked 1 <= min_n <= max_n."""
    if isinstance(n, Integral) and not isinstance(n, bool):
        min_n, max_n = int(n), int(n)
    else:
        try:
            min_n, max_n = n
        except (TypeError, ValueError):
            raise ValueError(f"{where}: {name} must be an int or a pair (min_n, max_n), got {n!r}") from None
        if not all(isinstance(v, Integral) and not isinstance(v, bool) for v in (min_n, max_n)):
            raise ValueError(f"{where}: {name} must hold integers, got {n!r}")
    if not 1 <= min_n <= max_n:
        raise ValueError(f"{where}: {name} must satisfy 1 <= min_n <= max_n, got {(min_n, max_n)}")
    return int(min_n), int(max_n)


def _stop_word_set(where: str, stop_words) -> frozenset | None:
    """stop_words as a set of words; a str is refused (`w in "오늘밥"` would match substrings)."""
    if stop_words is None:
        return None
    if isinstance(stop_words, str):
        raise TypeError(f"{where}: stop_words에는 단어의 리스트(또는 집합)가 와야 합니다, 받은 값: {describe(stop_words)}. "
                        f"문자열 하나로는 부분 문자열이 걸러집니다: [{stop_words!r}]처럼 리스트로 감싸세요")
    return frozenset(strings(where, "stop_words", stop_words, item="단어"))


def word_ngrams(tokens: Iterable[str], n=1, stop_words=None) -> list[str]:
    """Word n-grams of a token list, scikit-learn's order: all unigrams, then bigrams, ...

    Args:
        tokens: the tokens of one document, a list of str (a str itself is refused: it would
            give character n-grams; tokenize it first, e.g. "오늘 밥".split()).
        n: an int, or (min_n, max_n) for every length in that range.
        stop_words: a list or set of tokens removed before the n-grams are formed (None keeps all).

    Returns:
        list of strings; an n-gram is its tokens joined by one space ("오늘 밥").
    """
    where = "word_ngrams"
    min_n, max_n = _ngram_bounds(where, n, "ngram_range (n)")
    tokens = strings(where, "tokens", tokens, item="토큰")
    stop_words = _stop_word_set(where, stop_words)
    if stop_words is not None:
        tokens = [w for w in tokens if w not in stop_words]
    ngrams = []
    for size in range(min_n, min(max_n, len(tokens)) + 1):
        for i in range(len(tokens) - size + 1):
            ngrams.append(" ".join(tokens[i : i + size]))
    return ngrams


def char_ngrams(text: str, n=1, word_boundary: bool = False, normalize: bool = True) -> list[str]:
    """Character n-grams; on Korean text a character is a whole syllable ("한", never a jamo).

    Python strings are sequences of code points and, in NFC form, each Hangul syllable is one
    code point, so slicing cuts between syllables. Text in decomposed form (NFD, e.g. file
    names from macOS: "한" = "ᄒ" + "ᅡ" + "ᆫ") is recombined first when `normalize` is True.

    Args:
        text: one document.
        n: an int, or (min_n, max_n) for every length in that range.
        word_boundary: False is scikit-learn's analyzer='char' (n-grams run across spaces);
            True is analyzer='char_wb' (n-grams stay inside words padded with one space).
        normalize: NFC-normalise `text` first (the vectorizers use False, as scikit-learn).

    Returns:
        list of strings, in scikit-learn's order. Runs of 2+ whitespace characters count as one
        space. `char_ngrams("자연어", 2)` -> ["자연", "연어"].
    """
    min_n, max_n = _ngram_bounds("char_ngrams", n, "ngram_range (n)")
    text = _check_text("char_ngrams", text)
    if normalize:
        text = unicodedata.normalize("NFC", text)
    text = _WHITE_SPACES.sub(" ", text)
    if not word_boundary:
        ngrams = []
        for size in range(min_n, min(max_n, len(text)) + 1):
            for i in range(len(text) - size + 1):
                ngrams.append(text[i : i + size])
        return ngrams
    ngrams = []
    for word in text.split():
        padded = " " + word + " "
        for size in range(min_n, max_n + 1):
            offset = 0
            ngrams.append(padded[offset : offset + size])
            while offset + size < len(padded):
                offset += 1
                ngrams.append(padded[offset : offset + size])
            if offset == 0:
                # the padded word is no longer than `size`: it was counted once, and longer
                # n-grams would repeat it (scikit-learn stops here too)
                break
    return ngrams


class PrefixLemmatizer:
    """Map each word to the lemma of its longest known stem: a tiny morphological analyser.

    The lecture counts lemmas ("오늘은", "오늘도" -> "오늘"; "먹었다" -> "먹다"). Real Korean
    analysers (KoNLPy's Okt, Mecab) do not run in the browser; for a lesson a table of stems is
    enough:

        >>> lemmatize = PrefixLemmatizer({"오늘": "오늘", "어제": "어제", "밥": "밥", "먹": "먹다"})
        >>> lemmatize("어제 밥, 오늘도 밥")
        ['어제', '밥', '오늘', '밥']

    A token (a match of `token_pattern`) that starts with a known stem becomes that stem's
    lemma; the longest matching stem wins; a token that starts with no stem is kept as it is
    (a vectorizer with a given `vocabulary=` then ignores it). Pass it as `tokenizer=`.

    Args:
        lemmas: stem -> lemma, e.g. {"먹": "먹다"}; a list of stems maps each to itself.
        token_pattern: how words are found before lemmatising (one-syllable words kept).
    """

    def __init__(self, lemmas: Mapping[str, str] | Iterable[str], token_pattern: str = KOREAN_TOKEN_PATTERN):
        where = "PrefixLemmatizer"
        if isinstance(lemmas, str):
            raise ValueError(f"{where}: lemmas must be a mapping stem -> lemma or a list of stems, got a single string")
        if isinstance(lemmas, Mapping):
            strings(where, "lemmas의 어간(키)", list(lemmas.keys()), item="어간")
            strings(where, "lemmas의 표제어(값)", list(lemmas.values()), item="표제어")
            self.lemmas = dict(lemmas)
        else:
            self.lemmas = {stem: stem for stem in strings(where, "lemmas", lemmas, item="어간")}
        if any(not stem for stem in self.lemmas):
            raise ValueError(f"{where}: an empty stem would match every word")
        self.token_pattern = token_pattern
        self._pattern = _compile_token_pattern(where, token_pattern)
        # longest stems first, so "먹이" wins over "먹" when both are known
        self._stems = sorted(self.lemmas, key=len, reverse=True)

    def lemmatize(self, token: str) -> str:
        """The lemma of the longest stem that `token` starts with, or `token` itself."""
        if not isinstance(token, str):
            raise TypeError(f"PrefixLemmatizer.lemmatize: token에는 단어 하나(문자열)가 와야 합니다, 받은 값: {describe(token)}")
        for stem in self._stems:
            if token.startswith(stem):
                return self.lemmas[stem]
        return token

    def __call__(self, text: str) -> list[str]:
        return [self.lemmatize(token) for token in self._pattern.findall(_check_text("PrefixLemmatizer", text))]

    def __repr__(self) -> str:
        return f"PrefixLemmatizer({self.lemmas!r})"


def _check_text(where: str, text) -> str:
    """A document as str: bytes are decoded as UTF-8 (scikit-learn's default), others refused."""
    if isinstance(text, bytes):
        try:
            return text.decode("utf-8")
        except UnicodeDecodeError:
            hint = ""
            try:
                text.decode("cp949")
                hint = " CP949(EUC-KR)로 저장된 한국어 같습니다: text.decode('cp949')로 바꿔 넘기세요"
            except UnicodeDecodeError:
                pass
            raise ValueError(f"{where}: bytes를 UTF-8로 읽을 수 없습니다 (a document in bytes must be UTF-8).{hint}") from None
    if not isinstance(text, str):
        hint = ""
        if isinstance(text, (list, tuple)) and all(isinstance(t, str) for t in text):
            hint = (" 이미 토큰으로 나눈 문서라면 문서마다 ' '.join(tokens)로 합치거나 "
                    "analyzer=lambda tokens: tokens를 쓰세요")
        raise ValueError(f"{where}: a document must be a str, got {type(text).__name__}: {describe(text)}.{hint}")
    return text


def _terms(where: str, name: str, terms) -> list[str]:
    """What a callable tokenizer or analyzer returned, as a list of str (a str itself refused:
    counting its characters would give a vocabulary of letters)."""
    if isinstance(terms, (str, bytes)):
        raise TypeError(f"{where}: {name}가 문자열 하나({describe(terms)})를 돌려줬습니다: 문서마다 토큰의 리스트를 "
                        f"돌려줘야 합니다 (예: text.split()); 그대로 두면 어휘가 글자가 됩니다")
    return strings(where, f"{name}의 결과", terms, item="토큰")


def _preprocessed(where: str, text) -> str:
    """What a preprocessor returned, which must be a str."""
    if not isinstance(text, str):
        raise TypeError(f"{where}: preprocessor는 문자열을 돌려줘야 합니다, 받은 값: {describe(text)}")
    return text


def _repr(estimator, *names: str) -> str:
    """ClassName(name=value, ...) for the options a vectorizer's repr shows."""
    return f"{type(estimator).__name__}(" + ", ".join(f"{n}={getattr(estimator, n)!r}" for n in names) + ")"


def _compile_token_pattern(where: str, pattern) -> re.Pattern:
    if not isinstance(pattern, (str, re.Pattern)):
        raise TypeError(f"{where}: token_pattern에는 정규 표현식 문자열이 와야 합니다, 받은 값: {describe(pattern)}")
    try:
        compiled = re.compile(pattern)
    except re.error as error:
        raise ValueError(f"{where}: token pattern {pattern!r} is not a valid regular expression: {error}") from None
    if compiled.groups > 1:
        raise ValueError(
            f"{where}: token pattern {pattern!r} has {compiled.groups} capturing groups; "
            "at most one group may be captured"
        )
    return compiled


# --------------------------------------------------------------------------- sparse rows


class _CsrMatrix(NamedTuple):
    """A matrix in compressed sparse row form, built with numpy alone.

    Row i holds the pairs (indices[k], data[k]) for k in indptr[i]..indptr[i+1]-1, the
    layout of `scipy.sparse.csr_matrix`. A document-term matrix of 6,000 e-mails and 40,000
    terms is 240 M cells but only about 1 M non-zero counts, so counting works on this form and
    only the result is made dense (or handed to scipy).
    """

    data: np.ndarray  # (nnz,) the non-zero values
    indices: np.ndarray  # (nnz,) their column numbers
    indptr: np.ndarray  # (n_rows + 1,) where each row starts in data/indices
    shape: tuple[int, int]

    def row_ids(self) -> np.ndarray:
        """(nnz,) the row number of each stored value."""
        return np.repeat(np.arange(self.shape[0]), np.diff(self.indptr))

    def to_dense(self) -> np.ndarray:
        out = np.zeros(self.shape, dtype=self.data.dtype)
        out[self.row_ids(), self.indices] = self.data
        return out

    def to_scipy(self):
        sparse = _import_scipy_sparse()
        matrix = sparse.csr_matrix((self.data, self.indices, self.indptr), shape=self.shape, dtype=self.data.dtype)
        matrix.sort_indices()
        return matrix

    @classmethod
    def from_dense(cls, X: np.ndarray) -> "_CsrMatrix":
        """The non-zero cells of a dense 2-D array, row by row."""
        row_ids, columns = np.nonzero(X)
        indptr = np.concatenate([[0], np.cumsum(np.bincount(row_ids, minlength=X.shape[0]))])
        return cls(X[row_ids, columns], columns.astype(np.intp), indptr.astype(np.intp), X.shape)

    def keep_columns(self, new_index: np.ndarray, n_new: int) -> "_CsrMatrix":
        """Renumber column j as new_index[j]; columns with new_index[j] < 0 are dropped."""
        target = new_index[self.indices]
        kept = target >= 0
        per_row = np.bincount(self.row_ids()[kept], minlength=self.shape[0])
        indptr = np.concatenate([[0], np.cumsum(per_row)]).astype(np.intp)
        return _CsrMatrix(self.data[kept], target[kept], indptr, (self.shape[0], n_new))


def _import_scipy_sparse():
    try:
        import scipy.sparse as sparse
    except ImportError as error:
        raise ImportError(
            "sparse=True returns scipy.sparse matrices and needs scipy, which is not installed "
            "(pip install scipy, or nlplab[sparse]); with sparse=False (the default) the result "
            f"is a dense numpy array and scipy is not needed. ({error})"
        ) from None
    return sparse


def _as_rows(X) -> _CsrMatrix:
    """A scipy.sparse matrix as `_CsrMatrix` (copies of its arrays, duplicates summed)."""
    csr = X.tocsr(copy=True)
    csr.sum_duplicates()
    csr.eliminate_zeros()
    return _CsrMatrix(np.asarray(csr.data), np.asarray(csr.indices), np.asarray(csr.indptr), tuple(csr.shape))


# --------------------------------------------------------------------------- CountVectorizer


def _check_df(where: str, value, name: str):
    """min_df / max_df: an int >= 0 is a number of documents, a float in [0, 1] a proportion."""
    if isinstance(value, bool):
        raise ValueError(f"{where}: {name} must be an int (documents) or a float in [0.0, 1.0], got {value!r}")
    if isinstance(value, Integral):
        if value < 0:
            raise ValueError(f"{where}: {name} as an int counts documents and must be >= 0, got {value}")
        return int(value)
    if isinstance(value, Real):
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"{where}: {name} as a float is a proportion of documents in [0.0, 1.0], got {value}")
        return float(value)
    raise ValueError(f"{where}: {name} must be an int (documents) or a float in [0.0, 1.0], got {value!r}")


class CountVectorizer:
    """Documents -> term counts, the lecture's TDM, with scikit-learn's semantics and defaults.

    Row d, column t of the result is how often term t occurs in document d. The terms are
    learned by `fit` and stored in `vocabulary_` (term -> column), sorted alphabetically.

    Steps for one document (scikit-learn's order):
      1. preprocess: `preprocessor(doc)` if given, else `doc.lower()` when `lowercase`;
      2. analyse: analyzer="word": tokens by `tokenizer` (if given) or `token_pattern`, minus
         `stop_words`, then word n-grams; "char": character n-grams over the whole text;
         "char_wb": character n-grams inside words padded with spaces; or a callable;
      3. count each term (terms outside the vocabulary are ignored).

    Args:
        analyzer: "word", "char", "char_wb", or a callable doc -> list of terms (steps 1-2).
        ngram_range: (min_n, max_n), every n-gram length from min_n to max_n.
        binary: count presence (1) instead of frequency.
        lowercase: lowercase documents before tokenising.
        preprocessor: callable str -> str replacing step 1 (then `lowercase` is not applied).
        tokenizer: callable str -> list of tokens replacing `token_pattern` (analyzer="word").
        token_pattern: regular expression of a token. The default is scikit-learn's, which
            drops one-character tokens; use `KOREAN_TOKEN_PATTERN` for Korean.
        stop_words: a list/set of tokens to drop (analyzer="word"), or None.
        min_df, max_df: keep terms whose document frequency df satisfies
            min_df <= df <= max_df; an int counts documents, a float is a proportion of them.
        max_features: keep only the most frequent terms (total count over the corpus; with
            `binary`, the document frequency). Ties at the cut-off are broken exactly as
            scikit-learn does, by NumPy's default `argsort` over the alphabetical order, which
            is not a stable sort: which of several equally frequent terms survives may differ
            between NumPy builds (with scikit-learn alike).
        vocabulary: the terms to count, given instead of learned: a list (column order as
            given), a set (sorted) or a dict term -> column. min_df, max_df, max_features are
            then not applied.
        sparse: return scipy.sparse CSR matrices instead of dense arrays.

    Attributes:
        vocabulary_: dict term -> column index.
        fixed_vocabulary_: True when `vocabulary` was given.

    Counts are int64 (TfidfVectorizer counts in float64, as scikit-learn).
    """

    _count_dtype = np.int64

    def __init__(
        self,
        *,
        analyzer="word",
        ngram_range=(1, 1),
        binary: bool = False,
        lowercase: bool = True,
        preprocessor: Callable[[str], str] | None = None,
        tokenizer: Callable[[str], list[str]] | None = None,
        token_pattern: str | None = SKLEARN_TOKEN_PATTERN,
        stop_words=None,
        min_df=1,
        max_df=1.0,
        max_features: int | None = None,
        vocabulary=None,
        sparse: bool = False,
    ):
        # the options of each step, in the order of the steps above
        self.lowercase, self.preprocessor = lowercase, preprocessor
        self.analyzer, self.ngram_range = analyzer, ngram_range
        self.tokenizer, self.token_pattern, self.stop_words = tokenizer, token_pattern, stop_words
        self.binary = binary
        self.min_df, self.max_df, self.max_features, self.vocabulary = min_df, max_df, max_features, vocabulary
        self.sparse = sparse

    def __repr__(self) -> str:
        return _repr(self, "analyzer", "ngram_range")

    # ---- analysing one document

    def build_analyzer(self) -> Callable[[str], list[str]]:
        """The function doc -> list of terms that this vectorizer counts (steps 1-2)."""
        return self._analyzer(f"{type(self).__name__}.build_analyzer")

    def _analyzer(self, where: str) -> Callable[[str], list[str]]:
        """build_analyzer's function, its options checked (a callable analyzer, tokenizer or
        preprocessor must return what its step needs: a str is never taken as a list of terms)."""
        for name in ("preprocessor", "tokenizer"):
            callable_or_none(where, name, getattr(self, name))
        if callable(self.analyzer):
            return lambda doc: _terms(where, "analyzer", self.analyzer(_check_text(where, doc)))
        ngram_range = _ngram_bounds(where, self.ngram_range)
        if self.preprocessor is not None:
            preprocess = lambda doc: _preprocessed(where, self.preprocessor(doc))   # noqa: E731
        elif self.lowercase:
            preprocess = str.lower
        else:
            preprocess = str
        if self.analyzer == "char":
            return lambda doc: char_ngrams(preprocess(_check_text(where, doc)), ngram_range, normalize=False)
        if self.analyzer == "char_wb":
            return lambda doc: char_ngrams(
                preprocess(_check_text(where, doc)), ngram_range, word_boundary=True, normalize=False
            )
        if self.analyzer != "word":
            raise ValueError(f"{where}: analyzer must be 'word', 'char', 'char_wb' or a callable, got {self.analyzer!r}")
        if self.tokenizer is not None:
            tokenize = lambda text: _terms(where, "tokenizer", self.tokenizer(text))   # noqa: E731
        elif self.token_pattern is None:
            raise ValueError(f"{where}: analyzer='word' needs a token_pattern or a tokenizer; both are None")
        else:
            tokenize = _compile_token_pattern(where, self.token_pattern).findall
        stop_words = self._stop_words(where)
        return lambda doc: word_ngrams(tokenize(preprocess(_check_text(where, doc))), ngram_range, stop_words)

    def _stop_words(self, where: str):
        if isinstance(self.stop_words, str):
            raise ValueError(
                f"{where}: stop_words={self.stop_words!r}: nlplab ships no built-in stop-word lists; "
                "pass a list of words (e.g. ['은', '는', '이', '가'])"
            )
        return _stop_word_set(where, self.stop_words)

    # ---- vocabulary

    def _given_vocabulary(self, where: str) -> dict[str, int] | None:
        """`vocabulary` checked and turned into term -> column, as scikit-learn does."""
        vocabulary = self.vocabulary
        if vocabulary is None:
            return None
        if isinstance(vocabulary, (set, frozenset)):
            vocabulary = sorted(vocabulary)
        if isinstance(vocabulary, Mapping):
            columns = sorted(set(vocabulary.values()))
            if len(columns) != len(vocabulary):
                raise ValueError(f"{where}: vocabulary maps two terms to the same column")
            if columns != list(range(len(vocabulary))):
                missing = sorted(set(range(len(vocabulary))) - set(columns))
                raise ValueError(
                    f"{where}: a vocabulary of {len(vocabulary)} terms must use the columns 0..{len(vocabulary) - 1}; "
                    f"column {missing[0]} is missing"
                )
            result = {term: int(column) for term, column in vocabulary.items()}
        else:
            if isinstance(vocabulary, str):
                raise ValueError(f"{where}: vocabulary must be a list, set or dict of terms, got a single string")
            result = {}
            for column, term in enumerate(vocabulary):
                if result.setdefault(term, column) != column:
                    raise ValueError(f"{where}: duplicate term in vocabulary: {term!r}")
        if not result:
            raise ValueError(f"{where}: empty vocabulary passed to fit")
        if self.lowercase and self.preprocessor is None and any(term != term.lower() for term in result):
            warnings.warn(
                "the vocabulary has upper-case characters while lowercase=True: "
                "those terms can never match a (lowercased) document",
                stacklevel=3,
            )
        return result

    def _count(self, where: str, raw_documents, vocabulary: dict[str, int], grow: bool) -> _CsrMatrix:
        """Count the terms of every document; with `grow`, unseen terms get new columns."""
        if isinstance(raw_documents, (str, bytes)):
            raise ValueError(f"{where}: an iterable of documents (e.g. a list of str) is expected, got a single "
                             f"string. 문서 하나라면 [text]처럼 리스트로 감싸세요")
        if raw_documents is None or not hasattr(raw_documents, "__iter__"):
            raise TypeError(f"{where}: raw_documents에는 문서(문자열)의 리스트가 와야 합니다, 받은 값: {describe(raw_documents)}")
        analyze = self._analyzer(where)
        indices: list[int] = []
        data: list[int] = []
        indptr = [0]
        for doc in raw_documents:
            counts: dict[int, int] = {}
            for term in analyze(doc):
                column = vocabulary.get(term)
                if column is None:
                    if not grow:
                        continue  # a term never seen in fit is ignored, as in scikit-learn
                    column = vocabulary[term] = len(vocabulary)
                counts[column] = counts.get(column, 0) + 1
            indices.extend(counts.keys())
            data.extend(counts.values())
            indptr.append(len(indices))
        values = np.array(data, dtype=self._count_dtype)
        if self.binary:
            values[:] = 1
        return _CsrMatrix(values, np.array(indices, dtype=np.intp), np.array(indptr, dtype=np.intp),
                     (len(indptr) - 1, len(vocabulary)))

    def _sort_and_limit(self, where: str, counts: _CsrMatrix, vocabulary: dict[str, int]
                        ) -> tuple[_CsrMatrix, dict[str, int]]:
        """Drop terms outside min_df..max_df, keep the max_features most frequent, sort by name."""
        n_docs, n_terms = counts.shape
        min_df, max_df = _check_df(where, self.min_df, "min_df"), _check_df(where, self.max_df, "max_df")
        max_doc_count = max_df if isinstance(max_df, int) else max_df * n_docs
        min_doc_count = min_df if isinstance(min_df, int) else min_df * n_docs
        if max_doc_count < min_doc_count:
            raise ValueError(
                f"{where}: max_df={self.max_df} corresponds to {max_doc_count} documents, fewer than "
                f"min_df={self.min_df} ({min_doc_count} documents) over {n_docs} documents"
            )
        if self.max_features is not None and (
            isinstance(self.max_features, bool) or not isinstance(self.max_features, Integral) or self.max_features < 1
        ):
            raise ValueError(f"{where}: max_features must be a positive int or None, got {self.max_features!r}")

        # column j of the alphabetically sorted vocabulary is old column order[j]
        terms = sorted(vocabulary)
        order = np.array([vocabulary[t] for t in terms], dtype=np.intp)
        # df[t]: number of documents that contain term t (each row holds a column at most once)
        df = np.bincount(counts.indices, minlength=n_terms)[order]
        keep = (df >= min_doc_count) & (df <= max_doc_count)
        if self.max_features is not None and keep.sum() > self.max_features:
            # total count of each term, in the dtype scikit-learn sums in (it decides the ties)
            totals = np.bincount(counts.indices, weights=counts.data, minlength=n_terms)[order]
            totals = totals.astype(self._count_dtype)
            most_frequent = (-totals[keep]).argsort()[: self.max_features]
            limited = np.zeros(n_terms, dtype=bool)
            limited[np.flatnonzero(keep)[most_frequent]] = True
            keep = limited
        if not keep.any():
            raise ValueError(f"{where}: After pruning, no terms remain. Try a lower min_df or a higher max_df.")
        kept_terms = [t for t, k in zip(terms, keep) if k]
        new_vocabulary = {t: j for j, t in enumerate(kept_terms)}
        # old column -> new column (or -1 when the term was dropped)
        new_index = np.full(n_terms, -1, dtype=np.intp)
        new_index[order[keep]] = np.arange(len(kept_terms))
        return counts.keep_columns(new_index, len(kept_terms)), new_vocabulary

    # ---- public API

    def fit(self, raw_documents, y=None) -> "CountVectorizer":
        """Learn `vocabulary_` from a list of documents (str). Returns self."""
        self._fit_counts(f"{type(self).__name__}.fit", raw_documents)
        return self

    def fit_transform(self, raw_documents, y=None):
        """Learn `vocabulary_` and return the (n_documents, n_terms) count matrix."""
        where = f"{type(self).__name__}.fit_transform"
        return self._output(where, self._fit_counts(where, raw_documents))

    def transform(self, raw_documents):
        """Count the known terms of each document: (n_documents, n_terms); unseen terms are ignored."""
        where = f"{type(self).__name__}.transform"
        return self._output(where, self._transform_counts(where, raw_documents))

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """The terms in column order, as an object array (scikit-learn's type)."""
        vocabulary = self._fitted_vocabulary(f"{type(self).__name__}.get_feature_names_out")
        names = [None] * len(vocabulary)
        for term, column in vocabulary.items():
            names[column] = term
        return np.asarray(names, dtype=object)

    def _fit_counts(self, where: str, raw_documents) -> _CsrMatrix:
        given = self._given_vocabulary(where)
        if given is not None:
            self.fixed_vocabulary_ = True
            self.vocabulary_ = given
            return self._count(where, raw_documents, given, grow=False)
        if hasattr(raw_documents, "__next__"):        # a generator: read once here (_why_empty reads again)
            raw_documents = list(raw_documents)
        vocabulary: dict[str, int] = {}
        counts = self._count(where, raw_documents, vocabulary, grow=True)
        if not vocabulary:
            raise ValueError(f"{where}: empty vocabulary; " + self._why_empty(where, raw_documents))
        counts, self.vocabulary_ = self._sort_and_limit(where, counts, vocabulary)
        self.fixed_vocabulary_ = False
        return counts

    def _why_empty(self, where: str, raw_documents) -> str:
        """Why no term came out: scikit-learn's token pattern drops every one-syllable Korean word."""
        if self.analyzer == "word" and self.tokenizer is None and self.token_pattern == SKLEARN_TOKEN_PATTERN:
            korean = _compile_token_pattern(where, KOREAN_TOKEN_PATTERN)
            if any(korean.findall(doc) for doc in raw_documents if isinstance(doc, str)):
                return ("기본 token_pattern(scikit-learn의 두 글자 이상)이 '나', '밥' 같은 한 글자 단어를 모두 "
                        "버렸습니다: token_pattern=KOREAN_TOKEN_PATTERN을 쓰세요")
        return "perhaps the documents only contain stop words"

    def _fitted_vocabulary(self, where: str) -> dict[str, int]:
        if not hasattr(self, "vocabulary_"):
            given = self._given_vocabulary(where)
            if given is None:
                raise ValueError(f"{where}: this {type(self).__name__} is not fitted yet: call fit or fit_transform first")
            self.fixed_vocabulary_ = True
            self.vocabulary_ = given
        return self.vocabulary_

    def _transform_counts(self, where: str, raw_documents) -> _CsrMatrix:
        return self._count(where, raw_documents, self._fitted_vocabulary(where), grow=False)

    def _output(self, where: str, rows: _CsrMatrix):
        if self.sparse:
            return rows.to_scipy()
        check_allocation(where, rows.shape, rows.data.dtype,
                         "sparse=True로 scipy.sparse 행렬을 받거나, min_df나 max_features로 단어 수를 줄이세요.")
        return rows.to_dense()


# --------------------------------------------------------------------------- TF-IDF


class TfidfTransformer:
    """Counts -> tf-idf, scikit-learn's formulas and defaults.

    For document d and term t with count tf(t, d), n documents and df(t) of them containing t:

        idf(t) = ln((1 + n) / (1 + df(t))) + 1      (smooth_idf=True, the default)
        idf(t) = ln(n / df(t)) + 1                  (smooth_idf=False)
        tf     = 1 + ln(tf) where tf > 0            (sublinear_tf=True; the raw count otherwise)
        w(t, d) = tf(t, d) * idf(t), then each row divided by its L2 norm (norm='l2'),
                  its sum of absolute values (norm='l1'), or left as it is (norm=None).

    Args:
        norm: "l2", "l1" or None. A row of zeros stays zero.
        use_idf: multiply by idf (False gives normalised term frequencies).
        smooth_idf: add one to n and to every df, as if one extra document held every term.
        sublinear_tf: replace tf by 1 + ln(tf).
        sparse: return scipy.sparse CSR matrices instead of dense arrays.

    Attributes:
        idf_: (n_terms,) the idf weights (only when use_idf).
        n_features_in_: number of terms (columns) seen in fit.

    Input: an (n_documents, n_terms) array of non-negative counts, dense or scipy.sparse.
    float32 input gives float32 output; anything else gives float64.
    """

    def __init__(self, *, norm="l2", use_idf: bool = True, smooth_idf: bool = True,
                 sublinear_tf: bool = False, sparse: bool = False):
        self.norm, self.use_idf, self.smooth_idf, self.sublinear_tf = norm, use_idf, smooth_idf, sublinear_tf
        self.sparse = sparse

    def __repr__(self) -> str:
        return _repr(self, "norm", "use_idf", "smooth_idf", "sublinear_tf")

    def fit(self, X, y=None) -> "TfidfTransformer":
        """Learn idf from an (n_documents, n_terms) count matrix. Returns self."""
        X = _check_counts("TfidfTransformer.fit", X)
        _check_norm("TfidfTransformer.fit", self.norm)
        n_docs, n_terms = X.shape
        self.n_features_in_ = n_terms
        if self.use_idf:
            dtype = float32_or_float64(X.data.dtype if isinstance(X, _CsrMatrix) else X.dtype)
            # df(t): number of documents with a non-zero count of term t
            if isinstance(X, _CsrMatrix):
                df = np.bincount(X.indices[X.data != 0], minlength=n_terms).astype(dtype)
            else:
                df = np.count_nonzero(X, axis=0).astype(dtype)
            # smoothing: one extra document that holds every term once
            df += float(self.smooth_idf)
            n = dtype.type(n_docs + int(self.smooth_idf))
            # idf(t) = ln(n / df(t)) + 1
            with np.errstate(divide="ignore"):
                self.idf_ = (np.log(n / df) + 1).astype(dtype)
        elif hasattr(self, "idf_"):
            del self.idf_
        return self

    def transform(self, X):
        """tf-idf weights of an (n_documents, n_terms) count matrix, rows normalised."""
        where = "TfidfTransformer.transform"
        if not hasattr(self, "n_features_in_"):
            raise ValueError(f"{where}: this TfidfTransformer is not fitted yet: call fit or fit_transform first")
        X = _check_counts(where, X)
        if X.shape[1] != self.n_features_in_:
            raise ValueError(
                f"{where}: X has shape {X.shape} but this TfidfTransformer was fitted on "
                f"{self.n_features_in_} terms: expected shape (n_documents, {self.n_features_in_})"
            )
        rows = X if isinstance(X, _CsrMatrix) else _CsrMatrix.from_dense(X)
        rows = rows._replace(data=rows.data.astype(float32_or_float64(rows.data.dtype)))
        out = _tfidf_rows(where, rows, getattr(self, "idf_", None), self.sublinear_tf, self.norm)
        if self.sparse:
            return out.to_scipy()
        check_allocation(where, out.shape, out.data.dtype, "sparse=True로 scipy.sparse 행렬을 받으세요.")
        return out.to_dense()

    def fit_transform(self, X, y=None):
        """`fit(X)` then `transform(X)`."""
        X = _check_counts("TfidfTransformer.fit_transform", X)
        return self.fit(X).transform(X)


def _check_norm(where: str, norm) -> None:
    if norm not in ("l1", "l2", None):
        raise ValueError(f"{where}: norm must be 'l1', 'l2' or None, got {norm!r}")


def _check_counts(where: str, X):
    """A count matrix as a dense 2-D ndarray or `_CsrMatrix`; NaN, infinity and negatives refused."""
    if isinstance(X, _CsrMatrix):
        values = X.data
    elif is_scipy_sparse(X):
        X = _as_rows(X)
        values = X.data
    else:
        if X is None or isinstance(X, (str, bytes)):
            raise TypeError(f"{where}: X에는 (문서 수, 단어 수) 모양의 횟수 행렬이 와야 합니다, 받은 값: {describe(X)} "
                            "(문서 목록이라면 TfidfVectorizer를 쓰세요)")
        X = np.asarray(X)
        if X.ndim != 2:
            raise ValueError(f"{where}: expected a 2-D count matrix of shape (n_documents, n_terms), "
                             f"got shape {X.shape}")
        if X.dtype.kind not in "biuf":
            raise ValueError(f"{where}: expected a numeric count matrix, got dtype {X.dtype}")
        values = X
    check_no_nan_or_infinity(where, "the count matrix", values)
    if values.size and values.min() < 0:
        raise ValueError(f"{where}: counts must be non-negative, got a minimum of {values.min()}")
    return X


def _tfidf_rows(where: str, rows: _CsrMatrix, idf, sublinear_tf: bool, norm) -> _CsrMatrix:
    """tf-idf of a count matrix, computed on its non-zero cells (a zero count stays zero).

    Each stored value is tf(t, d) for term t = rows.indices[k] in document d = row_ids[k].
    A term with an infinite idf (smooth_idf=False, never seen in fit) is refused where it occurs,
    as scikit-learn refuses it: its weight would be inf and its row NaN.
    """
    if idf is not None:
        unseen = rows.indices[~np.isfinite(idf[rows.indices]) & (rows.data != 0)]
        if unseen.size:
            raise ValueError(f"{where}: term column {int(unseen[0])} never occurred in the documents given to fit, "
                             "so with smooth_idf=False its idf = ln(n / 0) + 1 is infinite (scikit-learn raises too). "
                             "smooth_idf=True(기본값)를 쓰거나, 그 단어가 든 문서로 fit 하세요")
    tf = rows.data.copy()
    if sublinear_tf:
        # tf <- 1 + ln(tf)
        tf = 1 + np.log(tf)
    # w(t, d) = tf(t, d) * idf(t)
    w = tf * idf[rows.indices] if idf is not None else tf
    if norm is not None:
        d = rows.row_ids()
        if norm == "l2":
            # ||w_d||_2 = sqrt(sum_t w(t, d)^2)
            length = np.sqrt(np.bincount(d, weights=w * w, minlength=rows.shape[0]))
        elif norm == "l1":
            # ||w_d||_1 = sum_t |w(t, d)|
            length = np.bincount(d, weights=np.abs(w), minlength=rows.shape[0])
        else:
            raise ValueError(f"{where}: norm must be 'l1', 'l2' or None, got {norm!r}")
        length[length == 0] = 1  # an empty document stays a row of zeros
        # w(t, d) <- w(t, d) / ||w_d||
        w = w / length[d]
    return rows._replace(data=w.astype(rows.data.dtype, copy=False))


class TfidfVectorizer(CountVectorizer):
    """Documents -> tf-idf: `CountVectorizer` (same options) followed by `TfidfTransformer`.

    Args: those of `CountVectorizer`, plus `norm`, `use_idf`, `smooth_idf`, `sublinear_tf` of
    `TfidfTransformer`. Counts are taken in float64, as scikit-learn does.

    Attributes:
        vocabulary_: dict term -> column index (sorted terms).
        idf_: (n_terms,) idf weights (when use_idf).
    """

    _count_dtype = np.float64

    def __init__(self, *, norm="l2", use_idf: bool = True, smooth_idf: bool = True,
                 sublinear_tf: bool = False, **count_options):
        super().__init__(**count_options)
        self.norm, self.use_idf, self.smooth_idf, self.sublinear_tf = norm, use_idf, smooth_idf, sublinear_tf

    def _transformer(self) -> TfidfTransformer:
        return TfidfTransformer(norm=self.norm, use_idf=self.use_idf, smooth_idf=self.smooth_idf,
                                sublinear_tf=self.sublinear_tf)

    @property
    def idf_(self) -> np.ndarray:
        if not hasattr(self, "_tfidf"):
            raise AttributeError("TfidfVectorizer.idf_: idf_ exists after fit (TfidfVectorizer is not fitted yet)")
        return self._tfidf.idf_

    def fit(self, raw_documents, y=None) -> "TfidfVectorizer":
        """Learn `vocabulary_` and `idf_`. Returns self."""
        _check_norm("TfidfVectorizer.fit", self.norm)
        self._tfidf = self._transformer().fit(self._fit_counts("TfidfVectorizer.fit", raw_documents))
        return self

    def fit_transform(self, raw_documents, y=None):
        """Learn `vocabulary_` and `idf_`; return the (n_documents, n_terms) tf-idf matrix."""
        where = "TfidfVectorizer.fit_transform"
        _check_norm(where, self.norm)
        counts = self._fit_counts(where, raw_documents)
        self._tfidf = self._transformer().fit(counts)
        return self._weights(where, counts)

    def transform(self, raw_documents):
        """tf-idf of new documents with the learned vocabulary and idf (unseen terms ignored)."""
        where = "TfidfVectorizer.transform"
        if not hasattr(self, "_tfidf"):
            raise ValueError(f"{where}: this TfidfVectorizer is not fitted yet: call fit or fit_transform first")
        return self._weights(where, self._transform_counts(where, raw_documents))

    def _weights(self, where: str, counts: _CsrMatrix):
        out = _tfidf_rows(where, counts, getattr(self._tfidf, "idf_", None), self.sublinear_tf, self.norm)
        return self._output(where, out)
