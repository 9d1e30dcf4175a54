"""nlplab: the NumPy code of the course "자연어 처리 심화".

Small, readable building blocks (encodings, text vectorizers, Naive Bayes, RNN and LSTM layers,
optimizers, models) that the lessons run in the browser and the tests check against PyTorch
and scikit-learn. NumPy is the only run-time dependency.
"""

__version__ = "0.1.0"
