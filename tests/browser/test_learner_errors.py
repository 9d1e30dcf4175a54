"""A learner's wrong call of nlplab, in Chromium, on the playground (docs/playground.md).

In the page the runtime hides nlplab's own frames, so nlplab's message is all the learner sees of
the mistake: the traceback must show the learner's own lines (with the editor's line numbers)
and end with nlplab's message, which names the function, what it expected and the likely fix.
"""

from __future__ import annotations

from playground_support import cell, open_playground, run, set_code, wait_ready

CELL = "text-only"              # the playground's 10th cell: its code is "<셀 10>"

# A PyTorch habit: the batch laid out time-major (T, N, D), called from the learner's own function.
WRONG_CALL = """\
import numpy as np
from nlplab.rnn import rnn_forward

def encode(x, H=4):
    N = x.shape[1]
    return rnn_forward(x, np.zeros((N, H)), np.ones((3, H)) * 0.1, np.eye(H), np.zeros(H))

x = np.zeros((7, 2, 3))          # (T, N, D), as torch.nn.RNN reads it
h, cache = encode(x)
"""


def test_a_wrong_nlplab_call_shows_nlplabs_message_under_the_learners_line(browser, site_url):
    context = browser.new_context()
    try:
        page = open_playground(context, site_url)
        wait_ready(page)
        set_code(page, CELL, WRONG_CALL)
        assert run(page, CELL) == "error"
        traceback = cell(page, CELL).locator(".nl-output__error").inner_text().rstrip()
        lines = traceback.splitlines()
        # the learner's two lines, with the editor's numbers: the call, then the line inside encode
        assert 'File "<셀 10>", line 9, in <module>' in traceback
        assert 'File "<셀 10>", line 6, in encode' in traceback
        assert [line for line in lines if line.lstrip().startswith("File ")] == [
            '  File "<셀 10>", line 9, in <module>', '  File "<셀 10>", line 6, in encode']
        # nlplab's message is the last line: it names the function, the mistake and the fix
        assert lines[-1].startswith("ValueError: rnn_forward: x has shape (7, 2, 3) but h0 has (2, 4)")
        assert "time-major" in lines[-1] and "x.transpose(1, 0, 2)" in lines[-1]
        # and none of nlplab's own frames
        assert "nlplab/" not in traceback and "_checks" not in traceback and "site-packages" not in traceback
        marked = cell(page, CELL).locator(".cm-line.nl-error-line")
        assert marked.count() == 1 and marked.inner_text().startswith("    return rnn_forward(")
        assert page.errors == []
    finally:
        context.close()
