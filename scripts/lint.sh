#!/usr/bin/env bash
# The house rules, checked (`npm run lint`; the first step of `npm test`): C++ formatted as .clang-format
# says (clang-format --dry-run -Werror), JS/TS/CSS/HTML/JSON as .prettierrc.json says (prettier --check),
# ESLint (eslint.config.js), and the engine's declarations wasm/backprop.d.ts type-checked with a usage file
# (tsc --noEmit -p tsconfig.json). Runs every check, then fails naming the ones that failed.
# `npm run format` applies both formatters.
set -uo pipefail
cd "$(dirname "$0")/.."

failed=()
if ! command -v clang-format >/dev/null; then
  echo "lint: clang-format is missing: install it with: sudo apt-get install clang-format" >&2
  exit 1
fi
# Every C++ source of the repository (core, wasm, cli, bench, the core tests).
mapfile -t cpp < <(find core wasm cli bench tests/core -maxdepth 1 -type f \( -name '*.cpp' -o -name '*.hpp' \) | sort)
echo "lint: clang-format --dry-run -Werror (${#cpp[@]} C++ files)"
unformatted=()
for f in "${cpp[@]}"; do clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || unformatted+=("$f"); done
if [ ${#unformatted[@]} -gt 0 ]; then
  echo "lint: ${#unformatted[@]} C++ files are not formatted as .clang-format says (npm run format; see" \
    "clang-format --dry-run FILE): ${unformatted[*]}" >&2
  failed+=(clang-format)
fi
echo "lint: prettier --check"
npx --no-install prettier --check --log-level warn web tests scripts bench wasm eslint.config.js tsconfig.json \
  .prettierrc.json package.json || failed+=(prettier)
echo "lint: eslint"
npx --no-install eslint --max-warnings 0 . || failed+=(eslint)
echo "lint: tsc --noEmit -p tsconfig.json (wasm/backprop.d.ts with tests/js/dts-usage.ts)"
npx --no-install tsc --noEmit -p tsconfig.json || failed+=(tsc)
if [ ${#failed[@]} -gt 0 ]; then
  echo "lint: failed: ${failed[*]}" >&2
  exit 1
fi
echo "lint: all checks pass"
