"""The build's compact SpamAssassin corpus for the spam page: each e-mail cut to its subject and
the start of its body, all 6,046 written as one gzipped JSON file (about 1.6 MB).

scripts/build_assets.py calls `write_spam_compact`; the page reads the file back with
nlplab.datasets.load_spam_compact (the library keeps the loader, the build keeps the writer).
"""

from __future__ import annotations

import gzip
import json
import os
import re
from pathlib import Path

import numpy as np

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
