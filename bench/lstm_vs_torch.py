"""Benchmark: nlplab's LSTM, GRU and attention forward+backward against PyTorch on the same shapes.

    .venv/bin/python bench/lstm_vs_torch.py                      # N=32 T=50 D=64 H=128, float64 and float32
    .venv/bin/python bench/lstm_vs_torch.py --threads 1 --json results.jsonl

Both sides do the same work: the forward pass over all T steps from h0 (c0 = 0), then the
backward pass for an upstream gradient dh on every h_t, producing dx, dh0 and the weight
gradients. Each timing is the median of --repeats runs after --warmup untimed runs; the two libraries
run in turn, so background load on the machine falls on both alike. Wall-clock time is the
figure of merit; CPU time and the load average are printed beside it, because on a busy
machine the wall-clock ratio of small multi-threaded matmuls can swing widely.

Threads: numpy's matmuls run in its BLAS (OpenBLAS in the wheels), which uses one thread per
core unless told otherwise; its element-wise ufuncs run in one thread. torch.set_num_threads
is set to the same number as numpy's BLAS pool (read with threadpoolctl when installed, else
the core count), so both get the same cores for their matmuls. --threads N sets both to N.
The GRU is timed against torch.nn.GRU the same way, and dot-product attention (the T decoder states
of a batch attending over T encoder states of width H, with a padding mask) against torch's own
bmm / masked_fill / softmax / bmm and its autograd (--cells picks which).
Not a test: the target (nlplab within 1.5x of torch) is reported, not asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from contextlib import nullcontext
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "pysrc"))
from nlplab.attention import attention_backward, attention_forward  # noqa: E402
from nlplab.gru import from_torch_state as gru_from_torch_state  # noqa: E402
from nlplab.gru import gru_backward, gru_forward  # noqa: E402
from nlplab.lstm import from_torch_state, lstm_backward, lstm_forward  # noqa: E402


def numpy_blas_threads() -> tuple[int, object]:
    """(threads numpy's BLAS uses, a context limiting it) — threadpoolctl when available."""
    try:
        from threadpoolctl import threadpool_info, threadpool_limits
    except ImportError:
        return os.cpu_count() or 1, None
    blas = [p for p in threadpool_info() if p.get("user_api") == "blas"]
    threads = blas[0]["num_threads"] if blas else (os.cpu_count() or 1)
    return threads, threadpool_limits


def median_times(runs: dict, warmup: int, repeats: int) -> tuple[dict, dict]:
    """Median wall-clock and CPU seconds per run of each callable, timed in turn (interleaved).

    Interleaving gives both libraries the same share of any background load on the machine.
    CPU time (process_time: all of this process's threads) is the work done; it is steadier
    than wall time when other programs compete for the cores, but counts every thread's time.
    """
    for _ in range(warmup):
        for run in runs.values():
            run()
    wall = {name: [] for name in runs}
    cpu = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            start_wall, start_cpu = time.perf_counter(), time.process_time()
            run()
            wall[name].append(time.perf_counter() - start_wall)
            cpu[name].append(time.process_time() - start_cpu)
    return ({name: statistics.median(ts) for name, ts in wall.items()},
            {name: statistics.median(ts) for name, ts in cpu.items()})


def bench(torch, N: int, T: int, D: int, H: int, dtype: str, warmup: int, repeats: int) -> dict:
    torch_dtype = getattr(torch, dtype)
    torch.manual_seed(0)
    lstm = torch.nn.LSTM(D, H, batch_first=True, dtype=torch_dtype)
    Wx, Wh, b = from_torch_state({k: v.detach().numpy() for k, v in lstm.state_dict().items()})
    rng = np.random.default_rng(0)
    x = rng.standard_normal((N, T, D)).astype(dtype)
    h0 = rng.standard_normal((N, H)).astype(dtype)
    dh = rng.standard_normal((N, T, H)).astype(dtype)

    def run_nlplab():
        h, cache = lstm_forward(x, h0, Wx, Wh, b)
        return lstm_backward(dh, cache)

    x_t = torch.tensor(x, requires_grad=True)
    h0_t = torch.tensor(h0[None], requires_grad=True)
    c0_t = torch.zeros(1, N, H, dtype=torch_dtype)
    dh_t = torch.tensor(dh)

    def run_torch():
        x_t.grad = h0_t.grad = None
        lstm.zero_grad(set_to_none=True)
        out, _ = lstm(x_t, (h0_t, c0_t))
        out.backward(dh_t)

    # the two must compute the same thing before their times mean anything
    dx, dh0, dWx, _, _ = run_nlplab()
    run_torch()
    tol = 1e-10 if dtype == "float64" else 1e-3
    err = max(np.abs(dx - x_t.grad.numpy()).max(), np.abs(dh0 - h0_t.grad[0].numpy()).max(),
              np.abs(dWx - lstm.weight_ih_l0.grad.numpy().T).max())
    if not err <= tol:
        raise SystemExit(f"nlplab and torch disagree ({dtype}): max abs error {err}")

    return timing_record("lstm", N, T, D, H, dtype, run_nlplab, run_torch, warmup, repeats, err)


def timing_record(cell, N, T, D, H, dtype, run_nlplab, run_torch, warmup, repeats, err) -> dict:
    wall, cpu = median_times({"nlplab": run_nlplab, "torch": run_torch}, warmup, repeats)
    return {"cell": cell, "N": N, "T": T, "D": D, "H": H, "dtype": dtype,
            "nlplab_ms": round(wall["nlplab"] * 1e3, 3), "torch_ms": round(wall["torch"] * 1e3, 3),
            "ratio": round(wall["nlplab"] / wall["torch"], 3),
            "nlplab_cpu_ms": round(cpu["nlplab"] * 1e3, 3), "torch_cpu_ms": round(cpu["torch"] * 1e3, 3),
            "cpu_ratio": round(cpu["nlplab"] / cpu["torch"], 3),
            "load_average": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
            "max_abs_error": float(err)}


def bench_gru(torch, N: int, T: int, D: int, H: int, dtype: str, warmup: int, repeats: int) -> dict:
    torch_dtype = getattr(torch, dtype)
    torch.manual_seed(0)
    gru = torch.nn.GRU(D, H, batch_first=True, dtype=torch_dtype)
    Wx, Wh, bx, bh = gru_from_torch_state({k: v.detach().numpy() for k, v in gru.state_dict().items()})
    rng = np.random.default_rng(0)
    x = rng.standard_normal((N, T, D)).astype(dtype)
    h0 = rng.standard_normal((N, H)).astype(dtype)
    dh = rng.standard_normal((N, T, H)).astype(dtype)

    def run_nlplab():
        h, cache = gru_forward(x, h0, Wx, Wh, bx, bh)
        return gru_backward(dh, cache)

    x_t = torch.tensor(x, requires_grad=True)
    h0_t = torch.tensor(h0[None], requires_grad=True)
    dh_t = torch.tensor(dh)

    def run_torch():
        x_t.grad = h0_t.grad = None
        gru.zero_grad(set_to_none=True)
        out, _ = gru(x_t, h0_t)
        out.backward(dh_t)

    dx, dh0, dWx, _, _, _ = run_nlplab()
    run_torch()
    tol = 1e-10 if dtype == "float64" else 1e-3
    err = max(np.abs(dx - x_t.grad.numpy()).max(), np.abs(dh0 - h0_t.grad[0].numpy()).max(),
              np.abs(dWx - gru.weight_ih_l0.grad.numpy().T).max())
    if not err <= tol:
        raise SystemExit(f"nlplab and torch disagree (GRU, {dtype}): max abs error {err}")
    return timing_record("gru", N, T, D, H, dtype, run_nlplab, run_torch, warmup, repeats, err)


def bench_attention(torch, N: int, T: int, D: int, H: int, dtype: str, warmup: int, repeats: int) -> dict:
    rng = np.random.default_rng(0)
    query = rng.standard_normal((N, T, H)).astype(dtype)
    keys = rng.standard_normal((N, T, H)).astype(dtype)
    mask = np.arange(T)[None, :] < rng.integers(T // 2, T + 1, size=N)[:, None]
    dcontext = rng.standard_normal((N, T, H)).astype(dtype)

    def run_nlplab():
        _, _, cache = attention_forward(query, keys, keys, mask)
        return attention_backward(dcontext, cache)

    q_t, k_t = torch.tensor(query, requires_grad=True), torch.tensor(keys, requires_grad=True)
    keep, d_t = torch.tensor(mask)[:, None, :], torch.tensor(dcontext)

    def run_torch():
        q_t.grad = k_t.grad = None
        scores = (q_t @ k_t.transpose(1, 2)).masked_fill(~keep, float("-inf"))
        (torch.softmax(scores, dim=-1) @ k_t).backward(d_t)

    dq, dk, dv = run_nlplab()
    run_torch()
    tol = 1e-10 if dtype == "float64" else 1e-3
    err = max(np.abs(dq - q_t.grad.numpy()).max(), np.abs(dk + dv - k_t.grad.numpy()).max())
    if not err <= tol:
        raise SystemExit(f"nlplab and torch disagree (attention, {dtype}): max abs error {err}")
    return timing_record("attention", N, T, D, H, dtype, run_nlplab, run_torch, warmup, repeats, err)


BENCHES = {"lstm": bench, "gru": bench_gru, "attention": bench_attention}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--N", type=int, default=32)
    parser.add_argument("--T", type=int, default=50)
    parser.add_argument("--D", type=int, default=64)
    parser.add_argument("--H", type=int, default=128)
    parser.add_argument("--dtypes", default="float64,float32")
    parser.add_argument("--cells", default="lstm,gru,attention", help=f"comma-separated, of {list(BENCHES)}")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--threads", type=int, default=None,
                        help="threads for both numpy's BLAS and torch (default: numpy's own BLAS pool size)")
    parser.add_argument("--json", type=Path, default=None, help="append one JSON line of results to this file")
    args = parser.parse_args()

    import torch

    threads, threadpool_limits = numpy_blas_threads()
    limit = nullcontext()
    if args.threads is not None:
        threads = args.threads
        if threadpool_limits is None:
            print("threadpoolctl is not installed: numpy's BLAS threads cannot be limited; "
                  "set OPENBLAS_NUM_THREADS instead", file=sys.stderr)
        else:
            limit = threadpool_limits(limits=threads, user_api="blas")
        why = "--threads"
    else:
        why = "the size of numpy's BLAS thread pool, so both libraries' matmuls use the same cores"
    torch.set_num_threads(threads)
    print(f"threads: numpy BLAS {threads}, torch {torch.get_num_threads()} ({why}); "
          f"cores {os.cpu_count()}; numpy {np.__version__}, torch {torch.__version__}")

    results = []
    with limit:
        for cell in args.cells.split(","):
            for dtype in args.dtypes.split(","):
                r = BENCHES[cell](torch, args.N, args.T, args.D, args.H, dtype, args.warmup, args.repeats)
                verdict = "within" if r["ratio"] <= 1.5 else "NOT within"
                print(f"{cell} N={r['N']} T={r['T']} D={r['D']} H={r['H']} {dtype}: nlplab {r['nlplab_ms']:.2f} ms, "
                      f"torch {r['torch_ms']:.2f} ms, ratio nlplab/torch {r['ratio']:.2f} ({verdict} 1.5x)  "
                      f"[CPU time: {r['nlplab_cpu_ms']:.2f} vs {r['torch_cpu_ms']:.2f} ms, ratio {r['cpu_ratio']:.2f}; "
                      f"load average {r['load_average']}; max abs diff of gradients {r['max_abs_error']:.1e}]")
                results.append(r)
    if args.json is not None:
        record = {"bench": "lstm_vs_torch", "threads": threads, "numpy": np.__version__,
                  "torch": torch.__version__, "python": platform.python_version(),
                  "machine": platform.machine(), "results": results}
        with open(args.json, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(record) + "\n")
        print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
