"""One HTTP request to a test server (scripts/static_server.py), for the build tests."""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit


def fetch(url: str, path: str, method: str = "GET", body: bytes | None = None,
          headers: dict | None = None) -> tuple[int, dict[str, str], bytes]:
    """(status, headers with lower-case names, body) of `method path` on the server at `url`."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
    finally:
        conn.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, data
