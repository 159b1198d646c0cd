#!/usr/bin/env bash
# Creates, or reuses, the Python virtualenv with Selenium that the web UI browser test runs (selenium from PyPI,
# pinned in scripts/ui-test/requirements.txt; the browser is Debian's chromium). Prints the venv's python.
# Environment: DRYDOCK_SELENIUM_VENV (default .build/venv-selenium) the place; PYTHON the interpreter.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
exec "$root/scripts/python-venv.sh" --venv "${DRYDOCK_SELENIUM_VENV:-$root/.build/venv-selenium}" \
    --requirements "$root/scripts/ui-test/requirements.txt" --imports "selenium.webdriver" --label selenium-venv
