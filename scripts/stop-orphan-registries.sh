#!/usr/bin/env bash
# Stops docker-registry processes that a test run started (config under a drydock-registry-* temp
# dir) and left behind because the test process died before it could stop them (parent is PID 1).
# Registries owned by a live test process, and any other registry, are left alone.
set -euo pipefail
for pid in $(pgrep -f 'docker-registry serve .*/drydock-registry-[^/]*/config.yml' || true); do
    ppid=$(ps -o ppid= -p "$pid" 2>/dev/null | tr -d ' ' || true)
    if [[ "$ppid" == "1" ]]; then
        echo "stop-orphan-registries: stopping leftover registry $pid"
        kill "$pid" 2>/dev/null || true
    fi
done

# The same for throw-away PostgreSQL clusters (data under a drydock-postgres-* temp dir): stopped at once.
for pid in $(pgrep -f 'postgres -D .*/drydock-postgres-[^/]*/data' || true); do
    ppid=$(ps -o ppid= -p "$pid" 2>/dev/null | tr -d ' ' || true)
    if [[ "$ppid" == "1" ]]; then
        echo "stop-orphan-registries: stopping leftover PostgreSQL $pid"
        kill -QUIT "$pid" 2>/dev/null || true
    fi
done
