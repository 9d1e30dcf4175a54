"""scripts/spam_compact.py: the build's compact SpamAssassin corpus, read back by nlplab's loader."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
import spam_compact  # noqa: E402
from nlplab import datasets  # noqa: E402


def test_spam_message_keeps_subject_and_body_start():
    raw = "From: a@b\r\nSubject:  Cheap meds now\r\nX-Spam: yes\r\n\r\nBuy now.\r\nReally."
    assert spam_compact.spam_message(raw) == "Cheap meds now\nBuy now.\nReally."
    assert spam_compact.spam_message(raw, max_chars=18) == "Cheap meds now\nBuy"
    assert spam_compact.spam_message("no headers at all") == "\n"
    with pytest.raises(ValueError, match="max_chars"):
        spam_compact.spam_message(raw, max_chars=0)


def test_spam_compact_round_trip(tmp_path):
    path = tmp_path / "spam.json.gz"
    spam_compact.save_spam_compact(["안녕 ham", "WIN $$$"], np.array([0, 1]), path)
    first = path.read_bytes()
    texts, labels = datasets.load_spam_compact(path)
    assert texts == ["안녕 ham", "WIN $$$"]
    assert labels.dtype == np.int64 and labels.tolist() == [0, 1]
    spam_compact.save_spam_compact(["안녕 ham", "WIN $$$"], [0, 1], path)
    assert path.read_bytes() == first  # byte-identical builds
    with pytest.raises(ValueError, match=r"shape \(2,\)"):
        spam_compact.save_spam_compact(["a", "b"], [0, 1, 1], path)
