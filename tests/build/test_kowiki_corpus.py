"""scripts/kowiki_corpus.py: the embedding pages' Korean Wikipedia corpora, from Kkma's analyses.

The tokenizers on analyses as the kollocate wheel stores them (`form/TAG` morphemes joined by "+",
eojeols by spaces), the corpus arrays, and a file that nlplab.datasets.load_token_corpus reads
back, the same bytes every time. The build itself (downloading nothing the second time, a
corrupt wheel stopping it) is tested in test_asset_build.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "pysrc"))
import kowiki_corpus as K  # noqa: E402
from nlplab.datasets import load_token_corpus  # noqa: E402

# real analyses from the wheel (its 3rd and 4th sentences), and a made-up one with the hard cases
JIMMY = ("지미/NNG 카/NNG 털/VV+는/ETD 조지/NNG 아주/MAG 섬/NNG 터/NNG 카운티/NNG 플/UN 레/NNG 인스/UN "
         "마을/NNG+에서/JKM 태어나/VV+었/EPT+다/EFN+./SF")
GEORGIA = "조지아/NNG 공과/NNG 대학교/NNG+를/JKO 졸업/NNG+하/XSV+였/EPT+다/EFN+./SF"
MADE_UP = ("그/NP+는/JX 학교/NNG+에/JKM 가/VV+아서/ECD 공부/NNG+하/XSV+었/EPT+다/EFN+./SF "
           "재미있/VA+는/ETD 책/NNG+을/JKO 읽/VV+는/ETD 사람/NNG+이/JKS 만들/VV+ㅂ니다/EFN 1924/NR+년/NNM")


def test_morpheme_tokens_keep_content_words_in_dictionary_form():
    assert K.morpheme_tokens(GEORGIA) == ["조지아", "공과", "대학교", "졸업"]
    # one-syllable nouns only when allowed: Kkma's pieces of the name 카터 (카, 터) are not
    assert K.morpheme_tokens(JIMMY, {"섬"}) == ["지미", "털다", "조지", "아주", "섬", "카운티", "마을", "태어나다"]
    assert K.morpheme_tokens(MADE_UP, {"책"}) == ["학교", "가다", "공부", "재미있다", "책", "읽다", "사람", "만들다"]
    # the stems Kkma makes up, such as 늘 for the particle 는, are left out
    assert K.morpheme_tokens("카터/NNG+늘/VV+ㄴ/ETD 대통령/NNG") == ["카터", "대통령"]


def test_one_syllable_nouns_are_those_often_followed_by_a_particle():
    analyses = ["왕/NNG+이/JKS 카/NNG 터/NNG", "왕/NNG 카/NNG+를/JKO 책/NNG+을/JKO", "카/NNG 레/NNG+,/SP 왕/NNG"]
    # 왕 1 of 3 with a particle, 책 1 of 1, 카 1 of 3 (0.33 >= 0.28), 터 0 of 1, 레 0 of 1 (a comma is no particle)
    assert K.one_syllable_nouns(analyses) == {"왕", "책", "카"}


def test_eojeol_tokens_write_the_words_back():
    assert K.eojeol_tokens(GEORGIA) == ["조지아", "공과", "대학교를", "졸업하였다"]
    assert K.eojeol_tokens(MADE_UP) == ["그는", "학교에", "가서", "공부했다", "재미있는", "책을", "읽는", "사람이",
                                        "만듭니다"]
    # 태어나 + 었 -> 태어났; 털 + 는 has no way back and the digits are no Hangul: left out
    assert K.eojeol_tokens(JIMMY)[-1] == "태어났다" and "1924년" not in K.eojeol_tokens(MADE_UP)


def test_jamo_endings_go_under_the_syllable_before_them():
    assert K._join("하", "ㄴ") == "한" and K._join("만들", "ㅂ니다") == "만듭니다" and K._join("늘", "ㄴ") == "는"
    assert K._join("먹", "ㄴ") is None                       # a final already there: no way to write it
    assert K._join("하", "었다") == "했다" and K._join("서", "었다") == "섰다" and K._join("보", "았다") == "보았다"


def test_token_corpus_drops_rare_tokens_and_ranks_by_frequency():
    corpus = K.token_corpus([["밥", "빵", "밥"], ["국"], ["빵", "밥"]], min_count=2)
    assert corpus["vocab"].tolist() == ["밥", "빵"] and corpus["counts"].tolist() == [3, 2]
    # the sentence of a dropped word alone disappears; the others keep their order
    assert corpus["ids"].tolist() == [0, 1, 0, 1, 0] and corpus["starts"].tolist() == [0, 3, 5]


def test_a_written_corpus_reads_back_and_is_the_same_bytes_every_time(tmp_path):
    corpus = K.token_corpus([K.eojeol_tokens(a) for a in (JIMMY, GEORGIA, MADE_UP)], min_count=1)
    K.save_token_corpus(tmp_path / "a.npz", corpus, K.SOURCE)
    K.save_token_corpus(tmp_path / "b.npz", corpus, K.SOURCE)
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()
    read = load_token_corpus(tmp_path / "a.npz")
    assert read.vocab == corpus["vocab"].tolist() and np.array_equal(read.ids, corpus["ids"])
    assert read.sentences()[1].tolist() == [read.vocab.index(w) for w in ["조지아", "공과", "대학교를", "졸업하였다"]]
    assert "CC BY-SA 3.0" in read.source and "kollocate==0.0.2" in read.source
