#!/usr/bin/env bash
# One entry point for newcomers:  ./dev.sh app   (set up, open the app on an example)
#                                 ./dev.sh test  (set up, check layers, lint and types, run the tests)
set -euo pipefail
cd "$(dirname "$0")"

setup() {  # $1: pip extras, e.g. "[test]"
    [ -x .venv/bin/python ] || python3 -m venv .venv
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e ".$1"
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
