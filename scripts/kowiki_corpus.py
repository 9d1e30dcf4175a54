"""The build's Korean Wikipedia corpus for the embedding pages, from the PyPI wheel `kollocate==0.0.2`.

The wheel (Apache-2.0 code; its text is Korean Wikipedia's, CC BY-SA 3.0) holds 139,964 sentences,
morpheme-analysed with Kkma, in a whoosh index under `kollocate/indexdir/`: one stored field
`analysis` per sentence, eojeols (the words between spaces) separated by spaces and the morphemes of
an eojeol by "+", each as `form/TAG` (`졸업/NNG+하/XSV+였/EPT+다/EFN+./SF`). The original sentences are
not stored. Two token streams are made from it, each as a token corpus
(nlplab.datasets.load_token_corpus reads them):

- morphemes: the content morphemes, the tokens word2vec learns on. Nouns (NNG, NNP), verbs and
  adjectives (VV, VA) as their dictionary form, stem + 다 (먹 -> 먹다), and adverbs (MAG); particles,
  endings, numbers, symbols, foreign words and the rest are left out. Two kinds of Kkma's mistakes
  are left out too: the stems it makes up (늘 from the particle 는, 슬, 스, 아, 그), and the
  one-syllable "nouns" it cuts foreign names into (카터 -> 카 + 터; 르, 리, 키, 레, 티 ...). A real
  one-syllable noun (왕, 딸, 물, 책) is followed by a particle in a good share of its uses (왕이, 책을),
  a piece of a name rarely is, so a one-syllable noun is kept when at least ONE_SYLLABLE_SHARE of its
  uses in the whole corpus are followed by a particle (왕 0.52, 책 0.67, 딸 0.30; 카 0.22, 르 0.25,
  레 0.05); a few real nouns fall below it (강 0.27, 피 0.21).
- eojeols: each eojeol written back from its morphemes, for the page on word forms: the forms joined
  (a lone final consonant such as ㄴ, ㄹ, ㅁ, ㅂ goes under the syllable before it: 하+ㄴ -> 한; after a
  final ㄹ it takes the ㄹ's place, as in 늘+ㄴ -> 는), 하+어/었 contracted to 해/했 as written, symbols
  dropped, and a stem ending in ㅏ or ㅓ merged with the ending 아/어/았/었 after it (나 + 았 -> 났).
  Only eojeols that come out as Hangul syllables alone are kept. Kkma undoes some
  contractions (보았다 stays 보았다, but 봤다 comes back as 보았다), so these are the corpus's forms
  as Kkma read them, close to but not always the written ones.

Each stream is written twice: in full for the native tests (.cache/data/kowiki/) and, for the pages,
every SUBSET_STEP-th sentence (docs/assets/build/data/). Tokens seen fewer than `min_count` times in
the corpus written are dropped from it, as word2vec drops them.
"""

from __future__ import annotations

import io
import re
import shutil
import tempfile
import zipfile
from collections import Counter
from pathlib import Path
from typing import Callable, Iterable

import numpy as np

INDEX_PREFIX = "kollocate/indexdir/"
HANGUL_WORD = re.compile(r"[가-힣]+")
NOUNS = {"NNG", "NNP"}
PREDICATES = {"VV", "VA"}
ADVERBS = {"MAG"}
KKMA_MISTAKEN_STEMS = {"늘", "슬", "스", "아", "그"}
# the final consonants (jongseong) of the compatibility jamo Kkma writes as separate morphemes
FINALS = {j: k for k, j in enumerate("ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ", start=1)}
SUBSET_STEP = 4
ONE_SYLLABLE_SHARE = 0.28


def read_analyses(wheel: Path) -> list[str]:
    """Every sentence's Kkma analysis in the wheel, in the index's order."""
    import whoosh.index  # build-time only (pyproject's `site` extra)

    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(wheel) as archive:
        for name in archive.namelist():
            if name.startswith(INDEX_PREFIX) and not name.endswith("/"):
                target = Path(tmp) / Path(name).name
                with archive.open(name) as source, target.open("wb") as out:
                    shutil.copyfileobj(source, out)
        index = whoosh.index.open_dir(tmp)
        with index.searcher() as searcher:
            return [fields["analysis"] for _, fields in searcher.reader().iter_docs()]


def _morphemes(eojeol: str) -> list[tuple[str, str]]:
    """`졸업/NNG+하/XSV` -> [("졸업", "NNG"), ("하", "XSV")] (a form may itself be "+" or "/")."""
    pairs = []
    for piece in re.findall(r"(.+?)/([A-Z]*)(?:\+|$)", eojeol):
        pairs.append(piece)
    return pairs


def one_syllable_nouns(analyses: Iterable[str]) -> set[str]:
    """The one-syllable nouns followed by a particle in at least ONE_SYLLABLE_SHARE of their uses."""
    uses: Counter = Counter()
    with_particle: Counter = Counter()
    for analysis in analyses:
        for eojeol in analysis.split(" "):
            pairs = _morphemes(eojeol)
            for k, (form, tag) in enumerate(pairs):
                if tag in NOUNS and len(form) == 1 and HANGUL_WORD.fullmatch(form):
                    uses[form] += 1
                    with_particle[form] += k + 1 < len(pairs) and pairs[k + 1][1].startswith("J")
    return {form for form, n in uses.items() if with_particle[form] >= ONE_SYLLABLE_SHARE * n}


def morpheme_tokens(analysis: str, one_syllable: set[str] = frozenset()) -> list[str]:
    """The content morphemes of one analysed sentence, verbs and adjectives as stem + 다;
    one-syllable nouns only those in `one_syllable` (see one_syllable_nouns)."""
    tokens = []
    for eojeol in analysis.split(" "):
        for form, tag in _morphemes(eojeol):
            if not HANGUL_WORD.fullmatch(form):
                continue
            if tag in NOUNS and (len(form) >= 2 or form in one_syllable) or tag in ADVERBS:
                tokens.append(form)
            elif tag in PREDICATES and form not in KKMA_MISTAKEN_STEMS:
                tokens.append(form + "다")
    return tokens


def _join(word: str, form: str) -> str | None:
    """word + form, a leading lone consonant of form put under word's last syllable (None: cannot)."""
    if not (word and form and form[0] in FINALS):
        if word.endswith("하") and form[:1] in ("어", "었"):
            # 하 + 어 -> 해, 하 + 었 -> 했: written contracted
            return word[:-1] + ("해" if form[0] == "어" else "했") + form[1:]
        last = ord(word[-1]) - 0xAC00 if word else -1
        if 0 <= last < 11172 and last % 28 == 0 and (last // 28) % 21 in (0, 4) and form[:1] in ("아", "어", "았", "었"):
            # a stem ending in ㅏ or ㅓ swallows the ending's 아/어: 가 + 아서 -> 가서, 나 + 았 -> 났
            return word[:-1] + chr(0xAC00 + last + (FINALS["ㅆ"] if form[0] in "았었" else 0)) + form[1:]
        return word + form
    last = ord(word[-1]) - 0xAC00
    if not 0 <= last < 11172:
        return None
    if last % 28 == 0:                               # no final yet: 하 + ㄴ -> 한
        return word[:-1] + chr(0xAC00 + last + FINALS[form[0]]) + form[1:]
    if last % 28 == FINALS["ㄹ"]:                    # ㄹ drops before ㄴ, ㅂ, ㅅ: 늘 + ㄴ -> 는
        return word[:-1] + chr(0xAC00 + last - FINALS["ㄹ"] + FINALS[form[0]]) + form[1:]
    return None


def eojeol_tokens(analysis: str) -> list[str]:
    """The eojeols of one analysed sentence written back from their morphemes (Hangul only)."""
    tokens = []
    for eojeol in analysis.split(" "):
        word: str | None = ""
        for form, tag in _morphemes(eojeol):
            if tag.startswith("S"):                  # symbols: punctuation, brackets
                continue
            word = _join(word, form)
            if word is None:
                break
        if word and HANGUL_WORD.fullmatch(word):
            tokens.append(word)
    return tokens


def token_corpus(sentences: Iterable[list[str]], min_count: int) -> dict[str, np.ndarray]:
    """Sentences of tokens -> the arrays of a token corpus: tokens seen fewer than min_count times
    dropped, ids by frequency (most frequent first, ties by first appearance), empty sentences left out."""
    sentences = list(sentences)
    counts = Counter(token for sentence in sentences for token in sentence)
    ranked = [t for t, c in sorted(counts.items(), key=lambda item: -item[1]) if c >= min_count]
    index = {t: i for i, t in enumerate(ranked)}
    ids, starts = [], [0]
    for sentence in sentences:
        kept = [index[t] for t in sentence if t in index]
        if kept:
            ids.extend(kept)
            starts.append(len(ids))
    return {
        "ids": np.array(ids, dtype=np.int32),
        "starts": np.array(starts, dtype=np.int64),
        "vocab": np.array(ranked, dtype=str),
        "counts": np.array([counts[t] for t in ranked], dtype=np.int64),
    }


def save_token_corpus(path: Path, corpus: dict[str, np.ndarray], source: str) -> None:
    """Write a token corpus as a compressed .npz (ids, starts, vocab, counts, source), the same
    bytes from build to build."""
    buffer = io.BytesIO()
    np.savez_compressed(buffer, source=np.array(source), **corpus)
    # np.savez stamps the zip members with the current time: rewrite them with a fixed one
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as original, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as fixed:
        for info in original.infolist():
            stamped = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            stamped.compress_type = zipfile.ZIP_DEFLATED
            fixed.writestr(stamped, original.read(info.filename), compresslevel=9)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(out.getvalue())


SOURCE = ("Korean Wikipedia (CC BY-SA 3.0, its contributors), 139,964 sentences morpheme-analysed with Kkma "
          "as shipped in the PyPI wheel kollocate==0.0.2")

STREAMS: dict[str, tuple[int, int]] = {
    # name: (min_count of the full corpus, min_count of the pages' subset)
    "morphemes": (5, 3),
    "eojeols": (5, 3),
}


def write_corpora(analyses: list[str], full_dir: Path, site_dir: Path) -> dict[str, str]:
    """Both streams, in full into full_dir/<name>.npz and as the pages' subset into
    site_dir/kowiki-<name>.npz. Returns a line per file for the build's log."""
    report = {}
    one_syllable = one_syllable_nouns(analyses)
    tokenizers: dict[str, Callable[[str], list[str]]] = {
        "morphemes": lambda a: morpheme_tokens(a, one_syllable),
        "eojeols": eojeol_tokens,
    }
    for name, (full_min, subset_min) in STREAMS.items():
        sentences = [tokenizers[name](a) for a in analyses]
        for path, chosen, min_count in ((full_dir / f"{name}.npz", sentences, full_min),
                                        (site_dir / f"kowiki-{name}.npz", sentences[::SUBSET_STEP], subset_min)):
            corpus = token_corpus(chosen, min_count)
            save_token_corpus(path, corpus, SOURCE)
            report[str(path)] = (f"{len(corpus['ids']):,} tokens in {len(corpus['starts']) - 1:,} sentences, "
                                 f"{len(corpus['vocab']):,} types, {path.stat().st_size / 1e6:.1f} MB")
    return report
