"""nlplab.checking: the exercise checks and the Korean messages a learner reads."""

from __future__ import annotations

import numpy as np
import pytest

from nlplab.checking import (COMPARED, UNREADABLE, CheckFailed, PredictionUnreadable, check_array, check_equal,
                             check_gradient, check_prediction, check_scalar, read_prediction)

# The right answer of a 2x3 tanh layer, as an rnn_step_forward exercise would check it.
EXPECTED = np.tanh(np.linspace(-1.0, 1.0, 6).reshape(2, 3))


def message_of(check, *args, **kwargs) -> str:
    with pytest.raises(CheckFailed) as info:
        check(*args, **kwargs)
    return str(info.value)


def test_check_failed_is_an_assertion_error():
    # the page's runner reports an AssertionError's message as the learner's feedback
    assert issubclass(CheckFailed, AssertionError)


# --------------------------------------------------------------------------- check_array


def test_check_array_passes_right_answers():
    assert check_array("h_next", EXPECTED.copy(), EXPECTED) is True
    assert check_array("h_next", EXPECTED * (1 + 5e-8), EXPECTED) is True
    assert check_array("ids", np.array([1, 2], dtype=np.int32), np.array([1, 2])) is True
    assert check_array("empty", np.zeros((0, 3)), np.zeros((0, 3))) is True
    assert check_array("inf", np.array([np.inf, -np.inf]), np.array([np.inf, -np.inf])) is True
    assert check_array("nan", np.array([np.nan, 1.0]), np.array([np.nan, 1.0])) is True
    # expected given as a list: the answer may be a list too
    assert check_array("v", [1.0, 2.0], [1.0, 2.0]) is True


def test_check_array_shape_message():
    text = message_of(check_array, "h_next", EXPECTED.T.copy(), EXPECTED)
    assert text.startswith("`h_next`의 모양이 다릅니다: 기대 (2, 3), 받은 값 (3, 2)")
    assert "전치된 것 같습니다" in text
    text = message_of(check_array, "h_next", EXPECTED.reshape(6), EXPECTED)
    assert text == "`h_next`의 모양이 다릅니다: 기대 (2, 3), 받은 값 (6,) (원소 수는 같습니다: reshape이나 축의 순서를 확인하세요)"
    text = message_of(check_array, "h_next", EXPECTED[:1], EXPECTED)
    assert text == "`h_next`의 모양이 다릅니다: 기대 (2, 3), 받은 값 (1, 3)"


def test_check_array_value_message_names_first_index_and_count():
    actual = EXPECTED.copy()
    actual[1, 2] = 0.4599
    actual[1, 0] = 0.2
    text = message_of(check_array, "h_next", actual, EXPECTED)
    first_line = text.splitlines()[0]
    # row-major order: [1, 0] comes before [1, 2]
    assert first_line == "`h_next[1, 0]`의 값이 다릅니다: 기대 0.19737532, 받은 값 0.2 (6개 중 2개가 허용 오차 밖)"
    # a small array is shown whole, compactly
    assert text.splitlines()[1:] == [
        "기대:",
        "[[-0.761594, -0.53705 , -0.197375],",
        " [ 0.197375,  0.53705 ,  0.761594]]",
        "받은 값:",
        "[[-0.761594, -0.53705 , -0.197375],",
        " [ 0.2     ,  0.53705 ,  0.4599  ]]",
    ]


def test_check_array_shows_enough_digits_to_tell_values_apart():
    actual = EXPECTED.copy()
    actual[0, 1] *= 1 + 1e-9
    text = message_of(check_array, "h", actual, EXPECTED, rtol=1e-12, atol=0)
    first = text.splitlines()[0]
    # 8 significant digits would print -0.53704957 twice: a ninth tells them apart
    assert first.startswith("`h[0, 1]`의 값이 다릅니다: 기대 -0.537049567, 받은 값 -0.537049568 (")


def test_check_array_large_arrays_are_not_dumped():
    expected = np.arange(10_000, dtype=np.float64).reshape(100, 100)
    actual = expected.copy()
    actual[37, 41] = -1.0
    text = message_of(check_array, "W", actual, expected)
    assert text == "`W[37, 41]`의 값이 다릅니다: 기대 3741, 받은 값 -1 (10000개 중 1개가 허용 오차 밖)"


def test_check_array_dtype_kind():
    text = message_of(check_array, "h_next", np.zeros((2, 3), dtype=np.int64), EXPECTED)
    assert text.startswith("`h_next`의 자료형이 다릅니다: 기대 실수(float64), 받은 값 정수(int64)")
    assert "소수점 아래가 버려집니다" in text
    text = message_of(check_array, "mask", np.ones(3), np.ones(3, dtype=bool))
    assert text == "`mask`의 자료형이 다릅니다: 기대 불리언(bool), 받은 값 실수(float64)"
    text = message_of(check_array, "x", np.array(["a", "b"]), np.zeros(2))
    assert text.startswith("`x`의 자료형이 다릅니다: 기대 실수(float64), 받은 값 문자열(<U1)")


def test_check_array_float32_passes_unless_exact_dtype_is_asked():
    actual = EXPECTED.astype(np.float32)
    assert check_array("h_next", actual, EXPECTED) is True  # tolerance widened for float32
    text = message_of(check_array, "h_next", actual, EXPECTED, exact_dtype=True)
    assert text == "`h_next`의 자료형이 다릅니다: 기대 float64, 받은 값 float32"
    # an explicit rtol is kept as given, even for float32
    with pytest.raises(CheckFailed, match="허용 오차 밖"):
        check_array("h_next", actual, EXPECTED, rtol=1e-12, atol=0)


def test_check_array_nan_messages():
    actual = EXPECTED.copy()
    actual[0, 1] = np.nan
    text = message_of(check_array, "h_next", actual, EXPECTED)
    assert text.startswith("`h_next[0, 1]`의 값이 NaN입니다: 기대 -0.53704957 (NaN 위치가 다른 원소: 6개 중 1개)")
    assert "0으로 나누기" in text
    text = message_of(check_array, "h_next", EXPECTED, actual)
    assert text == "`h_next[0, 1]`의 값은 NaN이어야 합니다: 받은 값 -0.53704957 (NaN 위치가 다른 원소: 6개 중 1개)"


def test_check_array_type_and_none():
    text = message_of(check_array, "h_next", EXPECTED.tolist(), EXPECTED)
    assert text == "`h_next`의 타입이 다릅니다: 기대 NumPy 배열(np.ndarray), 받은 값 list. np.array(...)로 바꿔 보세요."
    assert message_of(check_array, "h_next", None, EXPECTED) == (
        "`h_next`의 값이 None입니다: 함수가 결과를 return 하는지 확인하세요."
    )
    text = message_of(check_array, "x", 3.0, EXPECTED)
    assert text == "`x`의 타입이 다릅니다: 기대 NumPy 배열(np.ndarray), 받은 값 float."


def test_check_array_integer_and_bool_values():
    text = message_of(check_array, "one_hot([0, 2], 3)", np.array([[1, 0, 0], [0, 1, 0]]), np.array([[1, 0, 0], [0, 0, 1]]))
    assert text.splitlines()[0] == "`one_hot([0, 2], 3)[1, 1]`의 값이 다릅니다: 기대 0, 받은 값 1 (6개 중 2개가 다름)"
    text = message_of(check_array, "mask", np.array([True, False]), np.array([True, True]))
    assert text.splitlines()[0] == "`mask[1]`의 값이 다릅니다: 기대 True, 받은 값 False (2개 중 1개가 다름)"


def test_check_array_zero_dimensional():
    assert check_array("s", np.float64(2.0), np.array(2.0)) is True
    text = message_of(check_array, "s", np.array(2.5), np.array(2.0))
    assert text == "`s`의 값이 다릅니다: 기대 2, 받은 값 2.5 (1개 중 1개가 허용 오차 밖)"


def test_check_array_ragged_list():
    text = message_of(check_array, "x", [[1.0, 2.0], [3.0]], [[1.0, 2.0], [3.0, 4.0]])
    assert text == "`x`의 값을 배열로 바꿀 수 없습니다: 행마다 길이가 다른 것 같습니다."


# --------------------------------------------------------------------------- check_scalar


def test_check_scalar():
    loss = float(np.log(2))
    assert check_scalar("loss", loss, loss) is True
    assert check_scalar("loss", np.float64(loss) * (1 + 5e-8), loss) is True
    assert check_scalar("loss", np.array(loss), loss) is True
    assert check_scalar("loss", np.float32(loss), loss) is True
    assert check_scalar("n", 3, 3) is True
    assert check_scalar("nan", float("nan"), float("nan")) is True
    assert message_of(check_scalar, "loss", 0.6931, loss) == (
        "`loss`의 값이 다릅니다: 기대 0.69314718, 받은 값 0.6931 (허용 오차 rtol=1e-07, atol=1e-09)"
    )
    assert message_of(check_scalar, "loss", np.array([loss]), loss) == (
        "`loss`의 타입이 다릅니다: 기대 숫자 하나(스칼라), 받은 값 모양 (1,)인 배열"
    )
    assert message_of(check_scalar, "loss", "0.69", loss) == "`loss`의 타입이 다릅니다: 기대 숫자, 받은 값 str ('0.69')"
    assert message_of(check_scalar, "loss", True, 1.0).startswith("`loss`의 타입이 다릅니다")
    assert message_of(check_scalar, "loss", float("nan"), loss).startswith("`loss`의 값이 NaN입니다: 기대 0.69314718.")
    assert message_of(check_scalar, "loss", 0.5, float("nan")) == "`loss`의 값은 NaN이어야 합니다: 받은 값 0.5"
    assert message_of(check_scalar, "loss", None, loss).startswith("`loss`의 값이 None입니다")
    # a looser tolerance when asked
    assert check_scalar("p", 0.6667, 2 / 3, rtol=1e-3) is True


# --------------------------------------------------------------------------- check_equal


def test_check_equal_passes_equal_values():
    assert check_equal("n", 3, 3) is True
    assert check_equal("n", np.int64(3), 3) is True
    assert check_equal("tokens", ("나", "는"), ["나", "는"]) is True
    assert check_equal("vocab", {"밥": 2, "오늘": 3}, {"오늘": 3, "밥": 2}) is True
    assert check_equal("p", {"높음": 2 / 3}, {"높음": 0.6666666666666666}) is True
    assert check_equal("s", {1, 2}, {2, 1}) is True
    assert check_equal("flag", True, True) is True
    assert check_equal("nothing", None, None) is True
    # get_dummies' (matrix, categories): arrays inside go through check_array
    assert check_equal("result", (np.array([[1, 0]]), ["부산", "서울"]), (np.array([[1, 0]]), ["부산", "서울"])) is True


def test_check_equal_messages():
    assert message_of(check_equal, "tokens", ["오늘", "은", "밥"], ["오늘", "은", "밥을"]) == (
        "`tokens[2]`의 값이 다릅니다: 기대 '밥을', 받은 값 '밥' (2번째 글자부터 다름)"
    )
    assert message_of(check_equal, "tokens", ["오늘"], ["오늘", "은"]) == "`tokens`의 길이가 다릅니다: 기대 2, 받은 값 1"
    assert message_of(check_equal, "vocab", {"밥": 2}, {"밥": 2, "은": 4}) == (
        "`vocab`에 없는 키가 있습니다: '은' (기대 키 2개, 받은 키 1개)"
    )
    assert message_of(check_equal, "vocab", {"밥": 2, "이": 5}, {"밥": 2}) == (
        "`vocab`에 기대하지 않은 키가 있습니다: '이' (기대 키 1개, 받은 키 2개)"
    )
    assert message_of(check_equal, "vocab", {"오늘": 4}, {"오늘": 3}) == "`vocab['오늘']`의 값이 다릅니다: 기대 3, 받은 값 4"
    assert message_of(check_equal, "n", 3.0, 3) == "`n`의 타입이 다릅니다: 기대 정수(int), 받은 값 float (3.0)"
    assert message_of(check_equal, "n", True, 1).startswith("`n`의 타입이 다릅니다: 기대 정수(int), 받은 값 bool")
    assert message_of(check_equal, "word", "서울", "부산") == "`word`의 값이 다릅니다: 기대 '부산', 받은 값 '서울' (첫 글자부터 다름)"
    assert message_of(check_equal, "s", {1, 2}, {1, 3}) == "`s`의 원소가 다릅니다: 빠진 원소 3; 더 있는 원소 2"
    assert message_of(check_equal, "d", [1, 2], {"a": 1}) == "`d`의 타입이 다릅니다: 기대 dict, 받은 값 list"
    assert message_of(check_equal, "x", "3", 3).startswith("`x`의 타입이 다릅니다: 기대 정수(int), 받은 값 str")
    assert message_of(check_equal, "x", None, [1]).startswith("`x`의 값이 None입니다")
    text = message_of(check_equal, "result", (np.array([[1, 0]]), ["서울", "부산"]), (np.array([[1, 0]]), ["부산", "서울"]))
    assert text.startswith("`result[1][0]`의 값이 다릅니다: 기대 '부산', 받은 값 '서울'")
    text = message_of(check_equal, "result", (np.array([[1, 1]]), []), (np.array([[1, 0]]), []))
    assert text.startswith("`result[0][0, 1]`의 값이 다릅니다: 기대 0, 받은 값 1")


def test_check_equal_long_values_are_cut():
    text = message_of(check_equal, "doc", "가" * 500, "가" * 499 + "나")
    assert len(text) < 300 and "…" in text and "(500번째 글자부터 다름)" in text


# --------------------------------------------------------------------------- check_gradient


def _tanh_layer(rng):
    x = rng.standard_normal((3, 4))
    W = rng.standard_normal((4, 2))
    dout = rng.standard_normal((3, 2))
    # out = tanh(x W); dW = x^T (dout * (1 - out^2))
    out = np.tanh(x @ W)
    dW = x.T @ (dout * (1 - out**2))
    return x, W, dout, dW


def test_check_gradient_accepts_a_right_gradient(rng):
    x, W, dout, dW = _tanh_layer(rng)
    before = W.copy()
    assert check_gradient(lambda: np.tanh(x @ W), W, dW, df=dout, name="dW") is True
    assert np.array_equal(W, before)  # nudged in place, then restored
    # a scalar loss: no df
    assert check_gradient(lambda: np.sum(W**2), W, 2 * W, name="dW") is True


def test_check_gradient_names_the_worst_entry(rng):
    x, W, dout, dW = _tanh_layer(rng)
    wrong = dW.copy()
    wrong[2, 1] += 0.5
    text = message_of(check_gradient, lambda: np.tanh(x @ W), W, wrong, df=dout, name="dW")
    assert text.startswith("`dW`의 값이 수치 미분과 다릅니다: 상대 오차 ")
    assert "(허용 1e-07). 가장 크게 다른 곳 `dW[2, 1]`: 수치 미분 " in text
    # forgetting the tanh derivative (1 - out^2) is caught too
    text = message_of(check_gradient, lambda: np.tanh(x @ W), W, x.T @ dout, df=dout, name="dW")
    assert "수치 미분과 다릅니다" in text


def test_check_gradient_shape_type_and_nan(rng):
    x, W, dout, dW = _tanh_layer(rng)
    text = message_of(check_gradient, lambda: np.tanh(x @ W), W, dW.T, df=dout, name="dW")
    assert text.startswith("`dW`의 모양이 다릅니다: 기대 (4, 2) (미분하는 변수와 같은 모양), 받은 값 (2, 4)")
    assert message_of(check_gradient, lambda: 0.0, W, None, name="dW").startswith("`dW`의 값이 None입니다")
    assert message_of(check_gradient, lambda: 0.0, W, dW.tolist(), name="dW") == (
        "`dW`의 타입이 다릅니다: 기대 NumPy 배열(np.ndarray), 받은 값 list"
    )
    bad = dW.copy()
    bad[1, 0] = np.nan
    text = message_of(check_gradient, lambda: np.tanh(x @ W), W, bad, df=dout, name="dW")
    assert text.startswith("`dW[1, 0]`의 값이 NaN입니다: 수치 미분 ")


# --------------------------------------------------------------------------- predictions


@pytest.mark.parametrize(("actual", "typed", "atol"), [
    ((2, 3, 4), "(2, 3, 4)", None),
    ((2, 3, 4), " [2, 3, 4] ", None),                  # a list predicts a shape as well
    (np.float64(0.5), "0.5", None),
    (np.float64(0.7311), "0.73", 0.01),
    (np.int64(34), "34", None),
    (np.int64(34), "34.0", None),                      # a number predicts a number
    (0.0, "0", None),
    (np.array([[1.0, 0.0], [0.0, 1.0]]), "[[1, 0], [0, 1]]", None),   # integers predict a float array
    (np.str_("국"), "'국'", None),
    ("국", "국", None),                                # bare text predicts a string
    (["먹었다", "밥을"], "['먹었다', '밥을']", None),
    (True, "True", None),
])
def test_check_prediction_accepts_a_right_prediction(actual, typed, atol):
    assert check_prediction("value", actual, typed, atol=atol) is True


@pytest.mark.parametrize(("actual", "typed", "atol", "says"), [
    ((2, 6), "(6, 2)", None, "`y.shape[0]`의 값이 다릅니다: 기대 2, 받은 값 6"),
    ((2, 6), "(2, 6, 1)", None, "길이가 다릅니다: 기대 2, 받은 값 3"),
    (np.float64(0.7311), "0.75", 0.01, "기대 0.7311, 받은 값 0.75"),
    (np.float64(0.5), "0.5000001", None, "허용 오차"),
    (np.array([1.0, 2.0]), "[1.0, 2.0, 3.0]", None, "모양이 다릅니다: 기대 (2,), 받은 값 (3,)"),
    (["먹었다", "밥을"], "['먹었다', '밥', '밥을']", None, "길이가 다릅니다"),
    ("국", "'한'", None, "기대 '국', 받은 값 '한'"),
])
def test_check_prediction_says_what_the_cell_computed(actual, typed, atol, says):
    with pytest.raises(CheckFailed) as failed:
        check_prediction("y.shape", actual, typed, atol=atol)
    message = str(failed.value)
    assert not isinstance(failed.value, PredictionUnreadable)
    assert message.startswith(COMPARED + " `y.shape`: ")
    assert f"\n예측: {typed.strip()}\n" in message
    assert says in message


@pytest.mark.parametrize("typed", ["", "   ", "(2, 3", "두 개", "np.zeros(3)"])
def test_an_unreadable_prediction_says_how_to_write_one(typed):
    with pytest.raises(PredictionUnreadable) as failed:
        read_prediction(typed, (2, 3))
    assert str(failed.value).startswith(UNREADABLE)
    assert "(2, 3, 4)" in str(failed.value), "an example of what to write"
    with pytest.raises(PredictionUnreadable):
        check_prediction("x", (2, 3), typed)


def test_check_prediction_refuses_a_negative_tolerance():
    with pytest.raises(ValueError):
        check_prediction("x", 0.5, "0.5", atol=-1.0)
