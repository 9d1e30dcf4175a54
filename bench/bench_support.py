"""What the benchmarks share: the built site served as a static host would, a snapshot of it, and
their JSON reports. Chromium and its timeouts are the browser tests' (tests/browser/browser_support.py)."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
sys.path.insert(0, str(ROOT / "scripts"))
from browser_support import free_port  # noqa: E402


def start_server(site: Path, isolate: bool, plain: bool = False, csp: bool = True) -> tuple[subprocess.Popen, str]:
    """scripts/static_server.py in a process of its own (it must not share this one's GIL);
    `plain`: a host that compresses nothing (it never sends the precompressed copies); `csp=False`:
    no Content-Security-Policy header (a bench page of its own, not the site's)."""
    port = free_port()
    cmd = [sys.executable, str(ROOT / "scripts" / "static_server.py"), str(site), "--port", str(port)]
    cmd += (["--isolate"] if isolate else []) + (["--plain"] if plain else []) + ([] if csp else ["--no-csp"])
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def snapshot(site: Path, into: Path) -> Path:
    """A copy of the built site, precompressed as `make build` leaves it (cached: instant when the
    build already did it), so that a rebuild of site/ meanwhile cannot disturb a measurement."""
    import precompress

    if not (site / "index.html").exists():
        raise SystemExit(f"{site} is not a built site: run `make build`")
    copy = into / "site"
    shutil.copytree(site, copy)
    precompress.precompress(copy)
    return copy


def write_json(path: Path, report: dict) -> None:
    """A benchmark's report, and where it went."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
