#!/usr/bin/env bash
# `npm run bench`: performance figures of the engine, wasm and native in one run (bench/workloads.md).
set -euo pipefail
cd "$(dirname "$0")/.."
node bench/bench.mjs
node bench/frames.mjs
