#!/usr/bin/env bash
# Creates, or reuses, the Python virtualenv with Selenium that the web UI browser test runs
# (selenium from PyPI, pinned in scripts/ui-test/requirements.txt; the browser is Debian's chromium).
#
#   scripts/selenium-venv.sh        # prints the venv's python on stdout; silent otherwise unless it installs
#
# Idempotent: when the venv exists, its python runs, and it was built from the same requirements file, nothing
# is done. Otherwise the venv is (re)created and the pins installed. Safe to run concurrently (flock).
# Environment: PYTHON (default python3) picks the interpreter; DRYDOCK_SELENIUM_VENV (default .build/venv-selenium) the place.
# Needs `python3 -m venv` with ensurepip: built into pyenv/python.org builds; on Debian's python3 it is the
# `python3-venv` package.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${DRYDOCK_SELENIUM_VENV:-$root/.build/venv-selenium}"
requirements="$root/scripts/ui-test/requirements.txt"
python="${PYTHON:-python3}"
stamp="$venv/.drydock-requirements.sha256"

log() { echo "selenium-venv: $*" >&2; }

ready() {
    [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]] &&
        "$venv/bin/python" -c 'import selenium.webdriver' 2>/dev/null
}

want="$(sha256sum "$requirements" | cut -d' ' -f1)"
mkdir -p "$(dirname "$venv")"
exec 9>"$venv.lock"
flock 9

if ! ready; then
    if ! command -v "$python" >/dev/null 2>&1; then
        log "no '$python' on PATH; install python3 (Debian: apt-get install python3 python3-venv)"
        exit 1
    fi
    if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c 'import sys' 2>/dev/null; then
        log "creating $venv with $("$python" --version 2>&1)"
        if ! "$python" -m venv --clear "$venv" >/dev/null; then
            log "'$python -m venv' failed; on Debian install the python3-venv package (apt-get install python3-venv)"
            exit 1
        fi
    fi
    log "installing selenium from $requirements"
    if ! PIP_DISABLE_PIP_VERSION_CHECK=1 "$venv/bin/python" -m pip install --quiet --no-input -r "$requirements"; then
        log "pip install failed (is PyPI reachable?)"
        exit 1
    fi
    echo "$want" >"$stamp"
    ready || { rm -f "$stamp"; log "the venv still cannot import selenium"; exit 1; }
    log "ready"
fi

echo "$venv/bin/python"
