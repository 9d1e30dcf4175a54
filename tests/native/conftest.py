"""Fixtures of nlplab's own suite (also run inside Pyodide: numpy and pytest only)."""

import numpy as np
import pytest


@pytest.fixture
def rng() -> np.random.Generator:
    """A seeded generator: every test's randomness is reproducible."""
    return np.random.default_rng(0)
