"""A Korean explanation, under the traceback, of the errors learners of this course actually hit.

`explain(exc, tb, above)` looks at the expression that failed (the instruction's source position
in the learner's innermost frame, found in the cell's syntax tree) and names the learner's own
arrays and their shapes: a matmul whose inner axes differ (and the transpose that would fit),
shapes that do not broadcast (aligned from the right), an index out of range, an impossible
reshape, a concatenation of mismatched shapes, integer/float dtype surprises, and a NameError for
a name that a cell above defines (the page then offers "위 셀 모두 실행") or that this cell defines
further down.

It is pure Python with only the standard library (NumPy's messages and the operands' `.shape` are
all it needs), tested natively (tests/runtime) and in the page
(tests/browser/test_error_explanations.py). It never raises: a failure is written to the console
and the traceback stays as it is.
"""

from __future__ import annotations

import ast
import linecache
import re
import sys

# An explanation: paragraphs of text, and lines of code (shapes aligned) kept as written.
Part = dict


def text(value: str) -> Part:
    return {"text": value, "code": False}


def code(value: str) -> Part:
    return {"text": value, "code": True}


# --------------------------------------------------------------------------- reading the frame

PLAIN_NODES = (ast.Expression, ast.Constant, ast.Name, ast.Load, ast.Tuple, ast.List,
               ast.BinOp, ast.UnaryOp, ast.operator, ast.unaryop, ast.Attribute, ast.Subscript,
               ast.Slice)
# What an explanation may evaluate again to learn an operand's value: names, attributes, indexing
# with plain values. No calls, and no arithmetic that could redo an expensive product.
OPERAND_NODES = (ast.Expression, ast.Constant, ast.Name, ast.Load, ast.Tuple, ast.Attribute,
                 ast.Subscript, ast.Slice, ast.UnaryOp, ast.USub)


def eval_plain(node: ast.AST, frame, allowed=PLAIN_NODES):
    """Evaluate an expression of the learner's in their frame, if it is made of `allowed` nodes only."""
    tree = ast.Expression(node)
    if not all(isinstance(n, allowed) for n in ast.walk(tree)):
        raise ValueError("not a plain expression")
    compiled = compile(ast.fix_missing_locations(tree), "<explain>", "eval")
    names = {"__builtins__": {"int": int, "float": float, "bool": bool, "complex": complex}}
    return eval(compiled, {**frame.f_globals, **names}, dict(frame.f_locals))


class Failure:
    """The exception, its message, and where it happened: the frame and the failing expression."""

    def __init__(self, exc: BaseException, tb, above):
        self.exc = exc
        self.message = str(exc)
        self.above = above or []
        self.frame = tb.tb_frame if tb is not None else None
        self.line = tb.tb_lineno if tb is not None else None
        self.node = _failing_node(tb) if tb is not None else None

    def source(self, node: ast.AST) -> str:
        return ast.unparse(node)

    def value(self, node: ast.AST):
        """An operand's value, or None when it is not a plain expression (or cannot be read)."""
        if self.frame is None or node is None:
            return None
        try:
            return eval_plain(node, self.frame, OPERAND_NODES)
        except Exception:   # noqa: BLE001 - not plain, or raises again: no value
            return None

    def shape(self, node: ast.AST):
        value = self.value(node)
        shape = getattr(value, "shape", None)
        return tuple(shape) if isinstance(shape, tuple) else None

    def call(self, *names: str) -> ast.Call | None:
        """The failing expression when it is a call of one of `names` (np.concatenate, x.reshape)."""
        node = self.node
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name in names:
                return node
        return None


def _failing_node(tb) -> ast.AST | None:
    """The expression the failing instruction belongs to, found by its exact source position."""
    frame = tb.tb_frame
    if tb.tb_lasti < 0:
        return None
    start, end, col, end_col = list(frame.f_code.co_positions())[tb.tb_lasti // 2]
    if None in (start, end, col, end_col):
        return None
    source = "".join(linecache.getlines(frame.f_code.co_filename))
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    found = None
    for node in ast.walk(tree):
        if (getattr(node, "lineno", None), getattr(node, "end_lineno", None),
                getattr(node, "col_offset", None), getattr(node, "end_col_offset", None)) == (
                start, end, col, end_col):
            if found is None or isinstance(node, ast.expr):
                found = node
    return found


def shape_text(shape) -> str:
    return "(" + ", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"


def _parse_shape(text_: str) -> tuple:
    return tuple(int(n) for n in re.findall(r"-?\d+", text_))


# --------------------------------------------------------------------------- Korean particles

# Whether a word, read aloud in Korean, ends in a final consonant (받침): "" none, "ㄹ", "x" other.
# Digits as read (일 이 삼 사 오 육 칠 팔 구; 0 ends 영, 십, 백, 천, 만); a lone Latin letter as
# spelled (엘, 엠, 엔, 알); an English word as Korean writes it: -m, -n (섬, 토큰), -ng, -ck (임베딩,
# 스택), -l (모델); other endings have none (벡터, 마스크, 리셰이프).
_DIGIT_FINAL = {"0": "x", "1": "ㄹ", "3": "x", "6": "x", "7": "ㄹ", "8": "ㄹ"}
_LETTER_FINAL = {"l": "ㄹ", "r": "ㄹ", "m": "x", "n": "x"}


def _final(word: str) -> str:
    stripped = re.sub(r"[^0-9A-Za-z가-힣]+$", "", word)
    if not stripped:
        return ""
    last = stripped[-1]
    if "가" <= last <= "힣":
        jong = (ord(last) - 0xAC00) % 28
        return "" if jong == 0 else ("ㄹ" if jong == 8 else "x")
    if last.isdigit():
        return _DIGIT_FINAL.get(last, "")
    word = re.search(r"[A-Za-z]+$", stripped).group(0).lower()
    if len(word) == 1:
        return _LETTER_FINAL.get(word, "")
    if word.endswith(("ng", "ck", "m", "n")):
        return "x"
    return "ㄹ" if word.endswith("l") else ""


def josa(word, pair: str, gloss: str = "") -> str:
    """`word` with the particle that fits it: josa("W", "은/는") is "W는", josa(3, "을/를") "3을".
    A `gloss` in parentheses goes between them and does not change the particle: "H(모양 (2, 3))는"."""
    word = str(word)
    final = _final(word)
    if pair == "으로/로":
        return word + gloss + ("로" if final in ("", "ㄹ") else "으로")
    with_final, without = pair.split("/")
    return word + gloss + (with_final if final else without)


# --------------------------------------------------------------------------- matmul


def _matmul_result(a: tuple, b: tuple) -> tuple | None:
    """The shape of a @ b, or None when the inner axes differ (NumPy's rules, batch axes broadcast)."""
    if not a or not b:
        return None
    a2 = (1,) + a if len(a) == 1 else a
    b2 = b + (1,) if len(b) == 1 else b
    if a2[-1] != b2[-2]:
        return None
    batch = _broadcast(a2[:-2], b2[:-2])
    if batch is None:
        return None
    out = batch + (a2[-2],) + (b2[-1],)
    if len(a) == 1:
        out = out[:-2] + out[-1:]
    if len(b) == 1:
        out = out[:-1]
    return out


def _broadcast(*shapes) -> tuple | None:
    width = max((len(s) for s in shapes), default=0)
    out = []
    for axis in range(-width, 0):
        sizes = {s[axis] for s in shapes if len(s) >= -axis} - {1}
        if len(sizes) > 1:
            return None
        out.append(sizes.pop() if sizes else 1)
    return tuple(out)


def _matmul_operands(f: Failure):
    node = f.node
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
        return node.left, node.right
    call = f.call("matmul", "dot")
    if call is not None and len(call.args) == 2:
        return call.args[0], call.args[1]
    return None


def _matmul(f: Failure):
    m = re.match(r"matmul: Input operand (\d) has a mismatch in its core dimension \d.*"
                 r"\(size (\d+) is different from (\d+)\)", f.message, re.S)
    dot = re.match(r"shapes \(([\d, ]*)\) and \(([\d, ]*)\) not aligned: (\d+) \(dim \d+\) != (\d+)", f.message)
    if re.match(r"matmul: Input operand \d does not have enough dimensions \(has 0,", f.message):
        return [text("@(np.matmul)는 배열과 배열의 행렬 곱이라서 수(스칼라)를 곱할 수 없습니다. 배열의 원소마다 "
                     "수를 곱하려면 *를 쓰세요.")]
    if not (m or dot):
        return None
    if m:
        operand, size, other = int(m.group(1)), int(m.group(2)), int(m.group(3))
        sizes = (other, size) if operand == 1 else (size, other)
    else:
        sizes = (int(dot.group(3)), int(dot.group(4)))
    operands = _matmul_operands(f)
    if operands is None:
        return [text(f"행렬 곱(@, np.matmul)에서 안쪽 축의 길이가 맞지 않습니다. 왼쪽 배열의 마지막 축은 "
                     f"길이가 {sizes[0]}, 오른쪽 배열의 끝에서 두 번째 축은 길이가 {sizes[1]}입니다. 두 "
                     f"길이가 같아야 곱할 수 있으니, 두 배열의 .shape를 print로 찍어 확인해 보세요.")]
    left, right = operands
    ln, rn = f.source(left), f.source(right)
    a, b = f.shape(left), f.shape(right)
    if dot:
        a, b = _parse_shape(dot.group(1)), _parse_shape(dot.group(2))
    shapes = [f"{name}.shape = {shape_text(shape)}" for name, shape in ((ln, a), (rn, b)) if shape is not None]
    a_axis = f"{len(a) - 1}번 축" if a else "마지막 축"
    b_axis = (f"{0 if len(b) == 1 else len(b) - 2}번 축") if b else "끝에서 두 번째 축"
    parts = [text(f"{ln} @ {rn}: 행렬 곱에서 안쪽 축의 길이가 맞지 않습니다.")]
    if shapes:
        parts.append(code("\n".join(shapes)))
    parts.append(text(f"A @ B를 계산하려면 A의 마지막 축과 B의 끝에서 두 번째 축의 길이가 같아야 합니다. "
                      f"그런데 {ln}의 {a_axis}은 길이가 {sizes[0]}이고, {rn}의 {b_axis}은 길이가 "
                      f"{sizes[1]}입니다."))
    if a is not None and b is not None:
        parts.append(_matmul_fix(ln, rn, a, b))
    return parts


def _matmul_fix(ln: str, rn: str, a: tuple, b: tuple) -> Part:
    """The transpose (or the swapped order) that would make the product defined, if one would."""
    candidates = []
    if len(b) >= 2:
        bt = b[:-2] + (b[-1], b[-2])
        candidates.append((f"{ln} @ {_t(rn, len(b))}", f"{_t(rn, len(b))}의 모양은 {shape_text(bt)}이므로", a, bt))
    if len(a) >= 2:
        at = a[:-2] + (a[-1], a[-2])
        candidates.append((f"{_t(ln, len(a))} @ {rn}", f"{_t(ln, len(a))}의 모양은 {shape_text(at)}이므로", at, b))
    candidates.append((f"{rn} @ {ln}", "곱하는 순서를 바꾸어", b, a))
    for expr, why, sa, sb in candidates:
        result = _matmul_result(sa, sb)
        if result is not None:
            return text(f"{why} {expr}로 쓰면 곱할 수 있고, 결과의 모양은 {shape_text(result)}입니다. 다만 "
                        f"모양만 맞춘다고 옳은 식이 되지는 않습니다. 이 강의는 행벡터 관례(h W)를 따르니, "
                        f"수식에서 어느 쪽이 전치되어야 하는지 확인하세요.")
    return text("전치(.T)나 곱하는 순서를 바꾸어서는 맞출 수 없습니다. 두 배열을 만든 코드에서 모양을 "
                "다시 확인하세요.")


def _t(source: str, ndim: int = 2) -> str:
    """`source` with its last two axes swapped: .T for a matrix, .swapaxes(-1, -2) for a batch."""
    return postfix(source, ".T" if ndim == 2 else ".swapaxes(-1, -2)")


def postfix(source: str, suffix: str) -> str:
    """`source` followed by an attribute or an index (x.T, f(x)[:, None], (a + b).T)."""
    try:
        node = ast.parse(source, mode="eval").body
    except SyntaxError:
        node = None
    bare = isinstance(node, (ast.Name, ast.Attribute, ast.Call, ast.Subscript))
    return source + suffix if bare else f"({source}){suffix}"


# --------------------------------------------------------------------------- broadcasting


def _broadcasting(f: Failure):
    m = re.fullmatch(r"operands could not be broadcast together with shapes ((?:\([\d,]*\) ?)+)",
                     f.message.strip())
    if not m:
        return None
    shapes = [_parse_shape(s) for s in re.findall(r"\(([\d,]*)\)", m.group(1))]
    names = [f"배열 {i + 1}" for i in range(len(shapes))]
    node = f.node
    if isinstance(node, ast.BinOp) and len(shapes) == 2:
        names = [f.source(node.left), f.source(node.right)]
    elif isinstance(node, ast.AugAssign) and len(shapes) in (2, 3):
        # x += y: NumPy lists the two inputs, then the output it writes to (x again).
        shapes = shapes[:2]
        names = [f.source(node.target), f.source(node.value)]
    width = max(len(s) for s in shapes)
    clash = next((axis for axis in range(-1, -width - 1, -1)
                  if len({s[axis] for s in shapes if len(s) >= -axis} - {1}) > 1), None)
    if clash is None:
        return None
    # The shapes aligned from the right, one column per axis, a caret under the clashing one.
    cell = max(len(str(n)) for s in shapes for n in s)
    label = max(len(n) for n in names)
    rows = [f"{name.ljust(label)}  " + " ".join(
        (str(s[axis]) if len(s) >= -axis else "").rjust(cell) for axis in range(-width, 0)).rstrip()
        for name, s in zip(names, shapes)]
    rows.append(" " * (label + 2 + (width + clash) * (cell + 1)) + "^" * cell)
    clashing = [f"{name}의 {len(s) + clash}번 축은 {s[clash]}" for name, s in zip(names, shapes)
                if len(s) >= -clash and s[clash] != 1]
    parts = [
        text("두 배열의 모양을 브로드캐스팅으로 맞출 수 없습니다. 브로드캐스팅은 두 모양을 오른쪽 끝부터 "
             "맞대어 보고, 축마다 길이가 같거나 한쪽이 1이어야 합니다."),
        code("\n".join(rows)),
        text(f"끝에서 {-clash}번째 축의 길이가 맞지 않습니다. {', '.join(clashing)}입니다."),
    ]
    fix = _column_fix(names, shapes) if len(shapes) == 2 else None
    if fix:
        parts.append(text(fix))
    return parts


def _column_fix(names: list, shapes: list) -> str | None:
    """A 1-D array meant along a 2-D array's rows: x[:, None] makes it a column that broadcasts."""
    for (n1, s1), (n2, s2) in (((names[0], shapes[0]), (names[1], shapes[1])),
                               ((names[1], shapes[1]), (names[0], shapes[0]))):
        if len(s1) == 1 and len(s2) == 2 and s1[0] == s2[0] and s2[0] != s2[1]:
            column = postfix(n1, "[:, None]")
            return (f"{n1}의 값이 {n2}의 행마다 하나씩이라면, {column}처럼 써서 모양이 ({s1[0]}, 1)인 열 "
                    f"벡터를 만드세요. 그러면 {n2}의 모양 {shape_text(s2)}에 맞춰 브로드캐스팅됩니다.")
    return None


# --------------------------------------------------------------------------- indexing


def _indexing(f: Failure):
    node = f.node if isinstance(f.node, ast.Subscript) else None
    target = f.source(node.value) if node is not None else None
    m = re.match(r"index (-?\d+) is out of bounds for axis (\d+) with size (\d+)", f.message)
    if m:
        index, axis, size = (int(g) for g in m.groups())
        shape = f.shape(node.value) if node is not None else None
        lead = f"{target}의 모양은 {shape_text(shape)}이고, " if shape else (f"{target}의 " if target else "")
        parts = [text(f"{lead}{axis}번 축의 길이는 {size}이므로 이 축에 쓸 수 있는 인덱스는 0부터 "
                      f"{size - 1}까지(뒤에서 세면 -{size}부터 -1까지)입니다. 그런데 인덱스 "
                      f"{josa(index, '을/를')} 썼습니다.")]
        if node is not None:
            items = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            index_node = items[axis] if axis < len(items) else None
            if index_node is not None and not isinstance(index_node, (ast.Constant, ast.UnaryOp)):
                parts.append(text(f"인덱스 {f.source(index_node)}에 든 값 가운데 {josa(index, '이/가')} 이 "
                                  f"범위를 벗어납니다."))
        return parts
    m = re.match(r"too many indices for array: array is (\d+)-dimensional, but (\d+) were indexed", f.message)
    if m:
        shape = f.shape(node.value) if node is not None else None
        owner = josa(target or "이 배열", "은/는", f"(모양 {shape_text(shape)})" if shape else "")
        return [text(f"{owner} {m.group(1)}차원 배열인데 인덱스를 {m.group(2)}개 썼습니다. "
                     f"인덱스는 축의 개수보다 많이 쓸 수 없습니다.")]
    m = re.match(r"(list|tuple|string) index out of range", f.message)
    if m and node is not None:
        seq, index = f.value(node.value), f.value(node.slice)
        if isinstance(index, int) and hasattr(seq, "__len__"):
            kind = {"list": "리스트", "tuple": "튜플", "string": "문자열"}[m.group(1)]
            n = len(seq)
            if not n:
                return [text(f"{kind} {josa(target, '은/는')} 비어 있어서 어떤 인덱스도 쓸 수 없습니다.")]
            return [text(f"{kind} {target}의 길이는 {n}이므로 쓸 수 있는 인덱스는 0부터 {n - 1}까지(뒤에서 "
                         f"세면 -{n}부터 -1까지)입니다. 그런데 인덱스 {josa(index, '을/를')} 썼습니다.")]
    return None


# --------------------------------------------------------------------------- reshape


def _reshape(f: Failure):
    m = re.match(r"cannot reshape array of size (\d+) into shape \(([^)]*)\)", f.message)
    if not m:
        return None
    size = int(m.group(1))
    dims = [d.strip() for d in m.group(2).split(",") if d.strip()]
    known = 1
    for d in dims:
        if d != "newaxis":
            known *= int(d)
    requested = shape_text(["-1" if d == "newaxis" else d for d in dims])
    lead = f"원소가 {size}개인 배열을"
    call = f.call("reshape")
    if call is not None:
        func = call.func
        method = isinstance(func, ast.Attribute) and not (isinstance(func.value, ast.Name)
                                                          and func.value.id in ("np", "numpy"))
        array = func.value if method else (call.args[0] if call.args else None)
        shape = f.shape(array) if array is not None else None
        if shape is not None:
            lead = f"{f.source(array)}의 모양은 {josa(shape_text(shape), '으로/로')} 원소가 {size}개입니다. 이 배열을"
    if "newaxis" in dims:
        return [text(f"{lead} 모양 {josa(requested, '으로/로')} 바꿀 수 없습니다. -1을 뺀 나머지 축의 길이를 "
                     f"곱하면 {known}인데, {josa(size, '은/는')} {josa(known, '으로/로')} 나누어떨어지지 "
                     f"않으므로 -1 자리의 길이를 정할 수 없습니다.")]
    return [text(f"{lead} 모양 {josa(requested, '으로/로')} 바꿀 수 없습니다. 이 모양에는 원소가 {known}개 필요합니다. "
                 f"reshape는 원소의 개수를 바꾸지 않으므로, 모든 축의 길이를 곱한 값이 {josa(size, '과/와')} "
                 f"같아야 합니다.")]


# --------------------------------------------------------------------------- concatenation

_JOINS = ("concatenate", "hstack", "vstack", "stack", "column_stack", "row_stack", "append")


def _concatenate(f: Failure):
    dims = re.match(r"all the input array dimensions except for the concatenation axis must match "
                    r"exactly, but along dimension (\d+), the array at index (\d+) has size (\d+) and "
                    r"the array at index (\d+) has size (\d+)", f.message)
    ndims = re.match(r"all the input arrays must have same number of dimensions, but the array at "
                     r"index (\d+) has (\d+) dimension\(s\) and the array at index (\d+) has (\d+)", f.message)
    same = f.message.startswith("all input arrays must have the same shape")
    if not (dims or ndims or same):
        return None
    call = f.call(*_JOINS)
    func = "np." + (call.func.attr if isinstance(call.func, ast.Attribute) else call.func.id) if call else None
    items = call.args[0].elts if call is not None and call.args and isinstance(call.args[0], (ast.List, ast.Tuple)) \
        else []
    shapes = [f.shape(item) for item in items]

    def named(i: int, pair: str = "") -> str:
        name, gloss = f"{i}번째 배열", ""
        if i < len(items):
            name = f.source(items[i])
            gloss = f"(모양 {shape_text(shapes[i])})" if shapes[i] is not None else ""
        return josa(name, pair, gloss) if pair else name + gloss

    who = josa(func, "은/는") if func else "배열 잇기 함수는"
    if same:
        listed = ", ".join(f"{f.source(it)} {shape_text(s)}" for it, s in zip(items, shapes) if s is not None)
        return [text(f"{who} 배열들을 새 축으로 쌓으므로 모든 배열의 모양이 같아야 합니다."
                     + (f" 넘긴 배열의 모양은 {listed}입니다." if listed else ""))]
    if ndims:
        i, ni, j, nj = (int(g) for g in ndims.groups())
        return [text(f"{who} 차원 수가 같은 배열만 이어 붙입니다. 그런데 {named(i, '은/는')} "
                     f"{ni}차원, {named(j, '은/는')} {nj}차원입니다. 차원이 모자란 배열에 "
                     f"x[None, :]나 x[:, None]처럼 축을 더해 차원 수를 맞추세요.")]
    axis, i, si, j, sj = (int(g) for g in dims.groups())
    parts = [text(f"{who} 한 축을 따라 배열을 이어 붙이므로, 그 축을 뺀 나머지 축의 길이가 모두 같아야 "
                  f"합니다. 그런데 {axis}번 축의 길이가 {named(i)}에서는 {si}, {named(j)}에서는 "
                  f"{sj}입니다.")]
    if shapes and None not in shapes and len({len(s) for s in shapes}) == 1:
        fits = [k for k in range(len(shapes[0])) if len({s[:k] + s[k + 1:] for s in shapes}) == 1]
        if fits:
            args = ", ".join(f.source(it) for it in items)
            parts.append(text(f"{fits[0]}번 축을 따라 이어 붙이려던 것이라면 "
                              f"np.concatenate([{args}], axis={fits[0]})로 쓰세요."))
    return parts


# --------------------------------------------------------------------------- dtypes


def _dtypes(f: Failure):
    for rule in (_safe_cast, _inplace_cast, _negative_power, _float_count, _float_index):
        found = rule(f)
        if found:
            return found
    return None


def _safe_cast(f: Failure):
    m = re.match(r"Cannot cast array data from dtype\('(\w+)'\) to dtype\('(\w+)'\) according to the "
                 r"rule 'safe'", f.message)
    if not m:
        return None
    source, target = m.groups()
    call = f.call("bincount", "take", "repeat", "choose", "searchsorted")
    arg = call.args[0] if call is not None and call.args else None
    name = f.source(arg) if arg is not None else "넘긴 배열"
    func = "np." + (call.func.attr if isinstance(call.func, ast.Attribute) else call.func.id) if call else "이 함수"
    parts = [text(f"{josa(func, '은/는')} 넘겨받은 배열을 정수형 {josa(target, '으로/로')} 바꾸어 쓰는데, "
                  f"{name}의 dtype은 {source}입니다. {josa(source, '을/를')} {josa(target, '으로/로')} "
                  f"바꾸면 값이 달라질 수 있어서 NumPy는 저절로 바꾸지 않습니다.")]
    if source == "int64" and target == "int32":
        parts.append(text("브라우저 안의 이 Python(WebAssembly)은 32비트라서 NumPy의 인덱스용 정수형 np.intp가 "
                          "int32입니다. 64비트 컴퓨터의 Python에서는 np.intp가 int64라서 같은 코드가 오류 없이 "
                          "돌아갑니다."))
    fix = postfix(name, ".astype(np.intp)") if arg is not None else "x.astype(np.intp)"
    tail = " 실수를 정수로 바꾸면 소수점 아래가 버려지니, 값이 정말 정수인지 먼저 확인하세요." \
        if source.startswith("float") else ""
    parts.append(text(f"{fix}처럼 바꾸어 넘기세요.{tail}"))
    return parts


_OPERATORS = {ast.Div: "/", ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Pow: "**", ast.FloorDiv: "//"}


def _inplace_cast(f: Failure):
    m = re.match(r"Cannot cast ufunc '(\w+)' output from dtype\('(\w+)'\) to dtype\('(\w+)'\)", f.message)
    if not m:
        return None
    ufunc, result, target = m.groups()
    node = f.node
    if not isinstance(node, ast.AugAssign):
        return [text(f"계산 결과({result})를 {target} 배열에 담을 수 없습니다(ufunc '{ufunc}'). 결과를 담을 "
                     f"배열을 실수형(dtype=float)으로 만드세요.")]
    name, value = f.source(node.target), f.source(node.value)
    op = _OPERATORS.get(type(node.op), "?")
    parts = [text(f"{josa(name, '은/는')} {target} 배열이어서 {name} {op}= {value}의 결과({result})를 "
                  f"제자리에 담을 수 없습니다. {name} = {name} {op} {value}처럼 새 배열을 만들거나, 처음부터 "
                  f"실수 배열(dtype=float)로 만드세요.")]
    if isinstance(node.op, ast.Div):
        parts.append(text(f"정수 몫을 원했다면 {josa(f'{name} //= {value}', '을/를')} 쓰세요."))
    return parts


def _negative_power(f: Failure):
    if not f.message.startswith("Integers to negative integer powers are not allowed"):
        return None
    node = f.node
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
        base, exponent = f.source(node.left), f.source(node.right)
        inverse = f"1 / {base}" if exponent == "-1" else f"1 / {base} ** {exponent.lstrip('-')}"
        return [text(f"{josa(base, '은/는')} 정수 배열이라서 {base} ** {exponent}처럼 음의 정수로 거듭제곱할 수 "
                     f"없습니다(결과가 정수가 아니므로). {base} ** {exponent}.0이나 {inverse}처럼 실수로 "
                     f"계산하세요.")]
    return [text("정수 배열을 음의 정수로 거듭제곱할 수 없습니다. 지수를 -1.0처럼 실수로 쓰세요.")]


def _float_count(f: Failure):
    if not (f.message == "'float' object cannot be interpreted as an integer"
            or re.match(r"expected a sequence of integers or a single integer, got '[\d.e+-]+'", f.message)):
        return None
    where = f"{f.source(f.node)}: " if isinstance(f.node, ast.Call) else ""
    return [text(f"{where}정수가 필요한 자리(배열의 모양, range의 인자 같은 곳)에 실수가 들어갔습니다. 나눗셈 /의 "
                 f"결과는 나누어떨어지더라도 언제나 실수입니다. 몫이 필요하면 //를 쓰거나 int(...)로 "
                 f"바꾸세요.")]


def _float_index(f: Failure):
    if not f.message.startswith(("only integers, slices", "arrays used as indices must be of integer")):
        return None
    node = f.node if isinstance(f.node, ast.Subscript) else None
    value = f.value(node.slice) if node is not None else None
    kind = getattr(value, "dtype", None) or (type(value).__name__ if value is not None else None)
    lead = "인덱스가 정수가 아닙니다."
    if kind is not None:
        index = f.source(node.slice)
        lead = f"{f.source(node)}: 인덱스 {index}의 자료형이 {kind}입니다."
    return [text(f"{lead} 배열의 인덱스는 정수, 정수 배열, 불리언 배열, 슬라이스만 쓸 수 있습니다. 나눗셈 /의 "
                 f"결과라면 //를 쓰고, 실수 배열이라면 .astype(int)로 바꾸세요.")]


# --------------------------------------------------------------------------- names

_USUAL_IMPORTS = {"np": "import numpy as np", "plt": "import matplotlib.pyplot as plt"}


def bound_names(source: str) -> set[str]:
    """The names a cell binds at its top level (assignments, imports, def, class, for, with)."""
    return set(_bindings(source))


def _bindings(source: str) -> dict[str, int]:
    """Each name a cell binds at its top level, with the first line that binds it."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    found: list[tuple[str, int]] = []
    todo = list(tree.body)
    while todo:
        node = todo.pop()
        line = getattr(node, "lineno", 0)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.append((node.name, line))
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.extend((a.asname or a.name.split(".")[0], line) for a in node.names)
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            found.append((node.id, line))
        elif isinstance(node, ast.ExceptHandler) and node.name:
            found.append((node.name, line))
        if not isinstance(node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            todo.extend(ast.iter_child_nodes(node))
    lines: dict[str, int] = {}
    for name, line in found:
        lines[name] = min(line, lines.get(name, line))
    return lines


def _name(f: Failure):
    name = getattr(f.exc, "name", None)
    if not isinstance(f.exc, NameError) or not name:
        return None
    cells = [c.get("number", "?") for c in f.above if name in bound_names(c.get("code", ""))]
    if cells:
        where = ", ".join(f"셀 {n}" for n in cells)
        return {"parts": [text(f"{josa(name, '은/는')} 위의 {where}에서 정의하는데, 지금 Python에는 아직 "
                               f"없습니다. 그 셀을 아직 실행하지 않았거나, 실행하다 오류로 멈췄거나, Python을 "
                               f"다시 시작한 뒤 다시 실행하지 않았기 때문입니다. '위 셀 모두 실행'을 누르면 "
                               f"위의 셀들이 차례로 실행됩니다. 그다음 이 셀을 다시 실행하세요.")],
                "runAbove": True}
    if f.frame is not None and f.line is not None:
        # Defined further down this very cell: used before the line that defines it ran.
        later = _bindings("".join(linecache.getlines(f.frame.f_code.co_filename))).get(name)
        if later is not None and later > f.line:
            return [text(f"{josa(name, '은/는')} 이 셀의 {later}번째 줄에서 처음 정의하는데, 그보다 앞인 "
                         f"{f.line}번째 줄에서 먼저 썼습니다. 코드는 위에서 아래로 차례로 실행되니, 정의하는 "
                         f"줄을 쓰는 줄보다 위로 옮기세요.")]
    if name in _USUAL_IMPORTS:
        return [text(f"{josa(name, '은/는')} 불러오기 전에는 쓸 수 없습니다. 셀 맨 위에 "
                     f"{_USUAL_IMPORTS[name]}를 쓰고 다시 실행하세요.")]
    return None


# --------------------------------------------------------------------------- entry point

RULES = (_name, _matmul, _broadcasting, _indexing, _reshape, _concatenate, _dtypes)


def explain(exc: BaseException, tb=None, above=None) -> dict | None:
    """{"parts": [{"text", "code"}], "runAbove": bool} for an error this module knows, else None.

    `tb`: the traceback entry of the learner's innermost frame (None when there is none);
    `above`: the cells above the failing one on the page, [{"number": "2", "code": "..."}].
    Never raises: an explanation that cannot be made is simply left out.
    """
    try:
        failure = Failure(exc, tb, above)
        for rule in RULES:
            found = rule(failure)
            if found:
                if isinstance(found, list):
                    found = {"parts": found, "runAbove": False}
                return found
    except Exception as error:   # noqa: BLE001 - the traceback must show even if this fails
        print(f"nl_explain: {type(error).__name__}: {error}", file=sys.__stderr__)
    return None
