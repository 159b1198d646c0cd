#!/usr/bin/env bash
# Installs the Debian packages the benchmark needs, and only those that are missing: debootstrap (the bench
# images are real Debian root filesystems), docker-registry (the local registry the images are pushed to), tar and gzip, and python3 with venv/pip
# (for the syft venv). The same installer as the tests': non-interactive, no service starts, and no
# system-wide registry is left listening afterwards.
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/../install-deps.sh" \
    debootstrap docker-registry tar gzip ca-certificates python3 python3-venv python3-pip
