#!/usr/bin/env bash
# One entry point for newcomers:  ./dev.sh app   (set up, open the app on an example)
#                                 ./dev.sh test  (set up, check layers, lint and types, run the tests)
set -euo pipefail
cd "$(dirname "$0")"

setup() {  # $1: pip extras, e.g. "[test]"
    # Install only when pyproject.toml changed since the last install (or new extras are asked
    # for): the stamp holds its hash and the extras, so a second `./dev.sh app` starts at once.
    local stamp=".venv/.install-stamp" hash
    hash="$(sha256sum pyproject.toml | cut -d' ' -f1)"
    if [ -x .venv/bin/python ] && [ -f "$stamp" ]; then
        read -r old_hash old_extras < "$stamp" || true
        if [ "$old_hash" = "$hash" ] && { [ -z "$1" ] || [ "${old_extras:-}" = "$1" ]; }; then
            return
        fi
    fi
    [ -x .venv/bin/python ] || python3 -m venv .venv
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".$1"
    echo "$hash $1" > "$stamp"
}

case "${1:-}" in
    app)
        setup ""
        shift
        exec .venv/bin/metricscape "${@:-resources/examples/music-streaming.json}" ;;
    test)
        setup "[test]"
        shift
        .venv/bin/lint-imports
        .venv/bin/ruff check src tests benchmarks
        # Types: strict for the pure layers and the derived state, normal for ui and cli
        # (see [tool.mypy] in pyproject.toml).
        .venv/bin/mypy
        exec env QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}" .venv/bin/pytest "$@" ;;
    *)
        echo "usage: ./dev.sh app [FILE]   or   ./dev.sh test [PYTEST ARGS]" >&2
        exit 2 ;;
esac
