"""One layer of a torch recurrent module's state dict, read as numpy arrays (private).

nlplab never imports torch: the tests and pages pass {k: v.detach().numpy() for k, v in
module.state_dict().items()}. rnn.from_torch_state and gru.from_torch_state read the same four
keys here and check the shapes their own cell expects.
"""

from __future__ import annotations

import numpy as np

from ._checks import as_float_array, describe, positive_int


def layer_arrays(where: str, state_dict, layer) -> tuple[str, np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """(W_hh's key, weight_ih, weight_hh, {bias key: bias}) of one layer; absent biases are left out."""
    if not hasattr(state_dict, "keys") or not hasattr(state_dict, "__getitem__"):
        raise TypeError(f"{where}: state_dict에는 이름 -> 배열의 dict가 와야 합니다, 받은 값: {describe(state_dict)} "
                        "(torch 모듈이라면 {k: v.detach().numpy() for k, v in module.state_dict().items()})")
    layer = positive_int(where, "layer", layer, minimum=0)
    keys = [f"weight_ih_l{layer}", f"weight_hh_l{layer}"]
    missing = [k for k in keys if k not in state_dict]
    if missing:
        raise ValueError(f"{where}: missing {missing}; got keys {sorted(state_dict)}")
    W_ih, W_hh = (numpy_weight(where, k, state_dict[k]) for k in keys)
    biases = {k: numpy_weight(where, k, state_dict[k])
              for k in (f"bias_ih_l{layer}", f"bias_hh_l{layer}") if k in state_dict}
    return keys, W_ih, W_hh, biases


def numpy_weight(where: str, key: str, value) -> np.ndarray:
    """One array of a state dict as a float numpy array; a torch.Tensor is named, not converted."""
    if type(value).__module__.startswith("torch"):
        raise TypeError(f"{where}: {key}이(가) torch.Tensor입니다: nlplab은 torch를 쓰지 않습니다. "
                        f"v.detach().numpy()로 바꾼 dict를 넘기세요")
    return as_float_array(where, key, value)
