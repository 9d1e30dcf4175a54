"""nlplab.datasets: the corpus loaders."""

from __future__ import annotations

import gzip
import json
import time

import numpy as np
import pytest
from helpers import data_path, serving

from nlplab import datasets
from nlplab.datasets import (
    char_corpus,
    load_nsmc,
    load_reviews,
    load_spam_assassin,
    load_text,
)

# --------------------------------------------------------------------------- NSMC format


def _write(path, text: str, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def test_nsmc_reads_ids_documents_and_labels(tmp_path):
    path = _write(
        tmp_path / "ratings.txt",
        "id\tdocument\tlabel\n9976970\t아 더빙.. 진짜 짜증나네요 목소리\t0\n3819312\t너무재밓었다그래서보는것을추천한다\t1\n",
    )
    ids, documents, labels = load_nsmc(path)
    assert ids == ["9976970", "3819312"]
    assert documents == ["아 더빙.. 진짜 짜증나네요 목소리", "너무재밓었다그래서보는것을추천한다"]
    assert labels.tolist() == [0, 1] and labels.dtype == np.int64
    corpus = load_nsmc(str(path))
    assert corpus.documents[1].endswith("추천한다") and corpus.labels.shape == (2,)


def test_nsmc_keeps_quote_characters_verbatim(tmp_path):
    # with csv's default quoting, the first line would swallow the tab and the next lines
    lines = ['"최고"라는 말밖에', '별 다섯 개 "강추', "엄마가 'ㅋㅋ' 하심", '"""', 'a "b" c']
    text = "id\tdocument\tlabel\n" + "".join(f"{i}\t{d}\t1\n" for i, d in enumerate(lines))
    ids, documents, labels = load_nsmc(_write(tmp_path / "q.txt", text))
    assert documents == lines
    assert ids == ["0", "1", "2", "3", "4"]


def test_nsmc_keeps_empty_documents(tmp_path):
    ids, documents, labels = load_nsmc(_write(tmp_path / "e.txt", "id\tdocument\tlabel\n1\t\t0\n2\t좋다\t1\n"))
    assert documents == ["", "좋다"] and labels.tolist() == [0, 1]


def test_nsmc_windows_newlines_and_byte_order_mark(tmp_path):
    path = _write(tmp_path / "w.txt", "\ufeffid\tdocument\tlabel\r\n1\t좋아요\t1\r\n2\t별로\t0\r\n")
    ids, documents, labels = load_nsmc(path)
    assert ids == ["1", "2"] and documents == ["좋아요", "별로"] and labels.tolist() == [1, 0]


def test_nsmc_header_only_gives_empty_arrays(tmp_path):
    ids, documents, labels = load_nsmc(_write(tmp_path / "h.txt", "id\tdocument\tlabel\n"))
    assert ids == [] and documents == [] and labels.shape == (0,) and labels.dtype == np.int64


def test_nsmc_malformed_lines_name_the_line(tmp_path):
    good = "id\tdocument\tlabel\n1\t좋다\t1\n"
    with pytest.raises(ValueError, match=r"m\.txt, line 3: expected 3 tab-separated fields \(id, document, label\), got 2"):
        load_nsmc(_write(tmp_path / "m.txt", good + "2\t라벨 없음\n3\t좋다\t1\n"))
    with pytest.raises(ValueError, match=r"line 4: expected 3 tab-separated fields .* got 4"):
        load_nsmc(_write(tmp_path / "t.txt", good + "2\t좋다\t1\n3\t탭이\t하나 더\t0\n"))
    with pytest.raises(ValueError, match=r"line 2: the label must be an integer, got '긍정'"):
        load_nsmc(_write(tmp_path / "l.txt", "id\tdocument\tlabel\n1\t좋다\t긍정\n"))
    with pytest.raises(ValueError, match=r"line 3: expected 3 .* got 0"):
        load_nsmc(_write(tmp_path / "b.txt", good + "\n"))


def test_nsmc_header_is_required(tmp_path):
    with pytest.raises(ValueError, match=r"line 1: expected the header"):
        load_nsmc(_write(tmp_path / "n.txt", "1\t좋다\t1\n"))
    with pytest.raises(ValueError, match="the file is empty"):
        load_nsmc(_write(tmp_path / "z.txt", ""))


# --------------------------------------------------------------------------- the review set


def test_reviews_are_balanced_unique_and_in_nsmc_format():
    ids, documents, labels = load_reviews()
    assert len(ids) == len(documents) == len(labels) == 400
    assert int((labels == 1).sum()) == 200 and int((labels == 0).sum()) == 200
    assert set(labels.tolist()) == {0, 1}
    assert len(set(documents)) == 400, "duplicate reviews"
    assert len(set(ids)) == 400 and ids[:3] == ["1", "2", "3"]
    assert all(d and d == d.strip() and "\t" not in d for d in documents)
    # shuffled, not sorted by label
    assert 0 < labels[:100].sum() < 100


def test_reviews_read_like_moviegoers():
    _, documents, labels = load_reviews()
    lengths = np.array([len(d) for d in documents])
    assert lengths.min() <= 5 and lengths.max() >= 100  # short and long ones
    assert 15 <= lengths.mean() <= 40
    positive = [d for d, y in zip(documents, labels) if y == 1]
    negative = [d for d, y in zip(documents, labels) if y == 0]
    for cue in ("ㅋㅋ", "ㅠㅠ", "재미"):
        # informal cues appear on both sides: no single one separates the classes
        assert any(cue in d for d in positive) and any(cue in d for d in negative), cue
    assert any("재미없" in d for d in positive)  # negation: "재미없을 줄 알았는데"
    assert any("나쁘지 않" in d for d in positive)
    assert any(d.startswith('"') for d in documents)  # quotes survive QUOTE_NONE


def test_reviews_no_single_token_separates_the_classes():
    _, documents, labels = load_reviews()
    token_sets = [set(d.split()) for d in documents]
    best = 0.0
    for token in set().union(*token_sets):
        has = np.array([token in tokens for tokens in token_sets])
        # the rule "label 1 if the review has this word" (or its opposite)
        accuracy = max((has == labels).mean(), (has != labels).mean())
        best = max(best, accuracy)
    assert 0.5 < best < 0.65, f"one word separates {best:.0%} of the reviews"


def test_reviews_file_equals_load_nsmc_on_the_same_file():
    from importlib import resources

    with resources.as_file(resources.files("nlplab").joinpath("data", "reviews.txt")) as path:
        ids, documents, labels = load_nsmc(path)
    expected = load_reviews()
    assert ids == expected.ids and documents == expected.documents
    assert np.array_equal(labels, expected.labels)


# --------------------------------------------------------------------------- plain text


def test_load_text_normalises_newlines(tmp_path):
    path = _write(tmp_path / "t.txt", "\ufeff제1조\r\n대한민국은\r민주공화국이다.\n")
    assert load_text(path) == "제1조\n대한민국은\n민주공화국이다.\n"
    path = _write(tmp_path / "cp.txt", "한글\r\n", encoding="cp949")
    assert load_text(path, encoding="cp949") == "한글\n"
    assert load_text(_write(tmp_path / "empty.txt", "")) == ""


def test_char_corpus_round_trip():
    ids, vocab = char_corpus("나는 너를 나는")
    assert ids.dtype == np.int64 and ids.shape == (8,)
    # 나 and 는 twice, the space twice; ties in order of first appearance
    assert vocab.itos == ["나", "는", " ", "너", "를"]
    assert ids.tolist() == [0, 1, 2, 3, 4, 2, 0, 1]
    assert "".join(vocab.decode(ids)) == "나는 너를 나는"
    assert vocab.pad_id is None and vocab.unk_id is None
    ids, vocab = char_corpus("")
    assert ids.shape == (0,) and len(vocab) == 0
    with pytest.raises(ValueError, match="expects a string"):
        char_corpus(["나", "는"])


def test_char_corpus_on_the_constitution():
    text = load_text(data_path("konlpy", "kolaw", "constitution.txt"))
    ids, vocab = char_corpus(text)
    # konlpy 0.6.0's kolaw/constitution.txt: 18,884 characters, 380 distinct ones
    assert len(ids) == len(text) == 18884
    assert len(vocab) == 380
    assert "\r" not in text and text.startswith("대한민국헌법\n")
    assert "".join(vocab.decode(ids[:40])) == text[:40]
    # the most frequent character of the constitution is the space
    assert vocab.itos[0] == " "

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
    start = time.process_time()        # CPU time: a busy machine's disk or cores do not count
    texts, labels = load_spam_assassin(root)
    elapsed = time.process_time() - start
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
    assert elapsed < 10, f"reading the corpus took {elapsed:.1f} s of CPU time"


# --------------------------------------------------------------------------- compact spam, course files


def test_load_spam_compact_reads_the_build_s_gzipped_json(tmp_path):
    """The loader half of the compact corpus (the build's writer is tested in tests/build)."""
    path = tmp_path / "spam.json.gz"
    path.write_bytes(gzip.compress(json.dumps({"texts": ["안녕 ham", "WIN $$$"], "labels": [0, 1]},
                                              ensure_ascii=False).encode("utf-8")))
    texts, labels = datasets.load_spam_compact(path)
    assert texts == ["안녕 ham", "WIN $$$"]
    assert labels.dtype == np.int64 and labels.tolist() == [0, 1]


def test_course_file_reads_the_folder_named_by_the_environment(tmp_path, monkeypatch):
    (tmp_path / "constitution.txt").write_text("대한민국은 민주공화국이다.", encoding="utf-8")
    monkeypatch.setenv("NLPLAB_COURSE_DATA", str(tmp_path))
    path = datasets.course_file("constitution.txt")
    assert path.read_text(encoding="utf-8") == "대한민국은 민주공화국이다."
    with pytest.raises(FileNotFoundError, match="make build"):
        datasets.course_file("missing.txt")
    with pytest.raises(ValueError, match="plain file name"):
        datasets.course_file("../secret.txt")


def test_course_file_fetches_from_the_site_outside_the_browser(tmp_path, monkeypatch):
    """A notebook downloaded from a lesson page points NLPLAB_COURSE_DATA at the site's data URL."""
    served = tmp_path / "served"
    served.mkdir()
    (served / "constitution.txt").write_text("대한민국은 민주공화국이다.", encoding="utf-8")
    with serving(served) as url:
        monkeypatch.setattr(datasets, "_DOWNLOADS", tmp_path / "downloads")
        monkeypatch.setenv("NLPLAB_COURSE_DATA", url)
        path = datasets.course_file("constitution.txt")
        assert path.parent == tmp_path / "downloads"
        assert path.read_text(encoding="utf-8") == "대한민국은 민주공화국이다."
        with pytest.raises(FileNotFoundError, match="HTTP 404"):
            datasets.course_file("missing.txt")


def test_course_file_explains_a_missing_setting(monkeypatch):
    monkeypatch.delenv("NLPLAB_COURSE_DATA", raising=False)
    with pytest.raises(RuntimeError, match="NLPLAB_COURSE_DATA is not set"):
        datasets.course_file("constitution.txt")
