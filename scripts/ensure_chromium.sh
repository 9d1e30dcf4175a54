#!/bin/sh
# The browser tests drive Debian's Chromium (Playwright cannot download its own browser here).
# Install it, and the CJK fonts that Korean screenshots need, when missing and we may.
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "[setup] installing Debian's chromium and fonts-noto-cjk"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null \
    || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }
else
  echo "[setup] /usr/bin/chromium is missing; install Debian's 'chromium' package (the tests fall back to Playwright's own browser if one is installed)" >&2
fi
