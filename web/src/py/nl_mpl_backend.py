"""matplotlib backend of the in-page runtime: Agg rendering, and plt.show() sends PNGs at once.

Selected with MPLBACKEND=module://nl_mpl_backend before matplotlib is imported. `plt.show()`
(and `plt.pause()`, which calls it) sends every open figure that changed, without closing it:
showing the same figure again replaces its image in the cell's output, so a training loop that
clears and redraws one figure gets a live plot. At the end of the cell the runtime sends what
changed since and closes all figures, as Jupyter's inline backend does.
"""

from matplotlib.backend_bases import _Backend
from matplotlib.backends.backend_agg import _BackendAgg


@_Backend.export
class _BackendNlplab(_BackendAgg):
    @classmethod
    def show(cls, *args, **kwargs):
        from nl_output import show_figures

        show_figures(close=False)
