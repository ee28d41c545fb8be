#!/usr/bin/env bash
# Install what the browser tests need: Debian's chromium and the Python `playwright` driver.
# Idempotent, and never fails the build: when something cannot be installed it says why and the
# browser tests skip. Playwright's own browser download (`playwright install`) is never used:
# the tests drive /usr/bin/chromium.
set -u
cd "$(dirname "$0")/.."
PY="${VENV:-.venv}/bin/python"

if [ -x /usr/bin/chromium ]; then
    echo "install-browser: chromium present ($(/usr/bin/chromium --version 2>/dev/null || echo 'version unknown'))"
elif ! command -v apt-get >/dev/null 2>&1; then
    echo "install-browser: apt-get not available; browser tests will be skipped"
elif [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null 2>&1; then
    echo "install-browser: not root and no sudo; cannot install chromium; browser tests will be skipped"
else
    SUDO=""
    [ "$(id -u)" != 0 ] && SUDO="sudo -n"
    echo "install-browser: installing chromium with apt-get"
    LOG="$(mktemp)"
    if { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
            $SUDO apt-get install -y -qq --no-install-recommends chromium; } >"$LOG" 2>&1; then
        echo "install-browser: chromium installed"
    else
        tail -n 5 "$LOG"
        echo "install-browser: apt-get could not install chromium; browser tests will be skipped"
    fi
    rm -f "$LOG"
fi

if [ ! -x "$PY" ]; then
    echo "install-browser: no virtualenv python at $PY; run 'make install' first"
elif "$PY" -c "import playwright" 2>/dev/null; then
    echo "install-browser: python playwright present"
elif ! "$PY" -m pip install --quiet playwright; then
    echo "install-browser: pip could not install playwright; browser tests will be skipped"
fi
exit 0
