"""The interpreter's memory snapshot (web/src/python-snapshot.ts, web/src/runner/python-snapshot.ts).

After a visit whose service worker has activated, a worker of its own keeps a copy of Python's
memory after its start in Cache Storage; the next tab starts from it (NumPy loading beside), with
`random` reseeded. A copy it cannot use means a normal start, with a warning, and the copy is
dropped. Each test uses a fresh context (its own service worker and caches).
"""

from __future__ import annotations

from browser_support import INSTALL_MS
from offline_support import new_context, poll, wait_offline_ready
from playground_support import BOOT_MS, PLAYGROUND, output, run, set_code, wait_ready

SNAPSHOT_CACHE = "nlplab-python-snapshot"
# numpy's numbers, the interpreter's, the course's library and `random` (reseeded after a restore)
PROBE = """import random, sys
import numpy as np
from nlplab.layers import softmax
print(sys.version.split()[0], np.__version__)
print(np.round(softmax(np.array([[1.0, 2.0, 3.0]])), 6))
print(f"{np.linalg.norm(np.arange(12.0).reshape(3, 4) @ np.ones(4)):.9f}")
print("random", random.random())"""


def kept_snapshots(page) -> list[str]:
    """The keys of the kept snapshots (once the snapshot cache exists)."""
    return page.evaluate(f"""async () => (await caches.has("{SNAPSHOT_CACHE}"))
        ? (await (await caches.open("{SNAPSHOT_CACHE}")).keys()).map(r => r.url) : []""")


def wait_for_snapshot(page) -> str:
    [key] = poll(page, f"""async () => {{
        if (!(await caches.has("{SNAPSHOT_CACHE}"))) return null;
        const keys = await (await caches.open("{SNAPSHOT_CACHE}")).keys();
        return keys.length ? keys.map(r => r.url) : null;
    }}""", timeout_ms=INSTALL_MS)
    return key


def probe(page) -> tuple[str, str]:
    """The probe's output: (everything but the random line, the random line)."""
    set_code(page, "first", PROBE)
    assert run(page, "first", timeout=BOOT_MS) == "done", output(page, "first")
    lines = output(page, "first").strip().splitlines()
    return "\n".join(line for line in lines if not line.startswith("random")), \
        next(line for line in lines if line.startswith("random"))


def new_tab(context, site):
    page = context.new_page()
    page.warnings = []
    page.on("console", lambda m: page.warnings.append(m.text) if m.type == "warning" else None)
    page.goto(site + PLAYGROUND)
    wait_ready(page)
    return page


def test_the_next_tab_starts_from_the_snapshot_and_computes_the_same(browser, site_url):
    context = new_context(browser)
    try:
        first = new_tab(context, site_url)
        assert first.evaluate("nlplabRuntime.bootSnapshot") == "absent"
        values, first_random = probe(first)
        wait_offline_ready(first)
        key = wait_for_snapshot(first)
        assert "python-snapshot?files=" in key

        restored = [new_tab(context, site_url) for _ in range(2)]
        randoms = []
        for page in restored:
            assert page.evaluate("nlplabRuntime.bootSnapshot") == "restored"
            again, random_line = probe(page)
            assert again == values, "a restored interpreter computed something else"
            randoms.append(random_line)
            assert not [w for w in page.warnings if "snapshot" in w], page.warnings
        assert len({first_random, *randoms}) == 3, f"random was not reseeded: {first_random}, {randoms}"
        assert kept_snapshots(first) == [key], "a restored tab made another snapshot"
    finally:
        context.close()


def test_a_snapshot_it_cannot_use_means_a_normal_start(browser, site_url):
    context = new_context(browser)
    try:
        first = new_tab(context, site_url)
        values, _ = probe(first)
        wait_offline_ready(first)
        key = wait_for_snapshot(first)
        # Same key and length header, other bytes: the copy reads whole but Pyodide refuses it.
        first.evaluate("""async ([name, key]) => {
            const cache = await caches.open(name);
            const kept = await cache.match(key);
            const bytes = new Uint8Array(await kept.arrayBuffer()).fill(7);
            await cache.put(key, new Response(bytes, { headers: kept.headers }));
        }""", [SNAPSHOT_CACHE, key])

        refused = new_tab(context, site_url)
        assert refused.evaluate("nlplabRuntime.bootSnapshot") == "refused"
        assert any("snapshot was refused" in w for w in refused.warnings), refused.warnings
        assert probe(refused)[0] == values
        # The refused copy is gone; the tab makes a good one, which the next tab starts from.
        wait_for_snapshot(refused)
        after = new_tab(context, site_url)
        assert after.evaluate("nlplabRuntime.bootSnapshot") == "restored"
        assert probe(after)[0] == values
    finally:
        context.close()
