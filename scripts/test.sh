#!/usr/bin/env bash
# Runs every check and test suite: the format, lint and type checks (scripts/lint.sh), the Catch2 core suite
# natively and in wasm (both through ctest), then the JS API tests, the node-only page tests and the browser
# tests (node's test runner). Stops at the first failing step.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== format, lint and type checks (scripts/lint.sh)"
bash scripts/lint.sh
echo "== core suite, native (ctest)"
ctest --test-dir build/native --output-on-failure
echo "== core suite, wasm under node (ctest)"
ctest --test-dir build/wasm --output-on-failure
echo "== JS API, page and browser tests (node --test)"
suites=()
for dir in tests/js tests/web tests/browser; do [ -d "$dir" ] && suites+=("$dir/"); done
node --test --test-concurrency=1 "${suites[@]}"
