"""Bad input: every public function of nlplab, called wrongly as a learner would.

One table, one row per mistake. A row made with `bad(...)` states the function the learner
called (its message must name it), the exception type and the words its message must contain.
A row made with `ok(...)` is a call that is allowed to return, with the reason it is not a silent
wrong answer and, where there is a right answer to check, a check of it. A call in a `bad` row
that returns without an error fails the test.

Classes of mistake (the issue "Bad input"): None; a str where a list of strings (or numbers) is
meant; text where numbers are meant; ragged lists; wrong shapes (transposed weights, PyTorch's
(4H, H) layout, a time-major (T, N, D) input); NaN and inf; sizes <= 0; callbacks that are not
callable; parameters that cannot change in place; predict before fit; swapped (dout, cache);
a cache from another forward pass; bytes in CP949; arrays too large for the browser.

This file runs inside Pyodide too (tests/browser/test_pyodide_suite.py): it needs numpy only.
"""

from __future__ import annotations

import inspect
import math
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import pytest

import nlplab
from nlplab import (checking, datasets, encoding, gradcheck, gradflow, layers, lstm, models, naive_bayes, optim,
                    rnn, similarity, split, text)
from nlplab import attention, embeddings, gru
from nlplab.checking import (CheckFailed, PredictionUnreadable, check_array, check_equal, check_gradient,
                             check_prediction, check_scalar, read_prediction)
from nlplab.datasets import char_corpus, course_file, load_nsmc, load_reviews, load_spam_assassin, \
    load_spam_compact, load_text
from nlplab.datasets import TokenCorpus, load_token_corpus
from nlplab.embeddings import (SkipGram, SubwordSkipGram, analogy, cooccurrence, initial_embeddings,
                               keep_probabilities, most_similar,
                               noise_distribution, ppmi, sgns_loss, skipgram_pairs, svd_vectors)
from nlplab.encoding import Vocabulary, get_dummies, one_hot, pad_sequences, sequence_mask
from nlplab.gradcheck import numerical_gradient, rel_error
from nlplab.attention import attention_backward, attention_forward
from nlplab.gradflow import gru_jacobian_norms, lstm_jacobian_norms, rnn_jacobian_norms
from nlplab.gru import gru_backward, gru_forward, gru_gates, gru_step_backward, gru_step_forward
from nlplab.layers import (affine_backward, affine_forward, embedding_backward, embedding_forward, relu_backward,
                           relu_forward, sigmoid, sigmoid_backward, sigmoid_forward, softmax, softmax_cross_entropy,
                           tanh_backward, tanh_forward)
from nlplab.lstm import lstm_backward, lstm_forward, lstm_gates, lstm_step_backward, lstm_step_forward
from nlplab.models import CharLM, MLPClassifier, SequenceClassifier
from nlplab.naive_bayes import BernoulliNB, CategoricalNB, MultinomialNB, logsumexp, parameter_count
from nlplab.optim import SGD, Adagrad, Adam, clip_grad_norm, clip_grad_value
from nlplab.rnn import from_torch_state, rnn_backward, rnn_forward, rnn_step_backward, rnn_step_forward
from nlplab.similarity import cosine_similarity, jaccard_similarity, pairwise_cosine, pairwise_jaccard
from nlplab.split import stratified_kfold, stratified_split
from nlplab.text import (KOREAN_TOKEN_PATTERN, CountVectorizer, PrefixLemmatizer, TfidfTransformer,
                         TfidfVectorizer, char_ngrams, korean_tokenize, regex_tokenize, whitespace_tokenize,
                         word_ngrams)


# --------------------------------------------------------------------------- the table's rows


@dataclass
class Case:
    where: str                        # what the learner called: the message must name it
    mistake: str
    call: Callable[[], object]
    raises: type | None = None        # None: the call may return (see reason)
    words: tuple[str, ...] = ()
    reason: str = ""
    check: Callable[[object], bool] | None = field(default=None, repr=False)
    named: str = ""                   # what the message names instead of `where` (see bad)

    @property
    def id(self) -> str:
        return f"{self.where}: {self.mistake}"


CASES: list[Case] = []


def bad(where: str, mistake: str, call: Callable[[], object], raises: type, *words: str, named: str = "") -> None:
    """A wrong call that must raise `raises`, with a message naming `where` and holding `words`.

    named: for nlplab.checking, whose CheckFailed messages are the exercise's feedback: they name
    the learner's own value (`dx`), not the check the page ran.
    """
    CASES.append(Case(where, mistake, call, raises, words, named=named))


def ok(where: str, mistake: str, call: Callable[[], object], reason: str,
       check: Callable[[object], bool] | None = None) -> None:
    """A call that looks wrong but may return: `reason` says why it is not a silent wrong answer."""
    assert reason, "an acceptable call needs its reason"
    CASES.append(Case(where, mistake, call, None, (), reason, check))


# --------------------------------------------------------------------------- shared inputs

rng = np.random.default_rng(0)
N, T, D, H, V = 2, 3, 4, 5, 6
x2 = rng.standard_normal((N, D))
x3 = rng.standard_normal((N, T, D))
h2 = rng.standard_normal((N, H))
W_DM = rng.standard_normal((D, 3))
b_M = np.zeros(3)
Wx1, Wh1, b1 = rng.standard_normal((D, H)) * 0.3, rng.standard_normal((H, H)) * 0.3, np.zeros(H)
Wx4, Wh4, b4 = rng.standard_normal((D, 4 * H)) * 0.3, rng.standard_normal((H, 4 * H)) * 0.3, np.zeros(4 * H)
with_nan = x2.copy()
with_nan[1, 2] = np.nan
with_inf = x2.copy()
with_inf[0, 0] = np.inf

_, affine_cache = affine_forward(x2, W_DM, b_M)
dout_affine = np.ones((N, 3))
relu_out, relu_cache = relu_forward(x2)
tanh_out, tanh_cache = tanh_forward(x2)
sig_out, sig_cache = sigmoid_forward(x2)
ids = np.array([[0, 1, 2], [3, 4, 5]])
W_emb = rng.standard_normal((V, 3))
emb_out, emb_cache = embedding_forward(ids, W_emb)
h_rnn_step, rnn_step_cache = rnn_step_forward(x2, h2, Wx1, Wh1, b1)
h_lstm_step, c_lstm_step, lstm_step_cache = lstm_step_forward(x2, h2, h2, Wx4, Wh4, b4)
h_rnn, rnn_cache = rnn_forward(x3, h2, Wx1, Wh1, b1)
h_lstm, lstm_cache = lstm_forward(x3, h2, Wx4, Wh4, b4)
dh_step = np.ones((N, H))
dh_seq = np.ones((N, T, H))
nan_dh_seq = dh_seq.copy()
nan_dh_seq[0, 1, 2] = np.nan

X_counts = np.array([[2, 0, 1], [0, 3, 1], [1, 1, 0], [0, 2, 2]])
y_spam = np.array(["스팸", "정상", "스팸", "정상"])
DOCS = ["오늘 밥을 먹었다", "어제 밥을 먹고 영화를 봤다", "영화가 좋았다"]
CP949 = "안녕 하세요 반갑습니다".encode("cp949")
HUGE = 40_000                               # 40 000 x 40 000 float64: 12.8 GB


def zeros_view(*shape):
    """A large array of zeros that takes no memory (a broadcast view of one zero)."""
    return np.broadcast_to(np.zeros((), dtype=np.int64), shape)


def fitted_nb():
    return MultinomialNB().fit(X_counts, y_spam)


def fitted_mlp():
    return MLPClassifier(hidden_sizes=(4,), seed=0).fit(rng.standard_normal((8, 3)), [0, 1] * 4, epochs=1)


def lm():
    return CharLM(V, embed_dim=3, hidden_dim=4, cell="rnn", seed=0)


def seq_clf():
    return SequenceClassifier(V, 2, embed_dim=3, hidden_dim=4, cell="rnn", seed=0)


def params_and_grads(param, grad=None):
    return {"w": param}, {"w": np.ones(np.shape(param)) if grad is None else grad}


def read_only(array):
    array = array.copy()
    array.flags.writeable = False
    return array


FILES = Path(tempfile.mkdtemp(prefix="nlplab-bad-input-"))
(FILES / "cp949.txt").write_bytes("id\tdocument\tlabel\n1\t재밌어요\t1\n".encode("cp949"))
(FILES / "bad_header.txt").write_text("document\tlabel\n재밌어요\t1\n", encoding="utf-8")
(FILES / "not_gzip.json.gz").write_text("{}", encoding="utf-8")
(FILES / "spam" / "data" / "easy-ham-1").mkdir(parents=True)


# --------------------------------------------------------------------------- nlplab.encoding

bad("one_hot", "None as the ids", lambda: one_hot(None, 3), TypeError, "정수 id", "None")
bad("one_hot", "a str as the ids", lambda: one_hot("0 1", 3), TypeError, "Vocabulary.encode")
bad("one_hot", "float ids", lambda: one_hot([0.0, 1.5], 3), ValueError, "must be integers", "float64")
bad("one_hot", "an id out of range", lambda: one_hot([0, 3], 3), ValueError, "out of range", "0..2")
bad("one_hot", "ragged ids", lambda: one_hot([[0, 1], [2]], 3), ValueError, "ragged", "pad_sequences")
bad("one_hot", "num_classes 0", lambda: one_hot([0], 0), ValueError, "num_classes")
bad("one_hot", "num_classes as text", lambda: one_hot([0], "3"), TypeError, "num_classes", "'3'")
bad("one_hot", "num_classes None", lambda: one_hot([0], None), TypeError, "num_classes")
bad("one_hot", "10^5 classes for 10^5 ids (80 GB)", lambda: one_hot(np.arange(100_000), 100_000), ValueError,
    "80.0 GB", "2 GiB", "embedding_forward")

bad("get_dummies", "one str (its characters would become columns)", lambda: get_dummies("서울"), TypeError,
    "['서울']", "리스트")
bad("get_dummies", "None", lambda: get_dummies(None), TypeError, "None")
bad("get_dummies", "a number", lambda: get_dummies(3), TypeError, "리스트")
bad("get_dummies", "a 2-D array", lambda: get_dummies(np.array([["a"], ["b"]])), ValueError, "1-D", "(2, 1)")
bad("get_dummies", "nested lists", lambda: get_dummies([["서울"], ["부산"]]), ValueError, "1-D", "list")
bad("get_dummies", "mixed types", lambda: get_dummies([1, "서울"]), ValueError, "cannot be sorted")
bad("get_dummies", "40 000 distinct values (12.8 GB)", lambda: get_dummies(np.arange(HUGE)), ValueError,
    "12.8 GB", "Vocabulary")
ok("get_dummies", "None among the values", lambda: get_dummies(["서울", None, "부산"]),
   "pandas' rule: a missing value gets a row of zeros", lambda r: r[0][1].tolist() == [0, 0])

bad("Vocabulary", "one str instead of token lists", lambda: Vocabulary("나는 밥을"), TypeError, "split")
bad("Vocabulary", "a list of untokenized strings", lambda: Vocabulary(["나는 밥을", "먹었다"]), ValueError,
    "document 0 is a string", "split")
bad("Vocabulary", "None", lambda: Vocabulary(None), TypeError, "None")
bad("Vocabulary", "a document that is a number", lambda: Vocabulary([["a"], 3]), TypeError, "document 1")
bad("Vocabulary", "tokens that are lists", lambda: Vocabulary([[["a"]]]), TypeError, "document 0")
bad("Vocabulary", "min_freq 0", lambda: Vocabulary([["a"]], min_freq=0), ValueError, "min_freq must be at least 1")
bad("Vocabulary", "min_freq as text", lambda: Vocabulary([["a"]], min_freq="2"), TypeError, "min_freq")
bad("Vocabulary", "max_size -1", lambda: Vocabulary([["a"]], max_size=-1), ValueError, "max_size")
bad("Vocabulary", "the same pad and unk token", lambda: Vocabulary([["a"]], unk_token="x", pad_token="x"),
    ValueError, "must differ")
ok("Vocabulary", "ints as tokens", lambda: Vocabulary([[1, 2], [2]]).stoi,
   "any hashable token is a token (ids of another vocabulary, say)", lambda r: r[2] == 2)
bad("Vocabulary.encode", "one str", lambda: Vocabulary([["나"]]).encode("나는"), ValueError, "got a string",
    "list(text)")
bad("Vocabulary.encode", "None", lambda: Vocabulary([["나"]]).encode(None), TypeError, "None")
bad("Vocabulary.encode", "a list of token lists", lambda: Vocabulary([["나"]]).encode([["나"]]), TypeError,
    "토큰 하나", "encode")
bad("Vocabulary.decode", "a str", lambda: Vocabulary([["나"]]).decode("12"), TypeError, "정수 id")
bad("Vocabulary.decode", "float ids", lambda: Vocabulary([["나"]]).decode([1.5]), ValueError, "must be an integer")
bad("Vocabulary.decode", "a 2-D array", lambda: Vocabulary([["나"]]).decode(np.zeros((1, 2), int)), ValueError,
    "1-D id sequence")
bad("Vocabulary.decode", "an id out of range", lambda: Vocabulary([["나"]]).decode([9]), ValueError, "out of range")
bad("Vocabulary.token_to_id", "a list", lambda: Vocabulary([["나"]]).token_to_id(["나"]), TypeError, "encode")
bad("Vocabulary.token_to_id", "an unseen token without unk", lambda: Vocabulary([["나"]], unk_token=None)
    .token_to_id("너"), KeyError, "'너' is not in the vocabulary")
ok("Vocabulary.token_to_id", "an unseen token", lambda: Vocabulary([["나"]]).token_to_id("너"),
   "the documented unknown id (<unk>)", lambda r: r == 1)
bad("Vocabulary.id_to_token", "an id as text", lambda: Vocabulary([["나"]]).id_to_token("1"), ValueError,
    "must be an integer")
bad("Vocabulary.id_to_token", "-1", lambda: Vocabulary([["나"]]).id_to_token(-1), ValueError, "out of range")

bad("pad_sequences", "one str", lambda: pad_sequences("abc"), TypeError, "id 리스트")
bad("pad_sequences", "None", lambda: pad_sequences(None), TypeError, "None")
bad("pad_sequences", "tokens instead of ids", lambda: pad_sequences([["나", "밥"]]), TypeError, "Vocabulary.encode")
bad("pad_sequences", "float ids", lambda: pad_sequences([[1.0, 2.5]]), ValueError, "sequence 0 must be integers")
bad("pad_sequences", "a nested sequence", lambda: pad_sequences([[1, 2], [[3]]]), ValueError, "sequence 1 must be 1-D")
bad("pad_sequences", "max_len -1", lambda: pad_sequences([[1]], max_len=-1), ValueError, "max_len must be >= 0")
bad("pad_sequences", "max_len as text", lambda: pad_sequences([[1]], max_len="5"), TypeError, "max_len", "max_len=5")
bad("pad_sequences", "pad_id as text", lambda: pad_sequences([[1]], pad_id="<pad>"), TypeError, "pad_id")
bad("pad_sequences", "one sequence of 10^8 ids (1.6 GB)", lambda: pad_sequences([[1, 2], zeros_view(10 ** 8)]),
    ValueError, "1.6 GB", "1번", "max_len")
ok("pad_sequences", "ragged sequences", lambda: pad_sequences([[1, 2, 3], [4]]),
   "what it is for", lambda r: r[0].tolist() == [[1, 2, 3], [4, 0, 0]] and r[1].tolist() == [3, 1])

bad("sequence_mask", "a negative length", lambda: sequence_mask([2, -1]), ValueError, "lengths must be >= 0")
bad("sequence_mask", "max_len -1", lambda: sequence_mask([2], max_len=-1), ValueError, "max_len")
bad("sequence_mask", "lengths as text", lambda: sequence_mask("3"), TypeError, "정수")
bad("sequence_mask", "2-D lengths", lambda: sequence_mask([[1, 2]]), ValueError, "1-D")
bad("sequence_mask", "float lengths", lambda: sequence_mask([1.5]), ValueError, "must be integers")
bad("sequence_mask", "a length of 10^10", lambda: sequence_mask([10 ** 10]), ValueError, "GB", "max_len")


# --------------------------------------------------------------------------- nlplab.text

bad("whitespace_tokenize", "None", lambda: whitespace_tokenize(None), ValueError, "must be a str")
bad("whitespace_tokenize", "a token list", lambda: whitespace_tokenize(["나", "밥"]), ValueError, "' '.join")
bad("whitespace_tokenize", "CP949 bytes", lambda: whitespace_tokenize(CP949), ValueError, "UTF-8", "cp949")
ok("whitespace_tokenize", "UTF-8 bytes", lambda: whitespace_tokenize("나 밥".encode()),
   "decoded as UTF-8, scikit-learn's default", lambda r: r == ["나", "밥"])
bad("regex_tokenize", "pattern None", lambda: regex_tokenize("나 밥", None), TypeError, "token_pattern")
bad("regex_tokenize", "a broken pattern", lambda: regex_tokenize("나 밥", "("), ValueError, "regular expression")
bad("regex_tokenize", "two capturing groups", lambda: regex_tokenize("ab", "(a)(b)"), ValueError,
    "capturing groups")
bad("regex_tokenize", "a number as the text", lambda: regex_tokenize(5), ValueError, "must be a str")
bad("korean_tokenize", "None", lambda: korean_tokenize(None), ValueError, "must be a str")
bad("korean_tokenize", "a list of documents", lambda: korean_tokenize(["나 밥", "너"]), ValueError, "must be a str")

bad("word_ngrams", "one str (character bigrams)", lambda: word_ngrams("오늘 밥", 2), TypeError, "['오늘 밥']")
bad("word_ngrams", "a str as stop_words (substrings)", lambda: word_ngrams(["오늘", "밥"], 1, stop_words="오늘밥"),
    TypeError, "stop_words", "['오늘밥']")
bad("word_ngrams", "numbers as tokens", lambda: word_ngrams([1, 2]), TypeError, "tokens[0]")
bad("word_ngrams", "None", lambda: word_ngrams(None), TypeError, "None")
bad("word_ngrams", "n = 0", lambda: word_ngrams(["a"], 0), ValueError, "ngram_range")
bad("word_ngrams", "n as text", lambda: word_ngrams(["a"], "2"), ValueError, "ngram_range")
bad("word_ngrams", "numbers as stop_words", lambda: word_ngrams(["a"], stop_words=[1]), TypeError, "stop_words[0]")
ok("word_ngrams", "a set of stop words", lambda: word_ngrams(["오늘", "밥"], 1, stop_words={"밥"}),
   "a set is a collection of words", lambda r: r == ["오늘"])
bad("char_ngrams", "a token list", lambda: char_ngrams(["자연어"], 2), ValueError, "' '.join")
bad("char_ngrams", "n = (3, 1)", lambda: char_ngrams("자연어", (3, 1)), ValueError, "1 <= min_n <= max_n")
bad("char_ngrams", "None", lambda: char_ngrams(None), ValueError, "must be a str")
bad("char_ngrams", "CP949 bytes", lambda: char_ngrams(CP949), ValueError, "cp949")

bad("PrefixLemmatizer", "one str as the lemmas", lambda: PrefixLemmatizer("먹"), ValueError, "single string")
bad("PrefixLemmatizer", "None as the lemmas", lambda: PrefixLemmatizer(None), TypeError, "None")
bad("PrefixLemmatizer", "an empty stem", lambda: PrefixLemmatizer({"": "x"}), ValueError, "empty stem")
bad("PrefixLemmatizer", "a number as a lemma", lambda: PrefixLemmatizer({"먹": 1}), TypeError, "표제어")
bad("PrefixLemmatizer", "token_pattern None", lambda: PrefixLemmatizer(["먹"], token_pattern=None), TypeError,
    "token_pattern")
bad("PrefixLemmatizer", "called with None", lambda: PrefixLemmatizer(["먹"])(None), ValueError, "must be a str")
bad("PrefixLemmatizer", "called with tokens", lambda: PrefixLemmatizer(["먹"])(["먹었다"]), ValueError, "' '.join")
bad("PrefixLemmatizer.lemmatize", "None", lambda: PrefixLemmatizer(["먹"]).lemmatize(None), TypeError, "None")

bad("CountVectorizer.fit", "one str", lambda: CountVectorizer().fit("오늘 밥"), ValueError, "single string",
    "[text]")
bad("CountVectorizer.fit", "None", lambda: CountVectorizer().fit(None), TypeError, "None")
bad("CountVectorizer.fit", "a number", lambda: CountVectorizer().fit(5), TypeError, "문서")
bad("CountVectorizer.fit", "None among the documents", lambda: CountVectorizer().fit(["오늘 밥", None]), ValueError,
    "must be a str")
bad("CountVectorizer.fit", "pre-tokenized documents", lambda: CountVectorizer().fit([["오늘", "밥"]]), ValueError,
    "analyzer=lambda tokens: tokens")
bad("CountVectorizer.fit", "one-syllable Korean words with the default pattern",
    lambda: CountVectorizer().fit(["나 밥 너"]), ValueError, "empty vocabulary", "KOREAN_TOKEN_PATTERN")
bad("CountVectorizer.fit", "only stop words", lambda: CountVectorizer(stop_words=["오늘"]).fit(["오늘"]),
    ValueError, "empty vocabulary")
bad("CountVectorizer.fit", "CP949 bytes", lambda: CountVectorizer().fit([CP949]), ValueError, "cp949")
bad("CountVectorizer.fit", "a tokenizer that returns a str", lambda: CountVectorizer(tokenizer=lambda d: d)
    .fit(DOCS), TypeError, "tokenizer", "text.split()")
bad("CountVectorizer.fit", "a tokenizer that is not a function", lambda: CountVectorizer(tokenizer="split")
    .fit(DOCS), TypeError, "tokenizer", "함수")
bad("CountVectorizer.fit", "an analyzer that returns a str", lambda: CountVectorizer(analyzer=lambda d: d)
    .fit(DOCS), TypeError, "analyzer")
bad("CountVectorizer.fit", "an unknown analyzer", lambda: CountVectorizer(analyzer="words").fit(DOCS), ValueError,
    "analyzer must be")
bad("CountVectorizer.fit", "a preprocessor that returns None", lambda: CountVectorizer(preprocessor=lambda d: None)
    .fit(DOCS), TypeError, "preprocessor")
bad("CountVectorizer.fit", "stop_words='english'", lambda: CountVectorizer(stop_words="english").fit(DOCS),
    ValueError, "no built-in stop-word")
bad("CountVectorizer.fit", "numbers as stop words", lambda: CountVectorizer(stop_words=[1]).fit(DOCS), TypeError,
    "stop_words[0]")
bad("CountVectorizer.fit", "ngram_range (2, 1)", lambda: CountVectorizer(ngram_range=(2, 1)).fit(DOCS), ValueError,
    "ngram_range")
bad("CountVectorizer.fit", "min_df -1", lambda: CountVectorizer(min_df=-1).fit(DOCS), ValueError, "min_df")
bad("CountVectorizer.fit", "max_df 2.0", lambda: CountVectorizer(max_df=2.0).fit(DOCS), ValueError, "max_df")
bad("CountVectorizer.fit", "max_features 0", lambda: CountVectorizer(max_features=0).fit(DOCS), ValueError,
    "max_features")
bad("CountVectorizer.fit", "vocabulary as one str", lambda: CountVectorizer(vocabulary="밥").fit(DOCS), ValueError,
    "single string")
bad("CountVectorizer.fit", "a vocabulary with one column twice", lambda: CountVectorizer(
    vocabulary={"밥": 0, "영화": 0}).fit(DOCS), ValueError, "same column")
bad("CountVectorizer.fit", "neither token_pattern nor tokenizer", lambda: CountVectorizer(token_pattern=None)
    .fit(DOCS), ValueError, "token_pattern or a tokenizer")
bad("CountVectorizer.fit", "a number as token_pattern", lambda: CountVectorizer(token_pattern=5).fit(DOCS),
    TypeError, "token_pattern")
bad("CountVectorizer", "positional options (keyword-only)", lambda: CountVectorizer("word"), TypeError,
    "positional")
ok("CountVectorizer.fit", "a generator of documents", lambda: CountVectorizer().fit(d for d in DOCS).vocabulary_,
   "any iterable of str is a corpus", lambda r: "영화를" in r)
bad("CountVectorizer.fit_transform", "None", lambda: CountVectorizer().fit_transform(None), TypeError, "None")
bad("CountVectorizer.fit_transform", "a dense matrix of 12 000 x 12 000 counts (1.2 GB)",
    lambda: CountVectorizer().fit_transform([f"w{k:05d}" for k in range(12_000)]), ValueError, "1.2 GB",
    "sparse=True")
bad("CountVectorizer.transform", "before fit", lambda: CountVectorizer().transform(DOCS), ValueError, "not fitted")
bad("CountVectorizer.transform", "one str", lambda: CountVectorizer().fit(DOCS).transform("영화"), ValueError,
    "single string")
bad("CountVectorizer.get_feature_names_out", "before fit", lambda: CountVectorizer().get_feature_names_out(),
    ValueError, "not fitted")
bad("CountVectorizer.build_analyzer", "a tokenizer that is not a function",
    lambda: CountVectorizer(tokenizer=["나"]).build_analyzer(), TypeError, "tokenizer")
ok("CountVectorizer.transform", "words never seen in fit", lambda: CountVectorizer().fit(DOCS).transform(["새 단어들"]),
   "scikit-learn's rule: unseen terms are ignored", lambda r: r.sum() == 0)

bad("TfidfTransformer", "norm given positionally (keyword-only)", lambda: TfidfTransformer("l2"), TypeError,
    "positional")
bad("TfidfTransformer.fit", "None", lambda: TfidfTransformer().fit(None), TypeError, "None")
bad("TfidfTransformer.fit", "documents instead of counts", lambda: TfidfTransformer().fit("오늘 밥"), TypeError,
    "TfidfVectorizer")
bad("TfidfTransformer.fit", "negative counts", lambda: TfidfTransformer().fit([[1, -1]]), ValueError, "non-negative")
bad("TfidfTransformer.fit", "NaN counts", lambda: TfidfTransformer().fit([[1.0, np.nan]]), ValueError, "NaN")
bad("TfidfTransformer.fit", "infinite counts", lambda: TfidfTransformer().fit([[1.0, np.inf]]), ValueError,
    "infinity")
bad("TfidfTransformer.fit", "a 1-D vector", lambda: TfidfTransformer().fit([1, 2]), ValueError, "2-D")
bad("TfidfTransformer.fit", "text counts", lambda: TfidfTransformer().fit([["1", "2"]]), ValueError, "numeric")
bad("TfidfTransformer.fit", "norm 'l3'", lambda: TfidfTransformer(norm="l3").fit([[1, 2]]), ValueError, "norm")
bad("TfidfTransformer.transform", "before fit", lambda: TfidfTransformer().transform([[1, 2]]), ValueError,
    "not fitted")
bad("TfidfTransformer.transform", "another number of terms", lambda: TfidfTransformer().fit([[1, 2]])
    .transform([[1, 2, 3]]), ValueError, "(n_documents, 2)")
bad("TfidfTransformer.transform", "smooth_idf=False and a term fit never saw (NaN before)",
    lambda: TfidfTransformer(smooth_idf=False).fit([[1, 0], [1, 0]]).transform([[1, 1]]), ValueError,
    "smooth_idf", "infinite")
bad("TfidfTransformer.fit_transform", "None", lambda: TfidfTransformer().fit_transform(None), TypeError, "None")
bad("TfidfVectorizer.fit", "one str", lambda: TfidfVectorizer().fit("오늘 밥"), ValueError, "single string")
bad("TfidfVectorizer.fit", "one-syllable Korean words", lambda: TfidfVectorizer().fit(["나 밥 너"]), ValueError,
    "KOREAN_TOKEN_PATTERN")
bad("TfidfVectorizer.fit", "norm 'l3'", lambda: TfidfVectorizer(norm="l3").fit(DOCS), ValueError, "norm")
bad("TfidfVectorizer.fit_transform", "None", lambda: TfidfVectorizer().fit_transform(None), TypeError, "None")
bad("TfidfVectorizer.transform", "before fit", lambda: TfidfVectorizer().transform(DOCS), ValueError, "not fitted")
bad("TfidfVectorizer.idf_", "read before fit", lambda: TfidfVectorizer().idf_, AttributeError, "not fitted")
bad("TfidfVectorizer", "positional options (keyword-only)", lambda: TfidfVectorizer("l2"), TypeError, "positional")


# --------------------------------------------------------------------------- nlplab.similarity

bad("cosine_similarity", "None", lambda: cosine_similarity(None, [1, 2]), TypeError, "None")
bad("cosine_similarity", "a str", lambda: cosine_similarity("밥", [1, 2]), TypeError, "숫자 배열")
bad("cosine_similarity", "sets", lambda: cosine_similarity({"밥"}, {"밥"}), TypeError, "jaccard_similarity")
bad("cosine_similarity", "vectors of two lengths", lambda: cosine_similarity([1, 2, 3], [1, 2]), ValueError,
    "(3,)", "(2,)")
bad("cosine_similarity", "matrices", lambda: cosine_similarity(np.ones((2, 2)), np.ones((2, 2))), ValueError, "1-D")
bad("cosine_similarity", "NaN", lambda: cosine_similarity([1.0, np.nan], [1.0, 1.0]), ValueError, "NaN")
ok("cosine_similarity", "a zero vector", lambda: cosine_similarity([0, 0], [1, 2]),
   "scikit-learn's convention, documented: similarity with a zero vector is 0", lambda r: r == 0)
bad("pairwise_cosine", "a 1-D vector", lambda: pairwise_cosine([1, 2]), ValueError, "2-D")
bad("pairwise_cosine", "two widths", lambda: pairwise_cosine(np.ones((2, 3)), np.ones((2, 2))), ValueError,
    "X has shape (2, 3) and Y has shape (2, 2)")
bad("pairwise_cosine", "None", lambda: pairwise_cosine(None), TypeError, "None")
bad("pairwise_cosine", "40 000 x 40 000 similarities (12.8 GB)", lambda: pairwise_cosine(zeros_view(HUGE, 1)),
    ValueError, "12.8 GB")
bad("pairwise_jaccard", "counts instead of 0/1", lambda: pairwise_jaccard([[2, 0]]), ValueError, "only 0 and 1")
bad("pairwise_jaccard", "None", lambda: pairwise_jaccard(None), TypeError, "None")
bad("pairwise_jaccard", "40 000 x 40 000 similarities", lambda: pairwise_jaccard(zeros_view(HUGE, 1)), ValueError,
    "GB")
bad("jaccard_similarity", "one str", lambda: jaccard_similarity("밥", {"밥"}), ValueError, "single string", ".split()")
bad("jaccard_similarity", "an array and a list", lambda: jaccard_similarity(np.array([1, 0]), [1, 0]), ValueError,
    "not one of each")
bad("jaccard_similarity", "None", lambda: jaccard_similarity(None, {"밥"}), TypeError, "None")
bad("jaccard_similarity", "a list of lists", lambda: jaccard_similarity([["밥"]], [["밥"]]), TypeError, "토큰")
bad("jaccard_similarity", "binary arrays of two lengths", lambda: jaccard_similarity(np.array([1, 0]),
    np.array([1, 0, 1])), ValueError, "(2,)", "(3,)")
ok("jaccard_similarity", "two empty sets", lambda: jaccard_similarity(set(), set()),
   "zero_division (0.0), scikit-learn's rule, documented", lambda r: r == 0.0)


# --------------------------------------------------------------------------- nlplab.naive_bayes

bad("logsumexp", "None", lambda: logsumexp(None), TypeError, "None")
bad("logsumexp", "NaN", lambda: logsumexp([0.0, np.nan]), ValueError, "NaN")
bad("logsumexp", "axis 2 of a 1-D array", lambda: logsumexp([0.0, 1.0], axis=2), ValueError, "axis")
bad("logsumexp", "a str", lambda: logsumexp("1"), TypeError, "숫자 배열")
ok("logsumexp", "only -inf", lambda: logsumexp([-np.inf, -np.inf]),
   "every term has probability 0: log 0 = -inf, documented", lambda r: r == -np.inf)
bad("parameter_count", "d = -1", lambda: parameter_count(-1, 2, True), ValueError, "d must be an int >= 0")
bad("parameter_count", "d as text", lambda: parameter_count("17", 2, True), ValueError, "d must be an int")
bad("parameter_count", "k = 0", lambda: parameter_count(17, 0, False), ValueError, "k must be an int >= 1")

bad("MultinomialNB.fit", "alpha -1", lambda: MultinomialNB(alpha=-1).fit(X_counts, y_spam), ValueError,
    "alpha must be >= 0")
bad("MultinomialNB.fit", "alpha as text", lambda: MultinomialNB(alpha="1").fit(X_counts, y_spam), ValueError,
    "alpha must be a number")
bad("MultinomialNB", "alpha given positionally (keyword-only)", lambda: MultinomialNB(0.5), TypeError,
    "positional")
bad("MultinomialNB.fit", "X None", lambda: MultinomialNB().fit(None, y_spam), TypeError, "None")
bad("MultinomialNB.fit", "documents as X", lambda: MultinomialNB().fit(["스팸 메일", "회의"], ["스팸", "정상"]),
    TypeError, "문자열")
bad("MultinomialNB.fit", "y None", lambda: MultinomialNB().fit(X_counts, None), TypeError, "None")
bad("MultinomialNB.fit", "y as one str", lambda: MultinomialNB().fit(X_counts, "스팸정상스팸정상"), TypeError, "레이블")
bad("MultinomialNB.fit", "negative counts", lambda: MultinomialNB().fit(-X_counts, y_spam), ValueError,
    "non-negative")
bad("MultinomialNB.fit", "NaN in X", lambda: MultinomialNB().fit(np.array([[1.0, np.nan]]), ["a"]), ValueError,
    "NaN")
bad("MultinomialNB.fit", "a 1-D X", lambda: MultinomialNB().fit([1, 2, 3], [0, 1, 0]), ValueError, "2-D")
bad("MultinomialNB.fit", "y of another length", lambda: MultinomialNB().fit(X_counts, y_spam[:3]), ValueError,
    "y has shape (3,) but X has 4 rows")
bad("MultinomialNB.fit", "class_prior of another length", lambda: MultinomialNB(class_prior=[0.2, 0.3, 0.5])
    .fit(X_counts, y_spam), ValueError, "class_prior")
bad("MultinomialNB.fit", "class_prior as text", lambda: MultinomialNB(class_prior=["a", "b"]).fit(X_counts, y_spam),
    TypeError, "class_prior")
bad("MultinomialNB.predict", "before fit", lambda: MultinomialNB().predict(X_counts), ValueError, "not fitted")
bad("MultinomialNB.predict", "another number of features", lambda: fitted_nb().predict([[1, 2]]), ValueError,
    "expected (n_samples, 3)")
bad("MultinomialNB.predict_proba", "alpha = 0 and a sample every class rules out", lambda: MultinomialNB(alpha=0)
    .fit([[1, 0], [0, 1]], ["a", "b"]).predict_proba([[1, 1]]), ValueError, "probability 0 under every class",
    "alpha > 0")
bad("MultinomialNB.predict_log_proba", "None", lambda: fitted_nb().predict_log_proba(None), TypeError, "None")
bad("MultinomialNB.predict_joint_log_proba", "before fit", lambda: MultinomialNB().predict_joint_log_proba(X_counts),
    ValueError, "not fitted")
bad("BernoulliNB", "alpha given positionally (keyword-only)", lambda: BernoulliNB(1.0), TypeError, "positional")
bad("BernoulliNB.fit", "binarize as text", lambda: BernoulliNB(binarize="0.5").fit(X_counts, y_spam), TypeError,
    "binarize")
bad("BernoulliNB.fit", "binarize=None with counts", lambda: BernoulliNB(binarize=None).fit(X_counts, y_spam),
    ValueError, "0/1", "binarize=0.0")
bad("BernoulliNB.predict", "before fit", lambda: BernoulliNB().predict(X_counts), ValueError, "not fitted")
bad("CategoricalNB", "alpha given positionally (keyword-only)", lambda: CategoricalNB(0), TypeError, "positional")
bad("CategoricalNB.fit", "codes that are not integers", lambda: CategoricalNB().fit([[0.5], [1.0]], [0, 1]),
    ValueError, "category codes")
bad("CategoricalNB.fit", "min_categories as text", lambda: CategoricalNB(min_categories="3").fit([[0], [1]], [0, 1]),
    ValueError, "min_categories")
bad("CategoricalNB.predict", "a category fit never saw", lambda: CategoricalNB().fit([[0], [1]], [0, 1])
    .predict([[2]]), ValueError, "min_categories")
bad("CategoricalNB.predict_proba", "before fit", lambda: CategoricalNB().predict_proba([[0]]), ValueError,
    "not fitted")


# --------------------------------------------------------------------------- nlplab.layers

bad("affine_forward", "x None", lambda: affine_forward(None, W_DM, b_M), TypeError, "None", "return")
bad("affine_forward", "W transposed (M, D)", lambda: affine_forward(x2, W_DM.T, b_M), ValueError, "W.T")
bad("affine_forward", "b of the wrong size", lambda: affine_forward(x2, W_DM, np.zeros(4)), ValueError,
    "expected b of shape (M=3,)")
bad("affine_forward", "numbers as text", lambda: affine_forward([["1", "2", "3", "4"]], W_DM, b_M), TypeError,
    "1.5")
bad("affine_forward", "ragged rows", lambda: affine_forward([[1, 2, 3, 4], [1]], W_DM, b_M), ValueError, "ragged")
bad("affine_forward", "NaN in x", lambda: affine_forward(with_nan, W_DM, b_M), ValueError, "x contains NaN or inf")
bad("affine_forward", "a 1-D W", lambda: affine_forward(x2, np.ones(4), b_M), ValueError, "expected W of shape")
ok("affine_forward", "a square W passed transposed", lambda: affine_forward(x2, np.eye(D) * 2, np.zeros(D)),
   "shapes cannot show it (D = M); said in the module docstring")
ok("affine_forward", "integer inputs", lambda: affine_forward([[1, 2, 3, 4]], np.ones((4, 1), int), [0])[0],
   "integers become float64, documented", lambda r: r.dtype == np.float64 and r.tolist() == [[10.0]])
bad("affine_backward", "(cache, dout) swapped", lambda: affine_backward(affine_cache, dout_affine), TypeError,
    "arguments swapped")
bad("affine_backward", "a cache from lstm_step_forward", lambda: affine_backward(dout_affine, lstm_step_cache),
    TypeError, "this cache is from lstm_step_forward", "affine_forward")
bad("affine_backward", "cache None", lambda: affine_backward(dout_affine, None), TypeError, "affine_forward")
bad("affine_backward", "dout None", lambda: affine_backward(None, affine_cache), TypeError, "None")
bad("affine_backward", "dout of the wrong shape", lambda: affine_backward(np.ones((N, 4)), affine_cache), ValueError,
    "expected dout of shape (N=2, M=3)")
bad("affine_backward", "NaN in dout", lambda: affine_backward(np.full((N, 3), np.nan), affine_cache), ValueError,
    "dout contains NaN")

bad("relu_forward", "x None", lambda: relu_forward(None), TypeError, "None")
bad("relu_forward", "x as text", lambda: relu_forward(["1"]), TypeError, "숫자")
ok("relu_forward", "NaN in x", lambda: relu_forward(with_nan)[0],
   "element-wise layers follow IEEE: NaN in, NaN out at that position only (documented)",
   lambda r: np.isnan(r[1, 2]) and np.isfinite(np.delete(r.ravel(), 6)).all())
bad("relu_backward", "an affine cache", lambda: relu_backward(dout_affine, affine_cache), TypeError,
    "this cache is from affine_forward")
bad("relu_backward", "dout that would broadcast", lambda: relu_backward(np.ones((N, 1)), relu_cache), ValueError,
    "expected dout of shape")
ok("relu_backward", "(cache, dout) swapped, both (N, D) arrays", lambda: relu_backward(relu_cache, np.ones((N, D))),
   "two arrays of one shape: the swap cannot be seen (relu's cache is its input x)")
bad("tanh_forward", "x None", lambda: tanh_forward(None), TypeError, "None")
bad("tanh_backward", "the input x instead of the cached output", lambda: tanh_backward(np.ones((N, D)), x2 * 5),
    ValueError, "tanh_forward", "[-1, 1]")
bad("tanh_backward", "an affine cache", lambda: tanh_backward(dout_affine, affine_cache), TypeError, "affine_forward")
bad("sigmoid", "x None", lambda: sigmoid(None), TypeError, "None")
bad("sigmoid", "x as text", lambda: sigmoid("0.5"), TypeError, "숫자 배열")
bad("sigmoid", "out that is a list", lambda: sigmoid(x2, out=[0.0] * 8), TypeError, "out")
ok("sigmoid", "NaN in x", lambda: sigmoid(with_nan), "element-wise: NaN in, NaN out (documented)",
   lambda r: np.isnan(r[1, 2]))
bad("sigmoid_forward", "x None", lambda: sigmoid_forward(None), TypeError, "None")
bad("sigmoid_backward", "the input x instead of the cached output", lambda: sigmoid_backward(np.ones((N, D)), x2),
    ValueError, "sigmoid_forward", "[0, 1]")
bad("sigmoid_backward", "(cache, dout) swapped with a step cache", lambda: sigmoid_backward(rnn_step_cache, sig_out),
    TypeError, "arguments swapped")

bad("softmax", "NaN", lambda: softmax(with_nan), ValueError, "NaN")
bad("softmax", "inf", lambda: softmax(with_inf), ValueError, "inf")
bad("softmax", "one number", lambda: softmax(3.0), ValueError, "축")
bad("softmax", "axis 2 of a matrix", lambda: softmax(x2, axis=2), ValueError, "axis")
bad("softmax", "None", lambda: softmax(None), TypeError, "None")
bad("softmax_cross_entropy", "float labels", lambda: softmax_cross_entropy(x2, np.array([0.0, 1.0])), ValueError,
    "integer class ids")
bad("softmax_cross_entropy", "a label out of range", lambda: softmax_cross_entropy(x2, [0, 4]), ValueError,
    "y must lie in [0, C=4)")
bad("softmax_cross_entropy", "NaN scores", lambda: softmax_cross_entropy(with_nan, [0, 1]), ValueError, "NaN")
bad("softmax_cross_entropy", "labels as text", lambda: softmax_cross_entropy(x2, ["a", "b"]), TypeError, "y")
bad("softmax_cross_entropy", "a mask of 0/1/2", lambda: softmax_cross_entropy(x2, [0, 1], mask=[1, 2]), ValueError,
    "mask must be booleans or 0/1")
bad("softmax_cross_entropy", "(y, scores) swapped", lambda: softmax_cross_entropy(np.array([0, 1]), x2), ValueError,
    "expected scores of shape (N, C)")
bad("softmax_cross_entropy", "one-hot labels", lambda: softmax_cross_entropy(x2, np.eye(D)[[0, 1]]), ValueError,
    "expected y of shape (N=2,)")

bad("embedding_forward", "float ids", lambda: embedding_forward(ids * 1.0, W_emb), ValueError, "astype(int)")
bad("embedding_forward", "(W, ids) swapped", lambda: embedding_forward(W_emb, ids), TypeError, "arguments swapped")
bad("embedding_forward", "an id out of range", lambda: embedding_forward([[0, 6]], W_emb), ValueError,
    "ids must lie in [0, V=6), got 6")
bad("embedding_forward", "a 1-D W", lambda: embedding_forward([0], np.ones(3)), ValueError, "expected W of shape")
bad("embedding_forward", "tokens instead of ids", lambda: embedding_forward(["나", "밥"], W_emb), TypeError, "숫자")
bad("embedding_forward", "ids None", lambda: embedding_forward(None, W_emb), TypeError, "None")
bad("embedding_backward", "(cache, dout) swapped", lambda: embedding_backward(emb_cache, emb_out), TypeError,
    "arguments swapped")
bad("embedding_backward", "dout of the wrong shape", lambda: embedding_backward(np.ones((N, T, 4)), emb_cache),
    ValueError, "expected dout of shape")
bad("embedding_backward", "an affine cache", lambda: embedding_backward(emb_out, affine_cache), TypeError,
    "affine_forward", "embedding_forward")


# --------------------------------------------------------------------------- nlplab.rnn and nlplab.lstm

bad("rnn_step_forward", "x None", lambda: rnn_step_forward(None, h2, Wx1, Wh1, b1), TypeError, "None")
bad("rnn_step_forward", "Wx as PyTorch's weight_ih (H, D)", lambda: rnn_step_forward(x2, h2, Wx1.T, Wh1, b1),
    ValueError, "weight_ih", "Wx.T", "from_torch_state")
bad("rnn_step_forward", "a sequence where a step belongs", lambda: rnn_step_forward(x3, h2, Wx1, Wh1, b1),
    ValueError, "expected x of shape (N, D)")
bad("rnn_step_forward", "NaN in x", lambda: rnn_step_forward(with_nan, h2, Wx1, Wh1, b1), ValueError,
    "x contains NaN")
bad("rnn_step_forward", "b as text", lambda: rnn_step_forward(x2, h2, Wx1, Wh1, "0"), TypeError, "b")
ok("rnn_step_forward", "a square Wh passed transposed", lambda: rnn_step_forward(x2, h2, Wx1, Wh1.T, b1),
   "Wh is (H, H): shapes cannot show it; the module docstring says so and points to from_torch_state")
bad("rnn_step_backward", "(cache, dh_next) swapped", lambda: rnn_step_backward(rnn_step_cache, dh_step), TypeError,
    "arguments swapped")
bad("rnn_step_backward", "a cache from lstm_step_forward", lambda: rnn_step_backward(dh_step, lstm_step_cache),
    TypeError, "this cache is from lstm_step_forward", "rnn_step_forward")
bad("rnn_step_backward", "NaN in dh_next", lambda: rnn_step_backward(np.full((N, H), np.nan), rnn_step_cache),
    ValueError, "dh_next contains NaN")
bad("rnn_step_backward", "dh_next of the wrong shape", lambda: rnn_step_backward(np.ones((N, 4)), rnn_step_cache),
    ValueError, "expected dh_next of shape (N=2, H=5)")
bad("rnn_forward", "a time-major (T, N, D) input", lambda: rnn_forward(x3.transpose(1, 0, 2), h2, Wx1, Wh1, b1),
    ValueError, "time-major", "transpose(1, 0, 2)")
bad("rnn_forward", "one step (N, D) as the sequence", lambda: rnn_forward(x2, h2, Wx1, Wh1, b1), ValueError,
    "expected x of shape (N, T, D)")
bad("rnn_forward", "h0 of one sequence (H,)", lambda: rnn_forward(x3, h2[0], Wx1, Wh1, b1), ValueError,
    "expected h0 of shape (N=2, H=5)")
bad("rnn_forward", "h0 None", lambda: rnn_forward(x3, None, Wx1, Wh1, b1), TypeError, "h0", "None")
bad("rnn_forward", "inf in Wh", lambda: rnn_forward(x3, h2, Wx1, np.full((H, H), np.inf), b1), ValueError,
    "Wh contains NaN or inf")
bad("rnn_forward", "LSTM weights", lambda: rnn_forward(x3, h2, Wx4, Wh4, b4), ValueError, "expected Wh of shape")
bad("rnn_backward", "a cache from lstm_forward", lambda: rnn_backward(dh_seq, lstm_cache), TypeError,
    "this cache is from lstm_forward", "rnn_forward")
bad("rnn_backward", "(cache, dh) swapped", lambda: rnn_backward(rnn_cache, dh_seq), TypeError, "arguments swapped")
bad("rnn_backward", "NaN in dh", lambda: rnn_backward(nan_dh_seq, rnn_cache), ValueError, "dh contains NaN")
bad("rnn_backward", "dh time-major (T, N, H)", lambda: rnn_backward(np.ones((T, N, H)), rnn_cache), ValueError,
    "expected dh of shape (N=2, T=3, H=5)")
bad("rnn_backward", "a list of step caches", lambda: rnn_backward(dh_seq, [rnn_step_cache] * T), TypeError,
    "rnn_forward")
bad("from_torch_state", "None", lambda: from_torch_state(None), TypeError, "state_dict", "detach().numpy()")
bad("from_torch_state", "an empty dict", lambda: from_torch_state({}), ValueError, "missing")
bad("from_torch_state", "layer -1", lambda: from_torch_state({}, layer=-1), ValueError, "layer")
bad("from_torch_state", "text weights", lambda: from_torch_state({"weight_ih_l0": "w", "weight_hh_l0": "w"}),
    TypeError, "weight_ih_l0")
bad("from_torch_state", "weight_hh of no RNN's shape", lambda: from_torch_state(
    {"weight_ih_l0": np.ones((9, 2)), "weight_hh_l0": np.ones((9, 3))}), ValueError, "(4H, H) (nn.LSTM)")

bad("lstm_step_forward", "Wh as PyTorch's weight_hh (4H, H)", lambda: lstm_step_forward(x2, h2, h2, Wx4, Wh4.T, b4),
    ValueError, "weight_hh", "Wh.T", "from_torch_state")
bad("lstm_step_forward", "c_prev None", lambda: lstm_step_forward(x2, h2, None, Wx4, Wh4, b4), TypeError, "c_prev")
bad("lstm_step_forward", "c_prev of the wrong shape", lambda: lstm_step_forward(x2, h2, h2[:, :4], Wx4, Wh4, b4),
    ValueError, "expected c_prev of shape (N=2, H=5)")
bad("lstm_step_forward", "RNN weights", lambda: lstm_step_forward(x2, h2, h2, Wx1, Wh1, b1), ValueError,
    "expected Wh of shape (H=5, 4H=20)")
bad("lstm_step_backward", "a cache from rnn_step_forward", lambda: lstm_step_backward(dh_step, dh_step,
    rnn_step_cache), TypeError, "this cache is from rnn_step_forward", "lstm_step_forward")
bad("lstm_step_backward", "(cache, dh, dc) swapped", lambda: lstm_step_backward(lstm_step_cache, dh_step, dh_step),
    TypeError, "arguments swapped")
bad("lstm_step_backward", "dc_next left out", lambda: lstm_step_backward(dh_step, lstm_step_cache), TypeError,
    "cache")
bad("lstm_step_backward", "NaN in dc_next", lambda: lstm_step_backward(dh_step, np.full((N, H), np.nan),
    lstm_step_cache), ValueError, "dc_next contains NaN")
bad("lstm_forward", "Wh as PyTorch's weight_hh", lambda: lstm_forward(x3, h2, Wx4, Wh4.T, b4), ValueError,
    "weight_hh")
bad("lstm_forward", "Wx as PyTorch's weight_ih (4H, D)", lambda: lstm_forward(x3, h2, Wx4.T, Wh4, b4), ValueError,
    "weight_ih", "Wx.T")
bad("lstm_forward", "a time-major input", lambda: lstm_forward(x3.transpose(1, 0, 2), h2, Wx4, Wh4, b4), ValueError,
    "time-major")
bad("lstm_forward", "c0 of the wrong shape", lambda: lstm_forward(x3, h2, Wx4, Wh4, b4, c0=np.zeros(H)), ValueError,
    "expected c0 of shape (N=2, H=5)")
bad("lstm_forward", "NaN in h0", lambda: lstm_forward(x3, np.where(np.eye(N, H) > 0, np.nan, h2), Wx4, Wh4, b4),
    ValueError, "h0 contains NaN")
bad("lstm_backward", "a cache from rnn_forward", lambda: lstm_backward(dh_seq, rnn_cache), TypeError,
    "this cache is from rnn_forward", "lstm_forward")
bad("lstm_backward", "(cache, dh) swapped", lambda: lstm_backward(lstm_cache, dh_seq), TypeError,
    "arguments swapped")
bad("lstm_backward", "NaN in dh", lambda: lstm_backward(nan_dh_seq, lstm_cache), ValueError, "dh contains NaN")
bad("lstm_backward", "h instead of dh", lambda: lstm_backward(h_lstm[:, :, :4], lstm_cache), ValueError,
    "expected dh of shape")
bad("lstm_gates", "a cache from rnn_forward", lambda: lstm_gates(rnn_cache), TypeError, "rnn_forward",
    "lstm_forward")
bad("lstm_gates", "None", lambda: lstm_gates(None), TypeError, "lstm_step_forward")

bad("rnn_jacobian_norms", "a batch (N, T, D)", lambda: rnn_jacobian_norms(x3, h2[0], Wx1, Wh1, b1), ValueError,
    "expected x of shape (T, D)")
bad("rnn_jacobian_norms", "h0 of a batch (N, H)", lambda: rnn_jacobian_norms(x3[0], h2, Wx1, Wh1, b1), ValueError,
    "expected h0 of shape (H,)")
bad("rnn_jacobian_norms", "x None", lambda: rnn_jacobian_norms(None, h2[0], Wx1, Wh1, b1), TypeError, "None")
bad("rnn_jacobian_norms", "Wx transposed", lambda: rnn_jacobian_norms(x3[0], h2[0], Wx1.T, Wh1, b1), ValueError,
    "Wx")
bad("lstm_jacobian_norms", "c0 of a batch", lambda: lstm_jacobian_norms(x3[0], h2[0], Wx4, Wh4, b4, c0=h2),
    ValueError, "expected c0 of shape (H=5,)")
bad("lstm_jacobian_norms", "Wh as PyTorch's weight_hh", lambda: lstm_jacobian_norms(x3[0], h2[0], Wx4, Wh4.T, b4),
    ValueError, "weight_hh")


# --------------------------------------------------------------------------- nlplab.gru and nlplab.attention

Wx3, Wh3, bx3, bh3 = rng.standard_normal((D, 3 * H)) * 0.3, rng.standard_normal((H, 3 * H)) * 0.3, np.zeros(3 * H), \
    np.zeros(3 * H)
h_gru_step, gru_step_cache = gru_step_forward(x2, h2, Wx3, Wh3, bx3, bh3)
h_gru, gru_cache = gru_forward(x3, h2, Wx3, Wh3, bx3, bh3)
gru_state = {"weight_ih_l0": Wx3.T.copy(), "weight_hh_l0": Wh3.T.copy(), "bias_ih_l0": bx3, "bias_hh_l0": bh3}

bad("gru_step_forward", "Wh as PyTorch's weight_hh (3H, H)", lambda: gru_step_forward(x2, h2, Wx3, Wh3.T, bx3, bh3),
    ValueError, "weight_hh", "Wh.T", "from_torch_state")
bad("gru_step_forward", "one bias, as the LSTM's", lambda: gru_step_forward(x2, h2, Wx3, Wh3, bx3), TypeError, "bh")
bad("gru_step_forward", "the biases summed into one of 6H", lambda: gru_step_forward(x2, h2, Wx3, Wh3,
    np.zeros(6 * H), bh3), ValueError, "expected bx of shape (3H=15,)")
bad("gru_step_forward", "LSTM weights", lambda: gru_step_forward(x2, h2, Wx4, Wh4, bx3, bh3), ValueError,
    "expected Wh of shape (H=5, 3H=15)")
bad("gru_step_forward", "NaN in bh", lambda: gru_step_forward(x2, h2, Wx3, Wh3, bx3, np.full(3 * H, np.nan)),
    ValueError, "bh contains NaN")
bad("gru_step_forward", "h_prev None", lambda: gru_step_forward(x2, None, Wx3, Wh3, bx3, bh3), TypeError, "h_prev")
bad("gru_step_backward", "(cache, dh_next) swapped", lambda: gru_step_backward(gru_step_cache, dh_step), TypeError,
    "arguments swapped")
bad("gru_step_backward", "a cache from lstm_step_forward", lambda: gru_step_backward(dh_step, lstm_step_cache),
    TypeError, "this cache is from lstm_step_forward", "gru_step_forward")
bad("gru_step_backward", "dh_next of the wrong shape", lambda: gru_step_backward(np.ones((N, 4)), gru_step_cache),
    ValueError, "expected dh_next of shape (N=2, H=5)")
bad("gru_forward", "a time-major input", lambda: gru_forward(x3.transpose(1, 0, 2), h2, Wx3, Wh3, bx3, bh3),
    ValueError, "time-major")
bad("gru_forward", "Wx as PyTorch's weight_ih (3H, D)", lambda: gru_forward(x3, h2, Wx3.T, Wh3, bx3, bh3),
    ValueError, "weight_ih", "Wx.T")
bad("gru_forward", "one step (N, D) as the sequence", lambda: gru_forward(x2, h2, Wx3, Wh3, bx3, bh3), ValueError,
    "expected x of shape (N, T, D)")
bad("gru_forward", "bh as text", lambda: gru_forward(x3, h2, Wx3, Wh3, bx3, "0"), TypeError, "bh")
bad("gru_backward", "a cache from rnn_forward", lambda: gru_backward(dh_seq, rnn_cache), TypeError,
    "this cache is from rnn_forward", "gru_forward")
bad("gru_backward", "(cache, dh) swapped", lambda: gru_backward(gru_cache, dh_seq), TypeError, "arguments swapped")
bad("gru_backward", "NaN in dh", lambda: gru_backward(nan_dh_seq, gru_cache), ValueError, "dh contains NaN")
bad("gru_gates", "a cache from lstm_forward", lambda: gru_gates(lstm_cache), TypeError, "lstm_forward", "gru_forward")
bad("gru_gates", "None", lambda: gru_gates(None), TypeError, "gru_step_forward")
bad("from_torch_state", "an LSTM's state dict to nlplab.gru's loader", lambda: gru.from_torch_state(
    {"weight_ih_l0": Wx4.T, "weight_hh_l0": Wh4.T}), ValueError, "(3H, H) (nn.GRU)", "nlplab.rnn.from_torch_state")
bad("from_torch_state", "a GRU's state dict to nlplab.rnn's loader", lambda: from_torch_state(gru_state), ValueError,
    "nlplab.gru.from_torch_state")
bad("from_torch_state", "torch tensors", lambda: gru.from_torch_state(
    {"weight_ih_l0": type("Tensor", (), {"__module__": "torch"})(), "weight_hh_l0": Wh3.T}), TypeError, "detach()")
ok("from_torch_state", "a GRU built with bias=False", lambda: gru.from_torch_state(
    {"weight_ih_l0": Wx3.T, "weight_hh_l0": Wh3.T}), "torch's GRU without biases is one with zero biases",
   lambda r: r[2].shape == (3 * H,) and not r[2].any() and not r[3].any())

bad("gru_jacobian_norms", "a batch (N, T, D)", lambda: gru_jacobian_norms(x3, h2[0], Wx3, Wh3, bx3, bh3), ValueError,
    "expected x of shape (T, D)")
bad("gru_jacobian_norms", "bh of the wrong shape", lambda: gru_jacobian_norms(x3[0], h2[0], Wx3, Wh3, bx3,
    np.zeros(H)), ValueError, "expected bh of shape (3H=15,)")
bad("gru_jacobian_norms", "LSTM weights", lambda: gru_jacobian_norms(x3[0], h2[0], Wx4, Wh4, b4, b4), ValueError,
    "expected Wh of shape (H=5, 3H=15)")

q3, k3, v3 = rng.standard_normal((N, 2, D)), rng.standard_normal((N, T, D)), rng.standard_normal((N, T, 6))
context3, weights3, attention_cache = attention_forward(q3, k3, v3)
bad("attention_forward", "keys of another width than the query", lambda: attention_forward(q3, k3[..., :3], v3),
    ValueError, "expected query of shape (N=2, Tq, d=3)")
bad("attention_forward", "the query transposed (N, d, Tq)", lambda: attention_forward(q3.transpose(0, 2, 1), k3, v3),
    ValueError, "(N, Tq, d)")
bad("attention_forward", "values for other positions", lambda: attention_forward(q3, k3, v3[:, :2]), ValueError,
    "expected values of shape (N=2, T=3, Dv)")
bad("attention_forward", "keys of one sequence (T, d)", lambda: attention_forward(q3, k3[0], v3), ValueError,
    "expected keys of shape (N, T, d)")
bad("attention_forward", "a mask of lengths", lambda: attention_forward(q3, k3, v3, mask=[3, 2]), ValueError,
    "expected mask of shape (N=2, T=3)")
bad("attention_forward", "a mask of scores (1, -inf)", lambda: attention_forward(q3, k3, v3,
    mask=np.where(np.eye(N, T) > 0, 0.0, -np.inf)), ValueError, "booleans or 0/1")
bad("attention_forward", "a row with every position masked", lambda: attention_forward(q3, k3, v3,
    mask=np.array([[True, False, False], [False, False, False]])), ValueError, "mask row 1 has no real position")
bad("attention_forward", "NaN in the keys", lambda: attention_forward(q3, np.where(k3 > 1, np.nan, k3), v3),
    ValueError, "keys contains NaN")
bad("attention_forward", "scale 0", lambda: attention_forward(q3, k3, v3, scale=0), ValueError, "scale")
bad("attention_forward", "query None", lambda: attention_forward(None, k3, v3), TypeError, "None")
ok("attention_forward", "one query per row (N, d)", lambda: attention_forward(q3[:, 0], k3, v3),
   "documented: a decoder's single step; context (N, Dv) and weights (N, T)",
   lambda r: r[0].shape == (N, 6) and r[1].shape == (N, T) and np.allclose(r[1].sum(axis=1), 1))
bad("attention_backward", "(cache, dcontext) swapped", lambda: attention_backward(attention_cache, context3),
    TypeError, "arguments swapped")
bad("attention_backward", "a cache from rnn_forward", lambda: attention_backward(context3, rnn_cache), TypeError,
    "this cache is from rnn_forward", "attention_forward")
bad("attention_backward", "the weights' gradient instead of the context's", lambda: attention_backward(
    np.ones_like(weights3), attention_cache), ValueError, "expected dcontext of shape (N=2, Tq=2, Dv=6)")
bad("attention_backward", "NaN in dcontext", lambda: attention_backward(np.full_like(context3, np.nan),
    attention_cache), ValueError, "dcontext contains NaN")

# --------------------------------------------------------------------------- nlplab.optim

bad("SGD", "lr 0", lambda: SGD(lr=0), ValueError, "lr must be > 0")
bad("SGD", "lr as text", lambda: SGD(lr="0.1"), TypeError, "lr", "따옴표")
bad("SGD", "momentum 1", lambda: SGD(momentum=1.0), ValueError, "momentum must lie in [0, 1)")
bad("Adagrad", "eps 0 (0/0 where G = 0)", lambda: Adagrad(eps=0), ValueError, "eps must be > 0")
bad("Adam", "beta1 1", lambda: Adam(beta1=1.0), ValueError, "betas must lie in [0, 1)")
bad("Adam", "lr None", lambda: Adam(lr=None), TypeError, "lr")
bad("Adam", "lr NaN", lambda: Adam(lr=float("nan")), ValueError, "lr must be > 0")
bad("SGD.update", "a NumPy scalar parameter (would stay as it was)", lambda: SGD().update(
    *params_and_grads(np.float64(1.0))), TypeError, "np.array")
bad("SGD.update", "a Python float parameter", lambda: SGD().update(*params_and_grads(1.0)), TypeError, "np.array")
bad("SGD.update", "a list parameter", lambda: SGD().update(*params_and_grads([1.0, 2.0])), TypeError, "NumPy 배열")
bad("SGD.update", "an integer parameter", lambda: SGD().update(*params_and_grads(np.array([1, 2]))), TypeError,
    "astype(float)")
bad("SGD.update", "a read-only parameter", lambda: SGD().update(*params_and_grads(read_only(np.ones(2)))),
    ValueError, "read-only", "copy()")
bad("SGD.update", "a NaN gradient", lambda: SGD().update(*params_and_grads(np.ones(2), np.array([np.nan, 1.0]))),
    ValueError, "grads['w'] contains NaN")
bad("SGD.update", "a gradient of the wrong shape", lambda: SGD().update(*params_and_grads(np.ones(2), np.ones(3))),
    ValueError, "expected grads['w'] of shape (2,), got (3,)")
bad("SGD.update", "a gradient as text", lambda: SGD().update(*params_and_grads(np.ones(2), "1")), TypeError,
    "grads['w']")
bad("SGD.update", "params as a list", lambda: SGD().update([np.ones(2)], [np.ones(2)]), TypeError, "dict")
bad("SGD.update", "a gradient without a parameter", lambda: SGD().update({"w": np.ones(2)}, {"v": np.ones(2)}),
    ValueError, "gradient 'v' has no parameter")
bad("Adagrad.update", "a NumPy scalar parameter", lambda: Adagrad().update(*params_and_grads(np.float32(1.0))),
    TypeError, "np.array")
bad("Adam.update", "an inf gradient", lambda: Adam().update(*params_and_grads(np.ones(2), np.array([np.inf, 0.0]))),
    ValueError, "NaN or inf")
bad("Adam.update", "lr set to 0 after construction", lambda: (lambda opt: (setattr(opt, "lr", 0), opt.update(
    *params_and_grads(np.ones(2)))))(Adam()), ValueError, "lr must be > 0")
ok("clip_grad_norm", "one array instead of a dict", lambda: (lambda g: (clip_grad_norm(g, 1.0), g))(
    np.array([3.0, 4.0])), "one array is one gradient, as torch's clip_grad_norm_ takes one tensor; it is clipped",
   lambda r: r[0] == 5.0 and np.allclose(r[1], [0.6, 0.8], atol=1e-6))
bad("clip_grad_norm", "NumPy scalars (cannot change)", lambda: clip_grad_norm([np.float64(3.0)], 1.0), TypeError,
    "np.array")
bad("clip_grad_norm", "a dict of lists", lambda: clip_grad_norm({"w": [1.0, 2.0]}, 1.0), TypeError, "NumPy 배열")
bad("clip_grad_norm", "max_norm 0", lambda: clip_grad_norm([np.ones(2)], 0), ValueError, "max_norm must be > 0")
bad("clip_grad_norm", "max_norm as text", lambda: clip_grad_norm([np.ones(2)], "1"), TypeError, "max_norm")
bad("clip_grad_norm", "a NaN gradient", lambda: clip_grad_norm([np.array([np.nan])], 1.0), ValueError, "NaN or inf")
bad("clip_grad_norm", "an integer gradient", lambda: clip_grad_norm([np.array([3, 4])], 1.0), TypeError,
    "astype(float)")
bad("clip_grad_norm", "None", lambda: clip_grad_norm(None, 1.0), TypeError, "None")
bad("clip_grad_value", "a NaN gradient (clip would keep it)", lambda: clip_grad_value([np.array([np.nan])], 1.0),
    ValueError, "NaN")
bad("clip_grad_value", "clip -1", lambda: clip_grad_value([np.ones(2)], -1), ValueError, "clip must be > 0")
bad("clip_grad_value", "a list of floats", lambda: clip_grad_value([1.0, 2.0], 1.0), TypeError, "np.array")


# --------------------------------------------------------------------------- nlplab.gradcheck and nlplab.checking

xf = np.array([1.0, 2.0])
bad("numerical_gradient", "f None", lambda: numerical_gradient(None, xf), TypeError, "None")
bad("numerical_gradient", "f's result instead of f", lambda: numerical_gradient(np.sum(xf), xf), TypeError, "함수")
bad("numerical_gradient", "x as a list", lambda: numerical_gradient(lambda: 0.0, [1.0, 2.0]), ValueError,
    "numpy array")
bad("numerical_gradient", "an integer x", lambda: numerical_gradient(lambda: 0.0, np.array([1, 2])), ValueError,
    "float64")
bad("numerical_gradient", "h = 0", lambda: numerical_gradient(lambda: xf.sum(), xf, h=0), ValueError, "h must be > 0")
bad("numerical_gradient", "h as text", lambda: numerical_gradient(lambda: xf.sum(), xf, h="1e-5"), TypeError, "h")
bad("numerical_gradient", "order 3", lambda: numerical_gradient(lambda: xf.sum(), xf, order=3), ValueError,
    "order must be 2 or 4")
bad("numerical_gradient", "f returns (out, cache)", lambda: numerical_gradient(lambda: affine_forward(
    x2, W_DM, b_M), W_DM, dout_affine), TypeError, "[0]")
bad("numerical_gradient", "df of the wrong shape", lambda: numerical_gradient(lambda: xf * 2, xf, np.ones(3)),
    ValueError, "df must have the shape")
bad("numerical_gradient", "NaN in df", lambda: numerical_gradient(lambda: xf * 2, xf, np.array([np.nan, 1.0])),
    ValueError, "df contains NaN")
bad("numerical_gradient", "a read-only x", lambda: numerical_gradient(lambda: 0.0, read_only(xf)), ValueError,
    "read-only")
bad("numerical_gradient", "f(W=W) callable both ways", lambda: numerical_gradient(lambda W=W_DM: 0.0, xf),
    TypeError, "takes_x")
bad("rel_error", "NaN (max() would hide it)", lambda: rel_error(np.array([np.nan, 1.0]), np.ones(2)), ValueError,
    "a contains NaN")
bad("rel_error", "two shapes", lambda: rel_error(np.ones(2), np.ones(3)), ValueError, "same shape")
bad("rel_error", "None", lambda: rel_error(None, 1.0), TypeError, "None")
bad("rel_error", "text", lambda: rel_error("1", 1.0), TypeError, "숫자")

def sqrt_outside_its_domain():
    """√(x − 5) at x = 1, 2: NaN, so the numerical gradient is NaN (and NaN > tol is False)."""
    with np.errstate(invalid="ignore"):
        return np.sqrt(xf - 5).sum()


bad("check_gradient", "a wrong gradient where the numerical one is NaN (it passed before)",
    lambda: check_gradient(sqrt_outside_its_domain, xf, np.array([100.0, -3.0])), CheckFailed, "수치 미분", "NaN",
    named="`dx[0]`")
bad("check_gradient", "an infinite gradient", lambda: check_gradient(lambda: (xf ** 2).sum(), xf,
    np.array([np.inf, 4.0])), CheckFailed, "inf", named="`dx[0]`")
bad("check_gradient", "tol as text", lambda: check_gradient(lambda: xf.sum(), xf, np.ones(2), tol="1e-7"), TypeError,
    "tol")
bad("check_gradient", "analytic None", lambda: check_gradient(lambda: xf.sum(), xf, None, name="dW"), CheckFailed,
    "None", "return", named="`dW`")
bad("check_array", "rtol as text", lambda: check_array("h", np.ones(2), np.ones(2), rtol="1e-7"), TypeError, "rtol")
bad("check_array", "an answer of another shape", lambda: check_array("h", np.ones((2, 3)), np.ones((3, 2))),
    CheckFailed, "전치", named="`h`")
bad("check_scalar", "atol -1", lambda: check_scalar("loss", 1.0, 1.0, atol=-1), ValueError, "atol must be >= 0")
bad("check_scalar", "a list answer", lambda: check_scalar("loss", [1.0], 1.0), CheckFailed, "숫자", named="`loss`")
bad("check_equal", "None as the answer", lambda: check_equal("tokens", None, ["a"]), CheckFailed, "None",
    named="`tokens`")
bad("read_prediction", "an empty prediction", lambda: read_prediction("  ", 1.0), PredictionUnreadable,
    "비어 있습니다", "(2, 3, 4)", named="예측을 Python 값으로 읽지 못했습니다")
bad("read_prediction", "words where a number is predicted", lambda: read_prediction("abc", 1.0),
    PredictionUnreadable, "'abc'", "0.5", named="예측을 Python 값으로 읽지 못했습니다")
ok("read_prediction", "bare text where a string is predicted", lambda: read_prediction("고양이", "고양이"),
   "the value predicted is a string, so unquoted text is that string, documented", lambda r: r == "고양이")
bad("check_prediction", "a transposed shape", lambda: check_prediction("h.shape", (2, 3), "(3, 2)"), CheckFailed,
    "예측: (3, 2)", "기대 2", named="`h.shape`")
bad("check_prediction", "an unfinished tuple", lambda: check_prediction("h.shape", (2, 3), "(2, 3"),
    PredictionUnreadable, "'(2, 3'", named="예측을 Python 값으로 읽지 못했습니다")
bad("check_prediction", "atol as text", lambda: check_prediction("p", 0.5, "0.5", atol="0.01"), TypeError, "atol")
ok("check_prediction", "an integer prediction of a float array", lambda: check_prediction(
    "x", np.array([1.0, 2.0]), "[1, 2]"), "the prediction counts as floats, documented", lambda r: r is True)


# --------------------------------------------------------------------------- nlplab.models

Xm = rng.standard_normal((8, 3))
ym = np.array([0, 1] * 4)
corpus = np.arange(40) % V
bad("MLPClassifier", "hidden_sizes as text", lambda: MLPClassifier(hidden_sizes="32"), TypeError, "hidden_sizes")
bad("MLPClassifier", "a layer of width 0", lambda: MLPClassifier(hidden_sizes=(0,)), ValueError, "hidden_sizes[0]")
bad("MLPClassifier", "seed as text", lambda: MLPClassifier(seed="a"), TypeError, "seed")
bad("MLPClassifier", "an integer dtype", lambda: MLPClassifier(dtype=np.int64), ValueError, "floating")
bad("MLPClassifier", "an unknown dtype", lambda: MLPClassifier(dtype="float33"), TypeError, "dtype")
bad("MLPClassifier", "seed given positionally (keyword-only)", lambda: MLPClassifier((8,), 0), TypeError,
    "positional")
ok("MLPClassifier", "one int as hidden_sizes", lambda: MLPClassifier(32).hidden_sizes,
   "one hidden layer of that width, as MLPClassifier(hidden_sizes=(32,))", lambda r: r == (32,))
bad("MLPClassifier.fit", "batch_size -1 (trained on nothing before)", lambda: MLPClassifier().fit(Xm, ym,
    batch_size=-1), ValueError, "batch_size must be >= 1")
bad("MLPClassifier.fit", "epochs 0", lambda: MLPClassifier().fit(Xm, ym, epochs=0), ValueError, "epochs must be >= 1")
bad("MLPClassifier.fit", "epochs -1", lambda: MLPClassifier().fit(Xm, ym, epochs=-1), ValueError, "epochs")
bad("MLPClassifier.fit", "lr as text", lambda: MLPClassifier().fit(Xm, ym, lr="0.01"), TypeError, "lr")
bad("MLPClassifier.fit", "a callback that is not callable", lambda: MLPClassifier().fit(Xm, ym, callback=5),
    TypeError, "callback", "f()")
bad("MLPClassifier.fit", "an unknown optimizer", lambda: MLPClassifier().fit(Xm, ym, optimizer="adamw"), ValueError,
    "optimizer")
bad("MLPClassifier.fit", "X None", lambda: MLPClassifier().fit(None, ym), TypeError, "None")
bad("MLPClassifier.fit", "documents as X", lambda: MLPClassifier().fit(["좋아요", "싫어요"], [1, 0]), TypeError,
    "문자열")
bad("MLPClassifier.fit", "y None", lambda: MLPClassifier().fit(Xm, None), TypeError, "None")
bad("MLPClassifier.fit", "y of another length", lambda: MLPClassifier().fit(Xm, ym[:3]), ValueError,
    "expected y of shape (N=8,)")
bad("MLPClassifier.fit", "NaN in X", lambda: MLPClassifier().fit(np.full((2, 2), np.nan), [0, 1]), ValueError,
    "X contains NaN")
bad("MLPClassifier.fit", "max_grad_norm 0", lambda: MLPClassifier().fit(Xm, ym, max_grad_norm=0), ValueError,
    "max_grad_norm")
bad("MLPClassifier.fit", "ragged rows", lambda: MLPClassifier().fit([[1, 2], [3]], [0, 1]), ValueError, "ragged")
bad("MLPClassifier.predict", "before fit", lambda: MLPClassifier().predict(Xm), ValueError, "not fitted")
bad("MLPClassifier.predict", "another number of features", lambda: fitted_mlp().predict(np.ones((2, 5))), ValueError,
    "expected X of shape (N, D=3)")
bad("MLPClassifier.predict_proba", "None", lambda: fitted_mlp().predict_proba(None), TypeError, "None")
bad("MLPClassifier.scores", "before fit (the scores would be X itself)", lambda: MLPClassifier().scores(Xm),
    ValueError, "call fit first")
bad("MLPClassifier.loss_and_grads", "before fit", lambda: MLPClassifier().loss_and_grads(Xm, ym), ValueError,
    "call fit first")

bad("CharLM", "vocab_size 0", lambda: CharLM(0), ValueError, "vocab_size")
bad("CharLM", "vocab_size as text", lambda: CharLM("50"), TypeError, "vocab_size", "vocab_size=50")
bad("CharLM", "hidden_dim given positionally (keyword-only)", lambda: CharLM(50, 64), TypeError, "positional")
bad("CharLM", "cell 'GRU' in capitals", lambda: CharLM(V, cell="GRU"), ValueError,
    'cell must be "rnn", "lstm" or "gru"')
bad("CharLM", "an integer dtype", lambda: CharLM(V, dtype=np.int64), ValueError, "floating")
bad("CharLM", "seed -1", lambda: CharLM(V, seed=-1), ValueError, "seed")
bad("CharLM", "embed_dim 2.5", lambda: CharLM(V, embed_dim=2.5), ValueError, "embed_dim must be an int")
bad("CharLM.fit", "seq_len 0 (trained on nothing before)", lambda: lm().fit(corpus, steps=2, seq_len=0), ValueError,
    "seq_len must be >= 1")
bad("CharLM.fit", "steps -1", lambda: lm().fit(corpus, steps=-1), ValueError, "steps")
bad("CharLM.fit", "batch_size 0", lambda: lm().fit(corpus, batch_size=0), ValueError, "batch_size")
bad("CharLM.fit", "lr 0", lambda: lm().fit(corpus, lr=0), ValueError, "lr must be > 0")
bad("CharLM.fit", "a callback that is not callable", lambda: lm().fit(corpus, steps=1, callback="plot"), TypeError,
    "callback")
bad("CharLM.fit", "float ids", lambda: lm().fit(corpus * 1.0, steps=1), ValueError, "astype(int)")
bad("CharLM.fit", "an id out of range", lambda: lm().fit(corpus + 1, steps=1), ValueError,
    "must lie in [0, vocab_size=6)")
bad("CharLM.fit", "the text instead of ids", lambda: lm().fit("대한민국 헌법", steps=1), TypeError, "숫자 배열")
bad("CharLM.fit", "a batch of ids (2-D)", lambda: lm().fit(corpus.reshape(4, 10), steps=1), ValueError,
    "expected ids of shape (L,)")
bad("CharLM.fit", "too few ids", lambda: lm().fit(corpus[:5], steps=1, batch_size=16), ValueError, "too few")
bad("CharLM.sample", "no start ids", lambda: lm().sample([], 5), ValueError, "at least one id")
bad("CharLM.sample", "length -1", lambda: lm().sample([0], -1), ValueError, "length")
bad("CharLM.sample", "temperature -1", lambda: lm().sample([0], 5, temperature=-1), ValueError, "temperature")
bad("CharLM.sample", "temperature as text", lambda: lm().sample([0], 5, temperature="hot"), TypeError, "temperature")
bad("CharLM.sample", "characters instead of ids", lambda: lm().sample("대", 5), TypeError, "숫자 배열")
ok("CharLM.sample", "before fit", lambda: lm().sample([0], 5, rng=0),
   "the untrained baseline (random initial weights), named in SequenceClassifier's docstring",
   lambda r: r.shape == (5,) and r.dtype == np.int64)
bad("CharLM.perplexity", "chunk 0", lambda: lm().perplexity(corpus, chunk=0), ValueError, "chunk")
bad("CharLM.perplexity", "one id", lambda: lm().perplexity([1]), ValueError, "at least 2 ids")
bad("CharLM.loss_and_grads", "targets of another shape", lambda: lm().loss_and_grads(ids, ids[:, :2]), ValueError,
    "expected targets of shape (N=2, T=3)")
bad("CharLM.loss_and_grads", "a state that is not (h, c)", lambda: lm().loss_and_grads(ids, ids, state=h2),
    TypeError, "(h, c)")
bad("CharLM.loss_and_grads", "a state of another batch", lambda: lm().loss_and_grads(ids, ids,
    state=(np.zeros((3, 4)), None)), ValueError, "expected state[0] (h) of shape (N=2, H=4)")
bad("CharLM.train_step", "lr -1", lambda: lm().train_step(ids, ids, lr=-1), ValueError, "lr must be > 0")
bad("CharLM.loss_and_grads", "a GRU given an LSTM's (h, c)", lambda: CharLM(V, embed_dim=3, hidden_dim=4, cell="gru")
    .loss_and_grads(ids, ids, state=(np.zeros((2, 4)), np.zeros((2, 4)))), TypeError, 'cell="gru"', "(h, None)")
bad("CharLM.initial_state", "N -1", lambda: lm().initial_state(-1), ValueError, "N must be >= 0")

bad("SequenceClassifier", "num_classes 0", lambda: SequenceClassifier(V, 0), ValueError, "num_classes")
bad("SequenceClassifier", "embed_dim given positionally (keyword-only)", lambda: SequenceClassifier(V, 2, 8),
    TypeError, "positional")
bad("SequenceClassifier", "pad_id -1", lambda: SequenceClassifier(V, 2, pad_id=-1), ValueError, "pad_id")
bad("SequenceClassifier", "pad_id as text", lambda: SequenceClassifier(V, 2, pad_id="<pad>"), TypeError, "pad_id")
bad("SequenceClassifier.fit", "one str", lambda: seq_clf().fit("재밌어요", [1]), TypeError, "Vocabulary.encode")
bad("SequenceClassifier.fit", "token lists instead of ids", lambda: seq_clf().fit(["재밌어요", "별로"], [1, 0]),
    TypeError, "Vocabulary.encode")
bad("SequenceClassifier.fit", "epochs 0", lambda: seq_clf().fit([[1, 2]], [0], epochs=0), ValueError, "epochs")
bad("SequenceClassifier.fit", "batch_size -1", lambda: seq_clf().fit([[1, 2]], [0], batch_size=-1), ValueError,
    "batch_size")
bad("SequenceClassifier.fit", "float labels", lambda: seq_clf().fit([[1, 2], [3]], [0.0, 1.0]), ValueError,
    "labels must be ints")
bad("SequenceClassifier.fit", "a label out of range", lambda: seq_clf().fit([[1, 2], [3]], [0, 2]), ValueError,
    "labels must lie in [0, num_classes=2)")
bad("SequenceClassifier.fit", "a flat list of ids", lambda: seq_clf().fit([1, 2, 3], [0, 1, 0]), ValueError, "[ids]")
bad("SequenceClassifier.fit", "an id out of range", lambda: seq_clf().fit([[1, 9]], [0]), ValueError,
    "sequence 0 must lie in [0, vocab_size=6)")
bad("SequenceClassifier.fit", "labels None", lambda: seq_clf().fit([[1, 2]], None), TypeError, "None")
bad("SequenceClassifier.fit", "labels of another length", lambda: seq_clf().fit([[1, 2], [3]], [0]), ValueError,
    "expected labels of shape (N=2,)")
bad("SequenceClassifier.fit", "a callback that is not callable", lambda: seq_clf().fit([[1, 2]], [0], callback=[]),
    TypeError, "callback")
ok("SequenceClassifier.fit", "ragged id lists", lambda: seq_clf().fit([[1, 2, 3], [4]], [0, 1], epochs=1).history_,
   "what it is for: each sequence is read out at its own last step", lambda r: len(r) == 1 and math.isfinite(r[0]))
ok("SequenceClassifier.predict", "before fit", lambda: seq_clf().predict([[1, 2]]),
   "the untrained baseline, documented in the class docstring", lambda r: r.shape == (1,))
bad("SequenceClassifier.predict", "one str", lambda: seq_clf().predict("재밌어요"), TypeError, "id 리스트")
bad("SequenceClassifier.predict_proba", "batch_size 0", lambda: seq_clf().predict_proba([[1]], batch_size=0),
    ValueError, "batch_size")
bad("SequenceClassifier.loss_and_grads", "lengths beyond T", lambda: seq_clf().loss_and_grads(ids, [3, 4], [0, 1]),
    ValueError, "lengths must be ints in [0, T=3]")
bad("SequenceClassifier.loss_and_grads", "float ids", lambda: seq_clf().loss_and_grads(ids * 1.0, [3, 3], [0, 1]),
    ValueError, "astype(int)")
bad("SequenceClassifier.initial_state", "N as text", lambda: seq_clf().initial_state("2"), TypeError, "N", "N=2")


# --------------------------------------------------------------------------- nlplab.datasets and nlplab.split

bad("load_nsmc", "None", lambda: load_nsmc(None), TypeError, "path")
bad("load_nsmc", "a file that does not exist", lambda: load_nsmc(FILES / "missing.txt"), FileNotFoundError,
    "missing.txt")
bad("load_nsmc", "a CP949 file", lambda: load_nsmc(FILES / "cp949.txt"), ValueError, "encoding='cp949'")
bad("load_nsmc", "encoding as a number", lambda: load_nsmc(FILES / "cp949.txt", encoding=949), TypeError, "encoding")
bad("load_nsmc", "an unknown encoding", lambda: load_nsmc(FILES / "cp949.txt", encoding="utf9"), ValueError,
    "unknown encoding")
bad("load_nsmc", "a file without the header", lambda: load_nsmc(FILES / "bad_header.txt"), ValueError,
    "line 1: expected the header")
ok("load_nsmc", "a CP949 file read with encoding='cp949'", lambda: load_nsmc(FILES / "cp949.txt", encoding="cp949"),
   "the fix the message names", lambda r: r.documents == ["재밌어요"])
bad("load_text", "a CP949 file", lambda: load_text(FILES / "cp949.txt"), ValueError, "cp949")
bad("load_text", "None", lambda: load_text(None), TypeError, "path")
bad("load_text", "a file that does not exist", lambda: load_text(FILES / "missing.txt"), FileNotFoundError,
    "does not exist")
bad("load_reviews", "an argument", lambda: load_reviews("reviews.txt"), TypeError, "positional")
bad("load_spam_assassin", "None", lambda: load_spam_assassin(None), TypeError, "root")
bad("load_spam_assassin", "a folder without data/", lambda: load_spam_assassin(FILES / "missing"), FileNotFoundError,
    "is not a folder")
bad("load_spam_assassin", "an unknown group", lambda: load_spam_assassin(FILES / "spam", groups=["spam-9"]),
    ValueError, "unknown group(s) ['spam-9']")
ok("load_spam_assassin", "one group as a str", lambda: load_spam_assassin(FILES / "spam", groups="easy-ham-1"),
   "documented: a str names one group (no group is named by a single character)", lambda r: r.texts == [])
bad("load_spam_compact", "None", lambda: load_spam_compact(None), TypeError, "path")
bad("load_spam_compact", "a file that is not gzip", lambda: load_spam_compact(FILES / "not_gzip.json.gz"),
    ValueError, "compact corpus")
bad("load_spam_compact", "a file that does not exist", lambda: load_spam_compact(FILES / "missing.gz"),
    FileNotFoundError, "does not exist")
bad("char_corpus", "None", lambda: char_corpus(None), ValueError, "expects a string")
bad("char_corpus", "bytes", lambda: char_corpus("헌법".encode()), ValueError, "decode")
bad("char_corpus", "a list of lines", lambda: char_corpus(["대한민국", "헌법"]), ValueError, "expects a string")
bad("course_file", "None", lambda: course_file(None), TypeError, "name")
bad("course_file", "a path", lambda: course_file("../secret.txt"), ValueError, "plain file name")

labels8 = [0, 1] * 4
bad("stratified_split", "None", lambda: stratified_split(None), TypeError, "None")
bad("stratified_split", "one str", lambda: stratified_split("0101"), TypeError, "레이블")
bad("stratified_split", "test_size 0", lambda: stratified_split(labels8, test_size=0), ValueError,
    "strictly between 0 and 1")
bad("stratified_split", "test_size as a count", lambda: stratified_split(labels8, test_size=2), ValueError,
    "strictly between 0 and 1")
bad("stratified_split", "test_size as text", lambda: stratified_split(labels8, test_size="0.2"), TypeError,
    "test_size")
bad("stratified_split", "seed as text", lambda: stratified_split(labels8, seed="a"), TypeError, "seed")
bad("stratified_split", "2-D labels", lambda: stratified_split(np.zeros((2, 2))), ValueError, "1-D", "(2, 2)")
bad("stratified_kfold", "n_splits 1", lambda: stratified_kfold(labels8, n_splits=1), ValueError, "2 <= n_splits")
bad("stratified_kfold", "n_splits as text", lambda: stratified_kfold(labels8, n_splits="5"), ValueError,
    "n_splits must be an int")
bad("stratified_kfold", "None", lambda: stratified_kfold(None), TypeError, "None")


# --------------------------------------------------------------------------- nlplab.embeddings

SENTENCES = [np.array([0, 1, 2, 1]), np.array([3, 2, 0])]
C_TOY = cooccurrence(SENTENCES, 4)
W_IN, W_OUT = rng.standard_normal((4, 3)), rng.standard_normal((4, 3))
CENTERS, CONTEXTS, NEGATIVES = np.array([0, 1]), np.array([1, 2]), np.array([[3, 2], [0, 3]])


def skipgram():
    return SkipGram(4, 3, subsample=None, seed=0)


def subword():
    return SubwordSkipGram(["재밌음", "재밌어요", "영화", "최고"], 3, subsample=None, seed=0)


bad("initial_embeddings", "None", lambda: initial_embeddings(None), TypeError, "vectors", "None")
bad("initial_embeddings", "one vector (1-D)", lambda: initial_embeddings(np.ones(3)), ValueError,
    "expected vectors of shape (V, E)")
bad("initial_embeddings", "a NaN", lambda: initial_embeddings(np.array([[0.0, 1.0], [np.nan, 2.0]])), ValueError,
    "vectors", "NaN")
bad("initial_embeddings", "pad_id out of range", lambda: initial_embeddings(W_IN, pad_id=4), ValueError,
    "pad_id", "[0, V=4)", "got 4")
bad("initial_embeddings", "pad_id as a token", lambda: initial_embeddings(W_IN, pad_id="<pad>"), TypeError,
    "pad_id", "token_to_id")
bad("initial_embeddings", "untrained zeros", lambda: initial_embeddings(np.zeros((4, 3))), ValueError,
    "standard deviation 0")
bad("initial_embeddings", "only the padding row", lambda: initial_embeddings(np.ones((1, 3))), ValueError,
    "standard deviation 0")
bad("cooccurrence", "None", lambda: cooccurrence(None, 4), TypeError, "None", "Vocabulary.encode")
bad("cooccurrence", "the text instead of ids", lambda: cooccurrence("나는 밥을", 4), TypeError, "Vocabulary.encode")
bad("cooccurrence", "an id out of range", lambda: cooccurrence([0, 1, 4], 4), ValueError, "[0, vocab_size=4)", "4")
bad("cooccurrence", "an id out of range in the second sentence", lambda: cooccurrence([[0, 1], [2, 9]], 4),
    ValueError, "ids[1]", "9")
bad("cooccurrence", "a negative id", lambda: cooccurrence([0, -1], 4), ValueError, "got -1")
bad("cooccurrence", "float ids", lambda: cooccurrence([0.0, 1.0], 4), ValueError, "astype(int)")
bad("cooccurrence", "window 0", lambda: cooccurrence([0, 1], 4, window=0), ValueError, "window must be >= 1")
bad("cooccurrence", "window as text", lambda: cooccurrence([0, 1], 4, window="2"), TypeError, "window", "window=2")
bad("cooccurrence", "vocab_size 0", lambda: cooccurrence([0, 1], 0), ValueError, "vocab_size")
bad("cooccurrence", "an empty corpus", lambda: cooccurrence([], 4), ValueError, "empty")
bad("cooccurrence", "a corpus of empty sentences", lambda: cooccurrence([np.array([], int)] * 2, 4), ValueError,
    "empty")
bad("cooccurrence", "a padded batch (2-D)", lambda: cooccurrence(np.zeros((2, 3), int), 4), ValueError,
    "expected ids of shape (L,)")
bad("cooccurrence", "20 000 words (3.2 GB of counts)", lambda: cooccurrence([0, 1], 20_000), ValueError, "3.2 GB",
    "어휘")
ok("cooccurrence", "sentences of one word", lambda: cooccurrence([[0], [1]], 4),
   "a word alone has no neighbour: zero counts, as the definition says", lambda r: r.sum() == 0)

bad("ppmi", "None", lambda: ppmi(None), TypeError, "None")
bad("ppmi", "a non-square matrix", lambda: ppmi(np.ones((2, 3))), ValueError, "square")
bad("ppmi", "a 1-D vector", lambda: ppmi(np.ones(3)), ValueError, "expected C of shape (V, V)")
bad("ppmi", "negative counts", lambda: ppmi(-C_TOY), ValueError, "non-negative")
bad("ppmi", "NaN", lambda: ppmi(np.where(np.eye(4) > 0, np.nan, 1.0)), ValueError, "NaN")
bad("ppmi", "no counts at all", lambda: ppmi(np.zeros((3, 3))), ValueError, "no counts")
bad("ppmi", "eps 0 (log2 0)", lambda: ppmi(C_TOY, eps=0), ValueError, "eps must be > 0")
bad("ppmi", "text", lambda: ppmi([["1", "2"], ["3", "4"]]), TypeError, "숫자")
ok("ppmi", "a word with no counts", lambda: ppmi(np.array([[0, 2, 0], [2, 0, 0], [0, 0, 0]])),
   "its row and column are 0, documented (no NaN from 0/0)", lambda r: np.isfinite(r).all() and r[2].sum() == 0)

bad("svd_vectors", "dim 0", lambda: svd_vectors(np.eye(4), 0), ValueError, "dim")
bad("svd_vectors", "dim larger than the matrix", lambda: svd_vectors(np.eye(4), 5), ValueError, "at most", "4")
bad("svd_vectors", "NaN", lambda: svd_vectors(np.full((3, 3), np.nan), 2), ValueError, "NaN")
bad("svd_vectors", "a 1-D vector", lambda: svd_vectors(np.ones(4), 2), ValueError, "expected M of shape")
bad("svd_vectors", "power -1", lambda: svd_vectors(np.eye(4), 2, power=-1), ValueError, "power")
bad("svd_vectors", "None", lambda: svd_vectors(None, 2), TypeError, "None")
bad("svd_vectors", "n_iter -1", lambda: svd_vectors(np.eye(4), 2, n_iter=-1), ValueError, "n_iter")

bad("skipgram_pairs", "window 0", lambda: skipgram_pairs([0, 1], window=0), ValueError, "window")
bad("skipgram_pairs", "None", lambda: skipgram_pairs(None), TypeError, "None")
bad("skipgram_pairs", "an empty corpus", lambda: skipgram_pairs([]), ValueError, "empty")
bad("skipgram_pairs", "a negative id", lambda: skipgram_pairs([0, -2]), ValueError, "got -2")
bad("skipgram_pairs", "the text", lambda: skipgram_pairs("나 밥"), TypeError, "Vocabulary.encode")

bad("noise_distribution", "negative counts", lambda: noise_distribution([3, -1]), ValueError, "non-negative")
bad("noise_distribution", "no counts", lambda: noise_distribution([0, 0]), ValueError, "at least one count")
bad("noise_distribution", "a matrix", lambda: noise_distribution(np.ones((2, 2))), ValueError, "expected counts of shape")
bad("noise_distribution", "power -1", lambda: noise_distribution([1, 2], power=-1), ValueError, "power")
bad("noise_distribution", "None", lambda: noise_distribution(None), TypeError, "None")
bad("keep_probabilities", "t 0", lambda: keep_probabilities([1, 2], t=0), ValueError, "t must be > 0")
bad("keep_probabilities", "empty counts", lambda: keep_probabilities([]), ValueError, "at least one count")
bad("keep_probabilities", "text counts", lambda: keep_probabilities(["3", "4"]), TypeError, "counts")

bad("sgns_loss", "a center out of range", lambda: sgns_loss(W_IN, W_OUT, [0, 4], CONTEXTS, NEGATIVES), ValueError,
    "centers must lie in [0, V=4)")
bad("sgns_loss", "negatives as one id per pair (B,)", lambda: sgns_loss(W_IN, W_OUT, CENTERS, CONTEXTS, [3, 2]),
    ValueError, "(B=2, K)", "reshape(-1, 1)")
bad("sgns_loss", "contexts of another length", lambda: sgns_loss(W_IN, W_OUT, CENTERS, [1], NEGATIVES), ValueError,
    "expected contexts of shape (B=2,)")
bad("sgns_loss", "W_out of another shape", lambda: sgns_loss(W_IN, W_OUT[:, :2], CENTERS, CONTEXTS, NEGATIVES),
    ValueError, "expected W_out of shape (V=4, D=3)")
bad("sgns_loss", "integer weights", lambda: sgns_loss(np.ones((4, 3), int), W_OUT, CENTERS, CONTEXTS, NEGATIVES),
    TypeError, "float")
bad("sgns_loss", "NaN in W_in", lambda: sgns_loss(np.full((4, 3), np.nan), W_OUT, CENTERS, CONTEXTS, NEGATIVES),
    ValueError, "W_in contains NaN")
bad("sgns_loss", "an empty batch", lambda: sgns_loss(W_IN, W_OUT, [], [], np.zeros((0, 2), int)), ValueError,
    "empty")
bad("sgns_loss", "ids first (arguments swapped)", lambda: sgns_loss(CENTERS, CONTEXTS, W_IN, W_OUT, NEGATIVES),
    TypeError, "arguments swapped")
bad("sgns_loss", "words instead of ids", lambda: sgns_loss(W_IN, W_OUT, ["나"], ["밥"], [["빵"]]), TypeError,
    "centers")
ok("sgns_loss", "no negatives (K = 0)", lambda: sgns_loss(W_IN, W_OUT, CENTERS, CONTEXTS, np.zeros((2, 0), int)),
   "the positive term alone, a valid (if useless) objective", lambda r: np.isfinite(r[0]))

bad("SkipGram", "vocab_size 0", lambda: SkipGram(0), ValueError, "vocab_size")
bad("SkipGram", "dim as text", lambda: SkipGram(4, "50"), TypeError, "dim", "dim=50")
bad("SkipGram", "window given positionally (keyword-only)", lambda: SkipGram(4, 3, 2), TypeError, "positional")
bad("SkipGram", "window 0", lambda: SkipGram(4, window=0), ValueError, "window must be >= 1")
bad("SkipGram", "negatives -1", lambda: SkipGram(4, negatives=-1), ValueError, "negatives")
bad("SkipGram", "subsample -1", lambda: SkipGram(4, subsample=-1), ValueError, "subsample")
bad("SkipGram", "seed -1", lambda: SkipGram(4, seed=-1), ValueError, "seed")
bad("SkipGram", "an integer dtype", lambda: SkipGram(4, dtype=np.int64), ValueError, "floating")
bad("SkipGram.fit", "an id out of range", lambda: skipgram().fit([[0, 1, 7]]), ValueError, "[0, vocab_size=4)")
bad("SkipGram.fit", "an empty corpus", lambda: skipgram().fit([]), ValueError, "empty")
bad("SkipGram.fit", "sentences of one word (no pair)", lambda: skipgram().fit([[0], [1]]), ValueError, "no (center, context) pair")
bad("SkipGram.fit", "a tiny corpus subsampled away", lambda: SkipGram(4, seed=0).fit([[0, 0, 0, 0]]), ValueError,
    "subsample=None")
bad("SkipGram.fit", "epochs 0", lambda: skipgram().fit(SENTENCES, epochs=0), ValueError, "epochs")
bad("SkipGram.fit", "batch_size 0", lambda: skipgram().fit(SENTENCES, batch_size=0), ValueError, "batch_size")
bad("SkipGram.fit", "lr 0", lambda: skipgram().fit(SENTENCES, lr=0), ValueError, "lr must be > 0")
bad("SkipGram.fit", "an unknown optimizer", lambda: skipgram().fit(SENTENCES, optimizer="sgdm"), ValueError,
    '"sgd" or "adam"')
bad("SkipGram.fit", "a callback that is not callable", lambda: skipgram().fit(SENTENCES, callback="plot"), TypeError,
    "callback")
bad("SkipGram.fit", "the text instead of ids", lambda: skipgram().fit("나는 밥을 먹었다"), TypeError, "Vocabulary.encode")
ok("SkipGram.vectors", "read before fit", lambda: skipgram().vectors,
   "the initial vectors (small random numbers), what training starts from", lambda r: r.shape == (4, 3))

bad("SubwordSkipGram", "one str as the words", lambda: SubwordSkipGram("재밌음"), TypeError, "['재밌음']")
bad("SubwordSkipGram", "None", lambda: SubwordSkipGram(None), TypeError, "None")
bad("SubwordSkipGram", "no words", lambda: SubwordSkipGram([]), ValueError, "empty")
bad("SubwordSkipGram", "ids instead of words", lambda: SubwordSkipGram([1, 2]), TypeError, "words[0]")
bad("SubwordSkipGram", "min_n > max_n", lambda: SubwordSkipGram(["가"], min_n=3, max_n=2), ValueError,
    "min_n must be <= max_n")
bad("SubwordSkipGram", "min_n 0", lambda: SubwordSkipGram(["가"], min_n=0), ValueError, "min_n")
bad("SubwordSkipGram", "dim given positionally after words (keyword-only min_n)",
    lambda: SubwordSkipGram(["가"], 3, 1), TypeError, "positional")
bad("SubwordSkipGram.fit", "an id out of range", lambda: subword().fit([[0, 1, 4]]), ValueError,
    "[0, vocab_size=4)")
bad("SubwordSkipGram.fit", "words instead of ids", lambda: subword().fit([["재밌음", "영화"]]), TypeError, "ids")
bad("SubwordSkipGram.fit", "lr -1", lambda: subword().fit([[0, 1]], lr=-1), ValueError, "lr must be > 0")
bad("SubwordSkipGram.pieces", "None", lambda: subword().pieces(None), TypeError, "None")
bad("SubwordSkipGram.pieces", "a list of words", lambda: subword().pieces(["재밌음"]), TypeError, "단어 하나")
bad("SubwordSkipGram.known_pieces", "a number", lambda: subword().known_pieces(3), TypeError, "문자열")
bad("SubwordSkipGram.word_vectors", "one str", lambda: subword().word_vectors("재밌음"), TypeError, "['재밌음']")
bad("SubwordSkipGram.word_vectors", "None", lambda: subword().word_vectors(None), TypeError, "None")
ok("SubwordSkipGram.word_vectors", "a word with no known piece", lambda: subword().word_vectors(["ㅋㅋ"]),
   "a zero vector, documented: nothing is known of it", lambda r: (r == 0).all())
ok("SubwordSkipGram.vectors", "read before fit", lambda: subword().vectors,
   "the initial vectors: the mean of each word's random piece vectors", lambda r: r.shape == (4, 3))

bad("most_similar", "a word instead of its id", lambda: most_similar(W_IN, "밥"), TypeError, "token_to_id")
bad("most_similar", "an id out of range", lambda: most_similar(W_IN, 4), ValueError, "[0, V=4)")
bad("most_similar", "k 0", lambda: most_similar(W_IN, 0, k=0), ValueError, "k must be >= 1")
bad("most_similar", "a vector of another length", lambda: most_similar(W_IN, np.ones(5)), ValueError,
    "expected query of shape (D=3,)")
bad("most_similar", "a 1-D W", lambda: most_similar(np.ones(4), 0), ValueError, "expected W of shape (V, D)")
bad("most_similar", "NaN in W", lambda: most_similar(np.full((3, 2), np.nan), 0), ValueError, "NaN")
bad("most_similar", "a list of ids", lambda: most_similar(W_IN, [0, 1]), ValueError, "expected query of shape",
    "id 하나씩")
ok("most_similar", "a list of D ints", lambda: most_similar(W_IN, [0, 1, 2]),
   "a vector of length D (a one-hot or count vector is one): the query by its values, documented")
ok("most_similar", "k larger than the vocabulary", lambda: most_similar(W_IN, 0, k=10),
   "every other word, documented", lambda r: len(r[0]) == 3 and 0 not in r[0])
bad("analogy", "a word instead of its id", lambda: analogy(W_IN, "남자", 1, 2), TypeError, "token_to_id")
bad("analogy", "an id out of range", lambda: analogy(W_IN, 0, 9, 2), ValueError, "b must lie in [0, V=4)")
bad("analogy", "k 0", lambda: analogy(W_IN, 0, 1, 2, k=0), ValueError, "k must be >= 1")
bad("analogy", "a list as a", lambda: analogy(W_IN, [0, 1], 1, 2), ValueError, "one word id")

bad("load_token_corpus", "None", lambda: load_token_corpus(None), TypeError, "path")
bad("load_token_corpus", "a file that does not exist", lambda: load_token_corpus(FILES / "missing.npz"),
    FileNotFoundError, "does not exist")
bad("load_token_corpus", "a file that is not a corpus", lambda: load_token_corpus(FILES / "not_gzip.json.gz"),
    ValueError, "token corpus")
ok("TokenCorpus.sentences", "a corpus of one sentence", lambda: TokenCorpus(
    np.array([1, 2]), np.array([0, 2]), ["a", "b", "c"], np.array([0, 1, 1]), "").sentences(),
   "one sentence, the whole corpus", lambda r: [s.tolist() for s in r] == [[1, 2]])

bad("SequenceClassifier", "embeddings of another shape", lambda: SequenceClassifier(V, 2, embed_dim=3,
    embeddings=np.ones((V, 4))), ValueError, "expected embeddings of shape (vocab_size=6, embed_dim=3)")
bad("SequenceClassifier", "freeze_embeddings without embeddings", lambda: SequenceClassifier(
    V, 2, freeze_embeddings=True), ValueError, "needs embeddings")
bad("SequenceClassifier", "freeze_embeddings as text", lambda: SequenceClassifier(
    V, 2, embed_dim=3, embeddings=np.ones((V, 3)), freeze_embeddings="yes"), TypeError, "True나 False")
bad("SequenceClassifier", "NaN in the embeddings", lambda: SequenceClassifier(
    V, 2, embed_dim=3, embeddings=np.full((V, 3), np.nan)), ValueError, "embeddings contains NaN")


# --------------------------------------------------------------------------- the tests


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_wrong_call_is_refused_with_a_message_that_names_it(case):
    if case.raises is None:
        result = case.call()                   # an acceptable call must return
        if case.check is not None:
            assert case.check(result), f"{case.id}: returned {result!r}, which is not the right answer"
        return
    with pytest.raises(Exception) as caught:
        case.call()
    error = caught.value
    assert isinstance(error, case.raises), (
        f"{case.id}: expected {case.raises.__name__}, got {type(error).__name__}: {error}")
    message = str(error.args[0]) if isinstance(error, KeyError) else str(error)
    named = case.named or case.where
    assert named in message, f"{case.id}: the message does not name {named}: {message}"
    for word in case.words:
        assert word in message, f"{case.id}: {word!r} missing from the message: {message}"


def _public_callables() -> set[str]:
    """Every public function, class and public method of nlplab's modules, as the table names them."""
    names = set()
    for module in (checking, datasets, encoding, gradcheck, gradflow, layers, lstm, models, naive_bayes, optim, rnn,
                   similarity, split, text) + (attention, embeddings, gru):
        for name in module.__all__:
            obj = getattr(module, name)
            if not callable(obj) or obj is CheckFailed or name in ("LabeledDocuments", "SpamCorpus", "Optimizer"):
                continue
            if not inspect.isclass(obj):
                names.add(name)
                continue
            for method, member in vars(obj).items():
                if method == "__init__" or method == "__call__":
                    names.add(name)
                elif not method.startswith("_") and (callable(member) or isinstance(member, property)):
                    names.add(f"{name}.{method}")
    return names


def test_every_public_function_and_method_has_wrong_calls_in_the_table():
    covered = {case.where for case in CASES}
    inherited = {"TfidfVectorizer.get_feature_names_out", "TfidfVectorizer.build_analyzer",
                 "SGD.update", "Adagrad.update", "Adam.update", "MultinomialNB.predict", "BernoulliNB.predict",
                 "CategoricalNB.predict_proba"}
    missing = sorted(_public_callables() - covered - inherited)
    assert not missing, f"public functions without a wrong call in the table: {missing}"
    assert len([c for c in CASES if c.raises is not None]) >= 250


def test_a_refused_update_changes_no_parameter():
    params = {"a": np.ones(2), "b": np.ones(2)}
    grads = {"a": np.ones(2), "b": np.array([np.nan, 1.0])}
    for optimizer in (SGD(lr=0.1), Adagrad(lr=0.1), Adam(lr=0.1)):
        with pytest.raises(ValueError, match="NaN"):
            optimizer.update(params, grads)
        assert params["a"].tolist() == [1.0, 1.0] and optimizer.state == {}


def test_the_memory_guard_speaks_before_allocating():
    """The guard names the array and its size; an array just under the limit is made."""
    limit = nlplab._checks.MEMORY_LIMIT_BYTES
    with pytest.raises(ValueError, match=r"\(1, 1000000000\) \(float64\)에 8\.0 GB"):
        one_hot([0], 10 ** 9)
    under = one_hot([0], limit // 8 // 4, dtype=np.float64)       # a quarter of the limit
    assert under.shape == (1, limit // 32) and under[0, 0] == 1


def test_the_cp949_hint_is_given_only_when_cp949_reads_the_bytes():
    with pytest.raises(ValueError) as caught:
        whitespace_tokenize(b"\xff\xfe\xfa")
    assert "UTF-8" in str(caught.value) and "cp949" not in str(caught.value)


if __name__ == "__main__":      # the table's counts: python tests/native/test_bad_input.py
    raising = sum(c.raises is not None for c in CASES)
    print(f"{len(CASES)} cases: {raising} raise, {len(CASES) - raising} listed as acceptable")
