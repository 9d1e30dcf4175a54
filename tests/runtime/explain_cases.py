"""The mistakes learners of this course make, each with the Korean explanation it must get.

One list for both runs: natively (tests/runtime/test_explain.py, through nl_running.run_cell as
the worker calls it) and in Chromium on the playground (tests/browser/test_error_explanations.py).
Every case's code fails (the browser runs them one after another in one namespace, so no case
may rely on a name being undefined that another case defines); `parts` are the explanation's paragraphs and code blocks, in order, with
"{intp}" standing for NumPy's index integer type where the code runs (int64 on a 64-bit computer,
int32 in the browser's WebAssembly Python).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    id: str
    code: str
    error: str
    parts: tuple[str, ...]
    # Runs only where np.intp is int32 (the browser): on a 64-bit computer this code works.
    browser_only: bool = False

    def expected(self, intp: str) -> list[str]:
        return [part.replace("{intp}", intp) for part in self.parts]


MATMUL_NOTE = ("다만 모양만 맞춘다고 옳은 식이 되지는 않습니다. 이 강의는 행벡터 관례(h W)를 따르니, 수식에서 "
               "어느 쪽이 전치되어야 하는지 확인하세요.")
MATMUL_RULE = "A @ B를 계산하려면 A의 마지막 축과 B의 끝에서 두 번째 축의 길이가 같아야 합니다. "

CASES = [
    Case("matmul-transpose", """\
h = np.ones((2, 3))          # (N, D)
Wx = np.ones((5, 3))         # (H, D): torch's weight_ih, not yet transposed
a = h @ Wx
""", "ValueError", (
        "h @ Wx: 행렬 곱에서 안쪽 축의 길이가 맞지 않습니다.",
        "h.shape = (2, 3)\nWx.shape = (5, 3)",
        MATMUL_RULE + "그런데 h의 1번 축은 길이가 3이고, Wx의 0번 축은 길이가 5입니다.",
        "Wx.T의 모양은 (3, 5)이므로 h @ Wx.T로 쓰면 곱할 수 있고, 결과의 모양은 (2, 5)입니다. " + MATMUL_NOTE,
    )),
    Case("matmul-in-a-function", """\
Wh = np.ones((4, 4))
def step(h):
    return np.tanh(h @ Wh)
step(np.ones((2, 3)))
""", "ValueError", (
        "h @ Wh: 행렬 곱에서 안쪽 축의 길이가 맞지 않습니다.",
        "h.shape = (2, 3)\nWh.shape = (4, 4)",
        MATMUL_RULE + "그런데 h의 1번 축은 길이가 3이고, Wh의 0번 축은 길이가 4입니다.",
        "전치(.T)나 곱하는 순서를 바꾸어서는 맞출 수 없습니다. 두 배열을 만든 코드에서 모양을 다시 확인하세요.",
    )),
    Case("matmul-of-an-expression", """\
x = np.ones((2, 3))
y = x @ np.ones((4, 5))
""", "ValueError", (
        "x @ np.ones((4, 5)): 행렬 곱에서 안쪽 축의 길이가 맞지 않습니다.",
        "x.shape = (2, 3)",
        MATMUL_RULE + "그런데 x의 1번 축은 길이가 3이고, np.ones((4, 5))의 끝에서 두 번째 축은 길이가 4입니다.",
    )),
    Case("attention-scores", """\
q = np.ones((2, 5, 4))       # (N, T, H)
k = np.ones((2, 5, 4))
scores = q @ k
""", "ValueError", (
        "q @ k: 행렬 곱에서 안쪽 축의 길이가 맞지 않습니다.",
        "q.shape = (2, 5, 4)\nk.shape = (2, 5, 4)",
        MATMUL_RULE + "그런데 q의 2번 축은 길이가 4이고, k의 1번 축은 길이가 5입니다.",
        "k.swapaxes(-1, -2)의 모양은 (2, 4, 5)이므로 q @ k.swapaxes(-1, -2)로 쓰면 곱할 수 있고, 결과의 모양은 "
        "(2, 5, 5)입니다. " + MATMUL_NOTE,
    )),
    Case("matmul-by-a-number", """\
W = np.ones((3, 3))
W @ 0.5
""", "ValueError", (
        "@(np.matmul)는 배열과 배열의 행렬 곱이라서 수(스칼라)를 곱할 수 없습니다. 배열의 원소마다 수를 곱하려면 "
        "*를 쓰세요.",
    )),
    Case("broadcast-row-means", """\
X = np.ones((4, 3))
Xc = X - X.mean(axis=1)
""", "ValueError", (
        "두 배열의 모양을 브로드캐스팅으로 맞출 수 없습니다. 브로드캐스팅은 두 모양을 오른쪽 끝부터 맞대어 보고, "
        "축마다 길이가 같거나 한쪽이 1이어야 합니다.",
        "X               4 3\nX.mean(axis=1)    4\n                  ^",
        "끝에서 1번째 축의 길이가 맞지 않습니다. X의 1번 축은 3, X.mean(axis=1)의 0번 축은 4입니다.",
        "X.mean(axis=1)의 값이 X의 행마다 하나씩이라면, X.mean(axis=1)[:, None]처럼 써서 모양이 (4, 1)인 열 "
        "벡터를 만드세요. 그러면 X의 모양 (4, 3)에 맞춰 브로드캐스팅됩니다.",
    )),
    Case("broadcast-3d", """\
scores = np.ones((2, 5, 5))
mask = np.ones((2, 4))
scores * mask
""", "ValueError", (
        "두 배열의 모양을 브로드캐스팅으로 맞출 수 없습니다. 브로드캐스팅은 두 모양을 오른쪽 끝부터 맞대어 보고, "
        "축마다 길이가 같거나 한쪽이 1이어야 합니다.",
        "scores  2 5 5\nmask      2 4\n            ^",
        "끝에서 1번째 축의 길이가 맞지 않습니다. scores의 2번 축은 5, mask의 1번 축은 4입니다.",
    )),
    Case("broadcast-in-place", """\
h = np.zeros((2, 3))         # (N, H)
b = np.ones(2)
h += b
""", "ValueError", (
        "두 배열의 모양을 브로드캐스팅으로 맞출 수 없습니다. 브로드캐스팅은 두 모양을 오른쪽 끝부터 맞대어 보고, "
        "축마다 길이가 같거나 한쪽이 1이어야 합니다.",
        "h  2 3\nb    2\n     ^",
        "끝에서 1번째 축의 길이가 맞지 않습니다. h의 1번 축은 3, b의 0번 축은 2입니다.",
        "b의 값이 h의 행마다 하나씩이라면, b[:, None]처럼 써서 모양이 (2, 1)인 열 벡터를 만드세요. 그러면 h의 모양 "
        "(2, 3)에 맞춰 브로드캐스팅됩니다.",
    )),
    Case("index-out-of-range", """\
W = np.ones((5, 3))          # 5 words in the vocabulary
ids = np.array([0, 2, 7])
W[ids]
""", "IndexError", (
        "W의 모양은 (5, 3)이고, 0번 축의 길이는 5이므로 이 축에 쓸 수 있는 인덱스는 0부터 4까지(뒤에서 세면 "
        "-5부터 -1까지)입니다. 그런데 인덱스 7을 썼습니다.",
        "인덱스 ids에 든 값 가운데 7이 이 범위를 벗어납니다.",
    )),
    Case("index-second-axis", """\
h = np.zeros((2, 7, 4))      # (N, T, H)
h[:, 7]
""", "IndexError", (
        "h의 모양은 (2, 7, 4)이고, 1번 축의 길이는 7이므로 이 축에 쓸 수 있는 인덱스는 0부터 6까지(뒤에서 세면 "
        "-7부터 -1까지)입니다. 그런데 인덱스 7을 썼습니다.",
    )),
    Case("list-index", """\
tokens = ["자연어", "처리", "심화"]
tokens[3]
""", "IndexError", (
        "리스트 tokens의 길이는 3이므로 쓸 수 있는 인덱스는 0부터 2까지(뒤에서 세면 -3부터 -1까지)입니다. "
        "그런데 인덱스 3을 썼습니다.",
    )),
    Case("reshape-count", """\
x = np.arange(12)
x.reshape(5, 3)
""", "ValueError", (
        "x의 모양은 (12,)로 원소가 12개입니다. 이 배열을 모양 (5, 3)으로 바꿀 수 없습니다. 이 모양에는 원소가 "
        "15개 필요합니다. reshape는 원소의 개수를 바꾸지 않으므로, 모든 축의 길이를 곱한 값이 12와 같아야 합니다.",
    )),
    Case("reshape-minus-one", """\
x = np.arange(12).reshape(3, 4)
np.reshape(x, (5, -1))
""", "ValueError", (
        "x의 모양은 (3, 4)로 원소가 12개입니다. 이 배열을 모양 (5, -1)로 바꿀 수 없습니다. -1을 뺀 나머지 "
        "축의 길이를 곱하면 5인데, 12는 5로 나누어떨어지지 않으므로 -1 자리의 길이를 정할 수 없습니다.",
    )),
    Case("concatenate-axis", """\
a = np.ones((2, 3))
b = np.ones((2, 4))
np.concatenate([a, b])
""", "ValueError", (
        "np.concatenate는 한 축을 따라 배열을 이어 붙이므로, 그 축을 뺀 나머지 축의 길이가 모두 같아야 합니다. "
        "그런데 1번 축의 길이가 a(모양 (2, 3))에서는 3, b(모양 (2, 4))에서는 4입니다.",
        "1번 축을 따라 이어 붙이려던 것이라면 np.concatenate([a, b], axis=1)로 쓰세요.",
    )),
    Case("concatenate-ndim", """\
H = np.ones((2, 3))
h_last = np.ones(3)
np.concatenate([H, h_last])
""", "ValueError", (
        "np.concatenate는 차원 수가 같은 배열만 이어 붙입니다. 그런데 H(모양 (2, 3))는 2차원, h_last(모양 (3,))는 "
        "1차원입니다. 차원이 모자란 배열에 x[None, :]나 x[:, None]처럼 축을 더해 차원 수를 맞추세요.",
    )),
    Case("stack-shapes", """\
h1 = np.ones((2, 3))
h2 = np.ones((2, 4))
np.stack([h1, h2])
""", "ValueError", (
        "np.stack은 배열들을 새 축으로 쌓으므로 모든 배열의 모양이 같아야 합니다. 넘긴 배열의 모양은 h1 (2, 3), "
        "h2 (2, 4)입니다.",
    )),
    Case("bincount-float", """\
labels = np.array([0.0, 1.0, 1.0])
np.bincount(labels)
""", "TypeError", (
        "np.bincount는 넘겨받은 배열을 정수형 {intp}로 바꾸어 쓰는데, labels의 dtype은 float64입니다. float64를 "
        "{intp}로 바꾸면 값이 달라질 수 있어서 NumPy는 저절로 바꾸지 않습니다.",
        "labels.astype(np.intp)처럼 바꾸어 넘기세요. 실수를 정수로 바꾸면 소수점 아래가 버려지니, 값이 정말 "
        "정수인지 먼저 확인하세요.",
    )),
    Case("bincount-int64", """\
labels = np.array([0, 1, 1], dtype=np.int64)
np.bincount(labels)
""", "TypeError", (
        "np.bincount는 넘겨받은 배열을 정수형 int32로 바꾸어 쓰는데, labels의 dtype은 int64입니다. int64를 "
        "int32로 바꾸면 값이 달라질 수 있어서 NumPy는 저절로 바꾸지 않습니다.",
        "브라우저 안의 이 Python(WebAssembly)은 32비트라서 NumPy의 인덱스용 정수형 np.intp가 int32입니다. 64비트 "
        "컴퓨터의 Python에서는 np.intp가 int64라서 같은 코드가 오류 없이 돌아갑니다.",
        "labels.astype(np.intp)처럼 바꾸어 넘기세요.",
    ), browser_only=True),
    Case("inplace-divide", """\
counts = np.arange(4)
counts /= counts.sum()
""", "UFuncTypeError", (
        "counts는 {intp} 배열이어서 counts /= counts.sum()의 결과(float64)를 제자리에 담을 수 없습니다. "
        "counts = counts / counts.sum()처럼 새 배열을 만들거나, 처음부터 실수 배열(dtype=float)로 만드세요.",
        "정수 몫을 원했다면 counts //= counts.sum()을 쓰세요.",
    )),
    Case("negative-power", """\
n = np.arange(1, 4)
n ** -1
""", "ValueError", (
        "n은 정수 배열이라서 n ** -1처럼 음의 정수로 거듭제곱할 수 없습니다(결과가 정수가 아니므로). n ** -1.0이나 "
        "1 / n처럼 실수로 계산하세요.",
    )),
    Case("float-shape", """\
T = 5
np.zeros(T / 2)
""", "TypeError", (
        "np.zeros(T / 2): 정수가 필요한 자리(배열의 모양, range의 인자 같은 곳)에 실수가 들어갔습니다. 나눗셈 /의 "
        "결과는 나누어떨어지더라도 언제나 실수입니다. 몫이 필요하면 //를 쓰거나 int(...)로 바꾸세요.",
    )),
    Case("name-defined-further-down", """\
z_t = np.tanh(x_t @ W_z)
x_t = np.ones((2, 3))
W_z = np.ones((3, 4))
""", "NameError", (
        "x_t는 이 셀의 2번째 줄에서 처음 정의하는데, 그보다 앞인 1번째 줄에서 먼저 썼습니다. 코드는 위에서 아래로 "
        "차례로 실행되니, 정의하는 줄을 쓰는 줄보다 위로 옮기세요.",
    )),
    Case("float-index", """\
x = np.arange(6)
middle = len(x) / 2
x[middle]
""", "IndexError", (
        "x[middle]: 인덱스 middle의 자료형이 float입니다. 배열의 인덱스는 정수, 정수 배열, 불리언 배열, 슬라이스만 "
        "쓸 수 있습니다. 나눗셈 /의 결과라면 //를 쓰고, 실수 배열이라면 .astype(int)로 바꾸세요.",
    )),
]

# A NameError for a name a cell above defines, as on the playground (docs/playground.md): its
# cell 2 ("second") uses x, which cell 1 ("first") defines; cell 2 is run first.
NAME_ABOVE = [{"number": "1", "code": 'x = np.arange(5)\nprint("x =", x)\nx.sum()\n'}]
NAME_CODE = 'y = x * 2\nprint("y =", y)\n'
NAME_PARTS = (
    "x는 위의 셀 1에서 정의하는데, 지금 Python에는 아직 없습니다. 그 셀을 아직 실행하지 않았거나, 실행하다 "
    "오류로 멈췄거나, Python을 다시 시작한 뒤 다시 실행하지 않았기 때문입니다. '위 셀 모두 실행'을 누르면 위의 "
    "셀들이 차례로 실행됩니다. 그다음 이 셀을 다시 실행하세요.",
)
