"""Turning categories and tokens into numbers: one-hot vectors, dummy variables, vocabularies.

- `one_hot(indices, num_classes)`: integer ids of any shape -> (..., num_classes) one-hot array.
- `get_dummies(values, drop_first=False)`: a categorical column -> a 0/1 matrix and its column
  names, in the column order of `pandas.get_dummies` on a Series (sorted categories).
- `Vocabulary`: token <-> id with padding and unknown tokens, `min_freq` and `max_size`.
- `pad_sequences(seqs)`: a ragged batch of id lists -> an (N, T) id matrix and the lengths.
- `sequence_mask(lengths)`: the lengths -> an (N, T) boolean mask of the real (non-pad) steps.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Hashable, Iterable, Sequence

import numpy as np

from ._checks import check_allocation, describe, numeric_array, positive_int

__all__ = ["one_hot", "get_dummies", "Vocabulary", "pad_sequences", "sequence_mask"]


# --------------------------------------------------------------------------- one-hot


def _as_int_array(where: str, values, what: str) -> np.ndarray:
    """`values` as an integer ndarray; floats, bools and strings are refused, not truncated."""
    if isinstance(values, (str, bytes)) or values is None:
        raise TypeError(f"{where}: {what}에는 정수 id의 리스트(또는 배열)가 와야 합니다, 받은 값: {describe(values)}"
                        + (" (토큰이라면 먼저 Vocabulary.encode로 id로 바꾸세요)" if isinstance(values, str) else ""))
    try:
        array = np.asarray(values)
    except ValueError:
        raise ValueError(f"{where}: {what}의 행마다 길이가 다릅니다 (ragged): pad_sequences로 길이를 맞추세요") from None
    if array.size == 0 and array.dtype.kind == "f":
        # np.asarray([]) is float64: an empty list is still a valid (empty) list of ids
        array = array.astype(np.int64)
    if array.dtype.kind in "USO":
        raise TypeError(f"{where}: {what}에는 정수 id가 와야 합니다, 받은 값: {array.dtype} 배열 "
                        "(토큰이라면 먼저 Vocabulary.encode로 id로 바꾸세요)")
    if array.dtype.kind not in "iu":
        raise ValueError(f"{where}: {what} must be integers, got an array of dtype {array.dtype}")
    return array


def one_hot(indices, num_classes: int, dtype=np.float64) -> np.ndarray:
    """One-hot vectors: row k of the identity matrix for each index k.

    Args:
        indices: integer array-like of any shape S, each value in 0..num_classes-1.
        num_classes: C, the length of each one-hot vector (C >= 1).
        dtype: dtype of the result (float64 by default).

    Returns:
        array of shape S + (C,): `out[..., k] = 1` where `indices == k`, 0 elsewhere.

    Raises:
        ValueError: a negative or too-large index (the message names the first bad value),
            non-integer indices, or num_classes < 1.
    """
    where = "one_hot"
    idx = _as_int_array(where, indices, "one_hot indices")
    if isinstance(num_classes, str) or num_classes is None:
        raise TypeError(f"{where}: num_classes에는 양의 정수가 와야 합니다, 받은 값: {describe(num_classes)}")
    if isinstance(num_classes, (bool, np.bool_)) or not isinstance(num_classes, (int, np.integer)) or num_classes < 1:
        raise ValueError(f"{where}: num_classes must be a positive integer, got {num_classes!r}")
    bad = (idx < 0) | (idx >= num_classes)
    if bad.any():
        position = tuple(int(p) for p in np.argwhere(bad)[0])
        value = int(idx[position])
        raise ValueError(
            f"{where}: index {value} at position {position} is out of range for num_classes={num_classes} "
            f"(valid ids are 0..{num_classes - 1})"
        )
    check_allocation(where, idx.shape + (num_classes,), dtype,
                     "one-hot 행렬 대신 id를 그대로 embedding_forward(ids, W)에 넘기세요 (W[ids]와 같습니다).")
    out = np.zeros(idx.shape + (num_classes,), dtype=dtype)
    flat = out.reshape(-1, num_classes)
    # out[n, indices[n]] = 1 for every position n (flattened)
    flat[np.arange(flat.shape[0]), idx.ravel()] = 1
    return out


# --------------------------------------------------------------------------- dummy variables


def _is_missing(value) -> bool:
    """None and float NaN are missing values, as in pandas."""
    return value is None or (isinstance(value, (float, np.floating)) and math.isnan(value))


def get_dummies(values, drop_first: bool = False, dtype=np.int64) -> tuple[np.ndarray, list]:
    """Dummy (indicator) variables of a categorical column, like `pandas.get_dummies(series)`.

    The columns are the distinct values sorted ascending (pandas' order): for the lecture's
    `addr_do` column ["서울", "부산", "서울"] they are ["부산", "서울"], because "부" (U+BD80)
    sorts before "서" (U+C11C). Missing values (None, NaN) get a row of zeros, as in pandas'
    default `dummy_na=False`.

    Args:
        values: 1-D sequence of N hashable, mutually comparable values (strings, ints, ...).
        drop_first: drop the first category's column, leaving K - 1 columns (the dropped
            category is the row of all zeros), as pandas' `drop_first=True`.
        dtype: dtype of the matrix. int64 by default, to print 0/1 as in the lecture; pandas
            2.x returns bool, with the same values.

    Returns:
        `(matrix, categories)`: `matrix` of shape (N, K) (K - 1 with drop_first) with
        `matrix[n, k] = 1` where `values[n] == categories[k]`, and `categories`, the list of
        the K column names.
    """
    where = "get_dummies"
    if isinstance(values, (str, bytes)) or values is None or not hasattr(values, "__iter__"):
        raise TypeError(f"{where}: values에는 값의 리스트(열 하나)가 와야 합니다, 받은 값: {describe(values)}"
                        + (f". 문자열 하나는 글자마다 열이 됩니다: [{values!r}]처럼 리스트로 감싸세요"
                           if isinstance(values, str) else ""))
    if isinstance(values, np.ndarray) and values.ndim != 1:
        raise ValueError(f"{where}: values must be 1-D of shape (N,), got shape {values.shape}")
    items = values.tolist() if isinstance(values, np.ndarray) else list(values)
    for item in items:
        if isinstance(item, (list, tuple, np.ndarray, set, dict)):
            raise ValueError(f"{where}: values must be 1-D: got an element of type {type(item).__name__}")
    present = {item for item in items if not _is_missing(item)}
    try:
        categories = sorted(present)
    except TypeError as error:
        raise ValueError(f"{where}: the values cannot be sorted into columns (mixed types?): {error}") from None
    check_allocation(where, (len(items), len(categories)), dtype,
                     f"값이 {len(categories):,}가지입니다: 범주 열이라면 Vocabulary로 id를 매기고 embedding을 쓰세요.")
    column = {category: k for k, category in enumerate(categories)}
    matrix = np.zeros((len(items), len(categories)), dtype=dtype)
    for n, item in enumerate(items):
        if not _is_missing(item):
            matrix[n, column[item]] = 1
    if drop_first:
        return matrix[:, 1:], categories[1:]
    return matrix, categories


# --------------------------------------------------------------------------- vocabulary


class Vocabulary:
    """A token <-> id mapping built from tokenized documents.

    Ids are assigned in this order:

    1. `pad_token` ("<pad>") gets id 0, so a zero-filled id matrix is all padding;
    2. `unk_token` ("<unk>") gets the next id (1), for tokens the vocabulary has not seen;
    3. the other tokens by frequency, most frequent first; tokens with the same count keep
       the order of their first appearance in the documents.

    Either special token can be switched off with None (a character-level language model
    uses neither). Without `unk_token`, encoding an unseen token raises KeyError.

    Args:
        documents: an iterable of token lists, e.g. `[["나는", "밥을"], ["밥을", "먹었다"]]`.
            A plain string in place of a token list is refused: tokenize it first
            (`text.split()` for words, `list(text)` for characters).
        min_freq: keep only tokens seen at least this many times.
        max_size: the largest `len(vocab)`, special tokens included; the least frequent
            tokens are left out. None keeps every token.
        unk_token, pad_token: the special tokens, or None for none.

    Attributes:
        itos: list of tokens, `itos[i]` is the token of id i.
        stoi: dict token -> id.
        counts: `collections.Counter` of every token in the documents (before the cut-offs).
        pad_id, unk_id: ids of the special tokens (None when switched off).
    """

    def __init__(
        self,
        documents: Iterable[Sequence[Hashable]] = (),
        min_freq: int = 1,
        max_size: int | None = None,
        unk_token: str | None = "<unk>",
        pad_token: str | None = "<pad>",
    ):
        where = "Vocabulary"
        if isinstance(min_freq, (int, np.integer)) and not isinstance(min_freq, bool) and min_freq < 1:
            raise ValueError(f"{where}: min_freq must be at least 1, got {min_freq}")
        min_freq = positive_int(where, "min_freq", min_freq)
        specials = [t for t in (pad_token, unk_token) if t is not None]
        if pad_token is not None and pad_token == unk_token:
            raise ValueError(f"{where}: pad_token and unk_token must differ, both are {pad_token!r}")
        if max_size is not None:
            max_size = positive_int(where, "max_size", max_size, minimum=0)
            if max_size < len(specials):
                raise ValueError(f"{where}: max_size={max_size} leaves no room for the special tokens {specials}")
        if documents is None or isinstance(documents, (str, bytes)) or not hasattr(documents, "__iter__"):
            raise TypeError(f"{where}: documents에는 토큰 리스트의 리스트가 와야 합니다, 받은 값: {describe(documents)}"
                            + (f" ([{documents!r}.split()]처럼)" if isinstance(documents, str) else ""))

        counts: Counter = Counter()
        for d, document in enumerate(documents):
            if isinstance(document, str):
                raise ValueError(
                    f"{where}: document {d} is a string, expected a list of tokens: "
                    f"tokenize it first (text.split() or list(text))"
                )
            if document is None or not hasattr(document, "__iter__"):
                raise TypeError(f"{where}: document {d}에는 토큰의 리스트가 와야 합니다, 받은 값: {describe(document)}")
            try:
                counts.update(document)  # Counter keeps first-appearance order among equal counts
            except TypeError:
                raise TypeError(f"{where}: document {d}의 토큰은 문자열이어야 합니다 (리스트 같은 값은 셀 수 없습니다)") from None
        # most frequent first; sorted() is stable, so ties stay in first-appearance order
        ranked = sorted(counts.items(), key=lambda item: -item[1])
        tokens = [t for t, c in ranked if c >= min_freq and t not in specials]
        if max_size is not None:
            tokens = tokens[: max_size - len(specials)]

        self.counts = counts
        self.min_freq = min_freq
        self.max_size = max_size
        self.pad_token = pad_token
        self.unk_token = unk_token
        self.itos: list = specials + tokens
        self.stoi: dict = {t: i for i, t in enumerate(self.itos)}
        self.pad_id = self.stoi[pad_token] if pad_token is not None else None
        self.unk_id = self.stoi[unk_token] if unk_token is not None else None

    def __len__(self) -> int:
        return len(self.itos)

    def __contains__(self, token) -> bool:
        return token in self.stoi

    def __iter__(self):
        return iter(self.itos)

    def __repr__(self) -> str:
        head = ", ".join(repr(t) for t in self.itos[:8])
        more = ", ..." if len(self.itos) > 8 else ""
        return f"Vocabulary(size={len(self)}: [{head}{more}])"

    def token_to_id(self, token) -> int:
        """The id of `token`; an unseen token gets `unk_id` (KeyError when there is no unk)."""
        return self._id("Vocabulary.token_to_id", token)

    def _id(self, where: str, token) -> int:
        try:
            hash(token)
        except TypeError:
            raise TypeError(f"{where}: 토큰 하나(문자열)가 와야 합니다, 받은 값: {describe(token)} "
                            "(토큰 리스트는 encode로, 문서 여러 개는 하나씩 encode로 바꾸세요)") from None
        if token in self.stoi:
            return self.stoi[token]
        if self.unk_id is None:
            raise KeyError(f"{where}: token {token!r} is not in the vocabulary and there is no unk_token")
        return self.unk_id

    def id_to_token(self, index: int):
        """The token of id `index` (0 <= index < len(vocab))."""
        return self._token("Vocabulary.id_to_token", index)

    def _token(self, where: str, index) -> Hashable:
        if isinstance(index, (bool, np.bool_)) or not isinstance(index, (int, np.integer)):
            raise ValueError(f"{where}: an id must be an integer, got {index!r}")
        if not 0 <= index < len(self.itos):
            raise ValueError(f"{where}: id {index} is out of range: the vocabulary has ids 0..{len(self.itos) - 1}")
        return self.itos[index]

    def encode(self, tokens: Iterable[Hashable]) -> list[int]:
        """Token list -> id list, of the same length; unseen tokens become `unk_id`."""
        if isinstance(tokens, str):
            raise ValueError("Vocabulary.encode: encode expects a list of tokens, got a string: tokenize it first "
                             "(text.split() 또는 list(text))")
        if tokens is None or not hasattr(tokens, "__iter__"):
            raise TypeError(f"Vocabulary.encode: tokens에는 토큰의 리스트가 와야 합니다, 받은 값: {describe(tokens)}")
        return [self._id("Vocabulary.encode", t) for t in tokens]

    def decode(self, ids: Iterable[int], skip_pad: bool = False) -> list:
        """Id list (or 1-D int array) -> token list; `skip_pad=True` leaves out padding."""
        tokens = []
        if ids is None or isinstance(ids, (str, bytes)) or not hasattr(ids, "__iter__"):
            raise TypeError(f"Vocabulary.decode: ids에는 정수 id의 리스트가 와야 합니다, 받은 값: {describe(ids)}")
        if isinstance(ids, np.ndarray):
            if ids.ndim != 1:
                raise ValueError(f"Vocabulary.decode: decode expects a 1-D id sequence, got shape {ids.shape}")
            ids = ids.tolist()
        for i in ids:
            if skip_pad and self.pad_id is not None and i == self.pad_id:
                continue
            tokens.append(self._token("Vocabulary.decode", i))
        return tokens


# --------------------------------------------------------------------------- padding


def pad_sequences(
    seqs: Iterable[Sequence[int]], pad_id: int = 0, max_len: int | None = None, dtype=np.int64
) -> tuple[np.ndarray, np.ndarray]:
    """Pad a ragged batch of id sequences into one matrix (padding at the end).

    Args:
        seqs: N sequences of integer ids, of any lengths (lists or 1-D arrays).
        pad_id: the id written into the padded steps (0 = `Vocabulary`'s `<pad>`).
        max_len: T, the number of columns. None uses the longest sequence; a longer
            sequence is cut to its first `max_len` ids.
        dtype: dtype of the id matrix.

    Returns:
        `(ids, lengths)`: `ids` of shape (N, T), row n holding sequence n followed by
        `pad_id`; `lengths` int64 of shape (N,), the number of real steps in each row
        (after cutting). The mask of real steps is `sequence_mask(lengths, T)`.
    """
    where = "pad_sequences"
    if seqs is None or isinstance(seqs, (str, bytes)) or not hasattr(seqs, "__iter__"):
        raise TypeError(f"{where}: seqs에는 id 리스트의 리스트가 와야 합니다, 받은 값: {describe(seqs)}")
    rows = []
    for n, seq in enumerate(seqs):
        row = _as_int_array(where, seq, f"sequence {n}")
        if row.ndim != 1:
            raise ValueError(f"{where}: sequence {n} must be 1-D, got shape {row.shape}")
        rows.append(row)
    if max_len is not None:
        max_len = positive_int(where, "max_len", max_len, minimum=0)
    if isinstance(pad_id, bool) or not isinstance(pad_id, (int, np.integer)):
        raise TypeError(f"{where}: pad_id에는 정수 id가 와야 합니다, 받은 값: {describe(pad_id)}")
    T = max((len(r) for r in rows), default=0) if max_len is None else max_len
    if max_len is None:
        longest = int(np.argmax([len(r) for r in rows])) if rows else 0
        instead = f"가장 긴 시퀀스({longest}번, 길이 {T:,})에 맞춰 채우면 너무 큽니다: max_len=...으로 자르세요."
    else:
        instead = "max_len을 줄이세요."
    check_allocation(where, (len(rows), T), dtype, instead)
    ids = np.full((len(rows), T), pad_id, dtype=dtype)
    lengths = np.zeros(len(rows), dtype=np.int64)
    for n, row in enumerate(rows):
        length = min(len(row), T)
        ids[n, :length] = row[:length]
        lengths[n] = length
    return ids, lengths


def sequence_mask(lengths, max_len: int | None = None) -> np.ndarray:
    """Boolean mask of the real steps: `mask[n, t] = t < lengths[n]`, of shape (N, T).

    T is `max_len`, or the largest length when None.
    """
    where = "sequence_mask"
    lengths = _as_int_array(where, lengths, "lengths")
    if lengths.ndim != 1:
        raise ValueError(f"{where}: lengths must be 1-D of shape (N,), got shape {lengths.shape}")
    if (lengths < 0).any():
        raise ValueError(f"{where}: lengths must be >= 0, got {int(lengths.min())}")
    if max_len is not None:
        max_len = positive_int(where, "max_len", max_len, minimum=0)
    T = int(lengths.max(initial=0)) if max_len is None else max_len
    check_allocation(where, (len(lengths), T), bool, "max_len=...으로 자르세요.")
    # mask[n, t] = t < lengths[n]
    return np.arange(T)[None, :] < lengths[:, None]
