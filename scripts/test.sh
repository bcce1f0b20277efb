#!/usr/bin/env bash
# Runs every test suite: the Catch2 core suite natively and in wasm (both through ctest), the JS API tests
# and the browser tests (node's test runner). Stops at the first failing suite.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== core suite, native (ctest)"
ctest --test-dir build/native --output-on-failure
echo "== core suite, wasm under node (ctest)"
ctest --test-dir build/wasm --output-on-failure
echo "== JS API and browser tests (node --test)"
suites=()
for dir in tests/js tests/browser; do [ -d "$dir" ] && suites+=("$dir/"); done
node --test --test-concurrency=1 "${suites[@]}"
