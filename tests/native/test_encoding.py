"""nlplab.encoding: one-hot, dummy variables, the vocabulary and padding."""

from __future__ import annotations

import numpy as np
import pytest

from nlplab.encoding import Vocabulary, get_dummies, one_hot, pad_sequences, sequence_mask

# --------------------------------------------------------------------------- one_hot


def test_one_hot_rows_of_the_identity():
    out = one_hot([2, 0, 1, 2], 3)
    assert out.dtype == np.float64
    assert np.array_equal(out, np.eye(3)[[2, 0, 1, 2]])


def test_one_hot_any_shape_and_dtype():
    idx = np.array([[0, 4], [3, 3], [1, 0]], dtype=np.int32)
    out = one_hot(idx, 5, dtype=np.float32)
    assert out.shape == (3, 2, 5) and out.dtype == np.float32
    assert np.array_equal(out.argmax(-1), idx)
    assert np.array_equal(out.sum(-1), np.ones((3, 2)))
    scalar = one_hot(np.int64(2), 4)
    assert scalar.shape == (4,) and scalar.tolist() == [0, 0, 1, 0]
    assert one_hot(np.array([1, 0], dtype=np.uint8), 2, dtype=np.int64).tolist() == [[0, 1], [1, 0]]


def test_one_hot_seventeen_cities():
    # the lecture's 17 시도: one column each, exactly one 1 per row
    out = one_hot(np.arange(17), 17)
    assert out.shape == (17, 17) and np.array_equal(out, np.eye(17))


def test_one_hot_empty():
    assert one_hot([], 3).shape == (0, 3)
    assert one_hot(np.zeros((2, 0), dtype=int), 4).shape == (2, 0, 4)


def test_one_hot_out_of_range_names_the_value():
    with pytest.raises(ValueError, match=r"index 5 at position \(1,\) is out of range for num_classes=5 \(valid ids are 0\.\.4\)"):
        one_hot([1, 5, 7], 5)
    with pytest.raises(ValueError, match=r"index -1 at position \(0, 1\)"):
        one_hot([[0, -1]], 3)


def test_one_hot_refuses_floats_and_bad_class_counts():
    with pytest.raises(ValueError, match="must be integers, got an array of dtype float64"):
        one_hot([0.0, 1.5], 3)
    with pytest.raises(ValueError, match="must be integers.*bool"):
        one_hot([True, False], 2)
    for bad in (0, -2, 2.0, True):
        with pytest.raises(ValueError, match="num_classes must be a positive integer"):
            one_hot([0], bad)


# --------------------------------------------------------------------------- get_dummies

# What pandas 3.1.1 returns for pd.get_dummies(pd.Series(CITIES)) and drop_first=True (run once
# when this was written; pandas is not a test extra, and the suite skips nothing natively),
# with its bools as 0/1: columns are the sorted categories, missing values give zero rows.
CITIES = ["서울", "부산", "서울", None, "인천", float("nan")]
PANDAS_COLUMNS = ["부산", "서울", "인천"]
PANDAS_MATRIX = [[0, 1, 0], [1, 0, 0], [0, 1, 0], [0, 0, 0], [0, 0, 1], [0, 0, 0]]


def test_get_dummies_lecture_busan_seoul():
    # the lecture's addr_do column: 부산 rows first in its table, then 서울
    matrix, categories = get_dummies(["부산", "부산", "서울", "서울", "서울"])
    assert categories == ["부산", "서울"]
    assert matrix.tolist() == [[1, 0], [1, 0], [0, 1], [0, 1], [0, 1]]
    assert matrix.dtype == np.int64
    # the order does not depend on which value comes first
    matrix, categories = get_dummies(np.array(["서울", "부산"]))
    assert categories == ["부산", "서울"] and matrix.tolist() == [[0, 1], [1, 0]]


def test_get_dummies_matches_pandas_semantics():
    matrix, categories = get_dummies(CITIES)
    assert categories == PANDAS_COLUMNS
    assert matrix.tolist() == PANDAS_MATRIX
    matrix, categories = get_dummies(CITIES, drop_first=True)
    assert categories == ["서울", "인천"]
    assert matrix.tolist() == [row[1:] for row in PANDAS_MATRIX]


def test_get_dummies_sorting_rules():
    matrix, categories = get_dummies([3, 1, 2, 1])
    assert categories == [1, 2, 3]
    assert matrix.tolist() == [[0, 0, 1], [1, 0, 0], [0, 1, 0], [1, 0, 0]]
    # code-point order, as pandas: upper case before lower case
    assert get_dummies(["b", "A", "a", "B"])[1] == ["A", "B", "a", "b"]


def test_get_dummies_edge_cases():
    matrix, categories = get_dummies([])
    assert matrix.shape == (0, 0) and categories == []
    matrix, categories = get_dummies(["a", "a"], drop_first=True)
    assert matrix.shape == (2, 0) and categories == []
    matrix, _ = get_dummies(["x", "y"], dtype=bool)
    assert matrix.dtype == bool and matrix.tolist() == [[True, False], [False, True]]
    with pytest.raises(ValueError, match=r"1-D.*\(2, 1\)"):
        get_dummies(np.array([["a"], ["b"]]))
    with pytest.raises(ValueError, match="1-D"):
        get_dummies([["a"], ["b"]])
    with pytest.raises(ValueError, match="cannot be sorted"):
        get_dummies(["a", 1])


# --------------------------------------------------------------------------- Vocabulary

DOCS = [
    ["오늘", "은", "밥", "을", "먹었다"],
    ["어제", "밥", "오늘", "도", "밥"],
    ["밥", "이", "최고"],
]


def test_vocabulary_order_specials_then_frequency_then_first_appearance():
    vocab = Vocabulary(DOCS)
    # 밥 x4, 오늘 x2, then the singletons in order of first appearance
    assert vocab.itos == ["<pad>", "<unk>", "밥", "오늘", "은", "을", "먹었다", "어제", "도", "이", "최고"]
    assert vocab.pad_id == 0 and vocab.unk_id == 1
    assert len(vocab) == 11
    assert vocab.counts["밥"] == 4


def test_vocabulary_encode_decode_and_unknown_tokens():
    vocab = Vocabulary(DOCS)
    ids = vocab.encode(["오늘", "도", "라면", "밥"])
    assert ids == [3, 8, 1, 2]
    assert vocab.decode(ids) == ["오늘", "도", "<unk>", "밥"]
    assert vocab.decode(np.array([2, 0, 0])) == ["밥", "<pad>", "<pad>"]
    assert vocab.decode([2, 0, 0], skip_pad=True) == ["밥"]
    assert vocab.encode([]) == []
    assert vocab.token_to_id("라면") == 1 and vocab.token_to_id("밥") == 2
    assert vocab.id_to_token(3) == "오늘"
    assert "밥" in vocab and "<unk>" in vocab and "라면" not in vocab
    assert list(vocab)[:3] == ["<pad>", "<unk>", "밥"]
    assert "size=11" in repr(vocab)


def test_vocabulary_min_freq_and_max_size():
    vocab = Vocabulary(DOCS, min_freq=2)
    assert vocab.itos == ["<pad>", "<unk>", "밥", "오늘"]
    assert vocab.encode(["은"]) == [1]
    vocab = Vocabulary(DOCS, max_size=5)
    assert vocab.itos == ["<pad>", "<unk>", "밥", "오늘", "은"]
    assert len(vocab) == 5
    with pytest.raises(ValueError, match="max_size=1 leaves no room"):
        Vocabulary(DOCS, max_size=1)
    with pytest.raises(ValueError, match="min_freq must be at least 1"):
        Vocabulary(DOCS, min_freq=0)


def test_vocabulary_without_specials_for_characters():
    vocab = Vocabulary([list("하나 둘 둘")], unk_token=None, pad_token=None)
    # " " and 둘 both appear twice; " " appears first
    assert vocab.itos == [" ", "둘", "하", "나"]
    assert vocab.pad_id is None and vocab.unk_id is None
    assert vocab.encode(list("둘하")) == [1, 2]
    with pytest.raises(KeyError, match="'셋' is not in the vocabulary"):
        vocab.encode(["셋"])
    # only padding: the unknown token takes id 1 away, and pad stays 0
    vocab = Vocabulary([["a"]], unk_token=None)
    assert vocab.itos == ["<pad>", "a"]
    vocab = Vocabulary([["a"]], pad_token=None)
    assert vocab.itos == ["<unk>", "a"] and vocab.unk_id == 0


def test_vocabulary_specials_in_the_data_are_not_duplicated():
    vocab = Vocabulary([["<unk>", "a", "<pad>", "a"]])
    assert vocab.itos == ["<pad>", "<unk>", "a"]


def test_vocabulary_empty_and_bad_input():
    vocab = Vocabulary()
    assert vocab.itos == ["<pad>", "<unk>"]
    assert vocab.encode(["x"]) == [1]
    with pytest.raises(ValueError, match="document 1 is a string"):
        Vocabulary([["a"], "b c"])
    with pytest.raises(ValueError, match="got a string"):
        Vocabulary(DOCS).encode("밥")
    with pytest.raises(ValueError, match=r"id 11 is out of range: the vocabulary has ids 0\.\.10"):
        Vocabulary(DOCS).decode([2, 11])
    with pytest.raises(ValueError, match="must be an integer"):
        Vocabulary(DOCS).id_to_token(1.0)
    with pytest.raises(ValueError, match="must differ"):
        Vocabulary(pad_token="<x>", unk_token="<x>")
    with pytest.raises(ValueError, match=r"1-D id sequence, got shape \(1, 2\)"):
        Vocabulary(DOCS).decode(np.array([[1, 2]]))


def test_vocabulary_is_deterministic():
    a = Vocabulary(DOCS * 3)
    b = Vocabulary([list(d) for d in DOCS * 3])
    assert a.itos == b.itos and a.stoi == b.stoi


# --------------------------------------------------------------------------- padding


def test_pad_sequences_ragged_batch():
    ids, lengths = pad_sequences([[5, 6, 7], [8], [], np.array([9, 10])])
    assert ids.tolist() == [[5, 6, 7], [8, 0, 0], [0, 0, 0], [9, 10, 0]]
    assert lengths.tolist() == [3, 1, 0, 2]
    assert ids.dtype == np.int64 and lengths.dtype == np.int64


def test_pad_sequences_max_len_cuts_and_extends():
    ids, lengths = pad_sequences([[1, 2, 3, 4], [5]], pad_id=-1, max_len=2)
    assert ids.tolist() == [[1, 2], [5, -1]]
    assert lengths.tolist() == [2, 1]
    ids, lengths = pad_sequences([[1]], max_len=3, dtype=np.int32)
    assert ids.tolist() == [[1, 0, 0]] and ids.dtype == np.int32


def test_pad_sequences_empty_and_bad_input():
    ids, lengths = pad_sequences([])
    assert ids.shape == (0, 0) and lengths.shape == (0,)
    ids, _ = pad_sequences([], max_len=4)
    assert ids.shape == (0, 4)
    with pytest.raises(ValueError, match="sequence 1 must be integers"):
        pad_sequences([[1], [0.5]])
    with pytest.raises(ValueError, match=r"sequence 0 must be 1-D, got shape \(1, 1\)"):
        pad_sequences([[[1]]])
    with pytest.raises(ValueError, match="max_len must be >= 0"):
        pad_sequences([[1]], max_len=-1)


def test_sequence_mask_matches_padding():
    ids, lengths = pad_sequences([[5, 6, 7], [8], []])
    mask = sequence_mask(lengths)
    assert mask.tolist() == [[True, True, True], [True, False, False], [False, False, False]]
    assert np.array_equal(mask, ids != 0)
    assert sequence_mask([1], max_len=3).tolist() == [[True, False, False]]
    assert sequence_mask([]).shape == (0, 0)
    with pytest.raises(ValueError, match=r"1-D.*\(1, 1\)"):
        sequence_mask([[1]])
