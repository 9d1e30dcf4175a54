"""nlplab.datasets: the corpus loaders and the stratified split."""

from __future__ import annotations

import json
import time

import numpy as np
import pytest
from helpers import data_path

from nlplab.datasets import load_spam_assassin, stratified_split

# --------------------------------------------------------------------------- SpamAssassin


def _write_email(folder, name, group, text, **extra):
    folder.mkdir(parents=True, exist_ok=True)
    record = {"id": name, "group": group, "checksum": {"type": "MD5", "value": "0" * 32}, "text": text}
    record.update(extra)
    (folder / f"{name}.json").write_text(json.dumps(record), encoding="utf-8")


@pytest.fixture
def tiny_spam(tmp_path):
    """The npm layout in miniature, with the package's own index file beside the groups."""
    data = tmp_path / "data"
    _write_email(data / "spam-1", "00002", "spam-1", "Buy now!!!")
    _write_email(data / "spam-1", "00001", "spam-1", "WIN money")
    _write_email(data / "easy-ham-1", "00001", "easy-ham-1", "Meeting at 10, 회의실 2")
    _write_email(data / "hard-ham-1", "00001", "hard-ham-1", "Newsletter: sale")
    (data / "file_list.json").write_text(json.dumps(["easy-ham-1/00001.txt", "spam-1/00001.txt"]))
    return tmp_path


def test_spam_assassin_reads_groups_in_sorted_order_and_skips_the_index(tiny_spam):
    texts, labels = load_spam_assassin(tiny_spam)
    # groups by name (easy-ham-1, hard-ham-1, spam-1), files by name; file_list.json is not an e-mail
    assert texts == ["Meeting at 10, 회의실 2", "Newsletter: sale", "WIN money", "Buy now!!!"]
    assert labels.tolist() == [0, 0, 1, 1]
    assert labels.dtype == np.int64


def test_spam_assassin_result_has_named_fields(tiny_spam):
    corpus = load_spam_assassin(tiny_spam)
    assert corpus.texts[0] == "Meeting at 10, 회의실 2"
    assert corpus.labels.shape == (4,)


def test_spam_assassin_groups_filter(tiny_spam):
    texts, labels = load_spam_assassin(tiny_spam, groups=["spam-1", "easy-ham-1"])
    assert texts == ["Meeting at 10, 회의실 2", "WIN money", "Buy now!!!"]
    assert labels.tolist() == [0, 1, 1]
    texts, labels = load_spam_assassin(tiny_spam, groups="hard-ham-1")
    assert texts == ["Newsletter: sale"] and labels.tolist() == [0]


def test_spam_assassin_unknown_group_names_the_available_ones(tiny_spam):
    with pytest.raises(ValueError, match=r"spam-9.*easy-ham-1"):
        load_spam_assassin(tiny_spam, groups=["spam-9"])


def test_spam_assassin_missing_data_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="data"):
        load_spam_assassin(tmp_path)


def test_spam_assassin_rejects_a_file_that_is_not_an_email(tiny_spam):
    (tiny_spam / "data" / "spam-1" / "00003.json").write_text("[1, 2, 3]")
    with pytest.raises(ValueError, match="00003.json is not an e-mail record"):
        load_spam_assassin(tiny_spam)


def test_spam_assassin_rejects_a_record_in_the_wrong_folder(tiny_spam):
    _write_email(tiny_spam / "data" / "spam-1", "00009", "easy-ham-1", "misplaced")
    with pytest.raises(ValueError, match="says group 'easy-ham-1'"):
        load_spam_assassin(tiny_spam)


def test_spam_assassin_unknown_group_folder(tiny_spam):
    _write_email(tiny_spam / "data" / "misc", "00001", "misc", "?")
    with pytest.raises(ValueError, match="unknown SpamAssassin group 'misc'"):
        load_spam_assassin(tiny_spam)


def test_spam_assassin_real_corpus_counts():
    root = data_path("spam-assassin")
    start = time.perf_counter()
    texts, labels = load_spam_assassin(root)
    elapsed = time.perf_counter() - start
    assert len(texts) == len(labels) == 6046
    assert int((labels == 0).sum()) == 4150
    assert int((labels == 1).sum()) == 1896
    # sorted: all ham groups come before the spam groups
    assert labels[:4150].max() == 0 and labels[4150:].min() == 1
    assert all(isinstance(t, str) and t for t in texts)
    assert texts[0].startswith("From ")
    ham_texts, ham_labels = load_spam_assassin(root, groups=["hard-ham-1"])
    assert len(ham_texts) == 250 and ham_labels.sum() == 0
    assert ham_texts == texts[3900:4150]
    assert elapsed < 10, f"reading the corpus took {elapsed:.1f} s"


# --------------------------------------------------------------------------- stratified split


def test_stratified_split_keeps_class_proportions():
    labels = np.array([0] * 80 + [1] * 20)
    train_idx, test_idx = stratified_split(labels, test_size=0.25, seed=3)
    assert len(test_idx) == 25 and len(train_idx) == 75
    assert int((labels[test_idx] == 1).sum()) == 5
    assert int((labels[test_idx] == 0).sum()) == 20
    assert np.array_equal(np.sort(np.concatenate([train_idx, test_idx])), np.arange(100))
    assert np.all(np.diff(test_idx) > 0) and np.all(np.diff(train_idx) > 0)
    assert train_idx.dtype == np.int64 and test_idx.dtype == np.int64


def test_stratified_split_is_seeded():
    labels = np.repeat(["ham", "spam", "eggs"], [50, 30, 20])
    a = stratified_split(labels, 0.2, seed=7)
    b = stratified_split(labels, 0.2, seed=7)
    c = stratified_split(labels, 0.2, seed=8)
    assert np.array_equal(a[1], b[1]) and np.array_equal(a[0], b[0])
    assert not np.array_equal(a[1], c[1])
    assert [int((labels[a[1]] == k).sum()) for k in ("ham", "spam", "eggs")] == [10, 6, 4]


def test_stratified_split_rounds_half_up_and_keeps_both_sides():
    labels = np.array([0] * 5 + [1] * 2 + [2])
    train_idx, test_idx = stratified_split(labels, test_size=0.1, seed=0)
    test_labels = labels[test_idx].tolist()
    # class 0: 0.5 -> 1; class 1: 0.2 -> at least 1; class 2 (one example) stays in training
    assert sorted(test_labels) == [0, 1]
    assert 7 in train_idx
    train_idx, test_idx = stratified_split(labels, test_size=0.9, seed=0)
    # at least one example of every class with two or more stays in training
    assert sorted(labels[train_idx].tolist()) == [0, 1, 2]


def test_stratified_split_real_spam_labels_shape():
    labels = np.array([0] * 4150 + [1] * 1896)
    train_idx, test_idx = stratified_split(labels, 0.2, seed=0)
    assert len(test_idx) == 830 + 379
    assert abs(labels[test_idx].mean() - labels.mean()) < 1e-3


def test_stratified_split_empty_and_bad_input():
    train_idx, test_idx = stratified_split(np.array([], dtype=int))
    assert train_idx.shape == (0,) and test_idx.shape == (0,)
    with pytest.raises(ValueError, match=r"1-D.*\(2, 2\)"):
        stratified_split(np.zeros((2, 2)))
    for bad in (0, 1, 1.5, -0.1):
        with pytest.raises(ValueError, match="strictly between 0 and 1"):
            stratified_split([0, 1, 0, 1], test_size=bad)
