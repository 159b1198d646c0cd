#!/usr/bin/env bash
# Creates, or reuses, a Python virtualenv built from a pinned requirements file. By default the one with the
# official SBOM validators the tests run (cyclonedx-python-lib and spdx-tools from PyPI, pinned in
# scripts/sbom-validate/requirements.txt); scripts/selenium-venv.sh uses it for the browser test's Selenium.
#
#   scripts/python-venv.sh          # prints the venv's python on stdout; silent otherwise unless it installs
#   scripts/python-venv.sh --venv DIR --requirements FILE --imports 'a, b.c' --label NAME
#
# Idempotent: when the venv exists, its python runs and imports the modules, and it was built from the same
# requirements file, nothing is done. Otherwise the venv is (re)created and the pins installed. Safe to run
# concurrently (flock).
# Environment: PYTHON (default python3) picks the interpreter; DRYDOCK_VENV (default .build/venv-tools) the place
# of the default venv. Needs `python3 -m venv` with ensurepip: built into pyenv/python.org builds; on Debian's
# python3 it is the `python3-venv` package.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${DRYDOCK_VENV:-$root/.build/venv-tools}"
requirements="$root/scripts/sbom-validate/requirements.txt"
imports="cyclonedx, spdx_tools, packaging"
label="python-venv"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --venv) venv="$2"; shift 2 ;;
        --requirements) requirements="$2"; shift 2 ;;
        --imports) imports="$2"; shift 2 ;;
        --label) label="$2"; shift 2 ;;
        *) echo "python-venv: unknown option $1" >&2; exit 2 ;;
    esac
done
python="${PYTHON:-python3}"
stamp="$venv/.drydock-requirements.sha256"

log() { echo "$label: $*" >&2; }

ready() {
    [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]] &&
        "$venv/bin/python" -c "import $imports" 2>/dev/null
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
    log "installing $requirements"
    if ! PIP_DISABLE_PIP_VERSION_CHECK=1 "$venv/bin/python" -m pip install --quiet --no-input -r "$requirements"; then
        log "pip install failed (is PyPI reachable?)"
        exit 1
    fi
    echo "$want" >"$stamp"
    ready || { rm -f "$stamp"; log "the venv still cannot import $imports"; exit 1; }
    log "ready"
fi

echo "$venv/bin/python"
