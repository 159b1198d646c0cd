#!/usr/bin/env bash
# Builds the bench root filesystems once and caches them under .build/bench-rootfs (or $1):
#   minbase/  debootstrap --variant=minbase bookworm
#   dev/      the same plus python3, perl, git, gcc
#   wheels/   only usr/local/lib/python3.11/dist-packages: a dozen popular manylinux wheels (pinned), installed
#             with pip --target; the wheels image is dev/ plus this as a second layer.
# Each is skipped when its marker (NAME.done, beside the dir, so it is not part of the layer) exists; the marker
# holds the build's date and recipe, and drydock-bench rebuilds a cached layer blob when the marker changes.
# Debootstrap takes minutes: the downloaded .debs are kept in debs/ so the second one reuses the first's.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$root/.build/bench-rootfs}
venv=${2:-$root/.build/bench-venv}
mirror=${BENCH_MIRROR:-http://deb.debian.org/debian}
suite=bookworm
dev_packages=python3,perl,git,gcc
wheels=(
    requests==2.32.3 urllib3==2.3.0 idna==3.10 certifi==2024.12.14 charset-normalizer==3.4.1 six==1.17.0
    python-dateutil==2.9.0.post0 PyYAML==6.0.2 numpy==2.2.1 click==8.1.8 Jinja2==3.1.5 MarkupSafe==3.0.2
    packaging==24.2 attrs==24.3.0
)
mkdir -p "$out/debs"

# Leaves what the image should hold: no device nodes, kernel file systems, apt lists or caches, logs of the build.
clean_rootfs() {
    local dir=$1
    for mounted in proc sys dev/pts dev; do
        if mountpoint -q "$dir/$mounted" 2>/dev/null; then umount -l "$dir/$mounted" || true; fi
    done
    rm -rf "$dir"/dev/* "$dir"/proc/* "$dir"/sys/* "$dir"/run/* "$dir"/tmp/* \
        "$dir"/var/lib/apt/lists/* "$dir"/var/cache/apt/*.bin "$dir"/var/cache/apt/archives/*.deb \
        "$dir"/debootstrap "$dir"/var/log/bootstrap.log
}

debootstrap_rootfs() {
    local name=$1 include=${2:-}
    local dir=$out/$name marker=$out/$name.done
    if [[ -f "$marker" && -d "$dir" ]]; then
        echo "bench/rootfs: $name cached ($(head -1 "$marker"))"
        return
    fi
    echo "bench/rootfs: debootstrap $name (minbase $suite${include:+ + $include}); this takes minutes"
    rm -rf "$dir" "$marker"
    local args=(--variant=minbase "--cache-dir=$out/debs")
    [[ -n "$include" ]] && args+=("--include=$include")
    local log=$out/$name.debootstrap.log
    if ! debootstrap "${args[@]}" "$suite" "$dir" "$mirror" >"$log" 2>&1; then
        tail -30 "$log" >&2
        [[ -f "$dir/debootstrap/debootstrap.log" ]] && tail -30 "$dir/debootstrap/debootstrap.log" >&2
        clean_rootfs "$dir" 2>/dev/null || true
        echo "bench/rootfs: debootstrap $name failed (log: $log)" >&2
        exit 1
    fi
    clean_rootfs "$dir"
    printf '%s\ndebootstrap --variant=minbase %s %s %s\npackages: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
        "${include:+--include=$include}" "$suite" "$mirror" "$(chroot "$dir" dpkg-query -W | wc -l)" >"$marker"
}

wheels_rootfs() {
    local dir=$out/wheels marker=$out/wheels.done
    if [[ -f "$marker" && -d "$dir" ]]; then
        echo "bench/rootfs: wheels cached ($(head -1 "$marker"))"
        return
    fi
    echo "bench/rootfs: pip install --target (${#wheels[@]} pinned wheels)"
    rm -rf "$dir" "$marker"
    local target=$dir/usr/local/lib/python3.11/dist-packages
    mkdir -p "$target"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check --no-cache-dir \
        --target "$target" --only-binary=:all: --python-version 3.11 --implementation cp --abi cp311 \
        --platform manylinux2014_x86_64 "${wheels[@]}"
    printf '%s\npip install --target %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "${wheels[*]}" >"$marker"
}

debootstrap_rootfs minbase
debootstrap_rootfs dev "$dev_packages"
wheels_rootfs
