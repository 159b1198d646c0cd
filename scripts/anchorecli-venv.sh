#!/usr/bin/env bash
# Creates, or reuses, the Python virtualenv holding the real anchore-cli 0.9.3 (PyPI `anchorecli`) that the
# compatibility tests (Tests/CommandsTests/AnchoreCLITests.swift) run against `drydock serve`.
#
#   scripts/anchorecli-venv.sh      # prints the venv's anchore-cli on stdout; silent otherwise unless it installs
#
# Idempotent: when `.build/venv-anchorecli/bin/anchore-cli --version` already works, nothing is done. Otherwise the
# venv is (re)created and anchorecli installed without its (too old, unbuildable) pins, then the runtime libraries
# at versions it works with. Safe to run concurrently (flock).
# Environment: PYTHON (default python3) picks the interpreter; DRYDOCK_ANCHORECLI_VENV (default
# .build/venv-anchorecli) the place. Needs `python3 -m venv` (Debian: the python3-venv package) and PyPI.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${DRYDOCK_ANCHORECLI_VENV:-$root/.build/venv-anchorecli}"
python="${PYTHON:-python3}"
cli="$venv/bin/anchore-cli"

log() { echo "anchorecli-venv: $*" >&2; }

ready() {
    [[ -x "$cli" ]] && "$cli" --version >/dev/null 2>&1
}

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
    pip=("$venv/bin/python" -m pip install --quiet --no-input)
    export PIP_DISABLE_PIP_VERSION_CHECK=1
    log "installing anchorecli==0.9.3 and its runtime libraries"
    # pip complains that anchorecli's exact pins are not met; that is the point, so its output is shown only on failure.
    pip_log="$venv.pip.log"
    if ! { "${pip[@]}" --no-deps anchorecli==0.9.3 &&
        "${pip[@]}" Click==8.0.1 prettytable==2.2.0 python-dateutil PyYAML requests; } >"$pip_log" 2>&1; then
        cat "$pip_log" >&2
        log "pip install failed (is PyPI reachable?)"
        exit 1
    fi
    rm -f "$pip_log"
    ready || { log "anchore-cli still does not run: $("$cli" --version 2>&1 | tail -n 3)"; exit 1; }
    log "ready: $("$cli" --version 2>&1)"
fi

echo "$cli"
