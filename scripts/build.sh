#!/usr/bin/env bash
# Builds what is stale: the native core, tests and bptrain (build/native); the same core and tests in wasm
# plus the engine module (build/wasm -> dist/backprop.mjs); then the page (dist/).
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc 2>/dev/null || echo 2)

if [ ! -f build/native/CMakeCache.txt ]; then
  cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build build/native -j"$jobs"

# em++ links at -O1 and above run its JS optimizer, which needs Debian's acorn from /usr/share/nodejs.
export NODE_PATH=/usr/share/nodejs
if [ ! -f build/wasm/CMakeCache.txt ]; then
  # emcmake's default test emulator passes a flag node 20 rejects: run the wasm tests with plain node.
  emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release -DCMAKE_CROSSCOMPILING_EMULATOR=/usr/bin/node \
    -Wno-dev >/dev/null
fi
cmake --build build/wasm -j"$jobs"

mkdir -p dist
if [ -f build/wasm/backprop.mjs ]; then
  cp -p build/wasm/backprop.mjs dist/backprop.mjs
  cp -p wasm/backprop.d.ts dist/backprop.d.ts
  cp -p wasm/backprop.d.ts dist/backprop.d.mts  # the name TypeScript looks for beside backprop.mjs
fi
if [ -f web/vite.config.js ]; then
  npx vite build --config web/vite.config.js --logLevel warn
  # The offline page: everything inlined into one file that opens from disk.
  npx vite build --config web/vite.single.config.js --logLevel warn
  cp build/single/index.html dist/playground.html
fi
