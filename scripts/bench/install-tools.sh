#!/usr/bin/env bash
# Installs the Debian packages the benchmark needs, and only those that are missing: debootstrap (the bench
# images are real Debian root filesystems), GNU time (wall time and peak RSS of the measured processes),
# docker-registry (the local registry the images are pushed to), tar and gzip, and python3 with venv/pip
# (for the syft venv). Same rules as scripts/install-deps.sh: non-interactive, and no package may start a
# service while it runs (a temporary /usr/sbin/policy-rc.d that exits 101); afterwards no system-wide
# registry is left listening on 0.0.0.0:5000.
set -euo pipefail

packages=(debootstrap time docker-registry tar gzip ca-certificates python3 python3-venv python3-pip)

missing=()
for package in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    if [[ "$status" != "install ok installed" ]]; then
        missing+=("$package")
    fi
done

as_root=()
if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
        as_root=(sudo -n)
    else
        echo "bench/install-tools: missing ${missing[*]:-nothing} and not root (no sudo)" >&2
        [[ ${#missing[@]} -eq 0 ]] || exit 1
    fi
fi

stop_system_registry() {
    # Debian's package ships a service on :5000 (all interfaces) with /etc/docker/registry/config.yml.
    if pgrep -f 'docker-registry serve /etc/docker/registry/config.yml' >/dev/null 2>&1; then
        echo "bench/install-tools: stopping the system-wide docker-registry"
        "${as_root[@]}" pkill -f 'docker-registry serve /etc/docker/registry/config.yml' || true
    fi
}

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "bench/install-tools: all present (${packages[*]})"
    stop_system_registry
    exit 0
fi

echo "bench/install-tools: installing ${missing[*]}"
policy=/usr/sbin/policy-rc.d
created_policy=0
remove_policy() {
    if [[ $created_policy -eq 1 ]]; then
        "${as_root[@]}" rm -f "$policy"
    fi
}
trap remove_policy EXIT
if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\n# Temporary, from drydock scripts/bench/install-tools.sh: no services start during installs.\nexit 101\n' \
        | "${as_root[@]}" tee "$policy" >/dev/null
    "${as_root[@]}" chmod 755 "$policy"
    created_policy=1
fi

apt_options=(-y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install "${apt_options[@]}" --no-install-recommends \
    "${missing[@]}" </dev/null

stop_system_registry
