"""LSTM forward+backward timings: the same source runs in CPython and, as a cell, in Pyodide.

bench/lstm_browser.py runs this file natively (`python bench/lstm_kernels.py CONFIG_JSON`) and
in the browser (its text, plus a call of `measure`, put in a playground cell), so both sides
execute exactly the same code. It needs numpy and nlplab; scipy only for the "scipy" options.

Options (each a forward over T steps from h0, c0 = 0, then the backward for dh on every h_t;
every option returns h, dx, dh0, dWx, dWh, db and is checked against nlplab in float64):

- nlplab:    nlplab.lstm.lstm_forward + lstm_backward as they are (the four gates fused into one
             (N, 4H) block; x_t Wx + b for all t in one matmul before the loop; dx, dWx, dWh
             in one matmul each after it; in Pyodide nlplab itself now lays the operands out
             as the "layout" option does, natively it leaves them as they are);
- plain:     nlplab's algorithm (lstm_generic, nlplab's own cell functions) with np.matmul on the
             operands as they come: what nlplab ran in Pyodide before it laid out its operands;
- per_step:  the same fused gate block, but x_t Wx inside the loop (and dx_t, dWx, dWh per step);
- per_gate:  no fusion at all: eight (N, H) matmuls per step (x_t Wx_k and h Wh_k per gate);
- scipy:     nlplab's algorithm (its own cell functions) with every matmul through scipy's BLAS
             (scipy.linalg.blas.dgemm / sgemm, called on transposed views so nothing is copied);
- layout:    nlplab's algorithm with np.matmul given its operands in the memory order that
             numpy's own (BLAS-less, as in Pyodide) matmul loop reads fastest: the left one
             C-contiguous, the right one Fortran-contiguous (so both walk memory in steps of one
             element along the summed axis); the weights are put in that order once, before the loop.

Two more options time the course's other sequence layers on the same (N, T, D, H), each checked
against its own float64 result instead of the LSTM's:

- gru:       nlplab.gru.gru_forward + gru_backward (three fused gate blocks, two biases);
- attention: nlplab.attention.attention_forward + attention_backward, the T states of h0-sized
             random queries attending over T keys and values of width H (a decoder's attention
             over an encoder's states under teacher forcing), with a padding mask.

Times are wall-clock seconds per forward+backward (time.perf_counter), each option timed in
turn, `repeats` times after `warmup` runs. Accuracy: for every output array,
max |a − a64| / max |a64| against nlplab's float64 result on the same inputs (a norm-wise
relative error: an element-wise one is meaningless where the reference is near zero).
"""

import json
import sys
import time

import numpy as np
from nlplab.attention import attention_backward, attention_forward
from nlplab.gru import gru_backward, gru_forward
from nlplab.lstm import _lstm_cell, _lstm_cell_backward, lstm_backward, lstm_forward

OUTPUTS = ("h", "dx", "dh0", "dWx", "dWh", "db")
MATMUL_SHAPES = [  # (name, m, k, n): the products of one forward+backward at N=32 T=50 D=64 H=128
    ("h Wh (step)", 32, 128, 512),
    ("da Whᵀ (step)", 32, 512, 128),
    ("x Wx (all t)", 1600, 64, 512),
    ("hᵀ da (dWh)", 128, 1600, 512),
]


def _gemm(dtype):
    """A matmul through scipy's BLAS: C = a @ b computed as Cᵀ = bᵀ aᵀ in Fortran order."""
    from scipy.linalg import blas

    gemm = blas.sgemm if dtype == np.float32 else blas.dgemm

    def fortran(m):
        if m.flags.f_contiguous:
            return m, 0
        if m.flags.c_contiguous:
            return m.T, 1
        return np.asfortranarray(m), 0

    def mm(a, b):
        A, ta = fortran(b.T)
        B, tb = fortran(a.T)
        return gemm(1.0, A, B, trans_a=ta, trans_b=tb).T

    return mm


def _layout_mm(a, b):
    """a @ b with a C-contiguous and b Fortran-contiguous (copies only what is not already)."""
    return np.matmul(np.ascontiguousarray(a), np.asfortranarray(b))


def lstm_generic(x, h0, Wx, Wh, b, dh, mm=np.matmul, precompute=True, split=False, fortran_weights=False):
    """Forward+backward of the LSTM with a chosen matmul and loop structure (see the module)."""
    N, T, D = x.shape
    H = Wh.shape[0]
    dt = x.dtype
    if fortran_weights:           # right operands of the loop's products, once: x Wx, h Wh
        Wx, Wh = np.asfortranarray(Wx), np.asfortranarray(Wh)
    x_tm = np.ascontiguousarray(x.transpose(1, 0, 2))
    hs = np.empty((T + 1, N, H), dt)
    cs = np.empty((T + 1, N, H), dt)
    tanh_cs = np.empty((T, N, H), dt)
    hs[0], cs[0] = h0, 0
    gates = np.empty((T, N, 4 * H), dt)
    blocks = [slice(k * H, (k + 1) * H) for k in range(4)]
    if split:
        Wx_k = [np.ascontiguousarray(Wx[:, s]) for s in blocks]
        Wh_k = [np.ascontiguousarray(Wh[:, s]) for s in blocks]
    if precompute:
        gates.reshape(T * N, 4 * H)[...] = mm(x_tm.reshape(T * N, D), Wx)
        gates += b
    for t in range(T):
        a = gates[t]
        if precompute:
            a += mm(hs[t], Wh)
        elif split:
            for k, s in enumerate(blocks):
                a[:, s] = mm(x_tm[t], Wx_k[k]) + mm(hs[t], Wh_k[k]) + b[s]
        else:
            a[...] = mm(x_tm[t], Wx) + mm(hs[t], Wh) + b
        gates[t], cs[t + 1], tanh_cs[t], hs[t + 1] = _lstm_cell(a, cs[t])

    dh_tm = dh.transpose(1, 0, 2)
    da = np.empty_like(gates)
    dh_prev = np.zeros((N, H), dt)
    dc_prev = np.zeros((N, H), dt)
    if fortran_weights:           # right operands of da Whᵀ and da Wxᵀ: Fortran order is the C-order Wh, Wx
        WhT, WxT = np.asfortranarray(Wh.T), np.asfortranarray(Wx.T)
    else:
        WhT, WxT = np.ascontiguousarray(Wh.T), np.ascontiguousarray(Wx.T)
    if not precompute:
        dx_tm = np.empty((T, N, D), dt)
        dWx, dWh = np.zeros_like(Wx), np.zeros_like(Wh)
    for t in reversed(range(T)):
        dh_next = dh_tm[t] + dh_prev
        da[t], dc_prev = _lstm_cell_backward(dh_next, dc_prev, cs[t], gates[t], tanh_cs[t])
        if split:
            dh_prev = np.zeros((N, H), dt)
            dx_tm[t] = 0
            for k, s in enumerate(blocks):
                dak = np.ascontiguousarray(da[t][:, s])
                dh_prev += mm(dak, Wh_k[k].T)
                dx_tm[t] += mm(dak, Wx_k[k].T)
                dWx[:, s] += mm(x_tm[t].T, dak)
                dWh[:, s] += mm(hs[t].T, dak)
        else:
            dh_prev = mm(da[t], WhT)
            if not precompute:
                dx_tm[t] = mm(da[t], WxT)
                dWx += mm(x_tm[t].T, da[t])
                dWh += mm(hs[t].T, da[t])
    da_rows = da.reshape(T * N, 4 * H)
    if precompute:
        dx_tm = mm(da_rows, WxT).reshape(T, N, D)
        dWx = mm(x_tm.reshape(T * N, D).T, da_rows)
        dWh = mm(hs[:-1].reshape(T * N, H).T, da_rows)
    dx = np.ascontiguousarray(dx_tm.transpose(1, 0, 2))
    h = np.ascontiguousarray(hs[1:].transpose(1, 0, 2))
    return h, dx, dh_prev, dWx, dWh, da_rows.sum(axis=0)


def run_nlplab(x, h0, Wx, Wh, b, dh):
    h, cache = lstm_forward(x, h0, Wx, Wh, b)
    return (h,) + tuple(lstm_backward(dh, cache))


def inputs(N, T, D, H, dtype):
    """The same numbers for every option and both sides (torch.nn.LSTM's weight scale)."""
    rng = np.random.default_rng(0)
    k = 1 / np.sqrt(H)
    arrays = (rng.standard_normal((N, T, D)), rng.standard_normal((N, H)) * 0.5,
              rng.uniform(-k, k, (D, 4 * H)), rng.uniform(-k, k, (H, 4 * H)), rng.uniform(-k, k, 4 * H),
              rng.standard_normal((N, T, H)))
    return [a.astype(dtype) for a in arrays]


OWN_REFERENCE = {"gru": ("h", "dx", "dh0", "dWx", "dWh", "dbx", "dbh"), "attention": ("context", "dquery", "dkeys", "dvalues")}


def run_gru(x, h0, Wx, Wh, b, dh):
    """GRU forward+backward on the LSTM's inputs: its (D, 3H) and (H, 3H) blocks cut from them."""
    H = Wh.shape[0]
    h, cache = gru_forward(x, h0, Wx[:, :3 * H], Wh[:, :3 * H], b[:3 * H], b[H:4 * H])
    return (h, *gru_backward(dh, cache))


def run_attention(x, h0, Wx, Wh, b, dh):
    """Attention forward+backward: queries dh (N, T, H) over keys and values x Wx[:, :H] (N, T, H),
    the last quarter of every row's positions masked as padding."""
    N, T, _ = x.shape
    H = Wh.shape[0]
    keys = x @ Wx[:, :H]
    mask = np.arange(T)[None, :] < np.full((N, 1), T - T // 4)
    context, _, cache = attention_forward(dh, keys, keys, mask)
    return (context, *attention_backward(np.ones_like(context), cache))


def option_runner(name, dtype):
    if name == "gru":
        return run_gru
    if name == "attention":
        return run_attention
    if name == "nlplab":
        return run_nlplab
    if name == "plain":
        return lambda *a: lstm_generic(*a)
    if name == "per_step":
        return lambda *a: lstm_generic(*a, precompute=False)
    if name == "per_gate":
        return lambda *a: lstm_generic(*a, precompute=False, split=True)
    if name == "scipy":
        mm = _gemm(dtype)
        return lambda *a: lstm_generic(*a, mm=mm)
    if name == "layout":
        return lambda *a: lstm_generic(*a, mm=_layout_mm, fortran_weights=True)
    raise ValueError(f"unknown option {name!r}")


def rel_errors(outputs, reference, names=OUTPUTS):
    return {name: float(np.abs(np.asarray(o, np.float64) - r).max() / max(np.abs(r).max(), 1e-300))
            for name, o, r in zip(names, outputs, reference)}


def time_matmuls(dtype, with_scipy, budget_s=0.05):
    """Seconds per call of np.matmul (and scipy's gemm) on the LSTM's product shapes."""
    rows = []
    rng = np.random.default_rng(1)
    gemm = _gemm(dtype) if with_scipy else None
    for name, m, k, n in MATMUL_SHAPES:
        a, b = rng.standard_normal((m, k)).astype(dtype), rng.standard_normal((k, n)).astype(dtype)
        row = {"name": name, "m": m, "k": k, "n": n, "dtype": np.dtype(dtype).name}
        for label, f in (("numpy", np.matmul), ("scipy", gemm)):
            if f is None:
                continue
            f(a, b)
            calls, started = 0, time.perf_counter()
            while time.perf_counter() - started < budget_s or calls < 3:
                f(a, b)
                calls += 1
            row[label + "_s"] = (time.perf_counter() - started) / calls
        if gemm is not None:
            assert np.allclose(gemm(a, b), a @ b, rtol=1e-3, atol=1e-3)
        rows.append(row)
    return rows


def breakdown(data, runs, layout=False):
    """Where nlplab's algorithm spends its time: seconds in matmuls vs all the rest (element-wise
    work, slicing, Python), from lstm_generic with a timed matmul (np.matmul on the operands as
    they come, or as the "layout" option arranges them); the median of `runs`."""
    spent = [0.0]
    inner = _layout_mm if layout else np.matmul

    def timed(a, b):
        started = time.perf_counter()
        out = inner(a, b)
        spent[0] += time.perf_counter() - started
        return out

    totals, matmuls = [], []
    for _ in range(runs):
        spent[0] = 0.0
        started = time.perf_counter()
        lstm_generic(*data, mm=timed, fortran_weights=layout)
        totals.append(time.perf_counter() - started)
        matmuls.append(spent[0])
    order = sorted(range(runs), key=totals.__getitem__)
    middle = order[runs // 2]
    return {"total_s": totals[middle], "matmul_s": matmuls[middle], "other_s": totals[middle] - matmuls[middle]}


def measure(config):
    """config: {"shape": [N, T, D, H], "options": [...], "dtypes": [...], "repeats", "warmup",
    "matmuls": bool}. Returns times (s) per option and dtype, accuracy, and environment."""
    N, T, D, H = config["shape"]
    import nlplab._memory_order

    result = {"python": sys.version.split()[0], "numpy": np.__version__, "platform": sys.platform,
              "nlplab_lays_out_operands": bool(nlplab._memory_order.NO_BLAS),
              "shape": [N, T, D, H], "times": {}, "errors": {}, "skipped": {}}
    options = list(config["options"])
    if "scipy" in options:
        try:
            started = time.perf_counter()
            from scipy.linalg import blas  # noqa: F401
            result["scipy_import_s"] = time.perf_counter() - started
            import scipy
            result["scipy"] = scipy.__version__
        except ImportError as error:
            options.remove("scipy")
            result["skipped"]["scipy"] = f"ImportError: {error}"
    reference = run_nlplab(*inputs(N, T, D, H, np.float64))
    own = {option: option_runner(option, np.float64)(*inputs(N, T, D, H, np.float64))
           for option in options if option in OWN_REFERENCE}
    runs = []
    for dtype in config["dtypes"]:
        data = inputs(N, T, D, H, np.dtype(dtype))
        for option in options:
            key = f"{option}/{dtype}"
            run = option_runner(option, np.dtype(dtype))
            out = run(*data)
            if any(o.dtype != np.dtype(dtype) for o in out):
                result["skipped"][key] = f"dtype not kept: {sorted({o.dtype.name for o in out})}"
            if option in OWN_REFERENCE:
                result["errors"][key] = rel_errors(out, own[option], OWN_REFERENCE[option])
            else:
                result["errors"][key] = rel_errors(out, reference)
            result["times"][key] = []
            runs.append((key, run, data))
    for _ in range(config.get("warmup", 1)):
        for key, run, data in runs:
            run(*data)
    for _ in range(config["repeats"]):          # options in turn: background load falls on all alike
        for key, run, data in runs:
            started = time.perf_counter()
            run(*data)
            result["times"][key].append(time.perf_counter() - started)
    if config.get("breakdown"):
        result["breakdown"] = {f"{kind}/{dtype}": breakdown(inputs(N, T, D, H, np.dtype(dtype)),
                                                             config.get("warmup", 1) + 2, layout=kind == "layout")
                               for dtype in config["dtypes"] for kind in ("plain", "layout")}
    if config.get("matmuls"):
        result["matmuls"] = [row for dtype in config["dtypes"]
                             for row in time_matmuls(np.dtype(dtype), "scipy" in options)]
    return result


if __name__ == "__main__":
    print("BENCH-JSON " + json.dumps(measure(json.loads(sys.argv[1]))))
