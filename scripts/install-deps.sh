#!/usr/bin/env bash
# Installs the Debian packages the test suite needs (or the packages named as arguments), and only those
# that are missing.
# Non-interactive; Debian's maintainer scripts are not allowed to start services while it runs
# (a temporary /usr/sbin/policy-rc.d that exits 101). Afterwards, no system-wide registry may be
# left listening on 0.0.0.0:5000: the tests start their own, on 127.0.0.1 only.
set -euo pipefail

if [[ $# -gt 0 ]]; then
    packages=("$@")
else
    packages=(docker-registry apache2-utils openssl zstd xz-utils tar gzip zip unzip python3 python3-venv rpm db5.3-util sqlite3 postgresql chromium chromium-driver)
fi

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
        echo "install-deps: missing ${missing[*]:-nothing} and not root (no sudo)" >&2
        [[ ${#missing[@]} -eq 0 ]] || exit 1
    fi
fi

stop_system_registry() {
    # Debian's package ships a service on :5000 (all interfaces) with /etc/docker/registry/config.yml.
    if pgrep -f 'docker-registry serve /etc/docker/registry/config.yml' >/dev/null 2>&1; then
        echo "install-deps: stopping the system-wide docker-registry"
        "${as_root[@]}" pkill -f 'docker-registry serve /etc/docker/registry/config.yml' || true
    fi
}

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "install-deps: all present (${packages[*]})"
    stop_system_registry
    exit 0
fi

echo "install-deps: installing ${missing[*]}"
policy=/usr/sbin/policy-rc.d
created_policy=0
remove_policy() {
    if [[ $created_policy -eq 1 ]]; then
        "${as_root[@]}" rm -f "$policy"
    fi
}
trap remove_policy EXIT
if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\n# Temporary, from drydock scripts/install-deps.sh: no services start during installs.\nexit 101\n' \
        | "${as_root[@]}" tee "$policy" >/dev/null
    "${as_root[@]}" chmod 755 "$policy"
    created_policy=1
fi

export DEBIAN_FRONTEND=noninteractive
apt_options=(-y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install "${apt_options[@]}" --no-install-recommends \
    "${missing[@]}" </dev/null

stop_system_registry
