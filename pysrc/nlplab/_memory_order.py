"""Memory order for fast matrix products in Pyodide (private: the recurrent and affine layers call it).

Natively numpy hands a matmul to BLAS, which reads its operands in any memory order. Pyodide's
numpy has no BLAS: its own loop walks the right operand down its columns, which is 5-8x faster
when that operand is stored column by column (Fortran order) and the left one row by row
(bench/lstm_browser.py, option "layout": forward+backward at N=32 T=50 D=64 H=128 in float64
took 0.47 s instead of 2.0 s in Chromium).

Only the memory order changes, never a value; natively both helpers return their input.
"""

from __future__ import annotations

import sys

import numpy as np

NO_BLAS = sys.platform == "emscripten"


def right_operand(b: np.ndarray) -> np.ndarray:
    """b stored for the fastest `a @ b`: Fortran order in Pyodide, as it is natively."""
    return np.asfortranarray(b) if NO_BLAS else b


def left_operand(a: np.ndarray) -> np.ndarray:
    """a stored for the fastest `a @ b`: C order in Pyodide, as it is natively."""
    return np.ascontiguousarray(a) if NO_BLAS else a


def inputs_at_every_step(x: np.ndarray, Wx: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """x (N, T, D) in time-major order (T, N, D), and x_t Wx + b for every t at once (T, N, G·H).

    One matmul over all T·N rows instead of T small ones; the recurrent loop then adds h_{t-1} Wh.
    """
    N, T, D = x.shape
    x_time_major = np.ascontiguousarray(x.transpose(1, 0, 2))
    xWx_b = (x_time_major.reshape(T * N, D) @ right_operand(Wx) + b).reshape(T, N, Wx.shape[1])
    return x_time_major, xWx_b
