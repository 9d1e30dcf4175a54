"""Numbers that the pages' prose reads off a computation, checked against that computation.

A cell's `#| output` pins what it prints; a sentence that quotes a value the cell does not
print (or prints under a `...` line, because it varies between machines) is checked here:
each test runs the page's cells natively (as test_pages_native.py does), computes the value
again from the page's own variables, and asserts that the sentence states it.
"""

from __future__ import annotations

import ast
import re

import numpy as np
import pytest
from cells_runner import DOCS, page_cells, plan, run_step

DATA = DOCS / "assets" / "build" / "data"
_namespaces: dict[str, dict] = {}


def page_text(page: str) -> str:
    return (DOCS / page).read_text(encoding="utf-8")


def run_page(page: str) -> dict:
    """The namespace after every cell of the page ran natively (mkdocs_hooks/cell_runs.py: setup
    cells first; an exercise runs its solution and its check; the cells that raise or never end by
    design are left out), in the course's environment (conftest.py), computed once per session."""
    if page in _namespaces:
        return _namespaces[page]
    if not DATA.is_dir():
        pytest.skip("the course data (docs/assets/build/data) is not built")
    namespace: dict = {"__name__": "__main__"}
    for step in plan(page_cells(page_text(page))):
        if step.role in ("endless", "starter") or step.cell.raises:
            continue
        run = run_step(step, namespace)
        assert run.passed, f"{page} {step.label}: {run.message}"
    _namespaces[page] = namespace
    return namespace


def paragraph(text: str, start: str) -> str:
    """The block of prose that begins with `start` (a list item or an admonition), up to the
    next blank line or list item, with its lines joined by single spaces."""
    at = text.index(start)
    lines = [text[at:].splitlines()[0]]
    for line in text[at:].splitlines()[1:]:
        stripped = line.strip()
        if not stripped or stripped.startswith("- "):
            break
        lines.append(stripped)
    return " ".join(lines)


def test_training_heatmap_cell_state_sentence():
    """training.md: the |c_t| sentence names where the mean |c_t| peaks and dips, with the values."""
    namespace = run_page("unit4/training.md")
    sentence_chars = namespace["sentence"]
    means = np.round(np.abs(namespace["cell_state"]).mean(axis=0), 2)
    assert sentence_chars == "대한민국은 민주공화국이다" and len(means) == len(sentence_chars)
    space = sentence_chars.index(" ")
    # the shape the sentence describes: rising through "대한민국은" and the space after it,
    # falling from there to a minimum inside "민주공화국이다", then rising to the last character
    assert np.all(np.diff(means[:space + 1]) > 0), means
    dip = space + 1 + int(np.argmin(means[space + 1:]))
    assert np.all(np.diff(means[space:dip + 1]) < 0) and np.all(np.diff(means[dip:]) > 0), means
    assert sentence_chars[dip] == "공", (sentence_chars[dip], means)

    text = paragraph(page_text("unit4/training.md"), "- **셀 상태는 문장을 따라 쌓입니다.**")
    expected = [
        f'"{sentence_chars[:space]}"을 읽는 동안 {means[0]:.1f}에서 {means[space - 1]:.1f}로 커지고',
        f"띄어쓰기에서 {means[space]:.1f}이 됩니다",
        f'"{sentence_chars[space + 1:dip + 1]}"을 읽는 동안 "{sentence_chars[dip]}"의 {means[dip]:.1f}까지 줄었다가',
        f'"{sentence_chars[-1]}"에서 다시 {means[-1]:.1f}까지 커집니다',
    ]
    for phrase in expected:
        assert phrase in text, f"training.md should say {phrase!r} (|c_t| means: {means}); it says:\n{text}"


def test_training_heatmap_gate_percentages():
    """training.md: '망각 게이트의 약 77%' and 'g는 80% 넘는 칸이 ±1에 붙어' match the heatmap's data."""
    namespace = run_page("unit4/training.md")
    gates = namespace["gates"]
    saturated_f = np.mean((gates["f"] < 0.1) | (gates["f"] > 0.9))
    saturated_g = np.mean(np.abs(gates["g"]) > 0.9)
    text = page_text("unit4/training.md")
    assert f"망각 게이트의 약 {saturated_f:.0%}가" in paragraph(text, "- **대부분의 게이트는"), saturated_f
    claim = re.search(r"새 기억 후보 \$g\$는 (\d+)% 넘는 칸이", paragraph(text, "- **셀 상태는 문장을 따라"))
    assert claim and saturated_g > int(claim.group(1)) / 100, saturated_g


def test_spam_max_features_accuracy():
    """spam.md: the `max_features` note's snippet gives the accuracy the note states."""
    namespace = run_page("unit2/spam.md")
    text = paragraph(page_text("unit2/spam.md"), '??? info "scipy 없이 하려면')
    call = re.search(r"`CountVectorizer\(([^`]*)\)`", text)
    assert call, text
    keywords = ast.parse(f"f({call.group(1)})").body[0].value.keywords
    kwargs = {k.arg: ast.literal_eval(k.value) for k in keywords}
    assert kwargs.get("max_features") == 3000, kwargs

    def accuracy(**options) -> float:
        vectorizer = namespace["CountVectorizer"](**options)
        X_train = vectorizer.fit_transform(namespace["train_texts"])
        X_test = vectorizer.transform(namespace["test_texts"])
        assert X_train.shape == (4837, 3000) and isinstance(X_train, np.ndarray)
        model = namespace["MultinomialNB"](alpha=0.1).fit(X_train, namespace["y_train"])
        return float(np.mean(model.predict(X_test) == namespace["y_test"]))

    stated = re.search(r"평가 정확도가 약 (0\.\d+)로", text)
    assert stated, text
    measured = accuracy(**kwargs)
    assert f"{measured:.3f}" == stated.group(1), f"the snippet {call.group(0)} gives {measured:.4f}"
    assert f"약 {namespace['accuracy']:.3f}" in text, namespace["accuracy"]      # the sparse model
    if kwargs.get("binary"):
        counts = accuracy(**{**kwargs, "binary": False})
        assert f"`binary=True`를 빼고 횟수를 그대로 세면 약 {counts:.3f}" in text, counts


def slider_values(page: str, name: str) -> np.ndarray:
    """Every value a `name = …  # slider: min, max, step` line of the page can take."""
    found = re.search(rf"^{name} = \S+  # slider: ([-\d.]+), ([-\d.]+), ([-\d.]+)$", page_text(page), re.M)
    assert found, f"{page} has no slider for {name}"
    low, high, step = (float(v) for v in found.groups())
    return np.round(np.arange(low, high + step / 2, step), 10)


def test_vanishing_lstm_forget_bias_claim():
    """vanishing.md: with forget_bias 3 or 5 the LSTM's ‖∂h_T/∂h_(T−k)‖ stays between 0.1 and
    a few tens for every slider value of rho from the stated bound up, not below it; and the
    values at the slider's lowest rho are the ones the sentence gives."""
    namespace = run_page("unit4/vanishing.md")
    lstm_jacobian_norms = namespace["lstm_jacobian_norms"]
    H, T = namespace["H"], namespace["T"]

    def norms(rho: float, bias: float) -> np.ndarray:
        b = np.zeros(4 * H)
        b[H:2 * H] = bias
        args = (namespace["x"], namespace["h0"], namespace["Wx_lstm"], rho * namespace["Q_lstm"], b)
        return lstm_jacobian_norms(*args)[::-1]

    text = paragraph(page_text("unit4/vanishing.md"), "- **`forget_bias`를 3이나 5로 올리면**")
    bound = float(re.search(r"`rho`가 ([\d.]+) 이상인 한 LSTM의 선은 수평에 가깝게", text).group(1))
    assert "(60단계 동안 0.1에서 수십 사이)" in text, text
    rhos = slider_values("unit4/vanishing.md", "rho")
    assert 3.0 in slider_values("unit4/vanishing.md", "forget_bias")
    assert 5.0 in slider_values("unit4/vanishing.md", "forget_bias")
    assert bound in rhos and bound > rhos[0]
    for bias in (3.0, 5.0):
        for rho in rhos[rhos >= bound]:
            values = norms(rho, bias)
            assert 0.1 <= values.min() and values.max() < 100, (bias, rho, values.min(), values.max())
    below = rhos[rhos < bound][-1]
    assert min(norms(below, 3.0).min(), norms(below, 5.0).min()) < 0.1, "the bound could be lower"

    lowest = {bias: norms(rhos[0], bias)[T] for bias in (3.0, 5.0)}
    assert f"`rho = {rhos[0]:g}`에서는 60단계 뒤 약 {lowest[3.0]:.1g}(편향 3)과 {lowest[5.0]:.1g}(편향 5)" in text, lowest


def test_vanishing_spectral_radius_and_largest_singular_value():
    """vanishing.md's note on ρ and σ_max: its example's numbers, and that the page's own
    matrices (A, B and W_h = ρQ) have ρ = σ_max, so reading them by ρ alone is right."""
    namespace = run_page("unit4/vanishing.md")
    text = paragraph(page_text("unit4/vanishing.md"), '!!! note "한 번에 최대 몇 배인가: 가장 큰 특잇값"')

    def rho(M):
        return np.max(np.abs(np.linalg.eigvals(M)))

    def sigma_max(M):
        return np.linalg.norm(M, 2)

    for name in ("A", "B", "Q"):
        M = namespace[name]
        assert np.isclose(rho(M), sigma_max(M), rtol=1e-9), name
    assert np.allclose(np.linalg.svd(0.9 * namespace["Q"], compute_uv=False), 0.9)

    assert r"\begin{bmatrix} 0.9 & 1 \\ 0 & 0.9 \end{bmatrix}" in text
    N = np.array([[0.9, 1.0], [0.0, 0.9]])
    corner = np.array([np.linalg.matrix_power(N, n)[0, 1] for n in range(1, 200)])
    largest = np.flatnonzero(np.isclose(corner, corner.max(), rtol=1e-12)) + 1
    assert np.allclose(corner, [n * 0.9 ** (n - 1) for n in range(1, 200)])
    assert f"$\\rho = {rho(N):g}$인데 $\\sigma_{{\\max}} \\approx {sigma_max(N):.2f}$" in text
    peak = f"$n = {', '.join(map(str, largest))}$에서 {corner.max():.2f}까지 커졌다가"
    assert peak in text, (largest, corner.max())
    assert corner[-1] < 1e-6                                   # and it does vanish in the end


def test_sentiment_char_and_char_wb_note():
    """sentiment.md's note on analyzer="char" and "char_wb": the example n-grams are what the
    analyzers produce (char runs across the space, char_wb pads each word), and the two
    accuracies are the page's naive Bayes on its split."""
    namespace = run_page("unit2/sentiment.md")
    text = paragraph(page_text("unit2/sentiment.md"), '??? info "`analyzer=\\"char\\"`와')
    CountVectorizer = namespace["CountVectorizer"]

    def grams(analyzer):
        return CountVectorizer(analyzer=analyzer, ngram_range=(1, 3)).build_analyzer()("좀  별로")

    char, char_wb = grams("char"), grams("char_wb")
    assert {"좀 별", " 별로"} <= set(char) and not any("  " in g for g in char)  # spaces kept, runs squeezed
    assert {" 좀 ", " 별로", "별로 "} <= set(char_wb) and "좀 별" not in char_wb
    assert '`"char"`는 띄어쓰기도 글자 하나로 치고 단어 경계를 넘어 조각을 만듭니다("좀 별로" → "좀 별", " 별로"' in text
    assert '`"char_wb"`는 단어 안에서만, 단어 앞뒤에 공백을 하나씩 붙여 조각을 만듭니다("좀 별로" → " 좀 ", " 별로", "별로 "' in text

    accuracy = [namespace["nb_accuracy"](CountVectorizer(analyzer=a, ngram_range=(1, 3)))
                for a in ("char", "char_wb")]
    assert f"나이브 베이즈 정확도가 {accuracy[0]:.2f}와 {accuracy[1]:.2f}" in text, accuracy


def test_vanishing_gru_claims():
    """vanishing.md's GRU bullet: with the update gate's bias at 3 (or 5) the GRU's ‖∂h_T/∂h_(T−k)‖
    stays at or above the stated floor for every slider value of rho, and never exceeds √H."""
    namespace = run_page("unit4/vanishing.md")
    H = namespace["H"]

    def norms(rho: float, bias: float) -> np.ndarray:
        bx = np.zeros(3 * H)
        bx[H:2 * H] = bias
        return namespace["gru_jacobian_norms"](namespace["x"], namespace["h0"], namespace["Wx_gru"],
                                               rho * namespace["Q_gru"], bx, np.zeros(3 * H))

    text = paragraph(page_text("unit4/vanishing.md"), "- **GRU는 `forget_bias`")
    floors = re.search(r"3 이상이면 `rho`가\s*슬라이더의 어느 값이든 60단계 동안 ([\d.]+) 아래로 내려가지 않고, "
                       r"5면 ([\d.]+) 아래로도", text)
    assert floors, text
    rhos = slider_values("unit4/vanishing.md", "rho")
    biases = slider_values("unit4/vanishing.md", "forget_bias")
    for rho in rhos:
        for bias, floor in ((3.0, float(floors.group(1))), (5.0, float(floors.group(2)))):
            assert norms(rho, bias).min() >= floor, (rho, bias)
        for bias in biases:
            assert norms(rho, bias).max() <= np.sqrt(H) * (1 + 1e-12), (rho, bias)   # "넘지 않습니다"
    # the floors are tight to one decimal: at the slider's lowest rho they are reached
    assert norms(rhos[0], 3.0).min() < float(floors.group(1)) + 0.1


LONG_RANGE = "unit4/long-range.md"


def _grid_matches(measured: float, stated: float) -> bool:
    """A stated accuracy against a new measurement. Where a model learned (1.0) nothing can move it;
    at chance level a prediction sits near p = 0.5, where another BLAS's last bits may flip a few of
    the 500 test answers, so those entries are compared within 0.03 (the claims below stay exact)."""
    return measured == stated if stated == 1.0 else abs(measured - stated) <= 0.03


@pytest.mark.slow
def test_long_range_full_grid_is_what_the_page_code_measures():
    """long-range.md's FULL_GRID (75 trainings, CPython) is what long_range_accuracy gives, and the
    prose reads it right."""
    namespace = run_page(LONG_RANGE)
    grid, measure = namespace["FULL_GRID"], namespace["long_range_accuracy"]
    cells = {"RNN": "rnn", "LSTM": "lstm", "GRU": "gru"}
    for name, by_T in grid.items():
        assert sorted(by_T) == namespace["DISTANCES"] == [5, 10, 20, 40, 80]
        for T, stated in by_T.items():
            measured = [measure(cells[name], T, seed)[0] for seed in range(5)]
            assert all(_grid_matches(m, s) for m, s in zip(measured, stated)), (name, T, measured, stated)
    rnn, lstm, gru = grid["RNN"], grid["LSTM"], grid["GRU"]
    text = page_text(LONG_RANGE)
    # "RNN은 T = 20에서 갈라지고 T = 40부터 우연 수준": three of five seeds perfect at 20, all at chance from 40
    assert sum(v == 1.0 for v in rnn[20]) == 3 and max(rnn[20]) == 1.0 and min(rnn[20]) < 0.6
    chance = rnn[40] + rnn[80]
    assert f"다섯 시드 모두 {min(chance):.2f}~{max(chance):.2f}, 동전 던지기" in text
    assert all(all(v == 1.0 for v in lstm[T]) for T in (5, 10, 20, 40)) and max(lstm[80]) < 0.6
    assert f"$T = 80$에서 무너집니다**({min(lstm[80]):.2f}~{max(lstm[80]):.2f})" in text
    assert all(all(v == 1.0 for v in gru[T]) for T in gru)
    assert all(v == 1.0 for v in namespace["live"]["LSTM"]) and namespace["live"]["RNN"][1] < 0.6   # seed 0
    assert f"$T = 20$에서 이미 {namespace['live']['RNN'][1]:.2f}로 떨어져" in text


@pytest.mark.slow
def test_long_range_gate_bias_grid_is_what_the_page_code_measures():
    namespace = run_page(LONG_RANGE)
    measure = namespace["long_range_accuracy"]
    for (cell, bias, T), stated in namespace["GATE_BIAS_GRID"].items():
        measured = [measure(cell, T, seed, bias)[0] for seed in range(5)]
        assert all(_grid_matches(m, s) for m, s in zip(measured, stated)), (cell, bias, T, measured, stated)
    grid = namespace["GATE_BIAS_GRID"]
    assert max(grid[("lstm", 1.0, 40)]) < 0.6                             # "다섯 시드 모두 우연 수준"
    assert sum(v == 1.0 for v in grid[("gru", 0.0, 20)]) == 1             # "다섯 중 하나만 완벽하게"
    assert all(v == 1.0 for v in grid[("lstm", 5.0, 80)])
    # the products the prose quotes, σ(b)^k, to the digits it gives
    text = " ".join(page_text(LONG_RANGE).split())
    quoted = re.findall(r"\$\\sigma\((\d)\)\^\{(\d+)\} \\approx ([\d.]+)(?: \\times 10\^\{(-\d+)\})?\$", text)
    assert len(quoted) == 4, quoted
    for bias, k, mantissa, exponent in quoted:
        value = (1 / (1 + np.exp(-int(bias)))) ** int(k)
        stated = float(mantissa) * 10.0 ** int(exponent or 0)
        assert float(f"{value:.2g}") == stated, (bias, k, value, stated)


REVIEWS = "unit4/reviews.md"


@pytest.mark.slow
def test_reviews_seed_and_cross_validation_tables_are_what_the_page_code_measures():
    """reviews.md's SEEDS and CROSS_VALIDATION (25 trainings, CPython) are what its own seed_run and
    fold_accuracy give, within two reviews (another BLAS may move a review near p = 0.5), and the
    prose quotes their means and ranges."""
    namespace = run_page(REVIEWS)
    for cell, runs in namespace["SEEDS"].items():
        for seed, (accuracy, reversed_right) in enumerate(runs):
            measured = namespace["seed_run"](cell, seed)
            assert abs(measured[0] - accuracy) <= 0.021 and abs(measured[1] - reversed_right) <= 1, (cell, seed, measured)
    folds = namespace["stratified_kfold"](namespace["labels"], n_splits=5, seed=0)
    for name, values in namespace["CROSS_VALIDATION"].items():
        measured = [namespace["fold_accuracy"](name, tr, te) for tr, te in folds]
        tolerance = 0.0 if name == "nb" else 0.026                 # naive Bayes has no random start
        assert all(abs(m - v) <= tolerance + 1e-12 for m, v in zip(measured, values)), (name, measured, values)
    text = " ".join(page_text(REVIEWS).split())
    seeds, cv = namespace["SEEDS"], namespace["CROSS_VALIDATION"]
    lstm, gru = [a for a, _ in seeds["lstm"]], [a for a, _ in seeds["gru"]]
    assert f"LSTM은 시드에 따라 {min(lstm):.2f}~{max(lstm):.2f}(평균 {np.mean(lstm):.3f})" in text
    assert f"GRU는 {min(gru):.2f}~{max(gru):.2f}(평균 {np.mean(gru):.3f})" in text
    assert f"나이브 베이즈 {np.mean(cv['nb']):.3f}, LSTM {np.mean(cv['lstm']):.3f}, GRU {np.mean(cv['gru']):.3f}" in text
    every_fold = [v for values in cv.values() for v in values]
    assert f"폴드에 따라 {min(every_fold):g}에서 {max(every_fold):g}까지" in text
    rl, rg = [r for _, r in seeds["lstm"]], [r for _, r in seeds["gru"]]
    assert f"LSTM은 시드에 따라 {min(rl)}~{max(rl)}개(평균 {np.mean(rl):.1f}개), GRU는 {min(rg)}~{max(rg)}개(평균 {np.mean(rg):.1f}개)" in text
    assert f"(LSTM 평균 {np.mean(rl):.1f}개, GRU {np.mean(rg):.1f}개, 나이브 베이즈 4개)" in text
    assert f"(고정 분할 {np.mean(lstm):.3f}, {np.mean(gru):.3f} 대 {namespace['nb_accuracy']:.2f}; 교차 검증 " \
           f"{np.mean(cv['lstm']):.3f}, {np.mean(cv['gru']):.3f} 대 {np.mean(cv['nb']):.3f})" in text


def test_attention_page_prose():
    """attention.md: the one-character numbers of the training set, and how many more the model with
    attention gets right."""
    namespace = run_page("unit3/attention.md")
    one_character = sorted(int(n) for n in namespace["train_numbers"] if len(namespace["read_korean"](n)) == 1)
    text = " ".join(page_text("unit3/attention.md").split())
    listed = ", ".join(map(str, one_character))
    assert f"한 글자로 읽는 수는 {len(one_character)}개({listed})뿐" in text
    assert sum(n < 10 for n in one_character) == 6 and "그중 한 자리 수는 여섯 개" in text
    more = int(namespace["attentive_correct"].sum() - namespace["plain_correct"].sum())
    assert f"처음 보는 수도 {more}개를 더 맞힙니다" in text


def test_training_stacked_lstm_sentence():
    """training.md: the held-out perplexities the 2-layer paragraph quotes are the cell's, at 30 and 120."""
    namespace = run_page("unit4/training.md")
    one, two = namespace["curves"]["1층"], namespace["curves"]["2층"]
    text = " ".join(page_text("unit4/training.md").split())
    assert (f"30번에 1층 {one[0]:.1f}, 2층 {two[0]:.1f}였고, 120번에는 1층 {one[-1]:.1f}, 2층 {two[-1]:.1f}이었습니다"
            in text), (one, two)
    assert two[0] > 3 * one[0] and "30번에서는 2층의 혼잡도가 세 배가 넘습니다" in text
    assert f"({two[0]:.1f} → {two[-1]:.1f})" in text
    assert one[1] < 21 and "1층은 60번 무렵 이미 20 언저리에" in text
    sizes = {name: sum(p.size for p in params.values()) for name, params in namespace["stacks"].items()}
    assert round(sizes["2층"] / sizes["1층"] - 1, 1) == 0.4 and "파라미터가 40% 많은 모델" in text


def _stacked_long_run_table(text: str) -> dict[tuple[int, str], list[float]]:
    rows = re.findall(r"^\s*\| (\d) \| (\d층) \|((?: [\d.]+ \|){6})\s*$", text, re.M)
    return {(int(seed), name): [float(v) for v in values.split("|") if v.strip()] for seed, name, values in rows}


@pytest.mark.slow
def test_training_stacked_lstm_long_run_table():
    """training.md's table of 720 updates (seeds 0, 1, 2) is what the page's train_stacks gives, and
    the three bullets under it read it right."""
    namespace = run_page("unit4/training.md")
    text = page_text("unit4/training.md")
    table = _stacked_long_run_table(text)
    assert sorted(table) == [(s, n) for s in range(3) for n in ("1층", "2층")], table
    for seed in range(3):
        _, curves = namespace["train_stacks"](720, every=120, seed=seed, show=False)
        for name, measured in curves.items():
            # float32 over 720 updates: another BLAS's last bits may move a value a little
            assert np.allclose(measured, table[seed, name], atol=0.3), (seed, name, measured, table[seed, name])
    one = {s: table[s, "1층"] for s in range(3)}
    two = {s: table[s, "2층"] for s in range(3)}
    flat = " ".join(text.split())
    # "1층은 120번 무렵 가장 좋고, 그 뒤로는 나빠집니다(720번에 28~31)"
    assert all(int(np.argmin(one[s])) == 0 for s in range(3))
    last = [one[s][-1] for s in range(3)]
    assert f"(720번에 {int(min(last))}~{round(max(last))})" in flat, last
    # "2층은 240~360번에 가장 좋아지지만, 그 값(…)은 1층의 가장 좋은 값(…)과 비슷합니다"
    assert all(int(np.argmin(two[s])) in (1, 2) for s in range(3))
    best_two, best_one = [min(two[s]) for s in range(3)], [min(one[s]) for s in range(3)]
    assert f"그 값({min(best_two)}~{max(best_two)})은 1층의 가장 좋은 값({min(best_one)}~{max(best_one)})과 비슷합니다" in flat
    assert abs(np.mean(best_two) - np.mean(best_one)) < 1.0
    # "시드 0에서는 240번에 2층이 앞서지만(…) 시드 2에서는 그렇지 않습니다"
    assert two[0][1] < one[0][1] and f"(19.9 대 21.1)" in flat and (two[0][1], one[0][1]) == (19.9, 21.1)
    assert two[2][1] > one[2][1]
    # "720번에는 세 시드 모두 2층이 낮습니다"
    assert all(two[s][-1] < one[s][-1] for s in range(3))


def test_architectures_bidirectional_seed_table():
    """architectures.md: the table of the one-way and bidirectional taggers over seeds 0..4 is what the
    page's own training code gives (fresh weights of the page's shapes from np.random.default_rng(seed),
    batches from np.random.default_rng(seed + 2), as its cells draw them for seed 0)."""
    import contextlib
    import io

    namespace = run_page("unit3/architectures.md")
    text = page_text("unit3/architectures.md")
    rows = {name: re.search(rf"^\| {name} \|(.*)\|$", text, re.M) for name in ("한 방향", "양방향")}
    stated = {name: [float(v) for v in row.group(1).split("|")] for name, row in rows.items()}
    E, H, V = namespace["E_tag"], namespace["H_tag"], len(namespace["char_vocab"])
    test_ids, test_tags = namespace["test_ids"], namespace["test_tags"]
    for seed in range(5):
        for name, params, scores, loss_and_grads, blocks in [
                ("한 방향", namespace["tagger"], namespace["tag_scores"], namespace["tag_loss_and_grads"], [""]),
                ("양방향", namespace["bi"], namespace["bi_scores"], namespace["bi_loss_and_grads"], ["_f", "_b"])]:
            rng = np.random.default_rng(seed)
            fresh = {"W_embed": rng.standard_normal((V, E))}
            for block in blocks:
                fresh |= {f"Wx{block}": rng.standard_normal((E, H)) / np.sqrt(E),
                          f"Wh{block}": rng.standard_normal((H, H)) / np.sqrt(H), f"b{block}": np.zeros(H)}
            width = H * len(blocks)
            fresh |= {"W_out": rng.standard_normal((width, 2)) / np.sqrt(width), "b_out": np.zeros(2)}
            assert fresh.keys() == params.keys()
            params.update(fresh)
            batches = np.random.default_rng(seed + 2)
            with contextlib.redirect_stdout(io.StringIO()):
                namespace["train"](params, loss_and_grads, lambda: namespace["window_batch"](batches), steps=200)
            accuracy = np.mean(scores(test_ids[None, :])[0][0].argmax(axis=-1) == test_tags)
            assert abs(accuracy - stated[name][seed]) <= 0.0015, (name, seed, accuracy)   # one letter of 1,432
    for name in stated:
        assert f"{np.mean(stated[name][:5]):.3f}" == f"{stated[name][5]:.3f}", name
