"""nlplab against PyTorch (torch==2.13.0, CPU): nn.RNN, nn.LSTM, nn.GRU, dot-product attention,
torch.optim, clip_grad_norm_.

Float64 throughout. Errors are max absolute differences over every entry (values and gradients
here are of order 1, so 1e-10 absolute is also about 1e-10 relative); measured: ~1e-15.
Weights go from torch to nlplab through nlplab's own from_torch_state.
"""

import numpy as np
import pytest

from helpers import import_reference
from nlplab.attention import attention_backward, attention_forward
from nlplab.gru import from_torch_state as gru_from_torch_state
from nlplab.gru import gru_backward, gru_forward
from nlplab.lstm import lstm_backward, lstm_forward
from nlplab.optim import SGD, Adagrad, Adam, clip_grad_norm
from nlplab.rnn import from_torch_state, rnn_backward, rnn_forward

pytestmark = pytest.mark.crosscheck

ATOL = 1e-10
SHAPES = [(1, 1, 3, 4), (2, 1, 3, 5), (1, 6, 2, 3), (4, 7, 5, 6), (3, 20, 8, 16)]   # (N, T, D, H)


@pytest.fixture(scope="module")
def torch():
    torch = import_reference("torch")
    torch.manual_seed(0)
    return torch


def _max_abs(a, b):
    assert a.shape == b.shape, (a.shape, b.shape)
    return float(np.max(np.abs(a - b))) if a.size else 0.0


def _run_torch(torch, module, x, h0, dh, lstm: bool):
    """Forward and backward in torch; returns numpy (h, dx, dh0, dW_ih, dW_hh, db_ih, db_hh, final states)."""
    x_t = torch.tensor(x, requires_grad=True)
    h0_t = torch.tensor(h0[None], requires_grad=True)
    if lstm:
        c0_t = torch.zeros_like(h0_t)
        out, (h_n, c_n) = module(x_t, (h0_t, c0_t))
        final = (h_n[0].detach().numpy(), c_n[0].detach().numpy())
    else:
        out, h_n = module(x_t, h0_t)
        final = (h_n[0].detach().numpy(),)
    out.backward(torch.tensor(dh))
    grads = [p.grad.numpy() for p in (module.weight_ih_l0, module.weight_hh_l0, module.bias_ih_l0, module.bias_hh_l0)]
    return out.detach().numpy(), x_t.grad.numpy(), h0_t.grad[0].numpy(), grads, final


def _random_torch_weights(torch, module):
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.randn_like(p) * 0.5)


@pytest.mark.parametrize("N,T,D,H", SHAPES)
def test_rnn_matches_torch_nn_rnn(torch, rng, N, T, D, H):
    module = torch.nn.RNN(D, H, nonlinearity="tanh", batch_first=True, dtype=torch.float64)
    _random_torch_weights(torch, module)
    Wx, Wh, b = from_torch_state({k: v.detach().numpy() for k, v in module.state_dict().items()})
    x, h0, dh = rng.standard_normal((N, T, D)), rng.standard_normal((N, H)), rng.standard_normal((N, T, H))
    h_ref, dx_ref, dh0_ref, (dWih, dWhh, dbih, dbhh), (hn_ref,) = _run_torch(torch, module, x, h0, dh, lstm=False)

    h, cache = rnn_forward(x, h0, Wx, Wh, b)
    dx, dh0, dWx, dWh, db = rnn_backward(dh, cache)
    assert _max_abs(h, h_ref) <= ATOL
    assert _max_abs(h[:, -1], hn_ref) <= ATOL
    assert _max_abs(dx, dx_ref) <= ATOL
    assert _max_abs(dh0, dh0_ref) <= ATOL
    assert _max_abs(dWx, dWih.T) <= ATOL
    assert _max_abs(dWh, dWhh.T) <= ATOL
    # torch's two biases receive the same gradient, which is nlplab's db
    assert _max_abs(db, dbih) <= ATOL and _max_abs(db, dbhh) <= ATOL


@pytest.mark.parametrize("N,T,D,H", SHAPES)
def test_lstm_matches_torch_nn_lstm(torch, rng, N, T, D, H):
    module = torch.nn.LSTM(D, H, batch_first=True, dtype=torch.float64)
    _random_torch_weights(torch, module)
    Wx, Wh, b = from_torch_state({k: v.detach().numpy() for k, v in module.state_dict().items()})
    x, h0, dh = rng.standard_normal((N, T, D)), rng.standard_normal((N, H)), rng.standard_normal((N, T, H))
    h_ref, dx_ref, dh0_ref, (dWih, dWhh, dbih, dbhh), (hn_ref, cn_ref) = _run_torch(torch, module, x, h0, dh, lstm=True)

    h, cache = lstm_forward(x, h0, Wx, Wh, b)
    dx, dh0, dWx, dWh, db = lstm_backward(dh, cache)
    errors = {
        "h": _max_abs(h, h_ref), "h_n": _max_abs(h[:, -1], hn_ref), "c_n": _max_abs(cache["c"][-1], cn_ref),
        "dx": _max_abs(dx, dx_ref), "dh0": _max_abs(dh0, dh0_ref),
        "dWx": _max_abs(dWx, dWih.T), "dWh": _max_abs(dWh, dWhh.T),
        "db": max(_max_abs(db, dbih), _max_abs(db, dbhh)),
    }
    assert max(errors.values()) <= ATOL, errors


@pytest.mark.parametrize("cell", ["lstm", "gru"])
def test_two_layer_module_is_two_nlplab_layers(torch, rng, cell):
    """from_torch_state(layer=1) loads the second layer; stacking nlplab's layers reproduces torch."""
    Module, forward, load = {"lstm": (torch.nn.LSTM, lstm_forward, from_torch_state),
                             "gru": (torch.nn.GRU, gru_forward, gru_from_torch_state)}[cell]
    N, T, D, H = 3, 5, 4, 6
    module = Module(D, H, num_layers=2, batch_first=True, dtype=torch.float64)
    state = {k: v.detach().numpy() for k, v in module.state_dict().items()}
    x = rng.standard_normal((N, T, D))
    out_ref, _ = module(torch.tensor(x))
    h1, _ = forward(x, np.zeros((N, H)), *load(state, layer=0))
    h2, _ = forward(h1, np.zeros((N, H)), *load(state, layer=1))
    assert _max_abs(h2, out_ref.detach().numpy()) <= ATOL


@pytest.mark.parametrize("N,T,D,H", SHAPES)
def test_gru_matches_torch_nn_gru(torch, rng, N, T, D, H):
    module = torch.nn.GRU(D, H, batch_first=True, dtype=torch.float64)
    _random_torch_weights(torch, module)
    Wx, Wh, bx, bh = gru_from_torch_state({k: v.detach().numpy() for k, v in module.state_dict().items()})
    x, h0, dh = rng.standard_normal((N, T, D)), rng.standard_normal((N, H)), rng.standard_normal((N, T, H))
    h_ref, dx_ref, dh0_ref, (dWih, dWhh, dbih, dbhh), (hn_ref,) = _run_torch(torch, module, x, h0, dh, lstm=False)

    h, cache = gru_forward(x, h0, Wx, Wh, bx, bh)
    dx, dh0, dWx, dWh, dbx, dbh = gru_backward(dh, cache)
    errors = {
        "h": _max_abs(h, h_ref), "h_n": _max_abs(h[:, -1], hn_ref), "dx": _max_abs(dx, dx_ref),
        "dh0": _max_abs(dh0, dh0_ref), "dWx": _max_abs(dWx, dWih.T), "dWh": _max_abs(dWh, dWhh.T),
        # unlike the LSTM's, the GRU's two biases get different gradients: r multiplies bh_n only
        "dbx": _max_abs(dbx, dbih), "dbh": _max_abs(dbh, dbhh),
    }
    assert max(errors.values()) <= ATOL, errors
    assert _max_abs(dbih, dbhh) > 1e-3


def test_gru_float32_matches_torch_float32(torch, rng):
    N, T, D, H = 4, 10, 5, 8
    module = torch.nn.GRU(D, H, batch_first=True, dtype=torch.float32)
    Wx, Wh, bx, bh = gru_from_torch_state({k: v.detach().numpy() for k, v in module.state_dict().items()})
    x = rng.standard_normal((N, T, D)).astype(np.float32)
    h0 = rng.standard_normal((N, H)).astype(np.float32)
    dh = rng.standard_normal((N, T, H)).astype(np.float32)
    h_ref, dx_ref, _, (dWih, _, _, _), _ = _run_torch(torch, module, x, h0, dh, lstm=False)
    h, cache = gru_forward(x, h0, Wx, Wh, bx, bh)
    dx, _, dWx, _, _, _ = gru_backward(dh, cache)
    assert h.dtype == np.float32 and dx.dtype == np.float32
    assert _max_abs(h, h_ref) < 1e-5 and _max_abs(dx, dx_ref) < 1e-5 and _max_abs(dWx, dWih.T) < 1e-4


def _torch_attention(torch, q, k, v, mask, scale):
    """The same attention in torch by hand (bmm, masked_fill with −∞, softmax), and the weights."""
    qt, kt, vt = (torch.tensor(a, requires_grad=True) for a in (q, k, v))
    scores = scale * qt @ kt.transpose(1, 2)
    if mask is not None:
        scores = scores.masked_fill(~torch.tensor(mask)[:, None, :], float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return (qt, kt, vt), weights @ vt, weights


@pytest.mark.parametrize("N,Tq,T,d,Dv", [(1, 1, 1, 2, 3), (2, 3, 4, 5, 3), (3, 6, 9, 8, 8), (4, 1, 7, 16, 16)])
@pytest.mark.parametrize("masked", [False, True])
def test_attention_matches_torch(torch, rng, N, Tq, T, d, Dv, masked):
    q, k, v = rng.standard_normal((N, Tq, d)), rng.standard_normal((N, T, d)), rng.standard_normal((N, T, Dv))
    mask = None
    if masked:
        lengths = rng.integers(1, T + 1, size=N)
        mask = np.arange(T)[None, :] < lengths[:, None]           # padding at the end, as pad_sequences
    dcontext = rng.standard_normal((N, Tq, Dv))
    for scale in (1.0, 1 / np.sqrt(d)):
        (qt, kt, vt), context_ref, weights_ref = _torch_attention(torch, q, k, v, mask, scale)
        context_ref.backward(torch.tensor(dcontext))
        context, weights, cache = attention_forward(q, k, v, mask, scale=scale)
        dq, dk, dv = attention_backward(dcontext, cache)
        errors = {"context": _max_abs(context, context_ref.detach().numpy()),
                  "weights": _max_abs(weights, weights_ref.detach().numpy()),
                  "dquery": _max_abs(dq, qt.grad.numpy()), "dkeys": _max_abs(dk, kt.grad.numpy()),
                  "dvalues": _max_abs(dv, vt.grad.numpy())}
        assert max(errors.values()) <= ATOL, (scale, errors)
        # torch's fused scaled_dot_product_attention gives the same context
        sdpa = torch.nn.functional.scaled_dot_product_attention(
            torch.tensor(q), torch.tensor(k), torch.tensor(v),
            attn_mask=None if mask is None else torch.tensor(mask)[:, None, :], scale=scale)
        assert _max_abs(context, sdpa.numpy()) <= ATOL


def test_lstm_float32_matches_torch_float32(torch, rng):
    N, T, D, H = 4, 10, 5, 8
    module = torch.nn.LSTM(D, H, batch_first=True, dtype=torch.float32)
    Wx, Wh, b = from_torch_state({k: v.detach().numpy() for k, v in module.state_dict().items()})
    x = rng.standard_normal((N, T, D)).astype(np.float32)
    h0 = rng.standard_normal((N, H)).astype(np.float32)
    dh = rng.standard_normal((N, T, H)).astype(np.float32)
    h_ref, dx_ref, _, (dWih, _, _, _), _ = _run_torch(torch, module, x, h0, dh, lstm=True)
    h, cache = lstm_forward(x, h0, Wx, Wh, b)
    dx, _, dWx, _, _ = lstm_backward(dh, cache)
    assert h.dtype == np.float32 and dx.dtype == np.float32
    assert _max_abs(h, h_ref) < 1e-5 and _max_abs(dx, dx_ref) < 1e-5 and _max_abs(dWx, dWih.T) < 1e-4


@pytest.mark.parametrize("make", [
    ("SGD", lambda: SGD(lr=0.1), lambda torch, ps: torch.optim.SGD(ps, lr=0.1)),
    ("SGD momentum", lambda: SGD(lr=0.05, momentum=0.9), lambda torch, ps: torch.optim.SGD(ps, lr=0.05, momentum=0.9)),
    ("Adagrad", lambda: Adagrad(lr=0.1), lambda torch, ps: torch.optim.Adagrad(ps, lr=0.1)),
    ("Adam", lambda: Adam(lr=0.01), lambda torch, ps: torch.optim.Adam(ps, lr=0.01)),
    ("Adam betas", lambda: Adam(lr=0.1, beta1=0.5, beta2=0.9, eps=1e-6),
     lambda torch, ps: torch.optim.Adam(ps, lr=0.1, betas=(0.5, 0.9), eps=1e-6)),
], ids=lambda m: m[0])
def test_optimizers_match_torch_optim(torch, rng, make):
    _, ours, theirs = make
    params = {"W": rng.standard_normal((3, 4)), "b": rng.standard_normal(4)}
    torch_params = {k: torch.tensor(v.copy(), requires_grad=True) for k, v in params.items()}
    opt, torch_opt = ours(), theirs(torch, list(torch_params.values()))
    for _ in range(6):
        grads = {k: rng.standard_normal(v.shape) for k, v in params.items()}
        opt.update(params, grads)
        for k, p in torch_params.items():
            p.grad = torch.tensor(grads[k])
        torch_opt.step()
    for k in params:
        assert _max_abs(params[k], torch_params[k].detach().numpy()) <= 1e-12, k


@pytest.mark.parametrize("max_norm", [0.5, 100.0])
def test_clip_grad_norm_matches_torch(torch, rng, max_norm):
    grads = {"W": rng.standard_normal((3, 4)), "b": rng.standard_normal(5)}
    tensors = []
    for g in grads.values():
        p = torch.zeros(g.shape, dtype=torch.float64, requires_grad=True)
        p.grad = torch.tensor(g.copy())
        tensors.append(p)
    total_ref = float(torch.nn.utils.clip_grad_norm_(tensors, max_norm))
    total = clip_grad_norm(grads, max_norm)
    assert total == pytest.approx(total_ref, rel=1e-14)
    for g, p in zip(grads.values(), tensors):
        assert _max_abs(g, p.grad.numpy()) <= 1e-15
