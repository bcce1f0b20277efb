#!/usr/bin/env bash
# Applies the formatters the lint checks (scripts/lint.sh): clang-format to the C++ files, Prettier to the
# JS/TS/CSS/HTML/JSON of web/, tests/, scripts/, bench/ and wasm/ (`npm run format`).
set -euo pipefail
cd "$(dirname "$0")/.."

find core wasm cli bench tests/core -maxdepth 1 -type f \( -name '*.cpp' -o -name '*.hpp' \) -print0 |
  xargs -0 clang-format -i
npx --no-install prettier --write --log-level warn web tests scripts bench wasm eslint.config.js tsconfig.json \
  .prettierrc.json package.json
